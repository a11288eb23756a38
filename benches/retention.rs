//! Does the retention job's cost grow with the table? It must not: it reads a sparse index
//! holding only closed cases that still have personal data, from the longest closed, and
//! stops at the cutoff.
//!
//! The same run (100 cases due) over a small table and a large one, in the same run: cases
//! read against the 100 due (goal: equal), full-table scan steps (goal: none), and time, as
//! a ratio of large to small (goal: ~1×).
//!
//! `cargo bench --bench retention` (1,000 and 1,000,000 cases; `-- --quick` for 1,000 and
//! 20,000; `cargo test --all-targets` runs the quick form).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Months, TimeZone, Utc};
use retention::Retention;
use rusqlite::{StatementStatus, params};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Case, CaseRef, ReportInput, Status};
use shared::ports::{RetentionDue, StoreError};

const DUE: usize = 100;

/// Counts the cases the job's reads return, and the time spent reading.
struct Counting {
    inner: SqliteStore,
    read: AtomicUsize,
    read_micros: AtomicUsize,
}

#[async_trait]
impl RetentionDue for Counting {
    async fn closed_before(&self, cutoff: DateTime<Utc>, limit: usize) -> Result<Vec<CaseRef>, StoreError> {
        let start = Instant::now();
        let refs = self.inner.closed_before(cutoff, limit).await?;
        self.read_micros
            .fetch_add(start.elapsed().as_micros() as usize, Ordering::Relaxed);
        self.read.fetch_add(refs.len(), Ordering::Relaxed);
        Ok(refs)
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 6, 1, 2, 30, 0).single().expect("a time")
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// `total` cases: `DUE` closed 25 months ago with their personal details; then, in turn,
/// closed within the period with details (in the index, not due), closed long ago and
/// already anonymised (not in the index), and open.
fn fill(path: &std::path::Path, council: &Council, total: usize) {
    drop(SqliteStore::open(path).expect("schema"));
    let mut conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "synchronous", "OFF").expect("pragma");
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Sofa and bags dumped in the lay-by".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("registered".into()),
        name: Some("Jo Bloggs".into()),
        email: Some("jo@example.com".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).expect("valid");
    let category = council.category(&report.category).expect("category");
    let template = Case::open(
        CaseRef::parse("AAAA-AAAA").expect("ref"),
        report,
        category,
        &council.calendar,
        Channel::Api,
        now() - Months::new(30),
    );
    let personal = serde_json::to_string(&template.personal).expect("json");
    let tx = conn.transaction().expect("tx");
    {
        let mut insert_case = tx
            .prepare(
                "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from,
                                    breach_notified, retain_from, has_personal, version, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, 1, ?11)",
            )
            .expect("prepare");
        let mut insert_personal = tx
            .prepare("INSERT INTO case_personal (reference, resident_key, doc) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        for i in 0..total {
            let r = common::nth_reference(i);
            let mut case = template.clone();
            case.reference = CaseRef::parse(&r).expect("ref");
            case.personal = None;
            let (status, closed_at, has_personal) = if i < DUE {
                (
                    Status::Fixed,
                    Some(now() - Months::new(25) - Duration::minutes(i as i64)),
                    true,
                )
            } else {
                match i % 3 {
                    0 => (Status::Fixed, Some(now() - Duration::days((i % 700) as i64)), true),
                    1 => (Status::Fixed, Some(now() - Months::new(26)), false),
                    _ => (Status::InProgress, None, true),
                }
            };
            case.status = status;
            case.closed_at = closed_at;
            case.ward = council.wards[i % council.wards.len()].id.clone();
            insert_case
                .execute(params![
                    r,
                    case.ward.as_str(),
                    case.category.as_str(),
                    case.team.as_str(),
                    status.as_str(),
                    status.is_open(),
                    stamp(case.submitted_at),
                    stamp(case.overdue_from),
                    closed_at.map(stamp),
                    has_personal,
                    serde_json::to_string(&case).expect("json"),
                ])
                .expect("insert");
            if has_personal {
                insert_personal
                    .execute(params![r, format!("resident-{}", i % 5000), personal])
                    .expect("insert");
            }
        }
    }
    tx.commit().expect("commit");
    common::settle(conn, path);
}

/// Rows SQLite stepped through in full-table scans while answering the job's query.
fn full_scan_steps(path: &std::path::Path, cutoff: DateTime<Utc>) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT reference FROM cases WHERE is_open = 0 AND has_personal = 1 AND retain_from < ?1
             ORDER BY retain_from LIMIT ?2",
        )
        .expect("prepare");
    let rows = stmt
        .query_map(params![stamp(cutoff), 1000], |_| Ok(()))
        .expect("query")
        .count();
    assert_eq!(rows, DUE);
    stmt.get_status(StatementStatus::FullscanStep) as i64
}

struct Run {
    total: usize,
    read: usize,
    anonymised: usize,
    scan_steps: i64,
    seconds: f64,
    read_seconds: f64,
}

async fn run(council: &Arc<Council>, total: usize) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("retention.db");
    let filling = Instant::now();
    fill(&path, council, total);
    eprintln!("filled {total} cases in {:.1} s", filling.elapsed().as_secs_f64());
    let store = SqliteStore::open(&path).expect("open");
    let counting = Arc::new(Counting {
        inner: store.clone(),
        read: AtomicUsize::new(0),
        read_micros: AtomicUsize::new(0),
    });
    let job = Retention {
        council: council.clone(),
        due: counting.clone(),
        eraser: Arc::new(store),
        photos: None,
    };
    let scan_steps = full_scan_steps(&path, job.cutoff(now()));
    let start = Instant::now();
    let report = job.run(now()).await.expect("run");
    let seconds = start.elapsed().as_secs_f64();
    Run {
        total,
        read: counting.read.load(Ordering::Relaxed),
        anonymised: report.anonymised,
        scan_steps,
        seconds,
        read_seconds: counting.read_micros.load(Ordering::Relaxed) as f64 / 1e6,
    }
}

#[tokio::main]
async fn main() {
    let quick = !std::env::args().any(|a| a == "--bench") || std::env::args().any(|a| a == "--quick");
    let large = if quick { 20_000 } else { 1_000_000 };
    let council = Arc::new(Council::load(&demo_dir()).expect("demo council"));
    let small = run(&council, 1_000).await;
    let big = run(&council, large).await;
    println!("Retention benchmark: {DUE} cases due for anonymisation, SQLite on disk (WAL)");
    println!(
        "{:>10} {:>5} {:>11} {:>11} {:>16} {:>11} {:>11}",
        "cases", "due", "items read", "read / due", "full-scan steps", "read time", "run time"
    );
    for r in [&small, &big] {
        assert_eq!(r.anonymised, DUE, "every due case anonymised");
        println!(
            "{:>10} {:>5} {:>11} {:>10.2}x {:>16} {:>9.1}ms {:>9.1}ms",
            r.total,
            DUE,
            r.read,
            r.read as f64 / DUE as f64,
            r.scan_steps,
            r.read_seconds * 1000.0,
            r.seconds * 1000.0
        );
    }
    println!(
        "at {} cases vs {}: read time {:.2}x, run time {:.2}x (the table is {}x larger)",
        big.total,
        small.total,
        big.read_seconds / small.read_seconds,
        big.seconds / small.seconds,
        big.total / small.total
    );
}
