//! The periods figures are reported for — ISO week, calendar month, UK financial quarter
//! (Q1 = April–June) and financial year — and the buckets figures are kept in.
//!
//! A bucket is a day that starts a run of days in one ISO week *and* one month: the Monday,
//! or the 1st of the month when a week crosses into a new month. Every bucket lies wholly
//! inside one week, one month, one quarter and one year, so each of them is an exact sum of
//! buckets: a month has 4 to 6, a quarter 13 to 16, a year 52 to 64.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A span of days people report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// An ISO week: its Monday.
    Week(NaiveDate),
    /// A calendar month: its first day.
    Month(NaiveDate),
    /// A UK financial quarter: the year the financial year starts in, and 1–4.
    Quarter { fy: i32, q: u8 },
    /// A UK financial year, April to March: the year it starts in.
    Year { fy: i32 },
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    date(d.year(), d.month(), 1)
}

/// The months after `d`'s month (negative: before), at their 1st.
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let index = d.year() * 12 + d.month0() as i32 + months;
    date(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
}

/// The financial year a date falls in: 2026/27 for any day from 1 April 2026 to 31 March 2027.
pub fn financial_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

impl Period {
    pub fn week_of(d: NaiveDate) -> Period {
        Period::Week(d - Days::new(u64::from(d.weekday().num_days_from_monday())))
    }

    pub fn month_of(d: NaiveDate) -> Period {
        Period::Month(first_of_month(d))
    }

    pub fn quarter_of(d: NaiveDate) -> Period {
        let months_into_year = (d.month() + 12 - 4) % 12;
        Period::Quarter {
            fy: financial_year(d),
            q: (months_into_year / 3 + 1) as u8,
        }
    }

    pub fn year_of(d: NaiveDate) -> Period {
        Period::Year { fy: financial_year(d) }
    }

    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Week(monday) => monday,
            Period::Month(first) => first,
            Period::Quarter { fy, q } => add_months(date(fy, 4, 1), 3 * (i32::from(q) - 1)),
            Period::Year { fy } => date(fy, 4, 1),
        }
    }

    /// The day after the period ends.
    pub fn end(self) -> NaiveDate {
        match self {
            Period::Week(monday) => monday + Days::new(7),
            Period::Month(first) => add_months(first, 1),
            Period::Quarter { .. } => add_months(self.first_day(), 3),
            Period::Year { fy } => date(fy + 1, 4, 1),
        }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.first_day() <= d && d < self.end()
    }

    /// The period before this one, of the same kind.
    pub fn previous(self) -> Period {
        match self {
            Period::Week(monday) => Period::Week(monday - Days::new(7)),
            Period::Month(first) => Period::Month(add_months(first, -1)),
            Period::Quarter { fy, q: 1 } => Period::Quarter { fy: fy - 1, q: 4 },
            Period::Quarter { fy, q } => Period::Quarter { fy, q: q - 1 },
            Period::Year { fy } => Period::Year { fy: fy - 1 },
        }
    }

    /// The period after this one, of the same kind.
    pub fn next(self) -> Period {
        match self {
            Period::Week(monday) => Period::Week(monday + Days::new(7)),
            Period::Month(first) => Period::Month(add_months(first, 1)),
            Period::Quarter { fy, q: 4 } => Period::Quarter { fy: fy + 1, q: 1 },
            Period::Quarter { fy, q } => Period::Quarter { fy, q: q + 1 },
            Period::Year { fy } => Period::Year { fy: fy + 1 },
        }
    }

    /// The same period a year earlier (for a week, the week containing the same date).
    pub fn year_before(self) -> Period {
        match self {
            Period::Week(monday) => Period::week_of(monday.with_year(monday.year() - 1).unwrap_or(monday)),
            Period::Month(first) => Period::Month(add_months(first, -12)),
            Period::Quarter { fy, q } => Period::Quarter { fy: fy - 1, q },
            Period::Year { fy } => Period::Year { fy: fy - 1 },
        }
    }

    /// The buckets the period is made of, oldest first.
    pub fn buckets(self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = bucket_of(self.first_day());
        while d < self.end() {
            out.push(d);
            d = next_bucket(d);
        }
        out
    }
}

/// Where each scope and category keeps its running totals, as if it were a bucket: a key
/// after every real one, so a range of real buckets never includes it. Its `late[0]` is the
/// number of open cases ([`super::backlog_at`] reads it).
pub const RUNNING: NaiveDate = match NaiveDate::from_ymd_opt(9999, 1, 1) {
    Some(d) => d,
    None => panic!("a fixed, valid date"),
};

/// An end for a read that takes every bucket and the running totals.
pub const PAST_RUNNING: NaiveDate = match NaiveDate::from_ymd_opt(9999, 1, 2) {
    Some(d) => d,
    None => panic!("a fixed, valid date"),
};

/// The bucket a day's figures are kept in: the later of its week's Monday and its month's 1st.
pub fn bucket_of(d: NaiveDate) -> NaiveDate {
    let Period::Week(monday) = Period::week_of(d) else {
        return d;
    };
    monday.max(first_of_month(d))
}

/// The bucket after `bucket`.
pub fn next_bucket(bucket: NaiveDate) -> NaiveDate {
    let mut d = bucket + Days::new(1);
    while d.weekday() != Weekday::Mon && d.day() != 1 {
        d = d + Days::new(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day)
    }

    #[test]
    fn financial_quarters_run_april_to_march_and_read_as_councils_write_them() {
        let words = crate::copy::en();
        let q = Period::quarter_of(d(2026, 11, 30));
        assert_eq!(q, Period::Quarter { fy: 2026, q: 3 });
        assert_eq!(words.period(q), "2026/27 Q3 (Oct–Dec)");
        assert_eq!((q.first_day(), q.end()), (d(2026, 10, 1), d(2027, 1, 1)));
        let q4 = Period::quarter_of(d(2027, 2, 14));
        assert_eq!(words.period(q4), "2026/27 Q4 (Jan–Mar)");
        assert_eq!(words.period(Period::quarter_of(d(2027, 4, 1))), "2027/28 Q1 (Apr–Jun)");
        assert_eq!(Period::Quarter { fy: 2027, q: 1 }.previous(), q4);
        assert_eq!(q.year_before(), Period::Quarter { fy: 2025, q: 3 });
        assert_eq!(q4.next(), Period::Quarter { fy: 2027, q: 1 });
        assert_eq!(q.next().previous(), q);
        assert_eq!(words.period(Period::year_of(d(2027, 3, 31))), "2026/27");
        assert_eq!(words.period(Period::year_of(d(2099, 4, 1))), "2099/00");
        assert_eq!(words.period(Period::month_of(d(2026, 11, 30))), "November 2026");
        assert_eq!(
            words.period(Period::week_of(d(2026, 11, 29))),
            "Week of 23 November 2026"
        );
    }

    #[test]
    fn a_week_that_crosses_a_month_is_two_buckets() {
        // Monday 28 September 2026 to Sunday 4 October 2026.
        let week = Period::week_of(d(2026, 10, 2));
        assert_eq!(week.buckets(), vec![d(2026, 9, 28), d(2026, 10, 1)]);
        assert_eq!(bucket_of(d(2026, 10, 4)), d(2026, 10, 1));
        assert_eq!(bucket_of(d(2026, 9, 30)), d(2026, 9, 28));
    }

    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (0i64..20_000).prop_map(|n| d(2000, 1, 1) + chrono::Duration::days(n))
    }

    proptest! {
        /// Every day is in exactly one bucket of each period that contains it, and every
        /// kind of period is an exact union of whole buckets.
        #[test]
        fn periods_are_exact_unions_of_buckets(day in any_day()) {
            let bucket = bucket_of(day);
            prop_assert!(bucket <= day && day < next_bucket(bucket));
            for period in [Period::week_of(day), Period::month_of(day), Period::quarter_of(day), Period::year_of(day)] {
                prop_assert!(period.contains(day));
                let buckets = period.buckets();
                prop_assert_eq!(buckets.iter().filter(|b| **b == bucket).count(), 1);
                prop_assert_eq!(buckets[0], period.first_day());
                prop_assert!(next_bucket(*buckets.last().unwrap_or(&bucket)) == period.end());
                prop_assert!(period.previous().end() == period.first_day());
            }
        }
    }
}
