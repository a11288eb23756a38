//! Signed, expiring tokens (HMAC-SHA256): sign-in sessions, CSRF tokens, and the links in
//! residents' emails (rate this, "this is not fixed"). Nothing signed here is secret; the
//! signature only proves wardline issued it, for this purpose, and when it runs out.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Holds the signing key. Cheap to clone.
#[derive(Clone)]
pub struct Signer {
    key: std::sync::Arc<Vec<u8>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(<key>)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the signing key must be at least 32 characters")]
pub struct WeakKey;

impl Signer {
    pub fn new(secret: &str) -> Result<Signer, WeakKey> {
        if secret.len() < 32 {
            return Err(WeakKey);
        }
        Ok(Signer {
            key: std::sync::Arc::new(secret.as_bytes().to_vec()),
        })
    }

    fn mac(&self, purpose: &str, payload: &str) -> HmacSha256 {
        // new_from_slice accepts any key length for HMAC.
        let mut mac =
            HmacSha256::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(payload.as_bytes());
        mac
    }

    /// A signature of `payload` for `purpose`, as hex.
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        hex::encode(self.mac(purpose, payload).finalize().into_bytes())
    }

    /// Whether `signature` is this key's signature of `payload` for `purpose` (constant time).
    pub fn verify(&self, purpose: &str, payload: &str, signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) => self.mac(purpose, payload).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }

    /// `<payload>.<expiry>.<signature>`: a token that says `payload` until `expires`.
    /// `payload` must not contain `.`.
    pub fn token(&self, purpose: &str, payload: &str, expires: DateTime<Utc>) -> String {
        let body = format!("{payload}.{}", expires.timestamp());
        format!("{body}.{}", self.sign(purpose, &body))
    }

    /// The payload of a token this key issued for `purpose`, if it has not expired.
    pub fn open(&self, purpose: &str, token: &str, now: DateTime<Utc>) -> Option<String> {
        let (body, signature) = token.rsplit_once('.')?;
        let (payload, expires) = body.rsplit_once('.')?;
        let expires: i64 = expires.parse().ok()?;
        (self.verify(purpose, body, signature) && now.timestamp() < expires).then(|| payload.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn signer() -> Signer {
        Signer::new("a test key that is long enough, 32+").unwrap()
    }

    fn t() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
    }

    #[test]
    fn a_token_opens_for_its_purpose_until_it_expires() {
        let tok = signer().token("feedback", "FK7M-3RTW", t() + Duration::days(28));
        assert_eq!(signer().open("feedback", &tok, t()).as_deref(), Some("FK7M-3RTW"));
        assert_eq!(signer().open("reopen", &tok, t()), None, "another purpose");
        assert_eq!(
            signer().open("feedback", &tok, t() + Duration::days(28)),
            None,
            "expired"
        );
    }

    #[test]
    fn a_token_from_another_key_or_edited_does_not_open() {
        let tok = signer().token("session", "abc", t() + Duration::hours(8));
        let other = Signer::new("another key that is long enough 32+").unwrap();
        assert_eq!(other.open("session", &tok, t()), None);
        let edited = tok.replacen("abc", "abd", 1);
        assert_eq!(signer().open("session", &edited, t()), None);
        let later = tok.replacen(
            &(t() + Duration::hours(8)).timestamp().to_string(),
            &(t() + Duration::days(800)).timestamp().to_string(),
            1,
        );
        assert_eq!(signer().open("session", &later, t()), None, "a stretched expiry");
    }

    #[test]
    fn a_short_key_is_refused() {
        assert!(Signer::new("short").is_err());
    }

    proptest! {
        /// Any text at all (`\PC`: every character but controls) opens nothing.
        #[test]
        fn opening_arbitrary_text_never_panics_and_never_succeeds(s in "\\PC{0,120}") {
            prop_assert_eq!(signer().open("session", &s, t()), None);
        }

        /// Text shaped like a token (`payload.expiry.signature`) opens nothing either.
        #[test]
        fn a_token_shaped_forgery_never_opens(
            payload in "[A-Z0-9-]{1,12}",
            signature in "[0-9a-f]{64}",
        ) {
            let forged = format!("{payload}.{}.{signature}", (t() + Duration::hours(1)).timestamp());
            prop_assert_eq!(signer().open("session", &forged, t()), None);
        }

        /// A real token with any one character changed no longer opens (hex is read without
        /// regard to case, so only lower-case changes are changes).
        #[test]
        fn a_real_token_with_one_character_changed_never_opens(at in 0usize..200, with in "[0-9a-z.]") {
            let token = signer().token("session", "FK7M-3RTW", t() + Duration::hours(1));
            prop_assert_eq!(signer().open("session", &token, t()), Some("FK7M-3RTW".to_owned()));
            let i = at % token.len();
            let mut changed = token.clone();
            changed.replace_range(i..=i, &with);
            prop_assume!(changed != token);
            prop_assert_eq!(signer().open("session", &changed, t()), None);
        }
    }
}
