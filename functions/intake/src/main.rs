//! The intake Lambda: builds its dependencies once at cold start and serves the router.

use intake::{Intake, router};
use shared::adapters::lambda::{BootError, ColdStart};

#[tokio::main]
async fn main() -> Result<(), BootError> {
    let cold = ColdStart::new().await?;
    let deps = Intake::from_store(
        cold.site_council()?,
        cold.store.clone(),
        cold.clock(),
        cold.signer().await?,
    )
    .with_photos_from(cold.photos()?);
    // Only what comes through CloudFront (it adds the origin header) is answered.
    let app = shared::web::origin::require(router(deps), cold.origin_token().await?);
    lambda_http::run(app).await
}
