//! `/portal/cases/{reference}/photos/{file}`: a resident's photo, to an officer who may work
//! the case, or to a councillor whose view of it is whole (the resident's current consent,
//! or they logged it): the same check as the case page, on every request. Never cached.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use shared::domain::redaction::councillor_view;
use shared::ports::{AccessPurpose, AccessRecord, PhotoSize, is_photo_id};
use shared::web::{WebError, case_at};

use crate::Portal;
use crate::extract::{CouncillorUser, Role, SignedIn};
use crate::views::ward::viewer;

/// `<id>-full.jpg` or `<id>-thumb.jpg`.
fn file_of(name: &str) -> Option<(&str, PhotoSize)> {
    let (id, size) = name.strip_suffix(".jpg")?.rsplit_once('-')?;
    let size = match size {
        "full" => PhotoSize::Full,
        "thumb" => PhotoSize::Thumbnail,
        _ => return None,
    };
    is_photo_id(id).then_some((id, size))
}

pub async fn photo(
    State(deps): State<Portal>,
    who: SignedIn,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, WebError> {
    let Ok(Path((reference, file))) = path else {
        return Err(WebError::NotFound);
    };
    let (id, size) = file_of(&file).ok_or(WebError::NotFound)?;
    let record = case_at(deps.reader.as_ref(), Ok(Path(reference)))
        .await
        .map_err(crate::in_portal)?;
    let (listed, person) = match &who.role {
        Role::Officer { id, .. } => {
            if !who.role.may_work(&record.case.team) {
                return Err(WebError::NotFound);
            }
            let listed = record
                .case
                .personal
                .as_ref()
                .map(|p| p.photos.clone())
                .unwrap_or_default();
            (listed, format!("officer:{id}"))
        }
        Role::Councillor { .. } => {
            let Some(user) = CouncillorUser::of(&deps.council, who.clone()) else {
                return Err(WebError::NotFound);
            };
            let me = &user.me;
            let consents = deps.consents.consents(&record.case.reference).await?;
            let listed = councillor_view(&record.case, &record.history, &consents, &viewer(me))
                .and_then(|view| view.details().map(|d| d.photos.clone()))
                .unwrap_or_default();
            (listed, format!("councillor:{}", me.id))
        }
    };
    // Only a photo the view lists: an id from elsewhere, or one taken back, is not found.
    if !listed.iter().any(|p| p.id == id) {
        return Err(WebError::NotFound);
    }
    let photos = deps.photos.as_ref().ok_or(WebError::NotFound)?;
    let bytes = photos
        .photo(&record.case.reference, id, size)
        .await?
        .ok_or(WebError::NotFound)?;
    // Opened full size: a showing of personal data, in the access audit.
    if size == PhotoSize::Full {
        deps.access
            .record_access(
                &record.case.reference,
                &AccessRecord {
                    at: deps.clock.now(),
                    person,
                    purpose: AccessPurpose::Photo,
                },
            )
            .await?;
    }
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_photo_ids_two_sizes_are_files() {
        assert_eq!(
            file_of("0123456789abcdef-full.jpg"),
            Some(("0123456789abcdef", PhotoSize::Full))
        );
        assert_eq!(
            file_of("0123456789abcdef-thumb.jpg"),
            Some(("0123456789abcdef", PhotoSize::Thumbnail))
        );
        for bad in [
            "0123456789abcdef-full.png",
            "../x-full.jpg",
            "0123-full.jpg",
            "0123456789abcdef-big.jpg",
            "full.jpg",
        ] {
            assert_eq!(file_of(bad), None, "{bad}");
        }
    }
}
