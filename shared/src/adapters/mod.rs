//! Implementations of the ports. Item and row mapping lives here, never in the domain.

#[cfg(feature = "aws")]
pub mod dynamodb;
#[cfg(feature = "aws")]
pub mod lambda;
pub mod outbox_dir;
pub mod photos_dir;
#[cfg(feature = "aws")]
pub mod s3;
#[cfg(feature = "aws")]
pub mod secrets;
#[cfg(feature = "aws")]
pub mod ses;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(any(feature = "sqlite", feature = "aws"))]
pub(crate) mod stored;
pub mod stream;

use chrono::{DateTime, SecondsFormat, Utc};

/// The `ready_at` of a newly queued message: ready at once, whatever the clock of the code
/// that queued it says (a sweep run with `--now` in the future, say). Only a retry waits.
/// Ready messages sort by `ready_at` then id, and ids begin with their creation time.
#[cfg(any(feature = "sqlite", feature = "aws"))]
pub(crate) const IMMEDIATELY: &str = "1970-01-01T00:00:00.000000Z";

/// A list's cursor as the stores make it, `<time>#<reference>`, or `None` for anything else
/// (an edited address): the list then reads from its start. Callers treat cursors as opaque;
/// they are checked here, where they are made, before any reaches a query.
#[cfg(any(feature = "sqlite", feature = "aws"))]
pub(crate) fn valid_cursor(cursor: Option<&str>) -> Option<&str> {
    cursor.filter(|c| {
        c.split_once('#')
            .is_some_and(|(t, r)| DateTime::parse_from_rfc3339(t).is_ok() && crate::domain::CaseRef::parse(r).is_ok())
    })
}

#[cfg(any(feature = "sqlite", feature = "aws"))]
/// Timestamps as stored: fixed-width RFC 3339 in UTC, so text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

#[cfg(feature = "sqlite")]
pub(crate) fn parse_ts(s: &str) -> Result<DateTime<Utc>, crate::ports::StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| crate::ports::StoreError::Corrupt(format!("bad timestamp {s:?}")))
}

/// JSON logs for CloudWatch, filtered by `RUST_LOG` (default `info`). No ANSI colours.
#[cfg(feature = "aws")]
pub fn lambda_tracing() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .with_current_span(false)
        .without_time() // CloudWatch stamps every line
        .init();
}
