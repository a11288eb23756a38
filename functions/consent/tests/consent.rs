//! The consent function through `Router::oneshot`, on an in-memory SQLite store: the edges
//! the end-to-end journey (tests/councillor_journey.rs) does not walk.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, TimeZone, Utc};
use consent::{Consent, DATA_REQUEST_LIMIT, router};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{CaseRef, ReportInput};
use shared::links;
use shared::ports::{Clock, ConsentLog, FixedClock, Outbox};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter, submit};
use tower::ServiceExt;

struct App {
    router: axum::Router,
    store: SqliteStore,
    photos: shared::adapters::photos_dir::DirPhotos,
    council: Arc<Council>,
    clock: Arc<FixedClock>,
    signer: Signer,
}

fn app() -> App {
    let council = Arc::new(
        Council::load(&demo_dir())
            .unwrap()
            .with_base_url("http://wardline.test"),
    );
    let store = SqliteStore::in_memory().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()));
    let signer = Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let photos = shared::adapters::photos_dir::DirPhotos::new(
        std::env::temp_dir().join(format!("wardline-consent-photos-{}", rand::random::<u64>())),
    );
    let deps = Consent::from_store(council.clone(), Arc::new(store.clone()), clock.clone(), signer.clone())
        .with_photos(Arc::new(photos.clone()));
    App {
        router: router(deps),
        store,
        photos,
        council,
        clock,
        signer,
    }
}

impl App {
    async fn send(&self, req: Request<Body>) -> (StatusCode, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Posts a form with a valid CSRF cookie and token.
    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let cookie = "0123456789abcdef0123456789abcdef";
        let mut form = form.to_vec();
        let token = self.signer.sign("csrf", cookie);
        form.push(("csrf", &token));
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("wl_csrf={cookie}"))
                .body(Body::from(serde_urlencoded::to_string(&form).unwrap()))
                .unwrap(),
        )
        .await
    }

    async fn report(&self, email: Option<&str>, share: bool) -> CaseRef {
        let input = ReportInput {
            category: Some("fly-tipping".into()),
            description: Some("A mattress by the gate".into()),
            address: Some("Mill Lane".into()),
            ward: Some("riverside".into()),
            reporting: Some(if email.is_some() { "registered" } else { "anonymous" }.into()),
            name: email.map(|_| "Jo Bloggs".into()),
            email: email.map(str::to_owned),
            share_with_councillor: share.then(|| "yes".into()),
            ..ReportInput::default()
        };
        let deps = Submitter {
            council: &self.council,
            writer: &self.store,
            reader: &self.store,
            clock: self.clock.as_ref(),
            signer: &self.signer,
        };
        let origin = Origin::resident(shared::domain::case::Channel::WebForm);
        submit(deps, &input, &origin, None).await.unwrap().reference
    }

    fn sharing_path(&self, reference: &CaseRef) -> String {
        links::sharing_url(&self.signer, "", reference, self.clock.now())
    }
}

#[tokio::test]
async fn a_sharing_link_that_is_altered_or_for_another_purpose_opens_nothing() {
    let app = app();
    let reference = app.report(Some("jo@example.com"), true).await;
    let path = app.sharing_path(&reference);
    let (status, _) = app.get(&format!("{path}x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let reopen = app
        .signer
        .token("reopen", reference.as_str(), app.clock.now() + Duration::days(1));
    let (status, page) = app.get(&format!("/consent/{reopen}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("This link has expired"));
    let (status, _) = app.post(&format!("/consent/{reopen}"), &[("choice", "withdraw")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store.consents(&reference).await.unwrap().len(),
        1,
        "nothing recorded"
    );
}

#[tokio::test]
async fn a_change_without_the_form_token_or_with_an_unknown_choice_records_nothing() {
    let app = app();
    let reference = app.report(Some("jo@example.com"), true).await;
    let path = app.sharing_path(&reference);
    let (status, _) = app
        .send(
            Request::post(&path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("choice=withdraw"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the form expired page");
    let (status, _) = app.post(&path, &[("choice", "maybe")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.consents(&reference).await.unwrap().len(), 1);
}

#[tokio::test]
async fn consent_given_from_the_status_page_is_recorded_as_such_with_the_current_notice() {
    use shared::domain::consent::{ConsentChannel, ConsentEvent};
    let app = app();
    let reference = app.report(Some("jo@example.com"), false).await;
    let path = app.sharing_path(&reference);
    let (_, page) = app.get(&format!("{path}?from=status")).await;
    assert!(page.contains("You are not sharing your details"));
    assert!(page.contains(r#"name="from" value="status""#));
    app.clock.set(app.clock.now() + Duration::days(3));
    let (status, _) = app.post(&path, &[("choice", "give"), ("from", "status")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Giving twice records once.
    app.post(&path, &[("choice", "give"), ("from", "status")]).await;
    let records = app.store.consents(&reference).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].channel, ConsentChannel::StatusPage);
    assert_eq!(records[0].at, app.clock.now());
    let ConsentEvent::Given { notice, scope } = &records[0].event else {
        panic!("given")
    };
    assert_eq!(
        notice.version,
        app.council.privacy.current(shared::domain::Lang::En).version
    );
    assert_eq!(
        notice.text_hash,
        app.council.privacy.current(shared::domain::Lang::En).text_hash()
    );
    assert_eq!(scope.len(), 3, "Riverside's three councillors");
}

#[tokio::test]
async fn the_privacy_notice_has_a_page_per_version_and_unknown_versions_are_not_found() {
    let app = app();
    let (status, page) = app.get("/privacy").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sharing with your local councillor"));
    assert!(page.contains("In effect from 1 November 2026"));
    let (status, same) = app.get("/privacy/2026-11-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(same.contains("Sharing with your local councillor"));
    for missing in ["/privacy/2020-01-01", "/privacy/..%2Fcouncil.toml", "/privacy/%ff"] {
        assert_eq!(app.get(missing).await.0, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn data_requests_are_limited_per_address_per_hour_and_say_so() {
    let app = app();
    app.report(Some("jo@example.com"), false).await;
    for _ in 0..DATA_REQUEST_LIMIT {
        let (status, _) = app.post("/your-data", &[("email", "Jo@Example.com")]).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, page) = app.post("/your-data", &[("email", "jo@example.com")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("Too many requests"));
    let later = app.clock.now() + Duration::days(1);
    let queued = app.store.ready(later, 100).await.unwrap();
    // The acknowledgement and one link per allowed request.
    assert_eq!(queued.len(), 1 + DATA_REQUEST_LIMIT as usize);
    let (status, page) = app.post("/your-data", &[("email", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter your email address"));
}

#[tokio::test]
async fn a_data_link_expires_after_an_hour() {
    let app = app();
    app.report(Some("jo@example.com"), false).await;
    let key = links::resident_key(
        &app.signer,
        &shared::domain::ResidentEmail::parse("jo@example.com").unwrap(),
    );
    let token = app
        .signer
        .token("your-data", &key, app.clock.now() + Duration::minutes(60));
    assert_eq!(app.get(&format!("/your-data/{token}")).await.0, StatusCode::OK);
    app.clock.set(app.clock.now() + Duration::minutes(61));
    for path in ["", "/data.json", "/data.csv"] {
        let (status, page) = app.get(&format!("/your-data/{token}{path}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(page.contains("Ask for a new link"));
    }
    let (status, _) = app
        .post(&format!("/your-data/{token}/erase"), &[("confirm", "yes")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_csv_download_neutralises_spreadsheet_formulas() {
    let app = app();
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("=HYPERLINK(\"http://evil.example\",\"click\")".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("registered".into()),
        name: Some("Jo Bloggs".into()),
        email: Some("jo@example.com".into()),
        ..ReportInput::default()
    };
    let deps = Submitter {
        council: &app.council,
        writer: &app.store,
        reader: &app.store,
        clock: app.clock.as_ref(),
        signer: &app.signer,
    };
    submit(
        deps,
        &input,
        &Origin::resident(shared::domain::case::Channel::WebForm),
        None,
    )
    .await
    .unwrap();
    let key = links::resident_key(
        &app.signer,
        &shared::domain::ResidentEmail::parse("jo@example.com").unwrap(),
    );
    let token = app
        .signer
        .token("your-data", &key, app.clock.now() + Duration::minutes(60));
    let (status, csv) = app.get(&format!("/your-data/{token}/data.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{csv}"
    );
}

/// The resident's copy of their data lists their photos and the data link serves them;
/// erasing a closed case removes its photos with its details, an open case keeps them for
/// the job (retention removes them once it closes).
#[tokio::test]
async fn photos_are_in_the_residents_data_and_go_when_a_closed_case_is_erased() {
    use shared::ports::{CaseReader, CaseUpdater, PhotoEraser};
    let app = app();
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("A mattress by the gate".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("registered".into()),
        name: Some("Jo Bloggs".into()),
        email: Some("jo@example.com".into()),
        ..ReportInput::default()
    };
    let deps = Submitter {
        council: &app.council,
        writer: &app.store,
        reader: &app.store,
        clock: app.clock.as_ref(),
        signer: &app.signer,
    };
    let files = [shared::photo::process(&shared::photo::fixtures::camera_jpeg(60, 40, 1)).unwrap()];
    let origin = Origin::resident(shared::domain::case::Channel::WebForm);
    let mut cases = Vec::new();
    for _ in 0..2 {
        let photos = shared::submission::NewPhotos {
            files: &files,
            store: &app.photos,
        };
        cases.push(
            shared::submission::submit_with_photos(deps, &input, &origin, None, Some(photos))
                .await
                .unwrap()
                .reference,
        );
    }
    let (closed, open) = (&cases[0], &cases[1]);
    let case = app.store.case(closed).await.unwrap().unwrap().case;
    let at = app.clock.now() + Duration::days(2);
    app.store
        .apply(&shared::ports::CaseChange {
            tallies: vec![],
            case: case.with_status(shared::domain::Status::Fixed, at).unwrap(),
            expected_version: case.version,
            event: shared::domain::CaseEvent::new(
                at,
                shared::domain::Actor::Officer("jane-smith".into()),
                shared::domain::CaseEventKind::StatusChanged {
                    from: case.status,
                    to: shared::domain::Status::Fixed,
                },
            ),
            outbox: vec![],
        })
        .await
        .unwrap();

    let key = links::resident_key(
        &app.signer,
        &shared::domain::ResidentEmail::parse("jo@example.com").unwrap(),
    );
    let token = app
        .signer
        .token("your-data", &key, app.clock.now() + Duration::minutes(60));
    let (status, json) = app.get(&format!("/your-data/{token}/data.json")).await;
    assert_eq!(status, StatusCode::OK);
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    let download = data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| {
            c["case"]["personal"]["photos"][0]["download"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("no photo in {json}"));
    let (status, bytes) = app.get(&format!("/your-data/{token}/{download}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!bytes.is_empty());
    // Someone else's token, or a photo id not listed: nothing.
    let other = app
        .signer
        .token("your-data", "someone-else", app.clock.now() + Duration::minutes(60));
    assert_eq!(
        app.get(&format!("/your-data/{other}/{download}")).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, _) = app
        .post(&format!("/your-data/{token}/erase"), &[("confirm", "yes")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        app.photos.photo_ids(closed).await.unwrap().is_empty(),
        "closed: its photos went"
    );
    assert_eq!(
        app.photos.photo_ids(open).await.unwrap().len(),
        1,
        "open: kept for the job"
    );
}
