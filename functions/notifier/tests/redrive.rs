//! A re-drive sends what it made ready at once, by each message's key: the operator who is
//! told "re-driven" does not wait for the next drain (on DynamoDB the ready index catches up
//! only eventually).
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use notifier::{Notifier, RedriveReport};
use shared::adapters::sqlite::SqliteStore;
use shared::email::{Notice, RenderedEmail, SignInLink};
use shared::ports::{FixedClock, MailError, MailQueue, Mailer, Outbox, OutboxMessage};

/// Refuses everything until it is fixed, then records what it sends.
#[derive(Default)]
struct Mailbox {
    fixed: AtomicBool,
    sent: Mutex<Vec<RenderedEmail>>,
}

#[async_trait]
impl Mailer for Mailbox {
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError> {
        if !self.fixed.load(Ordering::Relaxed) {
            return Err(MailError::Rejected("Illegal address".into()));
        }
        self.sent.lock().unwrap().push(email.clone());
        Ok("sent".into())
    }
}

#[tokio::test]
async fn a_redriven_message_is_sent_at_once_without_waiting_for_a_drain() {
    let store = SqliteStore::in_memory().unwrap();
    let mailer = Arc::new(Mailbox::default());
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let notifier = Notifier {
        outbox: Arc::new(store.clone()),
        mailer: mailer.clone(),
        clock: Arc::new(FixedClock::new(now)),
        reader: Arc::new(store.clone()),
        consents: Arc::new(store.clone()),
        access: Arc::new(store.clone()),
    };
    let message = OutboxMessage {
        id: "m-1".into(),
        created_at: now,
        notice: Notice::SignInLink(SignInLink {
            lang: Default::default(),
            to: "jane.smith@ashworth.example".into(),
            name: "Jane Smith".into(),
            url: "https://example.test/sign-in/tok".into(),
            valid_minutes: 15,
            council: "Ashworth".into(),
        }),
    };
    store.enqueue(&message).await.unwrap();
    assert_eq!(notifier.drain(10).await.unwrap().dead, 1);
    assert_eq!(store.dead(10).await.unwrap().len(), 1);

    mailer.fixed.store(true, Ordering::Relaxed);
    let report = notifier.redrive_dead(10).await.unwrap();
    assert_eq!(
        report,
        RedriveReport {
            redriven: 1,
            sent: 1,
            retrying: 0,
            dead: 0
        }
    );
    assert_eq!(mailer.sent.lock().unwrap().len(), 1, "sent by the re-drive itself");
    assert!(store.dead(10).await.unwrap().is_empty());
    assert!(
        store.ready(now, 10).await.unwrap().is_empty(),
        "nothing left for a drain"
    );
}
