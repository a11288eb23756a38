//! The one place errors become HTTP responses: the user's mistakes as 4xx with a message they
//! can act on, everything else as a 500 that logs its cause chain and shows nothing of it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use maud::html;
use serde::Serialize;

use super::layout::{Page, layout};
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

/// A refusal a person can understand: a page with a heading, a paragraph or two and
/// somewhere to go instead ("This case belongs to another team": 403; "This link has
/// expired": 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, &'static str)>,
}

/// Errors of HTML pages. Handlers return `Result<_, WebError>` and use `?`; the error
/// becomes a response with its status and rides in the response's extensions until
/// [`with_error_pages`] renders the page with the council's name (and logs the cause of
/// anything unexpected, inside the request's span).
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
    /// Signed in, but not someone this page serves, or not for this case.
    #[error("refused: {}", .0.title)]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl WebError {
    pub fn refused(title: &'static str, paragraph: impl Into<String>, link: Option<(&str, &'static str)>) -> WebError {
        WebError::Refused(Refusal {
            status: StatusCode::FORBIDDEN,
            title,
            paragraphs: vec![paragraph.into()],
            link: link.map(|(href, text)| (href.to_owned(), text)),
        })
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::CaseNotFound => StatusCode::NOT_FOUND,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::BadForm => StatusCode::BAD_REQUEST,
            WebError::FormExpired => StatusCode::FORBIDDEN,
            WebError::Refused(r) => r.status,
            WebError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page for this error, with the council's name: for the error layer, and for the
    /// static site's `404.html`. Handlers return the error instead.
    pub fn page(&self, council: &crate::domain::Text) -> Response {
        let words = super::lang::current().words();
        let (title, paragraphs, link): (&str, Vec<String>, Option<(String, &str)>) = match self {
            WebError::NotFound => (words.not_found_title, vec![words.not_found_body.into()], None),
            WebError::CaseNotFound => (words.case_not_found_title, vec![words.case_not_found_body.into()], None),
            WebError::TooLarge => (words.service_problem_title, vec![words.too_large.into()], None),
            WebError::BadForm => (words.service_problem_title, vec![words.bad_form.into()], None),
            WebError::FormExpired => (words.form_expired_title, vec![words.form_expired_body.into()], None),
            WebError::Refused(r) => (r.title, r.paragraphs.clone(), r.link.clone()),
            WebError::Store(e) => {
                log_unexpected(e);
                (
                    words.service_problem_title,
                    vec![words.service_problem_body.into()],
                    None,
                )
            }
        };
        let page = layout(
            &Page::new(title, council),
            html! {
                div class="govuk-grid-row" {
                    div class="govuk-grid-column-two-thirds" {
                        h1 class="govuk-heading-l" { (title) }
                        @for p in &paragraphs { p class="govuk-body" { (p) } }
                        @if let Some((href, text)) = &link { p class="govuk-body" { a class="govuk-link" href=(href) { (text) } } }
                    }
                }
            },
        );
        (self.status(), page).into_response()
    }
}

/// The error a response stands for, until the error layer renders it.
#[derive(Clone)]
struct ErrorToRender(Arc<WebError>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(ErrorToRender(Arc::new(self)));
        response
    }
}

async fn render_errors(State(council): State<Arc<crate::domain::Text>>, mut response: Response) -> Response {
    let Some(ErrorToRender(error)) = response.extensions_mut().remove::<ErrorToRender>() else {
        return response;
    };
    let mut page = error.page(&council);
    // Headers the handler set on its way out (a cookie) are kept.
    for (name, value) in response.headers() {
        if !page.headers().contains_key(name) {
            page.headers_mut().append(name, value.clone());
        }
    }
    page
}

/// `router` with its [`WebError`]s rendered as GOV.UK error pages carrying `council`'s name,
/// in the request's language, and answering in the council's languages (see
/// [`super::lang::with_languages`]).
pub fn with_error_pages(router: Router, council: &crate::config::Council) -> Router {
    let pages = router.layer(axum::middleware::map_response_with_state(
        Arc::new(council.name.clone()),
        render_errors,
    ));
    super::lang::with_languages(pages, council.languages.clone(), council.secure_cookies())
}

/// A request span for operators: method, the route's pattern (never the path itself, which
/// can carry a token or a reference), status and latency. No personal data.
pub fn with_request_tracing(router: Router) -> Router {
    use tower_http::trace::{DefaultOnResponse, TraceLayer};
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(|req: &axum::http::Request<_>| {
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map_or("(no route)", |m| m.as_str());
                tracing::info_span!("request", method = %req.method(), route)
            })
            .on_request(())
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
    )
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
        let words = super::lang::current().words();
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
            ApiError::NotFound => (StatusCode::NOT_FOUND, one("", words.case_not_found_title)),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, one("", words.api_sign_in_first)),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, one("", words.api_councillors_only)),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, one("", words.too_large)),
            ApiError::Store(e) => {
                log_unexpected(e);
                (StatusCode::INTERNAL_SERVER_ERROR, one("", words.service_problem_title))
            }
        };
        (status, Json(ErrorBody { errors: &errors })).into_response()
    }
}
