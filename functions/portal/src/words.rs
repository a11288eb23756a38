//! Where the portal's handlers and views get their words: the language of the request
//! being answered (the switch on every page, remembered in a cookie), decided once by the
//! language layer ([`shared::web::lang`]).

use shared::copy::{Lang, PortalWords};

/// The portal's words in the request's language.
pub(crate) fn words() -> &'static PortalWords {
    lang().words().portal
}

/// The request's language, for the council's own names and dates.
pub(crate) fn lang() -> Lang {
    shared::web::lang::current()
}

/// "4 December 2026", in the request's language.
pub(crate) fn short_date(d: chrono::NaiveDate) -> String {
    shared::dates::short(lang().words(), d)
}
