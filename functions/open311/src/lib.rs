//! The open311 function: Open311 GeoReport v2 (every method, XML and JSON) and mySociety's
//! `servicerequestupdates` extension, for back-office systems and apps.
//!
//! A request posted here is the same case as one from the form: it goes through
//! [`shared::submission::submit`] (same validation, acknowledgement and figures), and never
//! carries consent to share it with a councillor (the resident gives that on our own page,
//! from the link in their acknowledgement, where they see our privacy notice). Reads need
//! no key and carry nothing personal: no description, name, contact or exact location.
//!
//! One axum [`Router`] serves both places: `lambda_http::run` on Lambda (see `main.rs`) and
//! `axum::serve` in the local runner.

mod format;
mod keys;
mod requests;
mod services;
mod updates;

pub use format::{Document, Format, Node, Open311Error};
pub use keys::new_key;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, SecondsFormat, Utc};
use shared::config::Council;
use shared::ports::{CaseReader, CaseUpdater, CaseUpdates, CaseWriter, Clock, Followers, RateLimit, WardCases};
use shared::signing::Signer;

/// A form post is a few kilobytes of text.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Where the API lives, below the site's address.
pub const ENDPOINT: &str = "/open311/v2";

/// What Open311 needs: it stores new cases, reads them, the wards' lists of them and
/// every case's status changes, applies a back office's status changes (telling followers), counts clients' posts, and
/// reads the clock.
#[derive(Clone)]
pub struct Open311 {
    pub council: Arc<Council>,
    pub writer: Arc<dyn CaseWriter>,
    pub reader: Arc<dyn CaseReader>,
    pub updater: Arc<dyn CaseUpdater>,
    pub ward_cases: Arc<dyn WardCases>,
    /// Every case's status changes by time, for `GET servicerequestupdates`.
    pub updates: Arc<dyn CaseUpdates>,
    pub followers: Arc<dyn Followers>,
    pub rate: Arc<dyn RateLimit>,
    pub clock: Arc<dyn Clock>,
    /// Keys the resident's links in the acknowledgement.
    pub signer: Signer,
}

impl Open311 {
    /// Open311 over one store that gives every port it takes.
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, clock: Arc<dyn Clock>, signer: Signer) -> Open311
    where
        S: CaseWriter + CaseReader + CaseUpdater + WardCases + CaseUpdates + Followers + RateLimit + 'static,
    {
        Open311 {
            council,
            writer: store.clone(),
            reader: store.clone(),
            updater: store.clone(),
            ward_cases: store.clone(),
            updates: store.clone(),
            followers: store.clone(),
            rate: store,
            clock,
            signer,
        }
    }

    pub(crate) fn submitter(&self) -> shared::submission::Submitter<'_> {
        shared::submission::Submitter {
            council: &self.council,
            writer: self.writer.as_ref(),
            reader: self.reader.as_ref(),
            clock: self.clock.as_ref(),
            signer: &self.signer,
        }
    }
}

/// Every route, as `(method, path)`; the IaC agreement test reads this. The last segment
/// is a file name (`services.xml`, `requests.json`): API Gateway's path variables are whole
/// segments.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/open311/{file}"),
    ("GET", "/open311/v2/{file}"),
    ("POST", "/open311/v2/{file}"),
    ("GET", "/open311/v2/services/{file}"),
    ("GET", "/open311/v2/requests/{file}"),
    ("GET", "/open311/v2/tokens/{file}"),
];

pub fn router(deps: Open311) -> Router {
    let https = deps.council.secure_cookies();
    let routes = Router::new()
        .route("/open311/{file}", get(discovery_file))
        .route("/open311/v2/{file}", get(get_file).post(post_file))
        .route("/open311/v2/services/{file}", get(services::definition))
        .route("/open311/v2/requests/{file}", get(requests::one))
        .route("/open311/v2/tokens/{file}", get(token))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(deps);
    shared::web::with_security_headers(shared::web::with_request_tracing(routes), https)
}

/// The query string's or form body's pairs, in order (`attribute[ward]` and repeated names
/// kept as sent).
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(raw: &[u8]) -> Result<Params, Open311Error> {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw)
            .map(Params)
            .map_err(|_| Open311Error::bad_request("The parameters are not valid form encoding"))
    }

    pub(crate) fn of_query(uri: &Uri) -> Result<Params, Open311Error> {
        Params::parse(uri.query().unwrap_or_default().as_bytes())
    }

    /// A parameter's value, trimmed; `None` if absent or empty (the spec: an empty optional
    /// parameter is the same as none).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A `jurisdiction_id` other than ours is "not found"; none at all is fine (we serve one).
    pub(crate) fn check_jurisdiction(&self, council: &Council) -> Result<(), Open311Error> {
        match self.get("jurisdiction_id") {
            Some(j) if !j.eq_ignore_ascii_case(council.jurisdiction_id()) => Err(Open311Error::not_found(format!(
                "jurisdiction_id {j} not found: this endpoint serves {}",
                council.jurisdiction_id()
            ))),
            _ => Ok(()),
        }
    }
}

/// A time as Open311 writes it: W3C, with London's offset.
pub(crate) fn w3c(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::London)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The file name from the path, split into its stem and format; `Err` in XML (the spec's
/// required format) if the extension is neither.
pub(crate) fn file_of(file: Result<Path<String>, PathRejection>) -> Result<(String, Format), Open311Error> {
    let Ok(Path(file)) = file else {
        return Err(Open311Error::not_found("Not found"));
    };
    Format::split(&file)
        .map(|(stem, f)| (stem.to_owned(), f))
        .ok_or_else(|| Open311Error::not_found(format!("{file} not found: ask for .xml or .json")))
}

pub(crate) fn respond(result: Result<Document, Open311Error>, format: Format) -> Response {
    match result {
        Ok(doc) => doc.respond(format, StatusCode::OK),
        Err(e) => e.respond(format),
    }
}

/// `GET /open311/discovery.{xml,json}`.
async fn discovery_file(State(deps): State<Open311>, file: Result<Path<String>, PathRejection>) -> Response {
    match file_of(file) {
        Ok((stem, format)) if stem == "discovery" => respond(Ok(services::discovery(&deps.council)), format),
        Ok((stem, format)) => Open311Error::not_found(format!("{stem} not found")).respond(format),
        Err(e) => e.respond(Format::Xml),
    }
}

/// `GET /open311/v2/{services,requests,servicerequestupdates,discovery}.{xml,json}`.
async fn get_file(State(deps): State<Open311>, uri: Uri, file: Result<Path<String>, PathRejection>) -> Response {
    let (stem, format) = match file_of(file) {
        Ok(f) => f,
        Err(e) => return e.respond(Format::Xml),
    };
    let params = match Params::of_query(&uri).and_then(|p| p.check_jurisdiction(&deps.council).map(|()| p)) {
        Ok(p) => p,
        Err(e) => return e.respond(format),
    };
    let result = match stem.as_str() {
        "discovery" => Ok(services::discovery(&deps.council)),
        "services" => Ok(services::list(&deps.council)),
        "requests" => requests::search(&deps, &params).await,
        "servicerequestupdates" => updates::search(&deps, &params).await,
        other => Err(Open311Error::not_found(format!("{other} not found"))),
    };
    respond(result, format)
}

/// `POST /open311/v2/{requests,servicerequestupdates}.{xml,json}`, form-encoded. Some
/// clients put `api_key` (or `jurisdiction_id`) in the query string: it is read there too,
/// the body winning where both have a parameter.
async fn post_file(
    State(deps): State<Open311>,
    uri: Uri,
    file: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (stem, format) = match file_of(file) {
        Ok(f) => f,
        Err(e) => return e.respond(Format::Xml),
    };
    let params = match body {
        Ok(b) => Params::of_query(&uri).and_then(|Params(mut query)| {
            query.extend(Params::parse(&b)?.0);
            Ok(Params(query))
        }),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Open311Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request is larger than {} KB", MAX_BODY_BYTES / 1024),
        )),
        Err(_) => Err(Open311Error::bad_request("The request body could not be read")),
    };
    let params = match params.and_then(|p| p.check_jurisdiction(&deps.council).map(|()| p)) {
        Ok(p) => p,
        Err(e) => return e.respond(format),
    };
    let result = match stem.as_str() {
        "requests" => requests::create(&deps, &params).await,
        "servicerequestupdates" => updates::create(&deps, &params).await,
        other => Err(Open311Error::not_found(format!("{other} not found"))),
    };
    respond(result, format)
}

/// `GET /open311/v2/tokens/{token}.{xml,json}`: requests are created at once here
/// (`type` is `realtime`), so no token is ever issued and none is found.
async fn token(file: Result<Path<String>, PathRejection>) -> Response {
    match file_of(file) {
        Ok((stem, format)) => Open311Error::not_found(format!(
            "token {stem} not found: requests here are created at once (type realtime), so no tokens are issued"
        ))
        .respond(format),
        Err(e) => e.respond(Format::Xml),
    }
    .into_response()
}
