//! The portal Lambda: builds the DynamoDB store once at cold start and serves the router.

use std::sync::Arc;

use portal::{Portal, router};
use shared::adapters::dynamodb::DynamoStore;
use shared::config::Council;
use shared::ports::SystemClock;
use shared::settings;
use shared::signing::Signer;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::adapters::lambda_tracing();
    let table = settings::required(settings::TABLE)?;
    let base_url = settings::required(settings::BASE_URL)?;
    let signer = Signer::new(&settings::required(settings::SIGNING_KEY)?)?;
    let council = Arc::new(Council::load(&settings::config_dir())?.with_base_url(&base_url));
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table));
    let deps = Portal {
        council,
        reader: store.clone(),
        updater: store.clone(),
        queue: store.clone(),
        sign_in: store.clone(),
        sessions: store.clone(),
        rate_limit: store.clone(),
        writer: store.clone(),
        ward_cases: store.clone(),
        follows: store.clone(),
        followers: store.clone(),
        consents: store.clone(),
        access: store,
        clock: Arc::new(SystemClock),
        signer,
    };
    lambda_http::run(router(deps)).await
}
