//! The local runner as a newcomer meets it: a real server on a loopback port, the form
//! posted over HTTP, and the acknowledgement read back from /dev/mail.json.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::time::Duration;

use wardline::{DataDir, LocalApp, default_assets_dir, system_clock};

async fn spawn() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let council = common::council().with_base_url(&base);
    let app = LocalApp::new(
        council,
        &DataDir(dir.path().to_owned()),
        &default_assets_dir(),
        system_clock(),
    )
    .unwrap();
    tokio::spawn(app.serve(listener));
    (base, dir)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_report_through_the_form_is_acknowledged_in_the_local_mail() {
    let (base, _dir) = spawn().await;
    let res = client()
        .post(format!("{base}/reports"))
        .form(&[
            ("category", "dog-fouling"),
            ("description", "On the path by the school gates"),
            ("address", "School Lane"),
            ("ward", "st-annes"),
            ("reporting", "registered"),
            ("name", "Alex Green"),
            ("email", "alex@example.com"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let reference = location
        .trim_start_matches("/reports/")
        .trim_end_matches("/confirmation")
        .to_owned();

    let mut mail = Vec::new();
    for _ in 0..50 {
        mail = client()
            .get(format!("{base}/dev/mail.json"))
            .send()
            .await
            .unwrap()
            .json::<Vec<serde_json::Value>>()
            .await
            .unwrap();
        if !mail.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(mail.len(), 1, "one acknowledgement");
    let m = &mail[0];
    assert_eq!(m["to"], "alex@example.com");
    assert!(m["subject"].as_str().unwrap().contains(&reference));
    let text = m["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("{base}/reports/{reference}")),
        "the link points at this runner"
    );
    assert!(
        text.contains("Street Scene") && text.contains("01632 960 102"),
        "the team and how to contact it"
    );
    assert!(m["html"].as_str().unwrap().contains(&reference));
    assert!(m["sent_at"].as_str().is_some());
}

#[tokio::test]
async fn the_runner_serves_the_assets_health_and_a_404_page() {
    let (base, _dir) = spawn().await;
    assert_eq!(
        client().get(format!("{base}/health")).send().await.unwrap().status(),
        200
    );
    let res = client().get(format!("{base}/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
    let css = client().get(format!("{base}/assets/app.css")).send().await.unwrap();
    assert_eq!(
        css.status(),
        200,
        "assets are built by `make assets` (the test command does it)"
    );
}
