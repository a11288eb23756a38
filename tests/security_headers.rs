//! Every route of every HTTP function answers with the security headers, whatever it
//! answers (a page, JSON, a redirect, a refusal, an error), through the local runner's
//! router, which merges the functions' own routers as Lambda serves them one by one.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use shared::web::headers::{CONTENT_SECURITY_POLICY, REFERRER_POLICY};
use tower::ServiceExt;
use wardline::{DataDir, LocalApp, default_assets_dir, system_clock};

fn app(dir: &tempfile::TempDir, base_url: &str) -> axum::Router {
    let council = common::council().with_base_url(base_url);
    LocalApp::new(
        council,
        &DataDir(dir.path().to_owned()),
        &default_assets_dir(),
        system_clock(),
    )
    .unwrap()
    .router
}

/// A concrete path for a route pattern: a well-formed reference, an unusable token.
fn concrete(pattern: &str) -> String {
    pattern
        .replace("{reference}", "FK7M-3RTW")
        .replace("{token}", "not-a-token")
        .replace("{version}", "2026-11-01")
}

#[tokio::test]
async fn every_route_of_every_function_carries_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(&dir, "http://127.0.0.1:3000");
    let routes = intake::ROUTES
        .iter()
        .chain(portal::ROUTES)
        .chain(consent::ROUTES)
        .chain(&[
            ("GET", "/health"),
            ("GET", "/dev/mail"),
            ("GET", "/assets/app.css"),
            ("GET", "/no-such-page"),
        ]);
    let mut checked = 0;
    for (method, pattern) in routes {
        let path = concrete(pattern);
        let req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap();
        let res = router.clone().oneshot(req).await.unwrap();
        let h = res.headers();
        let what = format!("{method} {path} ({})", res.status());
        // The one difference allowed: the map's tile server as an image source (the
        // intake's pages, which show the map).
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .map(|v| v.to_str().unwrap().replace(" https://tile.openstreetmap.org;", ";"));
        assert_eq!(csp.as_deref(), Some(CONTENT_SECURITY_POLICY), "{what}");
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            h.get(header::REFERRER_POLICY).map(|v| v.to_str().unwrap()),
            Some(REFERRER_POLICY),
            "{what}"
        );
        assert!(h.get(header::CACHE_CONTROL).is_some(), "{what}");
        assert!(
            h.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "no HSTS over plain HTTP: {what}"
        );
        checked += 1;
    }
    assert!(checked > 30, "every function's routes were walked: {checked}");
}

#[tokio::test]
async fn over_https_browsers_are_told_to_keep_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(&dir, "https://report.ashworth.example");
    for path in ["/", "/sign-in", "/privacy", "/health"] {
        let res = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(res.headers().get(header::STRICT_TRANSPORT_SECURITY).is_some(), "{path}");
    }
}

#[tokio::test]
async fn pages_with_personal_data_are_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(&dir, "http://127.0.0.1:3000");
    for path in [
        "/portal/cases/FK7M-3RTW",
        "/consent/not-a-token",
        "/your-data/not-a-token",
        "/sign-in/not-a-token",
    ] {
        let res = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
}

#[tokio::test]
async fn anything_under_assets_that_is_not_an_asset_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(&dir, "http://127.0.0.1:3000");
    let long = "a".repeat(5000);
    for path in [
        format!("/assets/{long}"),
        format!("/assets/{long}/x.css"),
        "/assets/nope.css".into(),
        "/assets/".into(),
        "/assets/%00".into(),
    ] {
        let res = router
            .clone()
            .oneshot(Request::get(&path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", &path[..path.len().min(40)]);
        assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    }
    let css = router
        .oneshot(Request::get("/assets/app.css").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK, "real assets are still served");
}
