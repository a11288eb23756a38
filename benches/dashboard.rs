//! Does a ward's quarterly dashboard cost more as the cases grow? It must not: it reads the
//! stored figures (one row per category and bucket, from the same quarter a year earlier on,
//! and the running totals the backlog needs), never the cases.
//!
//! Two stores in the same run: a small one where every category has a case in every bucket
//! the dashboard reads for the measured ward (about 700 cases), and a large one with the
//! same plus many more cases in every ward across the three years before. The dashboard's
//! read for one ward and one quarter: rows read (goal: equal), store round trips (goal:
//! equal) and time, large over small (goal: ~1×).
//!
//! `cargo bench --bench dashboard` (small and 1,000,000 cases; `-- --quick` for 20,000;
//! `cargo test --all-targets` runs the quick form).

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::params;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::performance::{PAST_RUNNING, Period, Tally, recount};
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, CategoryId, ReportInput, Status};
use shared::ports::{Scope, Tallies, TallyRebuild};

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The quarter measured: 2026/27 Q3 (October to December 2026).
fn quarter() -> Period {
    Period::Quarter { fy: 2026, q: 3 }
}

/// The first bucket the dashboard reads: the same quarter a year earlier (its comparison).
fn read_from() -> chrono::NaiveDate {
    quarter().year_before().first_day()
}

/// The cases: first one per category and bucket the dashboard reads for the first ward (each
/// fixed within its standard), then `extra` more in every ward over the three years before
/// the quarter.
fn cases(council: &Council, extra: usize) -> Vec<Case> {
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Sofa and bags dumped in the lay-by".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("anonymous".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).expect("valid");
    let category = council.category(&report.category).expect("category");
    let start = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).single().expect("time");
    let template = Case::open(
        CaseRef::parse("AAAA-AAAA").expect("ref"),
        report,
        category,
        &council.calendar,
        Channel::Api,
        start,
    );
    let mut out = Vec::new();
    let mut n = 0;
    let mut push = |at: DateTime<Utc>, ward: usize, cat: usize, out: &mut Vec<Case>| {
        let mut case = template.clone();
        case.reference = CaseRef::parse(&common::nth_reference(n)).expect("ref");
        n += 1;
        case.ward = council.wards[ward % council.wards.len()].id.clone();
        let c = &council.categories[cat % council.categories.len()];
        case.category = c.id.clone();
        case.team = c.team.clone();
        case.submitted_at = at;
        case.expected_by = council.calendar.due_date(at, c.standard.working_days);
        case.status = Status::Fixed;
        case.closed_at = Some(at + Duration::hours(2));
        case.personal = None;
        out.push(case);
    };
    let mut bucket = read_from();
    while bucket < quarter().end() {
        let at = bucket.and_hms_opt(10, 0, 0).expect("time").and_utc();
        for cat in 0..council.categories.len() {
            push(at, 0, cat, &mut out);
        }
        bucket = shared::domain::performance::period::next_bucket(bucket);
    }
    for i in 0..extra {
        let at = start - Duration::minutes(1 + (i as i64 * 97) % (3 * 365 * 24 * 60));
        push(at, i, i / 7, &mut out);
    }
    out
}

/// Loads the cases and the figures a recount gives for every scope.
async fn fill(path: &std::path::Path, council: &Council, cases: &[Case]) -> SqliteStore {
    drop(SqliteStore::open(path).expect("schema"));
    let mut conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "synchronous", "OFF").expect("pragma");
    let tx = conn.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from,
                                    breach_notified, retain_from, has_personal, version, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, 1, NULL, 0, 1, ?8)",
            )
            .expect("prepare");
        for case in cases {
            insert
                .execute(params![
                    case.reference.as_str(),
                    case.ward.as_str(),
                    case.category.as_str(),
                    case.team.as_str(),
                    case.status.as_str(),
                    stamp(case.submitted_at),
                    stamp(case.overdue_from),
                    serde_json::to_string(case).expect("json"),
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    common::settle(conn, path);
    let store = SqliteStore::open(path).expect("open");
    let mut groups: BTreeMap<(Scope, CategoryId), Vec<&Case>> = BTreeMap::new();
    for case in cases {
        for scope in [
            Scope::Council,
            Scope::Team(case.team.clone()),
            Scope::Ward(case.ward.clone()),
        ] {
            groups.entry((scope, case.category.clone())).or_default().push(case);
        }
    }
    let mut rows: BTreeMap<Scope, Vec<(CategoryId, chrono::NaiveDate, Tally)>> = BTreeMap::new();
    // Each case's history: reported, then fixed.
    let histories: BTreeMap<&str, Vec<CaseEvent>> = cases
        .iter()
        .map(|c| {
            let fixed = CaseEventKind::StatusChanged {
                from: Status::Open,
                to: Status::Fixed,
            };
            let submitted = CaseEventKind::Submitted { channel: Channel::Api };
            let closed = c.closed_at.unwrap_or(c.submitted_at);
            (
                c.reference.as_str(),
                vec![
                    CaseEvent::new(c.submitted_at, Actor::Resident, submitted),
                    CaseEvent::new(closed, Actor::Officer("bench".into()), fixed),
                ],
            )
        })
        .collect();
    for ((scope, category), group) in groups {
        let with_history = group
            .into_iter()
            .map(|c| (c, histories.get(c.reference.as_str()).map_or(&[][..], Vec::as_slice)));
        for (bucket, tally) in recount(with_history, &council.calendar) {
            rows.entry(scope.clone())
                .or_default()
                .push((category.clone(), bucket, tally));
        }
    }
    for (scope, rows) in rows {
        store.replace_tallies(&scope, &rows).await.expect("figures");
    }
    store
}

struct Run {
    cases: usize,
    rows: usize,
    round_trips: u64,
    seconds: f64,
}

async fn run(council: &Council, extra: usize) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dashboard.db");
    let cases = cases(council, extra);
    let filling = Instant::now();
    let store = fill(&path, council, &cases).await;
    eprintln!(
        "filled {} cases in {:.1} s",
        cases.len(),
        filling.elapsed().as_secs_f64()
    );
    let ward = Scope::Ward(council.wards[0].id.clone());
    // Warm once, then measure the median of a few reads.
    store.tallies(&ward, read_from(), PAST_RUNNING).await.expect("read");
    let before = store.round_trips();
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..9 {
        let start = Instant::now();
        rows = store
            .tallies(&ward, read_from(), PAST_RUNNING)
            .await
            .expect("read")
            .len();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Run {
        cases: cases.len(),
        rows,
        round_trips: (store.round_trips() - before) / 9,
        seconds: times[times.len() / 2],
    }
}

#[tokio::main]
async fn main() {
    let quick = !std::env::args().any(|a| a == "--bench") || std::env::args().any(|a| a == "--quick");
    let council = Council::load(&demo_dir()).expect("demo council");
    let small = run(&council, 0).await;
    let big = run(&council, if quick { 20_000 } else { 1_000_000 }).await;
    let mut buckets = 0;
    let mut b = read_from();
    while b < quarter().end() {
        buckets += 1;
        b = shared::domain::performance::period::next_bucket(b);
    }
    let cells = buckets * council.categories.len();
    println!(
        "Dashboard benchmark: one ward, one quarter and the four before it ({cells} category × bucket cells), SQLite on disk (WAL)"
    );
    println!(
        "{:>10} {:>10} {:>12} {:>10}",
        "cases", "rows read", "round trips", "read time"
    );
    for r in [&small, &big] {
        assert_eq!(r.rows, cells, "every cell of the quarter read, and nothing else");
        println!(
            "{:>10} {:>10} {:>12} {:>8.2}ms",
            r.cases,
            r.rows,
            r.round_trips,
            r.seconds * 1000.0
        );
    }
    assert_eq!((small.rows, small.round_trips), (big.rows, big.round_trips));
    println!(
        "at {} cases vs {}: rows read {:.2}x, read time {:.2}x (the table is {:.0}x larger)",
        big.cases,
        small.cases,
        big.rows as f64 / small.rows as f64,
        big.seconds / small.seconds,
        big.cases as f64 / small.cases as f64
    );
}
