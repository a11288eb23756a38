//! Open data through `Router::oneshot`, on an in-memory SQLite store: what a month's file
//! and a quarter's figures hold, and everything they leave out.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, TimeZone, Utc};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use intake::{Intake, router};
use serde_json::{Value, json};
use shared::adapters::sqlite::SqliteStore;
use shared::casework::{StatusChange, status_change};
use shared::config::{Council, demo_dir};
use shared::domain::{CaseRef, Status};
use shared::ports::{CaseReader, CaseUpdater, Clock, FixedClock};
use shared::signing::Signer;
use tower::ServiceExt;

struct App {
    council: Arc<Council>,
    store: SqliteStore,
    clock: Arc<FixedClock>,
    signer: Signer,
    router: axum::Router,
}

fn app() -> App {
    let council = Arc::new(Council::load(&demo_dir()).unwrap());
    let store = SqliteStore::in_memory().unwrap();
    // Monday 2 November 2026, 10:00 London.
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()));
    let signer = Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let deps = Intake::from_store(council.clone(), Arc::new(store.clone()), clock.clone(), signer.clone());
    App {
        council,
        router: router(deps),
        store,
        clock,
        signer,
    }
}

async fn get(app: &App, path: &str) -> (StatusCode, http::HeaderMap, String) {
    let res = app
        .router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

async fn report(app: &App, body: Value) -> CaseRef {
    let res = app
        .router
        .clone()
        .oneshot(
            Request::post("/api/v1/reports")
                .header(CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = serde_json::from_slice(&axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap()).unwrap();
    CaseRef::parse(body["reference"].as_str().unwrap()).unwrap()
}

async fn fix(app: &App, reference: &CaseRef) {
    let record = app.store.case(reference).await.unwrap().unwrap();
    let change = status_change(
        &app.council,
        &app.signer,
        &record.case,
        StatusChange {
            officer: "jane-smith",
            to: Status::Fixed,
            note_to_resident: Some("Cleared today, Mrs Bloggs".into()),
            internal_note: Some("Resident at number 14 very upset".into()),
        },
        &[],
        app.clock.now(),
    )
    .unwrap();
    app.store.apply(&change).await.unwrap();
}

const PERSONAL: [&str; 9] = [
    "Jo Bloggs",
    "jo@example.com",
    "07700 900982",
    "sofa",
    "14 Mill Lane",
    "Mrs Bloggs",
    "number 14",
    "52.6012",
    "-1.2043",
];

#[tokio::test]
async fn a_months_cases_leave_out_everything_that_could_identify_a_resident() {
    let app = app();
    let tipping = report(
        &app,
        json!({
            "category": "fly-tipping", "description": "A sofa and a fridge dumped by the bins",
            "lat": 52.6012, "lng": -1.2043,
            "reporter": { "name": "Jo Bloggs", "email": "jo@example.com", "phone": "07700 900982" }
        }),
    )
    .await;
    app.clock.set(app.clock.now() + Duration::hours(1));
    let asb = report(
        &app,
        json!({
            "category": "anti-social-behaviour", "description": "Shouting outside 14 Mill Lane every night",
            "lat": 52.6012, "lng": -1.2043,
            "reporter": { "name": "Jo Bloggs", "email": "jo@example.com" }
        }),
    )
    .await;
    app.clock.set(app.clock.now() + Duration::days(1));
    fix(&app, &tipping).await;

    let (status, headers, csv) = get(&app, "/open-data/cases-2026-11.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        headers[CONTENT_DISPOSITION],
        "attachment; filename=\"cases-2026-11.csv\""
    );
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "\"category\",\"category_name\",\"ward\",\"ward_name\",\"latitude\",\"longitude\",\"reported_on\",\"expected_by\",\"closed_on\",\"status\",\"within_standard\"",
            "\"fly-tipping\",\"Fly-tipping\",\"millbrook\",\"Millbrook\",52.601,-1.204,\"2026-11-02\",\"2026-11-09\",\"2026-11-03\",\"fixed\",\"yes\"",
            // Anti-social behaviour: never where (the council's setting), and still open.
            "\"anti-social-behaviour\",\"Anti-social behaviour\",\"millbrook\",\"Millbrook\",\"\",\"\",\"2026-11-02\",\"2026-11-16\",\"\",\"open\",\"\"",
        ]
    );
    let (_, _, json) = get(&app, "/open-data/cases-2026-11.json").await;
    let parsed: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["complete"], true);
    assert_eq!(parsed["cases"][0]["within_standard"], true);
    assert_eq!(parsed["cases"][1]["latitude"], Value::Null);
    for text in [&csv, &json] {
        for p in PERSONAL.iter().chain([&tipping.as_str(), &asb.as_str()]) {
            assert!(!text.contains(p), "open data shows {p}");
        }
    }
    // Nothing in October; a case reported in November is not in December's file either.
    let (_, _, october) = get(&app, "/open-data/cases-2026-10.csv").await;
    assert_eq!(october.lines().count(), 1);
}

#[tokio::test]
async fn a_quarters_figures_withhold_small_counts() {
    let app = app();
    for _ in 0..6 {
        let r = report(
            &app,
            json!({ "category": "fly-tipping", "description": "Bags dumped", "lat": 52.6012, "lng": -1.2043 }),
        )
        .await;
        fix(&app, &r).await;
    }
    report(
        &app,
        json!({ "category": "dog-fouling", "description": "On the path", "lat": 52.6012, "lng": -1.2043 }),
    )
    .await;
    let (status, _, csv) = get(&app, "/open-data/summary-2026-27-q3.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains("\"millbrook\",\"Millbrook\",\"fly-tipping\",\"Fly-tipping\",6,6,6,100.0\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"millbrook\",\"Millbrook\",\"dog-fouling\",\"Dog fouling\",\"[c]\",0,0,\"[c]\"\r\n"),
        "{csv}"
    );
    assert!(csv.contains("\"riverside\",\"Riverside\",\"fly-tipping\",\"Fly-tipping\",0,0,0,\"[c]\"\r\n"));
    let (_, _, json) = get(&app, "/open-data/summary-2026-27-q3.json").await;
    let parsed: Value = serde_json::from_str(&json).unwrap();
    let row = |ward: &str, category: &str| {
        parsed["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ward"] == ward && r["category"] == category)
            .unwrap()
            .clone()
    };
    assert_eq!(row("millbrook", "dog-fouling")["received"], Value::Null);
    assert_eq!(row("millbrook", "fly-tipping")["percent_within_standard"], 100.0);
    assert_eq!(parsed["quarter"], "2026-27-q3");
}

#[tokio::test]
async fn the_page_lists_the_files_and_unknown_or_future_ones_are_not_found() {
    let app = app();
    let (status, _, page) = get(&app, "/open-data").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/open-data/cases-2026-11.csv\""));
    assert!(page.contains("href=\"/open-data/cases-2025-12.json\""));
    assert!(!page.contains("cases-2025-11.csv"), "twelve months");
    assert!(page.contains("href=\"/open-data/summary-2026-27-q3.csv\""));
    assert!(page.contains("href=\"/open-data/summary-2025-26-q3.json\""));
    assert!(page.contains("anti-social behaviour"));
    for path in [
        "/open-data/cases-2026-12.csv",
        "/open-data/summary-2026-27-q4.csv",
        "/open-data/cases-2026-11.xml",
        "/open-data/everything.csv",
    ] {
        let (status, _, _) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}
