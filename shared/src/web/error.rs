//! The one place errors become HTTP responses: the user's mistakes as 4xx with a message they
//! can act on, everything else as a 500 that logs its cause chain and shows nothing of it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Serialize;

use super::layout::{Page, layout};
use crate::copy;
use crate::ports::StoreError;

/// Logs an unexpected error with its whole cause chain (never user input: store and
/// provider errors only).
pub fn log_unexpected(e: &(dyn std::error::Error + 'static)) {
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(error = %chain, "unexpected error");
}

/// Errors of HTML pages.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("page not found")]
    NotFound,
    #[error("case not found")]
    CaseNotFound,
    #[error("request too large")]
    TooLarge,
    #[error("form could not be read")]
    BadForm,
    /// A state-changing form posted without its CSRF token (or with another browser's).
    #[error("form posted without a valid CSRF token")]
    FormExpired,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl WebError {
    pub fn render(&self, council: &str) -> Response {
        let (status, title, body) = match self {
            WebError::NotFound => (StatusCode::NOT_FOUND, copy::NOT_FOUND_TITLE, copy::NOT_FOUND_BODY),
            WebError::CaseNotFound => (
                StatusCode::NOT_FOUND,
                copy::CASE_NOT_FOUND_TITLE,
                copy::CASE_NOT_FOUND_BODY,
            ),
            WebError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                copy::SERVICE_PROBLEM_TITLE,
                copy::TOO_LARGE,
            ),
            WebError::BadForm => (StatusCode::BAD_REQUEST, copy::SERVICE_PROBLEM_TITLE, copy::BAD_FORM),
            WebError::FormExpired => (StatusCode::FORBIDDEN, copy::FORM_EXPIRED_TITLE, copy::FORM_EXPIRED_BODY),
            WebError::Store(e) => {
                log_unexpected(e);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    copy::SERVICE_PROBLEM_TITLE,
                    copy::SERVICE_PROBLEM_BODY,
                )
            }
        };
        let page = layout(
            &Page::new(title, council),
            html! {
                div class="govuk-grid-row" {
                    div class="govuk-grid-column-two-thirds" {
                        h1 class="govuk-heading-l" { (title) }
                        p class="govuk-body" { (body) }
                    }
                }
            },
        );
        (status, page).into_response()
    }
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ApiFieldError {
    pub field: String,
    pub message: String,
}

/// Errors of the JSON API: `{"errors": [{"field", "message"}]}` with a 4xx, or a 500.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid request")]
    Invalid(Vec<ApiFieldError>),
    #[error("not found")]
    NotFound,
    /// No signed-in session (the portal's JSON).
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but not someone this endpoint serves.
    #[error("forbidden")]
    Forbidden,
    #[error("request too large")]
    TooLarge,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApiError {
    pub fn field(field: &str, message: &str) -> Self {
        ApiError::Invalid(vec![ApiFieldError {
            field: field.into(),
            message: message.into(),
        }])
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    errors: &'a [ApiFieldError],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let one = |field: &str, message: &str| {
            vec![ApiFieldError {
                field: field.into(),
                message: message.into(),
            }]
        };
        let (status, errors) = match &self {
            ApiError::Invalid(errors) => {
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(ErrorBody { errors })).into_response();
            }
            ApiError::NotFound => (StatusCode::NOT_FOUND, one("", copy::CASE_NOT_FOUND_TITLE)),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, one("", "Sign in at /sign-in first")),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, one("", "This is for councillors")),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, one("", copy::TOO_LARGE)),
            ApiError::Store(e) => {
                log_unexpected(e);
                (StatusCode::INTERNAL_SERVER_ERROR, one("", copy::SERVICE_PROBLEM_TITLE))
            }
        };
        (status, Json(ErrorBody { errors: &errors })).into_response()
    }
}
