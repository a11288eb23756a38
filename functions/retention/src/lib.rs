//! The retention function: anonymises closed cases whose retention period has ended, and,
//! once a week, checks the performance figures against a recount of the cases
//! ([`FiguresCheck`]). After an upgrade that changes what the indexes hold, an operator runs
//! it once to bring the stored cases' index entries up to date ([`Reindex`]).
//!
//! Run daily. A case closed more than the council's `retention_months` ago loses its
//! personal details (name, contact details, description, exact location, free text, consent
//! records) and keeps its statistics, with an `Erased` event saying why. The cases due come
//! from a sparse index that holds only closed cases still holding personal data, so a run
//! reads what it anonymises and nothing else, however large the table grows.

use std::sync::Arc;

use chrono::{DateTime, Months, Utc};
use serde::Serialize;
use shared::config::Council;
use shared::domain::ErasureReason;
use shared::ports::{
    CaseReader, Eraser, IndexRepair, PhotoEraser, RetentionDue, StoreError, Tallies, TallyRebuild, WardCases,
    WardFilter,
};
use shared::stats::{Rebuild, RebuildReport};

/// Cases read per query; a run reads pages until none is due.
pub const PAGE: usize = 100;
/// A bound on one run's work (tomorrow's run carries on).
pub const MAX_PAGES: usize = 100;

/// What the job needs: the cases due, and the erasers of their details and photos.
#[derive(Clone)]
pub struct Retention {
    pub council: Arc<Council>,
    pub due: Arc<dyn RetentionDue>,
    pub eraser: Arc<dyn Eraser>,
    /// Where residents' photos are kept; `None` where none are (a test of something else).
    pub photos: Option<Arc<dyn PhotoEraser>>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// Cases found due.
    pub due: usize,
    /// Cases anonymised by this run.
    pub anonymised: usize,
    /// Cases that changed while being anonymised (reopened, updated): left for the next run.
    pub skipped: usize,
}

impl Retention {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>) -> Retention
    where
        S: RetentionDue + Eraser + 'static,
    {
        Retention {
            council,
            due: store.clone(),
            eraser: store,
            photos: None,
        }
    }

    /// Removes residents' photos from `photos` with the rest of their details.
    pub fn with_photos(mut self, photos: Arc<dyn PhotoEraser>) -> Retention {
        self.photos = Some(photos);
        self
    }
}

impl Retention {
    /// The end of the retention period for cases closed before it, at `now`.
    pub fn cutoff(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(self.council.retention_months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Anonymises every case due at `now`.
    #[tracing::instrument(skip(self), fields(now = %now))]
    pub async fn run(&self, now: DateTime<Utc>) -> Result<RetentionReport, StoreError> {
        let cutoff = self.cutoff(now);
        let mut report = RetentionReport::default();
        for _ in 0..MAX_PAGES {
            let due = self.due.closed_before(cutoff, PAGE).await?;
            let found = due.len();
            let mut progress = false;
            for reference in due {
                report.due += 1;
                // Photos first: every case found here is closed and past its period, so its
                // photos go whatever happens next, and a failure leaves the case in the
                // index for tomorrow's run (files removed after the record would be
                // orphaned, found by nothing).
                if let Some(photos) = &self.photos {
                    photos.erase_photos(&reference).await?;
                }
                // The eraser checks again, inside its write, that the case is still closed
                // before the cutoff: one reopened since the read keeps its details.
                match self
                    .eraser
                    .erase(&reference, ErasureReason::Retention, now, Some(cutoff))
                    .await
                {
                    Ok(true) => {
                        report.anonymised += 1;
                        progress = true;
                    }
                    Ok(false) | Err(StoreError::Conflict) => report.skipped += 1,
                    Err(e) => return Err(e),
                }
            }
            if found < PAGE || !progress {
                break;
            }
        }
        if report.due > 0 {
            tracing::info!(
                due = report.due,
                anonymised = report.anonymised,
                skipped = report.skipped,
                "retention run done"
            );
        } else {
            tracing::debug!("retention run done: nothing due");
        }
        Ok(report)
    }
}

/// The weekly check that the figures kept with every change still agree with a recount of
/// the cases (`wardline stats rebuild --check`, on AWS). The scheduled check only reads:
/// drift is logged as an error ("figures drifted", which the template alarms on), and an
/// operator repairs it by invoking the function with `{"action": "figures-repair"}`
/// (infra/README.md), when the council is quiet.
#[derive(Clone)]
pub struct FiguresCheck {
    pub council: Arc<Council>,
    pub ward_cases: Arc<dyn WardCases>,
    pub reader: Arc<dyn CaseReader>,
    pub tallies: Arc<dyn Tallies>,
    pub repair: Arc<dyn TallyRebuild>,
}

impl FiguresCheck {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>) -> FiguresCheck
    where
        S: WardCases + CaseReader + Tallies + TallyRebuild + 'static,
    {
        FiguresCheck {
            council,
            ward_cases: store.clone(),
            reader: store.clone(),
            tallies: store.clone(),
            repair: store,
        }
    }

    /// Recounts the figures; with `repair`, replaces those that drifted.
    pub async fn run(&self, repair: bool) -> Result<RebuildReport, StoreError> {
        let report = Rebuild {
            council: &self.council,
            ward_cases: self.ward_cases.as_ref(),
            reader: self.reader.as_ref(),
            tallies: self.tallies.as_ref(),
        }
        .run(repair.then_some(self.repair.as_ref()))
        .await?;
        if report.replaced > 0 {
            tracing::warn!(
                drifted = report.drifted,
                replaced = report.replaced,
                "figures repaired from a recount"
            );
        } else if report.drifted > 0 {
            tracing::error!(
                cases = report.cases,
                drifted = report.drifted,
                "figures drifted from a recount of the cases: run `wardline stats rebuild`"
            );
        } else {
            tracing::info!(cases = report.cases, "figures agree with a recount of the cases");
        }
        Ok(report)
    }
}

/// Brings every stored case's index entries up to what this version writes
/// (`{"action": "reindex"}`, by an operator once after an upgrade that says so in
/// infra/README.md; running it again does no harm). Cases are found ward by ward, as the
/// figures check finds them: no scan.
#[derive(Clone)]
pub struct Reindex {
    pub council: Arc<Council>,
    pub ward_cases: Arc<dyn WardCases>,
    pub repair: Arc<dyn IndexRepair>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ReindexReport {
    pub cases: usize,
    pub rewritten: usize,
    /// Cases that changed while the run read them: their change wrote their entries anew.
    pub changed_meanwhile: usize,
}

/// Cases rewritten at once: enough to finish a large council's table inside one invocation,
/// few enough not to crowd out the council's own traffic.
const REINDEX_IN_FLIGHT: usize = 25;

impl Reindex {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>) -> Reindex
    where
        S: WardCases + IndexRepair + 'static,
    {
        Reindex {
            council,
            ward_cases: store.clone(),
            repair: store,
        }
    }

    pub async fn run(&self) -> Result<ReindexReport, StoreError> {
        let mut report = ReindexReport::default();
        for ward in &self.council.wards {
            let mut after: Option<String> = None;
            loop {
                let page = self
                    .ward_cases
                    .ward_cases(&ward.id, &WardFilter::default(), after.as_deref(), PAGE)
                    .await?;
                for chunk in page.items.chunks(REINDEX_IN_FLIGHT) {
                    let mut running = tokio::task::JoinSet::new();
                    for case in chunk {
                        let (repair, case) = (self.repair.clone(), case.clone());
                        running.spawn(async move { repair.reindex(&case).await });
                    }
                    while let Some(done) = running.join_next().await {
                        report.cases += 1;
                        match done.map_err(StoreError::unavailable)?? {
                            true => report.rewritten += 1,
                            false => report.changed_meanwhile += 1,
                        }
                    }
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
        }
        tracing::info!(
            cases = report.cases,
            rewritten = report.rewritten,
            changed_meanwhile = report.changed_meanwhile,
            "index entries brought up to date"
        );
        Ok(report)
    }
}
