//! The sweep on the embedded store: once per late case, whatever happens to the sweep.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::SeedableRng;
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status};
use shared::ports::{CaseChange, CaseReader, CaseUpdater, CaseWriter, Outbox, StoreError, Submission};
use sla_breach::SlaBreach;

fn council() -> Arc<Council> {
    Arc::new(Council::load(&demo_dir()).unwrap())
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

async fn report(store: &SqliteStore, council: &Council, registered: bool) -> Case {
    let input = ReportInput {
        category: Some("missed-bins".into()),
        description: Some("Not emptied".into()),
        address: Some("9 Hollins Road".into()),
        ward: Some("hollins-park".into()),
        reporting: Some(if registered { "registered" } else { "anonymous" }.into()),
        name: registered.then(|| "Jo".into()),
        email: registered.then(|| "jo@example.com".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).unwrap();
    let category = council.category(&report.category).unwrap();
    let reference = CaseRef::generate(&mut rand::rngs::StdRng::from_os_rng());
    let case = Case::open(reference, report, category, &council.calendar, Channel::WebForm, t0());
    let sub = Submission {
        tallies: vec![],
        event: CaseEvent::new(
            t0(),
            Actor::Resident,
            CaseEventKind::Submitted {
                channel: Channel::WebForm,
            },
        ),
        case: case.clone(),
        outbox: vec![],
        idempotency: None,
        consent: None,
        follower: None,
    };
    store.submit(&sub, t0()).await.unwrap();
    case
}

fn sweeper(store: &SqliteStore, council: Arc<Council>) -> SlaBreach {
    SlaBreach {
        council,
        due: Arc::new(store.clone()),
        updater: Arc::new(store.clone()),
        followers: Arc::new(store.clone()),
        prefs: Arc::new(store.clone()),
        signer: signer(),
    }
}

fn signer() -> shared::signing::Signer {
    shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap()
}

async fn queued(store: &SqliteStore) -> Vec<String> {
    let mut kinds = Vec::new();
    let later = t0() + Duration::days(365);
    for id in store.ready(later, 1000).await.unwrap() {
        let m = store
            .claim(&id, later, later + Duration::minutes(1))
            .await
            .unwrap()
            .unwrap();
        kinds.push(format!("{}:{}", m.message.notice.kind(), m.message.notice.render().to));
    }
    kinds.sort();
    kinds
}

#[tokio::test]
async fn a_late_case_is_reported_to_resident_team_and_escalation_once() {
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let case = report(&store, &council, true).await;
    let sweep = sweeper(&store, council);
    let late = case.overdue_from + Duration::minutes(1);
    assert_eq!(
        sweep.sweep(case.overdue_from - Duration::minutes(1)).await.unwrap().due,
        0,
        "not late yet"
    );
    let first = sweep.sweep(late).await.unwrap();
    assert_eq!((first.reported, first.emails), (1, 3));
    let again = sweep.sweep(late + Duration::hours(1)).await.unwrap();
    assert_eq!(again.due, 0, "a reported case leaves the index");
    assert_eq!(
        queued(&store).await,
        [
            "late_for_resident:jo@example.com",
            "late_for_staff:waste.manager@ashworth.example",
            "late_for_staff:waste@ashworth.example",
        ]
    );
    let record = store.case(&case.reference).await.unwrap().unwrap();
    assert!(record.case.breach_notified);
    assert_eq!(record.history.last().unwrap().kind, CaseEventKind::BreachNotified);
}

#[tokio::test]
async fn an_anonymous_late_case_is_reported_to_staff_only() {
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let case = report(&store, &council, false).await;
    let r = sweeper(&store, council).sweep(case.overdue_from).await.unwrap();
    assert_eq!((r.reported, r.emails), (1, 2));
}

#[tokio::test]
async fn a_case_completed_in_time_is_never_reported() {
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let case = report(&store, &council, true).await;
    store
        .apply(&CaseChange {
            tallies: vec![],
            case: case.with_status(Status::Fixed, t0()).unwrap(),
            expected_version: 1,
            event: CaseEvent::new(
                t0(),
                Actor::Officer("sophie-turner".into()),
                CaseEventKind::StatusChanged {
                    from: Status::Open,
                    to: Status::Fixed,
                },
            ),
            outbox: vec![],
        })
        .await
        .unwrap();
    assert_eq!(
        sweeper(&store, council)
            .sweep(case.overdue_from + Duration::days(10))
            .await
            .unwrap()
            .due,
        0
    );
}

#[tokio::test]
async fn two_sweeps_at_once_report_each_case_once() {
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let mut cases = Vec::new();
    for _ in 0..20 {
        cases.push(report(&store, &council, true).await);
    }
    let (a, b) = (sweeper(&store, council.clone()), sweeper(&store, council));
    let late = cases[0].overdue_from + Duration::hours(1);
    let (ra, rb) = tokio::join!(a.sweep(late), b.sweep(late));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.reported + rb.reported, 20);
    assert_eq!(queued(&store).await.len(), 60, "three emails a case, no more");
}

/// A store that fails every write after the first `n`, like a sweep whose Lambda dies.
struct DiesAfter {
    inner: SqliteStore,
    left: AtomicUsize,
}

#[async_trait]
impl CaseUpdater for DiesAfter {
    async fn apply(&self, change: &CaseChange) -> Result<(), StoreError> {
        if self
            .left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_err()
        {
            return Err(StoreError::Unavailable("the sweep died".into()));
        }
        self.inner.apply(change).await
    }
}

#[tokio::test]
async fn a_sweep_that_dies_half_way_and_runs_again_reports_each_case_once() {
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let mut cases = Vec::new();
    for _ in 0..10 {
        cases.push(report(&store, &council, true).await);
    }
    let late = cases[0].overdue_from + Duration::hours(1);
    let dying = SlaBreach {
        council: council.clone(),
        due: Arc::new(store.clone()),
        updater: Arc::new(DiesAfter {
            inner: store.clone(),
            left: AtomicUsize::new(4),
        }),
        followers: Arc::new(store.clone()),
        prefs: Arc::new(store.clone()),
        signer: signer(),
    };
    assert!(dying.sweep(late).await.is_err());
    assert_eq!(
        queued(&store).await.len(),
        12,
        "four cases done before it died, nothing half-done"
    );
    let rerun = sweeper(&store, council).sweep(late).await.unwrap();
    assert_eq!(rerun.reported, 6);
    // `queued` claimed the first twelve; count what is ready now and what was claimed.
    let later = t0() + Duration::days(365);
    assert_eq!(store.ready(later, 1000).await.unwrap().len(), 18);
}

#[tokio::test]
async fn the_councillors_following_a_late_case_are_told_and_the_resident_gets_a_sharing_link() {
    use shared::ports::Follows;
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let case = report(&store, &council, true).await;
    // Two of Hollins Park's councillors follow it; one who has left the council is skipped.
    for id in ["helen-carter", "james-obrien", "no-longer-a-councillor"] {
        let id = shared::domain::CouncillorId::parse(id).unwrap();
        store.follow(&id, &case.reference, t0()).await.unwrap();
    }
    let r = sweeper(&store, council).sweep(case.overdue_from).await.unwrap();
    assert_eq!((r.reported, r.emails), (1, 5));
    let later = t0() + Duration::days(365);
    let mut sent = Vec::new();
    for id in store.ready(later, 100).await.unwrap() {
        let m = store
            .claim(&id, later, later + Duration::minutes(1))
            .await
            .unwrap()
            .unwrap();
        let email = m.message.notice.render();
        sent.push((m.message.notice.kind().to_owned(), email.to, email.text));
    }
    let to: Vec<(&str, &str)> = sent.iter().map(|(k, t, _)| (k.as_str(), t.as_str())).collect();
    assert!(
        to.contains(&("councillor_news", "helen.carter@ashworth.example")),
        "{to:?}"
    );
    assert!(
        to.contains(&("councillor_news", "james.obrien@ashworth.example")),
        "{to:?}"
    );
    let (_, _, resident) = sent.iter().find(|(k, _, _)| k == "late_for_resident").unwrap();
    assert!(resident.contains("/consent/"), "{resident}");
}

/// A councillor who reported a problem as a resident also follows it: one late email for
/// them, not one as the resident and another as a follower.
#[tokio::test]
async fn a_councillor_who_reported_as_a_resident_gets_one_late_email() {
    use shared::domain::{Capacity, CouncillorId, LoggedBy};
    let (store, council) = (SqliteStore::in_memory().unwrap(), council());
    let input = ReportInput {
        category: Some("missed-bins".into()),
        description: Some("Not emptied".into()),
        address: Some("9 Hollins Road".into()),
        ward: Some("hollins-park".into()),
        reporting: Some("registered".into()),
        name: Some("Helen Carter".into()),
        email: Some("Helen.Carter@ashworth.example".into()),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).unwrap();
    let category = council.category(&report.category).unwrap();
    let helen = CouncillorId::parse("helen-carter").unwrap();
    let mut case = Case::open(
        CaseRef::parse("HCJK-MNPR").unwrap(),
        report,
        category,
        &council.calendar,
        Channel::Councillor,
        t0(),
    );
    case.logged_by = Some(LoggedBy {
        councillor: helen.clone(),
        capacity: Capacity::AsResident,
    });
    store
        .submit(
            &Submission {
                tallies: vec![],
                event: CaseEvent::new(
                    t0(),
                    Actor::Councillor(helen.to_string()),
                    CaseEventKind::Submitted {
                        channel: Channel::Councillor,
                    },
                ),
                case: case.clone(),
                outbox: vec![],
                idempotency: None,
                consent: None,
                follower: Some(helen),
            },
            t0(),
        )
        .await
        .unwrap();
    let r = sweeper(&store, council).sweep(case.overdue_from).await.unwrap();
    assert_eq!((r.reported, r.emails), (1, 3));
    assert_eq!(
        queued(&store).await,
        [
            "late_for_resident:Helen.Carter@ashworth.example",
            "late_for_staff:waste.manager@ashworth.example",
            "late_for_staff:waste@ashworth.example",
        ]
    );
}

#[tokio::test]
async fn a_councillor_who_chose_every_late_case_in_their_ward_is_told_of_one_nobody_follows() {
    use shared::domain::preferences::CouncillorPrefs;
    use shared::ports::WritePreferences;
    let store = SqliteStore::in_memory().unwrap();
    let council = council();
    // Hollins Park's councillors: one chose to hear of every late case, the others did not.
    let hollins: Vec<_> = council
        .councillors
        .iter()
        .filter(|c| c.wards.iter().any(|w| w.as_str() == "hollins-park"))
        .collect();
    assert!(hollins.len() >= 2);
    store
        .set_prefs(
            &format!("councillor:{}", hollins[0].id),
            &CouncillorPrefs {
                every_late_case: true,
                ..CouncillorPrefs::default()
            },
        )
        .await
        .unwrap();
    let case = report(&store, &council, true).await;
    sweeper(&store, council.clone())
        .sweep(case.overdue_from + Duration::hours(1))
        .await
        .unwrap();
    let sent = queued(&store).await;
    assert!(
        sent.contains(&format!("councillor_news:{}", hollins[0].email)),
        "{sent:?}"
    );
    for other in &hollins[1..] {
        assert!(!sent.contains(&format!("councillor_news:{}", other.email)), "{sent:?}");
    }
}
