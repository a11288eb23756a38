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
use shared::copy::Lang;

use crate::{Consent, link_expired, simple};

/// How long the emailed link works.
pub const DATA_LINK_MINUTES: i64 = 60;
/// Requests per address per hour; more are refused (and not emailed).
pub const DATA_REQUEST_LIMIT: u32 = 3;
const PURPOSE: &str = "your-data";

fn ask_page(
    deps: &Consent,
    headers: &HeaderMap,
    lang: Lang,
    value: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let w = lang.words().data;
    let csrf = csrf_for(headers, &deps.signer, deps.council.secure_cookies());
    let title = w.ask_title;
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
                p class="govuk-body" { (w.ask_lead) }
                p class="govuk-body" { ((w.ask_how)(DATA_LINK_MINUTES)) }
                form method="post" action="/your-data" novalidate {
                    input type="hidden" name="csrf" value=(csrf.token);
                    (text_input(&TextInput {
                        value,
                        error,
                        kind: "email",
                        autocomplete: Some("email"),
                        spellcheck: Some(false),
                        ..TextInput::new("email", w.email_label)
                    }))
                    button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (w.ask_button) }
                }
                p class="govuk-body" { a class="govuk-link" href="/privacy" { (w.how_we_use) } }
            }
        }
    };
    with_cookie((status, layout(&page, body)).into_response(), csrf.set_cookie)
}

pub async fn ask_form(State(deps): State<Consent>, lang: Lang, headers: HeaderMap) -> Response {
    ask_page(&deps, &headers, lang, "", None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct AskForm {
    email: Option<String>,
}

pub async fn ask(
    State(deps): State<Consent>,
    lang: Lang,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AskForm>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let w = lang.words().data;
    let typed = form.email.unwrap_or_default();
    let email = match email_from_form(lang, &typed) {
        Ok(e) => e,
        Err(message) => {
            return Ok(ask_page(
                &deps,
                &headers,
                lang,
                &typed,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    if !send_link(&deps, lang, &email).await? {
        return Ok(simple(
            council,
            StatusCode::TOO_MANY_REQUESTS,
            w.too_many_title,
            html! { p class="govuk-body" { (w.too_many) } },
        ));
    }
    Ok(simple(
        council,
        StatusCode::OK,
        w.check_title,
        html! {
            p class="govuk-body" { ((w.check_sent)(email.as_str(), DATA_LINK_MINUTES)) }
            p class="govuk-body" { (w.check_spam) }
        },
    ))
}

/// Counts the request and, if the address has any case, queues the link. `Ok(false)` when
/// the address has asked too often.
async fn send_link(deps: &Consent, lang: Lang, email: &ResidentEmail) -> Result<bool, StoreError> {
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
        council: deps.council.name_in(lang).to_owned(),
        // In the language of the page they asked from.
        lang,
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

fn data_link_expired(deps: &Consent, lang: Lang) -> WebError {
    let w = lang.words().data;
    link_expired(
        &deps.council,
        lang,
        w.link_what,
        w.link_again,
        Some(("/your-data", w.link_new)),
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
        council: deps.council.name.en.clone(),
        generated_at: deps.clock.now(),
        cases,
    })
}

pub async fn overview(
    State(deps): State<Consent>,
    lang: Lang,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (token, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps, lang))?;
    let held = held(&deps, &resident).await?;
    Ok(overview_page(
        &deps,
        &headers,
        lang,
        &token,
        &held,
        None,
        StatusCode::OK,
    ))
}

fn overview_page(
    deps: &Consent,
    headers: &HeaderMap,
    lang: Lang,
    token: &str,
    held: &Held,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let council = &deps.council;
    let csrf = csrf_for(headers, &deps.signer, deps.council.secure_cookies());
    let w = lang.words().data;
    let title = w.held_title;
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
                    p class="govuk-body" { (w.nothing_held) }
                } @else {
                    p class="govuk-body" { ((w.reported_count)(held.cases.len())) }
                    div class="wl-table-scroll" role="region" aria-label=(w.your_reports) tabindex="0" {
                        table class="govuk-table" {
                            caption class="govuk-table__caption govuk-table__caption--m" { (w.your_reports) }
                            thead class="govuk-table__head" {
                                tr class="govuk-table__row" {
                                    th scope="col" class="govuk-table__header" { (w.col_reference) }
                                    th scope="col" class="govuk-table__header" { (w.col_problem) }
                                    th scope="col" class="govuk-table__header" { (w.col_reported) }
                                    th scope="col" class="govuk-table__header" { (w.col_status) }
                                    th scope="col" class="govuk-table__header" { (w.col_shared) }
                                }
                            }
                            tbody class="govuk-table__body" {
                                @for h in &held.cases {
                                    tr class="govuk-table__row" {
                                        td class="govuk-table__cell" { a class="govuk-link" href={ "/reports/" (h.case.reference) } { (h.case.reference) } }
                                        td class="govuk-table__cell" { (council.category_name(&h.case.category, lang)) }
                                        td class="govuk-table__cell" { (shared::dates::short(lang.words(), shared::dates::london_day(h.case.submitted_at))) }
                                        td class="govuk-table__cell" { (status_tag(h.case.status)) }
                                        td class="govuk-table__cell" { @if current_scope(&h.consent_records).is_empty() { (w.no) } @else { (w.yes) } }
                                    }
                                }
                            }
                        }
                    }
                    h2 class="govuk-heading-m" { (w.download_heading) }
                    p class="govuk-body" { (w.download_what) }
                    ul class="govuk-list" {
                        li { a class="govuk-link" href={ "/your-data/" (token) "/data.json" } download { (w.download_json) } }
                        li { a class="govuk-link" href={ "/your-data/" (token) "/data.csv" } download { (w.download_csv) } }
                    }
                    h2 class="govuk-heading-m" { (w.erase_heading) }
                    p class="govuk-body" { (w.erase_what) }
                    p class="govuk-body" { (w.erase_open) }
                    div class="govuk-warning-text" {
                        span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                        strong class="govuk-warning-text__text" {
                            span class="govuk-visually-hidden" { (lang.words().consent.warning) }
                            (w.erase_warning)
                        }
                    }
                    form method="post" action={ "/your-data/" (token) "/erase" } novalidate {
                        input type="hidden" name="csrf" value=(csrf.token);
                        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
                            @if let Some(e) = error {
                                p id="confirm-error" class="govuk-error-message" { span class="govuk-visually-hidden" { (lang.words().error_prefix) " " } (e) }
                            }
                            div class="govuk-checkboxes" data-module="govuk-checkboxes" {
                                div class="govuk-checkboxes__item" {
                                    input class="govuk-checkboxes__input" id="confirm" name="confirm" type="checkbox" value="yes"
                                        aria-describedby=[error.map(|_| "confirm-error")];
                                    label class="govuk-label govuk-checkboxes__label" for="confirm" { (w.erase_confirm) }
                                }
                            }
                        }
                        button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { (w.erase_button) }
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
    lang: Lang,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (_, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps, lang))?;
    let held = held(&deps, &resident).await?;
    let body = serde_json::to_vec_pretty(&export::to_json(&held)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(download("application/json", "your-data.json", body))
}

fn csv_text(held: &Held, deps: &Consent, lang: Lang) -> String {
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
            deps.council.category_name(&c.category, lang),
            deps.council.ward_name(&c.ward, lang),
            lang.words().status(c.status).to_owned(),
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
    lang: Lang,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let (_, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps, lang))?;
    let held = held(&deps, &resident).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "your-data.csv",
        csv_text(&held, &deps, lang).into_bytes(),
    ))
}

#[derive(Deserialize)]
pub struct EraseForm {
    confirm: Option<String>,
}

pub async fn erase(
    State(deps): State<Consent>,
    lang: Lang,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response, WebError> {
    let (token, resident) = resident_for(&deps, &token).ok_or_else(|| data_link_expired(&deps, lang))?;
    let council = &deps.council;
    if form.confirm.as_deref() != Some("yes") {
        let held = held(&deps, &resident).await?;
        return Ok(overview_page(
            &deps,
            &headers,
            lang,
            &token,
            &held,
            Some(lang.words().data.erase_confirm_missing),
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
    // The erasure has no page of its own to switch language on: "your data" is where to go.
    Ok(shared::web::layout::simple_page_at(
        Some("/your-data"),
        &council.name,
        StatusCode::OK,
        lang.words().data.erased_title,
        erased_page(&deps, lang, erased, kept_open),
    ))
}

/// Erases one case, trying again if it changed while being erased. A closed case's photos
/// go first (with its description and location: the job is done); an open case keeps them
/// with what the job needs, and retention removes them once it closes.
async fn erase_one(deps: &Consent, reference: &CaseRef) -> Result<bool, StoreError> {
    if let Some(photos) = &deps.photo_eraser
        && deps
            .reader
            .case(reference)
            .await?
            .is_some_and(|r| !r.case.status.is_open())
    {
        photos.erase_photos(reference).await?;
    }
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

fn erased_page(deps: &Consent, lang: Lang, count: usize, kept_open: usize) -> Markup {
    let w = lang.words().data;
    html! {
        p class="govuk-body" { ((w.erased_count)(count)) }
        @if kept_open > 0 {
            p class="govuk-body" { ((w.erased_open)(kept_open)) }
        }
        p class="govuk-body" { (w.erased_kept) }
        p class="govuk-body" { a class="govuk-link" href="/" { (w.report_another) } " – " (deps.council.name_in(lang)) }
    }
}

/// `/your-data/{token}/photos/{reference}/{id}-full.jpg`: one of the resident's own photos,
/// for their copy of their data; only a photo one of their cases lists.
pub async fn photo(
    State(deps): State<Consent>,
    lang: Lang,
    path: Result<Path<(String, String, String)>, PathRejection>,
) -> Result<Response, WebError> {
    let Ok(Path((token, reference, file))) = path else {
        return Err(WebError::NotFound);
    };
    let resident = deps
        .signer
        .open(PURPOSE, &token, deps.clock.now())
        .ok_or_else(|| data_link_expired(&deps, lang))?;
    let reference = CaseRef::parse(&reference).map_err(|_| WebError::NotFound)?;
    let id = file.strip_suffix("-full.jpg").ok_or(WebError::NotFound)?;
    let theirs = deps
        .resident_cases
        .resident_cases(&resident)
        .await?
        .contains(&reference);
    let listed = theirs
        && deps
            .reader
            .case(&reference)
            .await?
            .and_then(|r| r.case.personal)
            .is_some_and(|p| p.photos.iter().any(|ph| ph.id == id));
    let photos = deps
        .photo_reader
        .as_ref()
        .filter(|_| listed)
        .ok_or(WebError::NotFound)?;
    let bytes = photos
        .photo(&reference, id, shared::ports::PhotoSize::Full)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(download("image/jpeg", &file, bytes))
}
