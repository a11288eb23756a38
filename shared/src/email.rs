//! The emails wardline sends. Each is a [`Notice`] (the data, stored in the outbox) rendered
//! to HTML and plain text from the same values, so the two always carry the same facts and
//! links.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};
use serde::{Deserialize, Serialize};

use crate::domain::{CaseRef, PersonName, ResidentEmail, Status};

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

/// What every email about a case states, whoever it goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub reference: CaseRef,
    pub category: String,
    pub status: Status,
    pub expected_by: NaiveDate,
}

/// Sent to a registered resident when an officer changes their case's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub to: ResidentEmail,
    pub name: PersonName,
    pub facts: CaseFacts,
    /// The officer's note for the resident, if they wrote one.
    pub note: Option<String>,
    pub status_url: String,
    pub council: String,
}

/// Sent to a registered resident when their case is completed: how it went, and a way back
/// if it is not fixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    pub to: ResidentEmail,
    pub name: PersonName,
    pub facts: CaseFacts,
    pub note: Option<String>,
    pub status_url: String,
    /// Five links, rating 1 to 5.
    pub rating_urls: Vec<String>,
    pub reopen_url: String,
    pub council: String,
}

/// Sent to a registered resident when their case passes its expected date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateForResident {
    pub to: ResidentEmail,
    pub name: PersonName,
    pub facts: CaseFacts,
    pub team: TeamContact,
    pub status_url: String,
    pub council: String,
}

/// Who inside the council hears that a case is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffAudience {
    Team,
    Escalation,
}

/// Sent to the responsible team, and to its escalation contact, when a case is late.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateForStaff {
    pub to: String,
    pub audience: StaffAudience,
    pub team: String,
    pub facts: CaseFacts,
    pub ward: String,
    pub case_url: String,
    pub council: String,
}

/// A one-time link to sign in to the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInLink {
    pub to: String,
    pub name: String,
    pub url: String,
    pub valid_minutes: i64,
    pub council: String,
}

/// Something to tell someone, as stored in the outbox until it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    Acknowledgement(Acknowledgement),
    StatusUpdate(StatusUpdate),
    Completion(Completion),
    LateForResident(LateForResident),
    LateForStaff(LateForStaff),
    SignInLink(SignInLink),
}

impl Notice {
    /// The case the notice is about, for logs (never the recipient).
    pub fn reference(&self) -> Option<&CaseRef> {
        match self {
            Notice::Acknowledgement(a) => Some(&a.reference),
            Notice::StatusUpdate(n) => Some(&n.facts.reference),
            Notice::Completion(n) => Some(&n.facts.reference),
            Notice::LateForResident(n) => Some(&n.facts.reference),
            Notice::LateForStaff(n) => Some(&n.facts.reference),
            Notice::SignInLink(_) => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Acknowledgement(_) => "acknowledgement",
            Notice::StatusUpdate(_) => "status_update",
            Notice::Completion(_) => "completion",
            Notice::LateForResident(_) => "late_for_resident",
            Notice::LateForStaff(_) => "late_for_staff",
            Notice::SignInLink(_) => "sign_in_link",
        }
    }

    pub fn render(&self) -> RenderedEmail {
        match self {
            Notice::Acknowledgement(a) => acknowledgement(a),
            Notice::StatusUpdate(n) => status_update(n),
            Notice::Completion(n) => completion(n),
            Notice::LateForResident(n) => late_for_resident(n),
            Notice::LateForStaff(n) => late_for_staff(n),
            Notice::SignInLink(n) => sign_in_link(n),
        }
    }
}

fn facts_text(f: &CaseFacts) -> String {
    format!(
        "Reference: {}\nType of problem: {}\nStatus: {}\nExpected by: {}\n",
        f.reference,
        f.category,
        f.status.label(),
        long_date(f.expected_by)
    )
}

fn facts_html(f: &CaseFacts) -> Markup {
    html! {
        table style="border-collapse: collapse; margin: 20px 0;" {
            @for (k, v) in [("Reference", f.reference.to_string()), ("Type of problem", f.category.clone()), ("Status", f.status.label().to_owned()), ("Expected by", long_date(f.expected_by))] {
                tr {
                    th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { (k) }
                    td style="padding: 4px 0;" { (v) }
                }
            }
        }
    }
}

fn note_text(note: &Option<String>) -> String {
    note.as_ref()
        .map(|n| format!("\nNOTE FROM THE COUNCIL\n{n}\n"))
        .unwrap_or_default()
}

fn note_html(note: &Option<String>) -> Markup {
    html! {
        @if let Some(n) = note {
            h2 style="font-size: 24px;" { "Note from the council" }
            p style="white-space: pre-wrap;" { (n) }
        }
    }
}

fn status_update(n: &StatusUpdate) -> RenderedEmail {
    let subject = format!(
        "Your report {} is now: {}",
        n.facts.reference,
        n.facts.status.label().to_lowercase()
    );
    let text = format!(
        "Dear {name},\n\nThere is news about the problem you reported to {council}.\n\n{facts}{note}\nCheck progress: {url}\n\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        url = n.status_url,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "There is news about the problem you reported to " (n.council) "." }
            (facts_html(&n.facts))
            (note_html(&n.note))
            p { a href=(n.status_url) { "Check progress of your report" } }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

fn completion(n: &Completion) -> RenderedEmail {
    let subject = format!(
        "Your report {} is done: {}",
        n.facts.reference,
        n.facts.status.label().to_lowercase()
    );
    let ratings_text: String = n
        .rating_urls
        .iter()
        .enumerate()
        .map(|(i, url)| format!("  {} out of 5: {url}\n", i + 1))
        .collect();
    let text = format!(
        "Dear {name},\n\nWe have finished dealing with the problem you reported to {council}.\n\n{facts}{note}\n\
         HOW DID WE DO?\nChoose a rating (1 is very poor, 5 is very good):\n{ratings}\n\
         IS IT NOT FIXED?\nIf the problem is still there, tell us within 28 days and we will reopen your report:\n{reopen}\n\n\
         Check your report: {url}\n\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        ratings = ratings_text,
        reopen = n.reopen_url,
        url = n.status_url,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "We have finished dealing with the problem you reported to " (n.council) "." }
            (facts_html(&n.facts))
            (note_html(&n.note))
            h2 style="font-size: 24px;" { "How did we do?" }
            p { "Choose a rating (1 is very poor, 5 is very good):" }
            p {
                @for (i, url) in n.rating_urls.iter().enumerate() {
                    a href=(url) style="display: inline-block; padding: 8px 14px; margin: 0 6px 6px 0; border: 2px solid #1d70b8;" { (i + 1) " out of 5" }
                }
            }
            h2 style="font-size: 24px;" { "Is it not fixed?" }
            p { "If the problem is still there, tell us within 28 days and we will reopen your report." }
            p { a href=(n.reopen_url) { "This is not fixed" } }
            p { a href=(n.status_url) { "Check your report" } }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

fn late_for_resident(n: &LateForResident) -> RenderedEmail {
    let subject = format!("Your report {} is taking longer than it should", n.facts.reference);
    let text = format!(
        "Dear {name},\n\nWe are sorry: the problem you reported to {council} has not been dealt with by the date we gave you.\n\n\
         {facts}\nWHAT HAPPENS NEXT\nThe {team} team and its manager have been told. They will deal with it as soon as they can, \
         and we will email you when it is done.\n\nIf you need to talk to someone, contact the {team} team:\n\
         Email: {email}\nTelephone: {phone}\nQuote your reference, {reference}.\n\nCheck progress: {url}\n\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        team = n.team.name,
        email = n.team.email,
        phone = n.team.phone,
        reference = n.facts.reference,
        url = n.status_url,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "We are sorry: the problem you reported to " (n.council) " has not been dealt with by the date we gave you." }
            (facts_html(&n.facts))
            h2 style="font-size: 24px;" { "What happens next" }
            p { "The " (n.team.name) " team and its manager have been told. They will deal with it as soon as they can, and we will email you when it is done." }
            p {
                "If you need to talk to someone, contact the " (n.team.name) " team:" br;
                "Email: " a href={ "mailto:" (n.team.email) } { (n.team.email) } br;
                "Telephone: " (n.team.phone) br;
                "Quote your reference, " (n.facts.reference) "."
            }
            p { a href=(n.status_url) { "Check progress of your report" } }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

fn late_for_staff(n: &LateForStaff) -> RenderedEmail {
    let (subject, lead) = match n.audience {
        StaffAudience::Team => (
            format!("Late: {} ({}, {})", n.facts.reference, n.facts.category, n.ward),
            format!("A case in the {} queue has passed its expected date.", n.team),
        ),
        StaffAudience::Escalation => (
            format!("Escalation: {} is late ({} team)", n.facts.reference, n.team),
            format!(
                "A case for the {} team has passed its expected date. You are its escalation contact.",
                n.team
            ),
        ),
    };
    let text = format!(
        "{lead}\n\n{facts}Ward: {ward}\n\nOpen the case: {url}\n\n{council}\n",
        facts = facts_text(&n.facts),
        ward = n.ward,
        url = n.case_url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { (lead) }
            (facts_html(&n.facts))
            p { strong { "Ward: " } (n.ward) }
            p { a href=(n.case_url) { "Open the case" } }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.clone(),
        subject,
        text,
        html,
    }
}

fn sign_in_link(n: &SignInLink) -> RenderedEmail {
    let subject = format!("Sign in to {}", n.council);
    let text = format!(
        "Dear {name},\n\nUse this link to sign in. It works once, for {minutes} minutes:\n{url}\n\n\
         If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.\n\n{council}\n",
        name = n.name,
        minutes = n.valid_minutes,
        url = n.url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "Use this link to sign in. It works once, for " (n.valid_minutes) " minutes:" }
            p { a href=(n.url) { "Sign in to " (n.council) } }
            p { "If you did not ask to sign in, you can ignore this email: nobody can sign in without the link." }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.clone(),
        subject,
        text,
        html,
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

    fn facts() -> CaseFacts {
        CaseFacts {
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: "Fly-tipping".into(),
            status: Status::InProgress,
            expected_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        }
    }

    fn every_kind() -> Vec<Notice> {
        let a = sample();
        vec![
            Notice::Acknowledgement(a.clone()),
            Notice::StatusUpdate(StatusUpdate {
                to: a.to.clone(),
                name: a.name.clone(),
                facts: facts(),
                note: Some("Crew booked for Thursday".into()),
                status_url: a.status_url.clone(),
                council: a.council.clone(),
            }),
            Notice::Completion(Completion {
                to: a.to.clone(),
                name: a.name.clone(),
                facts: CaseFacts {
                    status: Status::Fixed,
                    ..facts()
                },
                note: None,
                status_url: a.status_url.clone(),
                rating_urls: (1..=5)
                    .map(|i| format!("https://report.ashworth.example/feedback/tok?rating={i}"))
                    .collect(),
                reopen_url: "https://report.ashworth.example/reopen/tok".into(),
                council: a.council.clone(),
            }),
            Notice::LateForResident(LateForResident {
                to: a.to.clone(),
                name: a.name.clone(),
                facts: facts(),
                team: a.team.clone(),
                status_url: a.status_url.clone(),
                council: a.council.clone(),
            }),
            Notice::LateForStaff(LateForStaff {
                to: "ss@ashworth.example".into(),
                audience: StaffAudience::Escalation,
                team: "Street Scene".into(),
                facts: facts(),
                ward: "Riverside".into(),
                case_url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                council: a.council.clone(),
            }),
            Notice::SignInLink(SignInLink {
                to: "jane@ashworth.example".into(),
                name: "Jane".into(),
                url: "https://report.ashworth.example/sign-in/abc".into(),
                valid_minutes: 15,
                council: a.council.clone(),
            }),
        ]
    }

    #[test]
    fn every_email_carries_the_same_links_in_html_and_text() {
        for n in every_kind() {
            let e = n.render();
            let text_links = links_in_text(&e.text);
            assert!(!text_links.is_empty(), "{}", n.kind());
            assert_eq!(text_links, links_in_html(&e.html), "{}", n.kind());
        }
    }

    #[test]
    fn every_case_email_states_the_reference_category_status_and_expected_date() {
        for n in every_kind()
            .into_iter()
            .filter(|n| n.reference().is_some() && n.kind() != "acknowledgement")
        {
            let e = n.render();
            for part in [&e.text, &e.html] {
                for fact in ["FK7M-3RTW", "Fly-tipping", "Friday 4 December 2026"] {
                    assert!(part.contains(fact), "{} lacks {fact}", n.kind());
                }
                assert!(
                    part.contains("In progress") || part.contains("Fixed"),
                    "{} lacks the status",
                    n.kind()
                );
            }
        }
    }

    #[test]
    fn a_completion_offers_five_ratings_and_a_way_to_reopen() {
        let e = every_kind()[2].render();
        for i in 1..=5 {
            assert!(e.text.contains(&format!("rating={i}")));
        }
        assert!(e.text.contains("/reopen/tok") && e.text.contains("28 days"));
    }

    #[test]
    fn a_notice_survives_the_outbox_round_trip() {
        let n = Notice::Acknowledgement(sample());
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
    }
}
