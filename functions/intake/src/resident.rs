//! What a resident does from the links in a completion email: rate the outcome (the link
//! chooses the rating, a button records it, with a comment if they like), or say "this is
//! not fixed" to reopen the case within 28 days. The links carry signed, expiring tokens
//! naming the case; no sign-in is needed. Once the resident's details are erased, the links
//! record nothing.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use shared::copy::Lang;
use shared::domain::case::REOPEN_WINDOW;
use shared::domain::{Case, CaseRecord, CaseRef, TransitionError};
use shared::ports::{CaseChange, StoreError};
use shared::web::components::{ErrorMessage, RadioItem, error_summary, radios, textarea};
use shared::web::csrf::{Csrf, CsrfForm};
use shared::web::{Page, Refusal, WebError, layout};

use crate::Intake;

const COMMENT_MAX: usize = 2000;

fn simple(deps: &Intake, status: StatusCode, title: &str, body: Markup) -> Response {
    shared::web::simple_page(&deps.council.name, status, title, body)
}

fn link_expired(deps: &Intake, lang: Lang) -> WebError {
    let w = lang.words().resident;
    WebError::Refused(Refusal {
        status: StatusCode::BAD_REQUEST,
        title: w.link_expired_title,
        paragraphs: vec![
            w.link_expired.into(),
            (w.link_expired_next)(&deps.council.contact_phone),
        ],
        link: Some(("/".into(), w.report_a_problem)),
    })
}

/// The case a token opens, for `purpose`, and the token.
async fn case_for(
    deps: &Intake,
    lang: Lang,
    purpose: &str,
    token: Result<Path<String>, PathRejection>,
) -> Result<(CaseRecord, String), WebError> {
    let Ok(Path(token)) = token else {
        return Err(link_expired(deps, lang));
    };
    let reference = deps
        .signer
        .open(purpose, &token, deps.clock.now())
        .and_then(|r| CaseRef::parse(&r).ok())
        .ok_or_else(|| link_expired(deps, lang))?;
    let record = deps.reader.case(&reference).await?.ok_or(WebError::CaseNotFound)?;
    Ok((record, token))
}

/// Applies a change built from the latest version of the case, re-reading and trying again
/// if someone else changed it in between. `build` may find there is nothing to do
/// (`Ok(None)`): then nothing is written.
async fn with_retries<F>(
    deps: &Intake,
    reference: &CaseRef,
    build: F,
) -> Result<Result<Option<Case>, TransitionError>, StoreError>
where
    F: Fn(&CaseRecord, DateTime<Utc>) -> Result<Option<CaseChange>, TransitionError>,
{
    for _ in 0..3 {
        let Some(record) = deps.reader.case(reference).await? else {
            return Err(StoreError::Conflict);
        };
        let change = match build(&record, deps.clock.now()) {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(Ok(None)),
            Err(e) => return Ok(Err(e)),
        };
        match deps.updater.apply(&change).await {
            Ok(()) => return Ok(Ok(Some(change.case))),
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Conflict)
}

/// The page for a link that reaches a case whose resident had their details erased: nothing
/// it sends is stored, so nothing personal comes back to the case.
fn details_erased(deps: &Intake, lang: Lang) -> WebError {
    let w = lang.words().resident;
    WebError::Refused(Refusal {
        status: StatusCode::GONE,
        title: w.erased_title,
        paragraphs: vec![w.erased.into(), (w.erased_next)(&deps.council.contact_phone)],
        link: Some(("/".into(), w.report_a_problem)),
    })
}

#[derive(Deserialize)]
pub struct RatingQuery {
    rating: Option<String>,
}

fn rating_of(v: Option<&str>) -> Option<u8> {
    v.and_then(|r| r.trim().parse::<u8>().ok())
        .filter(|r| (1..=5).contains(r))
}

fn feedback_form(
    deps: &Intake,
    lang: Lang,
    csrf: &str,
    token: &str,
    rating: Option<u8>,
    comment: &str,
    errors: &[ErrorMessage],
) -> Markup {
    // Opened from the email's link: the rating is chosen, not yet sent.
    let chosen = errors.is_empty() && comment.is_empty();
    let w = lang.words().resident;
    let values: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
    let items: Vec<RadioItem<'_>> = values
        .iter()
        .zip(w.ratings)
        .map(|(v, l)| RadioItem {
            value: v,
            text: l,
            hint: None,
            conditional: None,
        })
        .collect();
    let err = |id: &str| errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let title = w.rate_title;
    layout(
        &Page {
            has_errors: !errors.is_empty(),
            lang,
            ..Page::new(title, &deps.council.name)
        },
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    (error_summary(errors))
                    h1 class="govuk-heading-l" { (title) }
                    @if let (true, Some(r)) = (chosen, rating) {
                        p class="govuk-body" { ((w.rate_chosen)(r)) }
                    }
                    form method="post" action={ "/feedback/" (token) } novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (radios("rating", w.rating_legend, "govuk-fieldset__legend--s", None, &items, &rating.map(|r| r.to_string()).unwrap_or_default(), err("rating")))
                        (textarea("comment", w.comment_label, Some(w.comment_hint), comment, err("comment"), 4))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (w.send_feedback) }
                    }
                }
            }
        },
    )
}

/// The rating link from the email opens the form with that rating chosen; only pressing
/// the button records it. Opening the link records nothing: mail filters open every link
/// in an email, and a GET must not change the case.
pub async fn feedback_link(
    State(deps): State<Intake>,
    lang: Lang,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    query: Result<Query<RatingQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (record, token) = case_for(&deps, lang, "feedback", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps, lang));
    }
    let rating = rating_of(query.ok().and_then(|Query(q)| q.rating).as_deref());
    Ok(csrf.set_on(feedback_form(&deps, lang, &csrf.token, &token, rating, "", &[])))
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    rating: Option<String>,
    comment: Option<String>,
}

pub async fn feedback_post(
    State(deps): State<Intake>,
    lang: Lang,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<Response, WebError> {
    let w = lang.words().resident;
    let (record, token) = case_for(&deps, lang, "feedback", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps, lang));
    }
    let rating = rating_of(form.rating.as_deref());
    let comment = form
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let mut errors = Vec::new();
    if rating.is_none() {
        errors.push(ErrorMessage {
            id: "rating".into(),
            message: lang.words().resident.rating_missing.into(),
        });
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > COMMENT_MAX) {
        errors.push(ErrorMessage {
            id: "comment".into(),
            message: lang.words().resident.comment_too_long.into(),
        });
    }
    let Some(rating) = rating.filter(|_| errors.is_empty()) else {
        let page = feedback_form(
            &deps,
            lang,
            &csrf.token,
            &token,
            rating,
            form.comment.as_deref().unwrap_or(""),
            &errors,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    // Checked again inside the write's retry: erasure may land between the two reads.
    let result = with_retries(&deps, &record.case.reference, |record, now| {
        if record.case.details_erased() {
            return Err(TransitionError::DetailsErased);
        }
        Ok(shared::casework::feedback(
            record,
            &deps.council.calendar,
            now,
            rating,
            comment.clone(),
        ))
    })
    .await;
    match result {
        Ok(Ok(Some(_))) => tracing::info!(case = %record.case.reference, rating, "feedback recorded"),
        Ok(Ok(None)) => {}
        Ok(Err(_)) => return Err(details_erased(&deps, lang)),
        Err(e) => return Err(e.into()),
    }
    Ok(simple(
        &deps,
        StatusCode::OK,
        w.thanks_title,
        html! {
            p class="govuk-body" { (w.thanks) }
            p class="govuk-body" { a class="govuk-link" href={ "/reports/" (record.case.reference) } { (w.see_your_report) } }
        },
    ))
}

fn team_contact(deps: &Intake, lang: Lang, case: &Case) -> Markup {
    let w = lang.words().resident;
    match deps.council.team(&case.team) {
        Some(t) => {
            html! { p class="govuk-body" { ((w.contact_team)(t.name.get(lang))) " " a class="govuk-link" href={ "mailto:" (t.email) } { (t.email) } ", " (t.phone) ". " ((w.quote_reference)(case.reference.as_str())) } }
        }
        None => {
            html! { p class="govuk-body" { ((w.call_council)(&deps.council.contact_phone, case.reference.as_str())) } }
        }
    }
}

pub async fn reopen_page(
    State(deps): State<Intake>,
    lang: Lang,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let w = lang.words().resident;
    let (record, token) = case_for(&deps, lang, "reopen", token).await?;
    let case = &record.case;
    if case.details_erased() {
        return Err(details_erased(&deps, lang));
    }
    if case.status.is_open() {
        return Ok(simple(
            &deps,
            StatusCode::OK,
            w.already_open,
            html! {
                p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { (w.see_progress) } }
            },
        ));
    }
    let response = simple(
        &deps,
        StatusCode::OK,
        w.still_there_title,
        html! {
            p class="govuk-body" { ((w.closed_as)(case.reference.as_str(), lang.words().status(case.status))) }
            p class="govuk-body" { (w.reopen_explain) }
            (reopen_form(lang, &token, &csrf.token, "", None))
        },
    );
    Ok(csrf.set_on(response))
}

/// "What is still wrong?" and the button: the text is what the team is told.
fn reopen_form(lang: Lang, token: &str, csrf: &str, typed: &str, error: Option<&str>) -> Markup {
    let w = lang.words().resident;
    html! {
        form method="post" action={ "/reopen/" (token) } novalidate {
            input type="hidden" name="csrf" value=(csrf);
            (shared::web::components::error_summary(&error.map(|m| vec![shared::web::components::ErrorMessage { id: "still_wrong".into(), message: m.to_owned() }]).unwrap_or_default()))
            (shared::web::components::textarea("still_wrong", w.still_wrong_label, Some(w.still_wrong_hint), typed, error, 4))
            button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { (w.reopen_button) }
        }
    }
}

#[derive(Deserialize)]
pub struct ReopenForm {
    still_wrong: Option<String>,
}

pub async fn reopen_post(
    State(deps): State<Intake>,
    lang: Lang,
    token: Result<Path<String>, PathRejection>,
    csrf: Csrf,
    CsrfForm(form): CsrfForm<ReopenForm>,
) -> Result<Response, WebError> {
    let w = lang.words().resident;
    let (record, token) = case_for(&deps, lang, "reopen", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps, lang));
    }
    let typed = form.still_wrong.unwrap_or_default();
    let still_wrong = typed.trim();
    let problem = if still_wrong.is_empty() {
        Some(w.still_wrong_missing)
    } else if still_wrong.chars().count() > shared::casework::NOTE_MAX {
        Some(w.still_wrong_too_long)
    } else {
        None
    };
    if let Some(problem) = problem {
        let page = simple(
            &deps,
            StatusCode::UNPROCESSABLE_ENTITY,
            w.still_there_title,
            html! { (reopen_form(lang, &token, &csrf.token, &typed, Some(problem))) },
        );
        return Ok(csrf.set_on(page));
    }
    let council = deps.council.clone();
    let result = with_retries(&deps, &record.case.reference, |record, now| {
        if record.case.details_erased() {
            return Err(TransitionError::DetailsErased);
        }
        shared::casework::reopen(&council, &deps.signer, record, w.reopened_note, still_wrong, now).map(Some)
    })
    .await;
    let case = &record.case;
    Ok(match result {
        Ok(Ok(_)) => {
            tracing::info!(case = %case.reference, "reopened by the resident");
            simple(
                &deps,
                StatusCode::OK,
                w.reopened_title,
                html! {
                    p class="govuk-body" { (w.reopened_next) }
                    p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { (w.see_progress) } }
                },
            )
        }
        Ok(Err(TransitionError::DetailsErased)) => return Err(details_erased(&deps, lang)),
        Ok(Err(TransitionError::TooLateToReopen)) => simple(
            &deps,
            StatusCode::UNPROCESSABLE_ENTITY,
            w.too_late_title,
            html! {
                p class="govuk-body" { ((w.too_late)(REOPEN_WINDOW.num_days())) }
                p class="govuk-body" { (w.too_late_next) " " a class="govuk-link" href="/" { (w.report_a_problem) } }
                (team_contact(&deps, lang, case))
            },
        ),
        Ok(Err(_)) => simple(
            &deps,
            StatusCode::OK,
            w.already_open,
            html! {
                p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { (w.see_progress) } }
            },
        ),
        Err(e) => return Err(e.into()),
    })
}
