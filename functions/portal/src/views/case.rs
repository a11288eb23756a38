//! An officer's page for one case: everything held, the whole history with internal
//! notes, the status form, and (for the audit role) who has been shown the personal data.

use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use shared::config::Council;
use shared::dates::short_date;
use shared::domain::case::Channel;
use shared::domain::{CaseEvent, CaseEventKind, CaseRecord, ErasureReason, Status};
use shared::ports::{AccessPurpose, AccessRecord};
use shared::web::components::{ErrorMessage, SelectOption, error_summary, select, status_tag, summary_list, textarea};

use super::{actor_name, page, when};
use crate::extract::SignedIn;

/// What an officer typed into the update form, to show again with errors.
#[derive(Debug, Default, Deserialize)]
pub struct UpdateForm {
    pub status: Option<String>,
    pub public_note: Option<String>,
    pub internal_note: Option<String>,
    pub version: Option<String>,
}

/// The state of the page's form.
pub struct CaseState<'a> {
    pub form: &'a UpdateForm,
    pub errors: Vec<ErrorMessage>,
    pub conflict: bool,
    pub updated: bool,
    /// The case's access audit, for an officer with the audit role.
    pub audit: Option<Vec<AccessRecord>>,
}

fn event_line(kind: &CaseEventKind) -> String {
    match kind {
        CaseEventKind::Submitted { channel } => match channel {
            Channel::WebForm => "Reported (web form)".into(),
            Channel::Api => "Reported (API)".into(),
            Channel::Councillor => "Logged by a councillor".into(),
        },
        CaseEventKind::StatusChanged { from, to } => format!(
            "Status: {} → {}",
            shared::copy::en().status(*from),
            shared::copy::en().status(*to)
        ),
        CaseEventKind::BreachNotified => "Passed its expected date: resident, team and escalation contact told".into(),
        CaseEventKind::Reopened => "Reopened by the resident: not fixed".into(),
        CaseEventKind::Erased { reason } => match reason {
            ErasureReason::ResidentRequest => "Personal details erased at the resident's request".into(),
            ErasureReason::Retention => "Personal details removed: retention period ended".into(),
        },
        CaseEventKind::Feedback { rating } => format!("Resident rated the outcome {rating} out of 5"),
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

pub fn case(
    council: &Council,
    who: &SignedIn,
    csrf: &str,
    record: &CaseRecord,
    state: &CaseState<'_>,
    now: DateTime<Utc>,
) -> Markup {
    let case = &record.case;
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
