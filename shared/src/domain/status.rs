//! A case's status, in the vocabulary UK councils use.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Investigating,
    InProgress,
    ActionScheduled,
    /// Waiting for someone else (a utility, a landowner, the police); the expected date
    /// stands.
    OnHold,
    Fixed,
    Closed,
    Duplicate,
    NotCouncilsResponsibility,
    NoFurtherAction,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Open,
        Status::Investigating,
        Status::InProgress,
        Status::ActionScheduled,
        Status::OnHold,
        Status::Fixed,
        Status::Closed,
        Status::Duplicate,
        Status::NotCouncilsResponsibility,
        Status::NoFurtherAction,
    ];

    /// Open statuses count against the service standard; the rest end the case.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Open | Status::Investigating | Status::InProgress | Status::ActionScheduled | Status::OnHold
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Investigating => "investigating",
            Status::InProgress => "in_progress",
            Status::ActionScheduled => "action_scheduled",
            Status::OnHold => "on_hold",
            Status::Fixed => "fixed",
            Status::Closed => "closed",
            Status::Duplicate => "duplicate",
            Status::NotCouncilsResponsibility => "not_councils_responsibility",
            Status::NoFurtherAction => "no_further_action",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_name() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
    }

    /// The names are stored and in the API: they never change.
    #[test]
    fn the_stored_names_are_stable() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "open",
                "investigating",
                "in_progress",
                "action_scheduled",
                "on_hold",
                "fixed",
                "closed",
                "duplicate",
                "not_councils_responsibility",
                "no_further_action"
            ]
        );
    }
}
