//! Open311 through `Router::oneshot`, on an in-memory SQLite store with the demo council
//! (its demo keys: `ashworth-demo-back-office` may update, `ashworth-demo-app` may not).
//! XML is read with a real parser (roxmltree), so every answer is well-formed.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, TimeZone, Utc};
use http::header::CONTENT_TYPE;
use open311::{Open311, router};
use serde_json::Value;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{CaseRef, Status};
use shared::ports::{CaseReader, Clock, ConsentLog, FixedClock, Outbox};
use tower::ServiceExt;

const APP_KEY: &str = "ashworth-demo-app";
const BACK_OFFICE_KEY: &str = "ashworth-demo-back-office";

struct App {
    store: SqliteStore,
    clock: Arc<FixedClock>,
    router: axum::Router,
}

fn app() -> App {
    app_with(Council::load(&demo_dir()).unwrap())
}

fn app_with(council: Council) -> App {
    let store = SqliteStore::in_memory().unwrap();
    // Tuesday 24 November 2026, 10:00 London.
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()));
    let deps = Open311::from_store(
        Arc::new(council),
        Arc::new(store.clone()),
        clock.clone(),
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    );
    App {
        router: router(deps),
        store,
        clock,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        serde_json::from_str(&self.body).unwrap()
    }

    /// The XML, parsed: the root's name and its children as (name, text) lists.
    fn xml(&self) -> (String, Vec<Vec<(String, String)>>) {
        assert!(self.content_type.starts_with("text/xml"), "{}", self.content_type);
        assert!(self.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        let doc = roxmltree::Document::parse(&self.body).unwrap();
        let root = doc.root_element();
        let items = root
            .children()
            .filter(|n| n.is_element())
            .map(|item| {
                item.children()
                    .filter(|n| n.is_element())
                    .map(|f| (f.tag_name().name().to_owned(), f.text().unwrap_or_default().to_owned()))
                    .collect()
            })
            .collect();
        (root.tag_name().name().to_owned(), items)
    }
}

async fn send(app: &App, req: Request<Body>) -> Answer {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap();
    Answer {
        status,
        content_type,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

async fn get(app: &App, path: &str) -> Answer {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

async fn post(app: &App, path: &str, form: &[(&str, &str)]) -> Answer {
    let body = serde_urlencoded::to_string(form).unwrap();
    send(
        app,
        Request::post(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded; charset=utf-8")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// A request a resident made through an app: registered, on a pin in Riverside.
fn pothole() -> Vec<(&'static str, &'static str)> {
    vec![
        ("api_key", APP_KEY),
        ("service_code", "roads-and-footpaths"),
        ("lat", "52.6012"),
        ("long", "-1.2043"),
        ("description", "A deep pothole outside number 14, by the bus stop"),
        ("email", "jo@example.com"),
        ("first_name", "Jo"),
        ("last_name", "Bloggs"),
        ("phone", "07700 900982"),
    ]
}

async fn created(app: &App, form: &[(&str, &str)]) -> String {
    let a = post(app, "/open311/v2/requests.json", form).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.json()[0]["service_request_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn discovery_and_services_read_in_both_formats() {
    let app = app();
    let (root, _) = get(&app, "/open311/discovery.xml").await.xml();
    assert_eq!(root, "discovery");
    let d = get(&app, "/open311/discovery.json").await.json();
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(d["endpoints"][0]["url"].as_str().unwrap().ends_with("/open311/v2"));
    assert_eq!(
        d["endpoints"][0]["formats"],
        serde_json::json!(["text/xml", "application/json"])
    );

    let council = Council::load(&demo_dir()).unwrap();
    let (root, services) = get(&app, "/open311/v2/services.xml").await.xml();
    assert_eq!(root, "services");
    assert_eq!(services.len(), council.categories.len());
    let json = get(&app, "/open311/v2/services.json").await.json();
    for (i, c) in council.categories.iter().enumerate() {
        assert_eq!(json[i]["service_code"], c.id.as_str());
        assert_eq!(json[i]["service_name"], c.name.en.as_str());
        assert_eq!(json[i]["type"], "realtime");
        assert_eq!(json[i]["metadata"], true);
        assert!(services[i].contains(&("service_code".into(), c.id.to_string())));
    }

    let def = get(&app, "/open311/v2/services/fly-tipping.json").await.json();
    assert_eq!(def["service_code"], "fly-tipping");
    let ward = &def["attributes"][0];
    assert_eq!(ward["code"], "ward");
    assert_eq!(ward["datatype"], "singlevaluelist");
    assert_eq!(ward["values"].as_array().unwrap().len(), council.wards.len());
    let xml = get(&app, "/open311/v2/services/fly-tipping.xml").await;
    assert_eq!(xml.xml().0, "service_definition");

    let missing = get(&app, "/open311/v2/services/no-such-thing.xml").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let (root, errors) = missing.xml();
    assert_eq!(root, "errors");
    assert_eq!(errors[0][0], ("code".into(), "404".into()));
    assert!(errors[0][1].1.contains("service_code no-such-thing not found"));
}

#[tokio::test]
async fn a_posted_request_is_the_same_case_as_a_form_report_and_reads_back_without_personal_data() {
    let app = app();
    let a = post(&app, "/open311/v2/requests.xml", &pothole()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let (root, items) = a.xml();
    assert_eq!(root, "service_requests");
    let id = items[0][0].1.clone();
    assert_eq!(items[0][0].0, "service_request_id");
    let notice = &items[0][1].1;
    assert!(
        notice.starts_with("Within 10 working days, by Tuesday 8 December 2026."),
        "{notice}"
    );

    // The case: registered, from Open311, acknowledged by email, and no consent invented.
    let reference = CaseRef::parse(&id).unwrap();
    let record = app.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(record.case.channel, shared::domain::case::Channel::Open311);
    assert_eq!(record.case.reporter().unwrap().name.as_str(), "Jo Bloggs");
    assert_eq!(record.case.ward.as_str(), "millbrook");
    assert!(app.store.consents(&reference).await.unwrap().is_empty());
    let ready = app.store.ready(app.clock.now(), 10).await.unwrap();
    assert_eq!(ready.len(), 1, "one acknowledgement");

    for path in [
        format!("/open311/v2/requests/{id}.json"),
        format!("/open311/v2/requests.json?service_request_id={id}"),
        "/open311/v2/requests.json".to_owned(),
    ] {
        let a = get(&app, &path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}: {}", a.body);
        for personal in [
            "Jo",
            "Bloggs",
            "jo@example.com",
            "07700",
            "pothole",
            "52.6012",
            "-1.2043",
        ] {
            assert!(!a.body.contains(personal), "{path} shows {personal}: {}", a.body);
        }
        let r = &a.json()[0];
        assert_eq!(r["service_request_id"], id.as_str());
        assert_eq!(r["status"], "open");
        assert_eq!(r["service_code"], "roads-and-footpaths");
        assert_eq!(r["agency_responsible"], "Highways");
        assert_eq!(r["description"], Value::Null);
        // The ~100 m location, as councillors' anonymised view shows it.
        assert_eq!(r["lat"], 52.601);
        assert_eq!(r["long"], -1.204);
        assert_eq!(r["requested_datetime"], "2026-11-24T10:00:00+00:00");
        assert_eq!(r["expected_datetime"], "2026-12-08T23:59:59+00:00");
    }
    let (root, items) = get(&app, &format!("/open311/v2/requests/{id}.xml")).await.xml();
    assert_eq!(root, "service_requests");
    assert!(items[0].contains(&("status".into(), "open".into())));
}

#[tokio::test]
async fn an_anonymous_request_by_address_needs_its_ward_and_keeps_no_name() {
    let app = app();
    let mut form = vec![
        ("api_key", APP_KEY),
        ("service_code", "fly-tipping"),
        ("address_string", "Behind the library, Mill Lane"),
        ("description", "Builders' rubble dumped overnight"),
        ("first_name", "Sam"),
        ("phone", "07700 900123"),
    ];
    let a = post(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("attribute[ward]: ")
    );
    form.push(("attribute[ward]", "millbrook"));
    let id = created(&app, &form).await;
    let case = app
        .store
        .case(&CaseRef::parse(&id).unwrap())
        .await
        .unwrap()
        .unwrap()
        .case;
    assert_eq!(case.ward.as_str(), "millbrook");
    assert!(
        case.reporter().is_none(),
        "no email: anonymous, and the name and phone are not kept"
    );
    assert!(!app.store.dump_all_text().await.unwrap().contains("07700 900123"));
}

#[tokio::test]
async fn bad_keys_codes_dates_and_locations_get_the_specs_errors() {
    let app = app();
    let cases = [
        (
            vec![("service_code", "fly-tipping")],
            StatusCode::FORBIDDEN,
            "api_key was not provided",
        ),
        (
            vec![("api_key", "guess"), ("service_code", "fly-tipping")],
            StatusCode::FORBIDDEN,
            "api_key is not valid",
        ),
        (
            vec![("api_key", APP_KEY)],
            StatusCode::BAD_REQUEST,
            "service_code was not provided",
        ),
        (
            vec![("api_key", APP_KEY), ("service_code", "unicorns")],
            StatusCode::NOT_FOUND,
            "service_code unicorns not found",
        ),
        (
            vec![
                ("api_key", APP_KEY),
                ("service_code", "fly-tipping"),
                ("address_id", "123"),
            ],
            StatusCode::BAD_REQUEST,
            "address_id is not used here",
        ),
        (
            vec![
                ("api_key", APP_KEY),
                ("service_code", "fly-tipping"),
                ("description", "x"),
            ],
            StatusCode::BAD_REQUEST,
            "A location was not provided",
        ),
        (
            vec![
                ("api_key", APP_KEY),
                ("service_code", "fly-tipping"),
                ("lat", "51.5"),
                ("long", "-0.1"),
                ("description", "x"),
            ],
            StatusCode::BAD_REQUEST,
            "lat: The location you chose is outside",
        ),
        (
            vec![
                ("api_key", APP_KEY),
                ("jurisdiction_id", "elsewhere.gov"),
                ("service_code", "fly-tipping"),
            ],
            StatusCode::NOT_FOUND,
            "jurisdiction_id elsewhere.gov not found",
        ),
        (
            vec![
                ("api_key", APP_KEY),
                ("service_code", "fly-tipping"),
                ("lat", "52.6"),
                ("long", "-1.2"),
                ("description", "x"),
                ("media_url", "javascript:alert(1)"),
            ],
            StatusCode::BAD_REQUEST,
            "media_url must be",
        ),
    ];
    for (form, status, message) in cases {
        for ext in ["xml", "json"] {
            let a = post(&app, &format!("/open311/v2/requests.{ext}"), &form).await;
            assert_eq!(a.status, status, "{form:?}: {}", a.body);
            let description = if ext == "json" {
                a.json()[0]["description"].as_str().unwrap().to_owned()
            } else {
                let (root, errors) = a.xml();
                assert_eq!(root, "errors");
                assert_eq!(errors[0][0], ("code".into(), status.as_u16().to_string()));
                errors[0][1].1.clone()
            };
            assert!(description.contains(message), "{form:?}: {description}");
        }
    }
    // Nothing was stored by any of them.
    assert!(app.store.ready(app.clock.now(), 10).await.unwrap().is_empty());
    assert!(
        get(&app, "/open311/v2/requests.json")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );

    for (query, message) in [
        ("start_date=last+tuesday", "start_date must be a date and time"),
        ("end_date=2026-13-01T00:00:00Z", "end_date must be a date and time"),
        (
            "start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
            "at most 90 days apart",
        ),
        ("status=pending", "status pending is not open or closed"),
    ] {
        let a = get(&app, &format!("/open311/v2/requests.xml?{query}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(a.xml().1[0][1].1.contains(message), "{query}: {}", a.body);
    }
    let a = get(&app, "/open311/v2/requests.json?service_code=unicorns").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = get(&app, "/open311/v2/requests/NOPE-NOPE.json").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.json()[0]["description"].as_str().unwrap().contains("not found"));
    let a = get(&app, "/open311/v2/tokens/12345.xml").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.xml().1[0][1].1.contains("no tokens are issued"));
    let a = get(&app, "/open311/v2/services.csv").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.xml().0, "errors");
}

#[tokio::test]
async fn searches_filter_by_service_status_and_window_newest_first_across_wards() {
    let app = app();
    let start = app.clock.now();
    let mut ids = Vec::new();
    // Five reports a day apart, alternating wards and types.
    for (i, (code, lat, long)) in [
        ("fly-tipping", "52.6012", "-1.2043"),
        ("roads-and-footpaths", "52.6200", "-1.1600"),
        ("fly-tipping", "52.6012", "-1.2043"),
        ("roads-and-footpaths", "52.6200", "-1.1600"),
        ("fly-tipping", "52.6012", "-1.2043"),
    ]
    .into_iter()
    .enumerate()
    {
        app.clock.set(start + Duration::days(i as i64));
        ids.push(
            created(
                &app,
                &[
                    ("api_key", APP_KEY),
                    ("service_code", code),
                    ("lat", lat),
                    ("long", long),
                    ("description", "Something to sort out"),
                ],
            )
            .await,
        );
    }
    app.clock.set(start + Duration::days(5));
    // Close the second.
    let a = post(
        &app,
        "/open311/v2/servicerequestupdates.json",
        &[
            ("api_key", BACK_OFFICE_KEY),
            ("service_request_id", &ids[1]),
            ("update_id", "A1"),
            ("status", "FIXED"),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    let listed = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let rev = |xs: &[usize]| xs.iter().map(|&i| ids[i].clone()).collect::<Vec<_>>();
    assert_eq!(
        listed(get(&app, "/open311/v2/requests.json").await.json()),
        rev(&[4, 3, 2, 1, 0])
    );
    assert_eq!(
        listed(
            get(&app, "/open311/v2/requests.json?service_code=fly-tipping")
                .await
                .json()
        ),
        rev(&[4, 2, 0])
    );
    assert_eq!(
        listed(get(&app, "/open311/v2/requests.json?status=closed").await.json()),
        rev(&[1])
    );
    assert_eq!(
        listed(get(&app, "/open311/v2/requests.json?status=open").await.json()),
        rev(&[4, 3, 2, 0])
    );
    assert_eq!(
        listed(
            get(
                &app,
                "/open311/v2/requests.json?start_date=2026-11-25T00:00:00Z&end_date=2026-11-27T00:00:00Z"
            )
            .await
            .json()
        ),
        rev(&[2, 1])
    );
    let both = format!(
        "/open311/v2/requests.json?service_request_id={},{}&status=closed",
        ids[0], ids[3]
    );
    assert_eq!(
        listed(get(&app, &both).await.json()),
        rev(&[0, 3]),
        "ids override the other filters"
    );
    let closed = &get(&app, &format!("/open311/v2/requests/{}.json", ids[1])).await.json()[0];
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["status_notes"], "Fixed");
    assert_eq!(closed["updated_datetime"], "2026-11-29T10:00:00+00:00");
}

#[tokio::test]
async fn a_back_office_update_changes_the_case_once_tells_the_resident_and_reads_back() {
    let app = app();
    let id = created(&app, &pothole()).await;
    let reference = CaseRef::parse(&id).unwrap();
    app.clock.set(app.clock.now() + Duration::hours(3));
    let update = [
        ("api_key", BACK_OFFICE_KEY),
        ("service_request_id", id.as_str()),
        ("update_id", "CONFIRM-778"),
        ("status", "in_progress"),
        ("updated_datetime", "2026-11-24T12:55:00Z"),
        ("description", "A crew is booked for Thursday."),
    ];
    let first = post(&app, "/open311/v2/servicerequestupdates.xml", &update).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let (root, items) = first.xml();
    assert_eq!(root, "service_request_updates");
    let update_id = items[0][0].1.clone();
    assert!(update_id.starts_with(&format!("{id}-")));

    // A retry is recognised: the same answer, nothing applied twice.
    app.clock.set(app.clock.now() + Duration::minutes(1));
    let again = post(&app, "/open311/v2/servicerequestupdates.xml", &update).await;
    assert_eq!(again.xml().1[0][0].1, update_id);
    let record = app.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::InProgress);
    let changes: Vec<_> = record
        .history
        .iter()
        .filter(|e| matches!(e.kind, shared::domain::CaseEventKind::StatusChanged { .. }))
        .collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].actor,
        shared::domain::Actor::Client("demo-back-office".into())
    );
    assert_eq!(
        changes[0].public_note.as_deref(),
        Some("A crew is booked for Thursday.")
    );
    // The acknowledgement and the resident's status email.
    assert_eq!(app.store.ready(app.clock.now(), 10).await.unwrap().len(), 2);

    // Read back: the status, never the note.
    let updates = get(&app, "/open311/v2/servicerequestupdates.json").await;
    assert_eq!(updates.status, StatusCode::OK, "{}", updates.body);
    assert!(!updates.body.contains("crew"));
    let u = &updates.json()[0];
    assert_eq!(u["update_id"], update_id.as_str());
    assert_eq!(u["service_request_id"], id.as_str());
    assert_eq!(u["status"], "in_progress");
    assert_eq!(u["description"], "In progress");
    assert_eq!(u["updated_datetime"], "2026-11-24T13:00:00+00:00");
    let (root, items) = get(
        &app,
        "/open311/v2/servicerequestupdates.xml?start_date=2026-11-24T00:00:00Z",
    )
    .await
    .xml();
    assert_eq!(root, "service_requests_updates");
    assert_eq!(items.len(), 1);
    let none = get(
        &app,
        "/open311/v2/servicerequestupdates.json?end_date=2026-11-24T12:00:00Z",
    )
    .await;
    assert!(none.json().as_array().unwrap().is_empty());
}

#[tokio::test]
async fn updates_need_a_key_that_may_update_and_a_status_we_know() {
    let app = app();
    let id = created(&app, &pothole()).await;
    let with = |key: &'static str, status: &'static str| {
        vec![
            ("api_key", key),
            ("service_request_id", id.as_str()),
            ("update_id", "U1"),
            ("status", status),
        ]
    };
    let cases = [
        (
            with(APP_KEY, "closed"),
            StatusCode::FORBIDDEN,
            "may post requests but not updates",
        ),
        (
            with(BACK_OFFICE_KEY, "teleported"),
            StatusCode::BAD_REQUEST,
            "status teleported is not one of",
        ),
        (
            with(BACK_OFFICE_KEY, "on_hold"),
            StatusCode::BAD_REQUEST,
            "on_hold needs a description",
        ),
    ];
    for (form, status, message) in cases {
        let a = post(&app, "/open311/v2/servicerequestupdates.json", &form).await;
        assert_eq!(a.status, status, "{}", a.body);
        assert!(
            a.json()[0]["description"].as_str().unwrap().contains(message),
            "{}",
            a.body
        );
    }
    let missing = post(
        &app,
        "/open311/v2/servicerequestupdates.json",
        &[
            ("api_key", BACK_OFFICE_KEY),
            ("service_request_id", "ABCD-EFGH"),
            ("update_id", "U2"),
            ("status", "closed"),
        ],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let record = app.store.case(&CaseRef::parse(&id).unwrap()).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::Open);
    assert_eq!(record.history.len(), 1);
}

#[tokio::test]
async fn a_key_in_the_query_string_is_read_too() {
    let app = app();
    let form: Vec<_> = pothole().into_iter().filter(|(k, _)| *k != "api_key").collect();
    let a = post(&app, &format!("/open311/v2/requests.json?api_key={APP_KEY}"), &form).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = post(&app, "/open311/v2/requests.json?api_key=guess", &pothole()).await;
    assert_eq!(a.status, StatusCode::OK, "the body's key wins: {}", a.body);
}

#[tokio::test]
async fn a_revoked_key_is_refused_and_a_client_over_its_hourly_limit_waits_for_the_next_hour() {
    let mut council = Council::load(&demo_dir()).unwrap();
    council.open311.clients[0].revoked = true;
    council.open311.clients[1].requests_per_hour = 2;
    let app = app_with(council);
    let revoked = post(&app, "/open311/v2/requests.json", &[("api_key", BACK_OFFICE_KEY)]).await;
    assert_eq!(revoked.status, StatusCode::FORBIDDEN);
    assert!(revoked.body.contains("revoked"));
    let form = pothole();
    created(&app, &form).await;
    created(&app, &form).await;
    let third = post(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        third.json()[0]["description"]
            .as_str()
            .unwrap()
            .contains("2 posts this hour")
    );
    app.clock.set(app.clock.now() + Duration::hours(1));
    created(&app, &form).await;
}

#[tokio::test]
async fn the_config_check_refuses_bad_keys_and_names_the_client() {
    let dir = tempfile_dir();
    let toml = std::fs::read_to_string(dir.join("council.toml")).unwrap().replace(
        "cd9815e63a624d6758e04062cdf477911afb69ae867de270ea7b95a6bf4ec74b",
        "not-a-hash",
    );
    std::fs::write(dir.join("council.toml"), toml).unwrap();
    let err = Council::load(&dir).unwrap_err().to_string();
    assert!(err.contains("open311 client demo-back-office: key_sha256"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A copy of the demo council's folder to edit.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wardline-open311-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(demo_dir()).unwrap() {
        let entry = entry.unwrap();
        let to = dir.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
            for f in std::fs::read_dir(entry.path()).unwrap() {
                let f = f.unwrap();
                std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
            }
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    // The council's file names the bank holidays relative to the demo folder.
    let toml = std::fs::read_to_string(dir.join("council.toml")).unwrap().replace(
        "../bank-holidays/",
        &format!("{}/../bank-holidays/", demo_dir().display()),
    );
    std::fs::write(dir.join("council.toml"), toml).unwrap();
    dir
}
