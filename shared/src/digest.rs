//! The digest to every councillor about their wards: built from the stored figures, the
//! ward's late cases of the period and the cases they follow, and queued once per councillor
//! per period (the "sent" mark and the outbox message in one conditional transaction),
//! whatever replays, overlaps or half-finished runs happen.
//!
//! Weekly (the default) or daily, as each councillor chose (`domain::preferences`); a
//! councillor who chose none gets none. The period is worked out from the time the run was
//! *scheduled* for, not the clock at run time: the last complete ISO week in London (a run
//! retried on Tuesday still sends last week's), or the day before.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Serialize;

use crate::config::Council;
use crate::domain::performance::{PAST_RUNNING, Period, Tally, backlog_at, bucket_of};
use crate::domain::preferences::DigestFrequency;
use crate::domain::redaction::{Councillor as Viewer, councillor_list_item};
use crate::domain::{CaseRef, CategoryId, Councillor, Lang, WardId};
use crate::notice::{DIGEST_LIST, Digest, DigestCase, DigestFigures, DigestWard, Notice};
use crate::ports::{
    CaseReader, DigestMark, DigestOutbox, FollowedCases, OutboxMessage, ReadPreferences, Scope, StoreError, Tallies,
    WardLate,
};

/// The last complete ISO week (Monday to Sunday, London) before `scheduled`.
pub fn week_for(scheduled: DateTime<Utc>) -> Period {
    Period::week_of(scheduled.with_timezone(&London).date_naive()).previous()
}

/// The latest scheduled run of `cadence` at or before `now`, as the AWS schedules have
/// them: 07:00 London, every day or on Mondays. For a local runner keeping the same rhythm.
pub fn latest_schedule(cadence: Cadence, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&London).date_naive();
    let first = match cadence {
        Cadence::Weekly => Period::week_of(today).first_day(),
        Cadence::Daily => today,
    };
    let step = match cadence {
        Cadence::Weekly => 7,
        Cadence::Daily => 1,
    };
    let at = |d: NaiveDate| {
        let naive = d.and_hms_opt(7, 0, 0).unwrap_or_default();
        London
            .from_local_datetime(&naive)
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
    };
    let this_one = at(first);
    if this_one <= now {
        this_one
    } else {
        at(first - Days::new(step))
    }
}

/// Which digests a run sends: the weekly ones (Mondays) or the daily ones (every morning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Daily,
}

/// The days a digest covers, `[first, until)` in London.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub cadence: Cadence,
    pub first: NaiveDate,
    pub until: NaiveDate,
}

impl Span {
    /// The span of a run of `cadence` scheduled for `scheduled`: last week, or yesterday.
    pub fn of(cadence: Cadence, scheduled: DateTime<Utc>) -> Span {
        match cadence {
            Cadence::Weekly => {
                let week = week_for(scheduled);
                Span {
                    cadence,
                    first: week.first_day(),
                    until: week.end(),
                }
            }
            Cadence::Daily => {
                let today = scheduled.with_timezone(&London).date_naive();
                Span {
                    cadence,
                    first: today - Days::new(1),
                    until: today,
                }
            }
        }
    }

    fn last_day(self) -> NaiveDate {
        self.until - Days::new(1)
    }

    /// `week:<monday>` or `day:<date>`: the period part of a digest's mark.
    pub fn key(self) -> String {
        match self.cadence {
            Cadence::Weekly => format!("week:{}", self.first.format("%Y-%m-%d")),
            Cadence::Daily => format!("day:{}", self.first.format("%Y-%m-%d")),
        }
    }
}

/// The mark of a councillor's digest for `span`: `councillor:<id>`, `week:<monday>`.
pub fn mark(councillor: &Councillor, span: Span) -> DigestMark {
    DigestMark {
        person: format!("councillor:{}", councillor.id),
        period: span.key(),
    }
}

/// What the digest needs. Reads: the figures, the late cases of the week, the follows and
/// the followed cases. Writes: only the digests (mark and message together).
pub struct DigestJob<'a> {
    pub council: &'a Council,
    pub tallies: &'a dyn Tallies,
    pub late: &'a dyn WardLate,
    pub follows: &'a dyn FollowedCases,
    pub reader: &'a dyn CaseReader,
    pub outbox: &'a dyn DigestOutbox,
    pub prefs: &'a dyn ReadPreferences,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct DigestReport {
    pub cadence: Option<Cadence>,
    /// The first day covered: the week's Monday, or the day.
    pub from: String,
    pub queued: usize,
    /// Councillors whose digest for the period was queued by an earlier run.
    pub already: usize,
    /// Councillors who chose another cadence, or none.
    pub not_chosen: usize,
    /// Councillors with no ward in the configuration.
    pub no_ward: usize,
}

fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

impl DigestJob<'_> {
    /// Queues the `cadence` digest of the period before `scheduled` for every councillor who
    /// chose it and has not had it. `now` stamps the messages.
    pub async fn run(
        &self,
        cadence: Cadence,
        scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<DigestReport, StoreError> {
        let span = Span::of(cadence, scheduled);
        let mut report = DigestReport {
            cadence: Some(cadence),
            from: span.first.format("%Y-%m-%d").to_string(),
            ..DigestReport::default()
        };
        // Each ward's figures are built once a language.
        let mut wards: BTreeMap<(WardId, Lang), DigestWard> = BTreeMap::new();
        // Send (the job runs in a spawned task): not the thread-local generator.
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::from_os_rng();
        for councillor in &self.council.councillors {
            if councillor.wards.is_empty() {
                report.no_ward += 1;
                continue;
            }
            let prefs = self.prefs.prefs(&format!("councillor:{}", councillor.id)).await?;
            let chosen = prefs.digest;
            // In the language they chose on Your emails, else the council's first.
            let lang = prefs
                .lang
                .map_or_else(|| self.council.default_lang(), |l| self.council.offered(l));
            let words = lang.words();
            let wanted = match cadence {
                Cadence::Weekly => DigestFrequency::Weekly,
                Cadence::Daily => DigestFrequency::Daily,
            };
            if chosen != wanted {
                report.not_chosen += 1;
                continue;
            }
            let mark = mark(councillor, span);
            // A cheap look first: a replayed run builds nothing it will not send.
            if self.outbox.digest_sent(&mark).await? {
                report.already += 1;
                continue;
            }
            let mut mine = Vec::new();
            for ward in &councillor.wards {
                let key = (ward.clone(), lang);
                if !wards.contains_key(&key) {
                    let built = self.ward(ward, span, lang).await?;
                    wards.insert(key.clone(), built);
                }
                if let Some(built) = wards.get(&key) {
                    mine.push(self.for_councillor(built.clone(), councillor, ward, span, lang).await?);
                }
            }
            let (followed, followed_more) = self.followed(councillor, span, lang).await?;
            let period = match cadence {
                Cadence::Weekly => (words.email.digest_period)(&words.long_date(span.first)),
                Cadence::Daily => words.long_date(span.first),
            };
            let notice = Notice::Digest(Digest {
                to: councillor.email.clone(),
                councillor_name: councillor.name.clone(),
                council: self.council.name_in(lang).to_owned(),
                period,
                daily: cadence == Cadence::Daily,
                wards: mine,
                followed,
                followed_more,
                settings_url: format!("{}/portal/settings", self.council.base_url),
                lang,
            });
            let message = OutboxMessage::new(now, notice, &mut rng);
            if self.outbox.enqueue_digest(&mark, &message).await? {
                report.queued += 1;
            } else {
                report.already += 1;
            }
        }
        tracing::info!(
            cadence = ?cadence,
            from = %report.from,
            queued = report.queued,
            already = report.already,
            "digests queued"
        );
        Ok(report)
    }

    /// A ward's figures for the span: one read of its buckets from the start of the
    /// financial year (or the chart's first week, if earlier) with the running totals. A
    /// day's digest shows its week so far (the figures are kept by week).
    async fn ward(&self, ward: &WardId, span: Span, lang: Lang) -> Result<DigestWard, StoreError> {
        let council = self.council;
        let words = lang.words();
        let w = words.email;
        let last_day = span.last_day();
        let week = Period::week_of(last_day);
        let year = Period::year_of(last_day);
        let four = Period::Week(week.first_day() - Days::new(21));
        let chart_weeks = crate::chart::thirteen_weeks_to(last_day);
        let from = year.first_day().min(chart_weeks[0].first_day());
        let rows = self
            .tallies
            .tallies(&Scope::Ward(ward.clone()), bucket_of(from), PAST_RUNNING)
            .await?;
        let sum = |from: NaiveDate, until: NaiveDate, category: Option<&CategoryId>| {
            let mut t = Tally::default();
            for (c, b, tally) in &rows {
                if *b >= from && *b < until && category.is_none_or(|x| x == c) {
                    t.add(tally);
                }
            }
            t
        };
        let default = crate::domain::performance::Target::default();
        let figures = |label: String, t: &Tally, target: crate::domain::performance::Target| DigestFigures {
            label,
            new: t.new,
            completed: t.completed,
            within_standard: t.within_standard,
            target: target.target,
            floor: target.floor,
        };
        let until = week.end();
        let digest_rows = vec![
            figures(
                match span.cadence {
                    Cadence::Weekly => w.digest_this_week.into(),
                    Cadence::Daily => w.digest_week_so_far.into(),
                },
                &sum(week.first_day(), until, None),
                default,
            ),
            figures(w.digest_four_weeks.into(), &sum(four.first_day(), until, None), default),
            figures(
                (w.digest_year)(&words.period(year)),
                &sum(year.first_day(), until, None),
                default,
            ),
        ];
        let by_category = council
            .categories
            .iter()
            .filter_map(|c| {
                let t = sum(year.first_day(), until, Some(&c.id));
                (t.new > 0 || t.completed > 0).then(|| figures(c.name.get(lang).to_owned(), &t, c.target))
            })
            .collect();
        let late_at_end = backlog_at(rows.iter().map(|(_, b, t)| (*b, t)), last_day);
        let weeks = crate::chart::weeks_from(&rows, &chart_weeks, words)
            .into_iter()
            .map(|wk| (wk.label, wk.new, wk.completed))
            .collect();
        let name = council.ward_name(ward, lang);
        let area = format!("ward:{ward}");
        Ok(DigestWard {
            ward: name,
            ward_id: ward.to_string(),
            rows: digest_rows,
            late_at_end,
            by_category,
            weeks,
            went_late: Vec::new(),
            went_late_more: 0,
            dashboard_url: format!("{}/portal/performance?area={area}", council.base_url),
            map_url: format!("{}/portal/performance/map?area={area}", council.base_url),
        })
    }

    /// The ward's section as this councillor may see it: the cases that went late in the
    /// span, through the redaction function's list view (facts only).
    async fn for_councillor(
        &self,
        mut section: DigestWard,
        councillor: &Councillor,
        ward: &WardId,
        span: Span,
        lang: Lang,
    ) -> Result<DigestWard, StoreError> {
        let viewer = Viewer {
            id: &councillor.id,
            wards: &councillor.wards,
        };
        let late = self
            .late
            .went_late(ward, london_midnight(span.first), london_midnight(span.until))
            .await?;
        let listed: Vec<DigestCase> = late
            .iter()
            .filter_map(|c| councillor_list_item(c, &viewer))
            .map(|item| self.listed(&item.reference, &item.category, item.status, item.expected_by, lang))
            .collect();
        section.went_late_more = listed.len().saturating_sub(DIGEST_LIST);
        section.went_late = listed.into_iter().take(DIGEST_LIST).collect();
        Ok(section)
    }

    fn listed(
        &self,
        reference: &CaseRef,
        category: &CategoryId,
        status: crate::domain::Status,
        expected_by: NaiveDate,
        lang: Lang,
    ) -> DigestCase {
        DigestCase {
            reference: reference.clone(),
            category: self.council.category_name(category, lang),
            status,
            expected_by,
            url: format!("{}/portal/cases/{reference}", self.council.base_url),
        }
    }

    /// The cases the councillor follows that changed in the span, as facts.
    async fn followed(
        &self,
        councillor: &Councillor,
        span: Span,
        lang: Lang,
    ) -> Result<(Vec<DigestCase>, usize), StoreError> {
        let viewer = Viewer {
            id: &councillor.id,
            wards: &councillor.wards,
        };
        let (from, until) = (london_midnight(span.first), london_midnight(span.until));
        let mut changed = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self
                .follows
                .followed_cases(&councillor.id, after.as_deref(), 100)
                .await?;
            for reference in &page.items {
                let Some(record) = self.reader.case(reference).await? else {
                    continue;
                };
                let moved = record.history.iter().any(|e| e.at >= from && e.at < until);
                if moved && let Some(item) = councillor_list_item(&record.case, &viewer) {
                    changed.push(self.listed(&item.reference, &item.category, item.status, item.expected_by, lang));
                }
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let more = changed.len().saturating_sub(DIGEST_LIST);
        changed.truncate(DIGEST_LIST);
        Ok((changed, more))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_week_is_the_last_complete_one_in_london_from_the_scheduled_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let monday = |d: &str| Period::Week(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        // Monday 07:00 London: the week before.
        assert_eq!(week_for(at("2026-11-30T07:00:00Z")), monday("2026-11-23"));
        // Retried on Tuesday, still scheduled for Monday: the same week.
        assert_eq!(
            week_for(at("2026-11-30T07:00:00Z")),
            week_for(at("2026-11-30T23:00:00Z"))
        );
        // 23:30 UTC on a Sunday in summer is already Monday in London.
        assert_eq!(week_for(at("2026-06-28T23:30:00Z")), monday("2026-06-22"));
        assert_eq!(week_for(at("2026-06-28T22:30:00Z")), monday("2026-06-15"));
    }

    #[test]
    fn the_local_schedule_is_monday_at_seven_in_london() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Winter: 07:00 London is 07:00 UTC; summer: 06:00 UTC.
        let weekly = |s| latest_schedule(Cadence::Weekly, at(s));
        assert_eq!(weekly("2026-11-30T16:00:00Z"), at("2026-11-30T07:00:00Z"));
        assert_eq!(weekly("2026-11-30T06:59:00Z"), at("2026-11-23T07:00:00Z"));
        assert_eq!(weekly("2026-06-29T06:00:00Z"), at("2026-06-29T06:00:00Z"));
        assert_eq!(weekly("2026-12-03T12:00:00Z"), at("2026-11-30T07:00:00Z"));
        let daily = |s| latest_schedule(Cadence::Daily, at(s));
        assert_eq!(daily("2026-12-03T12:00:00Z"), at("2026-12-03T07:00:00Z"));
        assert_eq!(daily("2026-12-03T06:00:00Z"), at("2026-12-02T07:00:00Z"));
        // A day's digest covers the day before the run.
        let span = Span::of(Cadence::Daily, at("2026-12-03T07:00:00Z"));
        assert_eq!(
            (span.key(), span.until.to_string()),
            ("day:2026-12-02".to_owned(), "2026-12-03".to_owned())
        );
    }
}
