//! Helpers for the end-to-end tests: a moto server on loopback for the AWS path, fresh
//! tables, and the demo council.
#![allow(dead_code)] // each test binary uses its own subset

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use shared::config::{Council, demo_dir};

pub mod strict;

pub fn council() -> Council {
    Council::load(&demo_dir()).expect("the demo council loads")
}

struct Moto {
    endpoint: String,
    _child: Option<ChildGuard>,
}

struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

static MOTO: OnceLock<Moto> = OnceLock::new();

/// The moto server's address: `MOTO_ENDPOINT` when the test command started one, or one
/// started here from the test virtualenv (`make test` creates it).
pub fn moto_endpoint() -> String {
    MOTO.get_or_init(|| {
        if let Some(endpoint) = std::env::var("MOTO_ENDPOINT").ok().filter(|e| !e.is_empty()) {
            return Moto { endpoint, _child: None };
        }
        let server = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server");
        assert!(
            server.exists(),
            "moto is not installed: run `make test` once (it creates .venv with moto), or set MOTO_ENDPOINT"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = ChildGuard(
            Command::new(server)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("moto_server starts"),
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Moto {
                    endpoint,
                    _child: Some(child),
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("moto_server did not start on {endpoint}");
    })
    .endpoint
    .clone()
}

pub async fn aws_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("eu-west-2"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "tests",
        ))
        .load()
        .await
}

/// A client of moto's DynamoDB behind the strict layer, which refuses what DynamoDB
/// itself would refuse and moto lets through.
pub async fn dynamodb() -> aws_sdk_dynamodb::Client {
    let config = aws_sdk_dynamodb::config::Builder::from(&aws_config(&moto_endpoint()).await)
        .interceptor(strict::StrictDynamo)
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// A client without the strict layer, for a test that must read a table whole (a scan,
/// which wardline itself never makes).
pub async fn dynamodb_unchecked() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&aws_config(&moto_endpoint()).await)
}

/// A new, empty table with every index, named for the test.
pub async fn fresh_table(client: &aws_sdk_dynamodb::Client) -> String {
    let name = format!("wardline-test-{:016x}", rand_u64());
    shared::adapters::dynamodb::create_table(client, &name)
        .await
        .expect("table created");
    name
}

pub fn rand_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}

/// Emails moto's SES has accepted, to the given address.
pub async fn moto_sent_to(address: &str) -> Vec<serde_json::Value> {
    let data: serde_json::Value = reqwest::get(format!("{}/moto-api/data.json", moto_endpoint()))
        .await
        .expect("moto answers")
        .json()
        .await
        .expect("moto's data is JSON");
    data["ses"]["Message"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| {
            m["destinations"]["ToAddresses"]
                .as_array()
                .is_some_and(|to| to.iter().any(|t| t == address))
        })
        .collect()
}

/// An S3 client on moto, and a fresh private bucket named for the test.
pub async fn s3_bucket() -> (aws_sdk_s3::Client, String) {
    let config = aws_sdk_s3::config::Builder::from(&aws_config(&moto_endpoint()).await)
        .force_path_style(true)
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    let bucket = format!("wardline-test-{:016x}", rand_u64());
    client
        .create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest2)
                .build(),
        )
        .send()
        .await
        .expect("bucket created");
    (client, bucket)
}
