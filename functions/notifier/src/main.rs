//! The notifier Lambda: the table's stream sends new outbox items, and a schedule sends
//! `{"action": "drain"}` to pick up anything waiting to retry. An operator sends
//! `{"action": "dead"}` to list dead messages and `{"action": "redrive"}` to retry them.

use std::sync::Arc;

use lambda_runtime::{Error, LambdaEvent, service_fn};
use notifier::{Notifier, StreamEvent};
use serde_json::{Value, json};
use shared::adapters::lambda::ColdStart;
use shared::adapters::ses::SesMailer;
use shared::settings;

/// Messages sent by one scheduled drain; the rest wait for the next.
const DRAIN_LIMIT: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let cold = ColdStart::new().await?;
    let sender = settings::required(settings::SENDER)?;
    let configuration_set = settings::optional(settings::SES_CONFIGURATION_SET);
    let mailer = SesMailer::new(aws_sdk_ses::Client::new(&cold.aws), sender, configuration_set);
    let notifier = Notifier::from_store(cold.store.clone(), Arc::new(mailer), cold.clock());
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let notifier = notifier.clone();
        async move { handle(&notifier, event.payload).await }
    }))
    .await
}

async fn handle(notifier: &Notifier, payload: Value) -> Result<Value, Error> {
    if payload.get("Records").is_some() {
        let event: StreamEvent = serde_json::from_value(payload)?;
        return Ok(serde_json::to_value(notifier.handle_stream(event).await)?);
    }
    // A failure here fails the invocation, so the schedule's retry policy and dead-letter
    // queue see it.
    match payload.get("action").and_then(Value::as_str) {
        Some("dead") => Ok(json!({ "dead": notifier.outbox.dead(DRAIN_LIMIT).await? })),
        Some("redrive") => {
            // Each re-driven message is sent at once by its key, not left for a drain.
            Ok(json!({ "redrive": notifier.redrive_dead(DRAIN_LIMIT).await? }))
        }
        _ => Ok(json!({ "drained": notifier.drain(DRAIN_LIMIT).await? })),
    }
}
