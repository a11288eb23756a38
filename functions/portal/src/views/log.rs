//! Logging a case: for a constituent, or as a resident themself.

use maud::{Markup, html};
use serde::Deserialize;
use shared::config::Council;
use shared::web::components::{
    CharacterCount, ErrorMessage, RadioItem, SelectOption, TextInput, character_count, error_summary, radios, select,
    text_input,
};

use super::page_at;
use crate::extract::SignedIn;
use crate::words::{lang, words};

/// What a councillor typed into the log form.
#[derive(Debug, Default, Deserialize)]
pub struct LogForm {
    pub capacity: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub address: Option<String>,
    pub ward: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The language to write to the constituent in (offered where the council has two).
    pub language: Option<String>,
}

pub fn log(council: &Council, who: &SignedIn, csrf: &str, form: &LogForm, errors: &[ErrorMessage]) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let err = |id: &str| errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let (name, email, phone) = (v(&form.name), v(&form.email), v(&form.phone));
    let language_items: Vec<RadioItem<'_>> = council
        .languages
        .iter()
        .map(|l| RadioItem {
            value: l.code(),
            text: l.endonym(),
            hint: None,
            conditional: None,
        })
        .collect();
    let language = form.language.clone().unwrap_or_else(|| lang().code().to_owned());
    let constituent = html! {
        @if council.bilingual() {
            (radios("language", words().constituent_language, "govuk-fieldset__legend--s", None, &language_items, &language, None))
        }
        (text_input(&TextInput { value: &name, error: err("name"), spellcheck: Some(false), ..TextInput::new("name", words().constituents_full_name) }))
        (text_input(&TextInput { value: &email, error: err("email"), kind: "email", spellcheck: Some(false), hint: Some(words().we_email_them_the_reference), ..TextInput::new("email", words().constituents_email_address) }))
        (text_input(&TextInput { value: &phone, error: err("phone"), kind: "tel", width_class: Some("govuk-input--width-20"), ..TextInput::new("phone", words().constituents_telephone_number_optional) }))
    };
    let capacity_items = [
        RadioItem {
            value: "constituent",
            text: words().for_a_constituent,
            hint: Some(words().the_case_holds_their_details),
            conditional: Some(constituent),
        },
        RadioItem {
            value: "myself",
            text: words().as_a_resident_myself,
            hint: Some(words().you_are_the_reporter_we),
            conditional: None,
        },
    ];
    let category_items: Vec<RadioItem<'_>> = council
        .categories
        .iter()
        .map(|c| RadioItem {
            value: c.id.as_str(),
            text: c.name.get(lang()),
            hint: None,
            conditional: None,
        })
        .collect();
    let ward_options: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
    page_at(
        "/portal/log",
        words().log_a_case,
        &council.name,
        Some((who, csrf)),
        !errors.is_empty(),
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    (error_summary(errors))
                    h1 class="govuk-heading-l" { (words().log_a_case) }
                    form method="post" action="/portal/log" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (radios("capacity", words().who_is_reporting_it, "govuk-fieldset__legend--m", None, &capacity_items, &v(&form.capacity), err("capacity")))
                        (radios("category", words().what_is_the_problem, "govuk-fieldset__legend--m", None, &category_items, &v(&form.category), err("category")))
                        (character_count(&CharacterCount { name: "description", label: words().describe_the_problem, hint: None, value: &v(&form.description), error: err("description"), rows: 5, max: shared::domain::report::Description::MAX, info: words().description_info }))
                        (text_input(&TextInput { value: &v(&form.address), error: err("address"), hint: Some(words().a_street_and_a_landmark), ..TextInput::new("address", words().where_is_it) }))
                        (select("ward", words().ward, None, words().choose_a_ward, &ward_options, &v(&form.ward), err("ward")))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (words().log_the_case) }
                    }
                }
            }
        },
    )
}
