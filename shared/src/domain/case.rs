//! A case: one reported problem, from intake to completion.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::WorkingCalendar;
use super::category::{Category, CategoryId};
use super::geo::LatLng;
use super::reference::CaseRef;
use super::report::{Description, NewReport};
use super::reporter::ResidentContact;
use super::status::Status;
use super::ward::WardId;

/// Where the problem is: a pin, an address (a street, a landmark), or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub pin: Option<LatLng>,
    pub address: Option<String>,
}

/// How a report reached the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    WebForm,
    Api,
}

/// The parts of a case that identify or could identify a person. Held apart from the rest so
/// erasure and anonymisation remove them whole and leave the case's statistics behind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalDetails {
    pub description: Description,
    pub location: Location,
    pub reporter: Option<ResidentContact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub reference: CaseRef,
    pub category: CategoryId,
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
    /// Bumped by every change; updates are conditional on the version the writer saw.
    pub version: u32,
    /// `None` once erased or anonymised.
    pub personal: Option<PersonalDetails>,
}

impl Case {
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
            ward: report.ward,
            status: Status::Open,
            channel,
            submitted_at,
            expected_by,
            overdue_from: calendar.overdue_from(expected_by),
            coarse_location: report.location.pin.map(LatLng::coarse),
            registered: reporter.is_some(),
            version: 1,
            personal: Some(PersonalDetails {
                description: report.description,
                location: report.location,
                reporter,
            }),
        }
    }

    pub fn reporter(&self) -> Option<&ResidentContact> {
        self.personal.as_ref().and_then(|p| p.reporter.as_ref())
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && now >= self.overdue_from
    }
}

/// Something that happened to a case. The history is append-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub kind: CaseEventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseEventKind {
    Submitted { channel: Channel },
    StatusChanged { from: Status, to: Status },
}

/// A case with its history, oldest event first.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub case: Case,
    pub history: Vec<CaseEvent>,
}
