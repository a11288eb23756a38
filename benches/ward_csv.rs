//! Does the largest ward CSV export fit a Lambda? Its body must stay well inside the 6 MB a
//! function may answer with, and its memory well inside the portal's 128 MB, at its cap of
//! 10,000 rows; and it must not read more than it needs (one query per 500 cases).
//!
//! One ward of 12,000 cases, reported through the same path as the form, on SQLite on disk.
//! The export runs in a process of its own (this binary, run again), so its peak memory is
//! its own. Reported: rows, bytes, time, queries and peak resident memory; and the same for
//! a ward of 1,000 cases as the baseline measured in the same run.
//!
//! `cargo bench --bench ward_csv` (`-- --quick`: 1,000 and 2,000 cases, as `cargo test
//! --all-targets` runs it).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{Duration, TimeZone, Utc};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{Councillor, CouncillorId, ReportInput, WardId};
use shared::ports::{FixedClock, Page, StoreError, WardCases, WardFilter};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter, submit};

const WARD: &str = "riverside";

fn fill(path: &std::path::Path, council: &Council, total: usize) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = SqliteStore::open(path).expect("store");
        let clock = FixedClock::new(Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).single().expect("time"));
        let signer = Signer::new("a bench signing key of thirty-two characters or more").expect("key");
        let origin = Origin::resident(shared::domain::case::Channel::WebForm);
        for i in 0..total {
            clock.set(clock_start() + Duration::minutes(i as i64 * 40));
            let input = ReportInput {
                category: Some(
                    if i % 2 == 0 {
                        "fly-tipping"
                    } else {
                        "roads-and-footpaths"
                    }
                    .into(),
                ),
                description: Some("Sofa and bags dumped in the lay-by".into()),
                address: Some("Mill Lane".into()),
                ward: Some(WARD.into()),
                reporting: Some("registered".into()),
                name: Some("Jo Bloggs".into()),
                email: Some(format!("resident-{i}@example.invalid")),
                ..ReportInput::default()
            };
            let deps = Submitter {
                council,
                writer: &store,
                reader: &store,
                clock: &clock,
                signer: &signer,
            };
            submit(deps, &input, &origin, None).await.expect("stored");
        }
    });
}

fn clock_start() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).single().expect("time")
}

/// Counts the store's queries.
struct Counting {
    inner: SqliteStore,
    queries: AtomicUsize,
}

#[async_trait]
impl WardCases for Counting {
    async fn ward_cases(
        &self,
        ward: &WardId,
        filter: &WardFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<shared::domain::Case>, StoreError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.ward_cases(ward, filter, after, limit).await
    }
}

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

/// The export, in this process: prints one JSON line.
fn export(path: &std::path::Path) {
    let council = Council::load(&demo_dir()).expect("demo council");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let me = Councillor {
        id: CouncillorId::parse("bench-cllr").expect("id"),
        name: "Cllr Bench".into(),
        email: "bench@example.invalid".into(),
        party: "Independent".into(),
        wards: vec![WardId::parse(WARD).expect("ward")],
    };
    let store = Counting {
        inner: SqliteStore::open(path).expect("store"),
        queries: AtomicUsize::new(0),
    };
    let started = Instant::now();
    let (body, rows) = rt
        .block_on(portal::ward_csv_body(
            &council,
            &store,
            &me,
            &me.wards[0],
            &WardFilter::default(),
            Utc::now(),
        ))
        .expect("export");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "rows": rows, "bytes": body.len(), "secs": secs,
            "queries": store.queries.load(Ordering::Relaxed), "peak_kib": peak_kib()
        })
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--export") {
        export(std::path::Path::new(&args[i + 1]));
        return;
    }
    // `cargo bench` passes --bench; `cargo test --all-targets` runs the quick form.
    let quick = !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--quick");
    let sizes: &[usize] = if quick { &[1_000, 2_000] } else { &[1_000, 12_000] };
    let council = Council::load(&demo_dir()).expect("demo council");
    let dir = tempfile::tempdir().expect("dir");
    println!(
        "{:>7}  {:>6}  {:>9}  {:>7}  {:>7}  {:>11}",
        "cases", "rows", "bytes", "time", "queries", "peak memory"
    );
    let mut baseline: Option<f64> = None;
    for &n in sizes {
        let path = dir.path().join(format!("ward-{n}.db"));
        fill(&path, &council, n);
        let out = std::process::Command::new(&args[0])
            .args(["--export", path.to_str().expect("path")])
            .output()
            .expect("export run");
        let line = String::from_utf8_lossy(&out.stdout);
        let v: serde_json::Value = serde_json::from_str(line.trim()).expect("a JSON line");
        let (rows, bytes, secs) = (
            v["rows"].as_u64().unwrap_or(0) as usize,
            v["bytes"].as_u64().unwrap_or(0),
            v["secs"].as_f64().unwrap_or(0.0),
        );
        let ratio = baseline.map_or(1.0, |b| secs / b);
        baseline.get_or_insert(secs);
        println!(
            "{n:>7}  {rows:>6}  {:>7.2}MB  {:>6.3}s  {:>7}  {:>8.1} MB   ({ratio:.2}× the first)",
            bytes as f64 / 1e6,
            secs,
            v["queries"],
            v["peak_kib"].as_u64().unwrap_or(0) as f64 / 1024.0
        );
        assert_eq!(rows, n.min(portal::EXPORT_MAX), "capped at the export's limit");
        assert!(bytes < 6_000_000, "inside Lambda's 6 MB response");
        assert!(
            v["peak_kib"].as_u64().unwrap_or(u64::MAX) < 100 * 1024,
            "inside the function's 128 MB"
        );
    }
}
