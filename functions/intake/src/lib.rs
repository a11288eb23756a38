//! The intake function: the report form and JSON API, and the public status of a case.
//!
//! One axum [`Router`] serves both places: `lambda_http::run` on Lambda (see `main.rs`) and
//! `axum::serve` in the local runner.

mod api;
mod forms;
mod open_data;
pub mod openapi;
pub mod pages;
mod performance;
mod resident;

pub use api::wards_json;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use shared::config::Council;
use shared::ports::{CaseReader, CaseUpdater, CaseWriter, Clock, PhotoUploads, PhotoWriter, Tallies, WardCases};
use shared::signing::Signer;

pub use shared::submission::{SubmitError, Submitted};

/// The largest request body accepted: a report is a few kilobytes of text.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// The largest report form with its photos: what a Lambda behind the HTTP API can take
/// (6 MB, base64-encoded on the way: about 4.4 MB of file), with room for the text.
pub const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// What intake needs: it stores new cases, reads them, records residents' feedback and
/// reopenings, and reads the clock. Nothing else.
#[derive(Clone)]
pub struct Intake {
    pub council: Arc<Council>,
    pub writer: Arc<dyn CaseWriter>,
    pub reader: Arc<dyn CaseReader>,
    pub updater: Arc<dyn CaseUpdater>,
    /// The council's figures, for the public performance page and open data.
    pub tallies: Arc<dyn Tallies>,
    /// Each ward's cases by time, for open data.
    pub ward_cases: Arc<dyn WardCases>,
    pub clock: Arc<dyn Clock>,
    /// Opens the links in residents' emails and signs CSRF tokens.
    pub signer: Signer,
    /// Where the photos sent with a report are kept; `None` where none are taken (a test
    /// of something else): a report with photos is then refused.
    pub photos: Option<Arc<dyn PhotoWriter>>,
    /// Where browsers with JavaScript upload photos before the report is sent (straight to
    /// S3 on AWS), and where the report takes them from.
    pub uploads: Option<Arc<dyn PhotoUploads>>,
    /// The origin those uploads go to, if not this site's (the pages' `connect-src`).
    pub upload_origin: Option<String>,
}

impl Intake {
    /// Intake over one store that gives every port it takes: the one place its
    /// dependencies are built.
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, clock: Arc<dyn Clock>, signer: Signer) -> Intake
    where
        S: CaseWriter + CaseReader + CaseUpdater + Tallies + WardCases + 'static,
    {
        Intake {
            council,
            writer: store.clone(),
            reader: store.clone(),
            updater: store.clone(),
            ward_cases: store.clone(),
            tallies: store,
            clock,
            signer,
            photos: None,
            uploads: None,
            upload_origin: None,
        }
    }

    /// Takes photos with reports in the attachments bucket (browsers upload to it first).
    #[cfg(feature = "lambda")]
    pub fn with_photos_from(self, photos: Arc<shared::adapters::s3::S3Photos>) -> Intake {
        let origin = photos.upload_origin();
        self.with_photos(photos, Some(origin))
    }

    /// Takes photos with reports, keeping them in `photos`, and browsers' uploads there
    /// first (posted to `upload_origin`, when that is not this site).
    pub fn with_photos<P: PhotoWriter + PhotoUploads + 'static>(
        mut self,
        photos: Arc<P>,
        upload_origin: Option<String>,
    ) -> Intake {
        self.photos = Some(photos.clone());
        self.uploads = Some(photos);
        self.upload_origin = upload_origin;
        self
    }
}

impl Intake {
    pub fn submitter(&self) -> shared::submission::Submitter<'_> {
        shared::submission::Submitter {
            council: &self.council,
            writer: self.writer.as_ref(),
            reader: self.reader.as_ref(),
            clock: self.clock.as_ref(),
            signer: &self.signer,
        }
    }
}

impl axum::extract::FromRef<Intake> for shared::web::csrf::Forms {
    fn from_ref(deps: &Intake) -> Self {
        shared::web::csrf::Forms {
            signer: deps.signer.clone(),
            secure: deps.council.secure_cookies(),
        }
    }
}

/// Every route intake serves, as `(method, path)`; the IaC agreement test reads this.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("POST", "/reports"),
    ("GET", "/reports"),
    ("GET", "/reports/{reference}"),
    ("GET", "/reports/{reference}/confirmation"),
    ("GET", "/performance"),
    ("GET", "/open-data"),
    ("GET", "/open-data/{file}"),
    ("GET", "/api/v1/categories"),
    ("GET", "/api/v1/wards"),
    ("POST", "/api/v1/reports"),
    ("GET", "/api/v1/reports/{reference}"),
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/photo-uploads"),
    ("GET", "/feedback/{token}"),
    ("POST", "/feedback/{token}"),
    ("GET", "/reopen/{token}"),
    ("POST", "/reopen/{token}"),
];

pub fn router(deps: Intake) -> Router {
    let https = deps.council.secure_cookies();
    let council = deps.council.clone();
    let council_tiles_origin = deps.council.map.origin();
    let upload_origin = deps.upload_origin.clone();
    let routes = Router::new()
        .route("/", get(forms::show_form))
        .route(
            "/reports",
            get(pages::check)
                .post(forms::post_form)
                .layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        )
        .route("/reports/{reference}", get(pages::status))
        .route("/reports/{reference}/confirmation", get(pages::confirmation))
        .route("/performance", get(performance::performance))
        .route("/open-data", get(open_data::page))
        .route("/open-data/{file}", get(open_data::file))
        .route("/api/v1/categories", get(api::categories))
        .route("/api/v1/wards", get(api::wards))
        .route(
            "/api/v1/reports",
            axum::routing::post(api::post_report).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        )
        .route("/api/v1/reports/{reference}", get(api::report_status))
        .route(openapi::PATH, get(api::openapi))
        .route("/api/v1/photo-uploads", axum::routing::post(api::photo_upload))
        .route(
            "/feedback/{token}",
            get(resident::feedback_link).post(resident::feedback_post),
        )
        .route(
            "/reopen/{token}",
            get(resident::reopen_page).post(resident::reopen_post),
        )
        // The handlers read the body as bytes and turn "too large" into a proper page or
        // JSON error; this limit is what they enforce.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(deps);
    // The report form's map loads its tiles from the council's tile server.
    shared::web::with_security_headers_for_site(
        shared::web::with_request_tracing(shared::web::with_error_pages(routes, &council)),
        https,
        council_tiles_origin,
        upload_origin,
    )
}
