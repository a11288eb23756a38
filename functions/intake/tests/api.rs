//! The intake router through `Router::oneshot`, on an in-memory SQLite store.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use http::header::CONTENT_TYPE;
use intake::{Intake, router};
use serde_json::{Value, json};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::ports::{FixedClock, Outbox};
use tower::ServiceExt;

struct App {
    store: SqliteStore,
    router: axum::Router,
}

fn app() -> App {
    let council = Council::load(&demo_dir()).unwrap();
    let store = SqliteStore::in_memory().unwrap();
    // Tuesday 24 November 2026, 10:00 London.
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()));
    let deps = Intake::from_store(
        Arc::new(council),
        Arc::new(store.clone()),
        clock,
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    );
    App {
        router: router(deps),
        store,
    }
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn post_json(body: impl Into<Body>) -> http::request::Builder {
    let _ = body;
    Request::post("/api/v1/reports").header(CONTENT_TYPE, "application/json")
}

async fn post(app: &App, body: &str, key: Option<&str>) -> (StatusCode, http::HeaderMap, Value) {
    let mut req = post_json(()).header("x-test", "1");
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let (status, headers, text) = send(app, req.body(Body::from(body.to_owned())).unwrap()).await;
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn valid() -> Value {
    json!({
        "category": "fly-tipping",
        "description": "A sofa and a fridge dumped by the recycling bins",
        "lat": 52.60, "lng": -1.20,
        "reporter": { "name": "Jo Bloggs", "email": "jo@example.com", "phone": "07700 900982" }
    })
}

async fn stored_text(app: &App) -> String {
    app.store.dump_all_text().await.unwrap()
}

#[tokio::test]
async fn a_valid_report_returns_201_with_its_reference_status_url_and_expected_date() {
    let app = app();
    let (status, headers, body) = post(&app, &valid().to_string(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reference = body["reference"].as_str().unwrap();
    assert_eq!(
        body["status_url"],
        format!("https://report.ashworth.example/reports/{reference}")
    );
    // Fly-tipping: 5 working days from Tuesday 24 November.
    assert_eq!(body["expected_by"], "2026-12-01");
    assert_eq!(headers["location"], format!("/api/v1/reports/{reference}"));
}

#[tokio::test]
async fn a_registered_report_queues_one_acknowledgement_and_an_anonymous_one_none() {
    let app = app();
    post(&app, &valid().to_string(), None).await;
    let mut anonymous = valid();
    anonymous.as_object_mut().unwrap().remove("reporter");
    let (status, _, _) = post(&app, &anonymous.to_string(), None).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        app.store
            .ready(Utc::now() + chrono::Duration::days(400), 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_address_and_a_ward_are_a_complete_location() {
    let app = app();
    let body = json!({"category": "street-lighting", "description": "Light out", "address": "Outside 4 Mill Lane", "ward": "millbrook"});
    let (status, _, body) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn a_report_without_a_description_names_the_field_with_an_instruction() {
    let app = app();
    let mut body = valid();
    body["description"] = json!("   ");
    let (status, _, body) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": [{"field": "description", "message": "Enter a description of the problem"}]})
    );
}

#[tokio::test]
async fn every_problem_is_reported_at_once_with_json_paths() {
    let app = app();
    let body = json!({"category": "potholes-on-mars", "lat": 52.6, "reporter": {"name": "", "email": "jo@"}});
    let (status, _, body) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["category", "description", "lat", "reporter.name", "reporter.email"]
    );
}

#[tokio::test]
async fn bad_bodies_get_a_clear_422_and_store_nothing() {
    let app = app();
    for body in [
        "",
        "not json",
        "[1,2,3]",
        "null",
        "\"text\"",
        "{\"category\": ",
        "{\"category\": [\"fly-tipping\"]}",
        "{\"reporter\": \"jo\"}",
    ] {
        let (status, _, json) = post(&app, body, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:?} → {json}");
        assert!(
            json["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body:?} → {json}"
        );
    }
    assert_eq!(stored_text(&app).await, "");
}

#[tokio::test]
async fn a_pin_outside_the_council_is_refused() {
    let app = app();
    let mut body = valid();
    body["lat"] = json!(51.5);
    body["lng"] = json!(-0.12);
    let (status, _, body) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "lat");
}

#[tokio::test]
async fn impossible_coordinates_are_refused_not_panicked_on() {
    let app = app();
    for (lat, lng) in [
        (json!("NaN"), json!(0)),
        (json!(1e308), json!(1e308)),
        (json!("52.6x"), json!(-1.2)),
        (json!(-91), json!(0)),
    ] {
        let mut body = valid();
        body["lat"] = lat;
        body["lng"] = lng;
        let (status, _, _) = post(&app, &body.to_string(), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn a_filled_honeypot_is_refused_and_nothing_is_stored() {
    let app = app();
    let mut body = valid();
    body["website"] = json!("http://cheap-pills.example");
    let (status, _, body) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "website");
    assert_eq!(stored_text(&app).await, "");
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_stores_nothing() {
    let app = app();
    let mut body = valid();
    // Photos make room for 4 MB; a body past that is refused whole.
    body["description"] = json!("x".repeat(intake::MAX_FORM_BYTES + 1));
    let (status, _, json) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json["errors"][0]["message"].as_str().unwrap().contains("too large"));
    assert_eq!(stored_text(&app).await, "");
}

#[tokio::test]
async fn a_retried_submission_with_the_same_key_returns_the_same_case() {
    let app = app();
    let (s1, _, first) = post(&app, &valid().to_string(), Some("retry-me-123")).await;
    let (s2, headers, second) = post(&app, &valid().to_string(), Some("retry-me-123")).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(
        app.store
            .ready(Utc::now() + chrono::Duration::days(400), 10)
            .await
            .unwrap()
            .len(),
        1,
        "one acknowledgement"
    );
}

#[tokio::test]
async fn the_same_key_with_a_different_report_is_refused() {
    let app = app();
    post(&app, &valid().to_string(), Some("k-1")).await;
    let mut other = valid();
    other["description"] = json!("Something else entirely");
    let (status, _, body) = post(&app, &other.to_string(), Some("k-1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn a_malformed_idempotency_key_is_refused() {
    let app = app();
    let (status, _, body) = post(&app, &valid().to_string(), Some(&"k".repeat(300))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn an_empty_or_blank_idempotency_key_is_refused_and_nothing_is_stored() {
    let app = app();
    for key in ["", "   "] {
        let (status, _, body) = post(&app, &valid().to_string(), Some(key)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "key {key:?}");
        assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("empty"));
    }
    assert!(!stored_text(&app).await.contains("sofa and a fridge"), "nothing stored");
}

#[tokio::test]
async fn an_idempotency_key_of_255_characters_is_accepted_and_256_is_not() {
    let app = app();
    let key = "k".repeat(255);
    let (first, _, one) = post(&app, &valid().to_string(), Some(&key)).await;
    let (again, _, two) = post(&app, &valid().to_string(), Some(&key)).await;
    assert_eq!((first, again), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(one["reference"], two["reference"], "the same key is the same case");
    let (status, _, _) = post(&app, &valid().to_string(), Some(&"k".repeat(256))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_public_status_shows_progress_and_no_personal_data() {
    let app = app();
    let (_, _, created) = post(&app, &valid().to_string(), None).await;
    let reference = created["reference"].as_str().unwrap();
    for path in [format!("/api/v1/reports/{reference}"), format!("/reports/{reference}")] {
        let (status, _, text) = send(&app, Request::get(&path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for secret in ["Jo Bloggs", "jo@example.com", "07700", "sofa", "52.6", "-1.2"] {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
        assert!(
            text.contains("Fly-tipping") && text.contains("Millbrook"),
            "{path}: {text}"
        );
    }
    let (_, _, text) = send(
        &app,
        Request::get(format!("/api/v1/reports/{reference}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let status: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(status["status"], "open");
    assert_eq!(status["expected_by"], "2026-12-01");
    assert_eq!(status["history"][0]["event"], "submitted");
}

#[tokio::test]
async fn an_unknown_or_malformed_reference_is_404() {
    let app = app();
    for path in [
        "/api/v1/reports/WXYW-XYWX",
        "/api/v1/reports/not-a-ref",
        "/reports/WXYW-XYWX",
        "/reports/%00%ff",
        "/api/v1/reports/%ff",
    ] {
        let (status, _, _) = send(&app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn categories_list_their_standards_and_wards_their_councillors() {
    let app = app();
    let (_, _, text) = send(&app, Request::get("/api/v1/categories").body(Body::empty()).unwrap()).await;
    let cats: Value = serde_json::from_str(&text).unwrap();
    let missed = cats["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "missed-bins")
        .unwrap();
    assert_eq!(missed["standard_working_days"], 2);
    let (_, _, text) = send(&app, Request::get("/api/v1/wards").body(Body::empty()).unwrap()).await;
    let wards: Value = serde_json::from_str(&text).unwrap();
    let riverside = wards["wards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "riverside")
        .unwrap();
    assert_eq!(riverside["councillors"].as_array().unwrap().len(), 3);
}

/// The Lambda path: a real API Gateway HTTP API (payload v2) event through lambda_http's
/// request conversion into the same router.
#[tokio::test]
async fn an_api_gateway_event_reaches_the_router_through_lambda_http() {
    let app = app();
    let event = include_str!("fixtures/apigw-v2-post-report.json");
    let req = lambda_http::request::from_str(event).expect("a valid API Gateway event");
    let res = app
        .router
        .clone()
        .oneshot(req.map(|b| Body::from(b.to_vec())))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

/// `intake::ROUTES` (which the IaC template is checked against) names only routes the router
/// really serves: none of them falls through to "no such route" or "wrong method".
#[tokio::test]
async fn every_declared_route_is_served() {
    let app = app();
    for (method, path) in intake::ROUTES {
        let path = path.replace("{reference}", "WXYW-XYWX");
        let req = Request::builder()
            .method(*method)
            .uri(&path)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&app, req).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !(status == StatusCode::NOT_FOUND && body.is_empty()),
            "{method} {path} is not routed"
        );
    }
}

#[tokio::test]
async fn share_with_councillor_records_consent_and_returns_the_residents_sharing_link() {
    let app = app();
    let mut body = valid();
    body["share_with_councillor"] = json!(true);
    let (status, _, v) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let reference = shared::domain::CaseRef::parse(v["reference"].as_str().unwrap()).unwrap();
    let records = shared::ports::ConsentLog::consents(&app.store, &reference)
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].channel, shared::domain::consent::ConsentChannel::Api);
    assert!(v["sharing_url"].as_str().unwrap().contains("/consent/"), "{v}");

    // Absent or false: no consent.
    let (_, _, v) = post(&app, &valid().to_string(), None).await;
    let reference = shared::domain::CaseRef::parse(v["reference"].as_str().unwrap()).unwrap();
    assert!(
        shared::ports::ConsentLog::consents(&app.store, &reference)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn share_with_councillor_must_be_a_boolean_and_needs_a_reporter() {
    let app = app();
    let before = stored_text(&app).await;
    let mut wrong_type = valid();
    wrong_type["share_with_councillor"] = json!("yes");
    let (status, _, v) = post(&app, &wrong_type.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "share_with_councillor");

    let mut anonymous = valid();
    anonymous.as_object_mut().unwrap().remove("reporter");
    anonymous["share_with_councillor"] = json!(true);
    let (status, _, v) = post(&app, &anonymous.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"][0]["field"], "share_with_councillor", "{v}");
    assert_eq!(stored_text(&app).await, before, "nothing stored");
}

#[tokio::test]
async fn the_acknowledgement_says_what_was_reported_where_the_standard_and_the_sharing_choice() {
    use shared::ports::Outbox;
    let app = app();
    let mut body = valid();
    body["share_with_councillor"] = json!(true);
    body["address"] = json!("Behind the Mill Lane garages");
    let (status, _, _) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::CREATED);
    let later = Utc::now() + chrono::Duration::days(400);
    let ids = app.store.ready(later, 10).await.unwrap();
    let email = app
        .store
        .claim(&ids[0], later, later + chrono::Duration::minutes(1))
        .await
        .unwrap()
        .unwrap()
        .message
        .notice
        .render();
    for part in [&email.text, &email.html] {
        assert!(
            part.contains("A sofa and a fridge dumped by the recycling bins"),
            "{part}"
        );
        assert!(part.contains("Behind the Mill Lane garages"));
        // Fly-tipping's standard, in words, with its date.
        assert!(
            part.contains("We aim to deal with it within 5 working days, by Tuesday 1 December 2026"),
            "{part}"
        );
        assert!(part.contains("You chose to share this report and your details with your local councillor(s)."));
    }
}

/// Real ward boundaries (a county's, from the ONS) run to hundreds of thousands of points:
/// `/api/v1/wards` draws each ward's outline, simplified and rounded, so it stays a small
/// download far inside Lambda's 6 MB response; which ward a point is in is still decided on
/// the full boundary.
#[test]
fn the_wards_api_draws_outlines_not_the_full_boundaries() {
    use shared::domain::MultiPolygon;
    let mut council = Council::load(&demo_dir()).unwrap();
    for w in &mut council.wards {
        // Each outer ring redrawn with 50,000 points, each within a metre of the original.
        let ring = &w.boundary.0[0][0];
        let mut dense = Vec::new();
        for pair in ring.windows(2) {
            for k in 0..12_500 / ring.len().max(1) * 4 {
                let t = k as f64 / (12_500 / ring.len().max(1) * 4) as f64;
                let jitter = if k % 2 == 0 { 0.000005 } else { -0.000005 };
                dense.push([
                    pair[0][0] + (pair[1][0] - pair[0][0]) * t + jitter,
                    pair[0][1] + (pair[1][1] - pair[0][1]) * t,
                ]);
            }
        }
        dense.push(dense[0]);
        w.boundary = MultiPolygon(vec![vec![dense]]);
        w.outline = w.boundary.outline();
    }
    let full: usize = council
        .wards
        .iter()
        .map(|w| serde_json::to_vec(&w.boundary).unwrap().len())
        .sum();
    let served = serde_json::to_vec(&intake::wards_json(&council)).unwrap().len();
    assert!(full > 5_000_000, "the full boundaries are {full} bytes");
    assert!(served < 20_000, "the API serves {served} bytes");
    let middle = |w: &shared::domain::Ward| {
        let [x0, y0, x1, y1] = w.boundary.bbox().unwrap();
        shared::domain::LatLng::new((y0 + y1) / 2.0, (x0 + x1) / 2.0).unwrap()
    };
    for w in &council.wards {
        assert_eq!(
            shared::domain::ward::ward_at(&council.wards, middle(w)).map(|x| &x.id),
            Some(&w.id)
        );
    }
}

/// The document says text fields are strings (only a coordinate may be a number, as its
/// text): a number where text belongs is refused, not read as its digits, or the API would
/// accept what its own document calls invalid.
#[tokio::test]
async fn a_number_where_text_belongs_is_refused_and_a_coordinate_may_be_either() {
    let app = app();
    for field in ["description", "category", "address"] {
        let mut body = valid();
        body[field] = json!(12345);
        let (status, _, errors) = post(&app, &body.to_string(), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(errors["errors"][0]["field"], field);
        assert_eq!(errors["errors"][0]["message"], format!("{field} must be a string"));
    }
    let mut body = valid();
    body["lat"] = json!("52.60");
    body["lng"] = json!(-1.20);
    assert_eq!(post(&app, &body.to_string(), None).await.0, StatusCode::CREATED);
    body["lat"] = json!(true);
    let (status, _, errors) = post(&app, &body.to_string(), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors["errors"][0]["message"], "lat must be a number");
    assert!(
        app.store
            .ready(Utc::now() + chrono::Duration::days(1), 10)
            .await
            .unwrap()
            .len()
            <= 1
    );
}
