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
    let (path, query) = location.split_once('?').unwrap();
    assert!(
        query.starts_with("access="),
        "the resident's own sharing link rides along"
    );
    let reference = path
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

/// Waits for the local mail to hold at least `n` emails, and returns them.
async fn mail(base: &str, n: usize) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for _ in 0..100 {
        all = client()
            .get(format!("{base}/dev/mail.json"))
            .send()
            .await
            .unwrap()
            .json::<Vec<serde_json::Value>>()
            .await
            .unwrap();
        if all.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    all
}

fn sweep_process(data_dir: &std::path::Path, now: &str) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_wardline"))
        .args(["sla-sweep", "--data-dir"])
        .arg(data_dir)
        .args(["--now", now])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

async fn reported(child: tokio::process::Child) -> u64 {
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["reported"].as_u64().unwrap()
}

#[tokio::test]
async fn sweeps_run_at_once_and_again_beside_the_server_tell_each_person_once() {
    let (base, dir) = spawn().await;
    std::fs::write(dir.path().join("base-url"), &base).unwrap();
    let res = client()
        .post(format!("{base}/api/v1/reports"))
        .json(&serde_json::json!({
            "category": "missed-bins", "description": "Grey bin not emptied",
            "address": "9 Hollins Road", "ward": "hollins-park",
            "reporter": {"name": "Sam", "email": "sam@example.com"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    mail(&base, 1).await; // the acknowledgement

    // A year on, two sweeps at the same moment, then a third: one report of lateness.
    let later = (chrono::Utc::now() + chrono::Duration::days(365)).to_rfc3339();
    let (a, b) = (sweep_process(dir.path(), &later), sweep_process(dir.path(), &later));
    let (a, b) = tokio::join!(reported(a), reported(b));
    assert_eq!(a + b, 1, "exactly one sweep reported the case");
    assert_eq!(reported(sweep_process(dir.path(), &later)).await, 0);

    let all = mail(&base, 4).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let all_after = mail(&base, 4).await;
    assert_eq!(all.len(), all_after.len(), "nothing more arrives");
    let late: Vec<(&str, &str)> = all_after
        .iter()
        .filter(|m| !m["subject"].as_str().unwrap().starts_with("We have received"))
        .map(|m| (m["to"].as_str().unwrap(), m["subject"].as_str().unwrap()))
        .collect();
    let mut to: Vec<&str> = late.iter().map(|(t, _)| *t).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "sam@example.com",
            "waste.manager@ashworth.example",
            "waste@ashworth.example"
        ],
        "{late:?}"
    );
    let resident = all_after
        .iter()
        .find(|m| m["to"] == "sam@example.com" && m["subject"].as_str().unwrap().contains("longer"))
        .unwrap();
    assert!(resident["text"].as_str().unwrap().contains("We are sorry"));
    assert!(
        resident["text"].as_str().unwrap().contains(&format!("{base}/reports/")),
        "links point at the running server"
    );
}

fn digest_process(data_dir: &std::path::Path, now: &str) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_wardline"))
        .args(["digest", "--data-dir"])
        .arg(data_dir)
        .args(["--now", now])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

async fn queued(child: tokio::process::Child) -> u64 {
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["queued"].as_u64().unwrap()
}

#[tokio::test]
async fn digests_run_twice_at_once_and_again_beside_the_server_reach_each_councillor_once() {
    let (base, dir) = spawn().await;
    std::fs::write(dir.path().join("base-url"), &base).unwrap();
    let councillors = shared::config::Council::load(&shared::config::demo_dir())
        .unwrap()
        .councillors
        .len() as u64;
    // Two processes at the same moment, then a third, then one a day later (the same week).
    let monday = "2026-11-30T07:00:00Z";
    let (a, b) = (digest_process(dir.path(), monday), digest_process(dir.path(), monday));
    let (a, b) = tokio::join!(queued(a), queued(b));
    assert_eq!(a + b, councillors, "between them, every councillor once");
    assert_eq!(queued(digest_process(dir.path(), monday)).await, 0);
    assert_eq!(
        queued(digest_process(dir.path(), "2026-12-01T09:00:00Z")).await,
        0,
        "the same week"
    );

    let all = mail(&base, councillors as usize).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let all = mail(&base, all.len()).await;
    let mut to: Vec<&str> = all
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().starts_with("Your ward"))
        .map(|m| m["to"].as_str().unwrap())
        .collect();
    to.sort();
    let before = to.len();
    to.dedup();
    assert_eq!(
        (before, to.len()),
        (councillors as usize, councillors as usize),
        "one each"
    );
    // Each carried its chart, and the local mail serves it and the email as a page.
    let digest = all
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with("Your ward"))
        .unwrap();
    let image = digest["images"][0].as_str().unwrap();
    let png = client().get(format!("{base}/dev/mail/{image}")).send().await.unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(&png.bytes().await.unwrap()[..4], b"\x89PNG");
    let id = digest["id"].as_str().unwrap();
    let page = client()
        .get(format!("{base}/dev/mail/{id}.html"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("src=\"{image}\"")),
        "the page points at the picture"
    );
    // Nothing but mail files: no way out of the folder.
    for bad in ["..%2Fwardline.db", "wardline.db", "x.json", ".hidden.png"] {
        let res = client().get(format!("{base}/dev/mail/{bad}")).send().await.unwrap();
        assert_eq!(res.status(), 404, "{bad}");
    }
}
