//! The web layer every HTTP function shares: the page layout and GOV.UK components (maud),
//! and the one mapping from errors to HTTP responses.

pub mod components;
pub mod csrf;
pub mod error;
pub mod layout;

pub use error::{ApiError, WebError};
pub use layout::{Page, layout};
