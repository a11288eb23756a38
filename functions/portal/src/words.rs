//! Where the portal's handlers and views get their words.

/// The portal's words. Staff read the portal in English for now; choosing Welsh is issue
/// 17's, and changes only this function.
pub(crate) fn words() -> &'static shared::copy::PortalWords {
    shared::copy::en().portal
}
