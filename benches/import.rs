//! How long does `wardline import` take for a council's history? 100,000 rows of an old
//! CRM's export (a mix of types, statuses, wards, residents; two thirds closed, so two
//! writes each), checked and stored on SQLite on disk, against 10,000 rows as the baseline
//! measured in the same run. Reported: rows, time to check, time to store, rows a second,
//! and the time per row against the baseline's (flat if it scales with the rows).
//!
//! `cargo bench --bench import` (`-- --quick`: 500 and 1,000 rows, as `cargo test
//! --all-targets` runs it).

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use wardline::import::{self, Importer, Mapping, MappingFile};

/// `rows` valid rows in the demo mapping's terms.
fn export(rows: usize) -> String {
    let types = [
        "Pothole",
        "Street Light Out",
        "Fly Tip",
        "Dog Mess",
        "Missed Collection",
        "ASB",
    ];
    let statuses = [
        "Completed",
        "New",
        "Assigned",
        "Closed - No Action",
        "Completed",
        "Completed",
    ];
    let mut out = String::from(
        "Case No,Enquiry Type,Case Status,Logged,Resolved,Details,Location,Lat,Lon,Ward,Customer Name,Customer Email,Customer Phone\r\n",
    );
    for i in 0..rows {
        let status = statuses[i % statuses.len()];
        let (day, month, year) = (1 + i % 28, 1 + (i / 28) % 12, 2024 + (i / 336) % 2);
        let resolved = if matches!(status, "Completed" | "Closed - No Action") {
            format!("{:02}/{month:02}/{year} 16:00", (day + 3).min(28))
        } else {
            String::new()
        };
        let (location, lat, lon, ward) = if i % 2 == 0 {
            (
                "",
                format!("52.{:04}", 6000 + i % 40),
                format!("-1.{:04}", 2000 + i % 300),
                "",
            )
        } else {
            ("12 Mill Lane", String::new(), String::new(), "St Anne's")
        };
        let resident = if i % 4 == 0 {
            format!("Resident {i},resident{i}@example.invalid,")
        } else {
            ",,".into()
        };
        let _ = writeln!(
            out,
            "ENQ/{i},{},{status},{day:02}/{month:02}/{year} 09:30,{resolved},Reported by phone,{location},{lat},{lon},{ward},{resident}\r",
            types[i % types.len()]
        );
    }
    out
}

fn main() -> anyhow::Result<()> {
    use anyhow::Context;
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes --bench; `cargo test --all-targets` runs the quick form.
    let quick = !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--quick");
    let sizes: &[usize] = if quick { &[500, 1_000] } else { &[10_000, 100_000] };
    let council = Council::load(&demo_dir()).context("the demo council")?;
    let text = std::fs::read_to_string(demo_dir().join("import/mapping.toml")).context("the demo mapping")?;
    let mapping = Mapping::new(toml::from_str::<MappingFile>(&text)?, &council)
        .map_err(|e| anyhow::anyhow!("the demo mapping: {e:?}"))?;
    let signer = shared::signing::Signer::new("a bench signing key of thirty-two characters or more")?;
    let now = Utc
        .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .single()
        .context("a fixed time")?;
    let dir = tempfile::tempdir()?;
    let rt = tokio::runtime::Runtime::new()?;
    println!(
        "{:>8}  {:>8}  {:>9}  {:>9}  {:>8}  per row",
        "rows", "bytes", "check", "store", "rows/s"
    );
    let mut baseline: Option<f64> = None;
    for &n in sizes {
        let csv = export(n);
        let started = Instant::now();
        let plan = import::plan(&council, &mapping, csv.as_bytes(), now);
        let check = started.elapsed().as_secs_f64();
        assert!(plan.problems.is_empty(), "{:?}", plan.problems.first());
        assert_eq!(plan.cases.len(), n);
        let store = SqliteStore::open(&dir.path().join(format!("import-{n}.db")))?;
        let started = Instant::now();
        let report = rt
            .block_on(import::apply(
                Importer {
                    council: &council,
                    writer: &store,
                    reader: &store,
                    updater: &store,
                    signer: &signer,
                    now,
                    email_residents: false,
                },
                &plan,
                |_, _| {},
            ))
            .context("importing")?;
        let store_secs = started.elapsed().as_secs_f64();
        assert_eq!(report.created, n);
        let per_row = (check + store_secs) / n as f64;
        let ratio = baseline.map_or(1.0, |b| per_row / b);
        baseline.get_or_insert(per_row);
        println!(
            "{n:>8}  {:>6.1}MB  {check:>8.2}s  {store_secs:>8.1}s  {:>8.0}  {ratio:.2}× the first's",
            csv.len() as f64 / 1e6,
            n as f64 / (check + store_secs)
        );
    }
    Ok(())
}
