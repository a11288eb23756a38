//! Working days: weekends and the published bank holidays of the council's nation are not
//! working days, and a working day ends at a set local time (17:00 by default).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

/// The UK nations publish different bank holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    /// The name gov.uk uses for the division, and the file name under `config/bank-holidays/`.
    pub fn slug(self) -> &'static str {
        match self {
            Nation::EnglandAndWales => "england-and-wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }
}

/// A council's working calendar, in Europe/London time.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    holidays: BTreeSet<NaiveDate>,
    day_ends: NaiveTime,
    /// The first and last years the holiday list covers; outside them only weekends are known.
    covered_years: Option<(i32, i32)>,
}

impl WorkingCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, day_ends: NaiveTime) -> Self {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let covered_years = match (holidays.first(), holidays.last()) {
            (Some(a), Some(b)) => Some((a.year(), b.year())),
            _ => None,
        };
        WorkingCalendar {
            holidays,
            day_ends,
            covered_years,
        }
    }

    pub fn day_ends(&self) -> NaiveTime {
        self.day_ends
    }

    /// Whether the published bank holidays cover this date's year. Due dates beyond it are
    /// computed from weekends alone, so operators are warned to refresh the list.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.covered_years
            .is_some_and(|(first, last)| (first..=last).contains(&date.year()))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    pub fn next_working_day_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        loop {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                return d;
            }
        }
    }

    /// The working day a report counts from: the day it was made if that is a working day
    /// and the working day had not ended, otherwise the next working day.
    pub fn received_on(&self, submitted_at: DateTime<Utc>) -> NaiveDate {
        let local = submitted_at.with_timezone(&London);
        let date = local.date_naive();
        if self.is_working_day(date) && local.time() < self.day_ends {
            date
        } else {
            self.next_working_day_after(date)
        }
    }

    /// The date by which a report made at `submitted_at` should be dealt with, given a
    /// standard of `working_days`.
    pub fn due_date(&self, submitted_at: DateTime<Utc>, working_days: u16) -> NaiveDate {
        let mut d = self.received_on(submitted_at);
        for _ in 0..working_days {
            d = self.next_working_day_after(d);
        }
        d
    }

    /// The moment a case due on `due_date` becomes late: the end of that day in London.
    pub fn overdue_from(&self, due_date: NaiveDate) -> DateTime<Utc> {
        london_midnight(due_date + Days::new(1))
    }

    /// Working days from `from` (exclusive) to `to` (inclusive).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }
}

/// The moment a day begins in London.
pub fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_time(NaiveTime::MIN);
    // Clocks in London change at 01:00/02:00, so local midnight always exists once.
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn london(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        London
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn calendar() -> WorkingCalendar {
        // England and Wales, late 2026 and early 2027.
        WorkingCalendar::new(
            [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)],
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        )
    }

    #[test]
    fn a_report_on_a_tuesday_morning_counts_from_that_day() {
        // Tuesday 24 November 2026, 10:00, counts from that day; 8 working days on:
        // 25,26,27 (Wed–Fri), 30 Nov, 1,2,3,4 Dec.
        assert_eq!(calendar().due_date(london(2026, 11, 24, 10, 0), 8), date(2026, 12, 4));
    }

    #[test]
    fn a_report_after_five_pm_counts_from_the_next_working_day() {
        let c = calendar();
        assert_eq!(c.received_on(london(2026, 11, 24, 17, 0)), date(2026, 11, 25));
        assert_eq!(c.received_on(london(2026, 11, 24, 16, 59)), date(2026, 11, 24));
    }

    #[test]
    fn a_report_on_friday_evening_counts_from_monday() {
        assert_eq!(calendar().received_on(london(2026, 11, 27, 18, 30)), date(2026, 11, 30));
    }

    #[test]
    fn a_report_at_the_weekend_counts_from_monday() {
        assert_eq!(calendar().received_on(london(2026, 11, 28, 9, 0)), date(2026, 11, 30));
    }

    #[test]
    fn christmas_and_the_substitute_boxing_day_are_skipped() {
        // Thursday 24 Dec 2026 morning, 2 working days: not Fri 25, Sat, Sun, Mon 28 (substitute
        // Boxing Day) → Tue 29, Wed 30.
        assert_eq!(calendar().due_date(london(2026, 12, 24, 9, 0), 2), date(2026, 12, 30));
    }

    #[test]
    fn the_time_of_day_is_read_in_london_time_in_summer() {
        // 16:30 UTC in July is 17:30 BST: after the working day.
        let c = calendar();
        let t = Utc.with_ymd_and_hms(2027, 7, 6, 16, 30, 0).unwrap();
        assert_eq!(c.received_on(t), date(2027, 7, 7));
    }

    #[test]
    fn a_case_is_late_from_midnight_after_its_due_date_in_london() {
        let c = calendar();
        assert_eq!(
            c.overdue_from(date(2027, 7, 6)),
            Utc.with_ymd_and_hms(2027, 7, 6, 23, 0, 0).unwrap()
        );
        assert_eq!(
            c.overdue_from(date(2026, 12, 4)),
            Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn coverage_is_the_years_of_the_published_list() {
        let c = calendar();
        assert!(c.covers(date(2027, 6, 1)));
        assert!(!c.covers(date(2028, 1, 3)));
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2024-01-01 .. 2029-01-01
        (1_704_067_200i64..1_861_920_000i64).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #[test]
        fn the_due_date_is_always_a_working_day(t in any_instant(), n in 0u16..60) {
            prop_assert!(calendar().is_working_day(calendar().due_date(t, n)));
        }

        #[test]
        fn the_due_date_is_exactly_n_working_days_after_the_day_received(t in any_instant(), n in 0u16..60) {
            let c = calendar();
            let received = c.received_on(t);
            prop_assert!(c.is_working_day(received));
            prop_assert_eq!(c.working_days_between(received, c.due_date(t, n)), u32::from(n));
        }

        #[test]
        fn a_later_report_is_never_due_earlier(t in any_instant(), later_by in 0i64..1_000_000, n in 0u16..30) {
            let c = calendar();
            let later = t + chrono::Duration::seconds(later_by);
            prop_assert!(c.due_date(later, n) >= c.due_date(t, n));
        }

        #[test]
        fn a_longer_standard_is_never_due_earlier(t in any_instant(), n in 0u16..30) {
            let c = calendar();
            prop_assert!(c.due_date(t, n + 1) > c.due_date(t, n));
        }

        #[test]
        fn the_received_day_is_never_before_the_local_date_of_the_report(t in any_instant()) {
            let c = calendar();
            prop_assert!(c.received_on(t) >= t.with_timezone(&London).date_naive());
        }

        #[test]
        fn a_case_is_never_late_on_its_due_date(t in any_instant(), n in 0u16..30) {
            let c = calendar();
            let due = c.due_date(t, n);
            let late = c.overdue_from(due).with_timezone(&London);
            prop_assert_eq!(late.date_naive(), due + Days::new(1));
            prop_assert_eq!(late.time(), NaiveTime::MIN);
        }
    }
}
