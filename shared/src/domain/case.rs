//! A case: one reported problem, from intake to completion.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::WorkingCalendar;
use super::category::{Category, CategoryId, TeamId};
use super::geo::LatLng;
use super::lang::Lang;
use super::reference::CaseRef;
use super::report::{Description, NewReport};
use super::reporter::ResidentContact;
use super::status::Status;
use super::ward::{CouncillorId, WardId};

pub use super::geo::Location;

/// How a report reached the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    WebForm,
    Api,
    /// Logged by a councillor in the portal.
    Councillor,
    /// Posted by an app or back office through Open311 GeoReport v2.
    Open311,
    /// Brought over from the council's previous system (`wardline import`).
    Import,
}

/// A councillor logged the case: for a constituent, or as a resident themself. The two are
/// different things and the case says which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedBy {
    pub councillor: CouncillorId,
    pub capacity: Capacity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// On behalf of a constituent, whose details the case holds.
    ForConstituent,
    /// As a resident: the councillor is the reporter.
    AsResident,
}

/// The parts of a case that identify or could identify a person. Held apart from the rest so
/// erasure and anonymisation remove them whole and leave the case's statistics behind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalDetails {
    pub description: Description,
    pub location: Location,
    pub reporter: Option<ResidentContact>,
    /// A keyed hash of the reporter's email, so subject access and erasure can find their
    /// cases without searching for the address itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_key: Option<String>,
    /// The photos the resident sent (re-encoded, kept in the photo store under the case):
    /// personal data, gone with the rest on erasure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoMeta>,
}

/// One kept photo: its id in the photo store and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoMeta {
    pub id: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub reference: CaseRef,
    pub category: CategoryId,
    /// The team responsible when the case was logged.
    pub team: TeamId,
    pub ward: WardId,
    pub status: Status,
    pub channel: Channel,
    pub submitted_at: DateTime<Utc>,
    /// The date the work should be done by, computed once at intake from the standard.
    pub expected_by: NaiveDate,
    /// The moment the case becomes late (the end of `expected_by` in London).
    pub overdue_from: DateTime<Utc>,
    /// ~100 m: enough for a map of the ward, not enough to find a house.
    pub coarse_location: Option<LatLng>,
    /// Whether the reporter left contact details (so whether they are emailed).
    pub registered: bool,
    /// Set once the people concerned have been told the case is late; never unset, so a
    /// case is reported late once however often it is reopened.
    #[serde(default)]
    pub breach_notified: bool,
    /// When the case last moved to a closed status; `None` while open.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// When its status, type, ward or expected date last changed (`None` until the first
    /// change, and on cases stored before this was kept): Open311's `updated_datetime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    /// The reference the case had in the system it was imported from (its own reference is
    /// [`CaseRef::for_original`] of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_reference: Option<String>,
    /// Bumped by every change; updates are conditional on the version the writer saw.
    pub version: u32,
    /// The councillor who logged it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<LoggedBy>,
    /// `None` once erased or anonymised.
    pub personal: Option<PersonalDetails>,
    /// The language the resident reported in: every email about the case is in it.
    #[serde(default)]
    pub lang: Lang,
}

impl Case {
    /// Due for anonymisation if `cutoff` is the end of the retention period: its retention
    /// period started before `cutoff` (see [`Case::retention_from`]).
    pub fn closed_before(&self, cutoff: DateTime<Utc>) -> bool {
        self.retention_from().is_some_and(|at| at < cutoff)
    }

    /// When the retention period of a closed case still holding personal details starts:
    /// when it was closed; or at once (the Unix epoch, before any cutoff) if the resident
    /// already had their contact details erased, since its description and location were
    /// kept only while the job was open. `None` while open or once nothing personal is left.
    pub fn retention_from(&self) -> Option<DateTime<Utc>> {
        if !self.awaits_anonymisation() {
            return None;
        }
        if self.details_erased() {
            Some(DateTime::UNIX_EPOCH)
        } else {
            self.closed_at
        }
    }

    /// A new, open case for a report, with its due date worked out from the category's standard.
    pub fn open(
        reference: CaseRef,
        report: NewReport,
        category: &Category,
        calendar: &WorkingCalendar,
        channel: Channel,
        submitted_at: DateTime<Utc>,
    ) -> Case {
        let expected_by = calendar.due_date(submitted_at, category.standard.working_days);
        let reporter = report.reporter.contact().cloned();
        Case {
            reference,
            category: report.category,
            team: category.team.clone(),
            ward: report.ward,
            status: Status::Open,
            channel,
            submitted_at,
            expected_by,
            overdue_from: calendar.overdue_from(expected_by),
            coarse_location: report.location.pin.map(LatLng::coarse),
            registered: reporter.is_some(),
            breach_notified: false,
            closed_at: None,
            updated_at: None,
            original_reference: None,
            version: 1,
            lang: Lang::default(),
            personal: Some(PersonalDetails {
                description: report.description,
                location: report.location,
                reporter,
                resident_key: None,
                photos: Vec::new(),
            }),
            logged_by: None,
        }
    }

    /// The resident left contact details and they have since been erased (at their request
    /// or by retention): nothing a link in their old emails sends may be stored.
    pub fn details_erased(&self) -> bool {
        self.registered && self.reporter().is_none()
    }

    pub fn reporter(&self) -> Option<&ResidentContact> {
        self.personal.as_ref().and_then(|p| p.reporter.as_ref())
    }

    /// Open and past its standard: by the clock, or because it was reported late (the
    /// sweep's record stands even if a list is read with another idea of the time).
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && (self.breach_notified || now >= self.overdue_from)
    }

    /// Whether the case belongs in the sweep's index: open, and nobody told yet that it is late.
    pub fn awaits_breach_check(&self) -> bool {
        self.status.is_open() && !self.breach_notified
    }

    /// The case after an officer moves it to `to`. "On hold" pauses nothing: the expected
    /// date is what it was.
    pub fn with_status(&self, to: Status, now: DateTime<Utc>) -> Result<Case, TransitionError> {
        if to == self.status {
            return Err(TransitionError::Unchanged);
        }
        let mut next = self.clone();
        next.status = to;
        next.closed_at = if to.is_open() {
            None
        } else {
            self.closed_at.filter(|_| !self.status.is_open()).or(Some(now))
        };
        next.updated_at = Some(now);
        next.version += 1;
        Ok(next)
    }

    /// The case with its type of problem or ward corrected: the team is the new category's,
    /// and the expected date is counted again from the original submission with the new
    /// standard. A case that is no longer past its new date may be reported late again when
    /// it is.
    pub fn corrected(&self, category: &Category, ward: WardId, calendar: &WorkingCalendar, now: DateTime<Utc>) -> Case {
        let mut next = self.clone();
        next.category = category.id.clone();
        next.team = category.team.clone();
        next.ward = ward;
        next.expected_by = calendar.due_date(self.submitted_at, category.standard.working_days);
        next.overdue_from = calendar.overdue_from(next.expected_by);
        if next.overdue_from > now {
            next.breach_notified = false;
        }
        next.updated_at = Some(now);
        next.version += 1;
        next
    }

    /// The case with where it is corrected (the pin, the address or both), and its coarse
    /// location with it. Nothing to correct once the details are gone (erased, anonymised).
    pub fn relocated(&self, location: super::geo::Location) -> Case {
        let mut next = self.clone();
        if let Some(p) = next.personal.as_mut() {
            next.coarse_location = location.pin.map(LatLng::coarse);
            p.location = location;
        }
        next
    }

    /// The case reopened by its resident ("this is not fixed"), within [`REOPEN_WINDOW`] of
    /// being closed.
    pub fn reopened(&self, now: DateTime<Utc>) -> Result<Case, TransitionError> {
        let closed_at = match (self.status.is_open(), self.closed_at) {
            (false, Some(at)) => at,
            _ => return Err(TransitionError::NotClosed),
        };
        if now > closed_at + REOPEN_WINDOW {
            return Err(TransitionError::TooLateToReopen);
        }
        let mut next = self.clone();
        next.status = Status::Open;
        next.closed_at = None;
        next.updated_at = Some(now);
        next.version += 1;
        Ok(next)
    }

    /// The case reopened by its resident with a new expected date, counted from `now` with
    /// its category's standard (`working_days`): the resident is owed a new date, and the
    /// sweep may report it late again.
    pub fn reopened_with_new_date(
        &self,
        working_days: u16,
        calendar: &WorkingCalendar,
        now: DateTime<Utc>,
    ) -> Result<Case, TransitionError> {
        let mut next = self.reopened(now)?;
        next.expected_by = calendar.due_date(now, working_days);
        next.overdue_from = calendar.overdue_from(next.expected_by);
        next.breach_notified = false;
        Ok(next)
    }

    /// The case once everyone concerned has been told it is late.
    pub fn breach_recorded(&self) -> Case {
        let mut next = self.clone();
        next.breach_notified = true;
        next.version += 1;
        next
    }

    /// Whether the case belongs in the retention index: closed, and still holding personal
    /// details (anonymised once it has been closed for the council's retention period).
    pub fn awaits_anonymisation(&self) -> bool {
        self.personal.is_some() && !self.status.is_open() && self.closed_at.is_some()
    }

    /// What erasure leaves of the case. A closed case loses every personal detail. An open
    /// one loses the reporter's name and contact details at once but keeps what the job
    /// needs (description, location) until it closes: the right to erasure does not reach
    /// data needed for a task in the public interest (UK GDPR art. 17(3)(b)). The rest goes
    /// at the next retention run after it closes ([`Case::retention_from`]).
    pub fn erased(&self) -> Case {
        if !self.status.is_open() {
            return self.without_personal();
        }
        let mut next = self.clone();
        if let Some(p) = &mut next.personal {
            p.reporter = None;
            p.resident_key = None;
        }
        next.version += 1;
        next
    }

    /// Whether erasure would remove anything from the case itself (consent records and
    /// free text in the history aside).
    pub fn erasure_would_remove(&self) -> bool {
        match &self.personal {
            None => false,
            Some(_) if !self.status.is_open() => true,
            Some(p) => p.reporter.is_some() || p.resident_key.is_some(),
        }
    }

    /// The case without its personal details: what erasure and anonymisation leave.
    pub fn without_personal(&self) -> Case {
        let mut next = self.clone();
        next.personal = None;
        next.version += 1;
        next
    }

    /// The case with its feedback recorded (the rating itself is in the history).
    pub fn touched(&self) -> Case {
        let mut next = self.clone();
        next.version += 1;
        next
    }
}

/// How long after completion a resident may say "this is not fixed".
pub const REOPEN_WINDOW: chrono::Duration = chrono::Duration::days(28);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the case already has that status")]
    Unchanged,
    #[error("the case is not closed")]
    NotClosed,
    #[error("the case was closed longer ago than the reopen window")]
    TooLateToReopen,
    /// The resident's details were erased: nothing from them is attached to the case again.
    #[error("the resident's details were erased")]
    DetailsErased,
}

/// Who did something to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Actor {
    Resident,
    Officer(String),
    Councillor(String),
    /// wardline itself (the SLA sweep).
    System,
    /// A system outside wardline (a back office, an app) through Open311, by its client id
    /// in the council's configuration.
    Client(String),
}

/// Something that happened to a case. The history is append-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub kind: CaseEventKind,
    #[serde(default = "system")]
    pub actor: Actor,
    /// Free text (an officer's note, a resident's comment): personal data, shown only to
    /// officers, removed on erasure. Never in the public history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A note the officer chose to send the resident with a status change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_note: Option<String>,
    /// The sender's own id for this change (an Open311 client's `update_id`), so a retried
    /// update is recognised and applied once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

fn system() -> Actor {
    Actor::System
}

impl CaseEvent {
    /// The event without its free text, as erasure leaves it.
    pub fn scrubbed(&self) -> CaseEvent {
        CaseEvent {
            text: None,
            public_note: None,
            ..self.clone()
        }
    }

    pub fn new(at: DateTime<Utc>, actor: Actor, kind: CaseEventKind) -> CaseEvent {
        CaseEvent {
            at,
            kind,
            actor,
            text: None,
            public_note: None,
            external_id: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseEventKind {
    Submitted {
        channel: Channel,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    /// The resident, the team and its escalation contact were told the case is late.
    BreachNotified,
    /// An officer wrote a note (to the resident, or internal, or both) without changing
    /// anything else.
    Noted,
    /// An officer corrected the type of problem or the ward (the team, the expected date and
    /// the figures follow).
    Corrected {
        from_category: CategoryId,
        to_category: CategoryId,
        from_ward: WardId,
        to_ward: WardId,
    },
    /// The resident said "this is not fixed".
    Reopened,
    /// The resident rated the outcome, 1–5.
    Feedback {
        rating: u8,
    },
    /// Email to the resident could not be delivered for good (a permanent bounce, or the
    /// address is on SES's suppression list) or they marked it as spam (`complaint`): SES
    /// will not mail them again, so officers must reach them another way. Officers only.
    MailUndelivered {
        complaint: bool,
    },
    /// The personal details were removed: at the resident's request, or by the retention
    /// schedule. The statistics stay.
    Erased {
        reason: ErasureReason,
    },
}

impl CaseEventKind {
    /// The status a case moved to, for events the outside world is told of as updates
    /// (Open311's `servicerequestupdates`): a status change, or the resident reopening it.
    pub fn update_status(&self) -> Option<Status> {
        match self {
            CaseEventKind::StatusChanged { to, .. } => Some(*to),
            CaseEventKind::Reopened => Some(Status::Open),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureReason {
    ResidentRequest,
    Retention,
}

/// A case with its history, oldest event first.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub case: Case,
    pub history: Vec<CaseEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn case(status: Status) -> Case {
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        Case {
            lang: Default::default(),
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: CategoryId::parse("fly-tipping").unwrap(),
            team: TeamId::parse("street-scene").unwrap(),
            ward: WardId::parse("riverside").unwrap(),
            status,
            channel: Channel::Api,
            submitted_at: t,
            expected_by: t.date_naive(),
            overdue_from: t,
            coarse_location: None,
            registered: false,
            breach_notified: false,
            closed_at: None,
            updated_at: None,
            original_reference: None,
            version: 1,
            logged_by: None,
            personal: None,
        }
    }

    fn t(days: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap() + chrono::Duration::days(days)
    }

    #[test]
    fn closing_a_case_records_when_and_bumps_the_version() {
        let fixed = case(Status::InProgress).with_status(Status::Fixed, t(0)).unwrap();
        assert_eq!((fixed.closed_at, fixed.version), (Some(t(0)), 2));
        assert!(!fixed.awaits_breach_check());
    }

    #[test]
    fn the_same_status_again_is_not_a_change() {
        assert_eq!(
            case(Status::Open).with_status(Status::Open, t(0)),
            Err(TransitionError::Unchanged)
        );
    }

    #[test]
    fn a_resident_may_reopen_for_28_days_after_completion_and_not_after() {
        let fixed = case(Status::Open).with_status(Status::Fixed, t(0)).unwrap();
        let reopened = fixed.reopened(t(28)).unwrap();
        assert_eq!((reopened.status, reopened.closed_at), (Status::Open, None));
        assert_eq!(fixed.reopened(t(29)), Err(TransitionError::TooLateToReopen));
        assert_eq!(case(Status::Open).reopened(t(0)), Err(TransitionError::NotClosed));
    }

    #[test]
    fn a_case_reported_late_once_is_never_reported_late_again() {
        let late = case(Status::Open).breach_recorded();
        assert!(!late.awaits_breach_check());
        let reopened = late.with_status(Status::Fixed, t(0)).unwrap().reopened(t(1)).unwrap();
        assert!(!reopened.awaits_breach_check());
    }

    fn with_details(status: Status) -> Case {
        use crate::domain::reporter::{PersonName, ResidentEmail};
        let mut c = case(status);
        c.registered = true;
        c.personal = Some(PersonalDetails {
            description: Description::parse("Sofa by the bins").unwrap(),
            location: Location {
                pin: None,
                address: Some("Back Lane".into()),
            },
            reporter: Some(ResidentContact {
                name: PersonName::parse("Jo Bloggs").unwrap(),
                email: ResidentEmail::parse("jo@example.com").unwrap(),
                phone: None,
            }),
            resident_key: Some("key".into()),
            photos: Vec::new(),
        });
        c
    }

    #[test]
    fn erasing_an_open_case_removes_the_contact_details_and_keeps_what_the_job_needs() {
        let open = with_details(Status::InProgress);
        let erased = open.erased();
        let p = erased.personal.as_ref().unwrap();
        assert_eq!((p.reporter.is_none(), p.resident_key.is_none()), (true, true));
        assert_eq!(p.description.as_str(), "Sofa by the bins");
        assert!(erased.details_erased() && !erased.erasure_would_remove());
        assert_eq!(erased.retention_from(), None, "kept while open");
        // Once closed, the rest is due at the next retention run, whatever the period.
        let closed = erased.with_status(Status::Fixed, t(0)).unwrap();
        assert!(closed.erasure_would_remove());
        assert_eq!(closed.retention_from(), Some(DateTime::UNIX_EPOCH));
        assert!(closed.closed_before(t(0)));
        assert_eq!(closed.erased().personal, None);
    }

    #[test]
    fn a_closed_case_is_due_for_anonymisation_only_after_its_retention_period() {
        let closed = with_details(Status::Open).with_status(Status::Fixed, t(0)).unwrap();
        assert_eq!(closed.retention_from(), Some(t(0)));
        assert!(!closed.closed_before(t(0)) && closed.closed_before(t(1)));
        assert_eq!(
            closed.erased().personal,
            None,
            "erasing a closed case removes everything"
        );
    }

    #[test]
    fn moving_between_closed_statuses_keeps_the_first_completion_time() {
        let fixed = case(Status::Open).with_status(Status::Fixed, t(0)).unwrap();
        let closed = fixed.with_status(Status::Closed, t(3)).unwrap();
        assert_eq!(closed.closed_at, Some(t(0)));
    }
}
