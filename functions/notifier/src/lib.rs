//! The notifier: renders and sends every email in the outbox, exactly once where it can,
//! retrying what fails and dead-lettering what keeps failing. No other function sends mail.
//!
//! On AWS it is driven by the table's stream (each new outbox item) and by a schedule that
//! drains anything waiting to retry; locally the runner drains on a timer.

use std::sync::Arc;

use chrono::Duration;
use serde::{Deserialize, Serialize};
use shared::domain::redaction::{Councillor, councillor_view};
use shared::email::{CouncillorDetail, CouncillorNews, Notice, RenderedEmail, councillor_news};
use shared::ports::{
    AccessLog, AccessPurpose, AccessRecord, CaseReader, Clock, ConsentLog, Delivery, MailError, Mailer, Outbox,
    StoreError,
};

/// How long a worker holds a message while sending it. Longer than the Lambda timeout, so a
/// message is never sent twice because a slow send outlived its lease.
pub const LEASE: Duration = Duration::minutes(2);
/// Waits before each retry; after the last, the message is dead.
pub const BACKOFF: [Duration; 5] = [
    Duration::minutes(1),
    Duration::minutes(5),
    Duration::minutes(30),
    Duration::hours(2),
    Duration::hours(6),
];

#[derive(Clone)]
pub struct Notifier {
    pub outbox: Arc<dyn Outbox>,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
    /// A councillor's email is decided when it is sent: the case and its consent as they
    /// are then, through the redaction function, and an audit record if it shows personal
    /// data.
    pub reader: Arc<dyn CaseReader>,
    pub consents: Arc<dyn ConsentLog>,
    pub access: Arc<dyn AccessLog>,
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Someone else has it, it is already sent or dead, or it is waiting to retry.
    Skipped,
    WillRetry,
    Dead,
}

/// What a re-drive did: messages made ready again, and how each went when sent at once.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct RedriveReport {
    pub redriven: usize,
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    pub sent: usize,
    pub skipped: usize,
    pub retrying: usize,
    pub dead: usize,
}

impl Notifier {
    /// The notifier over one store that gives every port it takes, sending through `mailer`.
    pub fn from_store<S>(store: Arc<S>, mailer: Arc<dyn Mailer>, clock: Arc<dyn Clock>) -> Notifier
    where
        S: Outbox + CaseReader + ConsentLog + AccessLog + 'static,
    {
        Notifier {
            outbox: store.clone(),
            reader: store.clone(),
            consents: store.clone(),
            access: store,
            mailer,
            clock,
        }
    }
}

impl Notifier {
    /// Sends one outbox message if it is ready and nobody else holds it.
    #[tracing::instrument(skip(self), fields(case, kind))]
    pub async fn deliver(&self, id: &str) -> Result<Outcome, StoreError> {
        let now = self.clock.now();
        let Some(claimed) = self.outbox.claim(id, now, now + LEASE).await? else {
            return Ok(Outcome::Skipped);
        };
        let notice = &claimed.message.notice;
        let span = tracing::Span::current();
        if let Some(reference) = notice.reference() {
            span.record("case", tracing::field::display(reference));
        }
        span.record("kind", notice.kind());
        let email = match notice {
            Notice::CouncillorNews(news) => match self.councillor_email(news).await? {
                Some(email) => shared::email::RenderedEmail {
                    tags: notice.mail_tags(),
                    ..email
                },
                None => {
                    tracing::info!("councillor may no longer see the case; not sent");
                    let delivery = Delivery::Dead {
                        error: "not sent: the councillor may no longer see this case".into(),
                    };
                    self.outbox.settle(id, &delivery, self.clock.now()).await?;
                    return Ok(Outcome::Dead);
                }
            },
            other => other.render(),
        };
        let (delivery, outcome) = match self.mailer.send(&email).await {
            Ok(provider_id) => (Delivery::Sent { provider_id }, Outcome::Sent),
            // The provider's own words can name the recipient, so they go to the outbox item
            // (for `wardline outbox dead`), never to the logs.
            Err(MailError::Rejected(reason)) => {
                tracing::error!("email rejected by the mail provider; dead-lettered");
                (Delivery::Dead { error: reason }, Outcome::Dead)
            }
            Err(MailError::Unavailable(cause)) => {
                let attempt = claimed.attempts as usize;
                if let Some(wait) = BACKOFF.get(attempt) {
                    tracing::warn!(error = %cause, attempt = attempt + 1, "email not sent; will retry");
                    (
                        Delivery::Retry {
                            retry_at: self.clock.now() + *wait,
                            error: cause.to_string(),
                        },
                        Outcome::WillRetry,
                    )
                } else {
                    tracing::error!(error = %cause, attempts = attempt + 1, "email not sent after every retry; dead-lettered");
                    (
                        Delivery::Dead {
                            error: cause.to_string(),
                        },
                        Outcome::Dead,
                    )
                }
            }
        };
        self.outbox.settle(id, &delivery, self.clock.now()).await?;
        if outcome == Outcome::Sent {
            tracing::info!("email sent");
        }
        Ok(outcome)
    }

    /// A councillor's news as the redaction function allows it now: with the resident's
    /// details only if they currently consent to this councillor seeing them (or the
    /// councillor logged the case). `None` if the councillor may not see the case at all,
    /// or it is gone. Showing details is recorded in the access audit before the send.
    async fn councillor_email(&self, news: &CouncillorNews) -> Result<Option<RenderedEmail>, StoreError> {
        let Some(record) = self.reader.case(&news.reference).await? else {
            return Ok(None);
        };
        let consents = self.consents.consents(&news.reference).await?;
        let viewer = Councillor {
            id: &news.councillor,
            wards: &news.wards,
        };
        let Some(view) = councillor_view(&record.case, &record.history, &consents, &viewer) else {
            return Ok(None);
        };
        let Some(detail) = CouncillorDetail::from_view(&view) else {
            return Ok(Some(councillor_news(news, None)));
        };
        self.access
            .record_access(
                &news.reference,
                &AccessRecord {
                    at: self.clock.now(),
                    person: format!("councillor:{}", news.councillor),
                    purpose: AccessPurpose::Email,
                },
            )
            .await?;
        Ok(Some(councillor_news(news, Some(&detail))))
    }

    /// Sends everything ready now, up to `limit` messages.
    pub async fn drain(&self, limit: usize) -> Result<DrainReport, StoreError> {
        let mut report = DrainReport::default();
        for id in self.outbox.ready(self.clock.now(), limit).await? {
            match self.deliver(&id).await? {
                Outcome::Sent => report.sent += 1,
                Outcome::Skipped => report.skipped += 1,
                Outcome::WillRetry => report.retrying += 1,
                Outcome::Dead => report.dead += 1,
            }
        }
        Ok(report)
    }

    /// Makes every dead message ready again (after an operator fixed the cause), up to
    /// `limit`, and sends each at once, by its key: a drain would find them only once the
    /// ready index caught up (DynamoDB's indexes are eventually consistent), which is not
    /// what an operator who was told "re-driven" expects.
    pub async fn redrive_dead(&self, limit: usize) -> Result<RedriveReport, StoreError> {
        let now = self.clock.now();
        let mut report = RedriveReport::default();
        for message in self.outbox.dead(limit).await? {
            if !self.outbox.redrive(&message.id, now).await? {
                continue;
            }
            report.redriven += 1;
            match self.deliver(&message.id).await? {
                Outcome::Sent => report.sent += 1,
                Outcome::WillRetry => report.retrying += 1,
                Outcome::Dead => report.dead += 1,
                Outcome::Skipped => {}
            }
        }
        tracing::info!(
            redriven = report.redriven,
            sent = report.sent,
            "dead messages re-driven"
        );
        Ok(report)
    }

    /// Handles a batch from the table's stream. Records that are not new outbox items are
    /// ignored; a record whose message could not be settled (the store failed) is reported
    /// back so Lambda retries it, and nothing after it is acknowledged either.
    pub async fn handle_stream(&self, event: StreamEvent) -> BatchResponse {
        let mut failures = Vec::new();
        for record in event.records {
            if !failures.is_empty() {
                // Ordered stream: once one fails, everything after it is retried with it.
                failures.push(BatchItemFailure {
                    item_identifier: record.dynamodb.sequence_number,
                });
                continue;
            }
            let Some(id) = record.outbox_id() else { continue };
            if let Err(e) = self.deliver(id).await {
                shared::web::error::log_unexpected(&e);
                failures.push(BatchItemFailure {
                    item_identifier: record.dynamodb.sequence_number.clone(),
                });
            }
        }
        BatchResponse {
            batch_item_failures: failures,
        }
    }
}

/// The parts of a DynamoDB stream event the notifier reads.
#[derive(Debug, Deserialize)]
pub struct StreamEvent {
    #[serde(rename = "Records")]
    pub records: Vec<StreamRecord>,
}

#[derive(Debug, Deserialize)]
pub struct StreamRecord {
    #[serde(rename = "eventName")]
    pub event_name: String,
    pub dynamodb: StreamData,
}

#[derive(Debug, Deserialize)]
pub struct StreamData {
    #[serde(rename = "Keys")]
    pub keys: serde_json::Map<String, serde_json::Value>,
    #[serde(rename = "SequenceNumber")]
    pub sequence_number: String,
}

impl StreamRecord {
    /// The outbox id of a newly inserted outbox item.
    pub fn outbox_id(&self) -> Option<&str> {
        if self.event_name != "INSERT" {
            return None;
        }
        shared::adapters::stream::outbox_id(&self.dynamodb.keys)
    }
}

/// Lambda's partial batch response for stream sources.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct BatchResponse {
    #[serde(rename = "batchItemFailures")]
    pub batch_item_failures: Vec<BatchItemFailure>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct BatchItemFailure {
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: String,
}
