//! The retention job on the embedded store: what it anonymises, what it leaves, and that
//! its reads follow the cases due rather than the size of the store.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Months, TimeZone, Utc};
use retention::{PAGE, Retention};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{Actor, CaseEvent, CaseEventKind, CaseRef, ErasureReason, ReportInput, Status};
use shared::ports::{CaseChange, CaseReader, CaseUpdater, FixedClock, RetentionDue, StoreError};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 10, 10, 0, 0).unwrap()
}

/// Counts the queries the job makes for due cases.
struct Counting {
    inner: SqliteStore,
    queries: AtomicUsize,
}

#[async_trait]
impl RetentionDue for Counting {
    async fn closed_before(&self, cutoff: DateTime<Utc>, limit: usize) -> Result<Vec<CaseRef>, StoreError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.closed_before(cutoff, limit).await
    }
}

struct World {
    store: SqliteStore,
    council: Arc<Council>,
    clock: FixedClock,
    signer: Signer,
}

impl World {
    fn new() -> World {
        World {
            store: SqliteStore::in_memory().unwrap(),
            council: Arc::new(Council::load(&demo_dir()).unwrap()),
            clock: FixedClock::new(t0()),
            signer: Signer::new("a test signing key of thirty-two characters or more").unwrap(),
        }
    }

    /// A registered resident's report, closed at `closed` (or left open).
    async fn case(&self, closed: Option<DateTime<Utc>>) -> CaseRef {
        self.case_with_photos(closed, None).await
    }

    /// The same, with a photo kept in `photos`.
    async fn case_with_photos(
        &self,
        closed: Option<DateTime<Utc>>,
        photos: Option<&shared::adapters::photos_dir::DirPhotos>,
    ) -> CaseRef {
        let input = ReportInput {
            category: Some("missed-bins".into()),
            description: Some("Not emptied again".into()),
            address: Some("9 Hollins Road".into()),
            ward: Some("hollins-park".into()),
            reporting: Some("registered".into()),
            name: Some("Jo Bloggs".into()),
            email: Some("jo@example.com".into()),
            ..ReportInput::default()
        };
        let deps = Submitter {
            council: &self.council,
            writer: &self.store,
            reader: &self.store,
            clock: &self.clock,
            signer: &self.signer,
        };
        let origin = Origin::resident(shared::domain::case::Channel::WebForm);
        let files = [shared::photo::process(&shared::photo::fixtures::camera_jpeg(40, 30, 1)).unwrap()];
        let new_photos = photos.map(|store| shared::submission::NewPhotos { files: &files, store });
        let reference = shared::submission::submit_with_photos(deps, &input, &origin, None, new_photos)
            .await
            .unwrap()
            .reference;
        if let Some(at) = closed {
            let case = self.store.case(&reference).await.unwrap().unwrap().case;
            self.store
                .apply(&CaseChange {
                    tallies: vec![],
                    case: case.with_status(Status::Fixed, at).unwrap(),
                    expected_version: case.version,
                    event: CaseEvent::new(
                        at,
                        Actor::Officer("jane-smith".into()),
                        CaseEventKind::StatusChanged {
                            from: case.status,
                            to: Status::Fixed,
                        },
                    ),
                    outbox: vec![],
                })
                .await
                .unwrap();
        }
        reference
    }

    fn job(&self, due: Arc<dyn RetentionDue>) -> Retention {
        Retention {
            council: self.council.clone(),
            due,
            eraser: Arc::new(self.store.clone()),
            photos: None,
        }
    }

    async fn has_personal(&self, r: &CaseRef) -> bool {
        self.store.case(r).await.unwrap().unwrap().case.personal.is_some()
    }
}

#[tokio::test]
async fn closed_cases_past_the_retention_period_are_anonymised_and_nothing_else_is() {
    let world = World::new();
    assert_eq!(world.council.retention_months, 24, "the demo council keeps the default");
    let now = t0() + Months::new(30);
    let cutoff = now - Months::new(24);
    let long_closed = world.case(Some(cutoff - Duration::days(1))).await;
    let just_closed = world.case(Some(cutoff + Duration::days(1))).await;
    let open = world.case(None).await;
    let report = world.job(Arc::new(world.store.clone())).run(now).await.unwrap();
    assert_eq!((report.due, report.anonymised, report.skipped), (1, 1, 0));
    assert!(!world.has_personal(&long_closed).await);
    assert!(world.has_personal(&just_closed).await);
    assert!(world.has_personal(&open).await);
    let history = world.store.case(&long_closed).await.unwrap().unwrap().history;
    assert_eq!(
        history.last().unwrap().kind,
        CaseEventKind::Erased {
            reason: ErasureReason::Retention
        }
    );
    // Again: nothing is due, nothing is written.
    let again = world.job(Arc::new(world.store.clone())).run(now).await.unwrap();
    assert_eq!(again.due, 0);
}

#[tokio::test]
async fn the_period_is_the_councils_to_set() {
    let mut world = World::new();
    Arc::get_mut(&mut world.council).unwrap().retention_months = 6;
    let now = t0() + Months::new(12);
    let closed = world.case(Some(t0() + Months::new(5))).await;
    world.job(Arc::new(world.store.clone())).run(now).await.unwrap();
    assert!(!world.has_personal(&closed).await, "closed 7 months ago, kept for 6");
}

#[tokio::test]
async fn the_jobs_reads_follow_the_cases_due_not_the_size_of_the_store() {
    let world = World::new();
    let now = t0() + Months::new(30);
    let old = now - Months::new(25);
    // 300 cases that are not due: recently closed, or open.
    for i in 0..300 {
        let closed = (i % 2 == 0).then(|| now - Duration::days(10));
        world.case(closed).await;
    }
    let counting = Arc::new(Counting {
        inner: world.store.clone(),
        queries: AtomicUsize::new(0),
    });
    let report = world.job(counting.clone()).run(now).await.unwrap();
    assert_eq!(report.due, 0);
    assert_eq!(
        counting.queries.load(Ordering::Relaxed),
        1,
        "one empty read, however many cases"
    );

    // 250 due: pages of PAGE, then one short page.
    for _ in 0..250 {
        world.case(Some(old)).await;
    }
    counting.queries.store(0, Ordering::Relaxed);
    let report = world.job(counting.clone()).run(now).await.unwrap();
    assert_eq!(report.anonymised, 250);
    assert_eq!(counting.queries.load(Ordering::Relaxed), 250usize.div_ceil(PAGE));
}

#[tokio::test]
async fn the_weekly_figures_check_finds_drift_and_changes_nothing() {
    let w = World::new();
    w.case(None).await;
    w.case(None).await;
    let check = retention::FiguresCheck::from_store(w.council.clone(), Arc::new(w.store.clone()));
    let clean = check.run(false).await.unwrap();
    assert_eq!((clean.cases, clean.drifted, clean.replaced), (2, 0, 0));
    // A change stored without its figures (as `World::case` closes one) is drift.
    w.case(Some(t0() + Duration::days(3))).await;
    let found = check.run(false).await.unwrap();
    assert!(found.drifted > 0, "{found:?}");
    assert_eq!(found.replaced, 0, "the check only reads");
    assert_eq!(
        check.run(false).await.unwrap(),
        found,
        "still there: nothing was repaired"
    );
    // The operator's repair replaces them; the next check is clean.
    assert!(check.run(true).await.unwrap().replaced > 0);
    assert_eq!(check.run(false).await.unwrap().drifted, 0);
}

/// Photos leave with the details: a case past its period loses its photo files too, and
/// one still within it keeps them.
#[tokio::test]
async fn retention_removes_the_photos_of_the_cases_it_anonymises() {
    use shared::ports::PhotoEraser;
    let world = World::new();
    let folder = std::env::temp_dir().join(format!("wardline-retention-photos-{}", std::process::id()));
    let photos = shared::adapters::photos_dir::DirPhotos::new(&folder);
    let now = t0() + Months::new(30);
    let cutoff = now - Months::new(24);
    let long_closed = world
        .case_with_photos(Some(cutoff - Duration::days(1)), Some(&photos))
        .await;
    let just_closed = world
        .case_with_photos(Some(cutoff + Duration::days(1)), Some(&photos))
        .await;
    assert_eq!(photos.photo_ids(&long_closed).await.unwrap().len(), 1);
    let job = world
        .job(Arc::new(world.store.clone()))
        .with_photos(Arc::new(photos.clone()));
    let report = job.run(now).await.unwrap();
    assert_eq!(report.anonymised, 1);
    assert!(photos.photo_ids(&long_closed).await.unwrap().is_empty());
    assert!(
        !folder.join(long_closed.as_str()).exists(),
        "nothing left in the folder"
    );
    assert_eq!(photos.photo_ids(&just_closed).await.unwrap().len(), 1);
    std::fs::remove_dir_all(&folder).unwrap();
}
