//! The digest function: each councillor's email about their wards (`shared::digest`),
//! weekly on Mondays or daily as they chose, queued once per councillor per period; the
//! notifier sends it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shared::config::Council;
use shared::digest::{Cadence, DigestJob, DigestReport};
use shared::ports::{CaseReader, DigestOutbox, FollowedCases, ReadPreferences, StoreError, Tallies, WardLate};

/// What the job needs: it reads the figures, the late cases and the follows, and writes
/// only digests (mark and message together).
#[derive(Clone)]
pub struct Digest {
    pub council: Arc<Council>,
    pub tallies: Arc<dyn Tallies>,
    pub late: Arc<dyn WardLate>,
    pub follows: Arc<dyn FollowedCases>,
    pub reader: Arc<dyn CaseReader>,
    pub outbox: Arc<dyn DigestOutbox>,
    pub prefs: Arc<dyn ReadPreferences>,
}

impl Digest {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>) -> Digest
    where
        S: Tallies + WardLate + FollowedCases + CaseReader + DigestOutbox + ReadPreferences + 'static,
    {
        Digest {
            council,
            tallies: store.clone(),
            late: store.clone(),
            follows: store.clone(),
            reader: store.clone(),
            outbox: store.clone(),
            prefs: store,
        }
    }

    /// Queues the `cadence` digests of the period before `scheduled` (the time the run was
    /// scheduled for, so a retry sends the same period's), stamped `now`, for the councillors
    /// who chose that cadence.
    pub async fn run(
        &self,
        cadence: Cadence,
        scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<DigestReport, StoreError> {
        DigestJob {
            council: &self.council,
            tallies: self.tallies.as_ref(),
            late: self.late.as_ref(),
            follows: self.follows.as_ref(),
            reader: self.reader.as_ref(),
            outbox: self.outbox.as_ref(),
            prefs: self.prefs.as_ref(),
        }
        .run(cadence, scheduled, now)
        .await
    }
}
