//! What every email shares: the frame, the case's facts, the note and the sharing link,
//! each as text and HTML from the same values.

use maud::{DOCTYPE, Markup, html};
use serde::{Deserialize, Serialize};

use crate::dates::long_date;
use crate::notice::CaseFacts;

pub(super) fn facts_text(f: &CaseFacts) -> String {
    format!(
        "Reference: {}\nType of problem: {}\nStatus: {}\nExpected by: {}\n",
        f.reference,
        f.category,
        crate::copy::en().status(f.status),
        long_date(f.expected_by)
    )
}

pub(super) fn facts_html(f: &CaseFacts) -> Markup {
    html! {
        table style="border-collapse: collapse; margin: 20px 0;" {
            @for (k, v) in [("Reference", f.reference.to_string()), ("Type of problem", f.category.clone()), ("Status", crate::copy::en().status(f.status).to_owned()), ("Expected by", long_date(f.expected_by))] {
                tr {
                    th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { (k) }
                    td style="padding: 4px 0;" { (v) }
                }
            }
        }
    }
}

pub(super) fn sharing_text(url: &str) -> String {
    if url.is_empty() {
        return String::new();
    }
    format!(
        "\nYOUR LOCAL COUNCILLOR\nChoose whether your ward councillors may see your name, contact details and this report, \
         or change your mind: {url}\n"
    )
}

pub(super) fn sharing_html(url: &str) -> Markup {
    html! {
        @if !url.is_empty() {
            h2 style="font-size: 24px;" { "Your local councillor" }
            p { "Choose whether your ward councillors may see your name, contact details and this report, or change your mind." }
            p { a href=(url) { "Sharing with your councillor" } }
        }
    }
}

pub(super) fn note_text(note: &Option<String>) -> String {
    note.as_ref()
        .map(|n| format!("\nNOTE FROM THE COUNCIL\n{n}\n"))
        .unwrap_or_default()
}

pub(super) fn note_html(note: &Option<String>) -> Markup {
    html! {
        @if let Some(n) = note {
            h2 style="font-size: 24px;" { "Note from the council" }
            p style="white-space: pre-wrap;" { (n) }
        }
    }
}

/// An email ready to hand to a mailer.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderedEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl std::fmt::Debug for RenderedEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderedEmail")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

pub(super) fn wrap(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
            }
            body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 600px; margin: 0 auto; padding: 20px;" {
                (body)
            }
        }
    }
    .into_string()
}
