//! The digest Lambda, run by EventBridge Scheduler on Mondays at 07:00 London time with
//! `{"scheduled": "<aws.scheduler.scheduled-time>"}`: the week is worked out from the time
//! the run was scheduled for, so a retry (or a late start) sends the same week's digests.

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
            Ok::<Value, BootError>(json!({ "digest": job.run(scheduled, now).await? }))
        }
    }))
    .await
}
