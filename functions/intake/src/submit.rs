//! Storing a report: shared by the form and the JSON API, so both store exactly the same thing.

use chrono::Duration;
use rand::SeedableRng;
use sha2::{Digest, Sha256};
use shared::domain::case::Channel;
use shared::domain::report::FieldError;
use shared::domain::{Case, CaseEvent, CaseEventKind, CaseRef, ReportInput};
use shared::email::{Acknowledgement, Notice, TeamContact};
use shared::ports::{IdempotencyClaim, IdempotencyKey, OutboxMessage, StoreError, Submission, SubmitOutcome};

use crate::Intake;

/// How long a retried request with the same `Idempotency-Key` returns the same case.
const IDEMPOTENCY_WINDOW: Duration = Duration::hours(24);
/// A fresh reference is drawn this many times if the first is taken (about 1 in 10^10).
const REFERENCE_ATTEMPTS: usize = 5;

#[derive(Debug)]
pub struct Submitted {
    pub reference: CaseRef,
    pub expected_by: chrono::NaiveDate,
    pub registered: bool,
    /// The same idempotency key was seen before: this is the earlier case, not a new one.
    pub replayed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("the report is not valid")]
    Invalid(Vec<FieldError>),
    #[error("the idempotency key was used for a different report")]
    KeyReused,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn fingerprint(input: &ReportInput) -> String {
    let canonical = serde_json::to_string(input).unwrap_or_default();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Validates the report and stores the case and its acknowledgement in one transaction.
#[tracing::instrument(skip_all, fields(channel = ?channel, case))]
pub async fn submit(
    deps: &Intake,
    input: &ReportInput,
    channel: Channel,
    key: Option<IdempotencyKey>,
) -> Result<Submitted, SubmitError> {
    let council = &deps.council;
    let report = input
        .parse(&council.categories, &council.wards)
        .map_err(SubmitError::Invalid)?;
    let category = council
        .category(&report.category)
        .ok_or_else(|| StoreError::Corrupt(format!("category {} vanished", report.category)))?;
    let team = council
        .team(&category.team)
        .ok_or_else(|| StoreError::Corrupt(format!("team {} vanished", category.team)))?;
    let now = deps.clock.now();
    let fingerprint = fingerprint(input);
    let mut rng = rand::rngs::StdRng::from_os_rng();

    for _ in 0..REFERENCE_ATTEMPTS {
        let reference = CaseRef::generate(&mut rng);
        let case = Case::open(
            reference.clone(),
            report.clone(),
            category,
            &council.calendar,
            channel,
            now,
        );
        let outbox = case
            .reporter()
            .map(|r| {
                let notice = Notice::Acknowledgement(Acknowledgement {
                    to: r.email.clone(),
                    name: r.name.clone(),
                    reference: reference.clone(),
                    category: category.name.clone(),
                    next_steps: category.next_steps.clone(),
                    team: TeamContact {
                        name: team.name.clone(),
                        email: team.email.clone(),
                        phone: team.phone.clone(),
                    },
                    expected_by: case.expected_by,
                    status_url: format!("{}/reports/{}", council.base_url, reference),
                    council: council.name.clone(),
                });
                OutboxMessage::new(now, notice, &mut rng)
            })
            .into_iter()
            .collect();
        let submission = Submission {
            event: CaseEvent::new(
                now,
                shared::domain::Actor::Resident,
                CaseEventKind::Submitted { channel },
            ),
            idempotency: key.clone().map(|key| IdempotencyClaim {
                key,
                fingerprint: fingerprint.clone(),
                expires_at: now + IDEMPOTENCY_WINDOW,
            }),
            outbox,
            case,
        };
        match deps.writer.submit(&submission, now).await {
            Ok(SubmitOutcome::Stored) => {
                tracing::Span::current().record("case", tracing::field::display(&reference));
                tracing::info!(category = %submission.case.category, ward = %submission.case.ward, "case stored");
                return Ok(Submitted {
                    reference,
                    expected_by: submission.case.expected_by,
                    registered: submission.case.registered,
                    replayed: false,
                });
            }
            Ok(SubmitOutcome::Replayed {
                reference,
                fingerprint: seen,
            }) => {
                if seen != fingerprint {
                    return Err(SubmitError::KeyReused);
                }
                let record =
                    deps.reader.case(&reference).await?.ok_or_else(|| {
                        StoreError::Corrupt(format!("idempotency key names missing case {reference}"))
                    })?;
                tracing::info!(case = %reference, "idempotent replay");
                return Ok(Submitted {
                    reference,
                    expected_by: record.case.expected_by,
                    registered: record.case.registered,
                    replayed: true,
                });
            }
            Err(StoreError::ReferenceTaken) => {
                tracing::warn!("case reference clash; drawing another");
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Corrupt("no free case reference after several attempts".into()).into())
}
