//! Clients' API keys: each client in `council.toml` holds the SHA-256 of its key, never the
//! key; a revoked client is refused; every post counts against the client's hourly limit.

use axum::http::StatusCode;
use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::config::Open311Client;
use shared::emailed_link::{Limit, within_limit};

use crate::{Open311, Open311Error, Params};

/// A new key (32 random bytes, hex) and the SHA-256 to put in `council.toml`.
pub fn new_key() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    let hash = hash(&key);
    (key, hash)
}

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The client whose `api_key` this is, once its post is counted: 403 for a missing, unknown
/// or revoked key, 429 once it is over its hourly limit.
pub(crate) async fn admit<'a>(deps: &'a Open311, params: &Params) -> Result<&'a Open311Client, Open311Error> {
    let forbidden = |m: &str| Open311Error::new(StatusCode::FORBIDDEN, m);
    let key = params
        .get("api_key")
        .ok_or_else(|| forbidden("api_key was not provided: posting needs a key from the council"))?;
    let hashed = hash(key);
    // Every client is compared, so the time taken does not say which one was near.
    let client = deps
        .council
        .open311
        .clients
        .iter()
        .filter(|c| c.holds(&hashed))
        .fold(None, |found, c| found.or(Some(c)))
        .ok_or_else(|| forbidden("api_key is not valid"))?;
    if client.revoked {
        return Err(forbidden("api_key has been revoked"));
    }
    let limit = Limit {
        per_window: client.requests_per_hour,
        length: Duration::hours(1),
    };
    let now = deps.clock.now();
    if !within_limit(deps.rate.as_ref(), &format!("open311:{}", client.id), now, limit).await? {
        tracing::warn!(client = %client.id, "open311 client over its hourly limit");
        return Err(Open311Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "This key has made its {} posts this hour; try again after the hour",
                client.requests_per_hour
            ),
        ));
    }
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_random_and_its_hash_is_its_sha256() {
        let (a, ha) = new_key();
        let (b, _) = new_key();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(ha, hash(&a));
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
