//! How close is intake to the cost of storing the row?
//!
//! Three ways of storing the same reports, measured in the same run on the same machine:
//!
//! 1. **raw**: the rows a report becomes (case, personal details, event, outbox message,
//!    a tally row each for the council, the team and the ward),
//!    inserted with rusqlite in one transaction per report: the floor.
//! 2. **store**: `SqliteStore::submit` with a prepared submission: the adapter's cost.
//! 3. **intake**: a JSON `POST /api/v1/reports` through the intake router (parsing,
//!    validation, due date, email payload, store): what a resident's report costs.
//!
//! Reported as reports per second and as ratios against raw, plus store round trips per
//! report. Every store is a file on disk in WAL mode, as `wardline serve` uses it.
//!
//! `cargo bench --bench intake` (add `-- --quick` for a smoke run; `cargo test --all-targets`
//! runs it quick, so it cannot rot).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use rusqlite::params;
use shared::adapters::sqlite::{SCHEMA, SqliteStore};
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::performance::bucket_of;
use shared::domain::{Case, CaseEvent, CaseEventKind, CaseRef, ReportInput};
use shared::notice::{Acknowledgement, Notice, TeamContact};
use shared::ports::{CaseWriter, OutboxMessage, SystemClock, TallyChange};
use tower::ServiceExt;

fn body(i: usize) -> String {
    serde_json::json!({
        "category": "fly-tipping",
        "description": format!("Report number {i}: a mattress and bags dumped in the lay-by next to the bus stop"),
        "lat": 52.60 + (i % 50) as f64 * 0.0001, "lng": -1.20,
        "reporter": {"name": "Jo Bloggs", "email": format!("jo{i}@example.com")}
    })
    .to_string()
}

fn submission(council: &Council, i: usize) -> shared::ports::Submission {
    let input: ReportInput = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some(format!(
            "Report number {i}: a mattress and bags dumped in the lay-by next to the bus stop"
        )),
        lat: Some("52.60".into()),
        lng: Some("-1.20".into()),
        reporting: Some("registered".into()),
        name: Some("Jo Bloggs".into()),
        email: Some(format!("jo{i}@example.com")),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).expect("valid");
    let category = council.category(&report.category).expect("category");
    let mut rng = rand::rng();
    let now = chrono::Utc::now();
    let case = Case::open(
        CaseRef::generate(&mut rng),
        report,
        category,
        &council.calendar,
        Channel::Api,
        now,
    );
    // The same rows the intake router writes: the figures and the acknowledgement too.
    let event = CaseEvent::new(
        now,
        shared::domain::Actor::Resident,
        CaseEventKind::Submitted { channel: Channel::Api },
    );
    let team = council.team(&case.team).expect("team");
    let r = case.reporter().expect("registered");
    let acknowledgement = Notice::Acknowledgement(Acknowledgement {
        lang: Default::default(),
        to: r.email.clone(),
        name: r.name.clone(),
        reference: case.reference.clone(),
        category: category.name.en.clone(),
        next_steps: category.next_steps.en.clone(),
        team: TeamContact {
            name: team.name.en.clone(),
            email: team.email.clone(),
            phone: team.phone.clone(),
        },
        expected_by: case.expected_by,
        status_url: format!("{}/reports/{}", council.base_url, case.reference),
        sharing_url: String::new(),
        council: council.name.en.clone(),
        description: String::new(),
        location: String::new(),
        standard_days: 0,
        shared_with_councillor: None,
        logged_by: None,
    });
    shared::ports::Submission {
        tallies: TallyChange::for_change(None, &case, &event, &council.calendar),
        event,
        outbox: vec![OutboxMessage::new(now, acknowledgement, &mut rng)],
        idempotency: None,
        consent: None,
        follower: None,
        case,
    }
}

fn per_second(n: usize, start: Instant) -> f64 {
    n as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // as a quick smoke run in the test profile.
    let quick = !std::env::args().any(|a| a == "--bench") || std::env::args().any(|a| a == "--quick");
    let n = if quick { 200 } else { 5_000 };
    let dir = tempfile::tempdir().expect("tempdir");
    let council = Council::load(&demo_dir()).expect("demo council");

    // 1. raw rusqlite: the same rows per report (the case, its personal details, its first
    // event, its acknowledgement; for each of council, team and ward a tally row for the new
    // case, and a tally row and a day row each for its joining the backlog and for the
    // running total: 19), one transaction each.
    let raw_rate = {
        let mut conn = rusqlite::Connection::open(dir.path().join("raw.db")).expect("open");
        conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
        conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
        conn.execute_batch(SCHEMA).expect("schema");
        let subs: Vec<_> = (0..n).map(|i| submission(&council, i)).collect();
        let docs: Vec<(String, String, String)> = subs
            .iter()
            .map(|s| {
                let mut public = s.case.clone();
                let personal = public.personal.take();
                (
                    serde_json::to_string(&public).expect("json"),
                    serde_json::to_string(&personal).expect("json"),
                    serde_json::to_string(&s.event).expect("json"),
                )
            })
            .collect();
        let start = Instant::now();
        for (i, (s, (doc, personal, event))) in subs.iter().zip(&docs).enumerate() {
            let tx = conn.transaction().expect("tx");
            let r = s.case.reference.as_str();
            tx.execute(
                "INSERT INTO cases (reference, ward, category, team, status, is_open, submitted_at, overdue_from, version, doc)
                 VALUES (?1, ?2, ?3, ?4, 'open', 1, ?5, ?6, 1, ?7)",
                params![
                    r,
                    s.case.ward.as_str(),
                    s.case.category.as_str(),
                    s.case.team.as_str(),
                    s.case.submitted_at.to_rfc3339(),
                    s.case.overdue_from.to_rfc3339(),
                    doc
                ],
            )
            .expect("case");
            tx.execute(
                "INSERT INTO case_personal (reference, doc) VALUES (?1, ?2)",
                params![r, personal],
            )
            .expect("personal");
            tx.execute(
                "INSERT INTO case_events (reference, seq, at, doc) VALUES (?1, 1, ?2, ?3)",
                params![r, s.event.at.to_rfc3339(), event],
            )
            .expect("event");
            tx.execute(
                "INSERT INTO outbox (id, created_at, state, ready_at, notice) VALUES (?1, ?2, 'ready', ?2, ?3)",
                params![format!("m{i}"), s.event.at.to_rfc3339(), doc],
            )
            .expect("outbox");
            // The figures: one row each for the council, the team and the ward.
            // (UTC's date, not London's: the same cost, whichever day the row is.)
            let day = s.case.submitted_at.date_naive();
            let bucket = bucket_of(day).format("%Y-%m-%d").to_string();
            for scope in [
                "council".to_owned(),
                format!("team:{}", s.case.team),
                format!("ward:{}", s.case.ward),
            ] {
                tx.execute(
                    "INSERT INTO tallies (scope, category, bucket, new, completed, within_standard, reopened, rating_sum, ratings)
                     VALUES (?1, ?2, ?3, 1, 0, 0, 0, 0, 0)
                     ON CONFLICT (scope, bucket, category) DO UPDATE SET new = new + excluded.new",
                    params![scope, s.case.category.as_str(), bucket],
                )
                .expect("tally");
                // The backlog: the case joins it the day after its standard, and the running
                // total of open cases goes up (a tally row and its day row, each).
                let joins = s.case.expected_by + chrono::Days::new(1);
                for (bucket, day) in [
                    (bucket_of(joins), (joins - bucket_of(joins)).num_days()),
                    (shared::domain::performance::RUNNING, 0),
                ] {
                    let bucket = bucket.format("%Y-%m-%d").to_string();
                    tx.execute(
                        "INSERT INTO tallies (scope, category, bucket) VALUES (?1, ?2, ?3)
                         ON CONFLICT (scope, bucket, category) DO NOTHING",
                        params![scope, s.case.category.as_str(), bucket],
                    )
                    .expect("tally");
                    tx.execute(
                        "INSERT INTO tally_late (scope, category, bucket, day, n) VALUES (?1, ?2, ?3, ?4, 1)
                         ON CONFLICT (scope, bucket, category, day) DO UPDATE SET n = n + excluded.n",
                        params![scope, s.case.category.as_str(), bucket, day],
                    )
                    .expect("late");
                }
            }
            tx.commit().expect("commit");
        }
        per_second(n, start)
    };

    // 2. the adapter.
    let (store_rate, store_trips) = {
        let store = SqliteStore::open(&dir.path().join("store.db")).expect("open");
        let subs: Vec<_> = (0..n).map(|i| submission(&council, i)).collect();
        let before = store.round_trips();
        let start = Instant::now();
        for s in &subs {
            store.submit(s, chrono::Utc::now()).await.expect("stored");
        }
        (per_second(n, start), (store.round_trips() - before) as f64 / n as f64)
    };

    // 3. the whole intake router.
    let (intake_rate, intake_trips) = {
        let store = SqliteStore::open(&dir.path().join("intake.db")).expect("open");
        let deps = intake::Intake {
            council: Arc::new(council.clone()),
            writer: Arc::new(store.clone()),
            reader: Arc::new(store.clone()),
            updater: Arc::new(store.clone()),
            tallies: Arc::new(store.clone()),
            ward_cases: Arc::new(store.clone()),
            clock: Arc::new(SystemClock),
            signer: shared::signing::Signer::new("a test signing key of thirty-two characters or more")
                .expect("a long enough key"),
            photos: None,
            uploads: None,
            upload_origin: None,
        };
        let router = intake::router(deps);
        let bodies: Vec<String> = (0..n).map(body).collect();
        let before = store.round_trips();
        let start = Instant::now();
        for b in bodies {
            let req = Request::post("/api/v1/reports")
                .header("content-type", "application/json")
                .body(Body::from(b))
                .expect("request");
            let res = router.clone().oneshot(req).await.expect("response");
            assert_eq!(res.status(), 201);
        }
        (per_second(n, start), (store.round_trips() - before) as f64 / n as f64)
    };

    println!("intake benchmark: {n} reports each way, SQLite on disk (WAL), one transaction per report");
    println!(
        "{:<44} {:>12} {:>14} {:>14}",
        "path", "reports/s", "vs raw insert", "round trips"
    );
    println!(
        "{:<44} {:>12.0} {:>14} {:>14}",
        "raw rusqlite insert of the same rows (floor)", raw_rate, "1.00x", "-"
    );
    println!(
        "{:<44} {:>12.0} {:>13.2}x {:>14.2}",
        "SqliteStore::submit",
        store_rate,
        raw_rate / store_rate,
        store_trips
    );
    println!(
        "{:<44} {:>12.0} {:>13.2}x {:>14.2}",
        "POST /api/v1/reports through the router",
        intake_rate,
        raw_rate / intake_rate,
        intake_trips
    );
    println!("(the ratio is how many times longer a report takes than the raw insert)");
}
