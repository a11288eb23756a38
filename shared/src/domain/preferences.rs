//! What a councillor chose about the email wardline sends them: how often the digest comes,
//! and whether to hear at once of every case in their wards that goes late.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestFrequency {
    /// Mondays, about the week before (the default).
    #[default]
    Weekly,
    /// Every morning, about the day before.
    Daily,
    /// No digest.
    Never,
}

impl DigestFrequency {
    pub const ALL: [DigestFrequency; 3] = [DigestFrequency::Weekly, DigestFrequency::Daily, DigestFrequency::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            DigestFrequency::Weekly => "weekly",
            DigestFrequency::Daily => "daily",
            DigestFrequency::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<DigestFrequency> {
        DigestFrequency::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A councillor's choices; a councillor who never chose has the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncillorPrefs {
    pub digest: DigestFrequency,
    /// Told at once of every case in their wards that goes late (with the resident's
    /// details only where the resident consented), not only of the cases they follow.
    #[serde(default)]
    pub every_late_case: bool,
    /// The language of their digest, where the council offers more than one (`None`: the
    /// council's first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<super::lang::Lang>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Stored as version 1 wrote it: a later change must still read it.
    #[test]
    fn version_1_reads_and_writes_unchanged() {
        let stored = r#"{"digest":"daily","every_late_case":true}"#;
        let prefs: CouncillorPrefs = serde_json::from_str(stored).unwrap();
        assert_eq!(
            prefs,
            CouncillorPrefs {
                digest: DigestFrequency::Daily,
                every_late_case: true,
                lang: None,
            }
        );
        assert_eq!(serde_json::to_string(&prefs).unwrap(), stored);
        assert_eq!(
            serde_json::from_str::<CouncillorPrefs>(r#"{"digest":"weekly"}"#).unwrap(),
            CouncillorPrefs::default()
        );
    }
}
