//! Performance against the service standards: one definition, used by every page, export
//! and email that shows figures.
//!
//! - **New**: cases submitted in the period.
//! - **Completed**: cases whose completion (their move to a closed status: fixed, closed,
//!   duplicate, not the council's responsibility, no further action) falls in the period. A
//!   case reopened and completed again counts once, at its latest completion.
//! - **Within standard**: completed on or before `expected_by`, the working-day date stored at
//!   intake (the London date of completion is compared).
//! - **Days to complete**: working days from the day the report counted from to the day it
//!   was completed; the median is read from a histogram.
//! - **Reopened**: times a closed case was opened again in the period.
//! - **Satisfaction**: ratings given in the period, their sum and number.
//! - **Backlog** (late): open cases past their standard at the end of a day — open at the
//!   day's end, and the day after `expected_by` or later. Kept as its changes (a case joins
//!   the day after its standard, or the day it is reopened if that is later; it leaves the
//!   day it is completed), and as a running total of open cases (every open case has joined,
//!   or will join, once more than it has left), so the backlog at the end of a day is the
//!   running total less the changes after that day ([`backlog_at`]): a read of the buckets
//!   from that day on, however long the council's history.
//!
//! Figures are kept per bucket ([`period::bucket_of`]) in a [`Tally`]; a period's figures are
//! the sum of its buckets'. [`changes`] says how one change to a case moves the tallies, and
//! [`recount`] computes them from the cases themselves: a property test holds the two equal.

pub mod period;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;

use super::calendar::WorkingCalendar;
use super::case::{Case, CaseEvent, CaseEventKind};
pub use super::category::Target;
pub use period::{PAST_RUNNING, Period, RUNNING, bucket_of};

/// Days-to-complete histogram: 0, 1, … up to this many working days, the last slot holding
/// everything longer.
pub const DAYS_SLOTS: usize = 61;

/// The most days a bucket has (a week; the 1st of a month cuts some short).
pub const BUCKET_DAYS: usize = 7;

/// Counts for one bucket (and one scope: a ward, a team, the council; and one category).
/// Every field adds up across buckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub new: i64,
    pub completed: i64,
    pub within_standard: i64,
    pub reopened: i64,
    pub rating_sum: i64,
    pub ratings: i64,
    pub days: [i64; DAYS_SLOTS],
    /// Change in the backlog at the end of each day of the bucket (`late[0]` its first day).
    pub late: [i64; BUCKET_DAYS],
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            new: 0,
            completed: 0,
            within_standard: 0,
            reopened: 0,
            rating_sum: 0,
            ratings: 0,
            days: [0; DAYS_SLOTS],
            late: [0; BUCKET_DAYS],
        }
    }
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.new += other.new;
        self.completed += other.completed;
        self.within_standard += other.within_standard;
        self.reopened += other.reopened;
        self.rating_sum += other.rating_sum;
        self.ratings += other.ratings;
        for (a, b) in self.days.iter_mut().zip(other.days) {
            *a += b;
        }
        for (a, b) in self.late.iter_mut().zip(other.late) {
            *a += b;
        }
    }

    /// The same amounts taken away.
    pub fn negated(&self) -> Tally {
        let mut out = self.clone();
        for n in [
            &mut out.new,
            &mut out.completed,
            &mut out.within_standard,
            &mut out.reopened,
            &mut out.rating_sum,
            &mut out.ratings,
        ] {
            *n = -*n;
        }
        for n in out.days.iter_mut().chain(out.late.iter_mut()) {
            *n = -*n;
        }
        out
    }

    pub fn is_zero(&self) -> bool {
        *self == Tally::default()
    }

    /// The median working days to complete, if anything was completed (the lower middle
    /// of an even count).
    pub fn median_days(&self) -> Option<usize> {
        let total: i64 = self.days.iter().sum();
        if total <= 0 {
            return None;
        }
        let middle = (total + 1) / 2;
        let mut seen = 0;
        self.days.iter().position(|n| {
            seen += n;
            seen >= middle
        })
    }

    /// Mean rating out of 5, if any were given.
    pub fn mean_rating(&self) -> Option<f64> {
        (self.ratings > 0).then(|| self.rating_sum as f64 / self.ratings as f64)
    }
}

fn london_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&London).date_naive()
}

/// The open cases past their standard at the end of `day`: the running total less every
/// change after that day. `rows` must hold the [`RUNNING`] totals and every bucket from
/// `day`'s on; buckets before it are ignored.
pub fn backlog_at<'a>(rows: impl IntoIterator<Item = (NaiveDate, &'a Tally)>, day: NaiveDate) -> i64 {
    let own = bucket_of(day);
    let last = usize::try_from((day - own).num_days()).unwrap_or(0);
    let (mut open, mut after) = (0, 0);
    for (bucket, t) in rows {
        if bucket == RUNNING {
            open += t.late[0];
            continue;
        }
        after += match bucket.cmp(&own) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Equal => t.late.iter().skip(last + 1).sum(),
            std::cmp::Ordering::Greater => t.late.iter().sum(),
        };
    }
    open - after
}

/// A change of `sign` to the backlog at the end of `day`, and to the running total of open
/// cases.
fn late(day: NaiveDate, sign: i64) -> [(NaiveDate, Tally); 2] {
    let bucket = bucket_of(day);
    let mut t = Tally::default();
    let offset = usize::try_from((day - bucket).num_days()).unwrap_or(0);
    t.late[offset.min(BUCKET_DAYS - 1)] = sign;
    let mut running = Tally::default();
    running.late[0] = sign;
    [(bucket, t), (RUNNING, running)]
}

/// The first day a case open on `day` is in the backlog: that day, or the day after its
/// standard if that is later.
fn late_from(case: &Case, day: NaiveDate) -> NaiveDate {
    day.max(case.expected_by + chrono::Days::new(1))
}

/// A completion's contribution: completed, within standard or not, and its days.
fn completion(case: &Case, at: DateTime<Utc>, calendar: &WorkingCalendar, sign: i64) -> (NaiveDate, Tally) {
    let day = london_date(at);
    let days = calendar.working_days_between(calendar.received_on(case.submitted_at), day) as usize;
    let mut t = Tally {
        completed: sign,
        within_standard: if day <= case.expected_by { sign } else { 0 },
        ..Tally::default()
    };
    t.days[days.min(DAYS_SLOTS - 1)] = sign;
    (bucket_of(day), t)
}

/// How one change moves the tallies of the case's scopes: `before` is the case as it was
/// (`None` for a submission), `after` as the change leaves it, `event` the event recorded.
/// Each entry is a bucket and the amounts to add there (negative to take away); no bucket
/// appears twice (a store may write each bucket's item once per transaction).
pub fn changes(
    before: Option<&Case>,
    after: &Case,
    event: &CaseEvent,
    calendar: &WorkingCalendar,
) -> Vec<(NaiveDate, Tally)> {
    let mut merged: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    for (bucket, tally) in moves(before, after, event, calendar) {
        merged.entry(bucket).or_default().add(&tally);
    }
    merged.into_iter().filter(|(_, t)| !t.is_zero()).collect()
}

fn moves(
    before: Option<&Case>,
    after: &Case,
    event: &CaseEvent,
    calendar: &WorkingCalendar,
) -> Vec<(NaiveDate, Tally)> {
    let mut out = Vec::new();
    let at = event.at;
    match (before, &event.kind) {
        (None, _) => {
            let day = london_date(after.submitted_at);
            out.push((
                bucket_of(day),
                Tally {
                    new: 1,
                    ..Tally::default()
                },
            ));
            out.extend(late(late_from(after, day), 1));
        }
        (Some(_), CaseEventKind::Feedback { rating }) => out.push((
            bucket_of(london_date(at)),
            Tally {
                rating_sum: i64::from(*rating),
                ratings: 1,
                ..Tally::default()
            },
        )),
        (Some(b), _) => {
            let was_open = b.status.is_open();
            let is_open = after.status.is_open();
            if was_open && !is_open {
                if let Some(closed_at) = after.closed_at {
                    out.push(completion(after, closed_at, calendar, 1));
                }
                out.extend(late(late_from(after, london_date(at)), -1));
            } else if !was_open && is_open {
                out.extend(late(late_from(after, london_date(at)), 1));
                // The earlier completion no longer stands; the case counts when it is
                // completed again.
                if let Some(closed_at) = b.closed_at {
                    out.push(completion(b, closed_at, calendar, -1));
                }
                out.push((
                    bucket_of(london_date(at)),
                    Tally {
                        reopened: 1,
                        ..Tally::default()
                    },
                ));
            }
        }
    }
    out
}

/// The tallies per bucket computed from cases and their histories: what [`changes`] must
/// add up to, and what `wardline stats rebuild` writes.
pub fn recount<'a>(
    cases: impl IntoIterator<Item = (&'a Case, &'a [CaseEvent])>,
    calendar: &WorkingCalendar,
) -> BTreeMap<NaiveDate, Tally> {
    let mut out: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    fn add(out: &mut BTreeMap<NaiveDate, Tally>, (bucket, t): (NaiveDate, Tally)) {
        out.entry(bucket).or_default().add(&t);
    }
    fn add_late(out: &mut BTreeMap<NaiveDate, Tally>, entries: [(NaiveDate, Tally); 2]) {
        for entry in entries {
            add(out, entry);
        }
    }
    for (case, history) in cases {
        let submitted = london_date(case.submitted_at);
        out.entry(bucket_of(submitted)).or_default().new += 1;
        add_late(&mut out, late(late_from(case, submitted), 1));
        if let (false, Some(closed_at)) = (case.status.is_open(), case.closed_at) {
            add(&mut out, completion(case, closed_at, calendar, 1));
        }
        let mut open = true;
        for e in history {
            let day = london_date(e.at);
            let bucket = bucket_of(day);
            let now_open = match e.kind {
                CaseEventKind::Feedback { rating } => {
                    let t = out.entry(bucket).or_default();
                    t.rating_sum += i64::from(rating);
                    t.ratings += 1;
                    open
                }
                CaseEventKind::StatusChanged { to, .. } => {
                    if !open && to.is_open() {
                        out.entry(bucket).or_default().reopened += 1;
                    }
                    to.is_open()
                }
                CaseEventKind::Reopened => {
                    out.entry(bucket).or_default().reopened += 1;
                    true
                }
                CaseEventKind::Submitted { .. }
                | CaseEventKind::BreachNotified
                | CaseEventKind::Noted
                | CaseEventKind::Corrected { .. }
                | CaseEventKind::MailUndelivered { .. }
                | CaseEventKind::Erased { .. } => open,
            };
            // Into the backlog (if past the standard) when opened again, out when completed.
            match (open, now_open) {
                (true, false) => add_late(&mut out, late(late_from(case, day), -1)),
                (false, true) => add_late(&mut out, late(late_from(case, day), 1)),
                _ => {}
            }
            open = now_open;
        }
    }
    out.retain(|_, t| !t.is_zero());
    out
}

/// Fewer completed cases than this are too few to rate.
pub const MIN_RATED: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rag {
    Green,
    Amber,
    Red,
    /// Fewer than [`MIN_RATED`] completed.
    TooFew,
}

/// Performance against the standard for some completed cases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rating {
    pub rag: Rag,
    /// Completed within standard, as a percentage of completed; `None` if none completed.
    pub percent: Option<f64>,
    pub within: i64,
    pub n: i64,
    pub target: Target,
}

pub fn rate(tally: &Tally, target: Target) -> Rating {
    let n = tally.completed;
    let percent = (n > 0).then(|| 100.0 * tally.within_standard as f64 / n as f64);
    let rag = match percent {
        _ if n < MIN_RATED => Rag::TooFew,
        Some(p) if p >= f64::from(target.target) => Rag::Green,
        Some(p) if p >= f64::from(target.floor) => Rag::Amber,
        _ => Rag::Red,
    };
    Rating {
        rag,
        percent,
        within: tally.within_standard,
        n,
        target,
    }
}

/// Which way a rating moved against an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Same,
    /// One of the two is too few to rate.
    NoComparison,
}

/// A move of under one percentage point is "the same".
pub fn trend(now: &Rating, then: &Rating) -> Trend {
    match (now.rag, then.rag, now.percent, then.percent) {
        (Rag::TooFew, _, _, _) | (_, Rag::TooFew, _, _) => Trend::NoComparison,
        (_, _, Some(a), Some(b)) if a - b >= 1.0 => Trend::Better,
        (_, _, Some(a), Some(b)) if b - a >= 1.0 => Trend::Worse,
        (_, _, Some(_), Some(_)) => Trend::Same,
        _ => Trend::NoComparison,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::case::{Actor, Channel};
    use crate::domain::redaction::fixtures;
    use crate::domain::status::Status;
    use chrono::{Duration, NaiveTime, TimeZone};
    use proptest::prelude::*;

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::new([], NaiveTime::from_hms_opt(17, 0, 0).unwrap())
    }

    fn tally(completed: i64, within: i64) -> Tally {
        Tally {
            completed,
            within_standard: within,
            ..Tally::default()
        }
    }

    #[test]
    fn rag_is_green_at_the_target_amber_to_the_floor_and_red_below_it_with_ten_or_more() {
        let t = Target::default();
        assert_eq!(rate(&tally(10, 9), t).rag, Rag::Green);
        assert_eq!(rate(&tally(10, 8), t).rag, Rag::Amber);
        assert_eq!(rate(&tally(10, 7), t).rag, Rag::Red);
        assert_eq!(rate(&tally(9, 9), t).rag, Rag::TooFew);
        assert_eq!(rate(&tally(0, 0), t).percent, None);
        let strict = Target { target: 95, floor: 95 };
        assert_eq!(rate(&tally(20, 18), strict).rag, Rag::Red);
    }

    #[test]
    fn trends_need_two_ratings_and_a_point_to_move() {
        let t = Target::default();
        let r = |c, w| rate(&tally(c, w), t);
        assert_eq!(trend(&r(20, 19), &r(20, 16)), Trend::Better);
        assert_eq!(trend(&r(20, 16), &r(20, 19)), Trend::Worse);
        assert_eq!(trend(&r(100, 90), &r(200, 181)), Trend::Same);
        assert_eq!(trend(&r(5, 5), &r(20, 10)), Trend::NoComparison);
    }

    #[test]
    fn a_completion_undone_in_the_same_bucket_is_one_entry() {
        let cal = calendar();
        let mut case = fixtures::case(1, "riverside");
        case.status = Status::Open;
        case.closed_at = None;
        case.submitted_at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let fixed = case
            .with_status(Status::Fixed, case.submitted_at + Duration::hours(1))
            .unwrap();
        let at = case.submitted_at + Duration::hours(5);
        let reopened = fixed.reopened(at).unwrap();
        let event = CaseEvent::new(at, Actor::Resident, CaseEventKind::Reopened);
        let moved = changes(Some(&fixed), &reopened, &event, &cal);
        assert_eq!(
            moved.len(),
            2,
            "one bucket, one entry, and the running total: {moved:?}"
        );
        let (_, t) = &moved[0];
        assert_eq!((t.completed, t.reopened), (-1, 1));
        assert_eq!(moved[1].0, RUNNING);
        assert_eq!(moved[1].1.late[0], 1, "open again");
    }

    #[test]
    fn the_median_is_read_from_the_histogram() {
        let mut t = Tally::default();
        assert_eq!(t.median_days(), None);
        t.days[2] = 3;
        t.days[5] = 1;
        t.days[60] = 2;
        assert_eq!(t.median_days(), Some(2), "3 of 6 take 2 days or fewer");
        t.days[5] = 4;
        assert_eq!(t.median_days(), Some(5), "the 5th of 9 takes 5 days");
    }

    /// One step of a case's life in the generated sequences.
    #[derive(Debug, Clone)]
    enum Step {
        Status(Status),
        Reopen,
        Rate(u8),
    }

    fn any_step() -> impl Strategy<Value = Step> {
        prop_oneof![
            proptest::sample::select(Status::ALL.to_vec()).prop_map(Step::Status),
            Just(Step::Reopen),
            (1u8..=5).prop_map(Step::Rate),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any sequence of submissions, status changes, reopens and ratings, spread over
        /// weeks: the tallies the changes add up to are the tallies a recount finds.
        #[test]
        fn the_changes_add_up_to_a_recount_of_the_cases(
            lives in proptest::collection::vec(
                (0i64..400, proptest::collection::vec((1i64..200, any_step()), 0..8)),
                1..12,
            ),
        ) {
            let cal = calendar();
            let mut counters: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
            let mut records = Vec::new();
            for (n, (start_hours, steps)) in lives.into_iter().enumerate() {
                let submitted = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap() + Duration::hours(start_hours * 7);
                let mut case = fixtures::case(n as u32, "riverside");
                case.status = Status::Open;
                case.submitted_at = submitted;
                case.expected_by = cal.due_date(submitted, 5);
                case.closed_at = None;
                let submitted_event = CaseEvent::new(submitted, Actor::Resident, CaseEventKind::Submitted { channel: Channel::WebForm });
                for (bucket, t) in changes(None, &case, &submitted_event, &cal) {
                    counters.entry(bucket).or_default().add(&t);
                }
                let mut history = vec![submitted_event];
                let mut now = submitted;
                for (hours, step) in steps {
                    now += Duration::hours(hours);
                    let (next, event) = match step {
                        Step::Status(to) => match case.with_status(to, now) {
                            Ok(next) => (next, CaseEvent::new(now, Actor::Officer("o".into()), CaseEventKind::StatusChanged { from: case.status, to })),
                            Err(_) => continue,
                        },
                        Step::Reopen => match case.reopened(now) {
                            Ok(next) => (next, CaseEvent::new(now, Actor::Resident, CaseEventKind::Reopened)),
                            Err(_) => continue,
                        },
                        Step::Rate(rating) => (case.touched(), CaseEvent::new(now, Actor::Resident, CaseEventKind::Feedback { rating })),
                    };
                    for (bucket, t) in changes(Some(&case), &next, &event, &cal) {
                        counters.entry(bucket).or_default().add(&t);
                    }
                    history.push(event);
                    case = next;
                }
                records.push((case, history));
            }
            counters.retain(|_, t| !t.is_zero());
            let recounted = recount(records.iter().map(|(c, h)| (c, h.as_slice())), &cal);
            prop_assert_eq!(&counters, &recounted);
            // The backlog read from the tallies is the cases open and past their standard
            // at the end of each day, counted from the histories.
            let first = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
            for offset in (0..500).step_by(3) {
                let day = first + chrono::Days::new(offset);
                let direct = records.iter().filter(|(case, history)| {
                    let mut open = false;
                    for e in history.iter().filter(|e| london_date(e.at) <= day) {
                        open = match e.kind {
                            CaseEventKind::Submitted { .. } | CaseEventKind::Reopened => true,
                            CaseEventKind::StatusChanged { to, .. } => to.is_open(),
                            _ => open,
                        };
                    }
                    open && day > case.expected_by
                }).count() as i64;
                prop_assert_eq!(backlog_at(counters.iter().map(|(b, t)| (*b, t)), day), direct, "{}", day);
                // The read a page makes: the running totals and the buckets from the day's on.
                let window = counters.iter().filter(|(b, _)| **b >= bucket_of(day)).map(|(b, t)| (*b, t));
                prop_assert_eq!(backlog_at(window, day), direct, "{} from its own bucket on", day);
            }
        }
    }
}
