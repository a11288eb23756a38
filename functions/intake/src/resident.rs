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
use rand::SeedableRng;
use serde::Deserialize;
use shared::domain::case::REOPEN_WINDOW;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRecord, CaseRef, TransitionError};
use shared::email::{CaseFacts, Notice, StatusUpdate};
use shared::links;
use shared::ports::{CaseChange, OutboxMessage, StoreError};
use shared::web::components::{ErrorMessage, RadioItem, error_summary, radios, textarea};
use shared::web::csrf::{Csrf, CsrfForm};
use shared::web::{Page, Refusal, WebError, layout};

use crate::Intake;

const COMMENT_MAX: usize = 2000;

fn simple(deps: &Intake, status: StatusCode, title: &str, body: Markup) -> Response {
    shared::web::simple_page(&deps.council.name, status, title, body)
}

fn link_expired(deps: &Intake) -> WebError {
    WebError::Refused(Refusal {
        status: StatusCode::BAD_REQUEST,
        title: "This link has expired",
        paragraphs: vec![
            "The link in your email has expired or is not complete. Check you copied the whole link.".into(),
            format!(
                "To tell us about a problem, report it or call {}.",
                deps.council.contact_phone
            ),
        ],
        link: Some(("/".into(), "Report a problem")),
    })
}

/// The case a token opens, for `purpose`, and the token.
async fn case_for(
    deps: &Intake,
    purpose: &str,
    token: Result<Path<String>, PathRejection>,
) -> Result<(CaseRecord, String), WebError> {
    let Ok(Path(token)) = token else {
        return Err(link_expired(deps));
    };
    let reference = deps
        .signer
        .open(purpose, &token, deps.clock.now())
        .and_then(|r| CaseRef::parse(&r).ok())
        .ok_or_else(|| link_expired(deps))?;
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

/// The resident's feedback as a change to the case, or `None` if it says nothing new: the
/// latest feedback already has this rating and comment (a second press, a resent form).
fn feedback_change(record: &CaseRecord, now: DateTime<Utc>, rating: u8, comment: Option<String>) -> Option<CaseChange> {
    let latest = record
        .history
        .iter()
        .rev()
        .find(|e| matches!(e.kind, CaseEventKind::Feedback { .. }));
    if latest.is_some_and(|e| e.kind == (CaseEventKind::Feedback { rating }) && e.text == comment) {
        return None;
    }
    let case = &record.case;
    let mut event = CaseEvent::new(now, Actor::Resident, CaseEventKind::Feedback { rating });
    event.text = comment;
    Some(CaseChange {
        case: case.touched(),
        expected_version: case.version,
        event,
        outbox: vec![],
    })
}

/// The page for a link that reaches a case whose resident had their details erased: nothing
/// it sends is stored, so nothing personal comes back to the case.
fn details_erased(deps: &Intake) -> WebError {
    WebError::Refused(Refusal {
        status: StatusCode::GONE,
        title: "Your details were erased",
        paragraphs: vec![
            "You asked us to erase your details from this report, so we no longer connect it with you and cannot record anything from this link.".into(),
            format!("If the problem is still there, report it again or call {}.", deps.council.contact_phone),
        ],
        link: Some(("/".into(), "Report a problem")),
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
    csrf: &str,
    token: &str,
    rating: Option<u8>,
    comment: &str,
    errors: &[ErrorMessage],
    chosen: bool,
) -> Markup {
    let values: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
    let labels = [
        "1 – very poor",
        "2 – poor",
        "3 – neither good nor poor",
        "4 – good",
        "5 – very good",
    ];
    let items: Vec<RadioItem<'_>> = values
        .iter()
        .zip(labels)
        .map(|(v, l)| RadioItem {
            value: v,
            text: l,
            hint: None,
            conditional: None,
        })
        .collect();
    let err = |id: &str| errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let title = "How did we do?";
    layout(
        &Page {
            has_errors: !errors.is_empty(),
            ..Page::new(title, &deps.council.name)
        },
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    (error_summary(errors))
                    h1 class="govuk-heading-l" { (title) }
                    @if let (true, Some(r)) = (chosen, rating) {
                        p class="govuk-body" { "You chose " strong { (r) " out of 5" } ". Press " strong { "Send feedback" } " to record it; you can change it or add a comment first." }
                    }
                    form method="post" action={ "/feedback/" (token) } novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (radios("rating", "Rating", "govuk-fieldset__legend--s", None, &items, &rating.map(|r| r.to_string()).unwrap_or_default(), err("rating")))
                        (textarea("comment", "Comment (optional)", Some("Do not include personal information about other people."), comment, err("comment"), 4))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Send feedback" }
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
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    query: Result<Query<RatingQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (record, token) = case_for(&deps, "feedback", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps));
    }
    let rating = rating_of(query.ok().and_then(|Query(q)| q.rating).as_deref());
    Ok(csrf.set_on(feedback_form(
        &deps,
        &csrf.token,
        &token,
        rating,
        "",
        &[],
        rating.is_some(),
    )))
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    rating: Option<String>,
    comment: Option<String>,
}

pub async fn feedback_post(
    State(deps): State<Intake>,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<Response, WebError> {
    let (record, token) = case_for(&deps, "feedback", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps));
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
            message: "Select a rating from 1 to 5".into(),
        });
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > COMMENT_MAX) {
        errors.push(ErrorMessage {
            id: "comment".into(),
            message: "Comment must be 2,000 characters or fewer".into(),
        });
    }
    let Some(rating) = rating.filter(|_| errors.is_empty()) else {
        let page = feedback_form(
            &deps,
            &csrf.token,
            &token,
            rating,
            form.comment.as_deref().unwrap_or(""),
            &errors,
            false,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    // Checked again inside the write's retry: erasure may land between the two reads.
    let result = with_retries(&deps, &record.case.reference, |record, now| {
        if record.case.details_erased() {
            return Err(TransitionError::DetailsErased);
        }
        Ok(feedback_change(record, now, rating, comment.clone()))
    })
    .await;
    match result {
        Ok(Ok(Some(_))) => tracing::info!(case = %record.case.reference, rating, "feedback recorded"),
        Ok(Ok(None)) => {}
        Ok(Err(_)) => return Err(details_erased(&deps)),
        Err(e) => return Err(e.into()),
    }
    Ok(simple(
        &deps,
        StatusCode::OK,
        "Thank you for your feedback",
        html! {
            p class="govuk-body" { "We use it to improve how we deal with problems like yours." }
            p class="govuk-body" { a class="govuk-link" href={ "/reports/" (record.case.reference) } { "See your report" } }
        },
    ))
}

fn team_contact(deps: &Intake, case: &Case) -> Markup {
    match deps.council.team(&case.team) {
        Some(t) => {
            html! { p class="govuk-body" { "Contact the " (t.name) " team: " a class="govuk-link" href={ "mailto:" (t.email) } { (t.email) } ", " (t.phone) ". Quote your reference, " (case.reference) "." } }
        }
        None => {
            html! { p class="govuk-body" { "Call " (deps.council.contact_phone) " and quote your reference, " (case.reference) "." } }
        }
    }
}

pub async fn reopen_page(
    State(deps): State<Intake>,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (record, token) = case_for(&deps, "reopen", token).await?;
    let case = &record.case;
    if case.details_erased() {
        return Err(details_erased(&deps));
    }
    if case.status.is_open() {
        return Ok(simple(
            &deps,
            StatusCode::OK,
            "Your report is already open",
            html! {
                p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { "See its progress" } }
            },
        ));
    }
    let response = simple(
        &deps,
        StatusCode::OK,
        "Is the problem still there?",
        html! {
            p class="govuk-body" { "We closed your report " strong { (case.reference) } " as " (shared::copy::en().status(case.status).to_lowercase()) "." }
            p class="govuk-body" { "If the problem is not fixed, reopen the report and the team will look at it again." }
            form method="post" action={ "/reopen/" (token) } novalidate {
                input type="hidden" name="csrf" value=(csrf.token);
                button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { "Reopen my report" }
            }
        },
    );
    Ok(csrf.set_on(response))
}

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn reopen_post(
    State(deps): State<Intake>,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, WebError> {
    let (record, _) = case_for(&deps, "reopen", token).await?;
    if record.case.details_erased() {
        return Err(details_erased(&deps));
    }
    let council = deps.council.clone();
    let result = with_retries(&deps, &record.case.reference, |record, now| {
        let case = &record.case;
        if case.details_erased() {
            return Err(TransitionError::DetailsErased);
        }
        let next = case.reopened(now)?;
        let notice = next.reporter().map(|r| {
            Notice::StatusUpdate(StatusUpdate {
                to: r.email.clone(),
                name: r.name.clone(),
                facts: CaseFacts {
                    reference: next.reference.clone(),
                    category: council
                        .category(&next.category)
                        .map_or_else(|| next.category.to_string(), |c| c.name.clone()),
                    status: next.status,
                    expected_by: next.expected_by,
                },
                note: Some("You told us the problem is not fixed, so we have reopened your report.".into()),
                status_url: format!("{}/reports/{}", council.base_url, next.reference),
                sharing_url: links::sharing_url(&deps.signer, &council.base_url, &next.reference, now),
                council: council.name.clone(),
            })
        });
        let mut rng = rand::rngs::StdRng::from_os_rng();
        Ok(Some(CaseChange {
            expected_version: case.version,
            event: CaseEvent::new(now, Actor::Resident, CaseEventKind::Reopened),
            outbox: notice
                .map(|n| OutboxMessage::new(now, n, &mut rng))
                .into_iter()
                .collect(),
            case: next,
        }))
    })
    .await;
    let case = &record.case;
    Ok(match result {
        Ok(Ok(_)) => {
            tracing::info!(case = %case.reference, "reopened by the resident");
            simple(
                &deps,
                StatusCode::OK,
                "Your report has been reopened",
                html! {
                    p class="govuk-body" { "The team will look at it again. We will email you when there is news." }
                    p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { "See its progress" } }
                },
            )
        }
        Ok(Err(TransitionError::DetailsErased)) => return Err(details_erased(&deps)),
        Ok(Err(TransitionError::TooLateToReopen)) => simple(
            &deps,
            StatusCode::UNPROCESSABLE_ENTITY,
            "It is too late to reopen this report",
            html! {
                p class="govuk-body" { "Reports can be reopened for " (REOPEN_WINDOW.num_days()) " days after we close them." }
                p class="govuk-body" { "If the problem is still there, " a class="govuk-link" href="/" { "report it again" } "." }
                (team_contact(&deps, case))
            },
        ),
        Ok(Err(_)) => simple(
            &deps,
            StatusCode::OK,
            "Your report is already open",
            html! {
                p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { "See its progress" } }
            },
        ),
        Err(e) => return Err(e.into()),
    })
}
