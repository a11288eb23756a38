//! Implementations of the ports. Item and row mapping lives here, never in the domain.

#[cfg(feature = "aws")]
pub mod dynamodb;
pub mod outbox_dir;
#[cfg(feature = "aws")]
pub mod ses;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use chrono::{DateTime, SecondsFormat, Utc};

/// Timestamps as stored: fixed-width RFC 3339 in UTC, so text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> Result<DateTime<Utc>, crate::ports::StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| crate::ports::StoreError::Corrupt(format!("bad timestamp {s:?}")))
}
