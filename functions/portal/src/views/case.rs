//! An officer's page for one case: everything held, the whole history with internal
//! notes, the status form, and (for the audit role) who has been shown the personal data.

use crate::words::short_date;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use shared::config::Council;
use shared::domain::case::Channel;
use shared::domain::{CaseEvent, CaseEventKind, CaseRecord, ErasureReason, Status};
use shared::ports::{AccessPurpose, AccessRecord};
use shared::web::components::{
    ErrorMessage, SelectOption, TextInput, error_summary, select, status_tag, summary_list, text_input, textarea,
};

use super::{HistoryRow, history_table, when};
use crate::extract::SignedIn;
use crate::words::{lang, words};

/// What an officer typed into the update form, to show again with errors.
#[derive(Debug, Default, Deserialize)]
pub struct UpdateForm {
    pub status: Option<String>,
    pub public_note: Option<String>,
    pub internal_note: Option<String>,
    pub version: Option<String>,
    /// For "action scheduled": the date the work is booked for (YYYY-MM-DD).
    pub scheduled_for: Option<String>,
    /// For "duplicate": the reference of the case it repeats.
    pub duplicate_of: Option<String>,
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

fn event_line(council: &Council, kind: &CaseEventKind) -> String {
    match kind {
        CaseEventKind::Submitted { channel } => match channel {
            Channel::WebForm => words().reported_web_form.into(),
            Channel::Api => words().reported_api.into(),
            Channel::Open311 => words().reported_open311.into(),
            Channel::Import => words().imported.into(),
            Channel::Councillor => words().logged_by_a_councillor.into(),
        },
        CaseEventKind::StatusChanged { from, to } => {
            (words().status_from_to)(lang().words().status(*from), lang().words().status(*to))
        }
        CaseEventKind::BreachNotified => words().passed_its_expected_date_resident.into(),
        CaseEventKind::Noted => words().note_added.into(),
        CaseEventKind::Corrected {
            to_category, to_ward, ..
        } => {
            let category = council
                .category(to_category)
                .map_or(to_category.as_str(), |c| c.name.get(lang()));
            let ward = council.ward(to_ward).map_or(to_ward.as_str(), |w| w.name.get(lang()));
            (words().corrected_to)(category, ward)
        }
        CaseEventKind::Reopened => words().reopened_by_the_resident_not.into(),
        CaseEventKind::Erased { reason } => match reason {
            ErasureReason::ResidentRequest => words().personal_details_erased_at_the.into(),
            ErasureReason::Retention => words().personal_details_removed_retention_period.into(),
        },
        CaseEventKind::Feedback { rating } => (words().rated)(*rating),
        CaseEventKind::MailUndelivered { complaint: false } => words().mail_undelivered.into(),
        CaseEventKind::MailUndelivered { complaint: true } => words().mail_complaint.into(),
    }
}

/// A case's history for officers: every note, the internal ones included.
fn officer_history(council: &Council, history: &[CaseEvent]) -> Markup {
    let rows: Vec<HistoryRow<'_>> = history
        .iter()
        .map(|e| HistoryRow {
            at: e.at,
            actor: &e.actor,
            what: event_line(council, &e.kind),
            notes: e
                .public_note
                .iter()
                .map(|n| (words().to_the_resident, n.as_str()))
                // The resident's own words (what is still wrong, a rating's comment) read as
                // theirs, not as an officer's note.
                .chain(e.text.iter().map(|n| {
                    let label = match e.kind {
                        CaseEventKind::Reopened | CaseEventKind::Feedback { .. } => words().resident_says,
                        _ => words().note,
                    };
                    (label, n.as_str())
                }))
                .collect(),
        })
        .collect();
    history_table(council, &rows)
}

fn audit_table(council: &Council, records: &[AccessRecord]) -> Markup {
    html! {
        h2 class="govuk-heading-m" id="access-audit" { (words().who_has_seen_the_personal) }
        @if records.is_empty() {
            p class="govuk-body" { (words().nobody_has_been_shown_this) }
        } @else {
            div class="wl-table-scroll" role="region" aria-label=(words().access_audit_newest_first) tabindex="0" {
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-visually-hidden" { (words().access_audit_newest_first) }
                    thead class="govuk-table__head" {
                        tr class="govuk-table__row" {
                            th scope="col" class="govuk-table__header" { (words().when) }
                            th scope="col" class="govuk-table__header" { (words().who) }
                            th scope="col" class="govuk-table__header" { (words().how) }
                        }
                    }
                    tbody class="govuk-table__body" {
                        @for r in records.iter().rev() {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { (when(r.at)) }
                                td class="govuk-table__cell" {
                                    @match council.person(&r.person) {
                                        Some(shared::config::Person::Officer(o)) => { (o.name) (words().officer) }
                                        Some(shared::config::Person::Councillor(c)) => { (c.name) (words().councillor) }
                                        None => { (r.person) (words().no_longer_in_the_configuration) }
                                    }
                                }
                                td class="govuk-table__cell" {
                                    (match r.purpose {
                                        AccessPurpose::CasePage => words().case_page,
                                        AccessPurpose::CaseJson => words().case_data_json,
                                        AccessPurpose::Email => words().email,
                                        AccessPurpose::Photo => words().photo_opened,
                                    })
                                }
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
        .map_or(case.category.as_str(), |c| c.name.get(lang()));
    let ward = council
        .ward(&case.ward)
        .map_or(case.ward.as_str(), |w| w.name.get(lang()));
    let team = council
        .team(&case.team)
        .map_or(case.team.as_str(), |t| t.name.get(lang()));
    let personal = case.personal.as_ref();
    let status_options: Vec<SelectOption<'_>> = Status::ALL.iter().map(SelectOption::from).collect();
    let err = |id: &str| state.errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let selected = state
        .form
        .status
        .clone()
        .unwrap_or_else(|| case.status.as_str().to_owned());
    let title = (words().case_title)(case.reference.as_str());
    let address = format!("/portal/cases/{}", case.reference);
    super::page_with_map(
        &address,
        &title,
        &council.name,
        Some((who, csrf)),
        !state.errors.is_empty() || state.conflict,
        html! {
            a href="/portal/queue" class="govuk-back-link" { (words().back_to_the_queue) }
            @if state.updated {
                div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="updated-title" data-module="govuk-notification-banner" {
                    div class="govuk-notification-banner__header" { h2 class="govuk-notification-banner__title" id="updated-title" { (words().success) } }
                    div class="govuk-notification-banner__content" {
                        p class="govuk-notification-banner__heading" { (words().status_updated) }
                        @if case.reporter().is_some() { p class="govuk-body" { (words().the_resident_will_be_emailed) } }
                    }
                }
            }
            @if state.conflict {
                div class="govuk-error-summary" data-module="govuk-error-summary" {
                    div role="alert" {
                        h2 class="govuk-error-summary__title" { (words().there_is_a_problem) }
                        div class="govuk-error-summary__body" {
                            p class="govuk-body" { (words().someone_else_changed_this_case) }
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
                        span class="govuk-visually-hidden" { (words().warning) }
                        (words().the_residents_details_were_erased)
                        @if case.status.is_open() { (words().the_description_and_location_are) }
                    }
                }
            }
            @if let Some(pin) = personal.and_then(|p| p.location.pin) {
                (super::case_map(&council.map, words().where_it_is, pin, None))
            }
            @let previous = case.original_reference.as_deref().map(|r| (words().previous_reference, html! { (r) }));
            (summary_list(&previous.into_iter().chain([
                (words().status, html! { (status_tag(case.status)) @if case.is_overdue(now) { " " strong class="govuk-tag govuk-tag--red" { (words().late) } } }),
                (words().expected_by, html! { (short_date(case.expected_by)) }),
                (words().reported, html! { (when(case.submitted_at)) }),
                (words().team, html! { (team) }),
                (words().description, html! { @if let Some(p) = personal { span style="white-space: pre-wrap;" { (p.description.as_str()) } } @else { (words().removed) } }),
                (words().location, html! {
                    @if let Some(p) = personal {
                        @if let Some(a) = &p.location.address { (a) br; }
                        @if let Some(pin) = p.location.pin { (words().pin_at) (format!("{:.5}, {:.5}", pin.lat(), pin.lng())) }
                    } @else { (words().removed) }
                }),
                (words().reported_by, html! {
                    @match personal.and_then(|p| p.reporter.as_ref()) {
                        Some(r) => { (r.name.as_str()) br; a class="govuk-link" href={ "mailto:" (r.email.as_str()) } { (r.email.as_str()) } @if let Some(phone) = &r.phone { br; (phone.as_str()) } }
                        None => { @if case.registered { (words().removed) } @else { (words().anonymous) } }
                    }
                }),
            ]).collect::<Vec<_>>()))
            @if let Some(p) = personal {
                (super::photos(&case.reference, &p.photos))
            }
            h2 class="govuk-heading-m" { (words().update_the_status) }
            form method="post" action={ "/portal/cases/" (case.reference) "/status" } novalidate {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(case.version);
                (select("status", words().new_status, Some(words().putting_a_case_on_hold), words().choose_a_status, &status_options, &selected, err("status")))
                (text_input(&TextInput { value: state.form.scheduled_for.as_deref().unwrap_or(""), error: err("scheduled_for"), hint: Some(words().scheduled_for_hint), width_class: Some("govuk-input--width-10"), autocomplete: Some("off"), ..TextInput::new("scheduled_for", words().scheduled_for) }))
                (text_input(&TextInput { value: state.form.duplicate_of.as_deref().unwrap_or(""), error: err("duplicate_of"), hint: Some(words().duplicate_of_hint), width_class: Some("govuk-input--width-10"), spellcheck: Some(false), autocomplete: Some("off"), ..TextInput::new("duplicate_of", words().duplicate_of) }))
                (textarea("public_note", words().note_for_the_resident_optional, Some(if case.reporter().is_some() { words().sent_to_the_resident_with } else if case.registered { words().the_residents_details_were_erased_2 } else { words().the_resident_reported_anonymously_so }), state.form.public_note.as_deref().unwrap_or(""), err("public_note"), 3))
                (textarea("internal_note", words().internal_note_optional, Some(words().only_council_officers_see_this), state.form.internal_note.as_deref().unwrap_or(""), err("internal_note"), 3))
                button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (words().update_status) }
            }
            h2 class="govuk-heading-m" { (words().correct_the_case) }
            p class="govuk-body" { (words().correct_the_case_lead) }
            form method="post" action={ "/portal/cases/" (case.reference) "/correct" } novalidate {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(case.version);
                @let categories: Vec<SelectOption<'_>> = council.categories.iter().map(SelectOption::from).collect();
                @let wards: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
                (select("category", words().type_of_problem, None, words().type_of_problem, &categories, case.category.as_str(), err("category")))
                (select("ward", words().ward, None, words().ward, &wards, case.ward.as_str(), err("ward")))
                @if let Some(p) = case.personal.as_ref() {
                    @let pin = p.location.pin;
                    (text_input(&TextInput { value: p.location.address.as_deref().unwrap_or(""), hint: Some(words().correct_address_hint), autocomplete: Some("off"), ..TextInput::new("address", words().correct_address) }))
                    div class="wl-inline-form" {
                        (text_input(&TextInput { value: &pin.map(|x| format!("{:.6}", x.lat())).unwrap_or_default(), width_class: Some("govuk-input--width-10"), autocomplete: Some("off"), ..TextInput::new("lat", words().latitude) }))
                        (text_input(&TextInput { value: &pin.map(|x| format!("{:.6}", x.lng())).unwrap_or_default(), width_class: Some("govuk-input--width-10"), autocomplete: Some("off"), ..TextInput::new("lng", words().longitude) }))
                    }
                }
                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true" { (words().correct) }
            }
            h2 class="govuk-heading-m" { (words().history) }
            (officer_history(council, &record.history))
            @if let Some(records) = &state.audit { (audit_table(council, records)) }
        },
    )
}
