//! The portal function: sign-in for people the council knows (officers and councillors),
//! and the officers' workspace: a queue per team, the case with its full history, and
//! status updates that tell the resident.
//!
//! One axum [`Router`], served by `lambda_http::run` on Lambda and by the local runner.

mod case;
mod councillor_case;
mod extract;
mod find;
pub mod json;
mod log;
mod performance;
mod photos;
mod queue;
pub mod redacted;
mod session;
mod settings;
mod views;
mod ward;
mod words;

/// The ward CSV export, for its benchmark.
pub use ward::{EXPORT_MAX, ward_csv_body};

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use shared::config::Council;
use shared::ports::{
    AccessLog, CaseReader, CaseUpdater, CaseWriter, Clock, ConsentLog, Followers, Follows, PhotoReader, RateLimit,
    ReadPreferences, SessionStore, SignInStore, Tallies, TeamQueue, WardCases, WritePreferences,
};
use shared::signing::Signer;

pub use session::{SESSION_COOKIE, SESSION_HOURS, SIGN_IN_LIMIT, SIGN_IN_LINK_MINUTES};

/// What the portal needs. Its IAM policy reads from this list.
#[derive(Clone)]
pub struct Portal {
    pub council: Arc<Council>,
    pub reader: Arc<dyn CaseReader>,
    pub updater: Arc<dyn CaseUpdater>,
    pub queue: Arc<dyn TeamQueue>,
    pub sign_in: Arc<dyn SignInStore>,
    pub sessions: Arc<dyn SessionStore>,
    pub rate_limit: Arc<dyn RateLimit>,
    pub clock: Arc<dyn Clock>,
    pub signer: Signer,
    /// Councillors log cases, list their wards, follow cases; what they see of a case
    /// depends on its consent records; showing personal data is audited.
    pub writer: Arc<dyn CaseWriter>,
    pub ward_cases: Arc<dyn WardCases>,
    pub follows: Arc<dyn Follows>,
    pub followers: Arc<dyn Followers>,
    pub consents: Arc<dyn ConsentLog>,
    pub access: Arc<dyn AccessLog>,
    /// The figures councillors read on their performance pages.
    pub tallies: Arc<dyn Tallies>,
    /// What councillors chose about their email.
    pub prefs: Arc<dyn ReadPreferences>,
    pub write_prefs: Arc<dyn WritePreferences>,
    /// Residents' photos, shown after the same check as the case; `None` where none are
    /// kept (a test of something else).
    pub photos: Option<Arc<dyn PhotoReader>>,
}

impl Portal {
    /// The portal over one store that gives every port it takes (DynamoDB on Lambda, SQLite
    /// locally and in tests): the one place its dependencies are built.
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, clock: Arc<dyn Clock>, signer: Signer) -> Portal
    where
        S: CaseReader
            + CaseUpdater
            + TeamQueue
            + SignInStore
            + SessionStore
            + RateLimit
            + CaseWriter
            + WardCases
            + Follows
            + Followers
            + ConsentLog
            + AccessLog
            + Tallies
            + ReadPreferences
            + WritePreferences
            + 'static,
    {
        Portal {
            council,
            reader: store.clone(),
            updater: store.clone(),
            queue: store.clone(),
            sign_in: store.clone(),
            sessions: store.clone(),
            rate_limit: store.clone(),
            writer: store.clone(),
            ward_cases: store.clone(),
            follows: store.clone(),
            followers: store.clone(),
            consents: store.clone(),
            access: store.clone(),
            tallies: store.clone(),
            prefs: store.clone(),
            write_prefs: store,
            clock,
            signer,
            photos: None,
        }
    }

    /// Shows residents' photos from `photos`.
    pub fn with_photos(mut self, photos: Arc<dyn PhotoReader>) -> Portal {
        self.photos = Some(photos);
        self
    }
}

impl Portal {
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

impl FromRef<Portal> for shared::web::csrf::Forms {
    fn from_ref(deps: &Portal) -> Self {
        shared::web::csrf::Forms {
            signer: deps.signer.clone(),
            secure: deps.council.secure_cookies(),
        }
    }
}

/// The portal's "not found" for a case: for staff, not the residents' page that points at
/// their confirmation email.
pub(crate) fn in_portal(e: shared::web::WebError) -> shared::web::WebError {
    match e {
        shared::web::WebError::CaseNotFound => shared::web::WebError::Refused(shared::web::Refusal {
            status: axum::http::StatusCode::NOT_FOUND,
            title: words::words().portal_case_not_found_title,
            paragraphs: vec![words::words().portal_case_not_found.into()],
            link: Some(("/portal".into(), words::words().go_to_your_portal_home)),
        }),
        other => other,
    }
}

/// A query value, trimmed, if there is one.
fn ignore_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Every route the portal serves, as `(method, path)`; the IaC agreement test reads this.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/sign-in"),
    ("POST", "/sign-in"),
    ("GET", "/sign-in/{token}"),
    ("POST", "/sign-in/{token}"),
    ("POST", "/sign-out"),
    ("GET", "/portal"),
    ("GET", "/portal/queue"),
    ("GET", "/portal/find"),
    ("GET", "/portal/cases/{reference}"),
    ("GET", "/portal/cases/{reference}/photos/{file}"),
    ("POST", "/portal/cases/{reference}/status"),
    ("POST", "/portal/cases/{reference}/correct"),
    ("POST", "/portal/cases/{reference}/follow"),
    ("GET", "/portal/api/cases/{reference}"),
    ("GET", "/portal/ward"),
    ("GET", "/portal/ward.csv"),
    ("GET", "/portal/following"),
    ("GET", "/portal/performance"),
    ("GET", "/portal/performance.csv"),
    ("GET", "/portal/performance/standards"),
    ("GET", "/portal/performance/map"),
    ("GET", "/portal/log"),
    ("POST", "/portal/log"),
    ("GET", "/portal/settings"),
    ("POST", "/portal/settings"),
];

pub fn router(deps: Portal) -> Router {
    let tiles = deps.council.map.origin();
    let https = deps.council.secure_cookies();
    let council = deps.council.clone();
    let routes = Router::new()
        .route("/sign-in", get(session::sign_in_form).post(session::request_link))
        .route("/sign-in/{token}", get(session::confirm_page).post(session::use_link))
        .route("/sign-out", post(session::sign_out))
        .route("/portal", get(session::home))
        .route("/portal/queue", get(queue::queue))
        .route("/portal/find", get(find::find))
        .route("/portal/cases/{reference}", get(case::case_page))
        .route("/portal/cases/{reference}/photos/{file}", get(photos::photo))
        .route("/portal/cases/{reference}/status", post(case::update_status))
        .route("/portal/cases/{reference}/correct", post(case::correct))
        .route("/portal/cases/{reference}/follow", post(councillor_case::follow))
        .route("/portal/api/cases/{reference}", get(councillor_case::json))
        .route("/portal/ward", get(ward::ward))
        .route("/portal/ward.csv", get(ward::ward_csv))
        .route("/portal/following", get(ward::following))
        .route("/portal/performance", get(performance::dashboard))
        .route("/portal/performance.csv", get(performance::dashboard_csv))
        .route("/portal/performance/standards", get(performance::standards))
        .route("/portal/performance/map", get(performance::map))
        .route("/portal/log", get(log::log_form).post(log::log_post))
        .route(
            "/portal/settings",
            get(settings::settings).post(settings::save_settings),
        )
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(deps);
    // Case pages show the case's place on a map from the council's tile server.
    shared::web::with_security_headers_and_tiles(
        shared::web::with_request_tracing(shared::web::with_error_pages(routes, &council)),
        https,
        tiles,
    )
}
