//! One contract, two stores: every test here runs against SQLite and against DynamoDB (a moto
//! server on loopback). Whatever the local runner does, production does the same.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::SeedableRng;
use shared::domain::case::Channel;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, ReportInput, Status};
use shared::email::{Acknowledgement, Notice, TeamContact};
use shared::ports::{
    AccessLog, CaseChange, CaseReader, CaseUpdater, CaseWriter, ConsentLog, Delivery, DueCases, Eraser, Follows,
    IdempotencyClaim, IdempotencyKey, MailQueue, Outbox, OutboxMessage, QueueFilter, RateLimit, ResidentCases,
    RetentionDue, SessionStore, SignInStore, StoreError, Submission, SubmitOutcome, TeamQueue, WardCases,
};

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
    + WardCases
    + AccessLog
    + ResidentCases
    + Eraser
    + RetentionDue
    + MailQueue
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
        + WardCases
        + AccessLog
        + ResidentCases
        + Eraser
        + RetentionDue
        + MailQueue
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
                    to: r.email.clone(),
                    name: r.name.clone(),
                    reference: reference.clone(),
                    category: category.name.clone(),
                    next_steps: category.next_steps.clone(),
                    team: TeamContact {
                        name: "Street Scene".into(),
                        email: "s@ashworth.example".into(),
                        phone: "01632 960 102".into(),
                    },
                    expected_by: case.expected_by,
                    status_url: format!("https://example.test/reports/{reference}"),
                    sharing_url: format!("https://example.test/consent/token-for-{reference}"),
                    council: council.name.clone(),
                }),
                &mut rand::rngs::StdRng::seed_from_u64(common::rand_u64()),
            )
        })
        .into_iter()
        .collect();
    Submission {
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
        key: IdempotencyKey::parse(key).unwrap(),
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

fn sign_in_email(id: &str) -> OutboxMessage {
    OutboxMessage {
        id: id.into(),
        created_at: t0(),
        notice: shared::email::Notice::SignInLink(shared::email::SignInLink {
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
    a_submitted_case_reads_back_whole_with_its_history,
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
    a_sign_in_token_works_once_and_not_after_it_expires,
    sign_in_attempts_are_counted_per_address_and_window,
    a_session_lives_until_it_expires_or_is_revoked,
    consent_records_are_appended_and_read_back_unchanged_in_order,
);
