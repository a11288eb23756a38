//! The languages wardline speaks, and the council's own words in each.
//!
//! A case remembers the language its resident used ([`Lang`]), so every email about it is
//! in that language. The council's names (its own, its types of problem, teams and wards)
//! are [`Text`]: English always, Welsh when the council offers Welsh (the configuration
//! check makes sure every one is there).

use serde::{Deserialize, Serialize};

/// A language wardline speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    /// Cymraeg, for councils in Wales (the Welsh Language Standards).
    Cy,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];

    /// The code in `lang` attributes, `?lang=` and `council.toml`: "en", "cy".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's name in itself, as a language switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    /// The language's name in English, for operators' messages.
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Welsh",
        }
    }
}

/// For `skip_serializing_if`: English is what a stored document without a language means,
/// so documents written before Welsh are unchanged.
pub fn is_english(lang: &Lang) -> bool {
    *lang == Lang::En
}

/// Something the council names, in each language it offers. English is always there; the
/// Welsh falls back to it only where the council does not offer Welsh (the configuration
/// check refuses a missing translation where it does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub cy: Option<String>,
}

impl Text {
    pub fn new(en: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            cy: None,
        }
    }

    pub fn with_cy(en: impl Into<String>, cy: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            cy: Some(cy.into()),
        }
    }

    /// The words in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Cy => self.cy.as_deref().unwrap_or(&self.en),
        }
    }

    /// Whether it has words in `lang` of its own (not the English fallback).
    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::En => !self.en.is_empty(),
            Lang::Cy => self.cy.as_deref().is_some_and(|s| !s.trim().is_empty()),
        }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text::new(en)
    }
}

impl From<String> for Text {
    fn from(en: String) -> Text {
        Text::new(en)
    }
}

/// In JSON (the API, stored data) a name is its English words: machines key on them.
impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse("CY"), None);
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn text_is_in_the_language_asked_and_english_where_there_is_no_welsh() {
        let t = Text::with_cy("Roads", "Ffyrdd");
        assert_eq!(t.get(Lang::En), "Roads");
        assert_eq!(t.get(Lang::Cy), "Ffyrdd");
        assert!(t.has(Lang::Cy));
        let only = Text::new("Roads");
        assert_eq!(only.get(Lang::Cy), "Roads");
        assert!(!only.has(Lang::Cy));
        assert!(!Text::with_cy("Roads", "  ").has(Lang::Cy));
    }
}
