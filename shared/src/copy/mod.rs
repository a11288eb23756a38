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
    pub email: &'static EmailWords,
    pub layout: &'static LayoutWords,
    pub consent: &'static ConsentWords,
    pub data: &'static DataWords,
    pub resident: &'static ResidentWords,
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

type Says1 = fn(&str) -> String;
type Says2 = fn(&str, &str) -> String;
type Says3 = fn(&str, &str, &str) -> String;
type SaysN = fn(i64) -> String;

/// The emails' words. Arguments are already in the reader's language (a status label, a
/// date) or names (a council, a team, a reference).
pub struct EmailWords {
    pub dear: Says1,
    pub reference: &'static str,
    pub type_of_problem: &'static str,
    pub status: &'static str,
    pub expected_by: &'static str,
    pub ward: &'static str,
    pub email: &'static str,
    pub telephone: &'static str,
    pub location: &'static str,
    pub description: &'static str,
    pub reported_by: &'static str,
    pub team: Says1,
    pub quote_reference: Says1,
    pub check_progress: &'static str,
    pub check_your_report: &'static str,
    pub open_the_case: &'static str,
    pub what_happens_next: &'static str,
    pub contact: &'static str,
    pub note_from_the_council: &'static str,
    pub sharing_heading: &'static str,
    pub sharing_body: &'static str,
    pub sharing_link: &'static str,
    pub ack_subject: Says1,
    pub ack_thanks: Says1,
    pub ack_reference_is: &'static str,
    pub ack_aim: Says1,
    pub update_subject: Says2,
    pub update_lead: Says1,
    pub done_subject: Says2,
    pub done_lead: Says1,
    pub done_rate_heading: &'static str,
    pub done_rate_prompt: &'static str,
    pub done_rating: SaysN,
    pub done_not_fixed_heading: &'static str,
    pub done_not_fixed: SaysN,
    pub done_not_fixed_link: &'static str,
    pub late_subject: Says1,
    pub late_sorry: Says1,
    pub late_next: Says1,
    pub late_talk: Says1,
    pub data_subject: Says1,
    pub data_asked: Says1,
    pub data_use: SaysN,
    pub data_link: &'static str,
    pub data_ignore: &'static str,
    pub staff_late_subject: Says3,
    pub staff_late_lead: Says1,
    pub escalation_subject: Says2,
    pub escalation_lead: Says1,
    pub sign_in_subject: Says1,
    pub sign_in_use: SaysN,
    pub sign_in_link: Says1,
    pub sign_in_ignore: &'static str,
    pub news_now_subject: Says2,
    pub news_now_lead: Says1,
    pub news_done_subject: Says2,
    pub news_done_lead: Says1,
    pub news_late_subject: Says1,
    pub news_late_lead: &'static str,
    pub news_consented: &'static str,
    pub news_logged: &'static str,
}

/// The frame of every page.
pub struct LayoutWords {
    pub skip_to_main: &'static str,
    pub menu: &'static str,
    pub check_a_report: &'static str,
    pub back: &'static str,
    pub support_links: &'static str,
    pub privacy: &'static str,
    pub your_data: &'static str,
    pub powered_by: &'static str,
}

/// The resident's sharing settings, the privacy notice and expired links.
pub struct ConsentWords {
    pub link_expired_title: &'static str,
    pub link_expired: Says1,
    pub also_call: Says1,
    pub sharing_what: &'static str,
    pub sharing_again: &'static str,
    pub sharing_title: &'static str,
    pub report_and_category: Says2,
    pub nothing_to_share: &'static str,
    pub now_sharing_title: &'static str,
    pub now_sharing: &'static str,
    pub stopped_title: &'static str,
    pub stopped: &'static str,
    pub report_in_ward: Says3,
    pub not_sharing_heading: &'static str,
    pub not_sharing: &'static str,
    pub no_councillors: &'static str,
    pub if_you_share: Says1,
    pub and: &'static str,
    pub share_button: &'static str,
    pub sharing_heading: &'static str,
    pub these_councillors: &'static str,
    pub if_you_stop: &'static str,
    pub stop_button: &'static str,
    pub see_progress: &'static str,
    pub privacy_title: &'static str,
    pub in_effect_from: Says1,
    pub earlier_version: Says1,
    pub read_current: &'static str,
    pub other_versions: &'static str,
    pub version_of: Says1,
    pub warning: &'static str,
}

/// "Your data": asking for the link, what is held, downloads and erasure.
pub struct DataWords {
    pub ask_title: &'static str,
    pub ask_lead: &'static str,
    pub ask_how: SaysN,
    pub email_label: &'static str,
    pub ask_button: &'static str,
    pub how_we_use: &'static str,
    pub too_many_title: &'static str,
    pub too_many: &'static str,
    pub check_title: &'static str,
    pub check_sent: fn(&str, i64) -> String,
    pub check_spam: &'static str,
    pub link_what: &'static str,
    pub link_again: &'static str,
    pub link_new: &'static str,
    pub held_title: &'static str,
    pub nothing_held: &'static str,
    pub reported_count: fn(usize) -> String,
    pub your_reports: &'static str,
    pub col_reference: &'static str,
    pub col_problem: &'static str,
    pub col_reported: &'static str,
    pub col_status: &'static str,
    pub col_shared: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub download_heading: &'static str,
    pub download_what: &'static str,
    pub download_json: &'static str,
    pub download_csv: &'static str,
    pub erase_heading: &'static str,
    pub erase_what: &'static str,
    pub erase_open: &'static str,
    pub erase_warning: &'static str,
    pub erase_confirm: &'static str,
    pub erase_confirm_missing: &'static str,
    pub erase_button: &'static str,
    pub erased_title: &'static str,
    pub erased_count: fn(usize) -> String,
    pub erased_open: fn(usize) -> String,
    pub erased_kept: &'static str,
    pub report_another: &'static str,
}

/// The resident's pages after a report: confirmation, progress, and their emails' links.
pub struct ResidentWords {
    pub warning: &'static str,
    pub sharing_link: &'static str,
    pub aim_by: Says1,
    pub check_progress: &'static str,
    pub report_another: &'static str,
    pub status: &'static str,
    pub type_of_problem: &'static str,
    pub ward: &'static str,
    pub reported: &'static str,
    pub expected_by: &'static str,
    pub late: &'static str,
    pub history: &'static str,
    pub received: &'static str,
    pub status_changed_to: Says1,
    pub passed_expected: &'static str,
    pub reopened: &'static str,
    pub details_removed: &'static str,
    pub link_expired_title: &'static str,
    pub link_expired: &'static str,
    pub link_expired_next: Says1,
    pub report_a_problem: &'static str,
    pub erased_title: &'static str,
    pub erased: &'static str,
    pub erased_next: Says1,
    pub rate_title: &'static str,
    pub rate_chosen: fn(u8) -> String,
    pub ratings: [&'static str; 5],
    pub rating_legend: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub send_feedback: &'static str,
    pub rating_missing: &'static str,
    pub comment_too_long: &'static str,
    pub thanks_title: &'static str,
    pub thanks: &'static str,
    pub see_your_report: &'static str,
    pub already_open: &'static str,
    pub see_progress: &'static str,
    pub still_there_title: &'static str,
    pub closed_as: Says2,
    pub reopen_explain: &'static str,
    pub reopen_button: &'static str,
    pub reopened_note: &'static str,
    pub reopened_title: &'static str,
    pub reopened_next: &'static str,
    pub too_late_title: &'static str,
    pub too_late: SaysN,
    pub too_late_next: &'static str,
    pub contact_team: Says1,
    pub quote_reference: Says1,
    pub call_council: Says2,
}
