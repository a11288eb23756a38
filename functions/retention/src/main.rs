//! The retention Lambda, run by EventBridge Scheduler once a day.

use lambda_runtime::{LambdaEvent, service_fn};
use retention::Retention;
use serde_json::{Value, json};
use shared::adapters::lambda::{BootError, ColdStart};

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let job = Retention::from_store(cold.council()?, cold.store.clone());
    lambda_runtime::run(service_fn(|_event: LambdaEvent<Value>| {
        let job = job.clone();
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move { Ok::<Value, BootError>(json!({ "retention": job.run(chrono::Utc::now()).await? })) }
    }))
    .await
}
