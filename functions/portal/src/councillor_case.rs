//! A councillor's view of one case: the page and its JSON, both from the redaction
//! function with the consent records as they are now, and following it. Showing personal
//! data is recorded in the access audit before it is shown.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use shared::domain::redaction::{CouncillorView, councillor_view};
use shared::domain::{CaseRecord, CaseRef, Councillor};
use shared::ports::{AccessPurpose, AccessRecord, StoreError};
use shared::web::csrf::{Csrf, CsrfForm};
use shared::web::{ApiError, WebError, case_at};

use crate::extract::{ApiCouncillor, CouncillorUser};
use crate::json::CaseJson;
use crate::views;
use crate::views::ward::viewer;
use crate::words::words;
use crate::{Portal, redacted};

/// What `me` may see of a case now, reading its consent records; `None` if nothing.
async fn view_of(deps: &Portal, record: &CaseRecord, me: &Councillor) -> Result<Option<CouncillorView>, StoreError> {
    let consents = deps.consents.consents(&record.case.reference).await?;
    Ok(councillor_view(&record.case, &record.history, &consents, &viewer(me)))
}

/// Records that `me` is being shown the case's personal data, before it is shown.
async fn audit(
    deps: &Portal,
    view: &CouncillorView,
    me: &Councillor,
    purpose: AccessPurpose,
) -> Result<(), StoreError> {
    if view.details().is_some() {
        deps.access
            .record_access(
                &view.case().reference,
                &AccessRecord {
                    at: deps.clock.now(),
                    person: format!("councillor:{}", me.id),
                    purpose,
                },
            )
            .await?;
    }
    Ok(())
}

/// A councillor's page for one case: whole, or redacted, or "not found" if it is not theirs
/// to see (the same answer as for a case that does not exist).
pub async fn page(deps: &Portal, user: &CouncillorUser, csrf: &Csrf, record: CaseRecord) -> Result<Response, WebError> {
    let council = &deps.council;
    let me = &user.me;
    let view = view_of(deps, &record, me)
        .await?
        .ok_or_else(|| crate::in_portal(WebError::CaseNotFound))?;
    let followers = deps.followers.followers(&record.case.reference).await?;
    audit(deps, &view, me, AccessPurpose::CasePage).await?;
    let title = (words().case_title)(record.case.reference.as_str());
    let body = redacted::case_body(
        council,
        &view,
        &redacted::Shown {
            late: record.case.is_overdue(deps.clock.now()),
            following: followers.contains(&me.id),
            csrf: &csrf.token,
        },
    );
    Ok(csrf.set_on(views::page_with_map(
        &format!("/portal/cases/{}", record.case.reference),
        &title,
        &council.name,
        Some((&user.who, &csrf.token)),
        false,
        body,
    )))
}

/// `/portal/api/cases/{reference}`: the same view as the case page, as JSON.
pub async fn json(
    State(deps): State<Portal>,
    ApiCouncillor(me): ApiCouncillor,
    reference: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    // A case they may not see answers exactly as one that does not exist.
    let reference = reference
        .ok()
        .and_then(|Path(r)| CaseRef::parse(&r).ok())
        .ok_or(ApiError::NotFound)?;
    let record = deps.reader.case(&reference).await?.ok_or(ApiError::NotFound)?;
    let view = view_of(&deps, &record, &me).await?.ok_or(ApiError::NotFound)?;
    audit(&deps, &view, &me, AccessPurpose::CaseJson).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(CaseJson::from(&view))).into_response())
}

#[derive(Deserialize)]
pub struct FollowForm {
    action: Option<String>,
}

/// Follow any case the councillor may see (every case in their wards, and the ones they
/// logged), or stop following one. Without the resident's consent what they are told of it
/// is the redacted view, like everything else they see.
pub async fn follow(
    State(deps): State<Portal>,
    user: CouncillorUser,
    reference: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<FollowForm>,
) -> Result<Response, WebError> {
    let me = &user.me;
    let record = case_at(deps.reader.as_ref(), reference)
        .await
        .map_err(crate::in_portal)?;
    // Only a case they may see at all (else "not found", as for a case that does not exist).
    view_of(&deps, &record, me)
        .await?
        .ok_or_else(|| crate::in_portal(WebError::CaseNotFound))?;
    let reference = &record.case.reference;
    match form.action.as_deref() {
        Some("follow") => {
            deps.follows.follow(&me.id, reference, deps.clock.now()).await?;
        }
        Some("unfollow") => deps.follows.unfollow(&me.id, reference).await?,
        _ => return Err(WebError::BadForm),
    }
    Ok(Redirect::to(&format!("/portal/cases/{reference}")).into_response())
}
