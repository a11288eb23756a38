//! `wardline import`: a large export from an imaginary old CRM with errors planted in it is
//! dry-run (every problem, by line, nothing written), corrected, imported, and imported
//! again (nothing new); the figures agree with a recount, no one is emailed, no consent is
//! invented. Through the library on SQLite, and through the command itself.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::fmt::Write as _;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{CaseRef, Status};
use shared::ports::{CaseReader, ConsentLog, Outbox};
use wardline::import::{self, Importer, Mapping, MappingFile};

const HEADER: &str = "Case No,Enquiry Type,Case Status,Logged,Resolved,Details,Location,Lat,Lon,Ward,Customer Name,Customer Email,Customer Phone";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

/// The importer over one SQLite store, at [`now`].
fn importer<'a>(
    council: &'a Council,
    store: &'a SqliteStore,
    signer: &'a shared::signing::Signer,
    email_residents: bool,
) -> Importer<'a> {
    Importer {
        council,
        writer: store,
        reader: store,
        updater: store,
        signer,
        now: now(),
        email_residents,
    }
}

fn mapping(council: &Council) -> Mapping {
    let text = std::fs::read_to_string(demo_dir().join("import/mapping.toml")).unwrap();
    Mapping::new(toml::from_str::<MappingFile>(&text).unwrap(), council).unwrap()
}

/// `rows` good rows (a mix of types, statuses, wards, residents and dates), with the
/// planted errors (line → row) in their places when `planted` is true.
fn export(rows: usize, planted: bool) -> (String, Vec<(u64, &'static str)>) {
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
        "With Contractor",
    ];
    let mut out = format!("{HEADER}\r\n");
    let mut errors = Vec::new();
    for i in 0..rows {
        let line = i as u64 + 2;
        let bad: Option<(&str, String)> = if planted {
            match i {
                10 => Some((
                    "category \"Graffiti\" is not in the mapping",
                    format!("ENQ/{i},Graffiti,New,01/06/2026 10:00,,Tags on the wall,High St,,,Riverside Ward,,,"),
                )),
                20 => Some((
                    "reported_at \"31/02/2026\"",
                    format!("ENQ/{i},Pothole,New,31/02/2026,,Hole,High St,,,Riverside Ward,,,"),
                )),
                30 => Some((
                    "closed_at is empty, but status fixed is closed",
                    format!("ENQ/{i},Pothole,Completed,01/06/2026 10:00,,Hole,High St,,,Riverside Ward,,,"),
                )),
                40 => Some((
                    "reference ENQ/5 is also on line 7",
                    "ENQ/5,Pothole,New,01/06/2026 10:00,,Hole,High St,,,Riverside Ward,,,".to_owned(),
                )),
                50 => Some((
                    "latitude: The location you chose is outside",
                    format!("ENQ/{i},Pothole,New,01/06/2026 10:00,,Hole,,51.5,-0.12,,,,"),
                )),
                60 => Some((
                    "description: Enter a description",
                    format!("ENQ/{i},Pothole,New,01/06/2026 10:00,,,High St,,,Riverside Ward,,,"),
                )),
                70 => Some((
                    "email: Enter an email address in the correct format",
                    format!("ENQ/{i},Pothole,New,01/06/2026 10:00,,Hole,High St,,,Riverside Ward,Jo,not-an-email,"),
                )),
                80 => Some((
                    "has 5 columns, the header 13",
                    format!("ENQ/{i},Pothole,New,01/06/2026 10:00,"),
                )),
                90 => Some((
                    "reported_at 2027-01-01 09:00 is in the future",
                    format!("ENQ/{i},Pothole,New,2027-01-01 09:00,,Hole,High St,,,Riverside Ward,,,"),
                )),
                100 => Some((
                    "status \"Lost\" is not in the mapping",
                    format!("ENQ/{i},Pothole,Lost,01/06/2026 10:00,,Hole,High St,,,Riverside Ward,,,"),
                )),
                110 => Some((
                    "closed_at 01/05/2026 is before reported_at",
                    format!("ENQ/{i},Pothole,Completed,01/06/2026 10:00,01/05/2026,Hole,High St,,,Riverside Ward,,,"),
                )),
                120 => Some((
                    "ward: Select a ward from the list",
                    format!("ENQ/{i},Pothole,New,01/06/2026 10:00,,Hole,High St,,,Atlantis,,,"),
                )),
                _ => None,
            }
        } else {
            None
        };
        if let Some((message, row)) = bad {
            errors.push((line, message));
            writeln!(out, "{row}\r").unwrap();
            continue;
        }
        let t = i % types.len();
        let status = statuses[i % statuses.len()];
        let day = 1 + (i % 28);
        let month = 1 + (i / 28) % 10;
        let closed = matches!(status, "Completed" | "Closed - No Action");
        let resolved = if closed {
            format!("{:02}/{:02}/2026 16:00", (day + 3).min(28), month)
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
            (
                "\"12 Mill Lane, by the \"\"old\"\" post box\"",
                String::new(),
                String::new(),
                "St Anne's",
            )
        };
        let resident = if i % 4 == 0 {
            format!("Resident {i},resident{i}@example.com,07700 900{:03}", i % 1000)
        } else {
            ",,".into()
        };
        writeln!(
            out,
            "ENQ/{i},{},{status},{day:02}/{month:02}/2026 09:30,{resolved},\"Reported by phone: problem number {i}\",{location},{lat},{lon},{ward},{resident}\r",
            types[t]
        )
        .unwrap();
    }
    (out, errors)
}

#[tokio::test]
async fn a_large_export_with_planted_errors_is_dry_run_imported_and_imported_again() {
    let council = Council::load(&demo_dir()).unwrap();
    let mapping = mapping(&council);
    let (bad, planted) = export(2_000, true);
    let plan = import::plan(&council, &mapping, bad.as_bytes(), now());
    assert_eq!(plan.rows, 2_000);
    assert_eq!(plan.cases.len(), 2_000 - planted.len());
    // Every planted error, on its line, and nothing else.
    let found: Vec<u64> = plan.problems.iter().map(|p| p.line).collect();
    let mut lines: Vec<u64> = found.clone();
    lines.dedup();
    assert_eq!(
        lines,
        planted.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        "{:#?}",
        plan.problems
    );
    for (line, message) in &planted {
        assert!(
            plan.problems
                .iter()
                .any(|p| p.line == *line && p.message.contains(message)),
            "line {line}: expected {message:?}, got {:?}",
            plan.problems.iter().filter(|p| p.line == *line).collect::<Vec<_>>()
        );
    }

    // The corrected file: imported whole.
    let (good, none) = export(2_000, false);
    assert!(none.is_empty());
    let plan = import::plan(&council, &mapping, good.as_bytes(), now());
    assert!(
        plan.problems.is_empty(),
        "{:?}",
        &plan.problems[..plan.problems.len().min(5)]
    );
    let store = SqliteStore::in_memory().unwrap();
    let signer = shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap();
    assert_eq!(import::already_stored(&store, &plan).await.unwrap(), 0);
    let deps = importer(&council, &store, &signer, false);
    let mut ticks = 0;
    let first = import::apply(deps, &plan, |_, _| ticks += 1).await.unwrap();
    assert_eq!(ticks, 2_000);
    assert_eq!(first.created, 2_000);
    assert!(first.clashes.is_empty());
    assert_eq!(first.emails_queued, 0);

    // What one case became: its old reference, dates and status kept; the standard's date
    // counted from when it was reported; late ones not reported late again.
    let one = store.case(&CaseRef::for_original("ENQ/0")).await.unwrap().unwrap();
    assert_eq!(one.case.original_reference.as_deref(), Some("ENQ/0"));
    assert_eq!(one.case.status, Status::Fixed);
    assert_eq!(
        one.case.submitted_at,
        Utc.with_ymd_and_hms(2026, 1, 1, 9, 30, 0).unwrap()
    );
    assert_eq!(
        one.case.closed_at,
        Some(Utc.with_ymd_and_hms(2026, 1, 4, 16, 0, 0).unwrap())
    );
    assert_eq!(
        one.case.expected_by.to_string(),
        "2026-01-16",
        "10 working days after 1 January"
    );
    assert_eq!(one.history.len(), 2);
    assert_eq!(one.case.reporter().unwrap().name.as_str(), "Resident 0");
    let open = store.case(&CaseRef::for_original("ENQ/1")).await.unwrap().unwrap().case;
    assert_eq!(open.status, Status::Open);
    assert!(
        open.breach_notified,
        "long past its date: the sweep must not email about it"
    );

    // No email, no consent, and the figures as a recount of the cases makes them.
    assert!(store.ready(now(), 10).await.unwrap().is_empty());
    assert!(
        store
            .consents(&CaseRef::for_original("ENQ/0"))
            .await
            .unwrap()
            .is_empty()
    );
    let rebuild = shared::stats::Rebuild {
        council: &council,
        ward_cases: &store,
        reader: &store,
        tallies: &store,
    };
    let check = rebuild.run(None).await.unwrap();
    assert_eq!(check.cases, 2_000);
    assert_eq!(
        check.drifted, 0,
        "the import moved the figures exactly as a recount does"
    );

    // Again: nothing new.
    assert_eq!(import::already_stored(&store, &plan).await.unwrap(), 2_000);
    let second = import::apply(deps, &plan, |_, _| {}).await.unwrap();
    assert_eq!(second.created, 0);
    assert_eq!(second.already_imported, 2_000);
    assert_eq!(rebuild.run(None).await.unwrap().drifted, 0);
}

#[tokio::test]
async fn a_run_that_stopped_before_setting_a_status_is_finished_by_the_next() {
    let council = Council::load(&demo_dir()).unwrap();
    let mapping = mapping(&council);
    let (good, _) = export(6, false);
    let plan = import::plan(&council, &mapping, good.as_bytes(), now());
    let store = SqliteStore::in_memory().unwrap();
    let signer = shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let deps = importer(&council, &store, &signer, false);
    // As if the first run stopped after storing row 0 as reported, before its status.
    let mut first_only = import::Plan::default();
    let mut row = plan.cases[0].clone();
    let status = row.status;
    row.status = Status::Open;
    row.closed_at = None;
    first_only.cases.push(row);
    import::apply(deps, &first_only, |_, _| {}).await.unwrap();
    let report = import::apply(deps, &plan, |_, _| {}).await.unwrap();
    assert_eq!((report.created, report.finished), (5, 1));
    let case = store.case(&plan.cases[0].reference).await.unwrap().unwrap().case;
    assert_eq!(case.status, status);
}

#[tokio::test]
async fn residents_of_open_cases_are_emailed_only_when_asked() {
    let council = Council::load(&demo_dir()).unwrap();
    let mapping = mapping(&council);
    let (good, _) = export(12, false);
    let plan = import::plan(&council, &mapping, good.as_bytes(), now());
    let store = SqliteStore::in_memory().unwrap();
    let signer = shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let deps = importer(&council, &store, &signer, true);
    let report = import::apply(deps, &plan, |_, _| {}).await.unwrap();
    // Registered residents are every fourth row; of those (0, 4, 8) the open one is 8.
    let open_registered = plan
        .cases
        .iter()
        .filter(|p| p.status.is_open() && p.report.reporter.contact().is_some())
        .count();
    assert_eq!(open_registered, 1);
    assert_eq!(report.emails_queued, open_registered);
    assert_eq!(store.ready(now(), 100).await.unwrap().len(), open_registered);
}

/// The command: a dry run of the bad file lists the problems by line and writes nothing;
/// the good file imports, and again creates nothing.
#[test]
fn the_command_dry_runs_imports_and_imports_again() {
    let dir = tempfile::tempdir().unwrap();
    let (bad, planted) = export(300, true);
    let (good, _) = export(300, false);
    std::fs::write(dir.path().join("bad.csv"), bad).unwrap();
    std::fs::write(dir.path().join("good.csv"), good).unwrap();
    let data = dir.path().join("data");
    let run = |file: &str, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_wardline"))
            .args(["import", file, "--mapping"])
            .arg(demo_dir().join("import/mapping.toml"))
            .arg("--data-dir")
            .arg(&data)
            .args(extra)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8(out.stdout).unwrap())
    };
    let (ok, out) = run("bad.csv", &["--dry-run"]);
    assert!(!ok);
    for (line, _) in &planted {
        assert!(
            out.contains(&format!("line {line}: ")),
            "line {line} missing from:\n{out}"
        );
    }
    assert!(out.contains(&format!("300 rows: {} ready", 300 - planted.len())));
    let (ok, out) = run("bad.csv", &[]);
    assert!(!ok, "a file with problems imports nothing");
    assert!(out.contains("0 imported before"));
    let (ok, out) = run("good.csv", &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("300 rows: 300 ready (300 new, 0 imported before), 0 problems"),
        "{out}"
    );
    let (ok, out) = run("good.csv", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("Imported 300 new cases"), "{out}");
    let (ok, out) = run("good.csv", &[]);
    assert!(ok, "{out}");
    assert!(out.contains("Imported 0 new cases; 300 were imported before"), "{out}");
}
