//! The retention Lambda, run by EventBridge Scheduler once a day.

use std::sync::Arc;

use lambda_runtime::{Error, LambdaEvent, service_fn};
use retention::Retention;
use serde_json::{Value, json};
use shared::adapters::dynamodb::DynamoStore;
use shared::config::Council;
use shared::settings;

#[tokio::main]
async fn main() -> Result<(), Error> {
    shared::adapters::lambda_tracing();
    let table = settings::required(settings::TABLE)?;
    let council = Arc::new(Council::load(&settings::config_dir())?);
    let store = Arc::new(DynamoStore::from_env(table).await);
    let job = Retention {
        council,
        due: store.clone(),
        eraser: store,
    };
    lambda_runtime::run(service_fn(|_event: LambdaEvent<Value>| {
        let job = job.clone();
        // A failure fails the invocation: the schedule retries it, then dead-letters it.
        async move { Ok::<Value, Error>(json!({ "retention": job.run(chrono::Utc::now()).await? })) }
    }))
    .await
}
