//! The emailed-link flow that sign-in and "your data" share: read an email address from a
//! form, count the request against a limit per address and window, and give the same
//! answer whether or not the address is known (the caller sends the link only if it is).

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::copy::Lang;
use crate::domain::ResidentEmail;
use crate::domain::reporter::InvalidPersonal;
use crate::ports::{RateLimit, StoreError};

/// The address typed into the form, or the message to show beside the field (in `lang`).
pub fn email_from_form(lang: Lang, typed: &str) -> Result<ResidentEmail, &'static str> {
    let words = lang.words();
    ResidentEmail::parse(typed).map_err(|e| {
        if typed.trim().is_empty() {
            words.email_missing
        } else if matches!(e, InvalidPersonal::TooLong) {
            words.email_too_long
        } else {
            words.email_invalid
        }
    })
}

/// How many requests one address may make in a window of `length`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub per_window: u32,
    pub length: Duration,
}

/// Counts a request for `key` (already hashed or keyed: never an address) in the window
/// `now` falls in; `false` once it is over the limit.
pub async fn within_limit(
    rate: &dyn RateLimit,
    key: &str,
    now: DateTime<Utc>,
    limit: Limit,
) -> Result<bool, StoreError> {
    let window = now.duration_trunc(limit.length).unwrap_or(now);
    let attempts = rate.count_attempt(key, window, window + limit.length * 2).await?;
    Ok(attempts <= limit.per_window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy;

    #[test]
    fn a_missing_a_long_and_a_malformed_address_each_get_their_own_message() {
        assert_eq!(email_from_form(Lang::En, "  "), Err(copy::en().email_missing));
        assert_eq!(
            email_from_form(Lang::En, &format!("{}@example.com", "a".repeat(260))),
            Err(copy::en().email_too_long)
        );
        assert_eq!(email_from_form(Lang::En, "not an email"), Err(copy::en().email_invalid));
        assert_eq!(
            email_from_form(Lang::En, "jo@example.com").unwrap().as_str(),
            "jo@example.com"
        );
        assert_eq!(email_from_form(Lang::Cy, "  "), Err(Lang::Cy.words().email_missing));
    }
}
