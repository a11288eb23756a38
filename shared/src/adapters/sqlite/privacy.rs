//! The SQLite side of councillors' and residents' ports: follows, a ward's cases, the access
//! audit, a resident's cases, erasure and retention.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{SqliteStore, cases_where, db, from_json, insert_event, insert_outbox, json, replace_case, texts};
use crate::adapters::stored::{StoredCase, StoredConsent, StoredEvent, StoredPersonal};
use crate::adapters::ts;
use crate::domain::consent::ConsentRecord;
use crate::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, CouncillorId, ErasureReason, WardId};
use crate::ports::{
    AccessLog, AccessRecord, Eraser, Followers, Follows, MailQueue, OutboxMessage, Page, ResidentCases, RetentionDue,
    StoreError, WardCases, WardFilter,
};

pub(super) fn insert_consent(
    tx: &rusqlite::Transaction<'_>,
    reference: &CaseRef,
    record: &ConsentRecord,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO consent_records (reference, seq, at, doc)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM consent_records WHERE reference = ?1), ?2, ?3)",
        params![reference.as_str(), ts(record.at), json(&StoredConsent::of(record))?],
    )
    .map_err(db)?;
    Ok(())
}

pub(super) fn insert_follow(
    tx: &rusqlite::Transaction<'_>,
    councillor: &CouncillorId,
    reference: &CaseRef,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO follows (councillor, reference, since) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![councillor.as_str(), reference.as_str(), ts(at)],
    )
    .map_err(db)?;
    Ok(())
}

fn case_ref(s: &str) -> Result<CaseRef, StoreError> {
    CaseRef::parse(s).map_err(|_| StoreError::Corrupt(format!("bad reference {s:?}")))
}

#[async_trait]
impl Follows for SqliteStore {
    async fn follow(&self, councillor: &CouncillorId, case: &CaseRef, at: DateTime<Utc>) -> Result<(), StoreError> {
        let (councillor, case) = (councillor.clone(), case.clone());
        self.run(move |conn| {
            let tx = conn.transaction().map_err(db)?;
            insert_follow(&tx, &councillor, &case, at)?;
            tx.commit().map_err(db)
        })
        .await
    }

    async fn unfollow(&self, councillor: &CouncillorId, case: &CaseRef) -> Result<(), StoreError> {
        let (councillor, case) = (councillor.clone(), case.clone());
        self.run(move |conn| {
            conn.execute(
                "DELETE FROM follows WHERE councillor = ?1 AND reference = ?2",
                params![councillor.as_str(), case.as_str()],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn following(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError> {
        let councillor = councillor.clone();
        let after = crate::adapters::valid_cursor(after).map(str::to_owned);
        self.run(move |conn| {
            let mut stmt = conn
                .prepare(
                    "SELECT since, reference FROM follows WHERE councillor = ?1
                       AND (?2 IS NULL OR since || '#' || reference < ?2)
                     ORDER BY since DESC, reference DESC LIMIT ?3",
                )
                .map_err(db)?;
            let rows = stmt
                .query_map(params![councillor.as_str(), after, limit as i64 + 1], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(db)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db)?;
            let next = (rows.len() > limit).then(|| format!("{}#{}", rows[limit - 1].0, rows[limit - 1].1));
            let items = rows
                .iter()
                .take(limit)
                .map(|(_, r)| case_ref(r))
                .collect::<Result<_, _>>()?;
            Ok(Page { items, next })
        })
        .await
    }
}

#[async_trait]
impl Followers for SqliteStore {
    async fn followers(&self, case: &CaseRef) -> Result<Vec<CouncillorId>, StoreError> {
        let case = case.clone();
        self.run(move |conn| {
            let ids = texts(
                conn,
                "SELECT councillor FROM follows WHERE reference = ?1 ORDER BY councillor",
                [case.as_str()],
            )?;
            ids.iter()
                .map(|id| CouncillorId::parse(id).map_err(|_| StoreError::Corrupt(format!("bad councillor {id:?}"))))
                .collect()
        })
        .await
    }
}

#[async_trait]
impl WardCases for SqliteStore {
    async fn ward_cases(
        &self,
        ward: &WardId,
        filter: &WardFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError> {
        let ward = ward.as_str().to_owned();
        let filter = filter.clone();
        let after = crate::adapters::valid_cursor(after).map(str::to_owned);
        self.run(move |conn| {
            let status = filter.status.map(|s| s.as_str().to_owned());
            let category = filter.category.as_ref().map(|c| c.as_str().to_owned());
            let from = filter.from.map(ts);
            let until = filter.until.map(ts);
            let mut items = cases_where(
                conn,
                "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
                 WHERE c.ward = ?1
                   AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.category = ?3)
                   AND (?4 IS NULL OR c.submitted_at >= ?4) AND (?5 IS NULL OR c.submitted_at < ?5)
                   AND (?6 IS NULL OR c.submitted_at || '#' || c.reference < ?6)
                 ORDER BY c.submitted_at DESC, c.reference DESC LIMIT ?7",
                &[&ward, &status, &category, &from, &until, &after, &(limit as i64 + 1)],
            )?;
            let next = if items.len() > limit {
                items.truncate(limit);
                items.last().map(|c| format!("{}#{}", ts(c.submitted_at), c.reference))
            } else {
                None
            };
            Ok(Page { items, next })
        })
        .await
    }
}

#[async_trait]
impl AccessLog for SqliteStore {
    async fn record_access(&self, case: &CaseRef, record: &AccessRecord) -> Result<(), StoreError> {
        let (case, record) = (case.clone(), record.clone());
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO access_log (reference, seq, at, doc)
                 VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM access_log WHERE reference = ?1), ?2, ?3)",
                params![case.as_str(), ts(record.at), json(&record)?],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn accesses(&self, case: &CaseRef) -> Result<Vec<AccessRecord>, StoreError> {
        let case = case.clone();
        self.run(move |conn| {
            texts(
                conn,
                "SELECT doc FROM access_log WHERE reference = ?1 ORDER BY seq",
                [case.as_str()],
            )?
            .iter()
            .map(|d| from_json(d))
            .collect()
        })
        .await
    }
}

#[async_trait]
impl ResidentCases for SqliteStore {
    async fn resident_cases(&self, resident_key: &str) -> Result<Vec<CaseRef>, StoreError> {
        let key = resident_key.to_owned();
        self.run(move |conn| {
            texts(
                conn,
                "SELECT p.reference FROM case_personal p JOIN cases c ON c.reference = p.reference
                 WHERE p.resident_key = ?1 ORDER BY c.submitted_at, p.reference",
                [key],
            )?
            .iter()
            .map(|r| case_ref(r))
            .collect()
        })
        .await
    }
}

#[async_trait]
impl Eraser for SqliteStore {
    async fn erase(
        &self,
        case: &CaseRef,
        reason: ErasureReason,
        at: DateTime<Utc>,
        closed_before: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let reference = case.clone();
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            let Some((doc, version)) = tx
                .query_row(
                    "SELECT doc, version FROM cases WHERE reference = ?1",
                    [reference.as_str()],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)),
                )
                .optional()
                .map_err(db)?
            else {
                return Ok(false);
            };
            let stored: StoredCase = from_json(&doc)?;
            let personal: Option<String> = tx
                .query_row(
                    "SELECT doc FROM case_personal WHERE reference = ?1",
                    [reference.as_str()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            let case = stored.into_case(personal.as_deref().map(from_json::<StoredPersonal>).transpose()?);
            if closed_before.is_some_and(|cutoff| !case.closed_before(cutoff)) {
                return Ok(false);
            }
            let events: Vec<(i64, String)> = {
                let mut stmt = tx
                    .prepare("SELECT seq, doc FROM case_events WHERE reference = ?1")
                    .map_err(db)?;
                stmt.query_map([reference.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(db)?
                    .collect::<Result<_, _>>()
                    .map_err(db)?
            };
            let has_consents: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM consent_records WHERE reference = ?1)",
                    [reference.as_str()],
                    |r| r.get(0),
                )
                .map_err(db)?;
            // An open case keeps its history's free text with its description: the job needs them.
            let mut texts = Vec::new();
            if !case.status.is_open() {
                for (seq, doc) in &events {
                    let event = from_json::<StoredEvent>(doc)?.into_event();
                    if event.text.is_some() || event.public_note.is_some() {
                        texts.push((*seq, event.scrubbed()));
                    }
                }
            }
            let removes = case.erasure_would_remove() || has_consents || !texts.is_empty();
            if !removes {
                return Ok(false);
            }
            for (seq, event) in texts {
                tx.execute(
                    "UPDATE case_events SET doc = ?3 WHERE reference = ?1 AND seq = ?2",
                    params![reference.as_str(), seq, json(&StoredEvent::of(&event))?],
                )
                .map_err(db)?;
            }
            tx.execute("DELETE FROM consent_records WHERE reference = ?1", [reference.as_str()])
                .map_err(db)?;
            let erased = case.erased();
            if !replace_case(&tx, &erased, version)? {
                return Err(StoreError::Conflict);
            }
            insert_event(
                &tx,
                &reference,
                &CaseEvent::new(at, Actor::System, CaseEventKind::Erased { reason }),
            )?;
            tx.commit().map_err(db)?;
            checkpoint(conn);
            Ok(true)
        })
        .await
    }
}

#[async_trait]
impl RetentionDue for SqliteStore {
    async fn closed_before(&self, cutoff: DateTime<Utc>, limit: usize) -> Result<Vec<CaseRef>, StoreError> {
        self.run(move |conn| {
            // The partial index `cases_retention` holds only closed cases with personal data.
            texts(
                conn,
                "SELECT reference FROM cases WHERE is_open = 0 AND has_personal = 1 AND retain_from < ?1
                 ORDER BY retain_from LIMIT ?2",
                params![ts(cutoff), limit as i64],
            )?
            .iter()
            .map(|r| case_ref(r))
            .collect()
        })
        .await
    }
}

#[async_trait]
impl MailQueue for SqliteStore {
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        let message = message.clone();
        self.run(move |conn| {
            let tx = conn.transaction().map_err(db)?;
            insert_outbox(&tx, &message)?;
            tx.commit().map_err(db)
        })
        .await
    }
}

/// Copies the write-ahead log into the database and empties it, so the erased values'
/// old pages (still in the log until a checkpoint) leave the files now. Best effort: a
/// reader in another process (a sweep beside the server) can hold the log; the next
/// erasure, or SQLite's own checkpoint, finishes it.
fn checkpoint(conn: &rusqlite::Connection) {
    let busy = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0));
    match busy {
        Ok(0) => {}
        Ok(_) => tracing::warn!("the write-ahead log is in use; erased data leaves it at the next checkpoint"),
        Err(e) => tracing::warn!(error = %e, "checkpoint after erasure failed"),
    }
}
