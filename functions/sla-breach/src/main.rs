//! The sla-breach Lambda, run by EventBridge Scheduler every 15 minutes.

use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};
use shared::adapters::lambda::{BootError, ColdStart};
use sla_breach::SlaBreach;

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let sweep = SlaBreach::from_store(cold.site_council()?, cold.store.clone(), cold.signer().await?);
    lambda_runtime::run(service_fn(|_event: LambdaEvent<Value>| {
        let sweep = sweep.clone();
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move { Ok::<Value, BootError>(json!({ "sweep": sweep.sweep(chrono::Utc::now()).await? })) }
    }))
    .await
}
