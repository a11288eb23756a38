//! `/your-data`: a resident's rights of access and erasure, by email link.
//!
//! The resident gives their email address; if wardline holds any case with it, a link valid
//! for an hour is emailed there. The answer on screen is the same either way, so the form
//! does not tell anyone whether an address has reported anything. The link opens a page of
//! their cases with a JSON and a CSV download of everything held, and a way to erase their
//! personal details (the cases stay, anonymous, for the council's statistics).
//!
//! Cases are found by the keyed hash of the address (`links::resident_key`), never by the
//! address itself.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use maud::{Markup, html};
use rand::SeedableRng;
use serde::Deserialize;
use shared::domain::consent::current_scope;
use shared::domain::{CaseRef, ErasureReason, ResidentEmail};
use shared::email::{DataRequestLink, Notice};
use shared::emailed_link::{Limit, email_from_form, within_limit};
use shared::links;
use shared::ports::{OutboxMessage, StoreError};
use shared::web::components::{ErrorMessage, TextInput, error_summary, status_tag, text_input};
use shared::web::csrf::{CsrfForm, csrf_for, with_cookie};
use shared::web::{Page, WebError, layout};

use crate::export::{self, Held, HeldCase};
use crate::{Consent, link_expired, simple};

/// How long the emailed link works.
pub const DATA_LINK_MINUTES: i64 = 60;
/// Requests per address per hour; more are refused (and not emailed).
pub const DATA_REQUEST_LIMIT: u32 = 3;
const PURPOSE: &str = "your-data";

fn ask_page(deps: &Consent, headers: &HeaderMap, value: &str, error: Option<&str>, status: StatusCode) -> Response {
    let csrf = csrf_for(headers, &deps.signer, deps.council.secure_cookies());
    let title = "Get or erase the information we hold about you";
    let errors: Vec<ErrorMessage> = error
        .map(|m| ErrorMessage {
            id: "email".into(),
            message: m.into(),
        })
        .into_iter()
        .collect();
    let mut page = Page::new(title, &deps.council.name);
    page.has_errors = error.is_some();
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(&errors))
                h1 class="govuk-heading-l" { (title) }
                p class="govuk-body" { "You can download everything we hold about you from the problems you have reported, and ask us to remove your personal details." }
                p class="govuk-body" { "Give the email address you used. If we hold anything for it, we will email a link to that address. The link works for " (DATA_LINK_MINUTES) " minutes." }
                form method="post" action="/your-data" novalidate {
                    input type="hidden" name="csrf" value=(csrf.token);
                    (text_input(&TextInput {
                        value,
                        error,
                        kind: "email",
                        autocomplete: Some("email"),
                        spellcheck: Some(false),
                        ..TextInput::new("email", "Email address")
                    }))
                    button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Email me a link" }
                }
                p class="govuk-body" { a class="govuk-link" href="/privacy" { "How we use your information" } }
            }
        }
    };
    with_cookie((status, layout(&page, body)).into_response(), csrf.set_cookie)
}

pub async fn ask_form(State(deps): State<Consent>, headers: HeaderMap) -> Response {
    ask_page(&deps, &headers, "", None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct AskForm {
    email: Option<String>,
}

pub async fn ask(
    State(deps): State<Consent>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AskForm>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let typed = form.email.unwrap_or_default();
    let email = match email_from_form(&typed) {
        Ok(e) => e,
        Err(message) => {
            return Ok(ask_page(
                &deps,
                &headers,
                &typed,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    if !send_link(&deps, &email).await? {
        return Ok(simple(
            council,
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            html! {
                p class="govuk-body" { "You have asked for this link too many times in the last hour. Use the most recent email we sent you, or try again later." }
            },
        ));
    }
    Ok(simple(
        council,
        StatusCode::OK,
        "Check your email",
        html! {
            p class="govuk-body" { "If we hold anything for " strong { (email.as_str()) } ", we have emailed a link to it. The link works for " (DATA_LINK_MINUTES) " minutes." }
            p class="govuk-body" { "If no email arrives, check the address is the one you used to report the problem, and look in your spam folder." }
        },
    ))
}

/// Counts the request and, if the address has any case, queues the link. `Ok(false)` when
/// the address has asked too often.
async fn send_link(deps: &Consent, email: &ResidentEmail) -> Result<bool, StoreError> {
    let now = deps.clock.now();
    let resident = links::resident_key(&deps.signer, email);
    let limit = Limit {
        per_window: DATA_REQUEST_LIMIT,
        length: Duration::hours(1),
    };
    if !within_limit(deps.rate_limit.as_ref(), &format!("your-data:{resident}"), now, limit).await? {
        tracing::warn!("data request rate limit reached");
        return Ok(false);
    }
    if deps.resident_cases.resident_cases(&resident).await?.is_empty() {
        return Ok(true);
    }
    let token = deps
        .signer
        .token(PURPOSE, &resident, now + Duration::minutes(DATA_LINK_MINUTES));
    let notice = Notice::DataRequestLink(DataRequestLink {
        to: email.clone(),
        url: format!("{}/your-data/{token}", deps.council.base_url),
        valid_minutes: DATA_LINK_MINUTES,
        council: deps.council.name.clone(),
    });
    let mut rng = rand::rngs::StdRng::from_os_rng();
    deps.mail.enqueue(&OutboxMessage::new(now, notice, &mut rng)).await?;
    tracing::info!("data request link queued");
    Ok(true)
}

/// The token and the resident key a `/your-data/{token}` link opens, if it does.
fn resident_for(deps: &Consent, token: &Result<Path<String>, PathRejection>) -> Option<(String, String)> {
    let Path(token) = token.as_ref().ok()?;
    let resident = deps.signer.open(PURPOSE, token, deps.clock.now())?;
    Some((token.clone(), resident))
}

fn data_link_expired(deps: &Consent) -> WebError {
    link_expired(
        &deps.council,
        "your information",
        "Ask for a new link: it works for an hour.",
        Some(("/your-data", "Ask for a new link")),
    )
}

async fn held(deps: &Consent, resident: &str) -> Result<Held, StoreError> {
    let mut cases = Vec::new();
    for reference in deps.resident_cases.resident_cases(resident).await? {
        let Some(record) = deps.reader.case(&reference).await? else {
            continue;
        };
        cases.push(HeldCase {
            consent_records: deps.consents.consents(&reference).await?,
            shown_to: deps.access.accesses(&reference).await?,
            case: record.case,
            history: record.history,
        });
    }
    cases.sort_by_key(|c| std::cmp::Reverse(c.case.submitted_at));
    Ok(Held {
        council: deps.council.name.clone(),
        generated_at: deps.clock.now(),
        cases,
    })
}

pub async fn overview(
    State(deps): State<Consent>,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (token, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps))?;
    let held = held(&deps, &resident).await?;
    Ok(overview_page(&deps, &headers, &token, &held, None, StatusCode::OK))
}

fn overview_page(
    deps: &Consent,
    headers: &HeaderMap,
    token: &str,
    held: &Held,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let council = &deps.council;
    let csrf = csrf_for(headers, &deps.signer, deps.council.secure_cookies());
    let title = "The information we hold about you";
    let errors: Vec<ErrorMessage> = error
        .map(|m| ErrorMessage {
            id: "confirm".into(),
            message: m.into(),
        })
        .into_iter()
        .collect();
    let mut page = Page::new(title, &council.name);
    page.has_errors = error.is_some();
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-full" {
                (error_summary(&errors))
                h1 class="govuk-heading-l" { (title) }
                @if held.cases.is_empty() {
                    p class="govuk-body" { "We no longer hold any personal details for this email address." }
                } @else {
                    p class="govuk-body" { "You have reported " (held.cases.len()) " problem" @if held.cases.len() != 1 { "s" } " with this email address." }
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-table__caption--m" { "Your reports" }
                        thead class="govuk-table__head" {
                            tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { "Reference" }
                                th scope="col" class="govuk-table__header" { "Problem" }
                                th scope="col" class="govuk-table__header" { "Reported" }
                                th scope="col" class="govuk-table__header" { "Status" }
                                th scope="col" class="govuk-table__header" { "Shared with your councillor" }
                            }
                        }
                        tbody class="govuk-table__body" {
                            @for h in &held.cases {
                                tr class="govuk-table__row" {
                                    td class="govuk-table__cell" { a class="govuk-link" href={ "/reports/" (h.case.reference) } { (h.case.reference) } }
                                    td class="govuk-table__cell" { (council.category(&h.case.category).map_or_else(|| h.case.category.to_string(), |c| c.name.clone())) }
                                    td class="govuk-table__cell" { (shared::dates::short_date(h.case.submitted_at.with_timezone(&chrono_tz::Europe::London).date_naive())) }
                                    td class="govuk-table__cell" { (status_tag(h.case.status)) }
                                    td class="govuk-table__cell" { @if current_scope(&h.consent_records).is_empty() { "No" } @else { "Yes" } }
                                }
                            }
                        }
                    }
                    h2 class="govuk-heading-m" { "Download a copy" }
                    p class="govuk-body" { "Everything we hold: your details, your descriptions, each report's history, your choices about sharing, and who in the council has been shown your details." }
                    ul class="govuk-list" {
                        li { a class="govuk-link" href={ "/your-data/" (token) "/data.json" } download { "Download as JSON" } }
                        li { a class="govuk-link" href={ "/your-data/" (token) "/data.csv" } download { "Download as a spreadsheet (CSV)" } }
                    }
                    h2 class="govuk-heading-m" { "Erase your personal details" }
                    p class="govuk-body" { "We will remove your name, email address, phone number, your descriptions and comments, the exact locations and your sharing choices from all these reports. We keep the reports themselves without them, for our statistics." }
                    p class="govuk-body" { "If a report is still open, we remove your name and contact details at once, but keep its description and location until the work is done, because the team needs them to do it; then we remove them too. We will not be able to contact you about it." }
                    div class="govuk-warning-text" {
                        span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                        strong class="govuk-warning-text__text" {
                            span class="govuk-visually-hidden" { "Warning" }
                            "This cannot be undone. We will not be able to contact you about these reports, including any still open."
                        }
                    }
                    form method="post" action={ "/your-data/" (token) "/erase" } novalidate {
                        input type="hidden" name="csrf" value=(csrf.token);
                        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
                            @if let Some(e) = error {
                                p id="confirm-error" class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (e) }
                            }
                            div class="govuk-checkboxes" data-module="govuk-checkboxes" {
                                div class="govuk-checkboxes__item" {
                                    input class="govuk-checkboxes__input" id="confirm" name="confirm" type="checkbox" value="yes"
                                        aria-describedby=[error.map(|_| "confirm-error")];
                                    label class="govuk-label govuk-checkboxes__label" for="confirm" { "I understand: erase my personal details from all my reports" }
                                }
                            }
                        }
                        button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { "Erase my personal details" }
                    }
                }
            }
        }
    };
    with_cookie((status, layout(&page, body)).into_response(), csrf.set_cookie)
}

fn download(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn json(
    State(deps): State<Consent>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (_, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps))?;
    let held = held(&deps, &resident).await?;
    let body = serde_json::to_vec_pretty(&export::to_json(&held)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(download("application/json", "your-data.json", body))
}

fn csv_text(held: &Held, deps: &Consent) -> String {
    const COLUMNS: [&str; 13] = [
        "reference",
        "reported_at",
        "problem",
        "ward",
        "status",
        "expected_by",
        "name",
        "email",
        "phone",
        "description",
        "location",
        "pin",
        "shared_with_councillor",
    ];
    let mut out = shared::csv::row(&COLUMNS);
    for h in &held.cases {
        let c = &h.case;
        let p = c.personal.as_ref();
        let reporter = p.and_then(|p| p.reporter.as_ref());
        let row = [
            c.reference.to_string(),
            c.submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            deps.council
                .category(&c.category)
                .map_or_else(|| c.category.to_string(), |x| x.name.clone()),
            deps.council
                .ward(&c.ward)
                .map_or_else(|| c.ward.to_string(), |w| w.name.clone()),
            shared::copy::en().status(c.status).to_owned(),
            c.expected_by.to_string(),
            reporter.map(|r| r.name.as_str().to_owned()).unwrap_or_default(),
            reporter.map(|r| r.email.as_str().to_owned()).unwrap_or_default(),
            reporter
                .and_then(|r| r.phone.as_ref())
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            p.map(|p| p.description.as_str().to_owned()).unwrap_or_default(),
            p.and_then(|p| p.location.address.clone()).unwrap_or_default(),
            p.and_then(|p| p.location.pin)
                .map(|l| format!("{:.6} {:.6}", l.lat(), l.lng()))
                .unwrap_or_default(),
            if current_scope(&h.consent_records).is_empty() {
                "no".to_owned()
            } else {
                "yes".to_owned()
            },
        ];
        out.push_str(&shared::csv::row(&row));
    }
    out
}

pub async fn csv(
    State(deps): State<Consent>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (_, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps))?;
    let held = held(&deps, &resident).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "your-data.csv",
        csv_text(&held, &deps).into_bytes(),
    ))
}

#[derive(Deserialize)]
pub struct EraseForm {
    confirm: Option<String>,
}

pub async fn erase(
    State(deps): State<Consent>,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response, WebError> {
    let (token, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps))?;
    let council = &deps.council;
    if form.confirm.as_deref() != Some("yes") {
        let held = held(&deps, &resident).await?;
        return Ok(overview_page(
            &deps,
            &headers,
            &token,
            &held,
            Some("Tick the box to confirm you want your personal details erased"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let mut erased = 0;
    let mut kept_open = 0;
    for reference in &deps.resident_cases.resident_cases(&resident).await? {
        if erase_one(&deps, reference).await? {
            erased += 1;
        }
        // An open case keeps its description and location until it closes.
        if deps
            .reader
            .case(reference)
            .await?
            .is_some_and(|r| r.case.personal.is_some())
        {
            kept_open += 1;
        }
    }
    tracing::info!(
        cases = erased,
        kept_open,
        "personal details erased at the resident's request"
    );
    Ok(simple(
        council,
        StatusCode::OK,
        "Your personal details have been erased",
        erased_page(&deps, erased, kept_open),
    ))
}

/// Erases one case, trying again if it changed while being erased.
async fn erase_one(deps: &Consent, reference: &CaseRef) -> Result<bool, StoreError> {
    for _ in 0..3 {
        match deps
            .eraser
            .erase(reference, ErasureReason::ResidentRequest, deps.clock.now(), None)
            .await
        {
            Err(StoreError::Conflict) => continue,
            other => return other,
        }
    }
    Err(StoreError::Conflict)
}

fn erased_page(deps: &Consent, count: usize, kept_open: usize) -> Markup {
    html! {
        p class="govuk-body" { "We have erased your personal details from " (count) " report" @if count != 1 { "s" } "." }
        @if kept_open > 0 {
            p class="govuk-body" {
                (kept_open) " of them " @if kept_open == 1 { "is" } @else { "are" } " still open: we have removed your name and contact details, and keep the description and location only until the work is done, then remove them too."
            }
        }
        p class="govuk-body" { "We keep the reports themselves, without anything that identifies you, for our statistics. We will not email you about them again." }
        p class="govuk-body" { a class="govuk-link" href="/" { "Report another problem" } " – " (deps.council.name) }
    }
}
