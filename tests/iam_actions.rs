//! The IAM tables in the adapters are true: every AWS operation a port's code really sends
//! (recorded by an SDK interceptor while the port runs against moto) is covered by the
//! actions that port declares. Add a call without declaring its action and this fails; the
//! agreement test then makes the template follow.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use chrono::Utc;
use shared::adapters::dynamodb::{DynamoStore, IAM_ACTIONS as DYNAMO_ACTIONS};
use shared::adapters::ses::{IAM_ACTIONS as SES_ACTIONS, SesMailer};
use shared::domain::CaseRef;
use shared::ports::{CaseReader, Mailer, Outbox, RateLimit, SystemClock};
use shared::submission::{Origin, submit};

#[derive(Debug, Clone, Default)]
struct Recorder(Arc<Mutex<BTreeSet<String>>>);

impl Recorder {
    fn take(&self) -> BTreeSet<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "operation-recorder"
    }

    // The operation's metadata is in the config bag once the request is built.
    fn read_before_transmit(
        &self,
        context: &aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        let Some(m) = cfg.load::<Metadata>() else { return Ok(()) };
        let operation = format!("{}:{}", m.service(), m.name());
        if m.name() == "TransactWriteItems" {
            // A transaction needs the actions of the writes inside it: read them from the
            // request itself, `{"TransactItems": [{"Put": …}, {"Delete": …}]}`.
            let body: serde_json::Value =
                serde_json::from_slice(context.request().body().bytes().unwrap_or_default()).unwrap_or_default();
            for item in body["TransactItems"].as_array().into_iter().flatten() {
                for kind in item.as_object().into_iter().flat_map(|o| o.keys()) {
                    self.0.lock().unwrap().insert(format!("{operation}/{kind}"));
                }
            }
        } else {
            self.0.lock().unwrap().insert(operation);
        }
        Ok(())
    }
}

/// The IAM actions an operation needs. A transaction needs those of the writes inside it,
/// recorded as `TransactWriteItems/<Put|Delete|Update|ConditionCheck>`.
fn actions_for(operation: &str) -> Vec<String> {
    let (service, name) = operation.split_once(':').unwrap();
    match (service.to_lowercase().as_str(), name) {
        ("dynamodb", "TransactWriteItems/Put") => vec!["dynamodb:PutItem".into()],
        ("dynamodb", "TransactWriteItems/Delete") => vec!["dynamodb:DeleteItem".into()],
        ("dynamodb", "TransactWriteItems/Update") => vec!["dynamodb:UpdateItem".into()],
        ("dynamodb", "TransactWriteItems/ConditionCheck") => vec!["dynamodb:ConditionCheckItem".into()],
        // S3's actions are not its operations' names.
        ("s3", "ListObjectsV2") => vec!["s3:ListBucket".into()],
        ("s3", "ListObjectVersions") => vec!["s3:ListBucketVersions".into()],
        ("s3", "DeleteObjects") => vec!["s3:DeleteObject".into(), "s3:DeleteObjectVersion".into()],
        (service, name) => vec![format!("{service}:{name}")],
    }
}

fn declared(table: &[(&str, &[&str])], port: &str) -> BTreeSet<String> {
    table
        .iter()
        .filter(|(p, _)| *p == port)
        .flat_map(|(_, a)| a.iter().map(|s| s.to_string()))
        .collect()
}

fn assert_covered(port: &str, recorded: BTreeSet<String>, table: &[(&str, &[&str])]) {
    assert!(!recorded.is_empty(), "{port} made no calls: the test exercised nothing");
    let declared = declared(table, port);
    for op in &recorded {
        for action in actions_for(op) {
            assert!(
                declared.contains(&action),
                "{port} calls {op}, needing {action}, which its IAM_ACTIONS do not list"
            );
        }
    }
}

async fn recorded_store() -> (DynamoStore, Recorder) {
    let plain = common::dynamodb().await;
    let table = common::fresh_table(&plain).await;
    let recorder = Recorder::default();
    let config = aws_sdk_dynamodb::config::Builder::from(&common::aws_config(&common::moto_endpoint()).await)
        .interceptor(recorder.clone())
        .interceptor(common::strict::StrictDynamo)
        .build();
    (
        DynamoStore::new(aws_sdk_dynamodb::Client::from_conf(config), table),
        recorder,
    )
}

/// Intake on `store`, to store reports the way the service does.
fn intake_on(store: &DynamoStore) -> intake::Intake {
    intake::Intake {
        council: Arc::new(common::council()),
        writer: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        updater: Arc::new(store.clone()),
        tallies: Arc::new(store.clone()),
        ward_cases: Arc::new(store.clone()),
        clock: Arc::new(SystemClock),
        signer: shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
        photos: None,
        uploads: None,
        upload_origin: None,
    }
}

/// A report in St Anne's, from `email` (anonymous if `None`).
fn report(email: Option<&str>) -> shared::domain::ReportInput {
    shared::domain::ReportInput {
        category: Some("dog-fouling".into()),
        description: Some("By the school gate".into()),
        address: Some("School Lane".into()),
        ward: Some("st-annes".into()),
        reporting: Some(if email.is_some() { "registered" } else { "anonymous" }.into()),
        name: email.map(|_| "Alex".into()),
        email: email.map(str::to_owned),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_call_of_the_dynamodb_ports_is_declared() {
    let (store, recorder) = recorded_store().await;
    let deps = intake_on(&store);
    let input = report(Some("alex@example.com"));
    // CaseWriter: a new case, and the same idempotency key again (the replay path reads the key).
    let key = || shared::ports::IdempotencyKey::parse("api", "iam-test");
    let origin = Origin::resident(shared::domain::case::Channel::Api);
    let first = submit(deps.submitter(), &input, &origin, key()).await.unwrap();
    submit(deps.submitter(), &input, &origin, key()).await.unwrap();
    // The replay reads the case back through CaseReader; count those calls as the reader's.
    let mut writer_ops = recorder.take();
    writer_ops.retain(|op| op != "DynamoDB:Query");
    assert_covered("CaseWriter", writer_ops, DYNAMO_ACTIONS);

    store.case(&first.reference).await.unwrap();
    store.case(&CaseRef::parse("WXYW-XYWX").unwrap()).await.unwrap();
    assert_covered("CaseReader", recorder.take(), DYNAMO_ACTIONS);

    let now = Utc::now();
    let id = store.ready(now, 10).await.unwrap().remove(0);
    store
        .claim(&id, now, now + chrono::Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    store
        .settle(
            &id,
            &shared::ports::Delivery::Retry {
                retry_at: now,
                error: "x".into(),
            },
            now,
        )
        .await
        .unwrap();
    store
        .claim(&id, now, now + chrono::Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    store
        .settle(
            &id,
            &shared::ports::Delivery::Sent {
                provider_id: "p".into(),
            },
            now,
        )
        .await
        .unwrap();
    assert_covered("Outbox", recorder.take(), DYNAMO_ACTIONS);
}

#[tokio::test]
async fn every_call_of_the_mailer_is_declared() {
    let recorder = Recorder::default();
    let base = common::aws_config(&common::moto_endpoint()).await;
    let plain = aws_sdk_ses::Client::new(&base);
    plain
        .verify_email_identity()
        .email_address("iam@ashworth.example")
        .send()
        .await
        .unwrap();
    let config = aws_sdk_ses::config::Builder::from(&base)
        .interceptor(recorder.clone())
        .build();
    let mailer = SesMailer::new(aws_sdk_ses::Client::from_conf(config), "iam@ashworth.example", None);
    let email = shared::email::RenderedEmail {
        to: "someone@example.com".into(),
        subject: "s".into(),
        text: "t".into(),
        html: "<p>h</p>".into(),
        inline: vec![],
        tags: vec![("audience", "resident".into()), ("case", "FK7M-3RTW".into())],
    };
    mailer.send(&email).await.unwrap();
    // With a picture inside, the raw send.
    let with_picture = shared::email::RenderedEmail {
        html: "<p><img src=\"cid:chart@wardline\" alt=\"a chart\"></p>".into(),
        inline: vec![shared::email::InlineImage {
            cid: "chart@wardline".into(),
            content_type: "image/png",
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
        }],
        ..email.clone()
    };
    mailer.send(&with_picture).await.unwrap();
    assert_covered("Mailer", recorder.take(), SES_ACTIONS);
}

#[tokio::test]
async fn every_call_of_the_case_update_queue_and_sign_in_ports_is_declared() {
    use shared::ports::{CaseChange, CaseUpdater, DueCases, QueueFilter, SessionStore, SignInStore, TeamQueue};
    let (store, recorder) = recorded_store().await;
    let deps = intake_on(&store);
    let input = report(None);
    let origin = Origin::resident(shared::domain::case::Channel::Api);
    let submitted = submit(deps.submitter(), &input, &origin, None).await.unwrap();
    let case = store.case(&submitted.reference).await.unwrap().unwrap().case;
    recorder.take();

    let now = Utc::now();
    // Completing it moves the figures too, inside the same transaction.
    let next = case.with_status(shared::domain::Status::Fixed, now).unwrap();
    let event = shared::domain::CaseEvent::new(
        now,
        shared::domain::Actor::Officer("jane-smith".into()),
        shared::domain::CaseEventKind::StatusChanged {
            from: case.status,
            to: next.status,
        },
    );
    let tallies = shared::ports::TallyChange::for_change(Some(&case), &next, &event, &deps.council.calendar);
    assert!(!tallies.is_empty());
    store
        .apply(&CaseChange {
            tallies,
            case: next,
            expected_version: case.version,
            event,
            outbox: vec![],
        })
        .await
        .unwrap();
    assert_covered("CaseUpdater", recorder.take(), DYNAMO_ACTIONS);

    use shared::ports::Tallies;
    let today = now.date_naive();
    store
        .tallies(
            &shared::ports::Scope::Council,
            today - chrono::Duration::days(7),
            today + chrono::Duration::days(7),
        )
        .await
        .unwrap();
    assert_covered("Tallies", recorder.take(), DYNAMO_ACTIONS);

    use shared::ports::TallyRebuild;
    store
        .replace_tallies(
            &shared::ports::Scope::Council,
            &[(
                case.category.clone(),
                today,
                shared::domain::performance::Tally {
                    new: 1,
                    ..Default::default()
                },
            )],
        )
        .await
        .unwrap();
    store
        .replace_tallies(&shared::ports::Scope::Council, &[])
        .await
        .unwrap();
    assert_covered("TallyRebuild", recorder.take(), DYNAMO_ACTIONS);

    store.due(now + chrono::Duration::days(400), 10).await.unwrap();
    assert_covered("DueCases", recorder.take(), DYNAMO_ACTIONS);

    let filter = QueueFilter {
        ward: Some(case.ward.clone()),
        ..QueueFilter::default()
    };
    store.queue(&case.team, &filter, None, 10).await.unwrap();
    assert_covered("TeamQueue", recorder.take(), DYNAMO_ACTIONS);
    store
        .queue(
            &case.team,
            &QueueFilter {
                closed: true,
                ..QueueFilter::default()
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_covered("TeamQueue", recorder.take(), DYNAMO_ACTIONS);
    let stored = store.case(&case.reference).await.unwrap().unwrap().case;
    recorder.take();
    shared::ports::IndexRepair::reindex(&store, &stored).await.unwrap();
    assert_covered("IndexRepair", recorder.take(), DYNAMO_ACTIONS);

    let email = shared::ports::OutboxMessage::new(
        now,
        shared::email::Notice::SignInLink(shared::email::SignInLink {
            lang: Default::default(),
            to: "jane.smith@ashworth.example".into(),
            name: "Jane".into(),
            url: "https://example.test/sign-in/x".into(),
            valid_minutes: 15,
            council: "Ashworth".into(),
        }),
        &mut rand::rng(),
    );
    store
        .issue_token(
            "iam-hash",
            "officer:jane-smith",
            now + chrono::Duration::minutes(15),
            &email,
        )
        .await
        .unwrap();
    store.consume_token("iam-hash", now).await.unwrap();
    assert_covered("SignInStore", recorder.take(), DYNAMO_ACTIONS);

    use shared::ports::{DigestMark, DigestOutbox, FollowedCases, WardLate};
    store
        .went_late(&case.ward, now - chrono::Duration::days(7), now)
        .await
        .unwrap();
    assert_covered("WardLate", recorder.take(), DYNAMO_ACTIONS);
    shared::ports::CaseUpdates::case_updates(&store, now - chrono::Duration::days(2), now, 10)
        .await
        .unwrap();
    assert_covered("CaseUpdates", recorder.take(), DYNAMO_ACTIONS);
    let councillor = shared::domain::CouncillorId::parse("amira-patel").unwrap();
    store.followed_cases(&councillor, None, 10).await.unwrap();
    assert_covered("FollowedCases", recorder.take(), DYNAMO_ACTIONS);
    let mark = DigestMark {
        person: "councillor:amira-patel".into(),
        period: "week:2026-11-16".into(),
    };
    let digest = shared::ports::OutboxMessage::new(now, email.notice.clone(), &mut rand::rng());
    store.digest_sent(&mark).await.unwrap();
    assert!(store.enqueue_digest(&mark, &digest).await.unwrap());
    assert!(!store.enqueue_digest(&mark, &digest).await.unwrap());
    assert_covered("DigestOutbox", recorder.take(), DYNAMO_ACTIONS);

    RateLimit::count_attempt(&store, "iam-key", now, now + chrono::Duration::minutes(30))
        .await
        .unwrap();
    assert_covered("RateLimit", recorder.take(), DYNAMO_ACTIONS);

    store
        .create_session("iam-session", "officer:jane-smith", now + chrono::Duration::hours(8))
        .await
        .unwrap();
    store.session("iam-session", now).await.unwrap();
    store.revoke_session("iam-session").await.unwrap();
    assert_covered("SessionStore", recorder.take(), DYNAMO_ACTIONS);
}

#[tokio::test]
async fn every_call_of_the_consent_follow_audit_and_erasure_ports_is_declared() {
    use shared::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord};
    use shared::domain::{CouncillorId, ErasureReason};
    use shared::ports::{
        AccessLog, AccessPurpose, AccessRecord, ConsentLog, Eraser, Followers, Follows, MailQueue, ResidentCases,
        RetentionDue, WardCases, WardFilter,
    };
    let (store, recorder) = recorded_store().await;
    let deps = intake_on(&store);
    let input = shared::domain::ReportInput {
        share_with_councillor: Some("yes".into()),
        ..report(Some("alex.iam@example.com"))
    };
    let origin = Origin::resident(shared::domain::case::Channel::Api);
    let reference = submit(deps.submitter(), &input, &origin, None).await.unwrap().reference;
    let case = store.case(&reference).await.unwrap().unwrap().case;
    recorder.take();
    let now = Utc::now();
    let amira = CouncillorId::parse("amira-patel").unwrap();

    let record = ConsentRecord {
        resident: "k".into(),
        at: now,
        channel: ConsentChannel::EmailLink,
        event: ConsentEvent::Withdrawn,
    };
    store.append_consent(&reference, &record).await.unwrap();
    store.consents(&reference).await.unwrap();
    assert_covered("ConsentLog", recorder.take(), DYNAMO_ACTIONS);

    store.follow(&amira, &reference, now).await.unwrap();
    store.following(&amira, None, 10).await.unwrap();
    store.unfollow(&amira, &reference).await.unwrap();
    assert_covered("Follows", recorder.take(), DYNAMO_ACTIONS);
    store.followers(&reference).await.unwrap();
    assert_covered("Followers", recorder.take(), DYNAMO_ACTIONS);

    let filter = WardFilter {
        from: Some(now - chrono::Duration::days(1)),
        ..WardFilter::default()
    };
    store.ward_cases(&case.ward, &filter, None, 10).await.unwrap();
    assert_covered("WardCases", recorder.take(), DYNAMO_ACTIONS);

    let access = AccessRecord {
        at: now,
        person: "officer:jane-smith".into(),
        purpose: AccessPurpose::CasePage,
    };
    store.record_access(&reference, &access).await.unwrap();
    store.accesses(&reference).await.unwrap();
    assert_covered("AccessLog", recorder.take(), DYNAMO_ACTIONS);

    let key = case.personal.as_ref().unwrap().resident_key.clone().unwrap();
    assert_eq!(store.resident_cases(&key).await.unwrap(), vec![reference.clone()]);
    assert_covered("ResidentCases", recorder.take(), DYNAMO_ACTIONS);

    store.closed_before(now, 10).await.unwrap();
    assert_covered("RetentionDue", recorder.take(), DYNAMO_ACTIONS);

    let message = shared::ports::OutboxMessage::new(
        now,
        shared::email::Notice::SignInLink(shared::email::SignInLink {
            lang: Default::default(),
            to: "jane.smith@ashworth.example".into(),
            name: "Jane".into(),
            url: "https://example.test/sign-in/x".into(),
            valid_minutes: 15,
            council: "Ashworth".into(),
        }),
        &mut rand::rng(),
    );
    store.enqueue(&message).await.unwrap();
    assert_covered("MailQueue", recorder.take(), DYNAMO_ACTIONS);

    // The case has a consent record to delete and a note-free history: every kind of write.
    assert!(
        store
            .erase(&reference, ErasureReason::ResidentRequest, now, None)
            .await
            .unwrap()
    );
    let erasure = recorder.take();
    assert!(
        erasure.contains("DynamoDB:TransactWriteItems/Delete"),
        "the consent records are deleted: {erasure:?}"
    );
    assert_covered("Eraser", erasure, DYNAMO_ACTIONS);
}

/// The photo ports on S3 (moto): each call covered by the port's declared actions.
#[tokio::test]
async fn every_call_of_the_photo_ports_is_declared() {
    use shared::adapters::s3::{IAM_ACTIONS as S3_ACTIONS, S3Photos};
    use shared::ports::{PhotoEraser, PhotoReader, PhotoSize, PhotoWriter};
    let (plain_s3, bucket) = common::s3_bucket().await;
    let recorder = Recorder::default();
    let config = aws_sdk_s3::config::Builder::from(&common::aws_config(&common::moto_endpoint()).await)
        .force_path_style(true)
        .interceptor(recorder.clone())
        .build();
    let photos = S3Photos::new(aws_sdk_s3::Client::from_conf(config), bucket.clone());
    let case = CaseRef::parse("ACDE-HJKM").unwrap();
    let id = "0123456789abcdef";
    photos.put_photo(&case, id, PhotoSize::Full, b"x").await.unwrap();
    photos.put_photo(&case, id, PhotoSize::Thumbnail, b"x").await.unwrap();
    photos.remove_photo(&case, id).await.unwrap();
    photos.put_photo(&case, id, PhotoSize::Full, b"x").await.unwrap();
    assert_covered("PhotoWriter", recorder.take(), S3_ACTIONS);
    photos.photo(&case, id, PhotoSize::Full).await.unwrap();
    assert_covered("PhotoReader", recorder.take(), S3_ACTIONS);
    photos.photo_ids(&case).await.unwrap();
    photos.erase_photos(&case).await.unwrap();
    assert_covered("PhotoEraser", recorder.take(), S3_ACTIONS);
    // An upload a browser made (put here by a client that records nothing), then taken.
    use shared::ports::PhotoUploads;
    let upload = "0123456789abcdef0123456789abcdef";
    plain_s3
        .put_object()
        .bucket(&bucket)
        .key(format!("uploads/{upload}"))
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap();
    assert!(photos.take_upload(upload).await.unwrap().is_some());
    assert_covered("PhotoUploads", recorder.take(), S3_ACTIONS);
}
