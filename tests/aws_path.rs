//! The production path end to end, against a moto server on loopback: the intake router on
//! DynamoDB, the notifier driven by a stream batch, and the email sent through SES.
//! wiremock stands in for SES only where a fault must be injected.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use notifier::{Notifier, StreamEvent};
use shared::adapters::dynamodb::DynamoStore;
use shared::adapters::ses::SesMailer;
use shared::ports::{Clock, Outbox, SystemClock};
use tower::ServiceExt;
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SENDER: &str = "reports@ashworth.example";

async fn store() -> DynamoStore {
    let client = common::dynamodb().await;
    let table = common::fresh_table(&client).await;
    DynamoStore::new(client, table)
}

async fn moto_ses() -> aws_sdk_ses::Client {
    let client = aws_sdk_ses::Client::new(&common::aws_config(&common::moto_endpoint()).await);
    client
        .verify_email_identity()
        .email_address(SENDER)
        .send()
        .await
        .expect("sender verified");
    client
}

async fn report(store: &DynamoStore, email: &str) -> String {
    let deps = intake::Intake {
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
    };
    let body = serde_json::json!({
        "category": "street-lighting", "description": "Light flickering all night",
        "address": "Outside 12 Abbey Road", "ward": "northgate",
        "reporter": {"name": "Sam Jones", "email": email}
    });
    let req = Request::post("/api/v1/reports")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = intake::router(deps).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: serde_json::Value =
        serde_json::from_slice(&axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap()).unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

/// A stream batch as DynamoDB delivers it, naming the outbox item.
fn stream_batch(outbox_id: &str) -> StreamEvent {
    let text =
        include_str!("../functions/notifier/tests/fixtures/dynamodb-stream-batch.json").replace("__ID__", outbox_id);
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn a_report_on_dynamodb_is_acknowledged_through_ses_exactly_once() {
    let store = store().await;
    let email = format!("sam.{}@example.com", common::rand_u64());
    let reference = report(&store, &email).await;
    let ids = store.ready(SystemClock.now(), 10).await.unwrap();
    assert_eq!(ids.len(), 1);

    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
        mailer: Arc::new(SesMailer::new(moto_ses().await, SENDER, None)),
        clock: Arc::new(SystemClock),
    };
    // The stream may deliver the same batch twice: one email, all the same.
    for _ in 0..2 {
        let response = notifier.handle_stream(stream_batch(&ids[0])).await;
        assert!(response.batch_item_failures.is_empty());
    }
    let sent = common::moto_sent_to(&email).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["subject"], format!("We have received your report: {reference}"));
    assert_eq!(sent[0]["source"], SENDER);
    assert!(sent[0]["body"].as_str().unwrap().contains(&reference));
    assert!(
        store
            .ready(SystemClock.now() + chrono::Duration::days(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// On a first deploy SES refuses every message until the sender's domain verifies (DNS
/// takes its time). That is retried, not dead-lettered: once the domain verifies, the next
/// drain sends what waited.
#[tokio::test]
async fn mail_from_a_sender_not_yet_verified_waits_and_goes_once_it_is() {
    let store = store().await;
    let email = format!("waiting.{}@example.com", common::rand_u64());
    report(&store, &email).await;
    let sender = format!("reports@unverified-{}.example", common::rand_u64());
    let ses = aws_sdk_ses::Client::new(&common::aws_config(&common::moto_endpoint()).await);
    let clock = Arc::new(shared::ports::FixedClock::new(chrono::Utc::now()));
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
        mailer: Arc::new(SesMailer::new(ses.clone(), &sender, None)),
        clock: clock.clone(),
    };
    let report = notifier.drain(10).await.unwrap();
    assert_eq!((report.dead, report.retrying), (0, 1), "{report:?}");
    assert!(common::moto_sent_to(&email).await.is_empty());

    ses.verify_email_identity().email_address(&sender).send().await.unwrap();
    clock.set(clock.now() + chrono::Duration::minutes(2));
    let report = notifier.drain(10).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(common::moto_sent_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_throttled_send_is_retried_later_and_the_stream_record_is_not_failed() {
    let store = store().await;
    let email = format!("throttled.{}@example.com", common::rand_u64());
    report(&store, &email).await;
    let ses_mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("Action=SendEmail"))
        .respond_with(ResponseTemplate::new(400).set_body_string(
            r#"<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#,
        ))
        .expect(1..)
        .mount(&ses_mock)
        .await;
    let ses_config = aws_sdk_ses::config::Builder::from(&common::aws_config(&ses_mock.uri()).await)
        .retry_config(aws_sdk_ses::config::retry::RetryConfig::disabled())
        .build();
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
        mailer: Arc::new(SesMailer::new(
            aws_sdk_ses::Client::from_conf(ses_config),
            SENDER,
            Some("wardline".into()),
        )),
        clock: Arc::new(SystemClock),
    };
    let ids = store.ready(SystemClock.now(), 10).await.unwrap();
    let response = notifier.handle_stream(stream_batch(&ids[0])).await;
    assert!(
        response.batch_item_failures.is_empty(),
        "the message is safe in the table, waiting to retry"
    );
    assert!(
        store.ready(SystemClock.now(), 10).await.unwrap().is_empty(),
        "not before its retry time"
    );
    let later = SystemClock.now() + notifier::BACKOFF[0] + chrono::Duration::seconds(1);
    assert_eq!(store.ready(later, 10).await.unwrap(), ids);
    // The exact call: one SendEmail, from the sender, to the resident, in the configuration set.
    let requests = ses_mock.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let body = String::from_utf8_lossy(&requests[0].body).into_owned();
    assert!(body.contains("Source=reports%40ashworth.example"), "{body}");
    assert!(body.contains(&format!(
        "Destination.ToAddresses.member.1={}",
        email.replace('@', "%40")
    )));
    assert!(body.contains("ConfigurationSetName=wardline"));
}

#[tokio::test]
async fn a_store_failure_fails_the_stream_record_and_everything_after_it() {
    // A table that does not exist: every DynamoDB call fails.
    let client = common::dynamodb().await;
    let store = DynamoStore::new(client, "no-such-table");
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
        mailer: Arc::new(SesMailer::new(moto_ses().await, SENDER, None)),
        clock: Arc::new(SystemClock),
    };
    // The case record is skipped, the outbox record fails, and the record after it is handed
    // back too: a stream is ordered, so nothing after a failure may be acknowledged.
    let batch = stream_batch("20261124T100000.000000Z-0000000000000001");
    let response = notifier.handle_stream(batch).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(failed, ["222222222222222222222", "333333333333333333333"]);
}

/// DynamoDB's answer when another transaction held one of the items (moto never gives it).
fn transaction_conflict() -> ResponseTemplate {
    ResponseTemplate::new(400)
        .insert_header("content-type", "application/x-amz-json-1.0")
        .set_body_string(
            serde_json::json!({
                "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, None, TransactionConflict]",
                "CancellationReasons": [
                    {"Code": "None"}, {"Code": "None"}, {"Code": "None"},
                    {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
                ]
            })
            .to_string(),
        )
}

/// Every report adds to its category's council tally item, so two reports at once can
/// collide: the store tries the (all-or-nothing) transaction again, a few times, then
/// gives up with the store-failure answer (500) rather than a half-stored report.
#[tokio::test]
async fn a_report_whose_transaction_collides_with_another_is_tried_again() {
    use wiremock::matchers::header;
    let server = MockServer::start().await;
    let transact = || Mock::given(method("POST")).and(header("x-amz-target", "DynamoDB_20120810.TransactWriteItems"));
    transact()
        .respond_with(transaction_conflict())
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    transact()
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/x-amz-json-1.0")
                .set_body_string("{}"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = aws_sdk_dynamodb::Client::new(&common::aws_config(&server.uri()).await);
    let store = DynamoStore::new(client, "wardline");
    report(&store, "sam@example.com").await;
    assert_eq!(store.round_trips(), 3, "two collisions, then stored");
    server.verify().await;

    // A transaction that keeps colliding is given up after four tries.
    server.reset().await;
    transact()
        .respond_with(transaction_conflict())
        .expect(4)
        .mount(&server)
        .await;
    let deps = intake::Intake {
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
    };
    let body = serde_json::json!({
        "category": "street-lighting", "description": "Light flickering all night",
        "address": "Outside 12 Abbey Road", "ward": "northgate"
    });
    let req = Request::post("/api/v1/reports")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = intake::router(deps).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    server.verify().await;
}

/// Emails moto's SES has accepted as raw MIME, to the given address.
async fn moto_raw_to(address: &str) -> Vec<serde_json::Value> {
    let data: serde_json::Value = reqwest::get(format!("{}/moto-api/data.json", common::moto_endpoint()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    data["ses"]["RawMessage"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.to_string().contains(address))
        .collect()
}

#[tokio::test]
async fn a_digest_on_dynamodb_goes_through_ses_as_mime_with_its_chart_inside() {
    let store = store().await;
    // A council whose one councillor has an address no other test uses.
    let mut council = common::council();
    let to = format!("cllr.{}@example.com", common::rand_u64());
    council.councillors.truncate(1);
    council.councillors[0].email = to.clone();
    let council = Arc::new(council);
    let job = digest::Digest::from_store(council.clone(), Arc::new(store.clone()));
    let monday = chrono::DateTime::parse_from_rfc3339("2026-11-30T07:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let report = job
        .run(shared::digest::Cadence::Weekly, monday, SystemClock.now())
        .await
        .unwrap();
    assert_eq!(report.queued, 1);
    assert_eq!(
        job.run(shared::digest::Cadence::Weekly, monday, SystemClock.now())
            .await
            .unwrap()
            .queued,
        0,
        "once"
    );
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
        mailer: Arc::new(SesMailer::new(moto_ses().await, SENDER, None)),
        clock: Arc::new(SystemClock),
    };
    notifier.drain(10).await.unwrap();
    let sent = moto_raw_to(&to).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let raw = sent[0]["raw_data"].as_str().unwrap();
    let mime = mailparse::parse_mail(raw.as_bytes()).unwrap();
    assert_eq!(mime.ctype.mimetype, "multipart/alternative");
    let subject = mime
        .headers
        .iter()
        .find(|h| h.get_key() == "Subject")
        .unwrap()
        .get_value();
    assert!(subject.starts_with("Your ward: week beginning"), "{subject}");
    let text = mime.subparts[0].get_body().unwrap();
    assert!(text.contains("Late and still open at the end of the week: 0"), "{text}");
    let related = &mime.subparts[1];
    assert_eq!(related.ctype.mimetype, "multipart/related");
    let html = related.subparts[0].get_body().unwrap();
    let image = &related.subparts[1];
    assert_eq!(image.ctype.mimetype, "image/png");
    let cid = image
        .headers
        .iter()
        .find(|h| h.get_key() == "Content-ID")
        .unwrap()
        .get_value();
    let cid = cid.trim_start_matches('<').trim_end_matches('>');
    assert!(
        html.contains(&format!("src=\"cid:{cid}\"")),
        "the HTML shows the picture by its Content-ID"
    );
    assert!(
        !html.contains("data:image") && !html.contains("<svg"),
        "no data: URI, no inline SVG"
    );
    assert_eq!(&image.get_body_raw().unwrap()[..4], b"\x89PNG");
}

/// A table written before closed cases joined the team lists (case item version 1: no
/// `TeamQueue` entry once closed) is brought up to date by the retention function's
/// `reindex` action, and a case that changed meanwhile is left to its own write.
#[tokio::test]
async fn reindex_puts_cases_closed_before_the_upgrade_in_their_teams_closed_list() {
    use shared::domain::{Actor, CaseEvent, CaseEventKind, CaseRef, Status};
    use shared::ports::{CaseChange, CaseReader, CaseUpdater, IndexRepair, QueueFilter, TeamQueue};
    let client = common::dynamodb().await;
    let table = common::fresh_table(&client).await;
    let store = DynamoStore::new(client.clone(), table.clone());
    let reference = CaseRef::parse(&report(&store, "sam@example.com").await).unwrap();
    let case = store.case(&reference).await.unwrap().unwrap().case;
    let at = chrono::Utc::now();
    let fixed = case.with_status(Status::Fixed, at).unwrap();
    store
        .apply(&CaseChange {
            tallies: vec![],
            case: fixed.clone(),
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
    // As version 1 left it: closed, and in no team's list.
    client
        .update_item()
        .table_name(&table)
        .key(
            "PK",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("CASE#{reference}")),
        )
        .key("SK", aws_sdk_dynamodb::types::AttributeValue::S("CASE".into()))
        .update_expression("REMOVE GSI4PK, GSI4SK")
        .send()
        .await
        .unwrap();
    let closed = QueueFilter {
        closed: true,
        ..QueueFilter::default()
    };
    let listed = || async {
        store
            .queue(&fixed.team, &closed, None, 10)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.reference)
            .collect::<Vec<_>>()
    };
    assert!(listed().await.is_empty());

    let job = retention::Reindex::from_store(Arc::new(common::council()), Arc::new(store.clone()));
    let report = job.run().await.unwrap();
    assert_eq!((report.cases, report.rewritten), (1, 1));
    assert_eq!(listed().await, vec![reference.clone()]);
    assert_eq!(
        store.case(&reference).await.unwrap().unwrap().case,
        fixed,
        "the case itself is untouched"
    );
    // A stale copy (the case moved on since it was read) rewrites nothing.
    assert!(!store.reindex(&case).await.unwrap());
    assert_eq!(listed().await, vec![reference]);
}

/// An officer's change (or the sweep's) whose transaction keeps losing the race for the
/// case to another is a conflict, which the portal shows as "someone else changed this case"
/// and the sweep counts and carries on from, never a store failure (500, or a sweep that
/// stops).
#[tokio::test]
async fn a_change_that_keeps_colliding_with_another_transaction_is_a_conflict() {
    use shared::domain::{Actor, CaseEvent, CaseEventKind, Status};
    use shared::ports::{CaseChange, CaseUpdater, StoreError};
    use wiremock::matchers::header;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-amz-target", "DynamoDB_20120810.TransactWriteItems"))
        .respond_with(transaction_conflict())
        .expect(4)
        .mount(&server)
        .await;
    let client = aws_sdk_dynamodb::Client::new(&common::aws_config(&server.uri()).await);
    let store = DynamoStore::new(client, "wardline");
    let council = common::council();
    let input = shared::domain::ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("A mattress by the gate".into()),
        lat: Some("52.60".into()),
        lng: Some("-1.20".into()),
        reporting: Some("anonymous".into()),
        ..Default::default()
    };
    let report = input.parse(&council.categories, &council.wards).unwrap();
    let category = council.category(&report.category).unwrap().clone();
    let submitted = chrono::Utc::now();
    let case = shared::domain::Case::open(
        shared::domain::CaseRef::parse("JKMN-RTWX").unwrap(),
        report,
        &category,
        &council.calendar,
        shared::domain::case::Channel::Api,
        submitted,
    );
    let at = submitted + chrono::Duration::hours(1);
    let change = CaseChange {
        tallies: vec![],
        case: case.with_status(Status::Investigating, at).unwrap(),
        expected_version: case.version,
        event: CaseEvent::new(
            at,
            Actor::Officer("jane-smith".into()),
            CaseEventKind::StatusChanged {
                from: case.status,
                to: Status::Investigating,
            },
        ),
        outbox: vec![],
    };
    assert!(matches!(store.apply(&change).await, Err(StoreError::Conflict)));
    server.verify().await;
}

/// Every email carries its audience, and a resident's its case, as SES message tags: SES
/// hands them back with a bounce or complaint, which is how the bounces function finds the
/// case without wardline keeping the address anywhere else.
#[tokio::test]
async fn a_residents_email_is_tagged_with_its_case_for_bounces() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("Action=SendEmail"))
        .and(body_string_contains("Tags.member.1.Name=audience"))
        .and(body_string_contains("Tags.member.1.Value=resident"))
        .and(body_string_contains("Tags.member.2.Name=case"))
        .and(body_string_contains("Tags.member.2.Value=FK7M-3RTW"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>m-1</MessageId></SendEmailResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendEmailResponse>"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let ses = aws_sdk_ses::Client::new(&common::aws_config(&server.uri()).await);
    let mailer = SesMailer::new(ses, SENDER, Some("wardline".into()));
    let notice = shared::email::Notice::Acknowledgement(shared::email::Acknowledgement {
        lang: Default::default(),
        to: shared::domain::ResidentEmail::parse("jo@example.com").unwrap(),
        name: shared::domain::PersonName::parse("Jo Bloggs").unwrap(),
        reference: shared::domain::CaseRef::parse("FK7M-3RTW").unwrap(),
        category: "Fly-tipping".into(),
        next_steps: "We will remove it.".into(),
        team: shared::email::TeamContact {
            name: "Street Scene".into(),
            email: "streetscene@ashworth.example".into(),
            phone: "01632 960 102".into(),
        },
        expected_by: chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        status_url: "https://report.ashworth.example/reports/FK7M-3RTW".into(),
        sharing_url: "https://report.ashworth.example/consent/tok".into(),
        council: "Ashworth Borough Council".into(),
        description: String::new(),
        location: String::new(),
        standard_days: 5,
        shared_with_councillor: Some(false),
        logged_by: None,
    });
    shared::ports::Mailer::send(&mailer, &notice.render()).await.unwrap();
    server.verify().await;
}

/// Open311 on DynamoDB (moto, through the strict layer): a client posts a request, the back
/// office moves it on, and both read back through the indexes, with nothing personal.
#[tokio::test]
async fn open311_requests_and_updates_round_trip_on_dynamodb() {
    let store = store().await;
    let clock = Arc::new(shared::ports::FixedClock::new(SystemClock.now()));
    let deps = open311::Open311::from_store(
        Arc::new(common::council()),
        Arc::new(store.clone()),
        clock.clone(),
        shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap(),
    );
    let app = open311::router(deps);
    let call = |req: Request<Body>| {
        let app = app.clone();
        async move {
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
            (status, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    let form = |pairs: &[(&str, &str)]| {
        Request::post(if pairs.iter().any(|(k, _)| *k == "update_id") {
            "/open311/v2/servicerequestupdates.json"
        } else {
            "/open311/v2/requests.json"
        })
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(pairs).unwrap()))
        .unwrap()
    };
    let (status, body) = call(form(&[
        ("api_key", "ashworth-demo-app"),
        ("service_code", "street-lighting"),
        ("address_string", "Outside 12 Abbey Road"),
        ("attribute[ward]", "northgate"),
        ("description", "Light flickering all night"),
        ("email", "sam@example.com"),
        ("first_name", "Sam"),
    ]))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    clock.set(clock.now() + chrono::Duration::minutes(5));
    let (status, body) = call(form(&[
        ("api_key", "ashworth-demo-back-office"),
        ("service_request_id", &id),
        ("update_id", "BO-1"),
        ("status", "fixed"),
        ("description", "Lamp replaced"),
    ]))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, body) = call(Request::get("/open311/v2/requests.xml").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(&format!(
        "<service_request_id>{id}</service_request_id><status>closed</status>"
    )));
    let (status, body) = call(
        Request::get("/open311/v2/servicerequestupdates.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let updates: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(updates.as_array().unwrap().len(), 1, "{body}");
    assert_eq!(updates[0]["service_request_id"], id.as_str());
    assert_eq!(updates[0]["status"], "fixed");
    for personal in ["Sam", "sam@example.com", "Abbey Road", "flickering", "Lamp replaced"] {
        assert!(!body.contains(personal));
    }
}

/// Retention on AWS (DynamoDB and S3 on moto): a case past its period loses its details and
/// its photos, leaving no object and no old version in the bucket.
#[tokio::test]
async fn retention_leaves_no_photo_in_the_bucket() {
    use shared::ports::{CaseReader, CaseUpdater};
    let store = store().await;
    let (s3, bucket) = common::s3_bucket().await;
    let photos = shared::adapters::s3::S3Photos::new(s3.clone(), bucket.clone());
    let council = common::council();
    let signer = shared::signing::Signer::new("a test signing key of thirty-two characters or more").unwrap();
    let long_ago = chrono::Utc::now() - chrono::Duration::days(800);
    let clock = shared::ports::FixedClock::new(long_ago);
    let input = shared::domain::ReportInput {
        category: Some("fly-tipping".into()),
        description: Some("Sofa by the bins".into()),
        address: Some("Mill Lane".into()),
        ward: Some("riverside".into()),
        reporting: Some("registered".into()),
        name: Some("Jo Bloggs".into()),
        email: Some("jo@example.com".into()),
        ..Default::default()
    };
    let files = [shared::photo::process(&shared::photo::fixtures::camera_jpeg(64, 48, 1)).unwrap()];
    let reference = shared::submission::submit_with_photos(
        shared::submission::Submitter {
            council: &council,
            writer: &store,
            reader: &store,
            clock: &clock,
            signer: &signer,
        },
        &input,
        &shared::submission::Origin::resident(shared::domain::case::Channel::WebForm),
        None,
        Some(shared::submission::NewPhotos {
            files: &files,
            store: &photos,
        }),
    )
    .await
    .unwrap()
    .reference;
    let case = store.case(&reference).await.unwrap().unwrap().case;
    let closed_at = long_ago + chrono::Duration::days(3);
    store
        .apply(&shared::ports::CaseChange {
            tallies: vec![],
            case: case.with_status(shared::domain::Status::Fixed, closed_at).unwrap(),
            expected_version: case.version,
            event: shared::domain::CaseEvent::new(
                closed_at,
                shared::domain::Actor::Officer("jane-smith".into()),
                shared::domain::CaseEventKind::StatusChanged {
                    from: case.status,
                    to: shared::domain::Status::Fixed,
                },
            ),
            outbox: vec![],
        })
        .await
        .unwrap();
    let listed = |s3: aws_sdk_s3::Client, bucket: String| async move {
        let out = s3.list_object_versions().bucket(bucket).send().await.unwrap();
        out.versions().len() + out.delete_markers().len()
    };
    assert_eq!(
        listed(s3.clone(), bucket.clone()).await,
        2,
        "the photo and its thumbnail"
    );
    let job =
        retention::Retention::from_store(std::sync::Arc::new(council.clone()), std::sync::Arc::new(store.clone()))
            .with_photos(std::sync::Arc::new(photos));
    let report = job.run(chrono::Utc::now()).await.unwrap();
    assert_eq!(report.anonymised, 1);
    assert!(store.case(&reference).await.unwrap().unwrap().case.personal.is_none());
    assert_eq!(listed(s3, bucket).await, 0, "nothing left in the bucket");
}
