//! SES's bounces and complaints on the embedded store: a resident's lands once in their
//! case's history for the officers (never the councillor's view); a council mailbox is an
//! alarm, not a case note; a temporary bounce is only counted.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::Arc;

use bounces::{BounceReport, Bounces};
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::{CaseEventKind, CaseRef, ReportInput};
use shared::ports::{CaseReader, FixedClock};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter, submit};

struct World {
    store: Arc<SqliteStore>,
    council: Arc<Council>,
    clock: Arc<FixedClock>,
}

impl World {
    fn new() -> World {
        World {
            store: Arc::new(SqliteStore::in_memory().unwrap()),
            council: Arc::new(Council::load(&demo_dir()).unwrap()),
            clock: Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap())),
        }
    }

    async fn report(&self) -> CaseRef {
        let input = ReportInput {
            category: Some("fly-tipping".into()),
            description: Some("A mattress by the gate".into()),
            address: Some("9 Hollins Road".into()),
            ward: Some("hollins-park".into()),
            reporting: Some("registered".into()),
            name: Some("Jo Bloggs".into()),
            email: Some("jo@example.com".into()),
            ..ReportInput::default()
        };
        let signer = Signer::new("a test signing key of thirty-two characters or more").unwrap();
        let deps = Submitter {
            council: &self.council,
            writer: self.store.as_ref(),
            reader: self.store.as_ref(),
            clock: self.clock.as_ref(),
            signer: &signer,
        };
        let origin = Origin::resident(shared::domain::case::Channel::WebForm);
        submit(deps, &input, &origin, None).await.unwrap().reference
    }

    fn job(&self) -> Bounces {
        Bounces::from_store(self.council.clone(), self.store.clone(), self.clock.clone())
    }
}

/// An SNS delivery of one SES event, as the configuration set publishes it.
fn sns(event: Value) -> Value {
    json!({ "Records": [{ "EventSource": "aws:sns", "Sns": { "Type": "Notification", "Message": event.to_string() } }] })
}

fn bounce(kind: &str, to: &str, tags: Value) -> Value {
    sns(json!({
        "eventType": "Bounce",
        "bounce": { "bounceType": kind, "bounceSubType": "General", "bouncedRecipients": [{ "emailAddress": to }] },
        "mail": { "source": "reports@ashworth.example", "tags": tags }
    }))
}

fn resident_tags(case: &CaseRef) -> Value {
    json!({ "audience": ["resident"], "case": [case.as_str()], "ses:configuration-set": ["wardline"] })
}

#[tokio::test]
async fn a_residents_bounce_goes_on_their_case_once_and_only_officers_see_it() {
    let w = World::new();
    let reference = w.report().await;
    let event = bounce("Permanent", "jo@example.com", resident_tags(&reference));
    let report = w.job().handle_sns(&event).await.unwrap();
    assert_eq!(
        report,
        BounceReport {
            council: 0,
            recorded: 1,
            ignored: 0
        }
    );
    let record = w.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(
        record.history.last().unwrap().kind,
        CaseEventKind::MailUndelivered { complaint: false }
    );
    assert_eq!(record.case.version, 2);

    // SES says it again (and of every later email): nothing more is recorded.
    let again = w.job().handle_sns(&event).await.unwrap();
    assert_eq!((again.recorded, again.ignored), (0, 1));
    assert_eq!(w.store.case(&reference).await.unwrap().unwrap().history.len(), 2);

    // A complaint is its own line.
    let complaint = sns(json!({
        "eventType": "Complaint",
        "complaint": { "complainedRecipients": [{ "emailAddress": "jo@example.com" }] },
        "mail": { "tags": resident_tags(&reference) }
    }));
    assert_eq!(w.job().handle_sns(&complaint).await.unwrap().recorded, 1);

    // A councillor (even with consent) is not told of the resident's mailbox.
    let record = w.store.case(&reference).await.unwrap().unwrap();
    use shared::domain::redaction::{Councillor, councillor_view, fixtures};
    let id = fixtures::councillor("test-cllr");
    let wards = [record.case.ward.clone()];
    let viewer = Councillor { id: &id, wards: &wards };
    let view = councillor_view(
        &record.case,
        &record.history,
        &[fixtures::given(0, &["test-cllr"])],
        &viewer,
    )
    .unwrap();
    assert!(
        matches!(view, shared::domain::redaction::CouncillorView::Full { .. }),
        "consented"
    );
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("mail_undelivered") && !json.contains("MailUndelivered"),
        "{json}"
    );
}

#[tokio::test]
async fn a_council_mailbox_that_bounces_is_an_alarm_not_a_case_note() {
    let w = World::new();
    let reference = w.report().await;
    let staff = json!({ "audience": ["staff"], "ses:configuration-set": ["wardline"] });
    for address in ["streetscene@ashworth.example", "Highways.Manager@ashworth.example"] {
        let report = w
            .job()
            .handle_sns(&bounce("Permanent", address, staff.clone()))
            .await
            .unwrap();
        assert_eq!(
            report,
            BounceReport {
                council: 1,
                recorded: 0,
                ignored: 0
            },
            "{address}"
        );
    }
    assert_eq!(w.store.case(&reference).await.unwrap().unwrap().history.len(), 1);
}

#[tokio::test]
async fn temporary_bounces_mail_without_a_case_and_other_messages_change_nothing() {
    let w = World::new();
    let reference = w.report().await;
    let transient = bounce("Transient", "jo@example.com", resident_tags(&reference));
    assert_eq!(w.job().handle_sns(&transient).await.unwrap().ignored, 1);
    let untagged = bounce("Permanent", "someone@example.com", json!({}));
    assert_eq!(w.job().handle_sns(&untagged).await.unwrap().ignored, 1);
    let unknown_case = bounce(
        "Permanent",
        "jo@example.com",
        json!({ "audience": ["resident"], "case": ["ZZZZ-ZZZZ"] }),
    );
    assert_eq!(w.job().handle_sns(&unknown_case).await.unwrap().ignored, 1);
    let noise = json!({ "Records": [{ "Sns": { "Message": "{\"eventType\":\"Delivery\"}" } }, { "Sns": {} }] });
    assert_eq!(w.job().handle_sns(&noise).await.unwrap().ignored, 2);
    assert_eq!(w.store.case(&reference).await.unwrap().unwrap().history.len(), 1);
}
