//! The links in a completion email: a one-click rating (and a comment), and "this is not
//! fixed", which reopens the case within 28 days.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Duration, TimeZone, Utc};
use intake::{Intake, router};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status};
use shared::ports::{CaseChange, CaseReader, CaseUpdater, CaseWriter, FixedClock, Outbox, Submission};
use shared::signing::Signer;
use tower::ServiceExt;

const KEY: &str = "a test signing key of thirty-two characters or more";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

struct App {
    router: axum::Router,
    store: SqliteStore,
    clock: Arc<FixedClock>,
    signer: Signer,
}

async fn app_with_fixed_case() -> (App, Case) {
    let council = Arc::new(Council::load(&demo_dir()).unwrap());
    let store = SqliteStore::in_memory().unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let signer = Signer::new(KEY).unwrap();
    let deps = Intake::from_store(council.clone(), Arc::new(store.clone()), clock.clone(), signer.clone());
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Mattress in the lane".into()),
        address: Some("Back Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("registered".into()),
        name: Some("Jo".into()),
        email: Some("jo@example.com".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).unwrap();
    let case = Case::open(
        CaseRef::parse("FK7M-3RTW").unwrap(),
        report,
        council
            .category(&shared::domain::CategoryId::parse("fly-tipping").unwrap())
            .unwrap(),
        &council.calendar,
        Channel::WebForm,
        t0(),
    );
    store
        .submit(
            &Submission {
                tallies: vec![],
                event: CaseEvent::new(
                    t0(),
                    Actor::Resident,
                    CaseEventKind::Submitted {
                        channel: Channel::WebForm,
                    },
                ),
                case: case.clone(),
                outbox: vec![],
                idempotency: None,
                consent: None,
                follower: None,
            },
            t0(),
        )
        .await
        .unwrap();
    let fixed = case.with_status(Status::Fixed, t0() + Duration::days(2)).unwrap();
    store
        .apply(&CaseChange {
            tallies: vec![],
            case: fixed.clone(),
            expected_version: 1,
            event: CaseEvent::new(
                t0() + Duration::days(2),
                Actor::Officer("jane-smith".into()),
                CaseEventKind::StatusChanged {
                    from: Status::Open,
                    to: Status::Fixed,
                },
            ),
            outbox: vec![],
        })
        .await
        .unwrap();
    (
        App {
            router: router(deps),
            store,
            clock,
            signer,
        },
        fixed,
    )
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, Vec<String>, String) {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let cookies = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    let body = String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec()).unwrap();
    (status, cookies, body)
}

fn csrf_in(body: &str) -> String {
    let i = body.find(r#"name="csrf" value=""#).unwrap() + 19;
    body[i..].split('"').next().unwrap().to_owned()
}

async fn post(app: &App, path: &str, cookie: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(serde_urlencoded::to_string(form).unwrap()))
        .unwrap();
    let (status, _, body) = send(app, req).await;
    (status, body)
}

#[tokio::test]
async fn the_rating_link_chooses_the_rating_and_only_the_button_records_it() {
    let (app, case) = app_with_fixed_case().await;
    let token = app
        .signer
        .token("feedback", case.reference.as_str(), t0() + Duration::days(90));
    // A mail filter opens every link in the email, many times over: nothing is recorded.
    let mut opened = (StatusCode::OK, vec![], String::new());
    for _ in 0..50 {
        opened = send(
            &app,
            Request::get(format!("/feedback/{token}?rating=4"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    }
    let (status, cookies, page) = opened;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("You chose") && page.contains("4 out of 5"));
    assert!(
        page.contains(r#"value="4" checked"#),
        "the rating is chosen on the form"
    );
    let record = app.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(record.history.len(), 2, "opening the link records nothing");
    assert_eq!(record.case.version, case.version, "nor changes the case");

    let rate = |rating: &'static str, comment: &'static str| {
        let page = page.clone();
        let cookie = cookies[0].clone();
        let app = &app;
        let path = format!("/feedback/{token}");
        async move {
            post(
                app,
                &path,
                &cookie,
                &[("rating", rating), ("comment", comment), ("csrf", &csrf_in(&page))],
            )
            .await
        }
    };
    let (status, thanks) = rate("4", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(thanks.contains("Thank you for your feedback"));
    // The same again (a second press, a resent form) adds nothing.
    rate("4", "").await;
    let history = app.store.case(&case.reference).await.unwrap().unwrap().history;
    assert_eq!(history.len(), 3);
    assert_eq!(history[2].kind, CaseEventKind::Feedback { rating: 4 });

    // A different rating, or a comment, is new.
    rate("5", "Quick work, thank you").await;
    let last = app
        .store
        .case(&case.reference)
        .await
        .unwrap()
        .unwrap()
        .history
        .pop()
        .unwrap();
    assert_eq!(
        (last.kind, last.text.as_deref()),
        (CaseEventKind::Feedback { rating: 5 }, Some("Quick work, thank you"))
    );
}

#[tokio::test]
async fn after_erasure_the_links_in_old_emails_store_nothing() {
    use shared::domain::ErasureReason;
    use shared::ports::Eraser;
    let (app, case) = app_with_fixed_case().await;
    let feedback = app
        .signer
        .token("feedback", case.reference.as_str(), t0() + Duration::days(90));
    let reopen = app
        .signer
        .token("reopen", case.reference.as_str(), t0() + Duration::days(30));
    // The pages are opened (and their forms' tokens taken) before the erasure.
    let (_, cookies, rating_page) = send(
        &app,
        Request::get(format!("/feedback/{feedback}?rating=1"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let (_, _, reopen_page) = send(
        &app,
        Request::get(format!("/reopen/{reopen}")).body(Body::empty()).unwrap(),
    )
    .await;
    assert!(
        app.store
            .erase(
                &case.reference,
                ErasureReason::ResidentRequest,
                t0() + Duration::days(3),
                None
            )
            .await
            .unwrap()
    );
    let before = app.store.case(&case.reference).await.unwrap().unwrap();

    let (status, page) = post(
        &app,
        &format!("/feedback/{feedback}"),
        &cookies[0],
        &[
            ("rating", "1"),
            ("comment", "Jo Bloggs of 4 Back Lane says it is still there"),
            ("csrf", &csrf_in(&rating_page)),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Your details were erased"));
    // The same browser (its cookie and that cookie's token) posts the reopen form.
    assert!(reopen_page.contains("Reopen my report"));
    let (status, page) = post(
        &app,
        &format!("/reopen/{reopen}"),
        &cookies[0],
        &[
            ("csrf", &csrf_in(&rating_page)),
            ("still_wrong", "Jo Bloggs of 4 Back Lane says"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Your details were erased") && page.contains("report it again"));
    for path in [format!("/feedback/{feedback}?rating=2"), format!("/reopen/{reopen}")] {
        let (status, _, page) = send(&app, Request::get(&path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::GONE, "{path}");
        assert!(page.contains("Your details were erased"));
    }

    let after = app.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(after, before, "nothing stored, nothing changed");
    assert!(!app.store.dump_all_text().await.unwrap().contains("Back Lane says"));
}

#[tokio::test]
async fn a_rating_out_of_range_records_nothing_and_asks_again() {
    let (app, case) = app_with_fixed_case().await;
    let token = app
        .signer
        .token("feedback", case.reference.as_str(), t0() + Duration::days(90));
    let (status, _, page) = send(
        &app,
        Request::get(format!("/feedback/{token}?rating=9"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("How did we do?"));
    assert_eq!(app.store.case(&case.reference).await.unwrap().unwrap().history.len(), 2);
}

#[tokio::test]
async fn a_forged_or_expired_link_is_refused_with_a_way_forward() {
    let (app, case) = app_with_fixed_case().await;
    let other = Signer::new("another key that is thirty-two characters long").unwrap();
    let expired = app
        .signer
        .token("feedback", case.reference.as_str(), t0() - Duration::days(1));
    let wrong_purpose = app
        .signer
        .token("reopen", case.reference.as_str(), t0() + Duration::days(1));
    for token in [
        other.token("feedback", case.reference.as_str(), t0() + Duration::days(9)),
        expired,
        wrong_purpose,
        "garbage".into(),
    ] {
        let (status, _, page) = send(
            &app,
            Request::get(format!("/feedback/{token}?rating=5"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{token}");
        assert!(page.contains("This link has expired") && page.contains("report it"));
    }
    assert_eq!(app.store.case(&case.reference).await.unwrap().unwrap().history.len(), 2);
}

#[tokio::test]
async fn not_fixed_reopens_the_case_and_tells_the_resident() {
    let (app, case) = app_with_fixed_case().await;
    let token = app
        .signer
        .token("reopen", case.reference.as_str(), t0() + Duration::days(30));
    let (status, cookies, page) = send(
        &app,
        Request::get(format!("/reopen/{token}")).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Is the problem still there?"));
    assert_eq!(
        app.store.case(&case.reference).await.unwrap().unwrap().case.status,
        Status::Fixed,
        "opening the page changes nothing"
    );
    assert!(page.contains("What is still wrong?"));
    // Nothing said: asked again, nothing stored.
    let (status, again) = post(
        &app,
        &format!("/reopen/{token}"),
        &cookies[0],
        &[("csrf", &csrf_in(&page)), ("still_wrong", "  ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("Tell us what is still wrong"));
    assert_eq!(
        app.store.case(&case.reference).await.unwrap().unwrap().case.status,
        Status::Fixed
    );
    let before = app.store.case(&case.reference).await.unwrap().unwrap().case;
    app.clock.set(t0() + Duration::days(3));
    let (status, page) = post(
        &app,
        &format!("/reopen/{token}"),
        &cookies[0],
        &[
            ("csrf", &csrf_in(&again)),
            ("still_wrong", "Half the bags are still by the gate"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Your report has been reopened"));
    let record = app.store.case(&case.reference).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::Open);
    let last = record.history.last().unwrap();
    assert_eq!(last.kind, CaseEventKind::Reopened);
    assert_eq!(last.text.as_deref(), Some("Half the bags are still by the gate"));
    // A new expected date, counted from now with the standard.
    assert!(
        record.case.expected_by > before.expected_by,
        "{} then {}",
        before.expected_by,
        record.case.expected_by
    );
    // The resident, the team and its escalation contact are told.
    let later = t0() + Duration::days(60);
    let mut told = Vec::new();
    for id in app.store.ready(later, 10).await.unwrap() {
        let m = app
            .store
            .claim(&id, later, later + Duration::minutes(1))
            .await
            .unwrap()
            .unwrap();
        let e = m.message.notice.render();
        told.push((e.to.clone(), e.text.contains("Half the bags are still by the gate")));
    }
    told.sort();
    assert_eq!(
        told,
        [
            ("jo@example.com".to_owned(), false),
            ("streetscene.manager@ashworth.example".to_owned(), true),
            ("streetscene@ashworth.example".to_owned(), true),
        ]
    );
}

#[tokio::test]
async fn not_fixed_after_28_days_is_too_late_and_says_whom_to_contact() {
    let (app, case) = app_with_fixed_case().await;
    let token = app
        .signer
        .token("reopen", case.reference.as_str(), t0() + Duration::days(60));
    let (_, cookies, page) = send(
        &app,
        Request::get(format!("/reopen/{token}")).body(Body::empty()).unwrap(),
    )
    .await;
    app.clock.set(case.closed_at.unwrap() + Duration::days(29));
    let (status, page) = post(
        &app,
        &format!("/reopen/{token}"),
        &cookies[0],
        &[("csrf", &csrf_in(&page)), ("still_wrong", "Still there")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("It is too late to reopen this report") && page.contains("streetscene@ashworth.example"));
    assert_eq!(
        app.store.case(&case.reference).await.unwrap().unwrap().case.status,
        Status::Fixed
    );
}

#[tokio::test]
async fn reopening_without_the_forms_token_is_refused() {
    let (app, case) = app_with_fixed_case().await;
    let token = app
        .signer
        .token("reopen", case.reference.as_str(), t0() + Duration::days(30));
    let (status, page) = post(
        &app,
        &format!("/reopen/{token}"),
        "wl_csrf=0123456789abcdef0123456789abcdef",
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("This form has expired"));
    assert_eq!(
        app.store.case(&case.reference).await.unwrap().unwrap().case.status,
        Status::Fixed
    );
}
