//! The sign-in pages.

use maud::{Markup, html};
use shared::web::components::{ErrorMessage, TextInput, error_summary, text_input};

use super::{message, page};
use crate::words::{lang, words};

pub fn sign_in(
    council: &shared::domain::Text,
    csrf: &str,
    email: &str,
    error: Option<&str>,
    signed_out: bool,
    next: Option<&str>,
) -> Markup {
    let summary: Vec<ErrorMessage> = error
        .iter()
        .map(|m| ErrorMessage {
            id: "email".into(),
            message: (*m).to_owned(),
        })
        .collect();
    page(
        words().sign_in,
        council,
        None,
        error.is_some(),
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    @if signed_out {
                        div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="signed-out-title" data-module="govuk-notification-banner" {
                            div class="govuk-notification-banner__header" {
                                h2 class="govuk-notification-banner__title" id="signed-out-title" { (words().success) }
                            }
                            div class="govuk-notification-banner__content" {
                                p class="govuk-notification-banner__heading" { (words().you_have_signed_out) }
                            }
                        }
                    }
                    (error_summary(&summary))
                    h1 class="govuk-heading-l" { (words().sign_in) }
                    p class="govuk-body" { (words().for_council_officers_and_councillors) }
                    form method="post" action="/sign-in" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        @if let Some(next) = next { input type="hidden" name="next" value=(next); }
                        (text_input(&TextInput { value: email, error, kind: "email", autocomplete: Some("email"), spellcheck: Some(false), hint: Some(words().your_council_email_address), ..TextInput::new("email", words().email_address) }))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (words().email_me_a_signin_link) }
                    }
                    p class="govuk-body" { (words().residents_do_not_need_to) a class="govuk-link" href="/" { (words().report_a_problem) } (words().w_or) a class="govuk-link" href="/reports" { (words().check_a_report) } "." }
                }
            }
        },
    )
}

pub fn check_your_email(council: &shared::domain::Text, email: &str, valid_minutes: i64) -> Markup {
    page(
        words().check_your_email,
        council,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { (words().check_your_email) }
                    p class="govuk-body" { (words().w_if) strong { (email) } (words().belongs_to_a_council_officer) }
                    p class="govuk-body" { (words().the_link_works_once_for) (valid_minutes) (words().minutes) }
                    p class="govuk-body" { (words().no_email_check_your_junk) a class="govuk-link" href="/sign-in" { (words().ask_for_another_link) } "." }
                }
            }
        },
    )
}

pub fn too_many_links(council: &shared::domain::Text) -> Markup {
    message(
        words().too_many_signin_links,
        council,
        &[words().too_many_links_wait, words().use_the_most_recent_link],
        None,
    )
}

/// The page an emailed link opens: a button, so a mail scanner following the link does
/// not use it up.
pub fn confirm(council: &shared::domain::Text, token: &str, csrf: &str, next: Option<&str>) -> Markup {
    page(
        words().sign_in,
        council,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { (words().sign_in_to) (council.get(lang())) }
                    form method="post" action={ "/sign-in/" (token) } novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        @if let Some(next) = next { input type="hidden" name="next" value=(next); }
                        button type="submit" class="govuk-button govuk-button--start" data-module="govuk-button" { (words().sign_in) }
                    }
                }
            }
        },
    )
}
