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

/// [`long`] in English, for code not yet told its language.
pub fn long_date(d: NaiveDate) -> String {
    long(crate::copy::en(), d)
}

/// [`short`] in English, for code not yet told its language.
pub fn short_date(d: NaiveDate) -> String {
    short(crate::copy::en(), d)
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
        assert_eq!(long_date(d), "Friday 4 December 2026");
        assert_eq!(short_date(d), "4 December 2026");
        let sunday = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap_or_default();
        assert_eq!(long_date(sunday), "Sunday 31 January 2027");
    }
}
