//! The retention Lambda, run by EventBridge Scheduler: `{"action": "retention"}` once a day,
//! `{"action": "figures-check"}` once a week; `{"action": "figures-repair"}` and
//! `{"action": "reindex"}` by an operator.

use lambda_runtime::{LambdaEvent, service_fn};
use retention::{FiguresCheck, Reindex, Retention};
use serde_json::{Value, json};
use shared::adapters::lambda::{BootError, ColdStart};

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let council = cold.council()?;
    let job = Retention::from_store(council.clone(), cold.store.clone()).with_photos(cold.photos()?);
    let check = FiguresCheck::from_store(council.clone(), cold.store.clone());
    let reindex = Reindex::from_store(council, cold.store.clone());
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let (job, check, reindex) = (job.clone(), check.clone(), reindex.clone());
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move {
            match event.payload["action"].as_str() {
                Some("figures-check") => Ok::<Value, BootError>(json!({ "figures_check": check.run(false).await? })),
                // By an operator (infra/README.md), never on a schedule.
                Some("figures-repair") => Ok(json!({ "figures_repair": check.run(true).await? })),
                Some("reindex") => Ok(json!({ "reindex": reindex.run().await? })),
                _ => Ok(json!({ "retention": job.run(chrono::Utc::now()).await? })),
            }
        }
    }))
    .await
}
