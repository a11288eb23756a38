//! The consent function: what a resident decides about their own data, without signing in.
//!
//! - `/consent/{token}`: see, withdraw or give again consent to share one case with the
//!   ward's councillors (the link in every email to the resident, and on the status page);
//! - `/privacy`: the privacy notice, every published version at its own address;
//! - `/your-data`: ask by email for everything wardline holds about you, download it (JSON,
//!   CSV), and have your personal details erased.
//!
//! One axum [`Router`], served by `lambda_http::run` on Lambda and by the local runner.

mod export;
mod privacy;
mod sharing;
mod your_data;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use maud::Markup;
use shared::config::Council;
use shared::ports::{
    AccessLog, CaseReader, Clock, ConsentLog, Eraser, MailQueue, PhotoEraser, PhotoReader, RateLimit, ResidentCases,
};
use shared::signing::Signer;
use shared::web::WebError;

pub use your_data::{DATA_LINK_MINUTES, DATA_REQUEST_LIMIT};

/// What the consent function needs. Its IAM policy reads from this list.
#[derive(Clone)]
pub struct Consent {
    pub council: Arc<Council>,
    pub reader: Arc<dyn CaseReader>,
    pub consents: Arc<dyn ConsentLog>,
    pub resident_cases: Arc<dyn ResidentCases>,
    pub eraser: Arc<dyn Eraser>,
    pub mail: Arc<dyn MailQueue>,
    pub rate_limit: Arc<dyn RateLimit>,
    /// Read for the resident's copy of their data: who was shown their details.
    pub access: Arc<dyn AccessLog>,
    pub clock: Arc<dyn Clock>,
    pub signer: Signer,
    /// Residents' photos, in their copy of their data; `None` where none are kept (a test
    /// of something else).
    pub photo_reader: Option<Arc<dyn PhotoReader>>,
    /// Removes a closed case's photos with its details.
    pub photo_eraser: Option<Arc<dyn PhotoEraser>>,
}

impl Consent {
    /// Reads and removes residents' photos in `photos`.
    pub fn with_photos<P: PhotoReader + PhotoEraser + 'static>(mut self, photos: Arc<P>) -> Consent {
        self.photo_reader = Some(photos.clone());
        self.photo_eraser = Some(photos);
        self
    }

    /// The consent function over one store that gives every port it takes: the one place
    /// its dependencies are built.
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, clock: Arc<dyn Clock>, signer: Signer) -> Consent
    where
        S: CaseReader + ConsentLog + ResidentCases + Eraser + MailQueue + RateLimit + AccessLog + 'static,
    {
        Consent {
            council,
            reader: store.clone(),
            consents: store.clone(),
            resident_cases: store.clone(),
            eraser: store.clone(),
            mail: store.clone(),
            rate_limit: store.clone(),
            access: store,
            clock,
            signer,
            photo_reader: None,
            photo_eraser: None,
        }
    }
}

/// Every route the consent function serves, as `(method, path)`; the IaC agreement test
/// reads this.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/consent/{token}"),
    ("POST", "/consent/{token}"),
    ("GET", "/privacy"),
    ("GET", "/privacy/{version}"),
    ("GET", "/your-data"),
    ("POST", "/your-data"),
    ("GET", "/your-data/{token}"),
    ("GET", "/your-data/{token}/data.json"),
    ("GET", "/your-data/{token}/data.csv"),
    ("GET", "/your-data/{token}/photos/{reference}/{file}"),
    ("POST", "/your-data/{token}/erase"),
];

pub fn router(deps: Consent) -> Router {
    let https = deps.council.secure_cookies();
    let council = deps.council.clone();
    let routes = Router::new()
        .route("/consent/{token}", get(sharing::page).post(sharing::change))
        .route("/privacy", get(privacy::current))
        .route("/privacy/{version}", get(privacy::version))
        .route("/your-data", get(your_data::ask_form).post(your_data::ask))
        .route("/your-data/{token}", get(your_data::overview))
        .route("/your-data/{token}/data.json", get(your_data::json))
        .route("/your-data/{token}/data.csv", get(your_data::csv))
        .route("/your-data/{token}/photos/{reference}/{file}", get(your_data::photo))
        .route("/your-data/{token}/erase", post(your_data::erase))
        .layer(DefaultBodyLimit::max(8 * 1024))
        .with_state(deps);
    shared::web::with_security_headers(
        shared::web::with_request_tracing(shared::web::with_error_pages(routes, &council)),
        https,
    )
}

/// A one-column page with a heading.
fn simple(council: &Council, status: StatusCode, title: &str, body: Markup) -> Response {
    shared::web::simple_page(&council.name, status, title, body)
}

/// A link that does not open (altered, cut short, or past its date): a 400 saying what
/// to do instead (`again`), with `link` where to do it.
fn link_expired(
    council: &Council,
    lang: shared::copy::Lang,
    what: &str,
    again: &str,
    link: Option<(&str, &'static str)>,
) -> WebError {
    let w = lang.words().consent;
    WebError::Refused(shared::web::Refusal {
        status: StatusCode::BAD_REQUEST,
        title: w.link_expired_title,
        paragraphs: vec![
            (w.link_expired)(what),
            again.to_owned(),
            (w.also_call)(&council.contact_phone),
        ],
        link: link.map(|(href, text)| (href.to_owned(), text)),
    })
}

impl axum::extract::FromRef<Consent> for shared::web::csrf::Forms {
    fn from_ref(deps: &Consent) -> Self {
        shared::web::csrf::Forms {
            signer: deps.signer.clone(),
            secure: deps.council.secure_cookies(),
        }
    }
}
