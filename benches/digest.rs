//! Does the weekly digest cost more as the cases grow? It must not: it reads each ward's
//! stored figures, the week's late cases and each councillor's follows, never the cases.
//!
//! A council of 100 wards and 300 councillors (three a ward), SQLite stores on disk: a small
//! one with 1,000 cases (ten a ward over the weeks the digest reads; two a ward went late in
//! the digest's week; each councillor follows one), and larger ones with the same plus many
//! more over the three years before. Each digest run happens in a process of its own (this
//! binary, run again), so its peak memory is its own. Items read grow only while the
//! figures the digest reads fill up (each ward × type of problem × week of the year so far,
//! one row each) and stop at that bound, whatever the number of cases; the cases it reads
//! are the week's late ones and the followed ones. Time, and peak resident memory (goal:
//! well under the function's 256 MB).
//!
//! `cargo bench --bench digest` (1,000, 100,000 and 1,000,000 cases; `-- --quick` for
//! 1,000 and 20,000; `cargo test --all-targets` runs the quick form).

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::digest::{Cadence, DigestJob};
use shared::domain::case::Channel;
use shared::domain::performance::{Tally, recount};
use shared::domain::{
    Actor, Case, CaseEvent, CaseEventKind, CaseRecord, CaseRef, CategoryId, Councillor, CouncillorId, MultiPolygon,
    ReportInput, Status, Ward, WardId,
};
use shared::ports::{
    CaseReader, DigestMark, DigestOutbox, FollowedCases, OutboxMessage, Page, ReadPreferences, Scope, StoreError,
    Tallies, TallyRebuild, WardLate,
};

const WARDS: usize = 100;
/// A case and its history, as the bench makes them.
type Record = (Case, Vec<CaseEvent>);
const PER_WARD: usize = 3;

/// Monday 30 November 2026, 07:00: the digest of the week beginning 23 November.
fn scheduled() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).single().expect("time")
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The demo council grown to 100 wards of three councillors each.
fn council() -> Council {
    let mut council = Council::load(&demo_dir()).expect("demo council");
    council.wards = (0..WARDS)
        .map(|w| Ward {
            id: WardId::parse(&format!("ward-{w:03}")).expect("ward id"),
            name: shared::domain::Text::new(format!("Ward {w}")),
            boundary: MultiPolygon::default(),
            outline: MultiPolygon::default(),
        })
        .collect();
    council.councillors = (0..WARDS * PER_WARD)
        .map(|i| Councillor {
            id: CouncillorId::parse(&format!("cllr-{i:03}")).expect("id"),
            name: format!("Cllr {i}"),
            email: format!("cllr-{i:03}@example.invalid"),
            party: "Independent".into(),
            wards: vec![council_ward(i / PER_WARD)],
        })
        .collect();
    council
}

fn council_ward(w: usize) -> WardId {
    WardId::parse(&format!("ward-{w:03}")).expect("ward id")
}

/// The cases: ten a ward over the 13 weeks before the digest's Monday (two a ward late in
/// the digest's week, the rest fixed in time), then `extra` more fixed ones over the three
/// years before.
fn cases(council: &Council, extra: usize) -> Vec<Record> {
    let demo = Council::load(&demo_dir()).expect("demo council");
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Sofa and bags dumped in the lay-by".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("anonymous".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&demo.categories, &demo.wards).expect("valid");
    let category = demo.category(&report.category).expect("category");
    let template = Case::open(
        CaseRef::parse("AAAA-AAAA").expect("ref"),
        report,
        category,
        &council.calendar,
        Channel::Api,
        scheduled(),
    );
    let mut out = Vec::new();
    let mut n = 0;
    let mut push = |at: DateTime<Utc>, ward: usize, cat: usize, late: bool| {
        let mut case = template.clone();
        case.reference = CaseRef::parse(&common::nth_reference(n)).expect("ref");
        n += 1;
        case.ward = council_ward(ward % WARDS);
        let c = &council.categories[cat % council.categories.len()];
        case.category = c.id.clone();
        case.team = c.team.clone();
        case.submitted_at = at;
        case.expected_by = council.calendar.due_date(at, c.standard.working_days);
        case.overdue_from = council.calendar.overdue_from(case.expected_by);
        case.personal = None;
        let mut history = vec![CaseEvent::new(
            at,
            Actor::Resident,
            CaseEventKind::Submitted { channel: Channel::Api },
        )];
        if late {
            case.breach_notified = true;
            history.push(CaseEvent::new(
                case.overdue_from,
                Actor::System,
                CaseEventKind::BreachNotified,
            ));
        } else {
            case.status = Status::Fixed;
            case.closed_at = Some(at + Duration::hours(2));
            history.push(CaseEvent::new(
                at + Duration::hours(2),
                Actor::Officer("bench".into()),
                CaseEventKind::StatusChanged {
                    from: Status::Open,
                    to: Status::Fixed,
                },
            ));
        }
        out.push((case, history));
    };
    let monday = scheduled() - Duration::days(7);
    for w in 0..WARDS {
        for i in 0..8 {
            push(
                monday - Duration::days(7 * i64::from(i as u8 + 1)) + Duration::hours(10),
                w,
                i,
                false,
            );
        }
        // Fly-tipping's standard is 5 working days: reported on the Monday before, late from
        // the Tuesday of the digest's week.
        for i in 0..2 {
            push(monday - Duration::days(7) + Duration::hours(9 + i as i64), w, 3, true);
        }
    }
    for i in 0..extra {
        let at = monday - Duration::days(120) - Duration::minutes(1 + (i as i64 * 97) % (3 * 365 * 24 * 60));
        push(at, i, i / 7, false);
    }
    out
}

/// Loads the cases, one follow a councillor, and the figures a recount gives for every scope.
async fn fill(path: &std::path::Path, council: &Council, cases: &[Record]) {
    drop(SqliteStore::open(path).expect("schema"));
    let mut conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "synchronous", "OFF").expect("pragma");
    let tx = conn.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from,
                                    breach_notified, retain_from, has_personal, version, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, 0, 1, ?10)",
            )
            .expect("prepare");
        let mut event = tx
            .prepare("INSERT INTO case_events (reference, seq, at, doc) VALUES (?1, ?2, ?3, ?4)")
            .expect("prepare");
        for (case, history) in cases {
            insert
                .execute(params![
                    case.reference.as_str(),
                    case.ward.as_str(),
                    case.category.as_str(),
                    case.team.as_str(),
                    case.status.as_str(),
                    case.status.is_open(),
                    stamp(case.submitted_at),
                    stamp(case.overdue_from),
                    case.breach_notified,
                    serde_json::to_string(case).expect("json"),
                ])
                .expect("insert");
            for (seq, e) in history.iter().enumerate() {
                event
                    .execute(params![
                        case.reference.as_str(),
                        seq as i64 + 1,
                        stamp(e.at),
                        serde_json::to_string(e).expect("json")
                    ])
                    .expect("event");
            }
        }
        // Each councillor follows one of their ward's cases from the weeks read.
        let mut follow = tx
            .prepare("INSERT INTO follows (councillor, reference, since) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        for (i, c) in council.councillors.iter().enumerate() {
            let (case, _) = &cases[(i / PER_WARD) * 10 + i % PER_WARD];
            follow
                .execute(params![
                    c.id.as_str(),
                    case.reference.as_str(),
                    stamp(case.submitted_at)
                ])
                .expect("follow");
        }
    }
    tx.commit().expect("commit");
    common::settle(conn, path);
    let store = SqliteStore::open(path).expect("open");
    let mut groups: BTreeMap<(Scope, CategoryId), Vec<&Record>> = BTreeMap::new();
    for record in cases {
        let case = &record.0;
        for scope in [
            Scope::Council,
            Scope::Team(case.team.clone()),
            Scope::Ward(case.ward.clone()),
        ] {
            groups.entry((scope, case.category.clone())).or_default().push(record);
        }
    }
    let mut rows: BTreeMap<Scope, Vec<(CategoryId, NaiveDate, Tally)>> = BTreeMap::new();
    for ((scope, category), group) in groups {
        for (bucket, tally) in recount(group.into_iter().map(|(c, h)| (c, h.as_slice())), &council.calendar) {
            rows.entry(scope.clone())
                .or_default()
                .push((category.clone(), bucket, tally));
        }
    }
    for (scope, rows) in rows {
        store.replace_tallies(&scope, &rows).await.expect("figures");
    }
}

/// The store, counting every item its reads return.
struct Counting {
    inner: SqliteStore,
    items: AtomicUsize,
}

impl Counting {
    fn add(&self, n: usize) {
        self.items.fetch_add(n, Ordering::Relaxed);
    }
}

#[async_trait]
impl Tallies for Counting {
    async fn tallies(
        &self,
        scope: &Scope,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<(CategoryId, NaiveDate, Tally)>, StoreError> {
        let rows = self.inner.tallies(scope, from, until).await?;
        self.add(rows.len());
        Ok(rows)
    }
}

#[async_trait]
impl WardLate for Counting {
    async fn went_late(
        &self,
        ward: &WardId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Case>, StoreError> {
        let cases = self.inner.went_late(ward, from, until).await?;
        self.add(cases.len());
        Ok(cases)
    }
}

#[async_trait]
impl FollowedCases for Counting {
    async fn followed_cases(
        &self,
        councillor: &CouncillorId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<CaseRef>, StoreError> {
        let page = self.inner.followed_cases(councillor, after, limit).await?;
        self.add(page.items.len());
        Ok(page)
    }
}

#[async_trait]
impl CaseReader for Counting {
    async fn case(&self, reference: &CaseRef) -> Result<Option<CaseRecord>, StoreError> {
        let record = self.inner.case(reference).await?;
        self.add(record.as_ref().map_or(0, |r| 1 + r.history.len()));
        Ok(record)
    }
}

#[async_trait]
impl DigestOutbox for Counting {
    async fn enqueue_digest(&self, mark: &DigestMark, message: &OutboxMessage) -> Result<bool, StoreError> {
        self.inner.enqueue_digest(mark, message).await
    }
    async fn digest_sent(&self, mark: &DigestMark) -> Result<bool, StoreError> {
        self.add(1);
        self.inner.digest_sent(mark).await
    }
}

#[async_trait]
impl ReadPreferences for Counting {
    async fn prefs(&self, person: &str) -> Result<shared::domain::preferences::CouncillorPrefs, StoreError> {
        self.add(1);
        self.inner.prefs(person).await
    }
}

/// Peak resident memory of this process so far, in KiB (Linux).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// One digest run on the store at `path`, in this process: prints its figures as JSON.
async fn measure(path: &str) {
    let council = council();
    let store = Counting {
        inner: SqliteStore::open(std::path::Path::new(path)).expect("open"),
        items: AtomicUsize::new(0),
    };
    let start = Instant::now();
    let report = DigestJob {
        council: &council,
        tallies: &store,
        late: &store,
        follows: &store,
        reader: &store,
        outbox: &store,
        prefs: &store,
    }
    .run(Cadence::Weekly, scheduled(), scheduled())
    .await
    .expect("digest");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "queued": report.queued,
            "items": store.items.load(Ordering::Relaxed),
            "seconds": seconds,
            "peak_kib": peak_kib(),
        })
    );
}

struct Run {
    cases: usize,
    queued: u64,
    items: u64,
    seconds: f64,
    peak_kib: u64,
}

async fn run(council: &Council, extra: usize) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("digest.db");
    let cases = cases(council, extra);
    let filling = Instant::now();
    fill(&path, council, &cases).await;
    eprintln!(
        "filled {} cases in {:.1} s",
        cases.len(),
        filling.elapsed().as_secs_f64()
    );
    let total = cases.len();
    drop(cases);
    // The run in a process of its own: its peak memory is the digest's, not the filling's.
    let out = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env("WARDLINE_DIGEST_BENCH_DB", &path)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("json");
    Run {
        cases: total,
        queued: v["queued"].as_u64().unwrap_or(0),
        items: v["items"].as_u64().unwrap_or(0),
        seconds: v["seconds"].as_f64().unwrap_or(0.0),
        peak_kib: v["peak_kib"].as_u64().unwrap_or(0),
    }
}

/// The most items a digest run can read, whatever the cases: for each ward, one figures row
/// per type of problem and bucket from the first the digest reads to the week's end, and its
/// running totals; the week's late cases; for each councillor their choice, their mark,
/// their follow and the followed case with its history.
fn bound(council: &Council) -> u64 {
    let week_end = (scheduled() - Duration::days(7)).date_naive() + Duration::days(7);
    let year_start = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
    let chart_start = week_end - Duration::days(7 * 13);
    let mut buckets = 0u64;
    let mut b = shared::domain::performance::bucket_of(year_start.min(chart_start));
    while b < week_end {
        buckets += 1;
        b = shared::domain::performance::period::next_bucket(b);
    }
    let categories = council.categories.len() as u64;
    let per_ward = categories * (buckets + 1) + 2;
    let per_councillor = 1 + 1 + 1 + 3;
    WARDS as u64 * per_ward + council.councillors.len() as u64 * per_councillor
}

#[tokio::main]
async fn main() {
    if let Ok(path) = std::env::var("WARDLINE_DIGEST_BENCH_DB") {
        measure(&path).await;
        return;
    }
    let quick = !std::env::args().any(|a| a == "--bench") || std::env::args().any(|a| a == "--quick");
    let council = council();
    let extras: &[usize] = if quick { &[0, 19_000] } else { &[0, 99_000, 999_000] };
    let mut runs = Vec::new();
    for extra in extras {
        runs.push(run(&council, *extra).await);
    }
    let limit = bound(&council);
    println!(
        "Digest benchmark: {WARDS} wards, {} councillors, SQLite on disk (WAL), each run in its own process; at most {limit} items can be read",
        council.councillors.len()
    );
    println!(
        "{:>10} {:>8} {:>11} {:>10} {:>12}",
        "cases", "queued", "items read", "time", "peak memory"
    );
    for r in &runs {
        assert_eq!(r.queued, council.councillors.len() as u64, "one digest each");
        assert!(r.items <= limit, "{} items read, more than the bound {limit}", r.items);
        println!(
            "{:>10} {:>8} {:>11} {:>8.2}s {:>9.1} MB",
            r.cases,
            r.queued,
            r.items,
            r.seconds,
            r.peak_kib as f64 / 1024.0
        );
    }
    let (small, big) = (&runs[0], &runs[runs.len() - 1]);
    println!(
        "at {} cases vs {}: items read {:.2}x (bound {:.2}x), time {:.2}x, peak memory {:.2}x (the table is {:.0}x larger)",
        big.cases,
        small.cases,
        big.items as f64 / small.items as f64,
        limit as f64 / small.items as f64,
        big.seconds / small.seconds,
        big.peak_kib as f64 / small.peak_kib.max(1) as f64,
        big.cases as f64 / small.cases as f64
    );
}
