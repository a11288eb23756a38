//! What every Lambda's `main` does at cold start, in one place: JSON logs, the settings,
//! one AWS configuration and the DynamoDB store built once, the council's configuration
//! from the layer, and the signing keys (from Secrets Manager, kept fresh). A function's
//! `main` then builds its dependencies from these with its own `from_store` and runs.

use std::sync::Arc;

use crate::adapters::dynamodb::DynamoStore;
use crate::adapters::secrets::SigningSecret;
use crate::config::Council;
use crate::ports::{Clock, SystemClock};
use crate::settings;
use crate::signing::Signer;

/// A failure at start-up; Lambda reports it as an init error.
pub type BootError = Box<dyn std::error::Error + Send + Sync>;

pub struct ColdStart {
    pub aws: aws_config::SdkConfig,
    pub store: Arc<DynamoStore>,
}

impl ColdStart {
    pub async fn new() -> Result<ColdStart, BootError> {
        super::lambda_tracing();
        let table = settings::required(settings::TABLE)?;
        let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::new(&aws), table));
        Ok(ColdStart { aws, store })
    }

    /// The council's configuration from the layer (`WARDLINE_CONFIG_DIR`).
    pub fn council(&self) -> Result<Arc<Council>, BootError> {
        Ok(Arc::new(Council::load(&settings::config_dir())?))
    }

    /// The council's configuration at the site's public address (`WARDLINE_BASE_URL`),
    /// for a function that writes links.
    pub fn site_council(&self) -> Result<Arc<Council>, BootError> {
        let base_url = settings::required(settings::BASE_URL)?;
        Ok(Arc::new(
            Council::load(&settings::config_dir())?.with_base_url(&base_url),
        ))
    }

    /// The signing keys: from the secret named by `WARDLINE_SIGNING_SECRET`, read now and
    /// every [`REFRESH`](crate::adapters::secrets::REFRESH) after; or, outside AWS, the key
    /// in `WARDLINE_SIGNING_KEY`.
    pub async fn signer(&self) -> Result<Signer, BootError> {
        match settings::optional(settings::SIGNING_SECRET) {
            Some(id) => {
                let secret = SigningSecret::new(aws_sdk_secretsmanager::Client::new(&self.aws), id);
                let signer = secret.signer().await?;
                secret.keep_fresh(signer.clone(), crate::adapters::secrets::REFRESH);
                Ok(signer)
            }
            None => Ok(Signer::new(&settings::required(settings::SIGNING_KEY)?)?),
        }
    }

    /// The token CloudFront sends in `X-Wardline-Origin`, from the secret named by
    /// `WARDLINE_ORIGIN_SECRET` (read once); `None` without one. An HTTP function's router
    /// goes through [`crate::web::origin::require`] with it.
    pub async fn origin_token(&self) -> Result<Option<String>, BootError> {
        match settings::optional(settings::ORIGIN_SECRET) {
            Some(id) => {
                let client = aws_sdk_secretsmanager::Client::new(&self.aws);
                Ok(Some(crate::adapters::secrets::read_secret(&client, &id).await?))
            }
            None => Ok(None),
        }
    }

    /// The photos bucket named by `WARDLINE_ATTACHMENTS_BUCKET`.
    pub fn photos(&self) -> Result<Arc<crate::adapters::s3::S3Photos>, BootError> {
        let bucket = settings::required(settings::ATTACHMENTS_BUCKET)?;
        let mut photos = crate::adapters::s3::S3Photos::new(aws_sdk_s3::Client::new(&self.aws), bucket);
        // The function's own credentials sign browsers' upload forms.
        if let (Some(credentials), Some(region)) = (self.aws.credentials_provider(), self.aws.region()) {
            photos = photos.with_signing(credentials, region.to_string());
        }
        Ok(Arc::new(photos))
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::new(SystemClock)
    }
}
