//! The emails wardline sends. Each is a [`Notice`] (the data, stored in the outbox) rendered
//! to HTML and plain text from the same values, so the two always carry the same facts and
//! links.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};
use serde::{Deserialize, Serialize};

use crate::domain::{CaseRef, PersonName, ResidentEmail};

/// Dates in emails and pages: "Friday 4 December 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// Dates in tables: "4 December 2026".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A team's contact details as the resident sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamContact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// Sent to a registered resident when their report is logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub to: ResidentEmail,
    pub name: PersonName,
    pub reference: CaseRef,
    pub category: String,
    pub next_steps: String,
    pub team: TeamContact,
    pub expected_by: NaiveDate,
    pub status_url: String,
    pub council: String,
}

/// Something to tell someone, as stored in the outbox until it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    Acknowledgement(Acknowledgement),
}

impl Notice {
    /// The case the notice is about, for logs (never the recipient).
    pub fn reference(&self) -> &CaseRef {
        match self {
            Notice::Acknowledgement(a) => &a.reference,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Acknowledgement(_) => "acknowledgement",
        }
    }

    pub fn render(&self) -> RenderedEmail {
        match self {
            Notice::Acknowledgement(a) => acknowledgement(a),
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

fn wrap(title: &str, body: Markup) -> String {
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

fn acknowledgement(a: &Acknowledgement) -> RenderedEmail {
    let subject = format!("We have received your report: {}", a.reference);
    let by = long_date(a.expected_by);
    let text = format!(
        "Dear {name},\n\n\
         Thank you for reporting a problem to {council}.\n\n\
         Your reference is {reference}.\n\
         Type of problem: {category}\n\n\
         WHAT HAPPENS NEXT\n\
         {next_steps}\n\n\
         We aim to deal with it by {by}. If it is going to take longer, we will email you.\n\n\
         Check progress: {url}\n\n\
         CONTACT\n\
         {team} team\n\
         Email: {team_email}\n\
         Telephone: {team_phone}\n\
         Quote your reference, {reference}.\n\n\
         {council}\n",
        name = a.name,
        council = a.council,
        reference = a.reference,
        category = a.category,
        next_steps = a.next_steps,
        url = a.status_url,
        team = a.team.name,
        team_email = a.team.email,
        team_phone = a.team.phone,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (a.name) "," }
            p { "Thank you for reporting a problem to " (a.council) "." }
            div style="background: #00703c; color: #ffffff; padding: 20px; text-align: center;" {
                p style="margin: 0;" { "Your reference is" }
                p style="margin: 0; font-size: 32px; font-weight: bold; letter-spacing: 2px;" { (a.reference) }
            }
            p { strong { "Type of problem: " } (a.category) }
            h2 style="font-size: 24px;" { "What happens next" }
            p { (a.next_steps) }
            p { "We aim to deal with it " strong { "by " (by) } ". If it is going to take longer, we will email you." }
            p { a href=(a.status_url) { "Check progress of your report" } }
            h2 style="font-size: 24px;" { "Contact" }
            p {
                (a.team.name) " team" br;
                "Email: " a href={ "mailto:" (a.team.email) } { (a.team.email) } br;
                "Telephone: " (a.team.phone)
            }
            p { "Quote your reference, " (a.reference) "." }
            p { (a.council) }
        },
    );
    RenderedEmail {
        to: a.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Acknowledgement {
        Acknowledgement {
            to: ResidentEmail::parse("jo@example.com").unwrap(),
            name: PersonName::parse("Jo <Bloggs>").unwrap(),
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: "Fly-tipping".into(),
            next_steps: "We will remove it.".into(),
            team: TeamContact {
                name: "Street Scene".into(),
                email: "ss@ashworth.example".into(),
                phone: "01632 960 102".into(),
            },
            expected_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            status_url: "https://report.ashworth.example/reports/FK7M-3RTW".into(),
            council: "Ashworth Borough Council".into(),
        }
    }

    fn links_in_text(text: &str) -> Vec<String> {
        text.split_whitespace()
            .filter(|w| w.starts_with("http"))
            .map(|w| w.trim_end_matches('.').to_owned())
            .collect()
    }

    fn links_in_html(html: &str) -> Vec<String> {
        html.split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|l| l.starts_with("http"))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_acknowledgement_says_the_date_in_words_and_the_reference() {
        let e = Notice::Acknowledgement(sample()).render();
        for part in [&e.text, &e.html] {
            assert!(part.contains("by Friday 4 December 2026"), "{part}");
            assert!(part.contains("FK7M-3RTW"));
            assert!(part.contains("01632 960 102"));
            assert!(part.contains("We will remove it."));
        }
        assert_eq!(e.to, "jo@example.com");
    }

    #[test]
    fn html_and_text_carry_the_same_links() {
        let e = Notice::Acknowledgement(sample()).render();
        assert_eq!(links_in_text(&e.text), links_in_html(&e.html));
        assert_eq!(
            links_in_text(&e.text),
            vec!["https://report.ashworth.example/reports/FK7M-3RTW"]
        );
    }

    #[test]
    fn names_are_escaped_in_html() {
        let e = Notice::Acknowledgement(sample()).render();
        assert!(e.html.contains("Jo &lt;Bloggs&gt;"));
        assert!(!e.html.contains("<Bloggs>"));
    }

    #[test]
    fn a_notice_survives_the_outbox_round_trip() {
        let n = Notice::Acknowledgement(sample());
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
    }
}
