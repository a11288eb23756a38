//! Categories of problem, their service standards and the teams responsible.

use serde::{Deserialize, Serialize};

use super::lang::Text;

/// A category's identifier, such as `fly-tipping`: lower-case letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CategoryId(String);

/// A team's identifier, in the same form as a [`CategoryId`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TeamId(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("an identifier is 1–64 lower-case letters, digits and hyphens: {0:?}")]
pub struct InvalidId(pub String);

pub(crate) fn parse_slug(s: &str) -> Result<String, InvalidId> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(s.to_owned())
    } else {
        Err(InvalidId(s.chars().take(64).collect()))
    }
}

macro_rules! slug_id {
    ($t:ident) => {
        impl $t {
            pub fn parse(s: &str) -> Result<Self, InvalidId> {
                crate::domain::category::parse_slug(s).map($t)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $t {
            type Error = InvalidId;
            fn try_from(s: String) -> Result<Self, InvalidId> {
                $t::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(id: $t) -> String {
                id.0
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use slug_id;

slug_id!(CategoryId);
slug_id!(TeamId);

/// How long the council promises to take, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStandard {
    pub working_days: u16,
}

/// The council's target for a category: the share of cases to complete within the standard
/// (green at or above it), and the floor below which it is red. Percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub target: u8,
    pub floor: u8,
}

impl Default for Target {
    fn default() -> Self {
        Target { target: 90, floor: 80 }
    }
}

/// A kind of problem a resident can report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub name: Text,
    /// One line shown under the option on the form.
    #[serde(default)]
    pub hint: Text,
    pub standard: ServiceStandard,
    /// What share of cases should meet the standard (red/amber/green).
    #[serde(default)]
    pub target: Target,
    pub team: TeamId,
    /// What happens after a report, in a sentence or two, for the acknowledgement email.
    pub next_steps: Text,
    /// Whether open data may say roughly where these problems are (anti-social behaviour,
    /// say, may point at a household: a council turns it off).
    #[serde(default = "yes")]
    pub open_data_location: bool,
}

fn yes() -> bool {
    true
}

/// The team that deals with a category, and how a resident or councillor reaches it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: Text,
    pub email: String,
    pub phone: String,
    /// Told when a case breaches its standard.
    pub escalation_email: String,
}
