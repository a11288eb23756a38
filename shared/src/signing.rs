//! Signed, expiring tokens (HMAC-SHA256): sign-in sessions, CSRF tokens, and the links in
//! residents' emails (rate this, "this is not fixed"). Nothing signed here is secret; the
//! signature only proves wardline issued it, for this purpose, and when it runs out.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Holds the keys. Cheap to clone; clones share the keys, so a refresh (after a rotation,
/// [`Signer::refresh`]) reaches every holder.
#[derive(Clone)]
pub struct Signer {
    keys: std::sync::Arc<std::sync::RwLock<Keys>>,
}

/// The signing key, the one before it (still accepted, so a rotation does not void every
/// link and session at once: rotating twice does), and the resident key, which never
/// rotates: it makes the keyed hash that finds a resident's cases, and a new one would lose
/// them.
#[derive(Clone, PartialEq, Eq)]
struct Keys {
    current: Vec<u8>,
    previous: Option<Vec<u8>>,
    resident: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(<key>)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the signing key must be at least 32 characters")]
pub struct WeakKey;

/// The secret as stored on AWS once rotated (`infra/rotate-signing-key`): JSON with the
/// three keys. Before its first rotation it is one plain key, which is then all three.
#[derive(serde::Deserialize)]
struct StoredKeys {
    current: String,
    #[serde(default)]
    previous: Option<String>,
    resident: String,
}

fn strong(key: &str) -> Result<Vec<u8>, WeakKey> {
    if key.len() < 32 {
        return Err(WeakKey);
    }
    Ok(key.as_bytes().to_vec())
}

impl Keys {
    fn parse(secret: &str) -> Result<Keys, WeakKey> {
        match serde_json::from_str::<StoredKeys>(secret) {
            Ok(k) => Ok(Keys {
                current: strong(&k.current)?,
                previous: k.previous.as_deref().map(strong).transpose()?,
                resident: strong(&k.resident)?,
            }),
            Err(_) => {
                let key = strong(secret)?;
                Ok(Keys {
                    current: key.clone(),
                    previous: None,
                    resident: key,
                })
            }
        }
    }
}

fn mac(key: &[u8], purpose: &str, payload: &str) -> HmacSha256 {
    // new_from_slice accepts any key length for HMAC.
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(payload.as_bytes());
    mac
}

impl Signer {
    /// From the secret: one key (locally, and on AWS before the first rotation), or the
    /// rotated form `{"current": …, "previous": …, "resident": …}`.
    pub fn new(secret: &str) -> Result<Signer, WeakKey> {
        Ok(Signer {
            keys: std::sync::Arc::new(std::sync::RwLock::new(Keys::parse(secret)?)),
        })
    }

    /// Takes the keys from the secret as it is now; `true` if they changed.
    pub fn refresh(&self, secret: &str) -> Result<bool, WeakKey> {
        let fresh = Keys::parse(secret)?;
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        let changed = *keys != fresh;
        *keys = fresh;
        Ok(changed)
    }

    fn keys(&self) -> std::sync::RwLockReadGuard<'_, Keys> {
        self.keys.read().unwrap_or_else(|e| e.into_inner())
    }

    fn mac(&self, purpose: &str, payload: &str) -> HmacSha256 {
        mac(&self.keys().current, purpose, payload)
    }

    /// A keyed hash of `payload` with the resident key, which never rotates.
    pub fn resident_hash(&self, payload: &str) -> String {
        hex::encode(mac(&self.keys().resident, "resident", payload).finalize().into_bytes())
    }

    /// A signature of `payload` for `purpose`, as hex.
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        hex::encode(self.mac(purpose, payload).finalize().into_bytes())
    }

    /// Whether `signature` is the current or the previous key's signature of `payload` for
    /// `purpose` (constant time).
    pub fn verify(&self, purpose: &str, payload: &str, signature: &str) -> bool {
        let Ok(bytes) = hex::decode(signature) else {
            return false;
        };
        let keys = self.keys();
        std::iter::once(&keys.current)
            .chain(keys.previous.as_ref())
            .any(|key| mac(key, purpose, payload).verify_slice(&bytes).is_ok())
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
        assert!(Signer::new(r#"{"current":"short","resident":"a resident key long enough, 32+ chars"}"#).is_err());
    }

    /// Residents' keyed hashes are stored with their cases: the hash of an address must stay
    /// what it has always been (HMAC-SHA256 of `resident\0<address>`), or their cases are lost.
    #[test]
    fn the_resident_hash_is_what_it_always_was() {
        assert_eq!(
            signer().resident_hash("jo@example.com"),
            "c9aff6c6983c0dc0a123d0f8d8c2ff9cdc27c12513c01d6680775b9ffca350ae"
        );
    }

    fn rotated(current: &str, previous: &str, resident: &str) -> String {
        serde_json::json!({"current": current, "previous": previous, "resident": resident}).to_string()
    }

    /// After a rotation, what the old key signed still opens (until the next rotation), new
    /// tokens are signed with the new key, and the resident key, hence every resident's keyed
    /// hash, is unchanged.
    #[test]
    fn a_rotation_keeps_the_previous_key_for_one_more_rotation_and_the_resident_key_for_ever() {
        const FIRST: &str = "a test key that is long enough, 32+";
        const SECOND: &str = "the second key, also long enough 32+";
        const THIRD: &str = "the third key, and long enough too 32+";
        let s = signer();
        let old = s.token("session", "abc", t() + Duration::hours(8));
        let hash = s.resident_hash("jo@example.com");
        assert!(s.refresh(&rotated(SECOND, FIRST, FIRST)).unwrap());
        assert_eq!(s.open("session", &old, t()).as_deref(), Some("abc"), "the previous key");
        let new = s.token("session", "def", t() + Duration::hours(8));
        assert_ne!(new.rsplit('.').next(), old.rsplit('.').next());
        assert_eq!(
            Signer::new(SECOND).unwrap().open("session", &new, t()).as_deref(),
            Some("def")
        );
        assert_eq!(s.resident_hash("jo@example.com"), hash);
        assert!(
            !s.refresh(&rotated(SECOND, FIRST, FIRST)).unwrap(),
            "the same keys again"
        );
        s.refresh(&rotated(THIRD, SECOND, FIRST)).unwrap();
        assert_eq!(s.open("session", &old, t()), None, "two rotations on");
        assert_eq!(s.open("session", &new, t()).as_deref(), Some("def"));
        assert_eq!(s.resident_hash("jo@example.com"), hash);
        // Every clone shares the keys.
        let clone = s.clone();
        s.refresh(&rotated(FIRST, THIRD, FIRST)).unwrap();
        assert_eq!(clone.open("session", &new, t()), None);
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
