//! A resident's consent to share a case with their ward councillor(s): append-only records of
//! what they were shown, when, how, for whom, and any withdrawal. Nothing rewrites a record;
//! the current state is read from the latest one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ward::CouncillorId;

/// Exactly what the resident was shown when they ticked the box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeShown {
    /// The privacy notice's version, e.g. `2026-11-01`.
    pub version: String,
    /// SHA-256 of the notice's text as shown, hex.
    pub text_hash: String,
}

/// Where the resident gave or withdrew consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    ReportForm,
    Api,
    EmailLink,
    StatusPage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConsentEvent {
    /// Consent to share the case and the resident's details with these councillors (the
    /// ward's members when it was given).
    Given {
        notice: NoticeShown,
        scope: Vec<CouncillorId>,
    },
    Withdrawn,
}

/// One consent record, appended, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// Who: a keyed hash of the resident's email (never the address itself), so their
    /// records can be found for subject access and erasure without storing it again.
    pub resident: String,
    pub at: DateTime<Utc>,
    pub channel: ConsentChannel,
    pub event: ConsentEvent,
}

/// The councillors a case may currently be shared with: the scope of the latest record if
/// it is a consent, nobody if it is a withdrawal or there is none. Records are ordered by
/// time; records at the same moment keep their stored order.
pub fn current_scope(records: &[ConsentRecord]) -> &[CouncillorId] {
    let latest = records
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.at, *i))
        .map(|(_, r)| r);
    match latest.map(|r| &r.event) {
        Some(ConsentEvent::Given { scope, .. }) => scope,
        _ => &[],
    }
}
