//! The report form as a browser without JavaScript uses it: urlencoded posts, redirects,
//! and the form shown again with a GOV.UK error summary.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use intake::{Intake, router};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::ports::FixedClock;
use tower::ServiceExt;

fn app() -> (axum::Router, SqliteStore) {
    let council = Council::load(&demo_dir()).unwrap();
    let store = SqliteStore::in_memory().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()));
    let deps = Intake::from_store(
        Arc::new(council),
        Arc::new(store.clone()),
        clock,
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    );
    (router(deps), store)
}

async fn send(router: &axum::Router, req: Request<Body>) -> (StatusCode, Option<String>, String) {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, location, String::from_utf8_lossy(&body).into_owned())
}

async fn post_form(router: &axum::Router, body: &str) -> (StatusCode, Option<String>, String) {
    let req = Request::post("/reports")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(router, req).await
}

async fn get(router: &axum::Router, path: &str) -> (StatusCode, Option<String>, String) {
    send(router, Request::get(path).body(Body::empty()).unwrap()).await
}

const ANONYMOUS: &str = "category=missed-bins&description=Grey+bin+not+emptied&address=9+Hollins+Road&ward=hollins-park&reporting=anonymous&lat=&lng=&website=";

#[tokio::test]
async fn the_form_lists_every_category_and_ward_and_needs_no_javascript() {
    let (router, _) = app();
    let (status, _, page) = get(&router, "/").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Roads and footpaths",
        "Dog fouling",
        "Fly-tipping",
        "Missed bin collection",
        "Riverside",
        "Castle Hill",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // The demo offers Welsh too: the post says which language the form was in.
    assert!(
        page.contains(r#"<form method="post" action="/reports?lang=en" enctype="multipart/form-data" novalidate>"#)
    );
    assert!(
        page.contains(r#"name="address""#) && page.contains(r#"name="ward""#),
        "address and ward are always offered"
    );
}

#[tokio::test]
async fn an_empty_form_is_shown_again_with_an_error_summary_linking_to_each_field() {
    let (router, store) = app();
    let (status, _, page) = post_form(&router, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("<title>Error: Report a problem"),
        "the title starts with Error:"
    );
    assert!(page.contains("There is a problem"));
    for (anchor, message) in [
        ("#category", "Select the type of problem"),
        ("#description", "Enter a description of the problem"),
        ("#ward", "Select the ward the problem is in"),
        ("#address", "Enter the address or a description of where the problem is"),
        ("#reporting", "Select whether you want to give your contact details"),
    ] {
        assert!(
            page.contains(&format!(r##"<a href="{anchor}">{message}</a>"##)),
            "{anchor}"
        );
    }
    assert!(page.contains(r#"<span class="govuk-visually-hidden">Error: </span>"#));
    assert_eq!(store.dump_all_text().await.unwrap(), "");
}

#[tokio::test]
async fn what_was_typed_is_kept_and_escaped_when_the_form_comes_back() {
    let (router, _) = app();
    let (_, _, page) = post_form(
        &router,
        "description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+by+the+gate&reporting=registered&email=jo%40example.com",
    )
    .await;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; by the gate"));
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains(r#"value="jo@example.com""#));
    assert!(page.contains(r#"value="registered" checked"#));
    assert!(page.contains("Enter your name"));
}

#[tokio::test]
async fn a_valid_report_redirects_to_a_confirmation_with_the_reference_and_date() {
    let (router, _) = app();
    let (status, location, _) = post_form(&router, ANONYMOUS).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    let (status, _, page) = get(&router, &location).await;
    assert_eq!(status, StatusCode::OK);
    let reference = location
        .trim_start_matches("/reports/")
        .trim_end_matches("/confirmation");
    assert!(page.contains("Report sent") && page.contains(reference));
    // Missed bins: 2 working days from Tuesday 24 November.
    assert!(page.contains("Thursday 26 November 2026"), "{page}");
    assert!(page.contains("You reported this anonymously, so we will not email you"));
}

#[tokio::test]
async fn a_registered_resident_is_told_an_email_is_on_its_way() {
    let (router, _) = app();
    let body = ANONYMOUS.replace(
        "reporting=anonymous",
        "reporting=registered&name=Jo+Bloggs&email=jo%40example.com&phone=",
    );
    let (_, location, _) = post_form(&router, &body).await;
    let (_, _, page) = get(&router, &location.unwrap()).await;
    assert!(page.contains("We have sent you a confirmation email"));
}

#[tokio::test]
async fn a_double_clicked_submit_stores_one_report() {
    let (router, _) = app();
    let body = format!("{ANONYMOUS}&idempotency_key=5b1f6f0e2c7a4d19");
    let (_, first, _) = post_form(&router, &body).await;
    let (_, second, _) = post_form(&router, &body).await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn a_form_sent_again_with_changed_answers_is_a_new_report() {
    let (router, _) = app();
    let (_, first, _) = post_form(&router, &format!("{ANONYMOUS}&idempotency_key=abc")).await;
    let changed = ANONYMOUS.replace("Grey+bin", "Blue+bin");
    let (status, second, _) = post_form(&router, &format!("{changed}&idempotency_key=abc")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_ne!(first, second);
}

#[tokio::test]
async fn an_oversized_form_gets_a_413_page() {
    let (router, store) = app();
    let body = format!("{ANONYMOUS}&description={}", "x".repeat(intake::MAX_FORM_BYTES + 1));
    let (status, _, page) = post_form(&router, &body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("too large"));
    assert_eq!(store.dump_all_text().await.unwrap(), "");
}

#[tokio::test]
async fn an_unreadable_form_gets_a_400_page_not_a_panic() {
    let (router, _) = app();
    let (status, _, page) = post_form(&router, "category=a&category=b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Go back and try again"));
}

#[tokio::test]
async fn checking_a_reference_goes_to_its_page_and_a_bad_one_says_why() {
    let (router, _) = app();
    let (status, location, _) = get(&router, "/reports?reference=fk7m+3rtw").await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/reports/FK7M-3RTW"))
    );
    let (status, _, page) = get(&router, "/reports?reference=").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter your reference"));
    let (_, _, page) = get(&router, "/reports?reference=OOPS").await;
    assert!(page.contains("Enter a reference in the correct format, like FK7M-3RTW"));
    let (status, _, page) = get(&router, "/reports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("There is a problem"));
}

const REGISTERED: &str = "category=missed-bins&description=Grey+bin+not+emptied&address=9+Hollins+Road&ward=hollins-park&reporting=registered&name=Jo+Bloggs&email=jo%40example.com&phone=&lat=&lng=&website=";

#[tokio::test]
async fn the_share_box_is_unticked_offered_only_with_contact_details_and_explained() {
    let (router, _) = app();
    let (_, _, page) = get(&router, "/").await;
    let checkbox = page
        .split("<input")
        .find(|i| i.contains(r#"name="share_with_councillor""#))
        .expect("the tick box");
    assert!(!checkbox.contains("checked"), "unticked: {checkbox}");
    assert!(page.contains("Share my details and this report with my local councillor(s)"));
    assert!(page.contains(r#"href="/privacy""#), "a link to the privacy notice");
    // The box lives in the "registered" radio's conditional: the anonymous choice has none.
    let registered = page.find(r#"id="conditional-reporting""#).unwrap();
    let anonymous = page.find(r#"value="anonymous""#).unwrap();
    let the_box = page.find(r#"id="share_with_councillor""#).unwrap();
    assert!(
        registered < the_box && the_box < anonymous,
        "inside the contact details"
    );
}

#[tokio::test]
async fn ticking_the_box_records_consent_and_the_confirmation_offers_the_settings() {
    let (router, store) = app();
    let (status, location, _) = post_form(&router, &format!("{REGISTERED}&share_with_councillor=yes")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    let (path, query) = location.split_once('?').expect("the resident's own access token");
    let reference =
        shared::domain::CaseRef::parse(path.trim_start_matches("/reports/").trim_end_matches("/confirmation")).unwrap();
    let records = shared::ports::ConsentLog::consents(&store, &reference).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].channel, shared::domain::consent::ConsentChannel::ReportForm);
    let (_, _, page) = get(&router, &location).await;
    let token = query.trim_start_matches("access=");
    assert!(page.contains(&format!("/consent/{token}?from=status")), "{page}");
    // Without the token, the public confirmation and status pages offer nothing.
    let (_, _, public) = get(&router, path).await;
    assert!(!public.contains("/consent/"));
    let (_, _, status_page) = get(&router, &format!("/reports/{reference}")).await;
    assert!(!status_page.contains("/consent/"));
    // A token for another case opens nothing here.
    let (_, _, other) = get(&router, &format!("/reports/{reference}?access=not-a-token")).await;
    assert!(!other.contains("/consent/"));
    let (_, _, with_token) = get(&router, &format!("/reports/{reference}?{query}")).await;
    assert!(with_token.contains("/consent/"));
}

#[tokio::test]
async fn an_unticked_box_records_nothing_and_an_anonymous_tick_is_refused_with_a_reason() {
    let (router, store) = app();
    let (_, location, _) = post_form(&router, REGISTERED).await;
    let location = location.unwrap();
    let path = location.split('?').next().unwrap();
    let reference =
        shared::domain::CaseRef::parse(path.trim_start_matches("/reports/").trim_end_matches("/confirmation")).unwrap();
    assert!(
        shared::ports::ConsentLog::consents(&store, &reference)
            .await
            .unwrap()
            .is_empty()
    );

    let before = store.dump_all_text().await.unwrap();
    let (status, _, page) = post_form(&router, &format!("{ANONYMOUS}&share_with_councillor=yes")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("To share your report with your councillor, give your name and email address, or untick the box")
    );
    assert!(
        page.contains(r##"href="#share_with_councillor""##),
        "the summary links to the box"
    );
    assert_eq!(store.dump_all_text().await.unwrap(), before, "nothing stored");
}

#[tokio::test]
async fn the_report_form_may_load_map_tiles_from_the_councils_tile_server_and_nowhere_else() {
    let (router, _) = app();
    let res = router
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
        "{csp}"
    );
    assert!(csp.contains("script-src 'self';"), "scripts from this site only: {csp}");
    let body = String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap();
    assert!(body.contains("data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\""));
    assert!(body.contains("/assets/leaflet/leaflet.js"));
}
