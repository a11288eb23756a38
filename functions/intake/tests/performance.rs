//! The public performance page: the council's figures by type of problem and quarter,
//! nothing about any resident, and no share of fewer than five completed reports.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, TimeZone, Utc};
use intake::{Intake, router};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status};
use shared::ports::{CaseChange, CaseUpdater, CaseWriter, FixedClock, Submission, TallyChange};
use tower::ServiceExt;

async fn report(store: &SqliteStore, council: &Council, n: usize, category: &str, fix: bool) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
    let input = ReportInput {
        category: Some(category.into()),
        description: Some(format!("SECRET-DESCRIPTION-{n}")),
        address: Some("SECRET-ADDRESS".into()),
        ward: Some("riverside".into()),
        reporting: Some("anonymous".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).unwrap();
    let cat = council.category(&report.category).unwrap();
    // Distinct references from the alphabet without look-alikes.
    let alphabet = shared::domain::reference::ALPHABET;
    let reference = CaseRef::parse(&format!(
        "AC{}{}-FHJK",
        alphabet[n / alphabet.len()] as char,
        alphabet[n % alphabet.len()] as char
    ))
    .unwrap();
    let case = Case::open(reference, report, cat, &council.calendar, Channel::WebForm, t0);
    let event = CaseEvent::new(
        t0,
        Actor::Resident,
        CaseEventKind::Submitted {
            channel: Channel::WebForm,
        },
    );
    store
        .submit(
            &Submission {
                tallies: TallyChange::for_change(None, &case, &event, &council.calendar),
                case: case.clone(),
                event,
                outbox: vec![],
                idempotency: None,
                consent: None,
                follower: None,
            },
            t0,
        )
        .await
        .unwrap();
    if fix {
        let at = t0 + Duration::hours(3);
        let next = case.with_status(Status::Fixed, at).unwrap();
        let event = CaseEvent::new(
            at,
            Actor::Officer("jane-smith".into()),
            CaseEventKind::StatusChanged {
                from: Status::Open,
                to: Status::Fixed,
            },
        );
        store
            .apply(&CaseChange {
                tallies: TallyChange::for_change(Some(&case), &next, &event, &council.calendar),
                case: next,
                expected_version: 1,
                event,
                outbox: vec![],
            })
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn anyone_sees_how_the_council_does_by_quarter_with_small_numbers_held_back() {
    let council = Council::load(&demo_dir()).unwrap();
    let store = SqliteStore::in_memory().unwrap();
    for n in 0..6 {
        report(&store, &council, n, "fly-tipping", true).await;
    }
    for n in 10..13 {
        report(&store, &council, n, "missed-bins", true).await;
    }
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()));
    let deps = Intake::from_store(
        Arc::new(council),
        Arc::new(store),
        clock,
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    );
    let res = router(deps)
        .oneshot(Request::get("/performance").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec()).unwrap();
    assert!(
        page.contains("How we are doing")
            && page.contains("2026/27 Q3 (Oct–Dec)")
            && page.contains("2025/26 Q3 (Oct–Dec)")
    );
    // Six fly-tipping reports done on time: shown (too few to rate, but not held back).
    assert!(page.contains("Too few to rate (n = 6)"), "{page}");
    // Three missed bins: fewer than five, held back.
    assert!(page.contains("Too few to show"));
    assert!(!page.contains("n = 3"));
    assert!(!page.contains("SECRET"), "no report's details");
}
