//! One contract, two stores: every test here runs against SQLite and against DynamoDB (a moto
//! server on loopback). Whatever the local runner does, production does the same.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::SeedableRng;
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ErasureReason, ReportInput, Status};
use shared::email::{Acknowledgement, Notice, TeamContact};
use shared::ports::{
    AccessLog, CaseChange, CaseReader, CaseUpdater, CaseWriter, ConsentLog, Delivery, DueCases, Eraser, Followers,
    Follows, IdempotencyClaim, IdempotencyKey, MailQueue, Outbox, OutboxMessage, QueueFilter, RateLimit, ResidentCases,
    RetentionDue, Scope, SessionStore, SignInStore, StoreError, Submission, SubmitOutcome, Tallies, TallyChange,
    TallyRebuild, TeamQueue, WardCases, WardFilter,
};
use shared::ports::{CaseUpdate, CaseUpdates, DigestMark, DigestOutbox, WardLate};

trait Store:
    CaseWriter
    + CaseReader
    + CaseUpdater
    + DueCases
    + TeamQueue
    + Outbox
    + SignInStore
    + SessionStore
    + RateLimit
    + ConsentLog
    + Follows
    + Followers
    + WardCases
    + AccessLog
    + ResidentCases
    + Eraser
    + RetentionDue
    + MailQueue
    + Tallies
    + TallyRebuild
    + WardLate
    + DigestOutbox
    + CaseUpdates
{
}
impl<T> Store for T where
    T: CaseWriter
        + CaseReader
        + CaseUpdater
        + DueCases
        + TeamQueue
        + Outbox
        + SignInStore
        + SessionStore
        + RateLimit
        + ConsentLog
        + Follows
        + Followers
        + WardCases
        + AccessLog
        + ResidentCases
        + Eraser
        + RetentionDue
        + MailQueue
        + Tallies
        + TallyRebuild
        + WardLate
        + DigestOutbox
        + CaseUpdates
{
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn submission(reference: &str, email: Option<&str>) -> Submission {
    let council = common::council();
    let input = ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("A mattress and two bags by the gate".into()),
        lat: Some("52.60".into()),
        lng: Some("-1.20".into()),
        reporting: Some(if email.is_some() { "registered" } else { "anonymous" }.into()),
        name: email.map(|_| "Jo Bloggs".into()),
        email: email.map(str::to_owned),
        ..ReportInput::default()
    };
    let report = input.parse(&council.categories, &council.wards).expect("valid report");
    let category = council.category(&report.category).unwrap().clone();
    let reference = CaseRef::parse(reference).unwrap();
    let case = Case::open(
        reference.clone(),
        report,
        &category,
        &council.calendar,
        Channel::Api,
        t0(),
    );
    let outbox = case
        .reporter()
        .map(|r| {
            OutboxMessage::new(
                t0(),
                Notice::Acknowledgement(Acknowledgement {
                    lang: Default::default(),
                    to: r.email.clone(),
                    name: r.name.clone(),
                    reference: reference.clone(),
                    category: category.name.en.clone(),
                    next_steps: category.next_steps.en.clone(),
                    team: TeamContact {
                        name: "Street Scene".into(),
                        email: "s@ashworth.example".into(),
                        phone: "01632 960 102".into(),
                    },
                    expected_by: case.expected_by,
                    status_url: format!("https://example.test/reports/{reference}"),
                    sharing_url: format!("https://example.test/consent/token-for-{reference}"),
                    council: council.name.en.clone(),
                    description: String::new(),
                    location: String::new(),
                    standard_days: 0,
                    shared_with_councillor: None,
                    logged_by: None,
                }),
                &mut rand::rngs::StdRng::seed_from_u64(common::rand_u64()),
            )
        })
        .into_iter()
        .collect();
    Submission {
        tallies: vec![],
        event: CaseEvent::new(
            t0(),
            shared::domain::Actor::Resident,
            CaseEventKind::Submitted { channel: Channel::Api },
        ),
        case,
        outbox,
        idempotency: None,
        consent: None,
        follower: None,
    }
}

fn claim(key: &str, fingerprint: &str, expires_at: DateTime<Utc>) -> Option<IdempotencyClaim> {
    Some(IdempotencyClaim {
        key: IdempotencyKey::parse("test", key).unwrap(),
        fingerprint: fingerprint.into(),
        expires_at,
    })
}

async fn a_submitted_case_reads_back_whole_with_its_history(store: impl Store) {
    let sub = submission("ACDE-FHJK", Some("jo@example.com"));
    assert_eq!(store.submit(&sub, t0()).await.unwrap(), SubmitOutcome::Stored);
    let record = store.case(&sub.case.reference).await.unwrap().expect("stored");
    assert_eq!(record.case, sub.case);
    assert_eq!(record.history, vec![sub.event.clone()]);
}

/// A Welsh resident's case keeps its language, and their consent names the Welsh notice.
async fn a_welsh_case_and_its_consent_keep_their_language(store: impl Store) {
    use shared::domain::Lang;
    use shared::domain::consent::{ConsentEvent, NoticeShown};
    let mut sub = submission("CYMR-AEFW", Some("gwen@example.com"));
    sub.case.lang = Lang::Cy;
    store.submit(&sub, t0()).await.unwrap();
    let record = store.case(&sub.case.reference).await.unwrap().expect("stored");
    assert_eq!(record.case.lang, Lang::Cy);
    let given = consent(
        t0(),
        ConsentEvent::Given {
            notice: NoticeShown {
                lang: Lang::Cy,
                version: "2026-11-01".into(),
                text_hash: "cd".repeat(32),
            },
            scope: vec![shared::domain::CouncillorId::parse("amira-patel").unwrap()],
        },
    );
    store.append_consent(&sub.case.reference, &given).await.unwrap();
    assert_eq!(store.consents(&sub.case.reference).await.unwrap(), vec![given]);
}

async fn an_unknown_reference_reads_as_nothing(store: impl Store) {
    assert!(
        store
            .case(&CaseRef::parse("WXYW-XYWX").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_taken_reference_is_refused_and_nothing_of_the_second_report_is_stored(store: impl Store) {
    let first = submission("MNPR-TWXY", None);
    store.submit(&first, t0()).await.unwrap();
    let second = submission("MNPR-TWXY", Some("second@example.com"));
    let err = store.submit(&second, t0()).await.unwrap_err();
    assert!(matches!(err, shared::ports::StoreError::ReferenceTaken), "{err:?}");
    assert_eq!(
        store.case(&first.case.reference).await.unwrap().unwrap().case,
        first.case
    );
    assert!(
        store.ready(t0(), 10).await.unwrap().is_empty(),
        "the second report's email must not be queued"
    );
}

async fn a_report_and_its_acknowledgement_are_stored_together(store: impl Store) {
    let sub = submission("CDEF-HJKM", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    assert_eq!(store.ready(t0(), 10).await.unwrap(), vec![sub.outbox[0].id.clone()]);
}

async fn an_idempotency_key_seen_before_returns_the_first_case_and_stores_nothing_new(store: impl Store) {
    let mut first = submission("DEFH-JKMN", Some("jo@example.com"));
    first.idempotency = claim("key-1", "fp-1", t0() + Duration::hours(24));
    store.submit(&first, t0()).await.unwrap();
    let mut retry = submission("EFHJ-KMNP", Some("jo@example.com"));
    retry.idempotency = claim("key-1", "fp-1", t0() + Duration::hours(24));
    let outcome = store.submit(&retry, t0() + Duration::minutes(1)).await.unwrap();
    assert_eq!(
        outcome,
        SubmitOutcome::Replayed {
            reference: first.case.reference.clone(),
            fingerprint: "fp-1".into()
        }
    );
    assert!(store.case(&retry.case.reference).await.unwrap().is_none());
    assert_eq!(store.ready(t0() + Duration::minutes(1), 10).await.unwrap().len(), 1);
}

async fn an_expired_idempotency_key_may_be_used_again(store: impl Store) {
    let mut first = submission("FHJK-MNPR", None);
    first.idempotency = claim("key-2", "fp", t0() + Duration::hours(24));
    store.submit(&first, t0()).await.unwrap();
    let later = t0() + Duration::hours(25);
    let mut again = submission("HJKM-NPRT", None);
    again.idempotency = claim("key-2", "fp", later + Duration::hours(24));
    assert_eq!(store.submit(&again, later).await.unwrap(), SubmitOutcome::Stored);
}

async fn a_claimed_message_cannot_be_claimed_again_until_its_lease_ends(store: impl Store) {
    let sub = submission("JKMN-PRTW", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    let claimed = store
        .claim(id, t0(), t0() + Duration::minutes(2))
        .await
        .unwrap()
        .expect("claimed");
    assert_eq!(claimed.message, sub.outbox[0]);
    assert_eq!(claimed.attempts, 0);
    assert!(
        store
            .claim(id, t0() + Duration::minutes(1), t0() + Duration::minutes(3))
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.ready(t0() + Duration::minutes(1), 10).await.unwrap().is_empty());
    // A worker that died mid-send: after the lease, someone else may take it.
    assert!(
        store
            .claim(id, t0() + Duration::minutes(3), t0() + Duration::minutes(5))
            .await
            .unwrap()
            .is_some()
    );
}

async fn a_sent_message_is_never_ready_or_claimable_again(store: impl Store) {
    let sub = submission("KMNP-RTWX", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    store
        .claim(id, t0(), t0() + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    store
        .settle(
            id,
            &Delivery::Sent {
                provider_id: "msg-1".into(),
            },
            t0(),
        )
        .await
        .unwrap();
    let much_later = t0() + Duration::days(1);
    assert!(store.ready(much_later, 10).await.unwrap().is_empty());
    assert!(
        store
            .claim(id, much_later, much_later + Duration::minutes(2))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_message_to_retry_waits_for_its_time_and_counts_its_attempts(store: impl Store) {
    let sub = submission("MNPR-WXYA", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    store
        .claim(id, t0(), t0() + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    let retry_at = t0() + Duration::minutes(5);
    store
        .settle(
            id,
            &Delivery::Retry {
                retry_at,
                error: "throttled".into(),
            },
            t0(),
        )
        .await
        .unwrap();
    assert!(store.ready(t0() + Duration::minutes(4), 10).await.unwrap().is_empty());
    assert!(
        store
            .claim(id, t0() + Duration::minutes(4), t0() + Duration::minutes(6))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.ready(retry_at, 10).await.unwrap(), vec![id.clone()]);
    let again = store
        .claim(id, retry_at, retry_at + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.attempts, 1);
}

async fn a_dead_message_is_kept_but_never_ready(store: impl Store) {
    let sub = submission("NPRT-XYAC", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    store
        .claim(id, t0(), t0() + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    store
        .settle(
            id,
            &Delivery::Dead {
                error: "address rejected".into(),
            },
            t0(),
        )
        .await
        .unwrap();
    assert!(store.ready(t0() + Duration::days(1), 10).await.unwrap().is_empty());
}

async fn a_dead_message_is_listed_and_can_be_redriven_once(store: impl Store) {
    let sub = submission("RTWX-ACDE", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    store
        .claim(id, t0(), t0() + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    store
        .settle(
            id,
            &Delivery::Dead {
                error: "mailbox does not exist".into(),
            },
            t0(),
        )
        .await
        .unwrap();
    let dead = store.dead(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        (dead[0].id.as_str(), dead[0].attempts, dead[0].last_error.as_str()),
        (id.as_str(), 1, "mailbox does not exist")
    );
    let later = t0() + Duration::hours(1);
    assert!(store.redrive(id, later).await.unwrap());
    assert!(
        !store.redrive(id, later).await.unwrap(),
        "only a dead message can be redriven"
    );
    assert!(store.dead(10).await.unwrap().is_empty());
    assert_eq!(store.ready(later, 10).await.unwrap(), vec![id.clone()]);
    assert_eq!(
        store
            .claim(id, later, later + Duration::minutes(2))
            .await
            .unwrap()
            .unwrap()
            .attempts,
        0
    );
}

async fn two_workers_claiming_at_once_never_both_win(store: impl Store) {
    let sub = submission("PRTW-YACD", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let id = &sub.outbox[0].id;
    let lease = t0() + Duration::minutes(2);
    let (a, b) = tokio::join!(store.claim(id, t0(), lease), store.claim(id, t0(), lease));
    assert_eq!(a.unwrap().is_some() as u8 + b.unwrap().is_some() as u8, 1);
}

fn status_change(case: &Case, to: Status, at: DateTime<Utc>) -> CaseChange {
    CaseChange {
        tallies: vec![],
        case: case.with_status(to, at).unwrap(),
        expected_version: case.version,
        event: CaseEvent::new(
            at,
            Actor::Officer("jane-smith".into()),
            CaseEventKind::StatusChanged { from: case.status, to },
        ),
        outbox: vec![],
    }
}

async fn a_change_at_the_expected_version_replaces_the_case_and_extends_its_history(store: impl Store) {
    let sub = submission("ACDE-HJKM", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let mut change = status_change(&sub.case, Status::InProgress, t0() + Duration::hours(1));
    change.event.text = Some("Crew booked for Thursday".into());
    store.apply(&change).await.unwrap();
    let record = store.case(&sub.case.reference).await.unwrap().unwrap();
    assert_eq!(record.case, change.case);
    assert_eq!(record.case.version, 2);
    assert_eq!(record.history, vec![sub.event.clone(), change.event.clone()]);
}

async fn a_change_to_a_stale_version_is_a_conflict_and_writes_nothing(store: impl Store) {
    let sub = submission("CDEF-JKMN", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let first = status_change(&sub.case, Status::InProgress, t0() + Duration::hours(1));
    store.apply(&first).await.unwrap();
    // A second officer, still looking at version 1.
    let mut stale = status_change(&sub.case, Status::Fixed, t0() + Duration::hours(2));
    stale.outbox = sub
        .outbox
        .iter()
        .map(|m| OutboxMessage {
            id: format!("{}-stale", m.id),
            ..m.clone()
        })
        .collect();
    assert!(matches!(store.apply(&stale).await, Err(StoreError::Conflict)));
    let record = store.case(&sub.case.reference).await.unwrap().unwrap();
    assert_eq!(record.case.status, Status::InProgress);
    assert_eq!(record.history.len(), 2);
    assert_eq!(
        store.ready(t0() + Duration::days(1), 10).await.unwrap().len(),
        1,
        "only the acknowledgement"
    );
}

async fn a_change_to_a_missing_case_is_a_conflict(store: impl Store) {
    let sub = submission("DEFH-KMNP", None);
    assert!(matches!(
        store.apply(&status_change(&sub.case, Status::Fixed, t0())).await,
        Err(StoreError::Conflict)
    ));
}

async fn only_open_cases_not_yet_reported_late_are_due_oldest_first(store: impl Store) {
    let a = submission("EFHJ-MNPR", None);
    let b = submission("FHJK-NPRT", None);
    let c = submission("HJKM-PRTW", None);
    for sub in [&a, &b, &c] {
        store.submit(sub, t0()).await.unwrap();
    }
    let due_at = a.case.overdue_from;
    assert!(
        store.due(due_at - Duration::seconds(1), 10).await.unwrap().is_empty(),
        "nothing is due early"
    );
    assert_eq!(store.due(due_at, 10).await.unwrap().len(), 3);
    store
        .apply(&CaseChange {
            tallies: vec![],
            case: b.case.breach_recorded(),
            expected_version: 1,
            event: CaseEvent::new(due_at, Actor::System, CaseEventKind::BreachNotified),
            outbox: vec![],
        })
        .await
        .unwrap();
    store.apply(&status_change(&c.case, Status::Fixed, t0())).await.unwrap();
    let due = store.due(due_at + Duration::days(30), 10).await.unwrap();
    assert_eq!(
        due.iter().map(|c| c.reference.clone()).collect::<Vec<_>>(),
        vec![a.case.reference.clone()]
    );
    assert_eq!(
        due[0].reporter(),
        a.case.reporter(),
        "the whole case, to notify its resident"
    );
}

async fn a_team_queue_pages_through_open_cases_oldest_due_first_with_filters(store: impl Store) {
    let refs = ["JKMN-RTWX", "KMNP-TWXY", "MNPR-WXYA", "NPRT-XYAC", "PRTW-YACD"];
    let mut subs = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let mut sub = submission(r, None);
        // Later submissions are due later.
        sub.case.overdue_from += Duration::days(i as i64);
        store.submit(&sub, t0()).await.unwrap();
        subs.push(sub);
    }
    store
        .apply(&status_change(&subs[1].case, Status::Fixed, t0()))
        .await
        .unwrap();
    store
        .apply(&status_change(&subs[2].case, Status::InProgress, t0()))
        .await
        .unwrap();
    let team = subs[0].case.team.clone();

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .queue(&team, &QueueFilter::default(), after.as_deref(), 2)
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|c| c.reference.to_string()));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["JKMN-RTWX", "MNPR-WXYA", "NPRT-XYAC", "PRTW-YACD"],
        "open only, oldest due first, each once"
    );

    let in_progress = QueueFilter {
        status: Some(Status::InProgress),
        ..QueueFilter::default()
    };
    let page = store.queue(&team, &in_progress, None, 10).await.unwrap();
    assert_eq!(
        page.items.iter().map(|c| c.reference.to_string()).collect::<Vec<_>>(),
        ["MNPR-WXYA"]
    );
    let elsewhere = QueueFilter {
        ward: Some(shared::domain::WardId::parse("castle-hill").unwrap()),
        ..QueueFilter::default()
    };
    assert!(store.queue(&team, &elsewhere, None, 10).await.unwrap().items.is_empty());
    let other_team = shared::domain::TeamId::parse("highways").unwrap();
    assert!(
        store
            .queue(&other_team, &QueueFilter::default(), None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

async fn a_team_lists_its_fixed_and_closed_cases_most_recently_closed_first(store: impl Store) {
    let refs = ["JKMN-RTWX", "KMNP-TWXY", "MNPR-WXYA", "NPRT-XYAC", "PRTW-YACD"];
    let mut subs = Vec::new();
    for r in refs {
        let sub = submission(r, None);
        store.submit(&sub, t0()).await.unwrap();
        subs.push(sub);
    }
    // Closed at different times, not in reference order; the last stays open.
    let closings = [
        (0, Status::Fixed, 3),
        (1, Status::NoFurtherAction, 1),
        (2, Status::Fixed, 5),
        (3, Status::Duplicate, 2),
    ];
    let mut closed_cases = Vec::new();
    for (i, status, hours) in closings {
        let change = status_change(&subs[i].case, status, t0() + Duration::hours(hours));
        store.apply(&change).await.unwrap();
        closed_cases.push(change.case);
    }
    let team = subs[0].case.team.clone();
    let closed = QueueFilter {
        closed: true,
        ..QueueFilter::default()
    };
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.queue(&team, &closed, after.as_deref(), 2).await.unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|c| c.reference.to_string()));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["MNPR-WXYA", "JKMN-RTWX", "NPRT-XYAC", "KMNP-TWXY"],
        "closed only, the most recently closed first, each once"
    );
    let open: Vec<String> = store
        .queue(&team, &QueueFilter::default(), None, 10)
        .await
        .unwrap()
        .items
        .iter()
        .map(|c| c.reference.to_string())
        .collect();
    assert_eq!(open, ["PRTW-YACD"], "a closed case is not in the open queue");

    let fixed = QueueFilter {
        status: Some(Status::Fixed),
        ..closed.clone()
    };
    let page = store.queue(&team, &fixed, None, 10).await.unwrap();
    assert_eq!(
        page.items.iter().map(|c| c.reference.to_string()).collect::<Vec<_>>(),
        ["MNPR-WXYA", "JKMN-RTWX"]
    );
    let open_status_among_closed = QueueFilter {
        status: Some(Status::Open),
        ..closed.clone()
    };
    assert!(
        store
            .queue(&team, &open_status_among_closed, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // Reopened, it leaves the closed list and is back in the queue.
    let was = &closed_cases[0];
    let at = t0() + Duration::hours(6);
    store
        .apply(&CaseChange {
            tallies: vec![],
            case: was.reopened(at).unwrap(),
            expected_version: was.version,
            event: CaseEvent::new(
                at,
                Actor::Officer("jane-smith".into()),
                CaseEventKind::StatusChanged {
                    from: was.status,
                    to: Status::Open,
                },
            ),
            outbox: vec![],
        })
        .await
        .unwrap();
    let page = store.queue(&team, &closed, None, 10).await.unwrap();
    assert_eq!(
        page.items.iter().map(|c| c.reference.to_string()).collect::<Vec<_>>(),
        ["MNPR-WXYA", "NPRT-XYAC", "KMNP-TWXY"]
    );
    let page = store.queue(&team, &QueueFilter::default(), None, 10).await.unwrap();
    assert!(page.items.iter().any(|c| c.reference.as_str() == "JKMN-RTWX"));
}

fn sign_in_email(id: &str) -> OutboxMessage {
    OutboxMessage {
        id: id.into(),
        created_at: t0(),
        notice: shared::email::Notice::SignInLink(shared::email::SignInLink {
            lang: Default::default(),
            to: "jane.smith@ashworth.example".into(),
            name: "Jane Smith".into(),
            url: "https://example.test/sign-in/tok".into(),
            valid_minutes: 15,
            council: "Ashworth".into(),
        }),
    }
}

async fn a_sign_in_token_works_once_and_not_after_it_expires(store: impl Store) {
    store
        .issue_token(
            "hash-1",
            "officer:jane-smith",
            t0() + Duration::minutes(15),
            &sign_in_email("m-1"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.ready(t0(), 10).await.unwrap(),
        vec!["m-1".to_owned()],
        "the link's email is queued with it"
    );
    assert_eq!(
        store
            .consume_token("hash-1", t0() + Duration::minutes(1))
            .await
            .unwrap()
            .as_deref(),
        Some("officer:jane-smith")
    );
    assert_eq!(
        store
            .consume_token("hash-1", t0() + Duration::minutes(2))
            .await
            .unwrap(),
        None,
        "used"
    );
    store
        .issue_token(
            "hash-2",
            "officer:jane-smith",
            t0() + Duration::minutes(15),
            &sign_in_email("m-2"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .consume_token("hash-2", t0() + Duration::minutes(16))
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(store.consume_token("no-such-hash", t0()).await.unwrap(), None);
}

async fn sign_in_attempts_are_counted_per_address_and_window(store: impl Store) {
    let window = t0();
    let expires = window + Duration::minutes(30);
    assert_eq!(store.count_attempt("addr-a", window, expires).await.unwrap(), 1);
    assert_eq!(store.count_attempt("addr-a", window, expires).await.unwrap(), 2);
    assert_eq!(store.count_attempt("addr-b", window, expires).await.unwrap(), 1);
    let next = window + Duration::minutes(15);
    assert_eq!(
        store
            .count_attempt("addr-a", next, next + Duration::minutes(30))
            .await
            .unwrap(),
        1
    );
}

async fn a_session_lives_until_it_expires_or_is_revoked(store: impl Store) {
    store
        .create_session("s-1", "councillor:amira-patel", t0() + Duration::hours(8))
        .await
        .unwrap();
    assert_eq!(
        store.session("s-1", t0()).await.unwrap().as_deref(),
        Some("councillor:amira-patel")
    );
    assert_eq!(store.session("s-1", t0() + Duration::hours(9)).await.unwrap(), None);
    store.revoke_session("s-1").await.unwrap();
    assert_eq!(store.session("s-1", t0()).await.unwrap(), None);
    assert_eq!(store.session("s-unknown", t0()).await.unwrap(), None);
    store.revoke_session("s-unknown").await.unwrap();
}

fn consent(at: DateTime<Utc>, event: shared::domain::consent::ConsentEvent) -> shared::domain::consent::ConsentRecord {
    shared::domain::consent::ConsentRecord {
        resident: "keyed-hash-of-the-email".into(),
        at,
        channel: shared::domain::consent::ConsentChannel::ReportForm,
        event,
    }
}

async fn consent_records_are_appended_and_read_back_unchanged_in_order(store: impl Store) {
    use shared::domain::consent::{ConsentEvent, NoticeShown, current_scope};
    let sub = submission("RTWX-CDEF", Some("jo@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let reference = &sub.case.reference;
    assert!(store.consents(reference).await.unwrap().is_empty());
    let scope = vec![shared::domain::CouncillorId::parse("amira-patel").unwrap()];
    let given = consent(
        t0(),
        ConsentEvent::Given {
            notice: NoticeShown {
                lang: Default::default(),
                version: "2026-11-01".into(),
                text_hash: "ab".repeat(32),
            },
            scope: scope.clone(),
        },
    );
    store.append_consent(reference, &given).await.unwrap();
    assert_eq!(
        current_scope(&store.consents(reference).await.unwrap()),
        scope.as_slice()
    );
    let withdrawn = consent(t0() + Duration::days(2), ConsentEvent::Withdrawn);
    store.append_consent(reference, &withdrawn).await.unwrap();
    let records = store.consents(reference).await.unwrap();
    assert_eq!(
        records,
        vec![given.clone(), withdrawn],
        "the consent is kept as it was, the withdrawal added"
    );
    assert!(current_scope(&records).is_empty());
    // The case itself reads as before: consent records live beside it, not in its history.
    assert_eq!(
        store.case(reference).await.unwrap().unwrap().history,
        vec![sub.event.clone()]
    );
}

/// A registered resident's case as the real submission stores it: the resident key, a
/// consent record naming the ward's councillors, and a note in its history.
fn consented(reference: &str, email: &str, at: DateTime<Utc>) -> Submission {
    use shared::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord, NoticeShown};
    let mut sub = submission(reference, Some(email));
    sub.case.submitted_at = at;
    sub.event.at = at;
    let key = format!("key-of-{email}");
    if let Some(p) = sub.case.personal.as_mut() {
        p.resident_key = Some(key.clone());
    }
    sub.consent = Some(ConsentRecord {
        resident: key,
        at,
        channel: ConsentChannel::ReportForm,
        event: ConsentEvent::Given {
            notice: NoticeShown {
                lang: Default::default(),
                version: "2026-11-01".into(),
                text_hash: "cd".repeat(32),
            },
            scope: vec![shared::domain::CouncillorId::parse("amira-patel").unwrap()],
        },
    });
    sub
}

fn cid(id: &str) -> shared::domain::CouncillorId {
    shared::domain::CouncillorId::parse(id).unwrap()
}

async fn a_submission_stores_its_consent_and_follower_with_the_case(store: impl Store) {
    let mut sub = consented("ACDE-FHJK", "kim@example.com", t0());
    sub.follower = Some(cid("tom-hughes"));
    store.submit(&sub, t0()).await.unwrap();
    let reference = &sub.case.reference;
    assert_eq!(
        store.consents(reference).await.unwrap(),
        vec![sub.consent.clone().unwrap()]
    );
    assert_eq!(store.followers(reference).await.unwrap(), vec![cid("tom-hughes")]);
    assert_eq!(
        store.resident_cases("key-of-kim@example.com").await.unwrap(),
        vec![reference.clone()]
    );
    assert!(store.resident_cases("key-of-someone-else").await.unwrap().is_empty());
}

async fn follows_are_idempotent_listed_newest_first_and_undone(store: impl Store) {
    let refs = ["CDEF-HJKM", "DEFH-JKMN", "EFHJ-KMNP"];
    for r in refs {
        store.submit(&submission(r, None), t0()).await.unwrap();
    }
    let amira = cid("amira-patel");
    for (i, r) in refs.iter().enumerate() {
        let at = t0() + Duration::minutes(i as i64);
        store.follow(&amira, &CaseRef::parse(r).unwrap(), at).await.unwrap();
    }
    // Following again changes nothing.
    store
        .follow(&amira, &CaseRef::parse(refs[0]).unwrap(), t0())
        .await
        .unwrap();
    let first = store.following(&amira, None, 2).await.unwrap();
    assert_eq!(
        first.items,
        vec![CaseRef::parse(refs[2]).unwrap(), CaseRef::parse(refs[1]).unwrap()]
    );
    let second = store.following(&amira, first.next.as_deref(), 2).await.unwrap();
    assert_eq!(second.items, vec![CaseRef::parse(refs[0]).unwrap()]);
    assert_eq!(second.next, None);
    assert!(
        store
            .following(&cid("tom-hughes"), None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    store.unfollow(&amira, &CaseRef::parse(refs[1]).unwrap()).await.unwrap();
    assert!(
        store
            .followers(&CaseRef::parse(refs[1]).unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.following(&amira, None, 10).await.unwrap().items.len(), 2);
}

/// Cursors are the store's own: an edited one (from an address bar) reads from the start
/// of the list, never an error and never a query built from it.
async fn an_edited_cursor_reads_from_the_start(store: impl Store) {
    let sub = submission("MNPR-TWXY", None);
    store.submit(&sub, t0()).await.unwrap();
    let amira = cid("amira-patel");
    store.follow(&amira, &sub.case.reference, t0()).await.unwrap();
    for junk in [
        "nonsense",
        "'; drop table cases; --",
        "2026-11-24T10:00:00Z#not-a-ref",
        "#",
        "",
    ] {
        let ward = store
            .ward_cases(&sub.case.ward, &WardFilter::default(), Some(junk), 10)
            .await
            .unwrap();
        assert_eq!(ward.items.len(), 1, "ward list, cursor {junk:?}");
        let queue = store
            .queue(&sub.case.team, &QueueFilter::default(), Some(junk), 10)
            .await
            .unwrap();
        assert_eq!(queue.items.len(), 1, "team queue, cursor {junk:?}");
        let following = store.following(&amira, Some(junk), 10).await.unwrap();
        assert_eq!(
            following.items,
            vec![sub.case.reference.clone()],
            "follows, cursor {junk:?}"
        );
    }
}

async fn a_ward_lists_its_cases_newest_first_with_filters_and_pages(store: impl Store) {
    let refs = ["FHJK-MNPR", "HJKM-NPRT", "JKMN-PRTW", "KMNP-RTWX"];
    let mut subs = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let mut sub = submission(r, None);
        sub.case.submitted_at = t0() + Duration::days(i as i64);
        sub.event.at = sub.case.submitted_at;
        store.submit(&sub, t0()).await.unwrap();
        subs.push(sub);
    }
    let ward = subs[0].case.ward.clone();
    let all = WardFilter::default();
    let first = store.ward_cases(&ward, &all, None, 3).await.unwrap();
    let got: Vec<&str> = first.items.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(got, ["KMNP-RTWX", "JKMN-PRTW", "HJKM-NPRT"], "newest first");
    let rest = store.ward_cases(&ward, &all, first.next.as_deref(), 3).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.next, None);

    store
        .apply(&status_change(&subs[1].case, Status::Fixed, t0()))
        .await
        .unwrap();
    let fixed = WardFilter {
        status: Some(Status::Fixed),
        ..WardFilter::default()
    };
    let got = store.ward_cases(&ward, &fixed, None, 10).await.unwrap();
    assert_eq!(got.items.len(), 1);
    assert_eq!(got.items[0].reference.as_str(), "HJKM-NPRT");
    assert_eq!(got.items[0].status, Status::Fixed, "the case as it is now");

    let days_one_and_two = WardFilter {
        from: Some(t0() + Duration::days(1)),
        until: Some(t0() + Duration::days(2) + Duration::hours(1)),
        ..WardFilter::default()
    };
    let got: Vec<String> = store
        .ward_cases(&ward, &days_one_and_two, None, 10)
        .await
        .unwrap()
        .items
        .iter()
        .map(|c| c.reference.to_string())
        .collect();
    assert_eq!(got, ["JKMN-PRTW", "HJKM-NPRT"]);
    // A cursor from another range (an address edited after paging) and a range that ends
    // before it starts: DynamoDB refuses both requests outright, so the store must not send
    // them. A cursor past the range's end starts from its top; one before its start, and a
    // reversed range, find nothing.
    let refs_of = |p: shared::ports::Page<Case>| p.items.iter().map(|c| c.reference.to_string()).collect::<Vec<_>>();
    let newest = store.ward_cases(&ward, &all, None, 1).await.unwrap();
    let got = store
        .ward_cases(&ward, &days_one_and_two, newest.next.as_deref(), 10)
        .await
        .unwrap();
    assert_eq!(refs_of(got), ["JKMN-PRTW", "HJKM-NPRT"], "cursor past the end");
    let below = format!(
        "{}#FHJK-MNPR",
        (t0() - Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    );
    let got = store
        .ward_cases(&ward, &days_one_and_two, Some(&below), 10)
        .await
        .unwrap();
    assert_eq!(refs_of(got), Vec::<String>::new(), "cursor before the start");
    let reversed = WardFilter {
        from: days_one_and_two.until,
        until: days_one_and_two.from,
        ..WardFilter::default()
    };
    let got = store.ward_cases(&ward, &reversed, None, 10).await.unwrap();
    assert_eq!((got.items.len(), got.next), (0, None), "reversed range");
    let other = shared::domain::WardId::parse("no-such-ward").unwrap();
    assert!(store.ward_cases(&other, &all, None, 10).await.unwrap().items.is_empty());
}

async fn access_records_are_appended_and_read_oldest_first(store: impl Store) {
    use shared::ports::{AccessPurpose, AccessRecord};
    let sub = submission("MNPR-TWXY", Some("lee@example.com"));
    store.submit(&sub, t0()).await.unwrap();
    let reference = &sub.case.reference;
    assert!(store.accesses(reference).await.unwrap().is_empty());
    let records = [
        AccessRecord {
            at: t0(),
            person: "officer:jane-smith".into(),
            purpose: AccessPurpose::CasePage,
        },
        AccessRecord {
            at: t0(),
            person: "councillor:amira-patel".into(),
            purpose: AccessPurpose::Email,
        },
        AccessRecord {
            at: t0() + Duration::minutes(1),
            person: "officer:jane-smith".into(),
            purpose: AccessPurpose::CaseJson,
        },
    ];
    for r in &records {
        store.record_access(reference, r).await.unwrap();
    }
    let mut read = store.accesses(reference).await.unwrap();
    assert!(read.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
    // Two at the same moment are both kept (in either order).
    read.sort_by(|a, b| (a.at, &a.person).cmp(&(b.at, &b.person)));
    let mut expected = records.to_vec();
    expected.sort_by(|a, b| (a.at, &a.person).cmp(&(b.at, &b.person)));
    assert_eq!(read, expected);
}

/// Closes the case (as an officer would) at `at`, with an internal and a public note.
async fn close(store: &impl Store, case: &Case, at: DateTime<Utc>) -> Case {
    let mut change = status_change(case, Status::Fixed, at);
    change.event.text = Some("Spoke to Kim Lowe on 07700 900 123".into());
    change.event.public_note = Some("Thanks Kim, all cleared".into());
    store.apply(&change).await.unwrap();
    change.case
}

async fn erasure_removes_every_personal_detail_and_keeps_the_statistics(store: impl Store) {
    let sub = consented("NPRT-WXYA", "kim.lowe@example.com", t0());
    store.submit(&sub, t0()).await.unwrap();
    let reference = sub.case.reference.clone();
    let closed = close(&store, &sub.case, t0() + Duration::days(1)).await;
    let at = t0() + Duration::days(2);
    assert!(
        store
            .erase(&reference, ErasureReason::ResidentRequest, at, None)
            .await
            .unwrap()
    );
    let record = store.case(&reference).await.unwrap().unwrap();
    assert_eq!(record.case.personal, None);
    assert_eq!(record.case.status, Status::Fixed, "the statistics stay");
    assert_eq!(record.case.category, closed.category);
    assert_eq!(record.case.coarse_location, closed.coarse_location);
    assert_eq!(record.history.len(), 3, "submitted, fixed, erased");
    assert!(
        record
            .history
            .iter()
            .all(|e| e.text.is_none() && e.public_note.is_none())
    );
    assert_eq!(
        record.history.last().unwrap().kind,
        CaseEventKind::Erased {
            reason: ErasureReason::ResidentRequest
        }
    );
    assert!(store.consents(&reference).await.unwrap().is_empty());
    assert!(
        store
            .resident_cases("key-of-kim.lowe@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .closed_before(at + Duration::days(10_000), 10)
            .await
            .unwrap()
            .is_empty(),
        "no longer due for anonymisation"
    );
    // Again: nothing left to remove, nothing written.
    assert!(
        !store
            .erase(&reference, ErasureReason::ResidentRequest, at, None)
            .await
            .unwrap()
    );
    assert_eq!(store.case(&reference).await.unwrap().unwrap().history.len(), 3);
    // A case that never existed: nothing to do.
    let ghost = CaseRef::parse("WXYA-CDEF").unwrap();
    assert!(
        !store
            .erase(&ghost, ErasureReason::ResidentRequest, at, None)
            .await
            .unwrap()
    );
}

/// UK GDPR art. 17(3)(b): the resident's name and contact details go at once; the
/// description, location and job notes stay while the case is open, and go at the first
/// retention run after it closes, whatever the retention period.
async fn erasing_an_open_case_keeps_what_the_job_needs_until_it_closes(store: impl Store) {
    let sub = consented("HJKM-NPRT", "kim.lowe@example.com", t0());
    store.submit(&sub, t0()).await.unwrap();
    let reference = sub.case.reference.clone();
    let mut working = status_change(&sub.case, Status::InProgress, t0() + Duration::hours(1));
    working.event.text = Some("Crew booked for Thursday".into());
    store.apply(&working).await.unwrap();
    let at = t0() + Duration::hours(2);
    assert!(
        store
            .erase(&reference, ErasureReason::ResidentRequest, at, None)
            .await
            .unwrap()
    );
    let record = store.case(&reference).await.unwrap().unwrap();
    let kept = record.case.personal.clone().expect("the job's details stay while open");
    assert_eq!((kept.reporter, kept.resident_key), (None, None), "contact details gone");
    assert_eq!(kept.description, sub.case.personal.as_ref().unwrap().description);
    assert!(record.case.details_erased());
    assert_eq!(record.history[1].text.as_deref(), Some("Crew booked for Thursday"));
    assert!(store.consents(&reference).await.unwrap().is_empty());
    assert!(
        store
            .resident_cases("key-of-kim.lowe@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .closed_before(at + Duration::days(10_000), 10)
            .await
            .unwrap()
            .is_empty(),
        "an open case is not due"
    );
    // Asked again: nothing more to remove while it is open.
    assert!(
        !store
            .erase(&reference, ErasureReason::ResidentRequest, at, None)
            .await
            .unwrap()
    );
    // Closed: due at the next retention run, though closed only a minute before it.
    let closed_at = t0() + Duration::days(1);
    store
        .apply(&status_change(&record.case, Status::Fixed, closed_at))
        .await
        .unwrap();
    let retention_cutoff = closed_at + Duration::minutes(1) - Duration::days(730);
    assert_eq!(
        store.closed_before(retention_cutoff, 10).await.unwrap(),
        vec![reference.clone()]
    );
    assert!(
        store
            .erase(&reference, ErasureReason::Retention, closed_at, Some(retention_cutoff))
            .await
            .unwrap()
    );
    let record = store.case(&reference).await.unwrap().unwrap();
    assert_eq!(record.case.personal, None);
    assert!(
        record
            .history
            .iter()
            .all(|e| e.text.is_none() && e.public_note.is_none())
    );
    assert!(store.closed_before(retention_cutoff, 10).await.unwrap().is_empty());
}

/// The figures move in the same transaction as the changes that move them, in the council,
/// the case's team and its ward, and read back per range of buckets.
async fn tallies_add_up_in_every_scope_and_read_by_bucket_range(store: impl Store) {
    use shared::domain::performance::{Tally, bucket_of};
    let calendar = &common::council().calendar;
    let mut sub = submission("NPRT-WXYA", Some("jo@example.com"));
    sub.tallies = TallyChange::for_change(None, &sub.case, &sub.event, calendar);
    store.submit(&sub, t0()).await.unwrap();
    let mut fixed = status_change(&sub.case, Status::Fixed, t0() + Duration::days(1));
    fixed.tallies = TallyChange::for_change(Some(&sub.case), &fixed.case, &fixed.event, calendar);
    store.apply(&fixed).await.unwrap();
    let reopened_at = t0() + Duration::days(9);
    let reopened = CaseChange {
        case: fixed.case.reopened(reopened_at).unwrap(),
        expected_version: fixed.case.version,
        event: CaseEvent::new(reopened_at, Actor::Resident, CaseEventKind::Reopened),
        outbox: vec![],
        tallies: vec![],
    };
    let reopened = CaseChange {
        tallies: TallyChange::for_change(Some(&fixed.case), &reopened.case, &reopened.event, calendar),
        ..reopened
    };
    store.apply(&reopened).await.unwrap();

    let day = |t: DateTime<Utc>| t.date_naive();
    let (first, last) = (bucket_of(day(t0())), bucket_of(day(reopened_at)));
    let until = last + Duration::days(1);
    for scope in [
        Scope::Council,
        Scope::Team(sub.case.team.clone()),
        Scope::Ward(sub.case.ward.clone()),
    ] {
        let rows = store.tallies(&scope, first, until).await.unwrap();
        let mut total = Tally::default();
        for (category, _, t) in &rows {
            assert_eq!(category, &sub.case.category);
            total.add(t);
        }
        // Submitted, completed within a day, then reopened: the completion no longer stands.
        assert_eq!(
            (total.new, total.completed, total.within_standard, total.reopened),
            (1, 0, 0, 1),
            "{scope:?}"
        );
        assert!(total.days.iter().all(|n| *n == 0), "{scope:?}");
        // The range leaves out buckets before `from` and from `until` on.
        let before = store.tallies(&scope, first - Duration::days(60), first).await.unwrap();
        assert!(before.is_empty(), "{scope:?}");
        let only_first = store.tallies(&scope, first, first + Duration::days(1)).await.unwrap();
        assert_eq!(only_first.iter().map(|(_, _, t)| t.new).sum::<i64>(), 1);
    }
    let other = store
        .tallies(
            &Scope::Ward(shared::domain::WardId::parse("castle-hill").unwrap()),
            first,
            until,
        )
        .await
        .unwrap();
    assert!(other.is_empty(), "another ward counts nothing");
}

/// A completion undone in the same bucket (fixed, then "not fixed" the same morning) moves
/// one item per scope, once: DynamoDB refuses two writes to one item in a transaction.
async fn a_completion_undone_in_the_same_bucket_is_one_write_per_scope(store: impl Store) {
    let calendar = &common::council().calendar;
    let mut sub = submission("RTWX-ACDE", None);
    sub.tallies = TallyChange::for_change(None, &sub.case, &sub.event, calendar);
    store.submit(&sub, t0()).await.unwrap();
    let mut fixed = status_change(&sub.case, Status::Fixed, t0() + Duration::hours(1));
    fixed.tallies = TallyChange::for_change(Some(&sub.case), &fixed.case, &fixed.event, calendar);
    store.apply(&fixed).await.unwrap();
    let at = t0() + Duration::hours(2);
    let case = fixed.case.reopened(at).unwrap();
    let event = CaseEvent::new(at, Actor::Resident, CaseEventKind::Reopened);
    let mut tallies = TallyChange::for_change(Some(&fixed.case), &case, &event, calendar);
    // As if two moves of the same bucket had come separately: the store adds them first.
    tallies.push(TallyChange {
        tally: shared::domain::performance::Tally::default(),
        ..tallies[0].clone()
    });
    store
        .apply(&CaseChange {
            case,
            expected_version: fixed.case.version,
            event,
            outbox: vec![],
            tallies,
        })
        .await
        .unwrap();
    let day = t0().date_naive();
    let rows = store
        .tallies(&Scope::Council, day - Duration::days(7), day + Duration::days(7))
        .await
        .unwrap();
    let (new, completed, reopened) = rows.iter().fold((0, 0, 0), |(n, c, r), (_, _, t)| {
        (n + t.new, c + t.completed, r + t.reopened)
    });
    assert_eq!((new, completed, reopened), (1, 0, 1));
}

/// A rebuild's repair: the scope holds exactly the rows given afterwards, other scopes
/// are untouched.
async fn replacing_a_scopes_tallies_leaves_exactly_the_rows_given(store: impl Store) {
    use shared::domain::performance::Tally;
    let calendar = &common::council().calendar;
    let mut sub = submission("PRTW-XYAC", None);
    sub.tallies = TallyChange::for_change(None, &sub.case, &sub.event, calendar);
    store.submit(&sub, t0()).await.unwrap();
    let ward = Scope::Ward(sub.case.ward.clone());
    let day = t0().date_naive();
    let (from, until) = (day - Duration::days(40), day + Duration::days(40));
    let mut days = Tally::default();
    days.days[3] = 2;
    days.late[2] = 1;
    days.late[6] = -1;
    let rows = vec![(
        sub.case.category.clone(),
        day - Duration::days(14),
        Tally {
            new: 5,
            completed: 2,
            within_standard: 1,
            ..days
        },
    )];
    store.replace_tallies(&ward, &rows).await.unwrap();
    assert_eq!(store.tallies(&ward, from, until).await.unwrap(), rows);
    assert!(
        store.tallies(&ward, until, from).await.unwrap().is_empty(),
        "a reversed range holds nothing"
    );
    assert_eq!(
        store.tallies(&Scope::Council, from, until).await.unwrap().len(),
        2,
        "the council's figures from the submission (its new case, and its joining the backlog the day after its standard) are untouched"
    );
    store.replace_tallies(&ward, &[]).await.unwrap();
    assert!(store.tallies(&ward, from, until).await.unwrap().is_empty());
}

async fn closed_cases_holding_personal_data_are_due_for_retention_oldest_first(store: impl Store) {
    let refs = ["PRTW-XYAC", "RTWX-YACD", "TWXY-ACDE"];
    let mut cases = Vec::new();
    for r in refs {
        let sub = consented(r, &format!("{}@example.com", r.to_lowercase()), t0());
        store.submit(&sub, t0()).await.unwrap();
        cases.push(sub.case);
    }
    // The anonymous case holds a description and pin too, so it is due as well.
    let anonymous = submission("XYAC-DEFH", None);
    store.submit(&anonymous, t0()).await.unwrap();
    let third_closed = close(&store, &cases[2], t0() + Duration::days(1)).await;
    close(&store, &cases[0], t0() + Duration::days(2)).await;
    close(&store, &anonymous.case, t0() + Duration::days(3)).await;
    // cases[1] stays open: never due.
    let cutoff = t0() + Duration::days(10);
    let due = store.closed_before(cutoff, 10).await.unwrap();
    let got: Vec<&str> = due.iter().map(CaseRef::as_str).collect();
    assert_eq!(got, ["TWXY-ACDE", "PRTW-XYAC", "XYAC-DEFH"], "oldest closed first");
    assert_eq!(store.closed_before(cutoff, 1).await.unwrap().len(), 1);
    assert_eq!(
        store.closed_before(t0() + Duration::days(1), 10).await.unwrap(),
        Vec::<CaseRef>::new(),
        "closed at the cutoff is not before it"
    );

    // Reopened since it was found: the guarded erasure leaves it alone.
    store
        .apply(&status_change(&third_closed, Status::Open, t0() + Duration::days(4)))
        .await
        .unwrap();
    assert!(
        !store
            .erase(&third_closed.reference, ErasureReason::Retention, cutoff, Some(cutoff))
            .await
            .unwrap()
    );
    assert!(
        store
            .case(&third_closed.reference)
            .await
            .unwrap()
            .unwrap()
            .case
            .personal
            .is_some()
    );
    // Closed too recently for this cutoff: left alone as well.
    let early = t0() + Duration::days(2);
    assert!(
        !store
            .erase(&cases[0].reference, ErasureReason::Retention, cutoff, Some(early))
            .await
            .unwrap()
    );
    assert!(
        store
            .erase(&cases[0].reference, ErasureReason::Retention, cutoff, Some(cutoff))
            .await
            .unwrap()
    );
    let due = store.closed_before(cutoff, 10).await.unwrap();
    assert_eq!(due, vec![anonymous.case.reference.clone()]);
}

async fn a_queued_email_is_ready_to_send(store: impl Store) {
    let message = sign_in_email("queued");
    store.enqueue(&message).await.unwrap();
    let ready = store.ready(t0() + Duration::minutes(1), 10).await.unwrap();
    assert!(ready.contains(&message.id));
    let claimed = store
        .claim(&message.id, t0() + Duration::minutes(1), t0() + Duration::minutes(3))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.message, message);
}

/// Cases reported late are found by ward and when their standard passed, whatever they are
/// now; open cases not reported late, and other wards', are not.
async fn late_cases_are_listed_by_ward_and_the_time_their_standard_passed(store: impl Store) {
    let a = submission("ACDE-HJKM", None);
    let b = submission("CDEF-JKMN", None);
    let c = submission("DEFH-KMNP", None);
    for sub in [&a, &b, &c] {
        store.submit(sub, t0()).await.unwrap();
    }
    let due = a.case.overdue_from;
    for sub in [&a, &b] {
        store
            .apply(&CaseChange {
                tallies: vec![],
                case: sub.case.breach_recorded(),
                expected_version: 1,
                event: CaseEvent::new(due, Actor::System, CaseEventKind::BreachNotified),
                outbox: vec![],
            })
            .await
            .unwrap();
    }
    // Completed late since: still a case that went late.
    let b_now = store.case(&b.case.reference).await.unwrap().unwrap().case;
    store
        .apply(&status_change(&b_now, Status::Fixed, due + Duration::days(2)))
        .await
        .unwrap();
    let ward = a.case.ward.clone();
    let week = store
        .went_late(&ward, due - Duration::days(1), due + Duration::days(6))
        .await
        .unwrap();
    let refs: Vec<_> = week.iter().map(|c| c.reference.clone()).collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs.contains(&a.case.reference) && refs.contains(&b.case.reference));
    assert!(!refs.contains(&c.case.reference), "not reported late");
    // The range's end is left out, and a reversed or empty range finds nothing.
    assert!(
        store
            .went_late(&ward, due - Duration::days(7), due)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .went_late(&ward, due + Duration::days(1), due)
            .await
            .unwrap()
            .is_empty()
    );
    let other = shared::domain::WardId::parse("castle-hill").unwrap();
    assert!(
        store
            .went_late(&other, due - Duration::days(1), due + Duration::days(6))
            .await
            .unwrap()
            .is_empty()
    );
}

/// A digest is queued once per person and period: a second attempt writes nothing.
async fn a_digest_is_queued_once_per_person_and_period(store: impl Store) {
    use shared::email::SignInLink;
    let message = |n: u8| {
        OutboxMessage::new(
            t0(),
            Notice::SignInLink(SignInLink {
                lang: Default::default(),
                to: format!("cllr{n}@example.com"),
                name: "Cllr".into(),
                url: "https://example.com/sign-in/x".into(),
                council: "Ashworth".into(),
                valid_minutes: 15,
            }),
            &mut rand::rng(),
        )
    };
    let mark = DigestMark {
        person: "councillor:amira-patel".into(),
        period: "week:2026-11-16".into(),
    };
    assert!(!store.digest_sent(&mark).await.unwrap());
    assert!(store.enqueue_digest(&mark, &message(1)).await.unwrap());
    assert!(store.digest_sent(&mark).await.unwrap());
    assert!(
        !store.enqueue_digest(&mark, &message(2)).await.unwrap(),
        "marked already"
    );
    // Two at once for one period are the store's to serialise: SQLite's write lock does;
    // DynamoDB's transactions are serialisable (one is cancelled, tried again by
    // `DynamoStore::transact`, and finds the mark), but moto does not serialise concurrent
    // transactions, so that case is proven on SQLite (here and in the digest's tests) and
    // only the sequential one on moto.
    let next_week = DigestMark {
        period: "week:2026-11-23".into(),
        ..mark.clone()
    };
    let (m3, m4) = (message(3), message(4));
    assert!(store.enqueue_digest(&next_week, &m3).await.unwrap());
    assert!(!store.enqueue_digest(&next_week, &m4).await.unwrap());
    let ready = store.ready(t0() + Duration::days(1), 10).await.unwrap();
    assert_eq!(ready.len(), 2, "one message per period: {ready:?}");
}

/// Two digests for one person and period at once leave one message (SQLite; see above).
#[tokio::test]
async fn two_digests_at_once_for_one_period_leave_one_message() {
    use shared::email::SignInLink;
    let store = shared::adapters::sqlite::SqliteStore::in_memory().unwrap();
    let mark = DigestMark {
        person: "councillor:amira-patel".into(),
        period: "week:2026-11-23".into(),
    };
    let message = |n: u8| {
        OutboxMessage::new(
            t0(),
            Notice::SignInLink(SignInLink {
                lang: Default::default(),
                to: format!("cllr{n}@example.com"),
                name: "Cllr".into(),
                url: "https://example.com/sign-in/x".into(),
                council: "Ashworth".into(),
                valid_minutes: 15,
            }),
            &mut rand::rng(),
        )
    };
    for _ in 0..20 {
        let period = DigestMark {
            period: format!("week:{}", rand::random::<u32>()),
            ..mark.clone()
        };
        let (a, b) = (message(1), message(2));
        let (x, y) = tokio::join!(store.enqueue_digest(&period, &a), store.enqueue_digest(&period, &b));
        assert_eq!([x.unwrap(), y.unwrap()].iter().filter(|q| **q).count(), 1);
    }
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(shared::adapters::sqlite::SqliteStore::in_memory().unwrap()).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test]
                async fn $name() {
                    let client = super::common::dynamodb().await;
                    let table = super::common::fresh_table(&client).await;
                    super::$name(shared::adapters::dynamodb::DynamoStore::new(client, table)).await;
                }
            )*
        }
    };
}

contract!(
    status_changes_and_reopenings_are_listed_by_when_they_were_made,
    a_correction_moves_the_figures_in_one_transaction,
    late_cases_are_listed_by_ward_and_the_time_their_standard_passed,
    a_digest_is_queued_once_per_person_and_period,
    a_submitted_case_reads_back_whole_with_its_history,
    a_welsh_case_and_its_consent_keep_their_language,
    an_unknown_reference_reads_as_nothing,
    a_taken_reference_is_refused_and_nothing_of_the_second_report_is_stored,
    a_report_and_its_acknowledgement_are_stored_together,
    an_idempotency_key_seen_before_returns_the_first_case_and_stores_nothing_new,
    an_expired_idempotency_key_may_be_used_again,
    a_claimed_message_cannot_be_claimed_again_until_its_lease_ends,
    a_sent_message_is_never_ready_or_claimable_again,
    a_message_to_retry_waits_for_its_time_and_counts_its_attempts,
    a_dead_message_is_kept_but_never_ready,
    a_dead_message_is_listed_and_can_be_redriven_once,
    two_workers_claiming_at_once_never_both_win,
    a_change_at_the_expected_version_replaces_the_case_and_extends_its_history,
    a_change_to_a_stale_version_is_a_conflict_and_writes_nothing,
    a_change_to_a_missing_case_is_a_conflict,
    only_open_cases_not_yet_reported_late_are_due_oldest_first,
    a_team_queue_pages_through_open_cases_oldest_due_first_with_filters,
    a_team_lists_its_fixed_and_closed_cases_most_recently_closed_first,
    a_sign_in_token_works_once_and_not_after_it_expires,
    sign_in_attempts_are_counted_per_address_and_window,
    a_session_lives_until_it_expires_or_is_revoked,
    consent_records_are_appended_and_read_back_unchanged_in_order,
    a_submission_stores_its_consent_and_follower_with_the_case,
    follows_are_idempotent_listed_newest_first_and_undone,
    a_ward_lists_its_cases_newest_first_with_filters_and_pages,
    an_edited_cursor_reads_from_the_start,
    access_records_are_appended_and_read_oldest_first,
    erasure_removes_every_personal_detail_and_keeps_the_statistics,
    erasing_an_open_case_keeps_what_the_job_needs_until_it_closes,
    tallies_add_up_in_every_scope_and_read_by_bucket_range,
    replacing_a_scopes_tallies_leaves_exactly_the_rows_given,
    a_completion_undone_in_the_same_bucket_is_one_write_per_scope,
    closed_cases_holding_personal_data_are_due_for_retention_oldest_first,
    a_queued_email_is_ready_to_send,
);

/// Open311's `servicerequestupdates`: status changes and reopenings (not notes, not the
/// report itself), oldest first across days, the window's end left out, at most `limit`.
async fn status_changes_and_reopenings_are_listed_by_when_they_were_made(store: impl Store) {
    let (a, b) = (submission("ACDE-HJKM", None), submission("CDEF-JKMN", None));
    store.submit(&a, t0()).await.unwrap();
    store.submit(&b, t0()).await.unwrap();
    let t = |h: i64| t0() + Duration::hours(h);
    let a1 = status_change(&a.case, Status::InProgress, t(1));
    store.apply(&a1).await.unwrap();
    let note = CaseChange {
        tallies: vec![],
        case: a1.case.touched(),
        expected_version: a1.case.version,
        event: CaseEvent::new(t(2), Actor::Officer("jane-smith".into()), CaseEventKind::Noted),
        outbox: vec![],
    };
    store.apply(&note).await.unwrap();
    // The next day (UTC), and the day after: the index is kept by day.
    let b1 = status_change(&b.case, Status::Fixed, t(30));
    store.apply(&b1).await.unwrap();
    let b2 = CaseChange {
        tallies: vec![],
        case: b1.case.reopened(t(50)).unwrap(),
        expected_version: b1.case.version,
        event: CaseEvent::new(t(50), Actor::Resident, CaseEventKind::Reopened),
        outbox: vec![],
    };
    store.apply(&b2).await.unwrap();
    let update = |c: &Case, at, status| CaseUpdate {
        reference: c.reference.clone(),
        at,
        status,
    };
    let all = vec![
        update(&a.case, t(1), Status::InProgress),
        update(&b.case, t(30), Status::Fixed),
        update(&b.case, t(50), Status::Open),
    ];
    assert_eq!(store.case_updates(t0(), t(100), 10).await.unwrap(), all);
    assert_eq!(store.case_updates(t0(), t(100), 2).await.unwrap(), all[..2]);
    assert_eq!(
        store.case_updates(t(1), t(50), 10).await.unwrap(),
        all[..2],
        "end left out"
    );
    assert_eq!(store.case_updates(t(2), t(49), 10).await.unwrap(), all[1..2]);
    assert!(store.case_updates(t(51), t(100), 10).await.unwrap().is_empty());
    assert!(
        store.case_updates(t(50), t(1), 10).await.unwrap().is_empty(),
        "a reversed window"
    );
}

/// The personal details of the case `leaves_nothing` stores: none may survive erasure.
const PERSONAL: [&str; 6] = [
    "Jo Bloggs",
    "kim.lowe@example.com",
    "key-of-kim.lowe",
    "A mattress and two bags by the gate",
    "07700 900 123",
    "Thanks Kim",
];

/// Everything about a resident wardline stores, through every port that stores it, then
/// erased (or anonymised, for `reason` Retention), then `dump` of the whole store searched
/// for each personal detail.
async fn leaves_nothing<S, F, Fut>(store: S, reason: ErasureReason, dump: F)
where
    S: Store + Clone,
    F: Fn(S) -> Fut,
    Fut: std::future::Future<Output = String>,
{
    use shared::ports::{AccessPurpose, AccessRecord};
    let sub = consented("YACD-EFHJ", "kim.lowe@example.com", t0());
    store.submit(&sub, t0()).await.unwrap();
    let reference = sub.case.reference.clone();
    store.follow(&cid("amira-patel"), &reference, t0()).await.unwrap();
    store
        .record_access(
            &reference,
            &AccessRecord {
                at: t0(),
                person: "councillor:amira-patel".into(),
                purpose: AccessPurpose::CasePage,
            },
        )
        .await
        .unwrap();
    store
        .append_consent(
            &reference,
            &consent(
                t0() + Duration::hours(1),
                shared::domain::consent::ConsentEvent::Withdrawn,
            ),
        )
        .await
        .unwrap();
    close(&store, &sub.case, t0() + Duration::days(1)).await;
    let before = dump(store.clone()).await;
    for p in PERSONAL {
        assert!(before.contains(p), "the test stores {p:?} before erasing it: {before}");
    }
    // The emails go out (a sent email keeps no content), as they do within seconds.
    let later = t0() + Duration::days(2);
    for id in store.ready(later, 100).await.unwrap() {
        store
            .claim(&id, later, later + Duration::minutes(2))
            .await
            .unwrap()
            .unwrap();
        store
            .settle(
                &id,
                &Delivery::Sent {
                    provider_id: "p".into(),
                },
                later,
            )
            .await
            .unwrap();
    }
    let cutoff = (reason == ErasureReason::Retention).then_some(later);
    assert!(store.erase(&reference, reason, later, cutoff).await.unwrap());
    let after = dump(store.clone()).await;
    for p in PERSONAL {
        assert!(!after.contains(p), "{p:?} survived erasure");
    }
    assert!(after.contains(reference.as_str()), "the case itself stays");
}

async fn sqlite_dump(store: shared::adapters::sqlite::SqliteStore) -> String {
    store.dump_all_text().await.unwrap()
}

/// The whole table, every attribute of every item, as text. Only this test reads a table
/// whole; wardline itself never scans.
async fn dynamodb_dump(client: aws_sdk_dynamodb::Client, table: String) -> String {
    let mut out = String::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(&table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        for item in page.items() {
            out.push_str(&format!("{item:?}\n"));
        }
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    out
}

#[tokio::test]
async fn erasure_leaves_no_personal_detail_anywhere_in_sqlite() {
    for reason in [ErasureReason::ResidentRequest, ErasureReason::Retention] {
        leaves_nothing(
            shared::adapters::sqlite::SqliteStore::in_memory().unwrap(),
            reason,
            sqlite_dump,
        )
        .await;
    }
}

/// A database file on disk: what SQL finds, and the raw bytes of the database and its
/// write-ahead log, where freed pages would keep erased values without `secure_delete`
/// and a checkpoint.
#[tokio::test]
async fn erasure_leaves_no_personal_detail_in_the_sqlite_files() {
    for reason in [ErasureReason::ResidentRequest, ErasureReason::Retention] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wardline.db");
        let store = shared::adapters::sqlite::SqliteStore::open(&path).unwrap();
        leaves_nothing(store, reason, |store| {
            let path = path.clone();
            async move {
                let mut text = store.dump_all_text().await.unwrap();
                for suffix in ["", "-wal", "-shm"] {
                    let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
                    if let Ok(bytes) = std::fs::read(&file) {
                        text.push_str(&String::from_utf8_lossy(&bytes));
                    }
                }
                text
            }
        })
        .await;
    }
}

#[tokio::test]
async fn erasure_leaves_no_personal_detail_anywhere_in_dynamodb() {
    for reason in [ErasureReason::ResidentRequest, ErasureReason::Retention] {
        let client = common::dynamodb().await;
        let table = common::fresh_table(&client).await;
        let store = shared::adapters::dynamodb::DynamoStore::new(client.clone(), table.clone());
        let whole = common::dynamodb_unchecked().await;
        leaves_nothing(store, reason, |_| dynamodb_dump(whole.clone(), table.clone())).await;
    }
}

/// A correction moves the case's figures in one transaction: out of its old ward and type,
/// into the new ones, the council's netting out where it can.
async fn a_correction_moves_the_figures_in_one_transaction(store: impl Store) {
    let council = common::council();
    let mut sub = submission("PRTW-ACDE", None);
    sub.tallies = TallyChange::for_change(None, &sub.case, &sub.event, &council.calendar);
    store.submit(&sub, t0()).await.unwrap();
    let record = store.case(&sub.case.reference).await.unwrap().unwrap();
    let roads = council
        .categories
        .iter()
        .find(|c| c.id.as_str() == "roads-and-footpaths")
        .unwrap();
    let other_ward = council
        .wards
        .iter()
        .find(|w| w.id != record.case.ward)
        .unwrap()
        .id
        .clone();
    let signer = shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let change = shared::casework::correct(
        &council,
        &signer,
        &record,
        shared::casework::Correction {
            officer: "jane-smith",
            category: roads,
            ward: other_ward.clone(),
            location: None,
        },
        t0(),
    )
    .unwrap();
    store.apply(&change).await.unwrap();
    let day = t0().date_naive();
    let (from, until) = (day - Duration::days(40), shared::domain::performance::PAST_RUNNING);
    let new_of = |rows: Vec<(
        shared::domain::CategoryId,
        chrono::NaiveDate,
        shared::domain::performance::Tally,
    )>| {
        rows.iter()
            .map(|(c, _, t)| (c.to_string(), t.new))
            .filter(|(_, n)| *n != 0)
            .collect::<Vec<_>>()
    };
    assert!(
        new_of(
            store
                .tallies(&Scope::Ward(record.case.ward.clone()), from, until)
                .await
                .unwrap()
        )
        .is_empty()
    );
    assert_eq!(
        new_of(store.tallies(&Scope::Ward(other_ward), from, until).await.unwrap()),
        [("roads-and-footpaths".to_owned(), 1)]
    );
    assert_eq!(
        new_of(store.tallies(&Scope::Council, from, until).await.unwrap()),
        [("roads-and-footpaths".to_owned(), 1)],
        "the council's fly-tipping figure taken away, its roads figure added"
    );
}

/// A local database from before closed cases had their own list (schema version 6) opens,
/// keeps its cases, and lists the ones already closed.
#[tokio::test]
async fn a_version_6_local_database_is_migrated_and_lists_its_closed_cases() {
    use shared::adapters::sqlite::SqliteStore;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wardline.db");
    let (open, closed) = (submission("JKMN-RTWX", None), submission("KMNP-TWXY", None));
    {
        let store = SqliteStore::open(&path).unwrap();
        store.submit(&open, t0()).await.unwrap();
        store.submit(&closed, t0()).await.unwrap();
        store
            .apply(&status_change(&closed.case, Status::Fixed, t0() + Duration::hours(2)))
            .await
            .unwrap();
    }
    {
        // Back to version 6: no `closed_at` column, no index on it; no `update_status`.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP INDEX cases_closed; ALTER TABLE cases DROP COLUMN closed_at;
             DROP INDEX case_events_updates; ALTER TABLE case_events DROP COLUMN update_status;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let team = open.case.team.clone();
    let listed = |closed: bool| {
        let (store, team) = (&store, &team);
        async move {
            let filter = QueueFilter {
                closed,
                ..QueueFilter::default()
            };
            store
                .queue(team, &filter, None, 10)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|c| c.reference.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(false).await, ["JKMN-RTWX"]);
    assert_eq!(listed(true).await, ["KMNP-TWXY"]);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 8);
}

/// Version 8 marks the status changes already stored, so Open311 lists them too.
#[tokio::test]
async fn a_version_7_local_database_is_migrated_and_lists_its_status_changes() {
    use shared::adapters::sqlite::SqliteStore;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wardline.db");
    let sub = submission("JKMN-RTWX", None);
    let fixed = t0() + Duration::hours(2);
    {
        let store = SqliteStore::open(&path).unwrap();
        store.submit(&sub, t0()).await.unwrap();
        store
            .apply(&status_change(&sub.case, Status::Fixed, fixed))
            .await
            .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP INDEX case_events_updates; ALTER TABLE case_events DROP COLUMN update_status;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let updates = store.case_updates(t0(), t0() + Duration::days(1), 10).await.unwrap();
    assert_eq!(
        updates,
        [CaseUpdate {
            reference: sub.case.reference.clone(),
            at: fixed,
            status: Status::Fixed
        }]
    );
}

/// DynamoDB applies `Limit` before a filter: a rare status in a large ward must not cost a
/// query per page's worth of cases read. One filtered page of a ward of 120 cases, one of
/// them on hold, is one query.
#[tokio::test]
async fn a_filtered_list_reads_a_large_ward_in_few_queries() {
    use rand::SeedableRng;
    let client = common::dynamodb().await;
    let table = common::fresh_table(&client).await;
    let store = shared::adapters::dynamodb::DynamoStore::new(client, table);
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut last = None;
    for _ in 0..120 {
        let sub = submission(CaseRef::generate(&mut rng).as_str(), None);
        store.submit(&sub, t0()).await.unwrap();
        last = Some(sub);
    }
    let rare = last.unwrap();
    store
        .apply(&status_change(&rare.case, Status::OnHold, t0() + Duration::hours(1)))
        .await
        .unwrap();
    let on_hold = WardFilter {
        status: Some(Status::OnHold),
        ..WardFilter::default()
    };
    let before = store.round_trips();
    let page = store.ward_cases(&rare.case.ward, &on_hold, None, 25).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next, None);
    assert_eq!(store.round_trips() - before, 1, "one query, not one per 26 cases read");
}
