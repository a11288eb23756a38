//! The resident's copy of everything held about them (`data.json`): the consent function's
//! own shape, written out field by field, so the domain's and the stores' types can change
//! without changing what a resident downloads. A golden file holds it.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use shared::domain::consent::{ConsentEvent, ConsentRecord};
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, LatLng, PersonalDetails};
use shared::ports::{AccessPurpose, AccessRecord};

/// Everything held about one case of the resident's.
pub struct HeldCase {
    pub case: Case,
    pub history: Vec<CaseEvent>,
    pub consent_records: Vec<ConsentRecord>,
    /// Each time someone in the council was shown the personal details.
    pub shown_to: Vec<AccessRecord>,
}

pub struct Held {
    pub council: String,
    pub generated_at: DateTime<Utc>,
    pub cases: Vec<HeldCase>,
}

fn point(l: Option<LatLng>) -> Value {
    l.map_or(Value::Null, |l| json!([l.lat(), l.lng()]))
}

fn personal(reference: &str, p: &PersonalDetails) -> Value {
    let mut out = json!({
        "description": p.description.as_str(),
        "location": { "pin": point(p.location.pin), "address": p.location.address },
        "reporter": p.reporter.as_ref().map(|r| json!({
            "name": r.name.as_str(),
            "email": r.email.as_str(),
            "phone": r.phone.as_ref().map(|p| p.as_str()),
        })),
    });
    if let Some(key) = &p.resident_key {
        out["resident_key"] = json!(key);
    }
    // Each photo as kept, to download beside this file (`/your-data/{token}/…`).
    if !p.photos.is_empty() {
        out["photos"] = json!(
            p.photos
                .iter()
                .map(|ph| json!({
                    "width": ph.width,
                    "height": ph.height,
                    "download": format!("photos/{reference}/{}-full.jpg", ph.id),
                }))
                .collect::<Vec<_>>()
        );
    }
    out
}

fn case(c: &Case) -> Value {
    let mut out = json!({
        "reference": c.reference.as_str(),
        "category": c.category.as_str(),
        "team": c.team.as_str(),
        "ward": c.ward.as_str(),
        "status": c.status.as_str(),
        "channel": c.channel,
        "submitted_at": c.submitted_at,
        "expected_by": c.expected_by,
        "overdue_from": c.overdue_from,
        "coarse_location": point(c.coarse_location),
        "registered": c.registered,
        "breach_notified": c.breach_notified,
        "closed_at": c.closed_at,
        "version": c.version,
        "personal": c.personal.as_ref().map(|p| personal(c.reference.as_str(), p)),
    });
    if let Some(l) = &c.logged_by {
        out["logged_by"] = json!({ "councillor": l.councillor.as_str(), "capacity": l.capacity });
    }
    out
}

fn event(e: &CaseEvent) -> Value {
    let kind = match &e.kind {
        CaseEventKind::Submitted { channel } => json!({ "type": "submitted", "channel": channel }),
        CaseEventKind::StatusChanged { from, to } => {
            json!({ "type": "status_changed", "from": from.as_str(), "to": to.as_str() })
        }
        CaseEventKind::BreachNotified => json!({ "type": "breach_notified" }),
        CaseEventKind::Noted => json!({ "type": "note" }),
        CaseEventKind::Corrected {
            to_category, to_ward, ..
        } => {
            json!({ "type": "corrected", "category": to_category.as_str(), "ward": to_ward.as_str() })
        }
        CaseEventKind::Reopened => json!({ "type": "reopened" }),
        CaseEventKind::Feedback { rating } => json!({ "type": "feedback", "rating": rating }),
        CaseEventKind::MailUndelivered { complaint } => json!({ "type": "mail_undelivered", "complaint": complaint }),
        CaseEventKind::Erased { reason } => json!({ "type": "erased", "reason": reason }),
    };
    let actor = match &e.actor {
        Actor::Resident => json!({ "type": "resident" }),
        Actor::Officer(id) => json!({ "type": "officer", "id": id }),
        Actor::Councillor(id) => json!({ "type": "councillor", "id": id }),
        Actor::System => json!({ "type": "system" }),
        Actor::Client(id) => json!({ "type": "open311_client", "id": id }),
    };
    let mut out = json!({ "at": e.at, "kind": kind, "actor": actor });
    if let Some(t) = &e.text {
        out["text"] = json!(t);
    }
    if let Some(n) = &e.public_note {
        out["public_note"] = json!(n);
    }
    out
}

fn consent(r: &ConsentRecord) -> Value {
    let event = match &r.event {
        ConsentEvent::Given { notice, scope } => json!({
            "type": "given",
            "notice": { "version": notice.version, "text_hash": notice.text_hash },
            "scope": scope.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        }),
        ConsentEvent::Withdrawn => json!({ "type": "withdrawn" }),
    };
    json!({ "resident": r.resident, "at": r.at, "channel": r.channel, "event": event })
}

fn access(a: &AccessRecord) -> Value {
    let purpose = match a.purpose {
        AccessPurpose::CasePage => "case_page",
        AccessPurpose::CaseJson => "case_json",
        AccessPurpose::Email => "email",
        AccessPurpose::Photo => "photo",
    };
    json!({ "at": a.at, "person": a.person, "purpose": purpose })
}

/// The download, as JSON.
pub fn to_json(held: &Held) -> Value {
    json!({
        "council": held.council,
        "generated_at": held.generated_at,
        "cases": held.cases.iter().map(|h| json!({
            "case": case(&h.case),
            "history": h.history.iter().map(event).collect::<Vec<_>>(),
            "consent_records": h.consent_records.iter().map(consent).collect::<Vec<_>>(),
            "shown_to": h.shown_to.iter().map(access).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use shared::domain::Capacity;
    use shared::domain::redaction::fixtures;

    fn held() -> Held {
        let mut logged = fixtures::logged(fixtures::case(2, "millbrook"), "david-lloyd", Capacity::ForConstituent);
        logged.personal = None;
        Held {
            council: "Ashworth Borough Council".into(),
            generated_at: fixtures::t(90),
            cases: vec![
                HeldCase {
                    case: fixtures::case(1, "riverside"),
                    history: fixtures::history(1),
                    consent_records: vec![fixtures::given(1, &["amira-patel"]), fixtures::withdrawn(2)],
                    shown_to: vec![AccessRecord {
                        at: fixtures::t(3),
                        person: "councillor:amira-patel".into(),
                        purpose: AccessPurpose::CaseJson,
                    }],
                },
                HeldCase {
                    case: logged,
                    history: vec![],
                    consent_records: vec![],
                    shown_to: vec![],
                },
            ],
        }
    }

    /// What a resident downloads. A change here is a change of what they are given: make it
    /// deliberately, and say so in the privacy notice if it adds or removes anything.
    #[test]
    fn the_download_is_the_published_shape() {
        let golden: Value = serde_json::from_str(include_str!("golden/your_data.json")).unwrap();
        assert_eq!(to_json(&held()), golden);
    }
}
