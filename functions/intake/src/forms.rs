//! The report form's own routes: show it, and take its post: multipart with up to three
//! photos (the form's own encoding), or urlencoded (older pages and scripts).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::Deserialize;
use shared::copy::Lang;
use shared::domain::ReportInput;
use shared::domain::case::Channel;
use shared::ports::IdempotencyKey;
use shared::web::WebError;
use shared::web::csrf::OpenForm;

use shared::domain::report::{Field, FieldError, Problem};
use shared::submission::{NewPhotos, Origin, submit_with_photos};

use crate::pages::report_form;
use crate::{Intake, SubmitError};

/// A fresh key for one rendering of the form, so a double-clicked submit stores one case.
fn form_key() -> String {
    let mut rng = rand::rng();
    format!("{:032x}", rng.random::<u128>())
}

pub async fn show_form(State(deps): State<Intake>, lang: Lang) -> Response {
    report_form(&deps.council, lang, &ReportInput::default(), &[], &form_key()).into_response()
}

#[derive(Deserialize)]
pub struct FormBody {
    #[serde(flatten)]
    input: ReportInput,
    idempotency_key: Option<String>,
}

/// The form's fields and its files, whichever way it was encoded.
pub struct Posted {
    form: FormBody,
    /// The contents of each file chosen (an empty file input sends none).
    files: Vec<axum::body::Bytes>,
    /// The ids of photos the page's script uploaded ahead (`photo_upload`).
    uploads: Vec<String>,
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, WebError> {
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let OpenForm(form) = OpenForm::<FormBody>::from_request(req, state).await?;
            return Ok(Posted {
                form,
                files: Vec::new(),
                uploads: Vec::new(),
            });
        }
        let too_large = |e: axum::extract::multipart::MultipartError| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge
            } else {
                WebError::BadForm
            }
        };
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| WebError::BadForm)?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut files = Vec::new();
        let mut uploads = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(too_large)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "photo_upload" {
                let id = field.text().await.map_err(too_large)?;
                if !id.is_empty() {
                    uploads.push(id);
                }
            } else if name == "photos" {
                let bytes = field.bytes().await.map_err(too_large)?;
                if !bytes.is_empty() {
                    files.push(bytes);
                }
            } else {
                let text = field.text().await.map_err(too_large)?;
                pairs.push((name, text));
            }
        }
        let encoded = serde_urlencoded::to_string(&pairs).map_err(|_| WebError::BadForm)?;
        let form = serde_urlencoded::from_str(&encoded).map_err(|_| WebError::BadForm)?;
        Ok(Posted { form, files, uploads })
    }
}

/// Each file re-encoded, or the form's error for the first that cannot be (or for too many).
fn processed(files: &[axum::body::Bytes]) -> Result<Vec<shared::photo::Processed>, FieldError> {
    if files.len() > shared::photo::MAX_PHOTOS {
        return Err(FieldError {
            field: Field::Photos,
            problem: Problem::TooManyPhotos,
        });
    }
    files
        .iter()
        .map(|f| {
            shared::photo::process(f).map_err(|e| FieldError {
                field: Field::Photos,
                problem: Problem::of_photo(e),
            })
        })
        .collect()
}

/// The photos the page's script uploaded ahead, taken from where they wait (and removed
/// there); the form's error if one is gone, or if there would be too many.
async fn uploaded(
    deps: &Intake,
    ids: &[String],
    chosen: usize,
) -> Result<Result<Vec<axum::body::Bytes>, FieldError>, WebError> {
    let error = |problem| {
        Ok(Err(FieldError {
            field: Field::Photos,
            problem,
        }))
    };
    if ids.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    if ids.len() + chosen > shared::photo::MAX_PHOTOS {
        return error(Problem::TooManyPhotos);
    }
    let Some(uploads) = &deps.uploads else {
        return error(Problem::PhotoUploadMissing);
    };
    let mut files = Vec::new();
    for id in ids {
        match uploads.take_upload(id).await? {
            Some(bytes) => files.push(axum::body::Bytes::from(bytes)),
            None => return error(Problem::PhotoUploadMissing),
        }
    }
    Ok(Ok(files))
}

pub async fn post_form(State(deps): State<Intake>, lang: Lang, posted: Posted) -> Result<Response, WebError> {
    let Posted {
        form,
        mut files,
        uploads,
    } = posted;
    // Photos uploaded ahead by the page's script join any sent with the form.
    let ahead = match uploaded(&deps, &uploads, files.len()).await? {
        Ok(more) => {
            files.extend(more);
            Ok(())
        }
        Err(e) => Err(e),
    };
    // Photos are checked with the rest, so one page lists every problem; decoding is
    // work for the CPU, done off the async threads.
    let photos = tokio::task::spawn_blocking(move || processed(&files))
        .await
        .map_err(|e| WebError::Store(shared::ports::StoreError::unavailable(e)))?;
    let photos = ahead.and(photos);
    let photos = match photos {
        Ok(p) => p,
        Err(photo_error) => {
            let mut errors = form
                .input
                .parse(&deps.council.categories, &deps.council.wards)
                .err()
                .unwrap_or_default();
            errors.push(photo_error);
            let key = form.idempotency_key.clone().unwrap_or_else(form_key);
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                report_form(&deps.council, lang, &form.input, &errors, &key),
            )
                .into_response());
        }
    };
    let store = match (&deps.photos, photos.is_empty()) {
        (_, true) => None,
        (Some(store), false) => Some(NewPhotos {
            files: &photos,
            store: store.as_ref(),
        }),
        (None, false) => {
            return Err(WebError::Store(shared::ports::StoreError::Corrupt(
                "photos were sent but this intake keeps none".into(),
            )));
        }
    };
    // The static page's key is filled in by JavaScript; a form without one is still accepted.
    let key = form
        .idempotency_key
        .as_deref()
        .filter(|k| !k.is_empty())
        .and_then(|k| IdempotencyKey::parse("form", k));
    let origin = Origin::resident(Channel::WebForm).in_lang(lang);
    let mut outcome = submit_with_photos(deps.submitter(), &form.input, &origin, key, store).await;
    if matches!(outcome, Err(SubmitError::KeyReused)) {
        // The same page was sent again with different answers (the resident went back and
        // changed something after sending): that is a new report.
        outcome = submit_with_photos(deps.submitter(), &form.input, &origin, None, store).await;
    }
    match outcome {
        // The resident's own sharing link rides along, so the confirmation can offer it;
        // the confirmation page without it is as public as the reference.
        Ok(s) => Ok(
            Redirect::to(&match s.sharing_url.as_deref().and_then(|u| u.rsplit('/').next()) {
                Some(token) => format!("/reports/{}/confirmation?access={token}", s.reference),
                None => format!("/reports/{}/confirmation", s.reference),
            })
            .into_response(),
        ),
        Err(SubmitError::Invalid(errors)) => {
            let key = form.idempotency_key.unwrap_or_else(form_key);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                report_form(&deps.council, lang, &form.input, &errors, &key),
            )
                .into_response())
        }
        // Sent again without a key after a reuse: cannot happen; the request is at fault.
        Err(SubmitError::KeyReused) => Err(WebError::BadForm),
        Err(SubmitError::Store(e)) => Err(e.into()),
    }
}
