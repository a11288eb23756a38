//! `wardline seed`: a year of made-up cases for the demo council, so a newcomer sees every
//! page with figures that mean something. Every case goes through the code real ones do:
//! reports through [`submission::submit`] (validation, the working-day date, consent, the
//! tallies in the same transaction), officers' changes through [`casework::status_change`],
//! ratings and reopens through [`casework::feedback`] and [`casework::reopen`]. The emails
//! those paths queue are settled by the notifier with a mailer that sends nothing.
//!
//! The same seed gives the same cases (a fixed random seed); residents are "Demo resident
//! N" at `@example.invalid` addresses, and every description starts with "[Demo]".

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::casework::{self, StatusChange};
use shared::config::Council;
use shared::domain::{CaseRef, Category, ReportInput, Status, Ward};
use shared::email::RenderedEmail;
use shared::ports::{CaseReader, CaseUpdater, Clock, FixedClock, MailError, Mailer};
use shared::signing::Signer;
use shared::submission::{self, Origin, Submitter};

/// What a seeding made.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Seeded {
    pub cases: usize,
    pub completed: usize,
    pub completed_late: usize,
    pub still_open: usize,
    pub reopened: usize,
    pub ratings: usize,
    /// Emails the real paths queued, settled without being sent.
    pub emails_not_sent: usize,
}

/// A mailer that sends nothing: the seed's emails are settled, never delivered.
struct NoMail;

#[async_trait]
impl Mailer for NoMail {
    async fn send(&self, _email: &RenderedEmail) -> Result<String, MailError> {
        Ok("not-sent-demo-seed".into())
    }
}

/// What each type of problem's made-up year looks like: reports a week, and the share done
/// within the standard (so the ratings differ, some red, some green).
fn profile(category: &Category) -> (f64, f64) {
    match category.id.as_str() {
        "roads-and-footpaths" => (9.0, 0.74),
        "fly-tipping" => (8.0, 0.88),
        "missed-bins" => (7.0, 0.96),
        "street-lighting" => (4.0, 0.82),
        "dog-fouling" => (3.0, 0.92),
        "anti-social-behaviour" => (2.0, 0.7),
        "trees-and-hedges" | "grass-cutting" => (2.0, 0.9),
        _ => (1.0, 0.9),
    }
}

const DESCRIPTIONS: [&str; 6] = [
    "Reported on the way to work",
    "Been like this for a few days",
    "Near the bus stop",
    "Outside the shops",
    "By the school entrance",
    "At the corner of the road",
];

/// A point inside the ward: near one of its three busy spots half the time (so the map has
/// something to show), anywhere in it otherwise.
fn pin(rng: &mut StdRng, ward: &Ward, spots: &[(f64, f64)]) -> Option<(f64, f64)> {
    let [west, south, east, north] = ward.boundary.bbox()?;
    for _ in 0..50 {
        let (lat, lng) = if rng.random_bool(0.5) && !spots.is_empty() {
            let (lat, lng) = spots[rng.random_range(0..spots.len())];
            (
                lat + rng.random_range(-0.003..0.003),
                lng + rng.random_range(-0.004..0.004),
            )
        } else {
            (rng.random_range(south..north), rng.random_range(west..east))
        };
        let p = shared::domain::LatLng::new(lat, lng).ok()?;
        if ward.boundary.contains(p) {
            return Some((lat, lng));
        }
    }
    None
}

/// A time on `day` between 08:00 and 19:59, London.
fn at(rng: &mut StdRng, day: NaiveDate) -> DateTime<Utc> {
    let naive = day
        .and_hms_opt(rng.random_range(8..20), rng.random_range(0..60), 0)
        .unwrap_or_default();
    London
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

/// `n` working days after `day`.
fn working_days_after(council: &Council, day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        if council.calendar.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

pub struct Seed<'a> {
    pub council: &'a Council,
    pub store: Arc<shared::adapters::sqlite::SqliteStore>,
    pub signer: &'a Signer,
    /// The end of the made-up year: nothing happens after it.
    pub now: DateTime<Utc>,
}

impl Seed<'_> {
    /// Makes a year of cases up to `now`, then settles the emails they queued unsent.
    pub async fn run(&self) -> anyhow::Result<Seeded> {
        let council = self.council;
        for ward in &council.wards {
            let any = shared::ports::WardCases::ward_cases(
                self.store.as_ref(),
                &ward.id,
                &shared::ports::WardFilter::default(),
                None,
                1,
            )
            .await?;
            if !any.items.is_empty() {
                anyhow::bail!("the data folder already has cases: seed an empty one (a new --data-dir)");
            }
        }
        let mut rng = StdRng::seed_from_u64(2026);
        let mut seeded = Seeded::default();
        let clock = FixedClock::new(self.now);
        let today = self.now.with_timezone(&London).date_naive();
        let spots: Vec<Vec<(f64, f64)>> = council
            .wards
            .iter()
            .map(|w| (0..3).filter_map(|_| pin(&mut rng, w, &[])).collect())
            .collect();
        let mut resident = 0usize;
        let first = today - Days::new(365);
        for offset in 0..=365u64 {
            let day = first + Days::new(offset);
            let weekday = council.calendar.is_working_day(day);
            for category in &council.categories {
                let (per_week, on_time) = profile(category);
                // Reports mostly on working days; a few at weekends.
                let mean = per_week / if weekday { 5.5 } else { 11.0 };
                let n = mean.floor() as usize + usize::from(rng.random_bool(mean.fract().clamp(0.0, 1.0)));
                for _ in 0..n {
                    let submitted = at(&mut rng, day);
                    if submitted > self.now {
                        continue;
                    }
                    let ward_index = rng.random_range(0..council.wards.len());
                    resident += 1;
                    self.one_case(
                        &mut rng,
                        &clock,
                        &mut seeded,
                        category,
                        ward_index,
                        &spots[ward_index],
                        resident,
                        submitted,
                        on_time,
                    )
                    .await?;
                }
            }
        }
        // The open cases late by now were reported late along the way, as the sweep does.
        sla_breach::SlaBreach::from_store(Arc::new(council.clone()), self.store.clone(), self.signer.clone())
            .sweep(self.now)
            .await?;
        // The emails the paths queued: settled by the notifier, sent nowhere.
        let notifier = notifier::Notifier::from_store(self.store.clone(), Arc::new(NoMail), Arc::new(clock));
        loop {
            let report = notifier.drain(500).await?;
            seeded.emails_not_sent += report.sent;
            if report.sent + report.skipped + report.dead == 0 {
                break;
            }
        }
        Ok(seeded)
    }

    #[allow(clippy::too_many_arguments)]
    async fn one_case(
        &self,
        rng: &mut StdRng,
        clock: &FixedClock,
        seeded: &mut Seeded,
        category: &Category,
        ward_index: usize,
        spots: &[(f64, f64)],
        resident: usize,
        submitted: DateTime<Utc>,
        on_time: f64,
    ) -> anyhow::Result<()> {
        let council = self.council;
        let ward = &council.wards[ward_index];
        let registered = rng.random_bool(0.6);
        let pinned = if rng.random_bool(0.85) {
            pin(rng, ward, spots)
        } else {
            None
        };
        let input = ReportInput {
            category: Some(category.id.to_string()),
            description: Some(format!(
                "[Demo] {}: {}",
                category.name.en,
                DESCRIPTIONS[rng.random_range(0..DESCRIPTIONS.len())]
            )),
            lat: pinned.map(|p| format!("{:.6}", p.0)),
            lng: pinned.map(|p| format!("{:.6}", p.1)),
            address: Some(format!("{} High Street", rng.random_range(1..200))),
            ward: Some(ward.id.to_string()),
            reporting: Some(if registered { "registered" } else { "anonymous" }.into()),
            name: registered.then(|| format!("Demo resident {resident}")),
            email: registered.then(|| format!("resident-{resident}@example.invalid")),
            share_with_councillor: (registered && rng.random_bool(0.35)).then(|| "yes".into()),
            ..ReportInput::default()
        };
        clock.set(submitted);
        let submitted_case = submission::submit(
            Submitter {
                council,
                writer: self.store.as_ref(),
                reader: self.store.as_ref(),
                clock,
                signer: self.signer,
            },
            &input,
            &Origin::resident(shared::domain::case::Channel::WebForm),
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("a demo report was refused: {e}"))?;
        seeded.cases += 1;
        let reference = submitted_case.reference;
        let received = council.calendar.received_on(submitted);
        let standard = u32::from(category.standard.working_days);
        // Cases get a little quicker through the year, so the trends have a direction.
        let age = (self.now - submitted).num_days() as f64 / 365.0;
        let within = (on_time + 0.06 * (0.5 - age)).clamp(0.0, 1.0);
        let days = if rng.random_bool(within) {
            rng.random_range(0..=standard.max(1))
        } else {
            standard + rng.random_range(1..=standard.max(3) + 5)
        };
        let officer = council
            .officers
            .iter()
            .find(|o| o.team == category.team)
            .or(council.officers.first())
            .map_or("demo-officer", |o| o.id.as_str());
        // Looked at within a day or two, then completed.
        let looked = at(rng, working_days_after(council, received, 1.min(days)));
        let done_on = working_days_after(council, received, days);
        let done = at(rng, done_on).max(looked + Duration::minutes(30));
        if looked <= self.now && looked > submitted {
            self.change(clock, &reference, officer, Status::Investigating, looked)
                .await?;
        }
        if done > self.now {
            seeded.still_open += 1;
            return Ok(());
        }
        let outcome = if rng.random_bool(0.9) {
            Status::Fixed
        } else {
            Status::NoFurtherAction
        };
        self.change(clock, &reference, officer, outcome, done).await?;
        seeded.completed += 1;
        if done_on > shared_expected_by(self.store.as_ref(), &reference).await? {
            seeded.completed_late += 1;
        }
        if !registered {
            return Ok(());
        }
        // Some residents rate the outcome; a few reopen it, and it is fixed again.
        if rng.random_bool(0.45) {
            let rated = done + Duration::hours(rng.random_range(2..72));
            let rating = [1u8, 2, 3, 4, 4, 5, 5, 5][rng.random_range(0..8)];
            if rated <= self.now
                && let Some(record) = self.store.case(&reference).await?
                && let Some(change) = casework::feedback(&record, &council.calendar, rated, rating, None)
            {
                self.store.apply(&change).await?;
                seeded.ratings += 1;
            }
        }
        if rng.random_bool(0.04) {
            let reopened = done + Duration::days(rng.random_range(1..10));
            if reopened > self.now {
                return Ok(());
            }
            if let Some(record) = self.store.case(&reference).await?
                && let Ok(change) = casework::reopen(
                    council,
                    self.signer,
                    &record,
                    "You told us the problem is still there.",
                    "[Demo] It is still there",
                    reopened,
                )
            {
                self.store.apply(&change).await?;
                seeded.reopened += 1;
                let again = reopened + Duration::days(rng.random_range(1..8));
                if again <= self.now {
                    self.change(clock, &reference, officer, Status::Fixed, again).await?;
                }
            }
        }
        Ok(())
    }

    /// An officer's status change, through the same use case as the portal's.
    async fn change(
        &self,
        clock: &FixedClock,
        reference: &CaseRef,
        officer: &str,
        to: Status,
        when: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        clock.set(when);
        let Some(record) = self.store.case(reference).await? else {
            anyhow::bail!("demo case {reference} vanished");
        };
        let change = casework::status_change(
            self.council,
            self.signer,
            &record.case,
            StatusChange {
                officer,
                to,
                note_to_resident: None,
                internal_note: None,
            },
            &[],
            clock.now(),
        );
        match change {
            Ok(change) => Ok(self.store.apply(&change).await?),
            // The same status again: nothing to do.
            Err(_) => Ok(()),
        }
    }
}

async fn shared_expected_by(
    store: &shared::adapters::sqlite::SqliteStore,
    reference: &CaseRef,
) -> anyhow::Result<NaiveDate> {
    Ok(store
        .case(reference)
        .await?
        .map_or(NaiveDate::MAX, |r| r.case.expected_by))
}
