//! Every sentence wardline says to a person, per language, in one place. A language is a
//! [`Words`]: a struct every language fills in whole, so a missing translation does not
//! compile. Pages and emails take the words of the language they are in (`Lang::words`);
//! the domain holds codes (`Status`, `Problem`), never English.

mod en;

use serde::{Deserialize, Serialize};

use crate::domain::Status;
use crate::domain::report::Problem;

/// A language wardline speaks. English only for now; Welsh is issue 17's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
}

impl Lang {
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &en::WORDS,
        }
    }

    /// The `lang` attribute of a page in this language.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
        }
    }
}

/// Everything a language says. Sentences with parts that vary are functions.
pub struct Words {
    /// The message beside a field and in the error summary, written as an instruction.
    pub problems: fn(Problem) -> &'static str,
    /// How a status reads: "In progress".
    pub statuses: fn(Status) -> &'static str,
    /// January first.
    pub months: [&'static str; 12],
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub error_summary_title: &'static str,
    pub error_prefix: &'static str,
    pub service_problem_title: &'static str,
    pub service_problem_body: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub case_not_found_title: &'static str,
    pub case_not_found_body: &'static str,
    pub too_large: &'static str,
    pub bad_json: &'static str,
    pub bad_form: &'static str,
    pub form_expired_title: &'static str,
    pub form_expired_body: &'static str,
    pub idempotency_key_empty: &'static str,
    pub idempotency_key_invalid: &'static str,
    pub idempotency_key_reused: &'static str,
    pub report_title: &'static str,
    pub report_lead: &'static str,
    pub emergency_warning: &'static str,
    pub category_legend: &'static str,
    pub description_label: &'static str,
    pub description_hint: &'static str,
    pub location_legend: &'static str,
    pub location_hint: &'static str,
    pub address_label: &'static str,
    pub ward_label: &'static str,
    pub ward_hint: &'static str,
    pub ward_choose: &'static str,
    pub map_label: &'static str,
    pub reporting_legend: &'static str,
    pub reporting_registered: &'static str,
    pub reporting_registered_hint: &'static str,
    pub reporting_anonymous: &'static str,
    pub reporting_anonymous_hint: &'static str,
    pub share_legend: &'static str,
    pub share_label: &'static str,
    pub share_hint: &'static str,
    pub share_privacy_link: &'static str,
    pub name_label: &'static str,
    pub email_label: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub honeypot_label: &'static str,
    pub submit: &'static str,
    pub confirmation_title: &'static str,
    pub confirmation_reference: &'static str,
    pub confirmation_emailed: &'static str,
    pub confirmation_anonymous: &'static str,
    pub status_title: &'static str,
    pub check_title: &'static str,
    pub check_label: &'static str,
    pub check_hint: &'static str,
    pub check_missing: &'static str,
    pub check_format: &'static str,
    pub check_submit: &'static str,
    pub email_missing: &'static str,
    pub email_too_long: &'static str,
    pub email_invalid: &'static str,
}

impl Words {
    pub fn problem(&self, p: Problem) -> &'static str {
        (self.problems)(p)
    }

    pub fn status(&self, s: Status) -> &'static str {
        (self.statuses)(s)
    }
}

/// English words, for code that is not yet told the language it is speaking (each call is
/// a place issue 17 passes the resident's or the user's language through).
pub fn en() -> &'static Words {
    Lang::En.words()
}
