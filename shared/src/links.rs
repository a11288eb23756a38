//! Links and keys derived from the signing key: the resident's per-case sharing link, and
//! the keyed hash that finds a resident's cases without storing their address twice.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{CaseRef, ResidentEmail};
use crate::signing::Signer;

/// The purpose a sharing token is signed for.
pub const SHARING_PURPOSE: &str = "consent";
/// How long a sharing link in an email works: longer than a case's personal data is kept.
pub const SHARING_LINK_VALID: Duration = Duration::days(5 * 365);

/// The resident's page for one case: see, withdraw or give again their consent to share it
/// with their councillors. Anyone holding the link may use it, so it goes only to the
/// resident (their emails, their confirmation page).
pub fn sharing_url(signer: &Signer, base_url: &str, reference: &CaseRef, now: DateTime<Utc>) -> String {
    format!(
        "{base_url}/consent/{}",
        signer.token(SHARING_PURPOSE, reference.as_str(), now + SHARING_LINK_VALID)
    )
}

/// A keyed hash of a resident's email (case-insensitive): the same person, the same key;
/// useless to anyone without the resident key (which, unlike the signing key, never rotates).
pub fn resident_key(signer: &Signer, email: &ResidentEmail) -> String {
    signer.resident_hash(&email.as_str().to_lowercase())
}
