//! The officers' workspace: the team queue, a case with its whole history, and status
//! updates that tell the resident (through the outbox) in the same transaction.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use shared::config::Council;
use shared::domain::case::Channel;
use shared::domain::{
    Actor, Case, CaseEvent, CaseEventKind, CaseRecord, CaseRef, CategoryId, ErasureReason, Status, TeamId, WardId,
};
use shared::email::{CaseFacts, CaseNews, Completion, Notice, StatusUpdate, short_date};
use shared::ports::{AccessPurpose, AccessRecord, CaseChange, OutboxMessage, QueueFilter, StoreError};
use shared::web::components::{ErrorMessage, SelectOption, error_summary, select, status_tag, summary_list, textarea};
use shared::web::csrf::{csrf_for, csrf_ok};
use shared::web::{WebError, case_at};
use shared::{links, news};

use crate::Portal;
use crate::auth::{Role, SignedIn, signed_in};
use crate::views::{actor_name, message, page, when};

/// Cases per page of a queue.
pub const QUEUE_PAGE: usize = 25;
/// The longest note an officer may write.
pub const NOTE_MAX: usize = 2000;
/// How long the links in a completion email work (the reopen window itself is 28 days).
const FEEDBACK_LINK_DAYS: i64 = 90;

/// The page for an officer who asks for another team's cases without the `all_teams` role.
fn other_team(deps: &Portal) -> Response {
    (
        StatusCode::FORBIDDEN,
        message(
            "This case belongs to another team",
            &deps.council.name,
            &["You can open and update your own team's cases. Ask the team that owns it, or customer services."],
            Some(("/portal/queue", "Go to your team's queue")),
        ),
    )
        .into_response()
}

/// The signed-in officer, or the response that sends anyone else away.
async fn officer(deps: &Portal, headers: &HeaderMap) -> Result<(SignedIn, String, TeamId), Response> {
    match signed_in(deps, headers).await {
        Ok(Some(s)) => match s.role.clone() {
            Role::Officer { id, team, .. } => Ok((s, id, team)),
            Role::Councillor { .. } => Err((
                StatusCode::FORBIDDEN,
                message(
                    "This page is for council officers",
                    &deps.council.name,
                    &["You are signed in as a councillor."],
                    Some(("/portal", "Go to your portal home")),
                ),
            )
                .into_response()),
        },
        Ok(None) => Err(Redirect::to("/sign-in").into_response()),
        Err(e) => Err(WebError::Store(e).render(&deps.council.name)),
    }
}

pub async fn home(State(deps): State<Portal>, headers: HeaderMap) -> Response {
    let who = match signed_in(&deps, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Redirect::to("/sign-in").into_response(),
        Err(e) => return WebError::Store(e).render(&deps.council.name),
    };
    match &who.role {
        Role::Officer { .. } => Redirect::to("/portal/queue").into_response(),
        Role::Councillor { .. } => Redirect::to("/portal/ward").into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    team: Option<String>,
    status: Option<String>,
    category: Option<String>,
    ward: Option<String>,
    after: Option<String>,
}

fn ignore_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub async fn queue(
    State(deps): State<Portal>,
    headers: HeaderMap,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Response {
    let (who, _, own_team) = match officer(&deps, &headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    // A malformed query string is treated as no filter at all.
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let council = &deps.council;
    // Unknown values in the filters (an edited address) fall back to "any".
    let team = ignore_empty(&q.team)
        .and_then(|t| TeamId::parse(t).ok())
        .filter(|t| council.team(t).is_some())
        .unwrap_or(own_team);
    if !who.role.may_work(&team) {
        return other_team(&deps);
    }
    let filter = QueueFilter {
        status: ignore_empty(&q.status).and_then(Status::parse).filter(|s| s.is_open()),
        category: ignore_empty(&q.category)
            .and_then(|c| CategoryId::parse(c).ok())
            .filter(|c| council.category(c).is_some()),
        ward: ignore_empty(&q.ward)
            .and_then(|w| WardId::parse(w).ok())
            .filter(|w| council.ward(w).is_some()),
    };
    // The cursor is `<time>#<reference>`; anything else (an edited address) starts at the top.
    let after = ignore_empty(&q.after).filter(|a| {
        a.split_once('#')
            .is_some_and(|(t, r)| chrono::DateTime::parse_from_rfc3339(t).is_ok() && CaseRef::parse(r).is_ok())
    });
    let page_result = match deps.queue.queue(&team, &filter, after, QUEUE_PAGE).await {
        Ok(p) => p,
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let now = deps.clock.now();
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies());
    let team_name = council.team(&team).map_or(team.as_str(), |t| t.name.as_str());
    let filtered = filter != QueueFilter::default();
    let query_for = |after: &str| {
        let mut pairs = vec![("team", team.to_string())];
        if let Some(s) = filter.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if let Some(c) = &filter.category {
            pairs.push(("category", c.to_string()));
        }
        if let Some(w) = &filter.ward {
            pairs.push(("ward", w.to_string()));
        }
        if !after.is_empty() {
            pairs.push(("after", after.to_owned()));
        }
        format!(
            "/portal/queue?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    // Only the teams this officer may work: their own, or every team with `all_teams`.
    let team_options: Vec<SelectOption<'_>> = council
        .teams
        .iter()
        .filter(|t| who.role.may_work(&t.id))
        .map(SelectOption::from)
        .collect();
    let status_options: Vec<SelectOption<'_>> = Status::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(SelectOption::from)
        .collect();
    let category_options: Vec<SelectOption<'_>> = council
        .categories
        .iter()
        .filter(|c| c.team == team)
        .map(SelectOption::from)
        .collect();
    let ward_options: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
    let body = html! {
        h1 class="govuk-heading-l" { (team_name) " queue" }
        p class="govuk-body" { "Open cases, the one due soonest first." }
        form method="get" action="/portal/queue" class="govuk-!-margin-bottom-6" {
            div class="govuk-grid-row" {
                @if team_options.len() > 1 {
                    div class="govuk-grid-column-one-quarter" { (select("team", "Team", None, "Your team", &team_options, team.as_str(), None)) }
                } @else {
                    input type="hidden" name="team" value=(team);
                }
                div class="govuk-grid-column-one-quarter" { (select("status", "Status", None, "Any open status", &status_options, filter.status.map_or("", |s| s.as_str()), None)) }
                div class="govuk-grid-column-one-quarter" { (select("category", "Type of problem", None, "Any", &category_options, filter.category.as_ref().map_or("", |c| c.as_str()), None)) }
                div class="govuk-grid-column-one-quarter" { (select("ward", "Ward", None, "Any ward", &ward_options, filter.ward.as_ref().map_or("", |w| w.as_str()), None)) }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Apply filters" }
        }
        @if page_result.items.is_empty() {
            p class="govuk-body" {
                @if filtered || after.is_some() { "No open cases match these filters." } @else { "There are no open cases in this queue." }
            }
        } @else {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { (team_name) " queue" }
                thead class="govuk-table__head" {
                    tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Reference" }
                        th scope="col" class="govuk-table__header" { "Type of problem" }
                        th scope="col" class="govuk-table__header" { "Ward" }
                        th scope="col" class="govuk-table__header" { "Status" }
                        th scope="col" class="govuk-table__header" { "Expected by" }
                    }
                }
                tbody class="govuk-table__body" {
                    @for c in &page_result.items {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href={ "/portal/cases/" (c.reference) } { (c.reference) } }
                            td class="govuk-table__cell" { (council.category(&c.category).map_or(c.category.as_str(), |x| x.name.as_str())) }
                            td class="govuk-table__cell" { (council.ward(&c.ward).map_or(c.ward.as_str(), |x| x.name.as_str())) }
                            td class="govuk-table__cell" { (status_tag(c.status)) }
                            td class="govuk-table__cell" {
                                (short_date(c.expected_by))
                                @if c.is_overdue(now) { " " strong class="govuk-tag govuk-tag--red" { "Late" } }
                            }
                        }
                    }
                }
            }
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label="Pages" {
            @if after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href=(query_for("")) { span class="govuk-pagination__link-title" { "First page" } }
                }
            }
            @if let Some(next) = &page_result.next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href=(query_for(next)) rel="next" { span class="govuk-pagination__link-title" { "Next page" } }
                }
            }
        }
    };
    let mut response = page(
        &format!("{team_name} queue"),
        &council.name,
        Some((&who, &csrf.token)),
        false,
        body,
    )
    .into_response();
    if let Some(c) = csrf.set_cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, c);
    }
    response
}

fn event_line(kind: &CaseEventKind) -> String {
    match kind {
        CaseEventKind::Submitted { channel } => match channel {
            Channel::WebForm => "Reported (web form)".into(),
            Channel::Api => "Reported (API)".into(),
            Channel::Councillor => "Logged by a councillor".into(),
        },
        CaseEventKind::StatusChanged { from, to } => format!("Status: {} → {}", from.label(), to.label()),
        CaseEventKind::BreachNotified => "Passed its expected date: resident, team and escalation contact told".into(),
        CaseEventKind::Reopened => "Reopened by the resident: not fixed".into(),
        CaseEventKind::Erased { reason } => match reason {
            ErasureReason::ResidentRequest => "Personal details erased at the resident's request".into(),
            ErasureReason::Retention => "Personal details removed: retention period ended".into(),
        },
        CaseEventKind::Feedback { rating } => format!("Resident rated the outcome {rating} out of 5"),
    }
}

/// What an officer typed into the update form, to show again with errors.
#[derive(Debug, Default, Deserialize)]
pub struct UpdateForm {
    status: Option<String>,
    public_note: Option<String>,
    internal_note: Option<String>,
    version: Option<String>,
    csrf: Option<String>,
}

struct FormState<'a> {
    form: &'a UpdateForm,
    errors: Vec<ErrorMessage>,
    conflict: bool,
    updated: bool,
    /// The case's access audit, for an officer with the audit role.
    audit: Option<Vec<AccessRecord>>,
}

/// Records that an officer is being shown the case's personal data (if it still has any),
/// before the page shows it, and reads the access audit if they may see it.
async fn shown_to_officer(
    deps: &Portal,
    officer_id: &str,
    case: &Case,
) -> Result<Option<Vec<AccessRecord>>, StoreError> {
    if case.personal.is_some() {
        deps.access
            .record_access(
                &case.reference,
                &AccessRecord {
                    at: deps.clock.now(),
                    person: format!("officer:{officer_id}"),
                    purpose: AccessPurpose::CasePage,
                },
            )
            .await?;
    }
    let may_audit = deps
        .council
        .officers
        .iter()
        .any(|o| o.id == officer_id && o.may_audit());
    if may_audit {
        Ok(Some(deps.access.accesses(&case.reference).await?))
    } else {
        Ok(None)
    }
}

/// A case's history, newest first.
fn history_table(council: &Council, history: &[CaseEvent]) -> Markup {
    html! {
        table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "History, newest first" }
            thead class="govuk-table__head" {
                tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "When" }
                    th scope="col" class="govuk-table__header" { "Who" }
                    th scope="col" class="govuk-table__header" { "What" }
                }
            }
            tbody class="govuk-table__body" {
                @for e in history.iter().rev() {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (when(e.at)) }
                        td class="govuk-table__cell" { (actor_name(council, &e.actor)) }
                        td class="govuk-table__cell" {
                            (event_line(&e.kind))
                            @if let Some(n) = &e.public_note { p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" { strong { "To the resident: " } (n) } }
                            @if let Some(n) = &e.text { p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" { strong { "Note: " } (n) } }
                        }
                    }
                }
            }
        }
    }
}

fn audit_table(council: &Council, records: &[AccessRecord]) -> Markup {
    html! {
        h2 class="govuk-heading-m" id="access-audit" { "Who has seen the personal details" }
        @if records.is_empty() {
            p class="govuk-body" { "Nobody has been shown this case's personal details." }
        } @else {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Access audit, newest first" }
                thead class="govuk-table__head" {
                    tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "When" }
                        th scope="col" class="govuk-table__header" { "Who" }
                        th scope="col" class="govuk-table__header" { "How" }
                    }
                }
                tbody class="govuk-table__body" {
                    @for r in records.iter().rev() {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (when(r.at)) }
                            td class="govuk-table__cell" {
                                @match council.person(&r.person) {
                                    Some(shared::config::Person::Officer(o)) => { (o.name) " (officer)" }
                                    Some(shared::config::Person::Councillor(c)) => { (c.name) " (councillor)" }
                                    None => { (r.person) " (no longer in the configuration)" }
                                }
                            }
                            td class="govuk-table__cell" {
                                (match r.purpose {
                                    AccessPurpose::CasePage => "Case page",
                                    AccessPurpose::CaseJson => "Case data (JSON)",
                                    AccessPurpose::Email => "Email",
                                })
                            }
                        }
                    }
                }
            }
        }
    }
}

fn case_view(deps: &Portal, who: &SignedIn, csrf: &str, record: &CaseRecord, state: FormState<'_>) -> Markup {
    let council = &deps.council;
    let case = &record.case;
    let now = deps.clock.now();
    let category = council
        .category(&case.category)
        .map_or(case.category.as_str(), |c| c.name.as_str());
    let ward = council.ward(&case.ward).map_or(case.ward.as_str(), |w| w.name.as_str());
    let team = council.team(&case.team).map_or(case.team.as_str(), |t| t.name.as_str());
    let personal = case.personal.as_ref();
    let status_options: Vec<SelectOption<'_>> = Status::ALL.iter().map(SelectOption::from).collect();
    let err = |id: &str| state.errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let selected = state
        .form
        .status
        .clone()
        .unwrap_or_else(|| case.status.as_str().to_owned());
    let title = format!("Case {}", case.reference);
    page(
        &title,
        &council.name,
        Some((who, csrf)),
        !state.errors.is_empty() || state.conflict,
        html! {
            a href="/portal/queue" class="govuk-back-link" { "Back to the queue" }
            @if state.updated {
                div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="updated-title" data-module="govuk-notification-banner" {
                    div class="govuk-notification-banner__header" { h2 class="govuk-notification-banner__title" id="updated-title" { "Success" } }
                    div class="govuk-notification-banner__content" {
                        p class="govuk-notification-banner__heading" { "Status updated" }
                        @if case.reporter().is_some() { p class="govuk-body" { "The resident will be emailed." } }
                    }
                }
            }
            @if state.conflict {
                div class="govuk-error-summary" data-module="govuk-error-summary" {
                    div role="alert" {
                        h2 class="govuk-error-summary__title" { "There is a problem" }
                        div class="govuk-error-summary__body" {
                            p class="govuk-body" { "Someone else changed this case after you opened it, so your update was not saved. The page now shows the latest version: check it, then make your update again." }
                        }
                    }
                }
            }
            (error_summary(&state.errors))
            span class="govuk-caption-l" { (category) ", " (ward) }
            h1 class="govuk-heading-l" { (title) }
            @if case.details_erased() {
                div class="govuk-warning-text" {
                    span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                    strong class="govuk-warning-text__text" {
                        span class="govuk-visually-hidden" { "Warning" }
                        "The resident's details were erased, so you cannot contact them and they will not be emailed. "
                        @if case.status.is_open() { "The description and location are kept until the case is closed, then removed." }
                    }
                }
            }
            (summary_list(&[
                ("Status", html! { (status_tag(case.status)) @if case.is_overdue(now) { " " strong class="govuk-tag govuk-tag--red" { "Late" } } }),
                ("Expected by", html! { (short_date(case.expected_by)) }),
                ("Reported", html! { (when(case.submitted_at)) }),
                ("Team", html! { (team) }),
                ("Description", html! { @if let Some(p) = personal { span style="white-space: pre-wrap;" { (p.description.as_str()) } } @else { "Removed" } }),
                ("Location", html! {
                    @if let Some(p) = personal {
                        @if let Some(a) = &p.location.address { (a) br; }
                        @if let Some(pin) = p.location.pin { "Pin at " (format!("{:.5}, {:.5}", pin.lat(), pin.lng())) }
                    } @else { "Removed" }
                }),
                ("Reported by", html! {
                    @match personal.and_then(|p| p.reporter.as_ref()) {
                        Some(r) => { (r.name.as_str()) br; a class="govuk-link" href={ "mailto:" (r.email.as_str()) } { (r.email.as_str()) } @if let Some(phone) = &r.phone { br; (phone.as_str()) } }
                        None => { @if case.registered { "Removed" } @else { "Anonymous" } }
                    }
                }),
            ]))
            h2 class="govuk-heading-m" { "Update the status" }
            form method="post" action={ "/portal/cases/" (case.reference) "/status" } novalidate {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(case.version);
                (select("status", "New status", Some("Putting a case on hold does not change its expected date."), "Choose a status", &status_options, &selected, err("status")))
                (textarea("public_note", "Note for the resident (optional)", Some(if case.reporter().is_some() { "Sent to the resident with the new status." } else if case.registered { "The resident's details were erased, so this is not sent; it shows in the history." } else { "The resident reported anonymously, so this is not sent; it shows in the history." }), state.form.public_note.as_deref().unwrap_or(""), err("public_note"), 3))
                (textarea("internal_note", "Internal note (optional)", Some("Only council officers see this."), state.form.internal_note.as_deref().unwrap_or(""), err("internal_note"), 3))
                button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Update status" }
            }
            h2 class="govuk-heading-m" { "History" }
            (history_table(council, &record.history))
            @if let Some(records) = &state.audit { (audit_table(council, records)) }
        },
    )
}

#[derive(Deserialize)]
pub struct CaseQuery {
    updated: Option<String>,
}

pub async fn case_page(
    State(deps): State<Portal>,
    headers: HeaderMap,
    reference: Result<Path<String>, PathRejection>,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Response {
    let who = match signed_in(&deps, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Redirect::to("/sign-in").into_response(),
        Err(e) => return WebError::Store(e).render(&deps.council.name),
    };
    let record = match case_at(deps.reader.as_ref(), reference).await {
        Ok(r) => r,
        Err(e) => return e.render(&deps.council.name),
    };
    let officer_id = match &who.role {
        Role::Officer { id, .. } => id.clone(),
        Role::Councillor { .. } => return crate::councillor::case_page(&deps, &headers, &who, record).await,
    };
    if !who.role.may_work(&record.case.team) {
        return other_team(&deps);
    }
    let audit = match shown_to_officer(&deps, &officer_id, &record.case).await {
        Ok(a) => a,
        Err(e) => return WebError::Store(e).render(&deps.council.name),
    };
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies());
    let updated = query.is_ok_and(|Query(q)| q.updated.is_some());
    let form = UpdateForm::default();
    let mut response = case_view(
        &deps,
        &who,
        &csrf.token,
        &record,
        FormState {
            form: &form,
            errors: vec![],
            conflict: false,
            updated,
            audit,
        },
    )
    .into_response();
    if let Some(c) = csrf.set_cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, c);
    }
    response
}

fn note(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

pub async fn update_status(
    State(deps): State<Portal>,
    headers: HeaderMap,
    reference: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let council = deps.council.clone();
    let (who, officer_id, _) = match officer(&deps, &headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Ok(form) = serde_urlencoded::from_bytes::<UpdateForm>(&body) else {
        return WebError::BadForm.render(&council.name);
    };
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&council.name);
    }
    let record = match case_at(deps.reader.as_ref(), reference).await {
        Ok(r) => r,
        Err(e) => return e.render(&council.name),
    };
    let case = &record.case;
    if !who.role.may_work(&case.team) {
        return other_team(&deps);
    }
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies()).token;
    let mut errors = Vec::new();
    let to = match ignore_empty(&form.status).map(Status::parse) {
        None => {
            errors.push(ErrorMessage {
                id: "status".into(),
                message: "Select a status".into(),
            });
            None
        }
        Some(None) => {
            errors.push(ErrorMessage {
                id: "status".into(),
                message: "Select a status from the list".into(),
            });
            None
        }
        Some(Some(s)) if s == case.status => {
            errors.push(ErrorMessage {
                id: "status".into(),
                message: format!(
                    "Select a different status: the case is already {}",
                    s.label().to_lowercase()
                ),
            });
            None
        }
        Some(Some(s)) => Some(s),
    };
    for (id, value) in [
        ("public_note", &form.public_note),
        ("internal_note", &form.internal_note),
    ] {
        if value.as_deref().is_some_and(|v| v.chars().count() > NOTE_MAX) {
            errors.push(ErrorMessage {
                id: id.into(),
                message: "Note must be 2,000 characters or fewer".into(),
            });
        }
    }
    let seen_version: Option<u32> = form.version.as_deref().and_then(|v| v.parse().ok());
    let render = |record: &CaseRecord,
                  errors: Vec<ErrorMessage>,
                  conflict: bool,
                  status: StatusCode,
                  audit: Option<Vec<AccessRecord>>| {
        (
            status,
            case_view(
                &deps,
                &who,
                &csrf,
                record,
                FormState {
                    form: &form,
                    errors,
                    conflict,
                    updated: false,
                    audit,
                },
            ),
        )
            .into_response()
    };
    if seen_version != Some(case.version) {
        return match shown_to_officer(&deps, &officer_id, case).await {
            Ok(audit) => render(&record, vec![], true, StatusCode::CONFLICT, audit),
            Err(e) => WebError::Store(e).render(&council.name),
        };
    }
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        return match shown_to_officer(&deps, &officer_id, case).await {
            Ok(audit) => render(&record, errors, false, StatusCode::UNPROCESSABLE_ENTITY, audit),
            Err(e) => WebError::Store(e).render(&council.name),
        };
    };
    let now = deps.clock.now();
    let Ok(next) = case.with_status(to, now) else {
        let errors = vec![ErrorMessage {
            id: "status".into(),
            message: "Select a different status".into(),
        }];
        return match shown_to_officer(&deps, &officer_id, case).await {
            Ok(audit) => render(&record, errors, false, StatusCode::UNPROCESSABLE_ENTITY, audit),
            Err(e) => WebError::Store(e).render(&council.name),
        };
    };
    let followers = match deps.followers.followers(&case.reference).await {
        Ok(f) => f,
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let public_note = note(&form.public_note);
    let mut event = CaseEvent::new(
        now,
        Actor::Officer(officer_id.clone()),
        CaseEventKind::StatusChanged { from: case.status, to },
    );
    event.text = note(&form.internal_note);
    event.public_note = public_note.clone();
    // The resident, and every councillor following the case (what their email may say of
    // the resident is decided when it is sent, from the consent then).
    let news = if to.is_open() {
        CaseNews::StatusChanged { to }
    } else {
        CaseNews::Completed { to }
    };
    let notices = resident_notice(&deps, &next, public_note, now)
        .into_iter()
        .chain(news::for_followers(&council, &next, news, &followers))
        .collect();
    let outbox = news::one_per_person(notices)
        .into_iter()
        .map(|n| OutboxMessage::new(now, n, &mut rand::rng()))
        .collect();
    let change = CaseChange {
        case: next,
        expected_version: case.version,
        event,
        outbox,
    };
    match deps.updater.apply(&change).await {
        Ok(()) => {
            tracing::info!(case = %case.reference, from = case.status.as_str(), to = to.as_str(), "status updated");
            Redirect::to(&format!("/portal/cases/{}?updated=1", case.reference)).into_response()
        }
        Err(StoreError::Conflict) => match deps.reader.case(&case.reference).await {
            Ok(Some(latest)) => match shown_to_officer(&deps, &officer_id, &latest.case).await {
                Ok(audit) => render(&latest, vec![], true, StatusCode::CONFLICT, audit),
                Err(e) => WebError::Store(e).render(&council.name),
            },
            Ok(None) => WebError::CaseNotFound.render(&council.name),
            Err(e) => WebError::Store(e).render(&council.name),
        },
        Err(e) => WebError::Store(e).render(&council.name),
    }
}

/// The email a registered resident gets for the case's new state: the status, or, once
/// completed, the outcome with a rating and a way to reopen.
fn resident_notice(deps: &Portal, case: &Case, note: Option<String>, now: DateTime<Utc>) -> Option<Notice> {
    let council = &deps.council;
    let resident = case.reporter()?;
    let facts = CaseFacts {
        reference: case.reference.clone(),
        category: council
            .category(&case.category)
            .map_or_else(|| case.category.to_string(), |c| c.name.clone()),
        status: case.status,
        expected_by: case.expected_by,
    };
    let status_url = format!("{}/reports/{}", council.base_url, case.reference);
    let sharing_url = links::sharing_url(&deps.signer, &council.base_url, &case.reference, now);
    if case.status.is_open() {
        return Some(Notice::StatusUpdate(StatusUpdate {
            to: resident.email.clone(),
            name: resident.name.clone(),
            facts,
            note,
            status_url,
            sharing_url,
            council: council.name.clone(),
        }));
    }
    let feedback = deps.signer.token(
        "feedback",
        case.reference.as_str(),
        now + Duration::days(FEEDBACK_LINK_DAYS),
    );
    let reopen = deps.signer.token(
        "reopen",
        case.reference.as_str(),
        now + shared::domain::case::REOPEN_WINDOW,
    );
    Some(Notice::Completion(Completion {
        to: resident.email.clone(),
        name: resident.name.clone(),
        facts,
        note,
        status_url,
        rating_urls: (1..=5)
            .map(|i| format!("{}/feedback/{feedback}?rating={i}", council.base_url))
            .collect(),
        reopen_url: format!("{}/reopen/{reopen}", council.base_url),
        sharing_url,
        council: council.name.clone(),
    }))
}
