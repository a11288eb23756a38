//! A resident's consent to share a case with their ward councillor(s): append-only records of
//! what they were shown, when, how, for whom, and any withdrawal. Nothing rewrites a record;
//! the current state is read from the latest one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::lang::Lang;
use super::ward::CouncillorId;

/// Exactly what the resident was shown when they ticked the box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeShown {
    /// The privacy notice's version, e.g. `2026-11-01`.
    pub version: String,
    /// SHA-256 of the notice's text as shown, hex.
    pub text_hash: String,
    /// The language of the text shown (each language's text is published and hashed).
    #[serde(default)]
    pub lang: Lang,
}

/// Where the resident gave or withdrew consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    ReportForm,
    Api,
    EmailLink,
    StatusPage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConsentEvent {
    /// Consent to share the case and the resident's details with these councillors (the
    /// ward's members when it was given).
    Given {
        notice: NoticeShown,
        scope: Vec<CouncillorId>,
    },
    Withdrawn,
}

/// One consent record, appended, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// Who: a keyed hash of the resident's email (never the address itself), so their
    /// records can be found for subject access and erasure without storing it again.
    pub resident: String,
    pub at: DateTime<Utc>,
    pub channel: ConsentChannel,
    pub event: ConsentEvent,
}

/// The councillors a case may currently be shared with: the scope of the latest record if
/// it is a consent, nobody if it is a withdrawal or there is none. Records are ordered by
/// time; records at the same moment keep their stored order.
pub fn current_scope(records: &[ConsentRecord]) -> &[CouncillorId] {
    let latest = records
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.at, *i))
        .map(|(_, r)| r);
    match latest.map(|r| &r.event) {
        Some(ConsentEvent::Given { scope, .. }) => scope,
        _ => &[],
    }
}

/// One published version of the council's privacy notice, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotice {
    /// The date it takes effect, `YYYY-MM-DD`; versions sort by it.
    pub version: String,
    /// A version is published in each of the council's languages, each text hashed.
    pub lang: Lang,
    /// The text as shown (a small Markdown subset: `## ` headings, `- ` lists, paragraphs).
    pub text: String,
}

impl PrivacyNotice {
    /// SHA-256 of the text, hex: what a consent record keeps to prove what was shown.
    pub fn text_hash(&self) -> String {
        hex::encode(Sha256::digest(self.text.as_bytes()))
    }

    pub fn shown(&self) -> NoticeShown {
        NoticeShown {
            version: self.version.clone(),
            text_hash: self.text_hash(),
            lang: self.lang,
        }
    }
}

/// Every published version in every language, oldest first; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotices(Vec<PrivacyNotice>);

impl PrivacyNotices {
    /// `None` if there are none.
    pub fn new(mut notices: Vec<PrivacyNotice>) -> Option<PrivacyNotices> {
        notices.sort_by(|a, b| (&a.version, a.lang).cmp(&(&b.version, b.lang)));
        (!notices.is_empty()).then_some(PrivacyNotices(notices))
    }

    /// The version shown now in `lang`: its newest, or the newest in any language if none
    /// is published in `lang` (the configuration check refuses that for a language the
    /// council offers).
    pub fn current(&self, lang: Lang) -> &PrivacyNotice {
        let newest_in = self.0.iter().rev().find(|n| n.lang == lang);
        // Never empty, by construction.
        newest_in.unwrap_or(&self.0[self.0.len() - 1])
    }

    /// The newest version in any language.
    pub fn newest_version(&self) -> &str {
        &self.0[self.0.len() - 1].version
    }

    pub fn version(&self, version: &str, lang: Lang) -> Option<&PrivacyNotice> {
        self.0.iter().find(|n| n.version == version && n.lang == lang)
    }

    /// Every version in `lang`, newest first.
    pub fn all(&self, lang: Lang) -> impl Iterator<Item = &PrivacyNotice> {
        self.0.iter().rev().filter(move |n| n.lang == lang)
    }
}
