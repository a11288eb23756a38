//! The sla-breach Lambda, run by EventBridge Scheduler every 15 minutes.

use std::sync::Arc;

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use shared::adapters::dynamodb::DynamoStore;
use shared::config::Council;
use shared::settings;
use shared::signing::Signer;
use sla_breach::SlaBreach;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::adapters::lambda_tracing();
    let table = settings::required(settings::TABLE)?;
    let base_url = settings::required(settings::BASE_URL)?;
    let signer = Signer::new(&settings::required(settings::SIGNING_KEY)?)?;
    let council = Arc::new(Council::load(&settings::config_dir())?.with_base_url(&base_url));
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table));
    let sweep = SlaBreach {
        council,
        due: store.clone(),
        updater: store.clone(),
        followers: store,
        signer,
    };
    lambda_runtime::run(service_fn(|_event: LambdaEvent<Value>| {
        let sweep = sweep.clone();
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move { Ok::<Value, Error>(json!({ "sweep": sweep.sweep(chrono::Utc::now()).await? })) }
    }))
    .await
}
