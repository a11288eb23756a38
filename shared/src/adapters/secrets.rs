//! The signing keys from AWS Secrets Manager: read at cold start, and again every few
//! minutes while the function lives, so a rotation (`infra/rotate-signing-key`) reaches
//! every running function without a deploy. Never in the environment, where anyone allowed
//! `lambda:GetFunctionConfiguration` could read them.

use std::time::Duration;

use crate::signing::Signer;

/// How often a running function reads the secret again.
pub const REFRESH: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("could not read the signing secret: {0}")]
    Unavailable(String),
    #[error("the signing secret holds no usable key: {0}")]
    Unusable(#[from] crate::signing::WeakKey),
}

/// A secret's text, by ARN or name.
pub async fn read_secret(client: &aws_sdk_secretsmanager::Client, id: &str) -> Result<String, SecretError> {
    let out = client
        .get_secret_value()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| SecretError::Unavailable(aws_sdk_secretsmanager::error::DisplayErrorContext(e).to_string()))?;
    out.secret_string
        .ok_or_else(|| SecretError::Unavailable("the secret has no string value".into()))
}

/// The signing secret, by ARN or name.
#[derive(Clone)]
pub struct SigningSecret {
    client: aws_sdk_secretsmanager::Client,
    id: String,
}

impl SigningSecret {
    pub fn new(client: aws_sdk_secretsmanager::Client, id: impl Into<String>) -> SigningSecret {
        SigningSecret { client, id: id.into() }
    }

    async fn read(&self) -> Result<String, SecretError> {
        read_secret(&self.client, &self.id).await
    }

    /// A signer with the keys as they are now.
    pub async fn signer(&self) -> Result<Signer, SecretError> {
        Ok(Signer::new(&self.read().await?)?)
    }

    /// Reads the secret again into `signer` (and every clone of it).
    pub async fn refresh(&self, signer: &Signer) -> Result<bool, SecretError> {
        Ok(signer.refresh(&self.read().await?)?)
    }

    /// Keeps `signer` up to date every `every`, for as long as the function lives. A failed
    /// read keeps the keys it has (the previous key stays accepted across a rotation, so a
    /// late refresh costs nothing but time) and is logged without the secret.
    pub fn keep_fresh(self, signer: Signer, every: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.tick().await; // the first tick is now: the keys were just read
            loop {
                ticks.tick().await;
                match self.refresh(&signer).await {
                    Ok(true) => tracing::info!("signing keys changed: a rotation reached this function"),
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "could not refresh the signing keys; keeping the ones held"),
                }
            }
        })
    }
}
