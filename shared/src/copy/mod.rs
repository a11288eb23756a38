//! Every sentence wardline says to a person, per language, in one place. A language is a
//! [`Words`]: a struct every language fills in whole, so a missing translation does not
//! compile. Pages and emails take the words of the language they are in (`Lang::words`);
//! the domain holds codes (`Status`, `Problem`), never English.

mod cy;
mod en;

use crate::domain::Status;
use crate::domain::performance::{Period, Rag, Rating};
use crate::domain::report::Problem;

pub use crate::domain::Lang;

impl Lang {
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &en::WORDS,
            Lang::Cy => &cy::WORDS,
        }
    }

    /// What the language switch says (to a screen reader) of the link to this language,
    /// in this language: "Change the language to English", "Newid yr iaith i'r Gymraeg".
    pub fn switch_to(self) -> &'static str {
        match self {
            Lang::En => "Change the language to English",
            Lang::Cy => "Newid yr iaith i'r Gymraeg",
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
    pub portal: &'static PortalWords,
    pub performance: &'static PerformanceWords,
    pub open_data: &'static OpenDataWords,
    /// The message beside a field and in the error summary, written as an instruction.
    pub problems: fn(Problem) -> &'static str,
    /// How a status reads: "In progress".
    pub statuses: fn(Status) -> &'static str,
    pub api_sign_in_first: &'static str,
    pub api_councillors_only: &'static str,
    /// January first.
    pub months: [&'static str; 12],
    /// January first, as in "Oct–Dec".
    pub months_short: [&'static str; 12],
    /// Monday first.
    pub weekdays: [&'static str; 7],
    /// A date and a time of day: "24 November 2026 at 10:00".
    pub at_time: fn(&str, &str) -> String,
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
    pub photos_label: &'static str,
    pub photos_hint: &'static str,
    /// After a failed send: the photos are not kept, so they must be chosen again.
    pub photos_again: &'static str,
    /// While the page's script uploads them; `{n}` is how many.
    pub photos_uploading: &'static str,
    pub photos_ready: &'static str,
    pub photos_upload_failed: &'static str,
    pub emergency_warning: &'static str,
    pub category_legend: &'static str,
    pub description_label: &'static str,
    pub description_info: &'static str,
    pub description_hint: &'static str,
    pub location_legend: &'static str,
    pub location_hint: &'static str,
    pub address_label: &'static str,
    pub ward_label: &'static str,
    pub ward_hint: &'static str,
    pub ward_choose: &'static str,
    pub map_label: &'static str,
    /// The map's words, for the page's script (`{ward}` is the ward's name).
    pub map_hint: &'static str,
    pub map_remove_pin: &'static str,
    pub map_pin_in_ward: &'static str,
    pub map_pin_outside: &'static str,
    pub map_pin_placed: &'static str,
    pub map_pin_removed: &'static str,
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
    /// "Friday 4 December 2026", with this language's day and month names.
    pub fn long_date(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let weekday = self.weekdays[d.weekday().num_days_from_monday() as usize];
        format!("{weekday} {}", self.short_date(d))
    }

    /// A moment as people in the council read it, in London time: "24 November 2026 at
    /// 10:00".
    pub fn moment(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        let local = t.with_timezone(&chrono_tz::Europe::London);
        (self.at_time)(&self.short_date(local.date_naive()), &local.format("%H:%M").to_string())
    }

    /// "4 December 2026".
    pub fn short_date(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!("{} {} {}", d.day(), self.months[d.month0() as usize], d.year())
    }

    /// How a period reads: "Week of 23 November 2026", "November 2026", "2026/27 Q3
    /// (Oct–Dec)", "2026/27".
    pub fn period(&self, p: Period) -> String {
        use chrono::Datelike;
        let fy = |y: i32| format!("{y}/{:02}", (y + 1).rem_euclid(100));
        match p {
            Period::Week(monday) => (self.performance.week_of)(&self.short_date(monday)),
            Period::Month(first) => format!("{} {}", self.months[first.month0() as usize], first.year()),
            Period::Quarter { fy: y, q } => {
                let first = p.first_day();
                let last = crate::domain::performance::period::add_months(first, 2);
                (self.performance.quarter)(
                    &fy(y),
                    q,
                    self.months_short[first.month0() as usize],
                    self.months_short[last.month0() as usize],
                )
            }
            Period::Year { fy: y } => fy(y),
        }
    }

    /// A rating as text, never colour alone: "Red: 72%, below the 80% floor".
    pub fn rating(&self, r: &Rating) -> String {
        let w = self.performance;
        let percent = r.percent.map_or(0, |p| p.round() as i64);
        // n always shows: a rating means little without how many it rates.
        let rated = match r.rag {
            Rag::TooFew => return (w.too_few)(r.n),
            Rag::Green => (w.green)(percent, r.target.target),
            Rag::Amber => (w.amber)(percent, r.target.target),
            Rag::Red => (w.red)(percent, r.target.floor),
        };
        format!("{rated} (n = {})", r.n)
    }

    pub fn problem(&self, p: Problem) -> &'static str {
        (self.problems)(p)
    }

    pub fn status(&self, s: Status) -> &'static str {
        (self.statuses)(s)
    }
}

/// Names as a sentence says them: "A", "A and B", "A, B and C" (`and` with its spaces, in
/// the reader's language).
pub fn listed(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// English words: for operators' tools (the import's messages) and tests. Anything a
/// resident or a member of staff reads takes its language from the request or the case.
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
    pub digest_subject: Says1,
    pub digest_lead: Says1,
    pub digest_period: Says1,
    pub digest_ward_heading: Says1,
    pub digest_this_week: &'static str,
    pub reopened_staff_subject: Says2,
    pub reopened_staff_lead: Says1,
    pub reopened_escalation_lead: Says1,
    pub still_wrong: &'static str,
    pub ack_what: &'static str,
    pub ack_where: &'static str,
    pub ack_map_point: &'static str,
    pub ack_logged_by: Says1,
    pub ack_aim_within: fn(u16, &str) -> String,
    pub ack_shared: &'static str,
    pub ack_not_shared: &'static str,
    pub corrected_note: fn(&str, &str) -> String,
    pub digest_day_lead: Says1,
    pub digest_day_late_at_end: fn(i64) -> String,
    pub digest_week_so_far: &'static str,
    pub digest_day_went_late: &'static str,
    pub digest_day_none_late: &'static str,
    pub digest_day_followed: &'static str,
    pub digest_four_weeks: &'static str,
    pub digest_year: Says1,
    pub digest_col_period: &'static str,
    pub digest_col_new: &'static str,
    pub digest_col_completed: &'static str,
    pub digest_col_within: &'static str,
    pub digest_col_category: &'static str,
    pub digest_late_at_end: fn(i64) -> String,
    pub digest_by_category: &'static str,
    pub digest_chart_heading: &'static str,
    pub digest_chart_alt: Says1,
    pub digest_chart_week: fn(&str, i64, i64) -> String,
    pub digest_went_late: &'static str,
    pub digest_none_late: &'static str,
    pub digest_more: fn(usize) -> String,
    pub digest_followed: &'static str,
    pub digest_dashboard: &'static str,
    pub digest_map: &'static str,
    pub digest_settings: &'static str,
    pub digest_why: &'static str,
}

/// The frame of every page.
pub struct LayoutWords {
    pub skip_to_main: &'static str,
    pub menu: &'static str,
    pub check_a_report: &'static str,
    pub back: &'static str,
    pub support_links: &'static str,
    pub privacy: &'static str,
    pub how_we_are_doing: &'static str,
    pub open_data: &'static str,
    pub your_data: &'static str,
    pub powered_by: &'static str,
    /// The language switch's label, for screen readers.
    pub language_switch: &'static str,
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
    pub still_wrong_label: &'static str,
    pub still_wrong_hint: &'static str,
    pub still_wrong_missing: &'static str,
    pub still_wrong_too_long: &'static str,
    pub details_corrected: &'static str,
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

/// The officers' and councillors' portal. Fragments that sit beside a name or a value in a
/// sentence keep their own spaces.
pub struct PortalWords {
    pub weekly_title: &'static str,
    pub weekly_description: Says1,
    pub week: &'static str,
    pub reports: &'static str,
    pub show_the_data: &'static str,
    pub download_figures: &'static str,
    pub performance_nav: &'static str,
    pub performance_in: Says1,
    pub performance_lead: &'static str,
    pub previous_quarter: &'static str,
    pub next_quarter: &'static str,
    pub reports_received: &'static str,
    pub completed: &'static str,
    pub within_standard: &'static str,
    pub median_days: &'static str,
    pub working_days: fn(usize) -> String,
    pub none_completed: &'static str,
    pub satisfaction: &'static str,
    pub mean_rating: fn(f64, i64) -> String,
    pub no_ratings: &'static str,
    pub reopened_count: &'static str,
    pub by_category: &'static str,
    pub category_col: &'static str,
    pub compared_with: Says1,
    pub trend_better: &'static str,
    pub trend_worse: &'static str,
    pub trend_same: &'static str,
    pub trend_none: &'static str,
    pub nothing_this_period: &'static str,
    pub where_it_is: &'static str,
    pub resident_says: &'static str,
    pub correct_address: &'static str,
    pub correct_address_hint: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub correct_point: &'static str,
    pub correct_point_outside: &'static str,
    pub correct_address_too_long: &'static str,
    pub portal_name: &'static str,
    pub description_info: &'static str,
    pub reported_anonymously: &'static str,
    pub portal_case_not_found_title: &'static str,
    pub portal_case_not_found: &'static str,
    pub scheduled_for: &'static str,
    pub scheduled_for_hint: &'static str,
    pub scheduled_for_missing: &'static str,
    pub scheduled_for_format: &'static str,
    pub scheduled_for_past: &'static str,
    pub on_hold_needs_a_reason: &'static str,
    pub duplicate_of: &'static str,
    pub duplicate_of_hint: &'static str,
    pub duplicate_of_missing: &'static str,
    pub duplicate_of_format: &'static str,
    pub duplicate_of_itself: &'static str,
    pub duplicate_of_unknown: &'static str,
    pub scheduled_note: Says1,
    pub duplicate_note: Says1,
    pub duplicate_internal: Says1,
    pub correct_the_case: &'static str,
    pub correct_the_case_lead: &'static str,
    pub correct: &'static str,
    pub correct_nothing: &'static str,
    pub correct_unknown: &'static str,
    pub case_moved: fn(&str) -> String,
    pub corrected_to: fn(&str, &str) -> String,
    pub follow_without_consent: &'static str,
    pub find_a_case: &'static str,
    pub find: &'static str,
    pub find_title: &'static str,
    pub find_missing: &'static str,
    pub find_format: &'static str,
    pub status_or_note: &'static str,
    pub note_added: &'static str,
    pub note_to_resident_added: &'static str,
    pub settings_title: &'static str,
    pub settings_lead: &'static str,
    pub settings_nav: &'static str,
    pub settings_saved: &'static str,
    pub digest_question: &'static str,
    /// Where the council offers more than one language: the digest's.
    pub digest_language: &'static str,
    pub digest_weekly: &'static str,
    pub digest_weekly_hint: &'static str,
    pub digest_daily: &'static str,
    pub digest_daily_hint: &'static str,
    pub digest_never: &'static str,
    pub digest_never_hint: &'static str,
    pub late_question: &'static str,
    pub late_choice: &'static str,
    pub late_choice_hint: &'static str,
    pub save_settings: &'static str,
    pub choose_digest: &'static str,
    pub map_of: Says1,
    pub map_lead: &'static str,
    pub every_type_of_problem: &'static str,
    pub map_description: fn(usize, &str, &str) -> String,
    pub map_unplaced: fn(usize) -> String,
    pub map_cell: fn(usize, usize) -> String,
    pub map_legend: &'static str,
    pub map_class: fn(usize, usize) -> String,
    pub map_nothing: &'static str,
    pub map_cell_col: &'static str,
    pub map_centre_col: &'static str,
    pub figures_are_for: &'static str,
    pub figures_need_manager: &'static str,
    pub manager_pages: &'static str,
    pub your_team_queue: &'static str,
    pub figures_pages: &'static str,
    pub this_quarter_tab: &'static str,
    pub five_quarters_tab: &'static str,
    pub map_tab: &'static str,
    pub area: &'static str,
    pub area_council: Says1,
    pub area_team: Says1,
    pub area_ward: Says1,
    pub late_and_open: &'static str,
    pub late_and_open_on: Says1,
    pub oldest_open: &'static str,
    pub oldest_open_lead: &'static str,
    pub no_open_cases: &'static str,
    pub standards_in: Says1,
    pub standards_by_ward: &'static str,
    pub standards_by_team: &'static str,
    pub standards_lead: &'static str,
    pub mixed_rows_rated: fn(u8, u8) -> String,
    pub quarters_to: Says1,
    pub rows_label: &'static str,
    pub rows_category: &'static str,
    pub rows_ward: &'static str,
    pub rows_team: &'static str,
    pub nothing_in_quarters: &'static str,
    pub within_standard_by_quarter: &'static str,
    pub choose_ward: &'static str,
    pub show: &'static str,
    pub case_title: Says1,
    pub status_from_to: Says2,
    pub rated: fn(u8) -> String,
    pub already_status: Says1,
    pub select_a_different_status: &'static str,
    pub log_capacity_missing: &'static str,
    /// Where the council offers more than one language: which to write to a constituent in.
    pub constituent_language: &'static str,
    pub sign_in_expired_title: &'static str,
    pub sign_in_expired: &'static str,
    pub reported_to_before_from: &'static str,
    pub not_a_date: Says1,
    pub for_a_constituent: &'static str,
    pub as_a_resident_myself: &'static str,
    pub officer_named: Says1,
    /// An Open311 client no longer in the configuration, by its id.
    pub client_named: Says1,
    pub councillor_named: Says1,
    pub pages: &'static str,
    pub councillor_pages: &'static str,
    pub too_many_links_wait: &'static str,
    pub cases_in: Says1,
    pub no_ward_configured: &'static str,
    pub select_a_status: &'static str,
    pub select_a_status_from_the: &'static str,
    pub note_must_be_2000_characters: &'static str,
    pub you_cannot_follow_this_case: &'static str,
    pub you_can_follow_a_case: &'static str,
    pub back_to_the_case: &'static str,
    pub this_case_belongs_to_another: &'static str,
    pub you_can_open_and_update: &'static str,
    pub go_to_your_teams_queue: &'static str,
    pub this_page_is_for_council: &'static str,
    pub signed_in_as_councillor: &'static str,
    pub go_to_your_portal_home: &'static str,
    pub this_page_is_for_councillors: &'static str,
    pub signed_in_as_officer: &'static str,
    pub follow_this_case: &'static str,
    pub stop_following: &'static str,
    pub status: &'static str,
    pub late: &'static str,
    pub type_of_problem: &'static str,
    pub ward: &'static str,
    pub reported: &'static str,
    pub expected_by: &'static str,
    pub personal_details: &'static str,
    pub removed: &'static str,
    pub you_logged_it_for_a: &'static str,
    pub you_reported_it_as_a: &'static str,
    pub the_resident_agreed_to_share: &'static str,
    pub history: &'static str,
    pub what_happened_and_what_the: &'static str,
    pub roughly_where: &'static str,
    pub within_about_100_metres_of: &'static str,
    pub the_resident_has_not_agreed: &'static str,
    pub history_of_its_status: &'static str,
    pub description: &'static str,
    pub location: &'static str,
    pub pin_at: &'static str,
    pub reported_by: &'static str,
    pub no_contact_details: &'static str,
    pub reported_web_form: &'static str,
    pub reported_api: &'static str,
    pub reported_open311: &'static str,
    pub imported: &'static str,
    pub previous_reference: &'static str,
    pub photos_heading: &'static str,
    /// A photo's number, for its alternative text.
    pub photo_alt: Says1,
    pub logged_by_a_councillor: &'static str,
    pub passed_its_expected_date_resident: &'static str,
    pub reopened_by_the_resident_not: &'static str,
    pub personal_details_erased: &'static str,
    pub history_newest_first: &'static str,
    pub when: &'static str,
    pub who: &'static str,
    pub what: &'static str,
    pub to_the_resident: &'static str,
    pub ask_for_a_new_signin: &'static str,
    pub personal_details_erased_at_the: &'static str,
    pub personal_details_removed_retention_period: &'static str,
    pub note: &'static str,
    pub who_has_seen_the_personal: &'static str,
    pub nobody_has_been_shown_this: &'static str,
    pub access_audit_newest_first: &'static str,
    pub how: &'static str,
    pub officer: &'static str,
    pub councillor: &'static str,
    pub no_longer_in_the_configuration: &'static str,
    pub case_page: &'static str,
    pub case_data_json: &'static str,
    pub photo_opened: &'static str,
    pub email: &'static str,
    pub back_to_the_queue: &'static str,
    pub success: &'static str,
    pub status_updated: &'static str,
    pub the_resident_will_be_emailed: &'static str,
    pub there_is_a_problem: &'static str,
    pub someone_else_changed_this_case: &'static str,
    pub warning: &'static str,
    pub the_residents_details_were_erased: &'static str,
    pub the_description_and_location_are: &'static str,
    pub team: &'static str,
    pub anonymous: &'static str,
    pub update_the_status: &'static str,
    pub new_status: &'static str,
    pub putting_a_case_on_hold: &'static str,
    pub choose_a_status: &'static str,
    pub note_for_the_resident_optional: &'static str,
    pub sent_to_the_resident_with: &'static str,
    pub the_residents_details_were_erased_2: &'static str,
    pub the_resident_reported_anonymously_so: &'static str,
    pub internal_note_optional: &'static str,
    pub only_council_officers_see_this: &'static str,
    pub update_status: &'static str,
    pub constituents_full_name: &'static str,
    pub we_email_them_the_reference: &'static str,
    pub constituents_email_address: &'static str,
    pub constituents_telephone_number_optional: &'static str,
    pub the_case_holds_their_details: &'static str,
    pub you_are_the_reporter_we: &'static str,
    pub log_a_case: &'static str,
    pub who_is_reporting_it: &'static str,
    pub what_is_the_problem: &'static str,
    pub describe_the_problem: &'static str,
    pub a_street_and_a_landmark: &'static str,
    pub where_is_it: &'static str,
    pub choose_a_ward: &'static str,
    pub log_the_case: &'static str,
    pub resident: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub queue: &'static str,
    pub open_cases_the_one_due: &'static str,
    pub your_team: &'static str,
    pub any_open_status: &'static str,
    pub any: &'static str,
    pub any_ward: &'static str,
    pub apply_filters: &'static str,
    pub no_open_cases_match_these: &'static str,
    pub there_are_no_open_cases: &'static str,
    pub closed_cases_the_most_recent: &'static str,
    pub any_fixed_or_closed_status: &'static str,
    pub no_closed_cases_match_these: &'static str,
    pub there_are_no_closed_cases: &'static str,
    pub closed_on: &'static str,
    pub mail_undelivered: &'static str,
    pub mail_complaint: &'static str,
    pub reference: &'static str,
    pub first_page: &'static str,
    pub next_page: &'static str,
    pub sign_in: &'static str,
    pub you_have_signed_out: &'static str,
    pub for_council_officers_and_councillors: &'static str,
    pub your_council_email_address: &'static str,
    pub email_address: &'static str,
    pub email_me_a_signin_link: &'static str,
    pub residents_do_not_need_to: &'static str,
    pub report_a_problem: &'static str,
    pub w_or: &'static str,
    pub check_a_report: &'static str,
    pub check_your_email: &'static str,
    pub w_if: &'static str,
    pub belongs_to_a_council_officer: &'static str,
    pub the_link_works_once_for: &'static str,
    pub minutes: &'static str,
    pub no_email_check_your_junk: &'static str,
    pub ask_for_another_link: &'static str,
    pub too_many_signin_links: &'static str,
    pub use_the_most_recent_link: &'static str,
    pub sign_in_to: &'static str,
    pub my_ward: &'static str,
    pub cases_i_follow: &'static str,
    pub every_case_reported_in_the: &'static str,
    pub any_status: &'static str,
    pub reported_from: &'static str,
    pub reported_to: &'static str,
    pub no_cases_match_these_filters: &'static str,
    pub no_cases_have_been_reported: &'static str,
    pub yet: &'static str,
    pub download_these_cases_csv: &'static str,
    pub the_cases_you_logged_and: &'static str,
    pub there_are_no_more_cases: &'static str,
    pub you_do_not_follow_any: &'static str,
    pub you_have_no_ward: &'static str,
    pub see_the_cases_you_follow: &'static str,
}

/// Performance against the standards: periods and ratings.
pub struct PerformanceWords {
    pub week_of: Says1,
    pub public_title: &'static str,
    pub public_lead: &'static str,
    pub public_suppressed: SaysN,
    pub public_caption: &'static str,
    pub public_category: &'static str,
    pub public_standard: fn(u16) -> String,
    pub public_too_few: &'static str,
    /// Financial year ("2026/27"), quarter number, its first and last months.
    pub quarter: fn(&str, u8, &str, &str) -> String,
    pub green: fn(i64, u8) -> String,
    pub amber: fn(i64, u8) -> String,
    pub red: fn(i64, u8) -> String,
    pub too_few: fn(i64) -> String,
}

/// The open data page.
pub struct OpenDataWords {
    pub title: &'static str,
    pub lead: &'static str,
    pub whats_in_title: &'static str,
    pub whats_in: &'static str,
    pub left_out_title: &'static str,
    pub left_out: &'static str,
    /// The types of problem whose location is never published, listed.
    pub no_location: Says1,
    pub small_numbers_title: &'static str,
    /// Counts under `n` are shown as `[c]`, and so are the number and share in time of
    /// fewer than `n` completed.
    pub small_numbers: SaysN,
    pub licence: &'static str,
    pub cases_caption: &'static str,
    pub summary_caption: &'static str,
    pub month: &'static str,
    pub quarter: &'static str,
    pub download: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_as_a_sentence_says_them() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(listed(&names(&[]), " and "), "");
        assert_eq!(listed(&names(&["Cllr A"]), " and "), "Cllr A");
        assert_eq!(listed(&names(&["Cllr A", "Cllr B"]), " and "), "Cllr A and Cllr B");
        assert_eq!(
            listed(&names(&["Cllr A", "Cllr B", "Cllr C"]), " and "),
            "Cllr A, Cllr B and Cllr C"
        );
    }
    use crate::domain::performance::{Tally, Target, rate};

    #[test]
    fn a_rating_reads_as_words_with_its_figure_never_as_a_colour_alone() {
        let words = en();
        let rated = |completed, within| {
            words.rating(&rate(
                &Tally {
                    completed,
                    within_standard: within,
                    ..Tally::default()
                },
                Target::default(),
            ))
        };
        assert_eq!(rated(25, 18), "Red: 72%, below the 80% floor (n = 25)");
        assert_eq!(rated(20, 17), "Amber: 85%, below the 90% target (n = 20)");
        assert_eq!(rated(10, 10), "Green: 100%, at or above the 90% target (n = 10)");
        assert_eq!(rated(7, 7), "Too few to rate (n = 7)");
    }
}
