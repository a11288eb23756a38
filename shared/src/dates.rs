//! Dates as people read them, in the language they read: "Friday 4 December 2026" in
//! sentences and "4 December 2026" in tables. Day and month names come from the language's
//! words, never from chrono's English ones.

use chrono::{DateTime, NaiveDate, Utc};

use crate::copy::Words;

/// "Friday 4 December 2026".
pub fn long(words: &Words, d: NaiveDate) -> String {
    words.long_date(d)
}

/// "4 December 2026".
pub fn short(words: &Words, d: NaiveDate) -> String {
    words.short_date(d)
}

/// The day a moment falls on in the council's time zone (Europe/London).
pub fn london_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&chrono_tz::Europe::London).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let en = crate::copy::Lang::En.words();
        let long_date = |d| long(en, d);
        assert_eq!(long_date(d), "Friday 4 December 2026");
        assert_eq!(short(en, d), "4 December 2026");
        let sunday = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap_or_default();
        assert_eq!(long_date(sunday), "Sunday 31 January 2027");
    }

    #[test]
    fn welsh_dates_have_welsh_day_and_month_names() {
        let cy = crate::copy::Lang::Cy.words();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(long(cy, d(2026, 12, 14)), "dydd Llun 14 Rhagfyr 2026");
        assert_eq!(short(cy, d(2027, 2, 3)), "3 Chwefror 2027");
        assert_eq!(long(cy, d(2027, 1, 31)), "dydd Sul 31 Ionawr 2027");
        let summer = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 7, 1, 9, 30, 0).unwrap();
        assert_eq!(cy.moment(summer), "1 Gorffennaf 2026 am 10:30", "London time");
        assert_eq!(crate::copy::Lang::En.words().moment(summer), "1 July 2026 at 10:30");
        assert_eq!(
            cy.period(crate::domain::performance::Period::quarter_of(d(2026, 11, 30))),
            "2026/27 Ch3 (Hyd–Rhag)"
        );
    }
}
