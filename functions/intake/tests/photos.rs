//! Photos with a report, through the form (multipart, as a browser without JavaScript
//! sends it) on an in-memory SQLite store and a photo folder: what is kept carries no
//! metadata, bad files get the form's errors, and nothing is half-stored.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use http::header::{CONTENT_TYPE, LOCATION};
use intake::{Intake, router};
use shared::adapters::photos_dir::DirPhotos;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::CaseRef;
use shared::photo::fixtures::camera_jpeg;
use shared::ports::{CaseReader, FixedClock, PhotoEraser, PhotoReader, PhotoSize};
use tower::ServiceExt;

struct App {
    store: SqliteStore,
    photos: DirPhotos,
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let photos = DirPhotos::new(dir.path().join("photos"));
    let store = SqliteStore::in_memory().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()));
    let deps = Intake::from_store(
        Arc::new(Council::load(&demo_dir()).unwrap()),
        Arc::new(store.clone()),
        clock,
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    )
    .with_photos(Arc::new(photos.clone()), None);
    App {
        router: router(deps),
        store,
        photos,
        _dir: dir,
    }
}

const BOUNDARY: &str = "----wardline-test-boundary";

/// A multipart form body: text fields, then files under `photos`.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (filename, bytes) in files {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

const REPORT: [(&str, &str); 6] = [
    ("category", "fly-tipping"),
    ("description", "A sofa and a fridge dumped by the bins"),
    ("address", "Back of 14 Mill Lane"),
    ("ward", "riverside"),
    ("reporting", "registered"),
    ("email", "jo@example.com"),
];

async fn post(app: &App, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (StatusCode, Option<String>, String) {
    let mut fields = fields.to_vec();
    fields.push(("name", "Jo Bloggs"));
    let res = app
        .router
        .clone()
        .oneshot(
            Request::post("/reports")
                .header(CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(Body::from(multipart(&fields, files)))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let location = res.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, location, String::from_utf8_lossy(&body).into_owned())
}

fn reference(location: &str) -> CaseRef {
    CaseRef::parse(location.trim_start_matches("/reports/").split('/').next().unwrap()).unwrap()
}

#[tokio::test]
async fn two_phone_photos_are_kept_without_their_gps_and_listed_on_the_case() {
    let app = app();
    let (one, two) = (camera_jpeg(640, 480, 6), camera_jpeg(800, 600, 1));
    assert!(one.windows(4).any(|w| w == b"GPS-"));
    let (status, location, _) = post(&app, &REPORT, &[("IMG_0001.jpg", &one), ("IMG_0002.jpg", &two)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let reference = reference(&location.unwrap());
    let case = app.store.case(&reference).await.unwrap().unwrap().case;
    let photos = &case.personal.as_ref().unwrap().photos;
    assert_eq!(photos.len(), 2);
    // Turned upright as the camera said, and sized as kept.
    assert_eq!((photos[0].width, photos[0].height), (480, 640));
    assert_eq!(
        {
            let mut ids: Vec<_> = photos.iter().map(|p| p.id.clone()).collect();
            ids.sort();
            ids
        },
        app.photos.photo_ids(&reference).await.unwrap()
    );
    for p in photos {
        for size in [PhotoSize::Full, PhotoSize::Thumbnail] {
            let kept = app.photos.photo(&reference, &p.id, size).await.unwrap().unwrap();
            assert!(kept.starts_with(&[0xFF, 0xD8, 0xFF]));
            assert!(
                !kept.windows(4).any(|w| w == b"Exif" || w == b"GPS-"),
                "no EXIF, no position"
            );
        }
    }
    // Nothing of the files' names is kept either.
    assert!(!app.store.dump_all_text().await.unwrap().contains("IMG_0001"));
}

#[tokio::test]
async fn a_report_without_photos_is_as_before() {
    let app = app();
    let (status, location, _) = post(&app, &REPORT, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let case = app
        .store
        .case(&reference(&location.unwrap()))
        .await
        .unwrap()
        .unwrap()
        .case;
    assert!(case.personal.unwrap().photos.is_empty());
}

#[tokio::test]
async fn bad_photos_get_the_forms_errors_with_the_rest_and_nothing_is_kept() {
    let app = app();
    let good = camera_jpeg(100, 80, 1);
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend(b"ftypheic");
    heic.extend([0; 64]);
    type Files<'a> = &'a [(&'a str, &'a [u8])];
    let cases: [(Files<'_>, &str); 4] = [
        (
            &[("notes.jpg", b"These are my notes, not a photo")],
            "The selected file must be a photo: a JPG, PNG or WebP",
        ),
        (
            &[("IMG_0001.HEIC", &heic)],
            "The selected photo must be a JPG, PNG or WebP",
        ),
        (
            &[("cut.jpg", &good[..good.len() / 2])],
            "The selected photo could not be read",
        ),
        (
            &[("a.jpg", &good), ("b.jpg", &good), ("c.jpg", &good), ("d.jpg", &good)],
            "Select up to 3 photos",
        ),
    ];
    for (files, message) in cases {
        // The description is missing too: both problems are listed at once.
        let fields: Vec<_> = REPORT.iter().copied().filter(|(k, _)| *k != "description").collect();
        let (status, _, page) = post(&app, &fields, files).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(page.contains(message), "{message}");
        assert!(page.contains("Enter a description of the problem"));
        assert!(page.contains("href=\"#photos\""), "the summary links to the field");
        assert!(page.contains("choose them again"));
    }
    assert!(!app.store.dump_all_text().await.unwrap().contains("dumped by the bins"));
    assert!(!app.photos.root().exists() || std::fs::read_dir(app.photos.root()).unwrap().next().is_none());
}

#[tokio::test]
async fn a_form_larger_than_the_limit_is_refused_whole() {
    let app = app();
    let huge = vec![0xFFu8; intake::MAX_FORM_BYTES + 1];
    let (status, _, _) = post(&app, &REPORT, &[("huge.jpg", &huge)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!app.photos.root().exists());
}

async fn post_json(app: &App, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
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
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn the_json_api_takes_photos_in_base64_and_refuses_what_is_not_one() {
    use base64::Engine;
    let app = app();
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let report = |photos: serde_json::Value| {
        serde_json::json!({
            "category": "fly-tipping", "description": "Sofa by the bins",
            "address": "Back of 14 Mill Lane", "ward": "riverside", "photos": photos
        })
    };
    let (status, body) = post_json(&app, report(serde_json::json!([b64(&camera_jpeg(300, 200, 1))]))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reference = CaseRef::parse(body["reference"].as_str().unwrap()).unwrap();
    assert_eq!(app.photos.photo_ids(&reference).await.unwrap().len(), 1);

    for (photos, field, message) in [
        (serde_json::json!(["not base64 at all!"]), "photos[0]", "base64"),
        (serde_json::json!([b64(b"plain text")]), "photos", "must be a photo"),
        (serde_json::json!("one photo"), "photos", "a list of photos"),
        (
            serde_json::json!([
                b64(&camera_jpeg(8, 8, 1)),
                b64(&camera_jpeg(8, 8, 1)),
                b64(&camera_jpeg(8, 8, 1)),
                b64(&camera_jpeg(8, 8, 1))
            ]),
            "photos",
            "Select up to 3 photos",
        ),
    ] {
        let (status, body) = post_json(&app, report(photos)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], field, "{body}");
        assert!(
            body["errors"][0]["message"].as_str().unwrap().contains(message),
            "{body}"
        );
    }
}

/// The script's path: an upload form from the API, the photo posted to it (here the local
/// stand-in for S3's POST), then the report naming it by its id; the upload is taken once.
#[tokio::test]
async fn a_photo_uploaded_ahead_goes_with_the_report_that_names_it_once() {
    use shared::ports::PhotoEraser;
    let app = app();
    let res = app
        .router
        .clone()
        .oneshot(Request::post("/api/v1/photo-uploads").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let slot: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap()).unwrap();
    let id = slot["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert_eq!(slot["url"], "/dev/uploads");
    assert_eq!(slot["fields"][0], serde_json::json!(["key", id]));
    assert_eq!(slot["max_bytes"], shared::photo::MAX_FILE_BYTES);
    assert!(
        app.photos
            .receive_upload(&id, "image/jpeg", &camera_jpeg(320, 240, 1))
            .await
            .unwrap()
    );

    let mut fields = REPORT.to_vec();
    fields.push(("photo_upload", &id));
    let (status, location, _) = post(&app, &fields, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let reference = reference(&location.unwrap());
    assert_eq!(app.photos.photo_ids(&reference).await.unwrap().len(), 1);

    // The same id again: gone, and the form says so.
    let (status, _, page) = post(&app, &fields, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("A photo you chose could not be found"));
}
