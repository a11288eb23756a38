//! The consent Lambda: builds the DynamoDB store once at cold start and serves the router.

use std::sync::Arc;

use consent::{Consent, router};
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
    let store = Arc::new(DynamoStore::from_env(table).await);
    let deps = Consent {
        council,
        reader: store.clone(),
        consents: store.clone(),
        resident_cases: store.clone(),
        eraser: store.clone(),
        mail: store.clone(),
        rate_limit: store.clone(),
        access: store,
        clock: Arc::new(SystemClock),
        signer,
    };
    lambda_http::run(router(deps)).await
}
