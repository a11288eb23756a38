//! Storing a report: the one way, shared by the resident's form, the JSON API (intake) and a
//! councillor logging a case (portal), so all of them store exactly the same thing.

use chrono::Duration;
use rand::SeedableRng;
use sha2::{Digest, Sha256};

use crate::config::Council;
use crate::domain::case::Channel;
use crate::domain::case::PhotoMeta;
use crate::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord};
use crate::domain::report::FieldError;
use crate::domain::{Actor, Case, CaseEvent, CaseEventKind, CaseRef, Lang, LoggedBy, ReportInput};
use crate::links;
use crate::notice::{Acknowledgement, Notice, TeamContact};
use crate::ports::{
    CaseReader, CaseWriter, Clock, IdempotencyClaim, IdempotencyKey, OutboxMessage, PhotoSize, PhotoWriter, StoreError,
    Submission, SubmitOutcome, TallyChange,
};
use crate::signing::Signer;

/// What storing a report needs.
#[derive(Clone, Copy)]
pub struct Submitter<'a> {
    pub council: &'a Council,
    pub writer: &'a dyn CaseWriter,
    pub reader: &'a dyn CaseReader,
    pub clock: &'a dyn Clock,
    pub signer: &'a Signer,
}

/// How a report arrived.
#[derive(Debug, Clone)]
pub struct Origin {
    pub channel: Channel,
    /// Where a tick in "share with my councillor" was given.
    pub consent_channel: ConsentChannel,
    /// The councillor who logged it, if one did.
    pub logged_by: Option<LoggedBy>,
    /// For officers only, on the report's first event: what the sender gave that the
    /// report has no field for (an Open311 client's `media_url`).
    pub internal_note: Option<String>,
    /// The language the resident used: the case keeps it, and every email is in it.
    pub lang: Lang,
}

impl Origin {
    /// The same origin, for a resident using `lang`.
    pub fn in_lang(self, lang: Lang) -> Origin {
        Origin { lang, ..self }
    }

    pub fn resident(channel: Channel) -> Origin {
        Origin {
            channel,
            consent_channel: if channel == Channel::Api {
                ConsentChannel::Api
            } else {
                ConsentChannel::ReportForm
            },
            logged_by: None,
            internal_note: None,
            lang: Lang::default(),
        }
    }
}

/// How long a retried request with the same `Idempotency-Key` returns the same case.
const IDEMPOTENCY_WINDOW: Duration = Duration::hours(24);
/// A fresh reference is drawn this many times if the first is taken (about 1 in 10^10).
const REFERENCE_ATTEMPTS: usize = 5;

#[derive(Debug)]
pub struct Submitted {
    pub reference: CaseRef,
    pub expected_by: chrono::NaiveDate,
    pub registered: bool,
    /// The resident's address for the sharing link, for the confirmation page (`None` when
    /// anonymous).
    pub sharing_url: Option<String>,
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

/// The acknowledgement a registered resident is sent for `case`, reported as `report`:
/// what, where, the standard and its date, the team, and their sharing link. `None` for an
/// anonymous report.
pub fn acknowledgement(
    council: &Council,
    case: &Case,
    report: &crate::domain::NewReport,
    sharing_url: String,
    logged_by: Option<String>,
) -> Option<Notice> {
    let r = case.reporter()?;
    let category = council.category(&case.category)?;
    let team = council.team(&category.team)?;
    let lang = case.lang;
    Some(Notice::Acknowledgement(Acknowledgement {
        to: r.email.clone(),
        name: r.name.clone(),
        reference: case.reference.clone(),
        category: category.name.get(lang).to_owned(),
        next_steps: category.next_steps.get(lang).to_owned(),
        team: TeamContact {
            name: team.name.get(lang).to_owned(),
            email: team.email.clone(),
            phone: team.phone.clone(),
        },
        expected_by: case.expected_by,
        status_url: format!("{}/reports/{}", council.base_url, case.reference),
        sharing_url,
        council: council.name_in(lang).to_owned(),
        description: report.description.as_str().to_owned(),
        location: match (&report.location.address, &report.location.pin) {
            (Some(address), _) => address.clone(),
            (None, Some(_)) => lang.words().email.ack_map_point.to_owned(),
            (None, None) => String::new(),
        },
        standard_days: category.standard.working_days,
        shared_with_councillor: Some(report.share_with_councillor),
        logged_by,
        lang,
    }))
}

/// Photos to keep with a report: already re-encoded (`crate::photo::process`), and where
/// to keep them.
#[derive(Clone, Copy)]
pub struct NewPhotos<'a> {
    pub files: &'a [crate::photo::Processed],
    pub store: &'a dyn PhotoWriter,
}

/// Validates the report and stores the case, its acknowledgement and any consent to share
/// it with the ward's councillors in one transaction.
pub async fn submit(
    deps: Submitter<'_>,
    input: &ReportInput,
    origin: &Origin,
    key: Option<IdempotencyKey>,
) -> Result<Submitted, SubmitError> {
    submit_with_photos(deps, input, origin, key, None).await
}

/// Puts each photo (both sizes) under `reference` with a fresh id; on a failure takes back
/// what it put.
async fn keep_photos(photos: NewPhotos<'_>, reference: &CaseRef) -> Result<Vec<PhotoMeta>, StoreError> {
    use rand::Rng;
    let mut kept: Vec<PhotoMeta> = Vec::new();
    for file in photos.files {
        let id = format!("{:016x}", rand::rng().random::<u64>());
        let put = async {
            photos
                .store
                .put_photo(reference, &id, PhotoSize::Full, &file.jpeg)
                .await?;
            photos
                .store
                .put_photo(reference, &id, PhotoSize::Thumbnail, &file.thumbnail)
                .await
        };
        kept.push(PhotoMeta {
            id: id.clone(),
            width: file.width,
            height: file.height,
        });
        if let Err(e) = put.await {
            take_back(photos, reference, &kept).await;
            return Err(e);
        }
    }
    Ok(kept)
}

/// Takes back photos put for a report that was not stored. A failure here leaves files no
/// case lists: logged (no personal data), for an operator to clear.
async fn take_back(photos: NewPhotos<'_>, reference: &CaseRef, kept: &[PhotoMeta]) {
    for p in kept {
        if let Err(e) = photos.store.remove_photo(reference, &p.id).await {
            tracing::error!(case = %reference, photo = %p.id, error = %e, "a photo of a report not stored could not be removed");
        }
    }
}

/// [`submit`], with photos: they are put first, under the case's reference, and listed in
/// its personal details; if the case is not stored (a clash of references, a replayed
/// key, a store failure) they are taken back, so no case lists a photo it does not have.
#[tracing::instrument(skip_all, fields(channel = ?origin.channel, case))]
pub async fn submit_with_photos(
    deps: Submitter<'_>,
    input: &ReportInput,
    origin: &Origin,
    key: Option<IdempotencyKey>,
    photos: Option<NewPhotos<'_>>,
) -> Result<Submitted, SubmitError> {
    let council = deps.council;
    let channel = origin.channel;
    let report = input
        .parse(&council.categories, &council.wards)
        .map_err(SubmitError::Invalid)?;
    let category = council
        .category(&report.category)
        .ok_or_else(|| StoreError::Corrupt(format!("category {} vanished", report.category)))?;
    // A category's team is checked when the configuration loads; this is only belt and braces.
    council
        .team(&category.team)
        .ok_or_else(|| StoreError::Corrupt(format!("team {} vanished", category.team)))?;
    let now = deps.clock.now();
    let fingerprint = fingerprint(input);
    let mut rng = rand::rngs::StdRng::from_os_rng();

    for _ in 0..REFERENCE_ATTEMPTS {
        let reference = CaseRef::generate(&mut rng);
        let mut case = Case::open(
            reference.clone(),
            report.clone(),
            category,
            &council.calendar,
            channel,
            now,
        );
        case.logged_by = origin.logged_by.clone();
        case.lang = origin.lang;
        let resident_key = case.reporter().map(|r| links::resident_key(deps.signer, &r.email));
        let kept = match photos {
            Some(p) if !p.files.is_empty() => keep_photos(p, &reference).await?,
            _ => Vec::new(),
        };
        if let Some(p) = case.personal.as_mut() {
            p.resident_key = resident_key.clone();
            p.photos = kept.clone();
        }
        let undo = || async {
            if let Some(p) = photos {
                take_back(p, &reference, &kept).await;
            }
        };
        let sharing_url = resident_key
            .as_ref()
            .map(|_| links::sharing_url(deps.signer, &council.base_url, &reference, now));
        // The scope is the ward's councillors now: a councillor elected later is not covered.
        let consent = match (&resident_key, report.share_with_councillor) {
            (Some(resident), true) => Some(ConsentRecord {
                resident: resident.clone(),
                at: now,
                channel: origin.consent_channel,
                event: ConsentEvent::Given {
                    // The notice in the language the resident read the form in.
                    notice: council.privacy.current(origin.lang).shown(),
                    scope: council.councillors_for(&case.ward).map(|c| c.id.clone()).collect(),
                },
            }),
            _ => None,
        };
        let logged_by_name = origin
            .logged_by
            .as_ref()
            .and_then(|l| council.councillors.iter().find(|c| c.id == l.councillor))
            .map(|c| c.name.clone());
        let outbox = acknowledgement(
            council,
            &case,
            &report,
            sharing_url.clone().unwrap_or_default(),
            logged_by_name,
        )
        .map(|notice| OutboxMessage::new(now, notice, &mut rng))
        .into_iter()
        .collect();
        let mut event = CaseEvent::new(
            now,
            match &origin.logged_by {
                Some(l) => Actor::Councillor(l.councillor.to_string()),
                None => Actor::Resident,
            },
            CaseEventKind::Submitted { channel },
        );
        event.text = origin.internal_note.clone();
        let submission = Submission {
            tallies: TallyChange::for_change(None, &case, &event, &council.calendar),
            event,
            idempotency: key.clone().map(|key| IdempotencyClaim {
                key,
                fingerprint: fingerprint.clone(),
                expires_at: now + IDEMPOTENCY_WINDOW,
            }),
            outbox,
            consent,
            follower: origin.logged_by.as_ref().map(|l| l.councillor.clone()),
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
                    sharing_url,
                    replayed: false,
                });
            }
            Ok(SubmitOutcome::Replayed {
                reference: earlier,
                fingerprint: seen,
            }) => {
                undo().await;
                let reference = earlier;
                if seen != fingerprint {
                    return Err(SubmitError::KeyReused);
                }
                let record =
                    deps.reader.case(&reference).await?.ok_or_else(|| {
                        StoreError::Corrupt(format!("idempotency key names missing case {reference}"))
                    })?;
                tracing::info!(case = %reference, "idempotent replay");
                return Ok(Submitted {
                    reference: reference.clone(),
                    expected_by: record.case.expected_by,
                    registered: record.case.registered,
                    sharing_url: record
                        .case
                        .registered
                        .then(|| links::sharing_url(deps.signer, &council.base_url, &reference, now)),
                    replayed: true,
                });
            }
            Err(StoreError::ReferenceTaken) => {
                undo().await;
                tracing::warn!("case reference clash; drawing another");
                continue;
            }
            Err(e) => {
                undo().await;
                return Err(e.into());
            }
        }
    }
    Err(StoreError::Corrupt("no free case reference after several attempts".into()).into())
}
