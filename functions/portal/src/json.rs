//! `/portal/api/cases/{reference}`'s body: the portal's own types for what an integrator
//! reads, made from the redaction function's view. The domain's types can change without
//! changing this contract; a golden file holds it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use shared::domain::case::Channel;
use shared::domain::redaction::{CouncillorView, FullReason, RedactedCase, SharedDetails, Told, ToldEvent};
use shared::domain::{Actor, Capacity, LatLng, Status};

#[derive(Debug, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum CaseJson {
    Full {
        reason: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        logged_as: Option<&'static str>,
        case: FactsJson,
        details: Option<DetailsJson>,
        history: Vec<HistoryJson>,
    },
    Redacted(FactsJson),
}

#[derive(Debug, Serialize)]
pub struct FactsJson {
    reference: String,
    category: String,
    ward: String,
    coarse_location: Option<(f64, f64)>,
    status: &'static str,
    submitted_at: DateTime<Utc>,
    expected_by: NaiveDate,
    status_history: Vec<(DateTime<Utc>, &'static str)>,
}

#[derive(Debug, Serialize)]
pub struct DetailsJson {
    description: String,
    location: LocationJson,
    reporter: Option<ReporterJson>,
}

#[derive(Debug, Serialize)]
pub struct LocationJson {
    pin: Option<(f64, f64)>,
    address: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReporterJson {
    name: String,
    email: String,
    phone: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HistoryJson {
    at: DateTime<Utc>,
    actor: ActorJson,
    what: WhatJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    note_to_resident: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ActorJson {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WhatJson {
    Reported { channel: &'static str },
    StatusChanged { from: &'static str, to: &'static str },
    Late,
    Reopened,
    Rated { rating: u8 },
    DetailsErased,
    Noted,
    Corrected { category: String, ward: String },
}

fn point(l: LatLng) -> (f64, f64) {
    (l.lat(), l.lng())
}

fn status(s: Status) -> &'static str {
    s.as_str()
}

fn facts(c: &RedactedCase) -> FactsJson {
    FactsJson {
        reference: c.reference.to_string(),
        category: c.category.to_string(),
        ward: c.ward.to_string(),
        coarse_location: c.coarse_location.map(point),
        status: status(c.status),
        submitted_at: c.submitted_at,
        expected_by: c.expected_by,
        status_history: c.status_history.iter().map(|(at, s)| (*at, status(*s))).collect(),
    }
}

fn details(d: &SharedDetails) -> DetailsJson {
    DetailsJson {
        description: d.description.as_str().to_owned(),
        location: LocationJson {
            pin: d.location.pin.map(point),
            address: d.location.address.clone(),
        },
        reporter: d.reporter.as_ref().map(|r| ReporterJson {
            name: r.name.as_str().to_owned(),
            email: r.email.as_str().to_owned(),
            phone: r.phone.as_ref().map(|p| p.as_str().to_owned()),
        }),
    }
}

fn history(e: &ToldEvent) -> HistoryJson {
    let channel = |c: Channel| match c {
        Channel::WebForm => "web_form",
        Channel::Api => "api",
        Channel::Open311 => "open311",
        Channel::Import => "import",
        Channel::Councillor => "councillor",
    };
    HistoryJson {
        at: e.at,
        actor: match &e.actor {
            Actor::Resident => ActorJson {
                kind: "resident",
                id: None,
            },
            Actor::Officer(id) => ActorJson {
                kind: "officer",
                id: Some(id.clone()),
            },
            Actor::Councillor(id) => ActorJson {
                kind: "councillor",
                id: Some(id.clone()),
            },
            Actor::System => ActorJson {
                kind: "system",
                id: None,
            },
            Actor::Client(id) => ActorJson {
                kind: "open311_client",
                id: Some(id.clone()),
            },
        },
        what: match e.what.clone() {
            Told::Reported { channel: c } => WhatJson::Reported { channel: channel(c) },
            Told::StatusChanged { from, to } => WhatJson::StatusChanged {
                from: status(from),
                to: status(to),
            },
            Told::Late => WhatJson::Late,
            Told::Reopened => WhatJson::Reopened,
            Told::Rated { rating } => WhatJson::Rated { rating },
            Told::DetailsErased => WhatJson::DetailsErased,
            Told::Noted => WhatJson::Noted,
            Told::Corrected { category, ward } => WhatJson::Corrected {
                category: category.to_string(),
                ward: ward.to_string(),
            },
        },
        note_to_resident: e.note_to_resident.clone(),
    }
}

impl From<&CouncillorView> for CaseJson {
    fn from(view: &CouncillorView) -> CaseJson {
        match view {
            CouncillorView::Full {
                reason,
                logged_as,
                case,
                details: d,
                history: h,
            } => CaseJson::Full {
                reason: match reason {
                    FullReason::Consented => "consented",
                    FullReason::LoggedByThem => "logged_by_them",
                },
                logged_as: logged_as.map(|c| match c {
                    Capacity::ForConstituent => "for_constituent",
                    Capacity::AsResident => "as_resident",
                }),
                case: facts(case),
                details: d.as_ref().map(details),
                history: h.iter().map(history).collect(),
            },
            CouncillorView::Redacted(case) => CaseJson::Redacted(facts(case)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use shared::domain::WardId;
    use shared::domain::redaction::{Councillor, councillor_view, fixtures};

    fn views() -> Vec<CouncillorView> {
        let id = fixtures::councillor("amira-patel");
        let wards = [WardId::parse("riverside").unwrap()];
        let viewer = Councillor { id: &id, wards: &wards };
        let logged = fixtures::logged(fixtures::case(3, "riverside"), "amira-patel", Capacity::AsResident);
        vec![
            councillor_view(&fixtures::case(1, "riverside"), &fixtures::history(1), &[], &viewer).unwrap(),
            councillor_view(
                &fixtures::case(2, "riverside"),
                &fixtures::history(2),
                &[fixtures::given(1, &["amira-patel"])],
                &viewer,
            )
            .unwrap(),
            councillor_view(&logged, &fixtures::history(3), &[], &viewer).unwrap(),
        ]
    }

    /// The JSON integrators read: a redacted case, a consented one, one the councillor
    /// logged as a resident. A change here is a change of contract: version the route.
    #[test]
    fn the_case_json_is_the_published_contract() {
        let golden: serde_json::Value = serde_json::from_str(include_str!("golden/case_json.json")).unwrap();
        let written: Vec<CaseJson> = views().iter().map(CaseJson::from).collect();
        assert_eq!(serde_json::to_value(written).unwrap(), golden);
    }
}
