//! The JSON API: `/api/v1/…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};
use shared::copy::Lang;
use shared::domain::case::Channel;
use shared::domain::{CaseEventKind, CaseRef, ReportInput, Status};
use shared::ports::IdempotencyKey;
use shared::web::ApiError;
use shared::web::error::ApiFieldError;

use shared::domain::report::Problem;
use shared::submission::{NewPhotos, Origin, submit_with_photos};

use crate::{Intake, SubmitError};

#[derive(Serialize)]
struct CategoryJson<'a> {
    id: &'a str,
    name: &'a str,
    hint: &'a str,
    standard_working_days: u16,
    team: &'a str,
}

pub async fn categories(State(deps): State<Intake>, lang: Lang) -> Response {
    let c = &deps.council;
    let list: Vec<CategoryJson<'_>> = c
        .categories
        .iter()
        .map(|cat| CategoryJson {
            id: cat.id.as_str(),
            name: cat.name.get(lang),
            hint: cat.hint.get(lang),
            standard_working_days: cat.standard.working_days,
            team: c.team(&cat.team).map_or(cat.team.as_str(), |t| t.name.get(lang)),
        })
        .collect();
    Json(serde_json::json!({ "categories": list })).into_response()
}

pub async fn openapi(State(deps): State<Intake>) -> Response {
    Json(crate::openapi::document(&deps.council)).into_response()
}

pub async fn wards(State(deps): State<Intake>) -> Response {
    Json(wards_json(&deps.council)).into_response()
}

/// `/api/v1/wards`: every ward, its councillors and its outline. `wardline build-static`
/// (run by the deploy) reports its size and refuses one too large for a Lambda response.
pub fn wards_json(c: &shared::config::Council) -> Value {
    let list: Vec<Value> = c
        .wards
        .iter()
        .map(|w| {
            serde_json::json!({
                "id": w.id.as_str(),
                "name": w.name,
                "councillors": c.councillors_for(&w.id).map(|x| x.name.as_str()).collect::<Vec<_>>(),
                // For the form's map; [[lng, lat], …] rings, as in GeoJSON: the outline, a
                // small fraction of a real boundary (the form's point is placed in its ward
                // here, with the full boundary).
                "boundary": w.outline.0,
            })
        })
        .collect();
    serde_json::json!({ "wards": list })
}

fn wrong_type(field: &str) -> ApiFieldError {
    ApiFieldError {
        field: field.into(),
        message: format!("{field} must be a string"),
    }
}

/// Reads a field that should be text.
fn text(obj: &Map<String, Value>, key: &str, path: &str, errors: &mut Vec<ApiFieldError>) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(wrong_type(path));
            None
        }
    }
}

/// Reads a coordinate: a number, or its text.
fn coordinate(obj: &Map<String, Value>, key: &str, errors: &mut Vec<ApiFieldError>) -> Option<String> {
    match obj.get(key) {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(_)) | None | Some(Value::Null) => text(obj, key, key, errors),
        Some(_) => {
            errors.push(ApiFieldError {
                field: key.into(),
                message: format!("{key} must be a number"),
            });
            None
        }
    }
}

/// `photos`: up to three files, each a string of standard base64.
fn photos_from_json(obj: &Map<String, Value>, errors: &mut Vec<ApiFieldError>) -> Vec<Vec<u8>> {
    use base64::Engine;
    let list = match obj.get("photos") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(_) => {
            errors.push(ApiFieldError {
                field: "photos".into(),
                message: "photos must be a list of photos, each in base64".into(),
            });
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match item
            .as_str()
            .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        {
            Some(bytes) => files.push(bytes),
            None => errors.push(ApiFieldError {
                field: format!("photos[{i}]"),
                message: format!("photos[{i}] must be a photo's bytes in standard base64"),
            }),
        }
    }
    files
}

/// The JSON body as a [`ReportInput`] and its photos' bytes, or the fields whose JSON type is
/// wrong.
fn input_from_json(lang: Lang, body: &[u8]) -> Result<(ReportInput, Vec<Vec<u8>>), ApiError> {
    let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
        return Err(ApiError::field("", lang.words().bad_json));
    };
    let mut errors = Vec::new();
    let mut input = ReportInput {
        category: text(&obj, "category", "category", &mut errors),
        description: text(&obj, "description", "description", &mut errors),
        lat: coordinate(&obj, "lat", &mut errors),
        lng: coordinate(&obj, "lng", &mut errors),
        address: text(&obj, "address", "address", &mut errors),
        ward: text(&obj, "ward", "ward", &mut errors),
        website: text(&obj, "website", "website", &mut errors),
        reporting: Some("anonymous".into()),
        ..ReportInput::default()
    };
    match obj.get("share_with_councillor") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => input.share_with_councillor = Some("yes".into()),
        Some(_) => errors.push(ApiFieldError {
            field: "share_with_councillor".into(),
            message: "share_with_councillor must be true or false".into(),
        }),
    }
    match obj.get("reporter") {
        None | Some(Value::Null) => {}
        Some(Value::Object(r)) => {
            input.reporting = Some("registered".into());
            input.name = text(r, "name", "reporter.name", &mut errors);
            input.email = text(r, "email", "reporter.email", &mut errors);
            input.phone = text(r, "phone", "reporter.phone", &mut errors);
        }
        Some(_) => errors.push(ApiFieldError {
            field: "reporter".into(),
            message: "reporter must be an object with name, email and phone".into(),
        }),
    }
    let photos = photos_from_json(&obj, &mut errors);
    if errors.is_empty() {
        Ok((input, photos))
    } else {
        Err(ApiError::Invalid(errors))
    }
}

#[derive(Serialize)]
struct Created {
    reference: String,
    status_url: String,
    expected_by: chrono::NaiveDate,
    /// The resident's page to share the case with their councillors or stop sharing it;
    /// only for a registered report, and only in this response and the resident's emails.
    #[serde(skip_serializing_if = "Option::is_none")]
    sharing_url: Option<String>,
}

pub async fn post_report(
    State(deps): State<Intake>,
    lang: Lang,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(ApiError::TooLarge),
        Err(_) => return Err(ApiError::field("", lang.words().bad_json)),
    };
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str().map(str::trim) {
            // An empty key would be one key shared by every client that sends one.
            Ok("") => return Err(ApiError::field("Idempotency-Key", lang.words().idempotency_key_empty)),
            k => Some(
                k.ok()
                    .and_then(|k| IdempotencyKey::parse("api", k))
                    .ok_or_else(|| ApiError::field("Idempotency-Key", lang.words().idempotency_key_invalid))?,
            ),
        },
    };
    let (input, files) = input_from_json(lang, &body)?;
    // Checked before anything is stored: too many, too big, not a photo, damaged.
    let processed = tokio::task::spawn_blocking(move || {
        if files.len() > shared::photo::MAX_PHOTOS {
            return Err(ApiError::field("photos", lang.words().problem(Problem::TooManyPhotos)));
        }
        files
            .iter()
            .map(|f| {
                shared::photo::process(f)
                    .map_err(|e| ApiError::field("photos", lang.words().problem(Problem::of_photo(e))))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| ApiError::Store(shared::ports::StoreError::unavailable(e)))??;
    let photos = match (&deps.photos, processed.is_empty()) {
        (_, true) => None,
        (Some(store), false) => Some(NewPhotos {
            files: &processed,
            store: store.as_ref(),
        }),
        (None, false) => {
            return Err(ApiError::Store(shared::ports::StoreError::Corrupt(
                "photos were sent but this intake keeps none".into(),
            )));
        }
    };
    let origin = Origin::resident(Channel::Api).in_lang(lang);
    let submitted = submit_with_photos(deps.submitter(), &input, &origin, key, photos)
        .await
        .map_err(|e| match e {
            SubmitError::Invalid(errors) => ApiError::Invalid(
                errors
                    .into_iter()
                    .map(|e| ApiFieldError {
                        field: e.field.json_path().into(),
                        message: lang.words().problem(e.problem).into(),
                    })
                    .collect(),
            ),
            SubmitError::KeyReused => ApiError::field("Idempotency-Key", lang.words().idempotency_key_reused),
            SubmitError::Store(e) => ApiError::Store(e),
        })?;
    let body = Created {
        status_url: format!("{}/reports/{}", deps.council.base_url, submitted.reference),
        reference: submitted.reference.to_string(),
        expected_by: submitted.expected_by,
        sharing_url: submitted.sharing_url,
    };
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/reports/{}", submitted.reference)) {
        response.headers_mut().insert("location", location);
    }
    if submitted.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[derive(Serialize)]
struct HistoryJson {
    at: chrono::DateTime<chrono::Utc>,
    event: &'static str,
    status: Status,
}

pub async fn report_status(
    State(deps): State<Intake>,
    lang: Lang,
    reference: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(reference)) = reference else {
        return Err(ApiError::NotFound);
    };
    let reference = CaseRef::parse(&reference).map_err(|_| ApiError::NotFound)?;
    let record = deps.reader.case(&reference).await?.ok_or(ApiError::NotFound)?;
    let c = &deps.council;
    let case = &record.case;
    let history: Vec<HistoryJson> = record
        .history
        .iter()
        .filter_map(|e| {
            let (event, status) = match e.kind {
                CaseEventKind::Submitted { .. } => ("submitted", Status::Open),
                CaseEventKind::StatusChanged { to, .. } => ("status_changed", to),
                CaseEventKind::Reopened => ("reopened", Status::Open),
                CaseEventKind::BreachNotified
                | CaseEventKind::Noted
                | CaseEventKind::Corrected { .. }
                | CaseEventKind::Feedback { .. }
                | CaseEventKind::MailUndelivered { .. }
                | CaseEventKind::Erased { .. } => {
                    return None;
                }
            };
            Some(HistoryJson {
                at: e.at,
                event,
                status,
            })
        })
        .collect();
    // Public: no reporter, no description, no exact location.
    Ok(Json(serde_json::json!({
        "reference": case.reference,
        "category": { "id": case.category, "name": c.category(&case.category).map(|x| x.name.get(lang)) },
        "ward": { "id": case.ward, "name": c.ward(&case.ward).map(|x| x.name.get(lang)) },
        "status": case.status,
        "status_label": lang.words().status(case.status),
        "submitted_at": case.submitted_at,
        "expected_by": case.expected_by,
        "overdue": case.is_overdue(deps.clock.now()),
        "history": history,
    }))
    .into_response())
}

/// How long a browser has to post a photo with the form it is given.
const UPLOAD_WINDOW_MINUTES: i64 = 30;

#[derive(Serialize)]
struct UploadJson {
    id: String,
    url: String,
    /// In order: the file goes after them, with its `Content-Type`.
    fields: Vec<(String, String)>,
    max_bytes: usize,
}

/// `POST /api/v1/photo-uploads`: a form for the report page's script to upload one photo
/// with before the report is sent (straight to S3 on AWS), and the id the report then
/// names it by. The id is random and unguessable: only the browser that asked can name it.
pub async fn photo_upload(State(deps): State<Intake>) -> Result<Response, ApiError> {
    use rand::Rng;
    let uploads = deps.uploads.as_ref().ok_or(ApiError::NotFound)?;
    let id = format!("{:032x}", rand::rng().random::<u128>());
    let expires = deps.clock.now() + chrono::Duration::minutes(UPLOAD_WINDOW_MINUTES);
    let form = uploads.upload_form(&id, expires).await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadJson {
            id,
            url: form.url,
            fields: form.fields,
            max_bytes: form.max_bytes,
        }),
    )
        .into_response())
}
