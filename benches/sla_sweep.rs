//! Does the SLA sweep's cost grow with the table? It must not: it reads a sparse index that
//! holds only open cases not yet reported late, from the oldest due.
//!
//! The same sweep (100 cases due) over a small table and a large one, in the same run:
//! items read per sweep against the 100 due (goal: at most 2× due), full-table scan steps
//! (goal: none), and time, as a ratio of large to small (goal: ~1×).
//!
//! `cargo bench --bench sla_sweep` (1,000 and 1,000,000 cases; `-- --quick` for 1,000 and
//! 20,000; `cargo test --all-targets` runs the quick form).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{StatementStatus, params};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Case, CaseRef, ReportInput, Status};
use shared::ports::{DueCases, StoreError};
use sla_breach::SlaBreach;

const DUE: usize = 100;

/// Counts the cases the sweep's reads return (what it reads from the index), and the time
/// spent reading.
struct Counting {
    inner: SqliteStore,
    read: AtomicUsize,
    read_micros: AtomicUsize,
}

#[async_trait]
impl DueCases for Counting {
    async fn due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Case>, StoreError> {
        let start = Instant::now();
        let cases = self.inner.due(now, limit).await?;
        self.read_micros
            .fetch_add(start.elapsed().as_micros() as usize, Ordering::Relaxed);
        self.read.fetch_add(cases.len(), Ordering::Relaxed);
        Ok(cases)
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 6, 1, 9, 0, 0).single().expect("a time")
}

/// A table of `total` cases: `DUE` open and late, 5% open and not yet due, the rest closed.
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
    let submitted = now() - Duration::days(60);
    let template = Case::open(
        CaseRef::parse("AAAA-AAAA").expect("ref"),
        report,
        category,
        &council.calendar,
        Channel::Api,
        submitted,
    );
    let tx = conn.transaction().expect("tx");
    {
        let mut insert_case = tx
            .prepare(
                "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from,
                                    breach_notified, version, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 1, ?9)",
            )
            .expect("prepare");
        let mut insert_personal = tx
            .prepare("INSERT INTO case_personal (reference, doc) VALUES (?1, ?2)")
            .expect("prepare");
        let personal = serde_json::to_string(&template.personal).expect("json");
        for i in 0..total {
            let r = common::nth_reference(i);
            let mut case = template.clone();
            case.reference = CaseRef::parse(&r).expect("ref");
            case.personal = None;
            let (status, overdue_from) = if i < DUE {
                (Status::Open, now() - Duration::days(1) - Duration::minutes(i as i64))
            } else if i % 20 == 0 {
                (Status::InProgress, now() + Duration::days(10))
            } else {
                (Status::Closed, now() - Duration::days(30))
            };
            case.status = status;
            case.overdue_from = overdue_from;
            // Spread over the wards and two years, as a real table would be.
            case.ward = council.wards[i % council.wards.len()].id.clone();
            case.submitted_at = submitted - Duration::minutes((i % 1_051_200) as i64);
            let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            insert_case
                .execute(params![
                    r,
                    case.ward.as_str(),
                    case.category.as_str(),
                    case.team.as_str(),
                    status.as_str(),
                    status.is_open(),
                    stamp(case.submitted_at),
                    stamp(overdue_from),
                    serde_json::to_string(&case).expect("json"),
                ])
                .expect("insert");
            if i < DUE {
                insert_personal.execute(params![r, personal]).expect("insert");
            }
        }
    }
    tx.commit().expect("commit");
    common::settle(conn, path);
}

/// Rows SQLite stepped through in full-table scans while answering the sweep's query.
fn full_scan_steps(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT c.doc, p.doc FROM cases c LEFT JOIN case_personal p ON p.reference = c.reference
             WHERE c.is_open = 1 AND c.breach_notified = 0 AND c.overdue_from <= ?1 ORDER BY c.overdue_from LIMIT ?2",
        )
        .expect("prepare");
    let stamp = now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let rows = stmt.query_map(params![stamp, 100], |_| Ok(())).expect("query").count();
    assert_eq!(rows, DUE);
    stmt.get_status(StatementStatus::FullscanStep) as i64
}

struct Run {
    total: usize,
    read: usize,
    reported: usize,
    scan_steps: i64,
    seconds: f64,
    read_seconds: f64,
}

async fn run(council: &Arc<Council>, total: usize) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sweep.db");
    let filling = Instant::now();
    fill(&path, council, total);
    eprintln!("filled {total} cases in {:.1} s", filling.elapsed().as_secs_f64());
    let scan_steps = full_scan_steps(&path);
    let store = SqliteStore::open(&path).expect("open");
    let counting = Arc::new(Counting {
        inner: store.clone(),
        read: AtomicUsize::new(0),
        read_micros: AtomicUsize::new(0),
    });
    let sweep = SlaBreach {
        council: council.clone(),
        due: counting.clone(),
        updater: Arc::new(store.clone()),
        followers: Arc::new(store.clone()),
        prefs: Arc::new(store),
        signer: shared::signing::Signer::new("a bench signing key of thirty-two characters or more").expect("key"),
    };
    let start = Instant::now();
    let report = sweep.sweep(now()).await.expect("sweep");
    let seconds = start.elapsed().as_secs_f64();
    Run {
        total,
        read: counting.read.load(Ordering::Relaxed),
        reported: report.reported,
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
    println!("SLA sweep benchmark: {DUE} cases due, SQLite on disk (WAL), the sweep reports each one");
    println!(
        "{:>10} {:>5} {:>11} {:>11} {:>16} {:>11} {:>12}",
        "cases", "due", "items read", "read / due", "full-scan steps", "read time", "sweep time"
    );
    for r in [&small, &big] {
        assert_eq!(r.reported, DUE, "every due case reported");
        println!(
            "{:>10} {:>5} {:>11} {:>10.2}x {:>16} {:>9.1}ms {:>10.1}ms",
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
        "at {} cases vs {}: read time {:.2}x, sweep time {:.2}x (the table is {}x larger)",
        big.total,
        small.total,
        big.read_seconds / small.read_seconds,
        big.seconds / small.seconds,
        big.total / small.total
    );
}
