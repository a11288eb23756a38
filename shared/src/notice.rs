//! What each email says, as data: the outbox's payload, stored until the email is sent.
//! Rendering is apart (the `email` module), so a change of wording never changes what is
//! stored, and the ports carry this payload without knowing about emails.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::lang::is_english;
use crate::domain::{CaseRef, CouncillorId, Lang, PersonName, ResidentEmail, Status, WardId};

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
    /// What they told us, and where (the address, or that they marked the map): so the
    /// email says what was reported. Empty in notices stored before they were added.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// The standard in working days, for "within 10 working days"; 0 in older notices.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub standard_days: u16,
    /// Whether they chose to share it with their councillors (`None` in older notices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_with_councillor: Option<bool>,
    /// The councillor who logged it for them, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<String>,
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
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
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
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
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
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
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
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
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

/// A case reopened by its resident ("this is not fixed"), for the team and its escalation
/// contact: what the resident says is still wrong, and the new expected date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReopenedForStaff {
    pub to: String,
    pub audience: StaffAudience,
    pub team: String,
    pub facts: CaseFacts,
    pub ward: String,
    /// The resident's words.
    pub still_wrong: String,
    pub case_url: String,
    pub council: String,
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

/// A one-time link to sign in to the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInLink {
    pub to: String,
    pub name: String,
    pub url: String,
    pub valid_minutes: i64,
    pub council: String,
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

/// A link to a resident's data: a copy of everything held, and erasure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataRequestLink {
    pub to: ResidentEmail,
    pub url: String,
    pub valid_minutes: i64,
    pub council: String,
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
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
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

/// A councillor's digest: their wards' figures for a period, the cases that went late in
/// it, and the cases they follow that changed. Figures and case facts only: nothing here
/// can carry a resident's personal details (the lists come from the redaction function's
/// list view), so it is built whole when queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub to: String,
    pub councillor_name: String,
    pub council: String,
    /// "week beginning Monday 16 November 2026", or the day.
    pub period: String,
    /// A day's digest, not a week's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub daily: bool,
    pub wards: Vec<DigestWard>,
    /// Cases they follow that changed in the period (at most [`DIGEST_LIST`]).
    pub followed: Vec<DigestCase>,
    pub followed_more: usize,
    pub settings_url: String,
    /// The language it is written in: the resident's (the case's), or the reader's.
    #[serde(default, skip_serializing_if = "is_english")]
    pub lang: Lang,
}

/// The most cases a digest lists in one list; the rest are counted ("and 4 more").
pub const DIGEST_LIST: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestWard {
    pub ward: String,
    /// For the chart's Content-ID.
    pub ward_id: String,
    /// The period, the last 4 weeks and the financial year to date.
    pub rows: Vec<DigestFigures>,
    /// Open and past their standard at the end of the period.
    pub late_at_end: i64,
    /// Each type of problem with anything completed in the financial year to date.
    pub by_category: Vec<DigestFigures>,
    /// The 13 weeks of the chart, oldest first: (week's Monday label, new, completed).
    pub weeks: Vec<(String, i64, i64)>,
    /// Every case that went late in the period (at most [`DIGEST_LIST`]), and how many more.
    pub went_late: Vec<DigestCase>,
    pub went_late_more: usize,
    pub dashboard_url: String,
    pub map_url: String,
}

/// One row of figures: what it covers, and the counts a rating is made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestFigures {
    pub label: String,
    pub new: i64,
    pub completed: i64,
    pub within_standard: i64,
    pub target: u8,
    pub floor: u8,
}

/// A case as a digest lists it: facts only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestCase {
    pub reference: CaseRef,
    pub category: String,
    pub status: crate::domain::Status,
    pub expected_by: NaiveDate,
    pub url: String,
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
    Digest(Digest),
    ReopenedForStaff(ReopenedForStaff),
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
            Notice::ReopenedForStaff(n) => Some(&n.facts.reference),
            Notice::SignInLink(_) | Notice::DataRequestLink(_) | Notice::Digest(_) => None,
        }
    }

    /// The tags SES carries with the email into a bounce or complaint: who it is for and,
    /// for a resident's, the case (no address: tags are not secret).
    pub fn mail_tags(&self) -> Vec<(&'static str, String)> {
        use crate::bounce::{AUDIENCE_TAG, CASE_TAG};
        let resident = matches!(
            self,
            Notice::Acknowledgement(_)
                | Notice::StatusUpdate(_)
                | Notice::Completion(_)
                | Notice::LateForResident(_)
                | Notice::DataRequestLink(_)
        );
        let mut tags = vec![(AUDIENCE_TAG, if resident { "resident" } else { "staff" }.to_owned())];
        if resident && let Some(reference) = self.reference() {
            tags.push((CASE_TAG, reference.to_string()));
        }
        tags
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
            Notice::Digest(n) => &n.to,
            Notice::ReopenedForStaff(n) => &n.to,
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
            Notice::Digest(_) => "digest",
            Notice::ReopenedForStaff(_) => "reopened_for_staff",
        }
    }
}
