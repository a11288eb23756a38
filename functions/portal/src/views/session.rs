//! The sign-in pages.

use maud::{Markup, html};
use shared::web::components::{ErrorMessage, TextInput, error_summary, text_input};

use super::{message, page};

pub fn sign_in(council: &str, csrf: &str, email: &str, error: Option<&str>, signed_out: bool) -> Markup {
    let summary: Vec<ErrorMessage> = error
        .iter()
        .map(|m| ErrorMessage {
            id: "email".into(),
            message: (*m).to_owned(),
        })
        .collect();
    page(
        "Sign in",
        council,
        None,
        error.is_some(),
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    @if signed_out {
                        div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="signed-out-title" data-module="govuk-notification-banner" {
                            div class="govuk-notification-banner__header" {
                                h2 class="govuk-notification-banner__title" id="signed-out-title" { "Success" }
                            }
                            div class="govuk-notification-banner__content" {
                                p class="govuk-notification-banner__heading" { "You have signed out" }
                            }
                        }
                    }
                    (error_summary(&summary))
                    h1 class="govuk-heading-l" { "Sign in" }
                    p class="govuk-body" { "For council officers and councillors. We will email you a link to sign in. There is no password." }
                    form method="post" action="/sign-in" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (text_input(&TextInput { value: email, error, kind: "email", autocomplete: Some("email"), spellcheck: Some(false), hint: Some("Your council email address"), ..TextInput::new("email", "Email address") }))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Email me a sign-in link" }
                    }
                    p class="govuk-body" { "Residents do not need to sign in: " a class="govuk-link" href="/" { "report a problem" } " or " a class="govuk-link" href="/reports" { "check a report" } "." }
                }
            }
        },
    )
}

pub fn check_your_email(council: &str, email: &str, valid_minutes: i64) -> Markup {
    page(
        "Check your email",
        council,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { "Check your email" }
                    p class="govuk-body" { "If " strong { (email) } " belongs to a council officer or councillor, we have sent it a link to sign in." }
                    p class="govuk-body" { "The link works once, for " (valid_minutes) " minutes." }
                    p class="govuk-body" { "No email? Check your junk folder, or " a class="govuk-link" href="/sign-in" { "ask for another link" } "." }
                }
            }
        },
    )
}

pub fn too_many_links(council: &str) -> Markup {
    message(
        "Too many sign-in links",
        council,
        &[
            "You have asked for too many sign-in links in a short time. Wait 15 minutes, then try again.",
            "Use the most recent link we sent you: earlier links may have been used or have expired.",
        ],
        None,
    )
}

/// The page an emailed link opens: a button, so a mail scanner following the link does
/// not use it up.
pub fn confirm(council: &str, token: &str, csrf: &str) -> Markup {
    page(
        "Sign in",
        council,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { "Sign in to " (council) }
                    form method="post" action={ "/sign-in/" (token) } novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" class="govuk-button govuk-button--start" data-module="govuk-button" { "Sign in" }
                    }
                }
            }
        },
    )
}
