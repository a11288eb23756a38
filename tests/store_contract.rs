//! One contract, two stores: every test here runs against SQLite and against DynamoDB (a moto
//! server on loopback). Whatever the local runner does, production does the same.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::SeedableRng;
use shared::domain::case::Channel;
use shared::domain::{Case, CaseEvent, CaseEventKind, CaseRef, ReportInput};
use shared::email::{Acknowledgement, Notice, TeamContact};
use shared::ports::{
    CaseReader, CaseWriter, Delivery, IdempotencyClaim, IdempotencyKey, Outbox, OutboxMessage, Submission,
    SubmitOutcome,
};

trait Store: CaseWriter + CaseReader + Outbox {}
impl<T: CaseWriter + CaseReader + Outbox> Store for T {}

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
                    council: council.name.clone(),
                }),
                &mut rand::rngs::StdRng::seed_from_u64(common::rand_u64()),
            )
        })
        .into_iter()
        .collect();
    Submission {
        event: CaseEvent {
            at: t0(),
            kind: CaseEventKind::Submitted { channel: Channel::Api },
        },
        case,
        outbox,
        idempotency: None,
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
);
