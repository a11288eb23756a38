//! Who reported a problem. Anonymous reports are welcome; to be kept informed a resident
//! gives their contact details.
//!
//! Every personal value here has a `Debug` that hides it, so a stray `{:?}` in a log line
//! cannot leak it.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! personal_string {
    ($t:ident) => {
        impl $t {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), "(<redacted>)"))
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    };
}

/// A person's name as they gave it: 1–100 characters, no control characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);
personal_string!(PersonName);

/// An email address in a deliverable shape, with its domain in lower case.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentEmail(String);
personal_string!(ResidentEmail);

/// A telephone number: UK (01632 960 001, 07700 900 982) or international (+44 808 157 0192).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);
personal_string!(Phone);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPersonal {
    #[error("empty")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("not in the right format")]
    Format,
}

impl PersonName {
    pub const MAX: usize = 100;
    pub fn parse(s: &str) -> Result<Self, InvalidPersonal> {
        let s = s.trim();
        if s.is_empty() {
            return Err(InvalidPersonal::Empty);
        }
        if s.chars().count() > Self::MAX {
            return Err(InvalidPersonal::TooLong);
        }
        if s.chars().any(char::is_control) {
            return Err(InvalidPersonal::Format);
        }
        Ok(PersonName(s.to_owned()))
    }
}

impl ResidentEmail {
    pub fn parse(s: &str) -> Result<Self, InvalidPersonal> {
        let s = s.trim();
        if s.is_empty() {
            return Err(InvalidPersonal::Empty);
        }
        if s.len() > 254 {
            return Err(InvalidPersonal::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(InvalidPersonal::Format)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !(local_ok && domain_ok) {
            return Err(InvalidPersonal::Format);
        }
        Ok(ResidentEmail(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}

impl Phone {
    pub fn parse(s: &str) -> Result<Self, InvalidPersonal> {
        let s = s.trim();
        if s.is_empty() {
            return Err(InvalidPersonal::Empty);
        }
        if s.len() > 30 {
            return Err(InvalidPersonal::TooLong);
        }
        if !s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) || s[1..].contains('+') {
            return Err(InvalidPersonal::Format);
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let ok = if let Some(rest) = digits.strip_prefix("44").filter(|_| s.starts_with('+')) {
            (9..=10).contains(&rest.len()) && !rest.starts_with('0')
        } else if s.starts_with('+') {
            (8..=15).contains(&digits.len())
        } else {
            // UK numbers are 11 digits; a few 01 and 08 numbers have 10.
            digits.starts_with('0')
                && (digits.len() == 11
                    || (digits.len() == 10 && (digits.starts_with("01") || digits.starts_with("08"))))
        };
        if ok {
            Ok(Phone(s.to_owned()))
        } else {
            Err(InvalidPersonal::Format)
        }
    }
}

macro_rules! try_from_string {
    ($t:ident) => {
        impl TryFrom<String> for $t {
            type Error = InvalidPersonal;
            fn try_from(s: String) -> Result<Self, InvalidPersonal> {
                $t::parse(&s)
            }
        }
    };
}
try_from_string!(PersonName);
try_from_string!(ResidentEmail);
try_from_string!(Phone);

/// A registered resident's contact details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentContact {
    pub name: PersonName,
    pub email: ResidentEmail,
    pub phone: Option<Phone>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reporter {
    /// No contact details: no emails, only the reference to check progress.
    Anonymous,
    Registered(ResidentContact),
}

impl Reporter {
    pub fn contact(&self) -> Option<&ResidentContact> {
        match self {
            Reporter::Anonymous => None,
            Reporter::Registered(c) => Some(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_email_addresses_are_accepted_and_the_domain_lower_cased() {
        assert_eq!(
            ResidentEmail::parse(" Jo.Bloggs+bins@Example.CO.UK ").unwrap().as_str(),
            "Jo.Bloggs+bins@example.co.uk"
        );
    }

    #[test]
    fn malformed_email_addresses_are_refused() {
        for bad in [
            "jo",
            "jo@",
            "@example.com",
            "jo@example",
            "jo@@example.com",
            "jo@exa mple.com",
            "jo@-example.com",
            "jo..b@example.com",
            "jo@example.c0m",
        ] {
            assert_eq!(ResidentEmail::parse(bad), Err(InvalidPersonal::Format), "{bad}");
        }
        assert_eq!(ResidentEmail::parse("   "), Err(InvalidPersonal::Empty));
    }

    #[test]
    fn uk_and_international_numbers_are_accepted() {
        for good in [
            "01632 960 001",
            "07700 900982",
            "+44 808 157 0192",
            "(01632) 960-001",
            "+33 1 23 45 67 89",
        ] {
            assert!(Phone::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "12345",
            "07700 900 98",
            "phone me",
            "+44 0808 157 0192",
            "0++7700900982",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn personal_values_never_show_in_debug_output() {
        let c = ResidentContact {
            name: PersonName::parse("Jo Bloggs").unwrap(),
            email: ResidentEmail::parse("jo@example.com").unwrap(),
            phone: Some(Phone::parse("07700 900982").unwrap()),
        };
        let out = format!("{c:?}");
        assert!(
            !out.contains("Jo") && !out.contains("example") && !out.contains("07700"),
            "{out}"
        );
    }

    proptest! {
        /// Any text: parsing never panics, and whatever parses is in its normal form (it
        /// parses again to itself), so a value that exists is a valid one.
        #[test]
        fn what_parses_is_valid_and_parses_again_to_itself(s in "\\PC{0,300}") {
            if let Ok(e) = ResidentEmail::parse(&s) {
                prop_assert!(e.as_str().contains('@') && e.as_str().len() <= 254);
                prop_assert_eq!(ResidentEmail::parse(e.as_str()), Ok(e.clone()));
            }
            if let Ok(p) = Phone::parse(&s) {
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
            if let Ok(n) = PersonName::parse(&s) {
                prop_assert!(!n.as_str().trim().is_empty());
                prop_assert_eq!(PersonName::parse(n.as_str()), Ok(n.clone()));
            }
        }
    }
}
