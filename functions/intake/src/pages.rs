//! HTML pages: the report form, the confirmation, and the public status of a case.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use shared::config::Council;
use shared::copy::Lang;
use shared::dates::{long, short};
use shared::domain::report::{Field, FieldError};
use shared::domain::{CaseEventKind, CaseRef, ReportInput};
use shared::web::components::{
    CharacterCount, ErrorMessage, RadioItem, SelectOption, TextInput, character_count, error_summary, panel, radios,
    select, status_tag, summary_list, text_input,
};
use shared::web::{Page, WebError, case_at, layout};

use crate::Intake;

/// The id an error summary links to for a field. The pin has no visible control of its
/// own, so its errors point at the map's container.
fn anchor(field: Field) -> &'static str {
    match field {
        Field::Pin => "map",
        other => other.form_name(),
    }
}

fn message_for(lang: Lang, errors: &[FieldError], field: Field) -> Option<&'static str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| lang.words().problem(e.problem))
}

/// The report form, empty or with the values and errors of a failed attempt. The static
/// site's `index.html` is this page rendered with no values.
/// Where the report form posts: `/reports`, with `?lang=` where the council offers more
/// than one language (so a report sent from the static site's Welsh form is Welsh).
fn report_action(council: &Council, lang: Lang) -> String {
    if council.bilingual() {
        format!("/reports?lang={}", lang.code())
    } else {
        "/reports".to_owned()
    }
}

pub fn report_form(
    council: &Council,
    lang: Lang,
    input: &ReportInput,
    errors: &[FieldError],
    idempotency_key: &str,
) -> Markup {
    let words = lang.words();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let err = |f| message_for(lang, errors, f);
    let summary: Vec<ErrorMessage> = errors
        .iter()
        .map(|e| ErrorMessage {
            id: anchor(e.field).to_owned(),
            message: words.problem(e.problem).to_owned(),
        })
        .collect();
    let category_items: Vec<RadioItem<'_>> = council
        .categories
        .iter()
        .map(|c| RadioItem {
            value: c.id.as_str(),
            text: c.name.get(lang),
            hint: (!c.hint.en.is_empty()).then_some(c.hint.get(lang)),
            conditional: None,
        })
        .collect();
    let ward_options: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
    let (name, email, phone) = (v(&input.name), v(&input.email), v(&input.phone));
    let contact = html! {
        (text_input(&TextInput { value: &name, error: err(Field::Name), autocomplete: Some("name"), spellcheck: Some(false), ..TextInput::new("name", words.name_label) }))
        (text_input(&TextInput { value: &email, error: err(Field::Email), kind: "email", autocomplete: Some("email"), spellcheck: Some(false), ..TextInput::new("email", words.email_label) }))
        (text_input(&TextInput { value: &phone, error: err(Field::Phone), kind: "tel", autocomplete: Some("tel"), hint: Some(words.phone_hint), width_class: Some("govuk-input--width-20"), ..TextInput::new("phone", words.phone_label) }))
        (share_box(lang, input.share_with_councillor.as_deref().is_some_and(|s| !s.is_empty()), err(Field::ShareWithCouncillor)))
    };
    let reporting_items = [
        RadioItem {
            value: "registered",
            text: words.reporting_registered,
            hint: Some(words.reporting_registered_hint),
            conditional: Some(contact),
        },
        RadioItem {
            value: "anonymous",
            text: words.reporting_anonymous,
            hint: Some(words.reporting_anonymous_hint),
            conditional: None,
        },
    ];
    let (lat, lng, address) = (v(&input.lat), v(&input.lng), v(&input.address));
    let pin_error = err(Field::Pin);
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(&summary))
                h1 class="govuk-heading-l" { (words.report_title) }
                p class="govuk-body" { (words.report_lead) }
                div class="govuk-warning-text" {
                    span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                    strong class="govuk-warning-text__text" {
                        span class="govuk-visually-hidden" { (words.resident.warning) }
                        (words.emergency_warning)
                    }
                }
                // The language travels with the post: the static site's form sets no cookie.
                form method="post" action=(report_action(council, lang)) enctype="multipart/form-data" novalidate {
                    input type="hidden" name="idempotency_key" value=(idempotency_key);
                    (radios("category", words.category_legend, "govuk-fieldset__legend--m", None, &category_items, &v(&input.category), err(Field::Category)))
                    (character_count(&CharacterCount { name: "description", label: words.description_label, hint: Some(words.description_hint), value: &v(&input.description), error: err(Field::Description), rows: 5, max: shared::domain::report::Description::MAX, info: words.description_info }))
                    div class={ "govuk-form-group" @if pin_error.is_some() || err(Field::Address).is_some() || err(Field::Ward).is_some() { " govuk-form-group--error" } } {
                        fieldset class="govuk-fieldset" aria-describedby="location-hint" {
                            legend class="govuk-fieldset__legend govuk-fieldset__legend--m" {
                                h2 class="govuk-fieldset__heading" { (words.location_legend) }
                            }
                            div id="location-hint" class="govuk-hint" { (words.location_hint) }
                            (text_input(&TextInput { value: &address, error: err(Field::Address), autocomplete: Some("street-address"), ..TextInput::new("address", words.address_label) }))
                            (select("ward", words.ward_label, Some(words.ward_hint), words.ward_choose, &ward_options, &v(&input.ward), err(Field::Ward)))
                            // The map is drawn here by app.js; without JavaScript this stays empty
                            // and the address and ward above are all that is needed.
                            div id="map" class="wl-map" tabindex="-1" data-label=(words.map_label)
                                data-hint=(words.map_hint) data-remove=(words.map_remove_pin) data-placed-in=(words.map_pin_in_ward)
                                data-outside=(words.map_pin_outside) data-placed=(words.map_pin_placed) data-removed=(words.map_pin_removed)
                                data-tiles=(council.map.tiles) data-attribution=(council.map.attribution) data-max-zoom=(council.map.max_zoom) {
                                @if let Some(m) = pin_error {
                                    p class="govuk-error-message" { span class="govuk-visually-hidden" { (words.error_prefix) " " } (m) }
                                }
                            }
                            input type="hidden" id="lat" name="lat" value=(lat);
                            input type="hidden" id="lng" name="lng" value=(lng);
                        }
                    }
                    @let photos_error = err(Field::Photos);
                    div class={ "govuk-form-group" @if photos_error.is_some() { " govuk-form-group--error" } } {
                        label class="govuk-label govuk-label--m" for="photos" { (words.photos_label) }
                        div id="photos-hint" class="govuk-hint" {
                            (words.photos_hint)
                            @if !errors.is_empty() { " " (words.photos_again) }
                        }
                        @if let Some(m) = photos_error {
                            p id="photos-error" class="govuk-error-message" { span class="govuk-visually-hidden" { (words.error_prefix) " " } (m) }
                        }
                        input class={ "govuk-file-upload" @if photos_error.is_some() { " govuk-file-upload--error" } } id="photos" name="photos" type="file"
                            accept="image/jpeg,image/png,image/webp" multiple
                            data-uploading=(words.photos_uploading) data-ready=(words.photos_ready) data-failed=(words.photos_upload_failed)
                            aria-describedby={ "photos-hint" @if photos_error.is_some() { " photos-error" } };
                    }
                    (radios("reporting", words.reporting_legend, "govuk-fieldset__legend--m", None, &reporting_items, &v(&input.reporting), err(Field::Reporting)))
                    // The honeypot: hidden from people and from assistive technology.
                    div class="wl-hp" aria-hidden="true" {
                        label for="website" { (words.honeypot_label) }
                        input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value=(v(&input.website));
                    }
                    button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (words.submit) }
                }
            }
        }
    };
    layout(
        &Page {
            has_errors: !errors.is_empty(),
            map: true,
            // Shown again after a post to /reports: the switch goes back to the form.
            address: Some("/"),
            ..Page::new(words.report_title, &council.name)
        },
        body,
    )
}

/// The consent tick box: unticked unless the resident ticked it, with what it means and
/// a link to the privacy notice. Only offered with contact details (an anonymous report
/// has nothing to share).
fn share_box(lang: Lang, checked: bool, error: Option<&str>) -> Markup {
    let words = lang.words();
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            fieldset class="govuk-fieldset" aria-describedby={ "share_with_councillor-hint" @if error.is_some() { " share_with_councillor-error" } } {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (words.share_legend) }
                div id="share_with_councillor-hint" class="govuk-hint" {
                    (words.share_hint) " "
                    a class="govuk-link" href="/privacy" target="_blank" rel="noopener noreferrer" { (words.share_privacy_link) }
                }
                @if let Some(e) = error {
                    p id="share_with_councillor-error" class="govuk-error-message" { span class="govuk-visually-hidden" { (words.error_prefix) " " } (e) }
                }
                div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" {
                    div class="govuk-checkboxes__item" {
                        input class="govuk-checkboxes__input" id="share_with_councillor" name="share_with_councillor" type="checkbox" value="yes" checked[checked];
                        label class="govuk-label govuk-checkboxes__label" for="share_with_councillor" { (words.share_label) }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct AccessQuery {
    /// The resident's own sharing token, carried from the form to the confirmation (and
    /// from there to the status page), so both can offer the sharing settings.
    access: Option<String>,
}

/// The sharing token in `query`, if it opens this case.
fn sharing_token(deps: &Intake, reference: &CaseRef, query: &AccessQuery) -> Option<String> {
    let token = query.access.as_deref()?;
    let opened = deps
        .signer
        .open(shared::links::SHARING_PURPOSE, token, deps.clock.now())?;
    (opened == reference.as_str()).then(|| token.to_owned())
}

/// The resident's sharing settings for the case, offered where only they can see it.
fn sharing_section(lang: Lang, token: &str) -> Markup {
    let words = lang.words();
    html! {
        h2 class="govuk-heading-m" { (words.share_legend) }
        p class="govuk-body" {
            a class="govuk-link" href={ "/consent/" (token) "?from=status" } { (words.resident.sharing_link) }
        }
    }
}

pub async fn confirmation(
    State(deps): State<Intake>,
    lang: Lang,
    reference: Result<Path<String>, PathRejection>,
    query: Result<Query<AccessQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let record = case_at(deps.reader.as_ref(), reference).await?;
    let case = &record.case;
    let access = query
        .ok()
        .and_then(|Query(q)| sharing_token(&deps, &case.reference, &q));
    let words = lang.words();
    let w = words.resident;
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (panel(words.confirmation_title, html! { (words.confirmation_reference) br; strong { (case.reference) } }))
                p class="govuk-body" { ((w.aim_by)(&long(words, case.expected_by))) }
                @if case.registered {
                    p class="govuk-body" { (words.confirmation_emailed) }
                } @else {
                    p class="govuk-body" { (words.confirmation_anonymous) }
                }
                @if let Some(token) = &access { (sharing_section(lang, token)) }
                p class="govuk-body" {
                    a class="govuk-link" href={ "/reports/" (case.reference) @if let Some(t) = &access { "?access=" (t) } } { (w.check_progress) }
                }
                p class="govuk-body" { a class="govuk-link" href="/" { (w.report_another) } }
            }
        }
    };
    Ok(layout(
        &Page {
            lang,
            ..Page::new(words.confirmation_title, &council.name)
        },
        body,
    )
    .into_response())
}

pub async fn status(
    State(deps): State<Intake>,
    lang: Lang,
    reference: Result<Path<String>, PathRejection>,
    query: Result<Query<AccessQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let record = case_at(deps.reader.as_ref(), reference).await?;
    let case = &record.case;
    let access = query
        .ok()
        .and_then(|Query(q)| sharing_token(&deps, &case.reference, &q))
        .filter(|_| case.personal.is_some());
    let now = deps.clock.now();
    let category = council
        .category(&case.category)
        .map_or(case.category.as_str(), |c| c.name.get(lang));
    let ward = council
        .ward(&case.ward)
        .map_or(case.ward.as_str(), |w| w.name.get(lang));
    let words = lang.words();
    let w = words.resident;
    let title = format!("{} {}", words.status_title, case.reference);
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                span class="govuk-caption-l" { (category) }
                h1 class="govuk-heading-l" { (title) }
                (summary_list(&[
                    (w.status, status_tag(case.status)),
                    (w.type_of_problem, html! { (category) }),
                    (w.ward, html! { (ward) }),
                    (w.reported, html! { (short(words, case.submitted_at.with_timezone(&chrono_tz::Europe::London).date_naive())) }),
                    (w.expected_by, html! {
                        (short(words, case.expected_by))
                        @if case.is_overdue(now) { " " strong class="govuk-tag govuk-tag--red" { (w.late) } }
                    }),
                ]))
                @if let Some(token) = &access { (sharing_section(lang, token)) }
                h2 class="govuk-heading-m" { (w.history) }
                ol class="govuk-list" {
                    @for (e, line) in record.history.iter().rev().filter_map(|e| public_line(lang, &e.kind).map(|l| (e, l))) {
                        li {
                            span class="govuk-body-s govuk-!-margin-right-2" { (short(words, e.at.with_timezone(&chrono_tz::Europe::London).date_naive())) }
                            (line)
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &Page {
            back: Some("/reports"),
            lang,
            ..Page::new(&title, &council.name)
        },
        body,
    )
    .into_response())
}

/// How an event reads in the public history; `None` for events the public does not see.
pub fn public_line(lang: Lang, kind: &CaseEventKind) -> Option<String> {
    let words = lang.words();
    let w = words.resident;
    match kind {
        CaseEventKind::Submitted { .. } => Some(w.received.into()),
        CaseEventKind::StatusChanged { to, .. } => Some((w.status_changed_to)(words.status(*to))),
        CaseEventKind::BreachNotified => Some(w.passed_expected.into()),
        // What the note said, the resident has by email; the public page says nothing of it.
        CaseEventKind::Noted => None,
        CaseEventKind::Corrected { .. } => Some(w.details_corrected.into()),
        CaseEventKind::Reopened => Some(w.reopened.into()),
        CaseEventKind::Feedback { .. } | CaseEventKind::MailUndelivered { .. } => None,
        CaseEventKind::Erased { .. } => Some(w.details_removed.into()),
    }
}

#[derive(Deserialize)]
pub struct CheckQuery {
    reference: Option<String>,
}

/// "Check the progress of a report": a one-field form that redirects to the status page.
pub async fn check(State(deps): State<Intake>, lang: Lang, Query(q): Query<CheckQuery>) -> Response {
    let words = lang.words();
    let error = match q.reference.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(words.check_missing),
        Some(r) => match CaseRef::parse(r) {
            Ok(r) => return Redirect::to(&format!("/reports/{r}")).into_response(),
            Err(_) => Some(words.check_format),
        },
    };
    let value = q.reference.unwrap_or_default();
    let summary: Vec<ErrorMessage> = error
        .iter()
        .map(|m| ErrorMessage {
            id: "reference".into(),
            message: (*m).to_owned(),
        })
        .collect();
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(&summary))
                h1 class="govuk-heading-l" { (words.check_title) }
                form method="get" action="/reports" novalidate {
                    (text_input(&TextInput { value: &value, error, hint: Some(words.check_hint), width_class: Some("govuk-input--width-10"), spellcheck: Some(false), autocomplete: Some("off"), ..TextInput::new("reference", words.check_label) }))
                    button type="submit" class="govuk-button" { (words.check_submit) }
                }
            }
        }
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (
        status,
        layout(
            &Page {
                has_errors: error.is_some(),
                ..Page::new(words.check_title, &deps.council.name)
            },
            body,
        ),
    )
        .into_response()
}
