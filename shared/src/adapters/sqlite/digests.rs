//! Digests, queued once per person and period; the late cases a digest lists; and what each
//! councillor chose about their email.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{SqliteStore, cases_where, db, insert_outbox};
use crate::adapters::ts;
use crate::domain::preferences::CouncillorPrefs;
use crate::domain::{Case, WardId};
use crate::ports::{DigestMark, DigestOutbox, OutboxMessage, ReadPreferences, StoreError, WardLate, WritePreferences};

#[async_trait]
impl DigestOutbox for SqliteStore {
    async fn enqueue_digest(&self, mark: &DigestMark, message: &OutboxMessage) -> Result<bool, StoreError> {
        let (mark, message) = (mark.clone(), message.clone());
        self.run(move |conn| {
            // Immediate: two runs at once take turns here, and the second finds the mark.
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
            let marked = tx
                .execute(
                    "INSERT INTO digests (person, period, sent_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (person, period) DO NOTHING",
                    params![mark.person, mark.period, ts(message.created_at)],
                )
                .map_err(db)?;
            if marked == 0 {
                return Ok(false);
            }
            insert_outbox(&tx, &message)?;
            tx.commit().map_err(db)?;
            Ok(true)
        })
        .await
    }

    async fn digest_sent(&self, mark: &DigestMark) -> Result<bool, StoreError> {
        let mark = mark.clone();
        self.run(move |conn| {
            conn.query_row(
                "SELECT COUNT(*) FROM digests WHERE person = ?1 AND period = ?2",
                params![mark.person, mark.period],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(db)
        })
        .await
    }
}

#[async_trait]
impl WardLate for SqliteStore {
    async fn went_late(
        &self,
        ward: &WardId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Case>, StoreError> {
        let (ward, from, until) = (ward.as_str().to_owned(), ts(from), ts(until));
        self.run(move |conn| {
            cases_where(
                conn,
                "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
                 WHERE c.ward = ?1 AND c.breach_notified = 1 AND c.overdue_from >= ?2 AND c.overdue_from < ?3
                 ORDER BY c.overdue_from, c.reference",
                &[&ward, &from, &until],
            )
        })
        .await
    }
}

#[async_trait]
impl ReadPreferences for SqliteStore {
    async fn prefs(&self, person: &str) -> Result<CouncillorPrefs, StoreError> {
        let person = person.to_owned();
        self.run(move |conn| {
            let doc: Option<String> = conn
                .query_row("SELECT doc FROM preferences WHERE person = ?1", [&person], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(db(e)),
                })?;
            match doc {
                None => Ok(CouncillorPrefs::default()),
                Some(doc) => serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(format!("preferences: {e}"))),
            }
        })
        .await
    }
}

#[async_trait]
impl WritePreferences for SqliteStore {
    async fn set_prefs(&self, person: &str, prefs: &CouncillorPrefs) -> Result<(), StoreError> {
        let (person, doc) = (
            person.to_owned(),
            serde_json::to_string(prefs).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        );
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO preferences (person, doc) VALUES (?1, ?2)
                 ON CONFLICT (person) DO UPDATE SET doc = excluded.doc",
                params![person, doc],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl crate::ports::CaseUpdates for SqliteStore {
    async fn case_updates(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<crate::ports::CaseUpdate>, StoreError> {
        let (from, until) = (ts(from), ts(until));
        self.run(move |conn| {
            let mut stmt = conn
                .prepare(
                    "SELECT reference, at, update_status FROM case_events
                     WHERE update_status IS NOT NULL AND at >= ?1 AND at < ?2
                     ORDER BY at, reference LIMIT ?3",
                )
                .map_err(db)?;
            let rows = stmt
                .query_map(rusqlite::params![from, until, limit as i64], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
                })
                .map_err(db)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db)?;
            rows.into_iter()
                .map(|(reference, at, status)| {
                    Ok(crate::ports::CaseUpdate {
                        reference: crate::domain::CaseRef::parse(&reference)
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        at: super::super::parse_ts(&at)?,
                        status: crate::domain::Status::parse(&status)
                            .ok_or_else(|| StoreError::Corrupt(format!("unknown status {status}")))?,
                    })
                })
                .collect()
        })
        .await
    }
}
