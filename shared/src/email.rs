//! The emails wardline sends. Each is a [`Notice`] (the data, stored in the outbox) rendered
//! to HTML and plain text from the same values, so the two always carry the same facts and
//! links.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};
use serde::{Deserialize, Serialize};

use crate::domain::redaction::{CouncillorView, FullReason};
use crate::domain::{CaseRef, CouncillorId, PersonName, ResidentEmail, Status, WardId};

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
    /// The resident's page for sharing this case with their councillors.
    #[serde(default)]
    pub sharing_url: String,
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
    #[serde(default)]
    pub sharing_url: String,
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
    #[serde(default)]
    pub sharing_url: String,
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
    #[serde(default)]
    pub sharing_url: String,
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

/// A link to a resident's data: a copy of everything held, and erasure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataRequestLink {
    pub to: ResidentEmail,
    pub url: String,
    pub valid_minutes: i64,
    pub council: String,
}

/// What happened to a case a councillor follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseNews {
    StatusChanged { to: Status },
    Completed { to: Status },
    Late,
}

/// Told to a councillor about a case they follow. What it may say of the case is decided
/// when it is sent, by the redaction function, from the consent current at that moment: this
/// notice itself holds nothing personal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncillorNews {
    pub to: String,
    pub councillor: CouncillorId,
    pub councillor_name: String,
    pub wards: Vec<WardId>,
    pub reference: CaseRef,
    pub news: CaseNews,
    pub category: String,
    pub ward: String,
    pub expected_by: NaiveDate,
    pub case_url: String,
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
    DataRequestLink(DataRequestLink),
    CouncillorNews(CouncillorNews),
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
            Notice::CouncillorNews(n) => Some(&n.reference),
            Notice::SignInLink(_) | Notice::DataRequestLink(_) => None,
        }
    }

    /// Who it goes to, as an address (never logged).
    pub fn recipient(&self) -> &str {
        match self {
            Notice::Acknowledgement(n) => n.to.as_str(),
            Notice::StatusUpdate(n) => n.to.as_str(),
            Notice::Completion(n) => n.to.as_str(),
            Notice::LateForResident(n) => n.to.as_str(),
            Notice::LateForStaff(n) => &n.to,
            Notice::SignInLink(n) => &n.to,
            Notice::DataRequestLink(n) => n.to.as_str(),
            Notice::CouncillorNews(n) => &n.to,
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
            Notice::DataRequestLink(_) => "data_request_link",
            Notice::CouncillorNews(_) => "councillor_news",
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
            Notice::DataRequestLink(n) => data_request_link(n),
            // Without a view, only what the notice says (nothing personal); the notifier
            // renders it with the councillor's view of the case instead.
            Notice::CouncillorNews(n) => councillor_news(n, None),
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

fn sharing_text(url: &str) -> String {
    if url.is_empty() {
        return String::new();
    }
    format!(
        "\nYOUR LOCAL COUNCILLOR\nChoose whether your ward councillors may see your name, contact details and this report, \
         or change your mind: {url}\n"
    )
}

fn sharing_html(url: &str) -> Markup {
    html! {
        @if !url.is_empty() {
            h2 style="font-size: 24px;" { "Your local councillor" }
            p { "Choose whether your ward councillors may see your name, contact details and this report, or change your mind." }
            p { a href=(url) { "Sharing with your councillor" } }
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
        "Dear {name},\n\nThere is news about the problem you reported to {council}.\n\n{facts}{note}\nCheck progress: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "There is news about the problem you reported to " (n.council) "." }
            (facts_html(&n.facts))
            (note_html(&n.note))
            p { a href=(n.status_url) { "Check progress of your report" } }
            (sharing_html(&n.sharing_url))
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
         Check your report: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        ratings = ratings_text,
        reopen = n.reopen_url,
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
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
            (sharing_html(&n.sharing_url))
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
         Email: {email}\nTelephone: {phone}\nQuote your reference, {reference}.\n\nCheck progress: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        team = n.team.name,
        email = n.team.email,
        phone = n.team.phone,
        reference = n.facts.reference,
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
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
            (sharing_html(&n.sharing_url))
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

fn data_request_link(n: &DataRequestLink) -> RenderedEmail {
    let subject = format!("Your data held by {}", n.council);
    let text = format!(
        "Someone, we hope you, asked to see the data {council} holds about this email address from its reporting service.\n\n\
         Use this link to download a copy or to ask us to erase it. It works for {minutes} minutes:\n{url}\n\n\
         If you did not ask, you can ignore this email: nobody can see your data without the link.\n\n{council}\n",
        council = n.council,
        minutes = n.valid_minutes,
        url = n.url,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Someone, we hope you, asked to see the data " (n.council) " holds about this email address from its reporting service." }
            p { "Use this link to download a copy or to ask us to erase it. It works for " (n.valid_minutes) " minutes:" }
            p { a href=(n.url) { "Your data" } }
            p { "If you did not ask, you can ignore this email: nobody can see your data without the link." }
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

/// What a councillor's email may say of the case beyond the notice's own facts: only what
/// [`crate::domain::redaction::councillor_view`] allowed.
pub struct CouncillorDetail<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub description: &'a str,
    pub address: Option<&'a str>,
    /// Why they may see it: "The resident agreed to share it with you." or "You logged it."
    pub reason: &'static str,
}

impl<'a> CouncillorDetail<'a> {
    /// What the redaction function's view lets a councillor's email say of the resident:
    /// `None` unless it shows the case whole and the resident left contact details.
    pub fn from_view(view: &'a CouncillorView) -> Option<CouncillorDetail<'a>> {
        let CouncillorView::Full {
            reason,
            details: Some(details),
            ..
        } = view
        else {
            return None;
        };
        let reporter = details.reporter.as_ref()?;
        Some(CouncillorDetail {
            name: reporter.name.as_str(),
            email: reporter.email.as_str(),
            phone: reporter.phone.as_ref().map(|p| p.as_str()),
            description: details.description.as_str(),
            address: details.location.address.as_deref(),
            reason: match reason {
                FullReason::Consented => "The resident agreed to share their details with you.",
                FullReason::LoggedByThem => "You logged this case.",
            },
        })
    }
}

/// An email to a councillor about a case they follow. `detail` is `None` unless the
/// redaction function gave them the whole case.
pub fn councillor_news(n: &CouncillorNews, detail: Option<&CouncillorDetail<'_>>) -> RenderedEmail {
    let (subject, lead) = match n.news {
        CaseNews::StatusChanged { to } => (
            format!("{}: now {}", n.reference, to.label().to_lowercase()),
            format!("A case you follow is now: {}.", to.label().to_lowercase()),
        ),
        CaseNews::Completed { to } => (
            format!("{}: done ({})", n.reference, to.label().to_lowercase()),
            format!("A case you follow is done: {}.", to.label().to_lowercase()),
        ),
        CaseNews::Late => (
            format!("{} is late", n.reference),
            "A case you follow has passed the date it should have been done by. The team and its manager have been told."
                .to_owned(),
        ),
    };
    let detail_text = detail
        .map(|d| {
            format!(
                "\n{reason}\nReported by: {name}\nEmail: {email}\n{phone}{address}Description: {description}\n",
                reason = d.reason,
                name = d.name,
                email = d.email,
                phone = d.phone.map(|p| format!("Telephone: {p}\n")).unwrap_or_default(),
                address = d.address.map(|a| format!("Location: {a}\n")).unwrap_or_default(),
                description = d.description,
            )
        })
        .unwrap_or_default();
    let text = format!(
        "Dear {name},\n\n{lead}\n\nReference: {reference}\nType of problem: {category}\nWard: {ward}\nExpected by: {expected}\n\
         {detail_text}\nOpen the case: {url}\n\n{council}\n",
        name = n.councillor_name,
        reference = n.reference,
        category = n.category,
        ward = n.ward,
        expected = long_date(n.expected_by),
        url = n.case_url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.councillor_name) "," }
            p { (lead) }
            table style="border-collapse: collapse; margin: 20px 0;" {
                @for (k, v) in [("Reference", n.reference.to_string()), ("Type of problem", n.category.clone()), ("Ward", n.ward.clone()), ("Expected by", long_date(n.expected_by))] {
                    tr {
                        th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { (k) }
                        td style="padding: 4px 0;" { (v) }
                    }
                }
            }
            @if let Some(d) = detail {
                p { (d.reason) }
                table style="border-collapse: collapse; margin: 20px 0;" {
                    tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Reported by" } td { (d.name) } }
                    tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Email" } td { (d.email) } }
                    @if let Some(p) = d.phone { tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Telephone" } td { (p) } } }
                    @if let Some(a) = d.address { tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Location" } td { (a) } } }
                    tr { th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { "Description" } td style="white-space: pre-wrap;" { (d.description) } }
                }
            }
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
         Quote your reference, {reference}.\n\
         {sharing}\n\
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
        sharing = sharing_text(&a.sharing_url),
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
            (sharing_html(&a.sharing_url))
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
            sharing_url: "https://report.ashworth.example/consent/tok".into(),
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
            vec![
                "https://report.ashworth.example/reports/FK7M-3RTW",
                "https://report.ashworth.example/consent/tok"
            ]
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
                sharing_url: a.sharing_url.clone(),
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
                sharing_url: a.sharing_url.clone(),
                council: a.council.clone(),
            }),
            Notice::LateForResident(LateForResident {
                to: a.to.clone(),
                name: a.name.clone(),
                facts: facts(),
                team: a.team.clone(),
                status_url: a.status_url.clone(),
                sharing_url: a.sharing_url.clone(),
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
            Notice::DataRequestLink(DataRequestLink {
                to: a.to.clone(),
                url: "https://report.ashworth.example/your-data/tok".into(),
                valid_minutes: 60,
                council: a.council.clone(),
            }),
            Notice::CouncillorNews(CouncillorNews {
                to: "amira.patel@ashworth.example".into(),
                councillor: CouncillorId::parse("amira-patel").unwrap(),
                councillor_name: "Cllr Amira Patel".into(),
                wards: vec![WardId::parse("riverside").unwrap()],
                reference: a.reference.clone(),
                news: CaseNews::Late,
                category: "Fly-tipping".into(),
                ward: "Riverside".into(),
                expected_by: a.expected_by,
                case_url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                council: a.council.clone(),
            }),
        ]
    }

    #[test]
    fn every_email_to_a_resident_about_their_case_carries_their_sharing_link() {
        for n in every_kind() {
            if matches!(
                n,
                Notice::Acknowledgement(_)
                    | Notice::StatusUpdate(_)
                    | Notice::Completion(_)
                    | Notice::LateForResident(_)
            ) {
                let e = n.render();
                assert!(links_in_text(&e.text).contains(&"https://report.ashworth.example/consent/tok".to_owned()));
                assert!(e.text.contains("YOUR LOCAL COUNCILLOR"), "{}", n.kind());
            }
        }
    }

    #[test]
    fn a_councillors_email_shows_the_resident_only_when_given_the_detail() {
        let Some(Notice::CouncillorNews(news)) = every_kind().pop() else {
            unreachable!()
        };
        let bare = councillor_news(&news, None);
        let detail = CouncillorDetail {
            name: "Jo Bloggs",
            email: "jo@example.com",
            phone: None,
            description: "A sofa by the gate",
            address: None,
            reason: "The resident agreed to share it with you.",
        };
        let full = councillor_news(&news, Some(&detail));
        for part in [&bare.text, &bare.html] {
            assert!(part.contains("FK7M-3RTW") && part.contains("Riverside"));
            assert!(!part.contains("Jo Bloggs") && !part.contains("jo@example.com") && !part.contains("sofa"));
        }
        for part in [&full.text, &full.html] {
            assert!(part.contains("Jo Bloggs") && part.contains("jo@example.com") && part.contains("sofa"));
        }
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
            .filter(|n| n.reference().is_some() && !matches!(n.kind(), "acknowledgement" | "councillor_news"))
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
