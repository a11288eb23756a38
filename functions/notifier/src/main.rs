//! The notifier Lambda: the table's stream sends new outbox items, and a schedule sends
//! `{"action": "drain"}` to pick up anything waiting to retry. An operator sends
//! `{"action": "dead"}` to list dead messages and `{"action": "redrive"}` to retry them.

use std::sync::Arc;

use lambda_runtime::{Error, LambdaEvent, service_fn};
use notifier::{Notifier, StreamEvent};
use serde_json::{Value, json};
use shared::adapters::dynamodb::DynamoStore;
use shared::adapters::ses::SesMailer;
use shared::ports::SystemClock;
use shared::settings;

/// Messages sent by one scheduled drain; the rest wait for the next.
const DRAIN_LIMIT: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::adapters::lambda_tracing();
    let table = settings::required(settings::TABLE)?;
    let sender = settings::required(settings::SENDER)?;
    let configuration_set = settings::optional(settings::SES_CONFIGURATION_SET);
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table));
    let notifier = Notifier {
        outbox: store.clone(),
        reader: store.clone(),
        consents: store.clone(),
        access: store,
        mailer: Arc::new(SesMailer::new(
            aws_sdk_ses::Client::new(&config),
            sender,
            configuration_set,
        )),
        clock: Arc::new(SystemClock),
    };
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
            let redriven = notifier.redrive_dead(DRAIN_LIMIT).await?;
            Ok(json!({ "redriven": redriven, "drained": notifier.drain(DRAIN_LIMIT).await? }))
        }
        _ => Ok(json!({ "drained": notifier.drain(DRAIN_LIMIT).await? })),
    }
}
