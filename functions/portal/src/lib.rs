//! The portal function: sign-in for people the council knows (officers and councillors),
//! and the officers' workspace: a queue per team, the case with its full history, and
//! status updates that tell the resident.
//!
//! One axum [`Router`], served by `lambda_http::run` on Lambda and by the local runner.

mod auth;
mod councillor;
mod officer;
pub mod redacted;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use shared::config::Council;
use shared::ports::{
    AccessLog, CaseReader, CaseUpdater, CaseWriter, Clock, ConsentLog, Followers, Follows, RateLimit, SessionStore,
    SignInStore, TeamQueue, WardCases,
};
use shared::signing::Signer;

pub use auth::{SESSION_COOKIE, SESSION_HOURS, SIGN_IN_LIMIT, SIGN_IN_LINK_MINUTES};

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

/// Every route the portal serves, as `(method, path)`; the IaC agreement test reads this.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/sign-in"),
    ("POST", "/sign-in"),
    ("GET", "/sign-in/{token}"),
    ("POST", "/sign-in/{token}"),
    ("POST", "/sign-out"),
    ("GET", "/portal"),
    ("GET", "/portal/queue"),
    ("GET", "/portal/cases/{reference}"),
    ("POST", "/portal/cases/{reference}/status"),
    ("POST", "/portal/cases/{reference}/follow"),
    ("GET", "/portal/api/cases/{reference}"),
    ("GET", "/portal/ward"),
    ("GET", "/portal/ward.csv"),
    ("GET", "/portal/following"),
    ("GET", "/portal/log"),
    ("POST", "/portal/log"),
];

pub fn router(deps: Portal) -> Router {
    let https = deps.council.secure_cookies();
    shared::web::with_security_headers(
        Router::new()
            .route("/sign-in", get(auth::sign_in_form).post(auth::request_link))
            .route("/sign-in/{token}", get(auth::confirm_page).post(auth::use_link))
            .route("/sign-out", post(auth::sign_out))
            .route("/portal", get(officer::home))
            .route("/portal/queue", get(officer::queue))
            .route("/portal/cases/{reference}", get(officer::case_page))
            .route("/portal/cases/{reference}/status", post(officer::update_status))
            .route("/portal/cases/{reference}/follow", post(councillor::follow))
            .route("/portal/api/cases/{reference}", get(councillor::case_json))
            .route("/portal/ward", get(councillor::ward))
            .route("/portal/ward.csv", get(councillor::ward_csv))
            .route("/portal/following", get(councillor::following))
            .route("/portal/log", get(councillor::log_form).post(councillor::log_post))
            .layer(DefaultBodyLimit::max(16 * 1024))
            .with_state(deps),
        https,
    )
}
