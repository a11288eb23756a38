//! Rotating the signing key on AWS, end to end against moto's Secrets Manager: the
//! operator's script (`infra/rotate-signing-key`) writes the new keys, a running function
//! takes them on its next refresh, what the old key signed is accepted until the next
//! rotation (or refused at once with `--void-previous`), and residents' keyed hashes never
//! change.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::path::PathBuf;

use chrono::{Duration, Utc};
use shared::adapters::secrets::SigningSecret;

const FIRST: &str = "the key a deployment began with, 64 characters long, never rotated";

fn rotate(secret: &str, void_previous: bool) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = std::process::Command::new(root.join(".venv/bin/python"));
    cmd.arg(root.join("infra/rotate-signing-key"))
        .args(["--secret-id", secret])
        .env("AWS_ENDPOINT_URL", common::moto_endpoint())
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "eu-west-2");
    if void_previous {
        cmd.arg("--void-previous");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn a_rotation_reaches_running_functions_keeps_the_previous_key_once_and_the_resident_key_always() {
    let client = aws_sdk_secretsmanager::Client::new(&common::aws_config(&common::moto_endpoint()).await);
    let name = format!("wardline-signing-{:016x}", common::rand_u64());
    client
        .create_secret()
        .name(&name)
        .secret_string(FIRST)
        .send()
        .await
        .unwrap();
    let secret = SigningSecret::new(client, &name);

    // A function at cold start, before any rotation: the plain key is every key.
    let signer = secret.signer().await.unwrap();
    let now = Utc::now();
    let before = signer.token("session", "abc", now + Duration::hours(8));
    let hash = signer.resident_hash("jo@example.com");
    assert_eq!(
        hash,
        shared::signing::Signer::new(FIRST)
            .unwrap()
            .resident_hash("jo@example.com")
    );

    rotate(&name, false);
    assert!(
        secret.refresh(&signer).await.unwrap(),
        "the running function takes the new keys"
    );
    assert_eq!(
        signer.open("session", &before, now).as_deref(),
        Some("abc"),
        "still accepted"
    );
    let after = signer.token("session", "def", now + Duration::hours(8));
    assert!(
        shared::signing::Signer::new(FIRST)
            .unwrap()
            .open("session", &after, now)
            .is_none(),
        "signed with the new key"
    );
    assert_eq!(signer.resident_hash("jo@example.com"), hash);
    // A function starting now reads the same keys.
    let fresh = secret.signer().await.unwrap();
    assert_eq!(fresh.open("session", &after, now).as_deref(), Some("def"));
    assert_eq!(fresh.open("session", &before, now).as_deref(), Some("abc"));

    // After a suspected leak: everything signed before is refused at once.
    rotate(&name, true);
    assert!(secret.refresh(&signer).await.unwrap());
    assert!(signer.open("session", &before, now).is_none());
    assert!(signer.open("session", &after, now).is_none());
    assert_eq!(
        signer.resident_hash("jo@example.com"),
        hash,
        "residents' cases stay findable"
    );
    let newest = signer.token("session", "ghi", now + Duration::hours(8));
    assert_eq!(signer.open("session", &newest, now).as_deref(), Some("ghi"));
}
