//! The bounces Lambda: SES's bounce and complaint events, delivered by SNS.

use bounces::Bounces;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};
use shared::adapters::lambda::{BootError, ColdStart};

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let deps = Bounces::from_store(cold.council()?, cold.store.clone(), cold.clock());
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let deps = deps.clone();
        // A store failure fails the invocation: SNS retries it.
        async move { Ok::<Value, BootError>(json!({ "bounces": deps.handle_sns(&event.payload).await? })) }
    }))
    .await
}
