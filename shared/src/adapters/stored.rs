//! What the stores write: the adapters' own types for a case, its personal details, its
//! events and its consent records, shared by the SQLite documents and the DynamoDB items.
//! The domain's types can change (a field renamed, a type split) without changing a stored
//! byte; a change of stored shape is a new version here, read beside the old. Golden files
//! (`golden/*.json`) hold version 1 as it was first written, and the tests read them back.
//!
//! Values with a textual form of their own (references, ids, statuses, dates) are stored
//! in that form; structure (field names, tags) is owned here.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::case::{Capacity, Channel, ErasureReason};
use crate::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord, NoticeShown};
use crate::domain::lang::is_english;
use crate::domain::report::Description;
use crate::domain::{
    Actor, Case, CaseEvent, CaseEventKind, CaseRef, CategoryId, CouncillorId, Lang, LatLng, Location, LoggedBy,
    PersonName, PersonalDetails, Phone, ResidentContact, ResidentEmail, Status, TeamId, WardId,
};

/// A case without its personal details (they are stored apart, to be erased whole), v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredCase {
    reference: CaseRef,
    category: CategoryId,
    team: TeamId,
    ward: WardId,
    status: Status,
    channel: Channel,
    submitted_at: DateTime<Utc>,
    expected_by: NaiveDate,
    overdue_from: DateTime<Utc>,
    coarse_location: Option<LatLng>,
    registered: bool,
    #[serde(default)]
    breach_notified: bool,
    #[serde(default)]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    original_reference: Option<String>,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    logged_by: Option<StoredLoggedBy>,
    /// Always `null` in v1's documents: kept so v1 reads and writes the same bytes.
    #[serde(default)]
    personal: Option<StoredPersonal>,
    /// The resident's language; absent for English (so v1's documents are unchanged).
    #[serde(default, skip_serializing_if = "is_english")]
    lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredLoggedBy {
    councillor: CouncillorId,
    capacity: Capacity,
}

/// The personal details of a case, v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredPersonal {
    description: Description,
    location: StoredLocation,
    reporter: Option<StoredContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) resident_key: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    photos: Vec<StoredPhoto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredPhoto {
    id: String,
    width: u32,
    height: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredLocation {
    pin: Option<LatLng>,
    address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredContact {
    name: PersonName,
    email: ResidentEmail,
    phone: Option<Phone>,
}

impl StoredCase {
    /// The case's public part (its personal details are stored with [`StoredPersonal`]).
    pub(crate) fn public(case: &Case) -> StoredCase {
        StoredCase {
            reference: case.reference.clone(),
            category: case.category.clone(),
            team: case.team.clone(),
            ward: case.ward.clone(),
            status: case.status,
            channel: case.channel,
            submitted_at: case.submitted_at,
            expected_by: case.expected_by,
            overdue_from: case.overdue_from,
            coarse_location: case.coarse_location,
            registered: case.registered,
            breach_notified: case.breach_notified,
            closed_at: case.closed_at,
            updated_at: case.updated_at,
            original_reference: case.original_reference.clone(),
            version: case.version,
            logged_by: case.logged_by.as_ref().map(|l| StoredLoggedBy {
                councillor: l.councillor.clone(),
                capacity: l.capacity,
            }),
            personal: None,
            lang: case.lang,
        }
    }

    /// The case, with the personal details read apart (if any are left).
    pub(crate) fn into_case(self, personal: Option<StoredPersonal>) -> Case {
        Case {
            reference: self.reference,
            category: self.category,
            team: self.team,
            ward: self.ward,
            status: self.status,
            channel: self.channel,
            submitted_at: self.submitted_at,
            expected_by: self.expected_by,
            overdue_from: self.overdue_from,
            coarse_location: self.coarse_location,
            registered: self.registered,
            breach_notified: self.breach_notified,
            closed_at: self.closed_at,
            updated_at: self.updated_at,
            original_reference: self.original_reference,
            version: self.version,
            logged_by: self.logged_by.map(|l| LoggedBy {
                councillor: l.councillor,
                capacity: l.capacity,
            }),
            personal: personal.or(self.personal).map(StoredPersonal::into_details),
            lang: self.lang,
        }
    }
}

impl StoredPersonal {
    pub(crate) fn of(p: &PersonalDetails) -> StoredPersonal {
        StoredPersonal {
            description: p.description.clone(),
            location: StoredLocation {
                pin: p.location.pin,
                address: p.location.address.clone(),
            },
            reporter: p.reporter.as_ref().map(|r| StoredContact {
                name: r.name.clone(),
                email: r.email.clone(),
                phone: r.phone.clone(),
            }),
            resident_key: p.resident_key.clone(),
            photos: p
                .photos
                .iter()
                .map(|m| StoredPhoto {
                    id: m.id.clone(),
                    width: m.width,
                    height: m.height,
                })
                .collect(),
        }
    }

    pub(crate) fn into_details(self) -> PersonalDetails {
        PersonalDetails {
            description: self.description,
            location: Location {
                pin: self.location.pin,
                address: self.location.address,
            },
            reporter: self.reporter.map(|r| ResidentContact {
                name: r.name,
                email: r.email,
                phone: r.phone,
            }),
            resident_key: self.resident_key,
            photos: self
                .photos
                .into_iter()
                .map(|m| crate::domain::case::PhotoMeta {
                    id: m.id,
                    width: m.width,
                    height: m.height,
                })
                .collect(),
        }
    }
}

/// One event of a case's history, v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredEvent {
    at: DateTime<Utc>,
    kind: StoredEventKind,
    #[serde(default = "system")]
    actor: StoredActor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    external_id: Option<String>,
}

fn system() -> StoredActor {
    StoredActor::System
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StoredEventKind {
    Submitted {
        channel: Channel,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    BreachNotified,
    Noted,
    Corrected {
        from_category: CategoryId,
        to_category: CategoryId,
        from_ward: WardId,
        to_ward: WardId,
    },
    Reopened,
    Feedback {
        rating: u8,
    },
    MailUndelivered {
        complaint: bool,
    },
    Erased {
        reason: ErasureReason,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
enum StoredActor {
    Resident,
    Officer(String),
    Councillor(String),
    System,
    Client(String),
}

// Erasure uses these (`has_text` only on DynamoDB): builds without it need not warn.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
impl StoredEvent {
    /// Whether the event holds free text (personal data, removed on erasure).
    pub(crate) fn has_text(&self) -> bool {
        self.text.is_some() || self.public_note.is_some()
    }

    /// The event without its free text, as erasure leaves it.
    pub(crate) fn scrubbed(self) -> StoredEvent {
        StoredEvent {
            text: None,
            public_note: None,
            ..self
        }
    }

    pub(crate) fn of(e: &CaseEvent) -> StoredEvent {
        StoredEvent {
            at: e.at,
            kind: match e.kind.clone() {
                CaseEventKind::Submitted { channel } => StoredEventKind::Submitted { channel },
                CaseEventKind::StatusChanged { from, to } => StoredEventKind::StatusChanged { from, to },
                CaseEventKind::BreachNotified => StoredEventKind::BreachNotified,
                CaseEventKind::Noted => StoredEventKind::Noted,
                CaseEventKind::Corrected {
                    from_category,
                    to_category,
                    from_ward,
                    to_ward,
                } => StoredEventKind::Corrected {
                    from_category,
                    to_category,
                    from_ward,
                    to_ward,
                },
                CaseEventKind::Reopened => StoredEventKind::Reopened,
                CaseEventKind::Feedback { rating } => StoredEventKind::Feedback { rating },
                CaseEventKind::MailUndelivered { complaint } => StoredEventKind::MailUndelivered { complaint },
                CaseEventKind::Erased { reason } => StoredEventKind::Erased { reason },
            },
            actor: match &e.actor {
                Actor::Resident => StoredActor::Resident,
                Actor::Officer(id) => StoredActor::Officer(id.clone()),
                Actor::Councillor(id) => StoredActor::Councillor(id.clone()),
                Actor::System => StoredActor::System,
                Actor::Client(id) => StoredActor::Client(id.clone()),
            },
            text: e.text.clone(),
            public_note: e.public_note.clone(),
            external_id: e.external_id.clone(),
        }
    }

    pub(crate) fn into_event(self) -> CaseEvent {
        CaseEvent {
            at: self.at,
            kind: match self.kind {
                StoredEventKind::Submitted { channel } => CaseEventKind::Submitted { channel },
                StoredEventKind::StatusChanged { from, to } => CaseEventKind::StatusChanged { from, to },
                StoredEventKind::BreachNotified => CaseEventKind::BreachNotified,
                StoredEventKind::Noted => CaseEventKind::Noted,
                StoredEventKind::Corrected {
                    from_category,
                    to_category,
                    from_ward,
                    to_ward,
                } => CaseEventKind::Corrected {
                    from_category,
                    to_category,
                    from_ward,
                    to_ward,
                },
                StoredEventKind::Reopened => CaseEventKind::Reopened,
                StoredEventKind::Feedback { rating } => CaseEventKind::Feedback { rating },
                StoredEventKind::MailUndelivered { complaint } => CaseEventKind::MailUndelivered { complaint },
                StoredEventKind::Erased { reason } => CaseEventKind::Erased { reason },
            },
            actor: match self.actor {
                StoredActor::Resident => Actor::Resident,
                StoredActor::Officer(id) => Actor::Officer(id),
                StoredActor::Councillor(id) => Actor::Councillor(id),
                StoredActor::System => Actor::System,
                StoredActor::Client(id) => Actor::Client(id),
            },
            text: self.text,
            public_note: self.public_note,
            external_id: self.external_id,
        }
    }
}

/// One consent record, v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredConsent {
    resident: String,
    at: DateTime<Utc>,
    channel: ConsentChannel,
    event: StoredConsentEvent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StoredConsentEvent {
    Given {
        notice: StoredNotice,
        scope: Vec<CouncillorId>,
    },
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredNotice {
    version: String,
    text_hash: String,
    /// Absent for English, as v1 was written.
    #[serde(default, skip_serializing_if = "is_english")]
    lang: Lang,
}

impl StoredConsent {
    pub(crate) fn of(r: &ConsentRecord) -> StoredConsent {
        StoredConsent {
            resident: r.resident.clone(),
            at: r.at,
            channel: r.channel,
            event: match &r.event {
                ConsentEvent::Given { notice, scope } => StoredConsentEvent::Given {
                    notice: StoredNotice {
                        version: notice.version.clone(),
                        text_hash: notice.text_hash.clone(),
                        lang: notice.lang,
                    },
                    scope: scope.clone(),
                },
                ConsentEvent::Withdrawn => StoredConsentEvent::Withdrawn,
            },
        }
    }

    pub(crate) fn into_record(self) -> ConsentRecord {
        ConsentRecord {
            resident: self.resident,
            at: self.at,
            channel: self.channel,
            event: match self.event {
                StoredConsentEvent::Given { notice, scope } => ConsentEvent::Given {
                    notice: NoticeShown {
                        version: notice.version,
                        text_hash: notice.text_hash,
                        lang: notice.lang,
                    },
                    scope,
                },
                StoredConsentEvent::Withdrawn => ConsentEvent::Withdrawn,
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::redaction::fixtures;
    use chrono::TimeZone;

    fn case() -> Case {
        let mut c = fixtures::logged(fixtures::case(7, "riverside"), "amira-patel", Capacity::ForConstituent);
        c.closed_at = Some(Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap());
        c
    }

    fn events() -> Vec<CaseEvent> {
        let mut all = fixtures::history(7);
        all.push(CaseEvent::new(
            fixtures::t(20),
            Actor::Resident,
            CaseEventKind::Reopened,
        ));
        all.push(CaseEvent::new(
            fixtures::t(30),
            Actor::System,
            CaseEventKind::Erased {
                reason: ErasureReason::Retention,
            },
        ));
        all.push(CaseEvent::new(
            fixtures::t(31),
            Actor::Councillor("amira-patel".into()),
            CaseEventKind::Submitted {
                channel: Channel::Councillor,
            },
        ));
        all
    }

    fn consents() -> Vec<ConsentRecord> {
        vec![
            fixtures::given(1, &["amira-patel", "tom-hughes"]),
            fixtures::withdrawn(2),
        ]
    }

    fn golden(name: &str) -> serde_json::Value {
        let text = match name {
            "case" => include_str!("golden/case.json"),
            "personal" => include_str!("golden/personal.json"),
            "events" => include_str!("golden/events.json"),
            "consents" => include_str!("golden/consents.json"),
            _ => unreachable!(),
        };
        serde_json::from_str(text).unwrap()
    }

    /// What was stored with version 1 still reads as the same case, and the same case is
    /// still written as those bytes. A failure here means a change to what is stored: make
    /// it a new version read beside this one, never an edit of the golden file.
    #[test]
    fn version_1_of_a_case_and_its_personal_details_reads_and_writes_unchanged() {
        let case = case();
        let stored: StoredCase = serde_json::from_value(golden("case")).unwrap();
        let personal: StoredPersonal = serde_json::from_value(golden("personal")).unwrap();
        assert_eq!(stored.clone().into_case(Some(personal.clone())), case);
        assert_eq!(serde_json::to_value(StoredCase::public(&case)).unwrap(), golden("case"));
        assert_eq!(
            serde_json::to_value(StoredPersonal::of(case.personal.as_ref().unwrap())).unwrap(),
            golden("personal")
        );
    }

    /// A note without a status change, added after version 1 of the events: stored as
    /// `{"type":"noted"}` beside the others, which read as before.
    #[test]
    fn a_note_event_is_stored_as_its_own_kind_and_reads_back() {
        let mut e = CaseEvent::new(
            fixtures::t(40),
            Actor::Officer("jane-smith".into()),
            CaseEventKind::Noted,
        );
        e.text = Some("Landowner contacted".into());
        e.public_note = Some("We have written to the landowner".into());
        let stored = serde_json::to_value(StoredEvent::of(&e)).unwrap();
        assert_eq!(stored["kind"], serde_json::json!({ "type": "noted" }));
        let back: StoredEvent = serde_json::from_value(stored).unwrap();
        assert_eq!(back.into_event(), e);
    }

    #[test]
    fn version_1_of_events_and_consent_records_reads_and_writes_unchanged() {
        let events: Vec<StoredEvent> = serde_json::from_value(golden("events")).unwrap();
        assert_eq!(
            events.into_iter().map(StoredEvent::into_event).collect::<Vec<_>>(),
            self::events()
        );
        let written: Vec<StoredEvent> = self::events().iter().map(StoredEvent::of).collect();
        assert_eq!(serde_json::to_value(written).unwrap(), golden("events"));
        let records: Vec<StoredConsent> = serde_json::from_value(golden("consents")).unwrap();
        assert_eq!(
            records.into_iter().map(StoredConsent::into_record).collect::<Vec<_>>(),
            consents()
        );
        let written: Vec<StoredConsent> = consents().iter().map(StoredConsent::of).collect();
        assert_eq!(serde_json::to_value(written).unwrap(), golden("consents"));
    }
}
