//! The digest Lambda, run by EventBridge Scheduler at 07:00 London time with
//! `{"cadence": "weekly" | "daily", "scheduled": "<aws.scheduler.scheduled-time>"}` (weekly
//! on Mondays, daily every day): the period is worked out from the time the run was
//! scheduled for, so a retry (or a late start) sends the same period's digests.

use digest::Digest;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};
use shared::adapters::lambda::{BootError, ColdStart};

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let job = Digest::from_store(cold.site_council()?, cold.store.clone());
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let job = job.clone();
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move {
            let now = chrono::Utc::now();
            let scheduled = event.payload["scheduled"]
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map_or(now, |t| t.with_timezone(&chrono::Utc));
            let cadence = match event.payload["cadence"].as_str() {
                Some("daily") => shared::digest::Cadence::Daily,
                _ => shared::digest::Cadence::Weekly,
            };
            Ok::<Value, BootError>(json!({ "digest": job.run(cadence, scheduled, now).await? }))
        }
    }))
    .await
}
