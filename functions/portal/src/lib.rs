//! The portal function: sign-in for people the council knows (officers and councillors),
//! and the officers' workspace: a queue per team, the case with its full history, and
//! status updates that tell the resident.
//!
//! One axum [`Router`], served by `lambda_http::run` on Lambda and by the local runner.

mod auth;
mod officer;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use shared::config::Council;
use shared::ports::{CaseReader, CaseUpdater, Clock, RateLimit, SessionStore, SignInStore, TeamQueue};
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
];

pub fn router(deps: Portal) -> Router {
    Router::new()
        .route("/sign-in", get(auth::sign_in_form).post(auth::request_link))
        .route("/sign-in/{token}", get(auth::confirm_page).post(auth::use_link))
        .route("/sign-out", post(auth::sign_out))
        .route("/portal", get(officer::home))
        .route("/portal/queue", get(officer::queue))
        .route("/portal/cases/{reference}", get(officer::case_page))
        .route("/portal/cases/{reference}/status", post(officer::update_status))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(deps)
}
