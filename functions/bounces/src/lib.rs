//! The bounces function: SES's bounce and complaint events (the configuration set publishes
//! them to an SNS topic this function reads) reach someone who can act. SES stops mailing
//! such an address for good while the outbox says "sent", so:
//!
//! - a **council mailbox** (a team's, an escalation contact's, an officer's, a councillor's)
//!   is logged as an error naming its kind and id, never its address; the template alarms on
//!   it, and infra/README.md says how to clear the address from SES's suppression list once
//!   the mailbox works again;
//! - a **resident's** address is recorded in their case's history (the email's `case` tag
//!   names it), so officers see on the case that they must reach the resident another way;
//! - a temporary bounce (a full mailbox) is only counted: SES has already retried it.

use std::sync::Arc;

use serde::Serialize;
use shared::bounce::{MailEvent, Mailbox, Trouble, mailbox, parse_event};
use shared::config::Council;
use shared::domain::CaseRef;
use shared::ports::{CaseReader, CaseUpdater, Clock, StoreError};

#[derive(Clone)]
pub struct Bounces {
    pub council: Arc<Council>,
    pub reader: Arc<dyn CaseReader>,
    pub updater: Arc<dyn CaseUpdater>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct BounceReport {
    /// Council mailboxes that bounced or complained (each one logged as an error).
    pub council: usize,
    /// Residents' cases that now say their email cannot be delivered.
    pub recorded: usize,
    /// Already recorded, temporary, or with no case to record them on.
    pub ignored: usize,
}

/// A change lost to another at the same moment is read again this many times.
const ATTEMPTS: usize = 3;

impl Bounces {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, clock: Arc<dyn Clock>) -> Bounces
    where
        S: CaseReader + CaseUpdater + 'static,
    {
        Bounces {
            council,
            reader: store.clone(),
            updater: store,
            clock,
        }
    }

    /// An SNS delivery: `{"Records": [{"Sns": {"Message": "<SES event JSON>"}}]}`.
    pub async fn handle_sns(&self, event: &serde_json::Value) -> Result<BounceReport, StoreError> {
        let mut report = BounceReport::default();
        for record in event["Records"].as_array().into_iter().flatten() {
            match record["Sns"]["Message"].as_str().and_then(parse_event) {
                Some(e) => self.handle(&e, &mut report).await?,
                None => {
                    tracing::warn!("an SNS message that is not an SES bounce or complaint; ignored");
                    report.ignored += 1;
                }
            }
        }
        Ok(report)
    }

    async fn handle(&self, event: &MailEvent, report: &mut BounceReport) -> Result<(), StoreError> {
        for address in &event.recipients {
            let owner = mailbox(&self.council, address);
            if owner.is_council() {
                report.council += 1;
                // The message the template's metric filter counts; kind and id, no address.
                tracing::error!(
                    mailbox = owner.kind(),
                    id = owner.id(),
                    trouble = ?event.trouble,
                    "a council mailbox could not be mailed: SES suppresses it until it is cleared (infra/README.md)"
                );
                continue;
            }
            if event.trouble == Trouble::TransientBounce {
                report.ignored += 1;
                continue;
            }
            match (&event.case, event.audience.as_deref()) {
                (Some(reference), Some("resident")) => {
                    let complaint = event.trouble == Trouble::Complaint;
                    if self.record(reference, complaint).await? {
                        tracing::info!(case = %reference, complaint, "resident's email undeliverable; on the case");
                        report.recorded += 1;
                    } else {
                        report.ignored += 1;
                    }
                }
                _ => {
                    // A data-request link, or mail sent before tags: no case to tell.
                    tracing::info!(mailbox = Mailbox::Resident.kind(), "an email with no case bounced");
                    report.ignored += 1;
                }
            }
        }
        Ok(())
    }

    /// Puts it in the case's history; `false` if it is there already or the case is gone.
    async fn record(&self, reference: &CaseRef, complaint: bool) -> Result<bool, StoreError> {
        for _ in 0..ATTEMPTS {
            let Some(record) = self.reader.case(reference).await? else {
                return Ok(false);
            };
            let Some(change) = shared::casework::mail_undelivered(
                &self.council,
                &record.case,
                &record.history,
                complaint,
                self.clock.now(),
            ) else {
                return Ok(false);
            };
            match self.updater.apply(&change).await {
                Ok(()) => return Ok(true),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict)
    }
}
