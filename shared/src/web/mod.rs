//! The web layer every HTTP function shares: the page layout and GOV.UK components (maud),
//! and the one mapping from errors to HTTP responses.

pub mod components;
pub mod csrf;
pub mod error;
pub mod headers;
pub mod lang;
pub mod layout;
pub mod origin;

pub use error::{ApiError, Refusal, WebError, with_error_pages, with_request_tracing};
pub use headers::{with_security_headers, with_security_headers_and_tiles, with_security_headers_for_site};
pub use layout::{Page, layout, simple_page};

use axum::extract::Path;
use axum::extract::rejection::PathRejection;

use crate::domain::{CaseRecord, CaseRef};
use crate::ports::CaseReader;

/// The case a path names, for HTML pages. A reference that does not parse, or a path that
/// is not even text (`%ff`), names no case: "not found", never a 400 or a panic.
pub async fn case_at(
    reader: &dyn CaseReader,
    reference: Result<Path<String>, PathRejection>,
) -> Result<CaseRecord, WebError> {
    let Ok(Path(reference)) = reference else {
        return Err(WebError::CaseNotFound);
    };
    let reference = CaseRef::parse(&reference).map_err(|_| WebError::CaseNotFound)?;
    reader.case(&reference).await?.ok_or(WebError::CaseNotFound)
}
