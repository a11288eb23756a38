//! A councillor's email is decided when it is sent: through the redaction function, from
//! the case and its consent as they are then, and audited if it shows personal data.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use notifier::{Notifier, Outcome};
use shared::adapters::sqlite::SqliteStore;
use shared::config::{Council, demo_dir};
use shared::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord};
use shared::domain::{CaseRef, CouncillorId, ReportInput, WardId};
use shared::email::{CaseNews, Notice, RenderedEmail};
use shared::ports::{
    AccessLog, CaseReader, ConsentLog, FixedClock, MailError, MailQueue, Mailer, Outbox, OutboxMessage,
};
use shared::signing::Signer;
use shared::submission::{Origin, Submitter, submit};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

#[derive(Default)]
struct Recording(Mutex<Vec<RenderedEmail>>);

#[async_trait]
impl Mailer for Recording {
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError> {
        self.0.lock().unwrap().push(email.clone());
        Ok("sent".into())
    }
}

struct World {
    store: SqliteStore,
    council: Council,
    mailer: Arc<Recording>,
    notifier: Notifier,
}

fn world() -> World {
    let store = SqliteStore::in_memory().unwrap();
    let mailer = Arc::new(Recording::default());
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        mailer: mailer.clone(),
        clock: Arc::new(FixedClock::new(t0() + Duration::hours(1))),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
    };
    World {
        store,
        council: Council::load(&demo_dir())
            .unwrap()
            .with_base_url("http://wardline.test"),
        mailer,
        notifier,
    }
}

impl World {
    async fn report(&self, share: bool) -> CaseRef {
        let input = ReportInput {
            category: Some("fly-tipping".into()),
            description: Some("Fridges behind the garages".into()),
            address: Some("Mill Lane".into()),
            ward: Some("riverside".into()),
            reporting: Some("registered".into()),
            name: Some("Priya Shah".into()),
            email: Some("priya@example.com".into()),
            share_with_councillor: share.then(|| "yes".into()),
            ..ReportInput::default()
        };
        let clock = FixedClock::new(t0());
        let signer = Signer::new("a test signing key of thirty-two characters or more").unwrap();
        let deps = Submitter {
            council: &self.council,
            writer: &self.store,
            reader: &self.store,
            clock: &clock,
            signer: &signer,
        };
        submit(
            deps,
            &input,
            &Origin::resident(shared::domain::case::Channel::WebForm),
            None,
        )
        .await
        .unwrap()
        .reference
    }

    /// Queues news of `reference` for a councillor with `wards`, and delivers it.
    async fn news(&self, reference: &CaseRef, councillor: &str, wards: &[&str]) -> Outcome {
        let case = self.store.case(reference).await.unwrap().unwrap().case;
        let mut notices = shared::news::for_followers(
            &self.council,
            &case,
            CaseNews::Late,
            &[CouncillorId::parse(councillor).unwrap()],
        );
        let Notice::CouncillorNews(news) = &mut notices[0] else {
            panic!("councillor news")
        };
        news.wards = wards.iter().map(|w| WardId::parse(w).unwrap()).collect();
        let message = OutboxMessage::new(t0(), notices.remove(0), &mut rand::rng());
        self.store.enqueue(&message).await.unwrap();
        self.notifier.deliver(&message.id).await.unwrap()
    }

    fn last_sent(&self) -> RenderedEmail {
        self.mailer.0.lock().unwrap().last().cloned().unwrap()
    }
}

#[tokio::test]
async fn with_consent_the_email_names_the_resident_and_the_showing_is_audited() {
    let w = world();
    let reference = w.report(true).await;
    assert_eq!(w.news(&reference, "amira-patel", &["riverside"]).await, Outcome::Sent);
    let email = w.last_sent();
    assert_eq!(email.to, "amira.patel@ashworth.example");
    assert!(email.text.contains("Priya Shah") && email.text.contains("Fridges behind the garages"));
    let audit = w.store.accesses(&reference).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].person, "councillor:amira-patel");
    assert_eq!(audit[0].purpose, shared::ports::AccessPurpose::Email);
}

#[tokio::test]
async fn withdrawn_after_the_news_was_queued_the_email_says_nothing_of_the_resident() {
    let w = world();
    let reference = w.report(true).await;
    let withdrawn = ConsentRecord {
        resident: "k".into(),
        at: t0() + Duration::minutes(1),
        channel: ConsentChannel::EmailLink,
        event: ConsentEvent::Withdrawn,
    };
    w.store.append_consent(&reference, &withdrawn).await.unwrap();
    assert_eq!(w.news(&reference, "amira-patel", &["riverside"]).await, Outcome::Sent);
    let email = w.last_sent();
    assert!(email.text.contains(reference.as_str()));
    assert!(!email.text.contains("Priya") && !email.text.contains("priya@example.com"));
    assert!(!email.html.contains("Priya") && !email.text.contains("Fridges"));
    assert!(
        w.store.accesses(&reference).await.unwrap().is_empty(),
        "nothing shown, nothing audited"
    );
}

#[tokio::test]
async fn a_councillor_who_may_no_longer_see_the_case_is_not_emailed_at_all() {
    let w = world();
    let reference = w.report(true).await;
    // Moved to another ward since the news was queued.
    assert_eq!(w.news(&reference, "amira-patel", &["millbrook"]).await, Outcome::Dead);
    assert!(w.mailer.0.lock().unwrap().is_empty());
    let dead = w.store.dead(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert!(dead[0].last_error.contains("may no longer see this case"));
}
