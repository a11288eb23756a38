//! Settings from the environment, read once at start-up. Every endpoint can be overridden
//! (`AWS_ENDPOINT_URL`, read by the AWS SDK itself) so tests point at moto or wiremock.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[error("the environment variable {0} must be set")]
pub struct MissingSetting(pub &'static str);

pub fn required(name: &'static str) -> Result<String, MissingSetting> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or(MissingSetting(name))
}

pub fn optional(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The DynamoDB table holding everything.
pub const TABLE: &str = "WARDLINE_TABLE";
/// The folder holding `council.toml` (on Lambda, the council layer at `/opt/council`).
pub const CONFIG_DIR: &str = "WARDLINE_CONFIG_DIR";
/// The site's public address, for links in emails.
pub const BASE_URL: &str = "WARDLINE_BASE_URL";
/// The verified address emails are sent from.
pub const SENDER: &str = "WARDLINE_SENDER";
/// The key that signs sessions, CSRF tokens and the links in residents' emails (32+
/// characters): locally, and for a function run outside AWS.
pub const SIGNING_KEY: &str = "WARDLINE_SIGNING_KEY";
/// On AWS, the Secrets Manager secret holding the signing keys (its ARN), read at cold
/// start and every few minutes after; it wins over [`SIGNING_KEY`].
pub const SIGNING_SECRET: &str = "WARDLINE_SIGNING_SECRET";
/// On AWS, the Secrets Manager secret CloudFront sends in `X-Wardline-Origin` (its ARN): an
/// HTTP function answers only requests that carry it.
pub const ORIGIN_SECRET: &str = "WARDLINE_ORIGIN_SECRET";
/// The private bucket for residents' photos.
pub const ATTACHMENTS_BUCKET: &str = "WARDLINE_ATTACHMENTS_BUCKET";
/// The SES configuration set that records bounces and complaints.
pub const SES_CONFIGURATION_SET: &str = "WARDLINE_SES_CONFIGURATION_SET";

pub fn config_dir() -> PathBuf {
    optional(CONFIG_DIR).map_or_else(|| PathBuf::from("/opt/council"), PathBuf::from)
}
