//! The embedded store: SQLite, for the local runner and tests.
//!
//! Same semantics as the DynamoDB adapter: a submission is one transaction, writes that must
//! not clobber are conditional, and the partial indexes play the part of DynamoDB's sparse
//! indexes. WAL mode lets `wardline sla-sweep` run beside `wardline serve` on the same file.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

mod digests;
mod outbox;
mod privacy;
mod sessions;
mod tallies;

use super::stored::{StoredCase, StoredConsent, StoredEvent, StoredPersonal};
use super::{IMMEDIATELY, parse_ts, ts};
use crate::domain::consent::ConsentRecord;
use crate::domain::{Case, CaseEvent, CaseRecord, CaseRef, TeamId};
use crate::ports::{
    CaseChange, CaseReader, CaseUpdater, CaseWriter, ClaimedMessage, ConsentLog, DeadMessage, Delivery, DueCases,
    Outbox, OutboxMessage, Page, QueueFilter, RateLimit, SessionStore, SignInStore, StoreError, Submission,
    SubmitOutcome, TeamQueue,
};

/// Bumped with every incompatible change to [`SCHEMA`]; an older local database is refused
/// with a message rather than misread.
const SCHEMA_VERSION: i64 = 8;

/// The schema, public so the benchmark can measure raw inserts against the same tables.
pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS cases (
    reference    TEXT PRIMARY KEY,
    ward         TEXT NOT NULL,
    category     TEXT NOT NULL,
    team         TEXT NOT NULL,
    status       TEXT NOT NULL,
    is_open      INTEGER NOT NULL,
    submitted_at TEXT NOT NULL,
    overdue_from TEXT NOT NULL,
    closed_at    TEXT,                  -- when it was fixed or closed; NULL while open
    breach_notified INTEGER NOT NULL DEFAULT 0,
    retain_from  TEXT,                  -- when its retention period starts (Case::retention_from)
    has_personal INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL,
    doc          TEXT NOT NULL          -- the case without its personal details, as JSON
) STRICT;
CREATE INDEX IF NOT EXISTS cases_by_ward ON cases (ward, submitted_at);
-- Sparse, like DynamoDB's DueOpen index: only open cases not yet reported late.
CREATE INDEX IF NOT EXISTS cases_due ON cases (overdue_from) WHERE is_open = 1 AND breach_notified = 0;
-- A team's open cases, oldest due first (DynamoDB's TeamQueue index).
CREATE INDEX IF NOT EXISTS cases_queue ON cases (team, overdue_from, reference) WHERE is_open = 1;
-- A team's fixed and closed cases, the most recently closed first (TeamQueue's TEAMDONE#).
CREATE INDEX IF NOT EXISTS cases_closed ON cases (team, closed_at, reference) WHERE is_open = 0;
-- Sparse, like DynamoDB's RetentionDue index: closed cases still holding personal data.
-- Late cases by ward and the time their standard passed: the digest's "went late this week".
CREATE INDEX IF NOT EXISTS cases_ward_late ON cases (ward, overdue_from) WHERE breach_notified = 1;
CREATE INDEX IF NOT EXISTS cases_retention ON cases (retain_from) WHERE is_open = 0 AND has_personal = 1;

-- Personal details apart, so erasure deletes one row and leaves the statistics. The
-- resident key (a keyed hash of their email) finds a resident's cases.
CREATE TABLE IF NOT EXISTS case_personal (
    reference    TEXT PRIMARY KEY REFERENCES cases (reference),
    resident_key TEXT,
    doc          TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS case_personal_by_resident ON case_personal (resident_key) WHERE resident_key IS NOT NULL;

CREATE TABLE IF NOT EXISTS case_events (
    reference     TEXT NOT NULL REFERENCES cases (reference),
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    doc           TEXT NOT NULL,
    -- The status moved to, on status changes and reopenings only (Open311's updates).
    update_status TEXT,
    PRIMARY KEY (reference, seq)
) STRICT;
-- Sparse, like DynamoDB's Updates index: every case's status changes by time.
CREATE INDEX IF NOT EXISTS case_events_updates ON case_events (at, reference) WHERE update_status IS NOT NULL;

-- Append-only: no statement in wardline updates a consent record; erasure of a case's
-- personal data deletes them whole.
CREATE TABLE IF NOT EXISTS consent_records (
    reference TEXT NOT NULL REFERENCES cases (reference),
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    doc       TEXT NOT NULL,
    PRIMARY KEY (reference, seq)
) STRICT;

CREATE TABLE IF NOT EXISTS follows (
    councillor TEXT NOT NULL,
    reference  TEXT NOT NULL REFERENCES cases (reference),
    since      TEXT NOT NULL,
    PRIMARY KEY (councillor, reference)
) STRICT;
CREATE INDEX IF NOT EXISTS follows_by_councillor ON follows (councillor, since, reference);
CREATE INDEX IF NOT EXISTS follows_by_case ON follows (reference);

-- Who was shown a case's personal data, and when.
CREATE TABLE IF NOT EXISTS access_log (
    reference TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    doc       TEXT NOT NULL,
    PRIMARY KEY (reference, seq)
) STRICT;

-- Councillors' choices about their email (domain::preferences), one JSON document each.
CREATE TABLE IF NOT EXISTS preferences (
    person TEXT PRIMARY KEY,
    doc    TEXT NOT NULL
) STRICT;

-- Each digest sent, once per person and period (written with its outbox message).
CREATE TABLE IF NOT EXISTS digests (
    person  TEXT NOT NULL,
    period  TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (person, period)
) STRICT;

-- Figures per scope (council, team:<id>, ward:<id>), category and bucket, moved in the same
-- transaction as the change that moves them (domain::performance).
CREATE TABLE IF NOT EXISTS tallies (
    scope           TEXT NOT NULL,
    category        TEXT NOT NULL,
    bucket          TEXT NOT NULL,
    new             INTEGER NOT NULL DEFAULT 0,
    completed       INTEGER NOT NULL DEFAULT 0,
    within_standard INTEGER NOT NULL DEFAULT 0,
    reopened        INTEGER NOT NULL DEFAULT 0,
    rating_sum      INTEGER NOT NULL DEFAULT 0,
    ratings         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, bucket, category)
) STRICT;
-- The days-to-complete histogram beside it: one row per slot in use.
CREATE TABLE IF NOT EXISTS tally_days (
    scope    TEXT NOT NULL,
    category TEXT NOT NULL,
    bucket   TEXT NOT NULL,
    slot     INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (scope, bucket, category, slot)
) STRICT;
-- The backlog's changes beside it: one row per day of the bucket with a change.
CREATE TABLE IF NOT EXISTS tally_late (
    scope    TEXT NOT NULL,
    category TEXT NOT NULL,
    bucket   TEXT NOT NULL,
    day      INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (scope, bucket, category, day)
) STRICT;

CREATE TABLE IF NOT EXISTS outbox (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('ready', 'sent', 'dead')),
    ready_at    TEXT NOT NULL,
    lease_until TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    provider_id TEXT,
    sent_at     TEXT,
    notice      TEXT                    -- removed once sent: it holds the recipient's details
) STRICT;
CREATE INDEX IF NOT EXISTS outbox_ready ON outbox (ready_at) WHERE state = 'ready';
CREATE INDEX IF NOT EXISTS outbox_dead ON outbox (id) WHERE state = 'dead';

CREATE TABLE IF NOT EXISTS signin_tokens (
    token_hash TEXT PRIMARY KEY,
    person     TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS sessions (
    id         TEXT PRIMARY KEY,
    person     TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE IF NOT EXISTS rate_limits (
    key        TEXT NOT NULL,
    window     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (key, window)
) STRICT;

CREATE TABLE IF NOT EXISTS idempotency (
    key_hash    TEXT PRIMARY KEY,
    reference   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;
"#;

/// The SQLite store. Cheap to clone; clones share one connection.
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    round_trips: Arc<AtomicU64>,
}

/// The first column of every row a query returns, as text.
pub(super) fn texts(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(sql).map_err(db)?;
    stmt.query_map(params, |r| r.get::<_, String>(0))
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)
}

fn db(e: rusqlite::Error) -> StoreError {
    StoreError::unavailable(e)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(db)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(db)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(db)?;
        Self::init(conn)
    }

    /// A private database that disappears when dropped, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory().map_err(db)?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        // Another process (a sweep beside the server) may hold the write lock briefly.
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        // Deleted and overwritten content is zeroed in the file, not left in free pages
        // where erased personal data could still be read from the raw bytes.
        conn.pragma_update(None, "secure_delete", "ON").map_err(db)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db)?;
        let has_tables: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'cases')",
                [],
                |r| r.get(0),
            )
            .map_err(db)?;
        let mut version = version;
        if has_tables && version == 6 {
            migrate_6_to_7(&conn)?;
            version = 7;
        }
        if has_tables && version == 7 {
            migrate_7_to_8(&conn)?;
        } else if has_tables && version != SCHEMA_VERSION {
            return Err(StoreError::Corrupt(format!(
                "this database has schema version {version}, wardline needs {SCHEMA_VERSION}: \
                 delete the local data folder (.wardline by default) to start again"
            )));
        }
        conn.execute_batch(SCHEMA).map_err(db)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(db)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            round_trips: Arc::new(AtomicU64::new(0)),
        })
    }

    /// How many times the store has been asked to do something: one call, one round trip.
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.round_trips.fetch_add(1, Ordering::Relaxed);
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(StoreError::unavailable)?
    }
}

/// Version 7 keeps when a case closed in a column of its own, for the team's list of closed
/// cases; it is filled from the cases already stored.
fn migrate_6_to_7(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE; ALTER TABLE cases ADD COLUMN closed_at TEXT;")
        .map_err(db)?;
    let closed: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare("SELECT reference, doc FROM cases WHERE is_open = 0")
            .map_err(db)?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db)?
            .collect::<Result<_, _>>()
            .map_err(db)?
    };
    for (reference, doc) in closed {
        let stored: StoredCase = from_json(&doc)?;
        let case = stored.into_case(None);
        conn.execute(
            "UPDATE cases SET closed_at = ?2 WHERE reference = ?1",
            params![reference, ts(case.closed_at.unwrap_or(case.submitted_at))],
        )
        .map_err(db)?;
    }
    conn.execute_batch("COMMIT;").map_err(db)
}

/// Version 8 marks status changes and reopenings with the status moved to, for Open311's
/// updates; the events already stored are marked from their documents.
fn migrate_7_to_8(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         ALTER TABLE case_events ADD COLUMN update_status TEXT;
         UPDATE case_events SET update_status = json_extract(doc, '$.kind.to')
             WHERE json_extract(doc, '$.kind.type') = 'status_changed';
         UPDATE case_events SET update_status = 'open'
             WHERE json_extract(doc, '$.kind.type') = 'reopened';
         COMMIT;",
    )
    .map_err(db)
}

/// When a closed case closed, as the `closed_at` column keeps it (`None` while open).
fn closed_at_column(case: &Case) -> Option<String> {
    (!case.status.is_open()).then(|| ts(case.closed_at.unwrap_or(case.submitted_at)))
}

fn insert_case(tx: &rusqlite::Transaction<'_>, case: &Case) -> Result<bool, StoreError> {
    let mut public = case.clone();
    let personal = public.personal.take();
    let inserted = tx
        .execute(
            "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from,
                                breach_notified, version, doc, retain_from, has_personal, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (reference) DO NOTHING",
            params![
                case.reference.as_str(),
                case.ward.as_str(),
                case.category.as_str(),
                case.team.as_str(),
                case.status.as_str(),
                case.status.is_open(),
                ts(case.submitted_at),
                ts(case.overdue_from),
                case.breach_notified,
                case.version,
                json(&StoredCase::public(case))?,
                case.retention_from().map(ts),
                personal.is_some(),
                closed_at_column(case),
            ],
        )
        .map_err(db)?;
    if inserted == 0 {
        return Ok(false);
    }
    if let Some(p) = personal {
        tx.execute(
            "INSERT INTO case_personal (reference, resident_key, doc) VALUES (?1, ?2, ?3)",
            params![case.reference.as_str(), p.resident_key, json(&StoredPersonal::of(&p))?],
        )
        .map_err(db)?;
    }
    Ok(true)
}

fn insert_event(tx: &rusqlite::Transaction<'_>, reference: &CaseRef, event: &CaseEvent) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO case_events (reference, seq, at, doc, update_status)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE reference = ?1), ?2, ?3, ?4)",
        params![
            reference.as_str(),
            ts(event.at),
            json(&StoredEvent::of(event))?,
            event.kind.update_status().map(crate::domain::Status::as_str)
        ],
    )
    .map_err(db)?;
    Ok(())
}

pub(crate) fn insert_outbox(tx: &rusqlite::Transaction<'_>, m: &OutboxMessage) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO outbox (id, created_at, state, ready_at, notice) VALUES (?1, ?2, 'ready', ?3, ?4)",
        params![m.id, ts(m.created_at), IMMEDIATELY, json(&m.notice)?],
    )
    .map_err(db)?;
    Ok(())
}

#[async_trait]
impl CaseWriter for SqliteStore {
    async fn submit(&self, s: &Submission, now: DateTime<Utc>) -> Result<SubmitOutcome, StoreError> {
        let s = s.clone();
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            if let Some(claim) = &s.idempotency {
                let existing: Option<(String, String)> = tx
                    .query_row(
                        "SELECT reference, fingerprint FROM idempotency WHERE key_hash = ?1 AND expires_at > ?2",
                        params![claim.key.hash(), ts(now)],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(db)?;
                if let Some((reference, fingerprint)) = existing {
                    let reference =
                        CaseRef::parse(&reference).map_err(|_| StoreError::Corrupt("idempotency reference".into()))?;
                    return Ok(SubmitOutcome::Replayed { reference, fingerprint });
                }
                tx.execute(
                    "INSERT INTO idempotency (key_hash, reference, fingerprint, expires_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (key_hash) DO UPDATE SET reference = ?2, fingerprint = ?3, expires_at = ?4",
                    params![
                        claim.key.hash(),
                        s.case.reference.as_str(),
                        claim.fingerprint,
                        ts(claim.expires_at)
                    ],
                )
                .map_err(db)?;
            }
            if !insert_case(&tx, &s.case)? {
                return Err(StoreError::ReferenceTaken); // dropping `tx` rolls back
            }
            insert_event(&tx, &s.case.reference, &s.event)?;
            for m in &s.outbox {
                insert_outbox(&tx, m)?;
            }
            if let Some(record) = &s.consent {
                privacy::insert_consent(&tx, &s.case.reference, record)?;
            }
            if let Some(councillor) = &s.follower {
                privacy::insert_follow(&tx, councillor, &s.case.reference, s.case.submitted_at)?;
            }
            tallies::add(&tx, &s.tallies)?;
            tx.commit().map_err(db)?;
            Ok(SubmitOutcome::Stored)
        })
        .await
    }
}

/// Replaces a case if it is still at `expected`; `false` if it is not (or is missing).
fn replace_case(tx: &rusqlite::Transaction<'_>, case: &Case, expected: u32) -> Result<bool, StoreError> {
    let mut public = case.clone();
    let personal = public.personal.take();
    let changed = tx
        .execute(
            "UPDATE cases SET ward = ?2, category = ?3, team = ?4, status = ?5, is_open = ?6, overdue_from = ?7,
                              breach_notified = ?8, version = ?9, doc = ?10, retain_from = ?12, has_personal = ?13,
                              closed_at = ?14
             WHERE reference = ?1 AND version = ?11",
            params![
                case.reference.as_str(),
                case.ward.as_str(),
                case.category.as_str(),
                case.team.as_str(),
                case.status.as_str(),
                case.status.is_open(),
                ts(case.overdue_from),
                case.breach_notified,
                case.version,
                json(&StoredCase::public(case))?,
                expected,
                case.retention_from().map(ts),
                personal.is_some(),
                closed_at_column(case),
            ],
        )
        .map_err(db)?;
    if changed == 0 {
        return Ok(false);
    }
    match personal {
        Some(p) => tx
            .execute(
                "INSERT INTO case_personal (reference, resident_key, doc) VALUES (?1, ?2, ?3)
                 ON CONFLICT (reference) DO UPDATE SET resident_key = ?2, doc = ?3",
                params![case.reference.as_str(), p.resident_key, json(&StoredPersonal::of(&p))?],
            )
            .map_err(db)?,
        None => tx
            .execute(
                "DELETE FROM case_personal WHERE reference = ?1",
                [case.reference.as_str()],
            )
            .map_err(db)?,
    };
    Ok(true)
}

#[async_trait]
impl CaseUpdater for SqliteStore {
    async fn apply(&self, change: &CaseChange) -> Result<(), StoreError> {
        let change = change.clone();
        self.run(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            if !replace_case(&tx, &change.case, change.expected_version)? {
                return Err(StoreError::Conflict);
            }
            insert_event(&tx, &change.case.reference, &change.event)?;
            for m in &change.outbox {
                insert_outbox(&tx, m)?;
            }
            tallies::add(&tx, &change.tallies)?;
            tx.commit().map_err(db)?;
            Ok(())
        })
        .await
    }
}

/// Reads full cases (with personal details) for rows selected by `sql`.
fn cases_where(conn: &Connection, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Case>, StoreError> {
    let mut stmt = conn.prepare(sql).map_err(db)?;
    let rows = stmt
        .query_map(params, |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    rows.into_iter()
        .map(|(doc, personal)| {
            let personal = personal.map(|p| from_json::<StoredPersonal>(&p)).transpose()?;
            Ok(from_json::<StoredCase>(&doc)?.into_case(personal))
        })
        .collect()
}

#[async_trait]
impl ConsentLog for SqliteStore {
    async fn append_consent(&self, case: &CaseRef, record: &ConsentRecord) -> Result<(), StoreError> {
        let (reference, record) = (case.clone(), record.clone());
        self.run(move |conn| {
            let tx = conn.transaction().map_err(db)?;
            privacy::insert_consent(&tx, &reference, &record)?;
            tx.commit().map_err(db)
        })
        .await
    }

    async fn consents(&self, case: &CaseRef) -> Result<Vec<ConsentRecord>, StoreError> {
        let reference = case.clone();
        self.run(move |conn| {
            texts(
                conn,
                "SELECT doc FROM consent_records WHERE reference = ?1 ORDER BY seq",
                [reference.as_str()],
            )?
            .iter()
            .map(|d| Ok(from_json::<StoredConsent>(d)?.into_record()))
            .collect()
        })
        .await
    }
}

#[async_trait]
impl DueCases for SqliteStore {
    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Case>, StoreError> {
        self.run(move |conn| {
            // The partial index `cases_due` holds only open, un-notified cases.
            cases_where(
                conn,
                "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
                 WHERE c.is_open = 1 AND c.breach_notified = 0 AND c.overdue_from <= ?1
                 ORDER BY c.overdue_from LIMIT ?2",
                &[&ts(now), &(limit as i64)],
            )
        })
        .await
    }
}

#[async_trait]
impl TeamQueue for SqliteStore {
    async fn queue(
        &self,
        team: &TeamId,
        filter: &QueueFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Case>, StoreError> {
        let team = team.as_str().to_owned();
        let filter = filter.clone();
        let after = super::valid_cursor(after).map(str::to_owned).unwrap_or_default();
        self.run(move |conn| {
            let status = filter.status.map(|s| s.as_str().to_owned());
            let category = filter.category.as_ref().map(|c| c.as_str().to_owned());
            let ward = filter.ward.as_ref().map(|w| w.as_str().to_owned());
            // Open cases oldest due first; closed ones (`closed`) the most recently closed first.
            let sql = if filter.closed {
                "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
                 WHERE c.team = ?1 AND c.is_open = 0
                   AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.category = ?3) AND (?4 IS NULL OR c.ward = ?4)
                   AND (?5 = '' OR c.closed_at || '#' || c.reference < ?5)
                 ORDER BY c.closed_at DESC, c.reference DESC LIMIT ?6"
            } else {
                "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
                 WHERE c.team = ?1 AND c.is_open = 1
                   AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.category = ?3) AND (?4 IS NULL OR c.ward = ?4)
                   AND c.overdue_from || '#' || c.reference > ?5
                 ORDER BY c.overdue_from, c.reference LIMIT ?6"
            };
            let mut items = cases_where(
                conn,
                sql,
                &[&team, &status, &category, &ward, &after, &(limit as i64 + 1)],
            )?;
            let next = if items.len() > limit {
                items.truncate(limit);
                items.last().map(|c| match closed_at_column(c) {
                    Some(closed) => format!("{closed}#{}", c.reference),
                    None => format!("{}#{}", ts(c.overdue_from), c.reference),
                })
            } else {
                None
            };
            Ok(Page { items, next })
        })
        .await
    }
}

#[async_trait]
impl CaseReader for SqliteStore {
    async fn case(&self, reference: &CaseRef) -> Result<Option<CaseRecord>, StoreError> {
        let reference = reference.clone();
        self.run(move |conn| {
            let tx = conn.transaction().map_err(db)?;
            let row: Option<String> = tx
                .query_row(
                    "SELECT doc FROM cases WHERE reference = ?1",
                    [reference.as_str()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            let Some(doc) = row else { return Ok(None) };
            let stored: StoredCase = from_json(&doc)?;
            let personal: Option<String> = tx
                .query_row(
                    "SELECT doc FROM case_personal WHERE reference = ?1",
                    [reference.as_str()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            let case = stored.into_case(personal.map(|p| from_json::<StoredPersonal>(&p)).transpose()?);
            let mut stmt = tx
                .prepare("SELECT doc FROM case_events WHERE reference = ?1 ORDER BY seq")
                .map_err(db)?;
            let history = stmt
                .query_map([reference.as_str()], |r| r.get::<_, String>(0))
                .map_err(db)?
                .map(|d| Ok(from_json::<StoredEvent>(&d.map_err(db)?)?.into_event()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(CaseRecord { case, history }))
        })
        .await
    }
}

/// For tests and the contract suite: every value stored anywhere, as text.
impl SqliteStore {
    pub async fn dump_all_text(&self) -> Result<String, StoreError> {
        self.run(|conn| {
            let mut out = String::new();
            for table in [
                "cases",
                "case_personal",
                "case_events",
                "outbox",
                "idempotency",
                "signin_tokens",
                "sessions",
                "rate_limits",
                "consent_records",
                "follows",
                "access_log",
            ] {
                let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).map_err(db)?;
                let n = stmt.column_count();
                let mut rows = stmt.query([]).map_err(db)?;
                while let Some(row) = rows.next().map_err(db)? {
                    for i in 0..n {
                        let v: rusqlite::types::Value = row.get(i).map_err(db)?;
                        out.push_str(&format!("{v:?}\n"));
                    }
                }
            }
            Ok(out)
        })
        .await
    }
}
