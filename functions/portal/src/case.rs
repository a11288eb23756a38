//! `/portal/cases/{reference}`: an officer's page for a case of a team they work (a
//! councillor gets their own view of it), and the officer's status update.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use shared::casework::{NOTE_MAX, StatusChange, status_change};
use shared::domain::{Case, CaseRecord, Status};
use shared::ports::{AccessPurpose, AccessRecord, StoreError};
use shared::web::components::ErrorMessage;
use shared::web::csrf::{Csrf, CsrfForm};
use shared::web::{WebError, case_at};

use crate::extract::{CouncillorUser, Officer, Role, SignedIn};
use crate::views::case::{self as view, CaseState, UpdateForm};
use crate::words::words;
use crate::{Portal, councillor_case, ignore_empty};

/// Records that an officer is being shown the case's personal data (if it still has any),
/// before the page shows it, and reads the access audit if they may see it.
async fn shown_to_officer(
    deps: &Portal,
    officer_id: &str,
    case: &Case,
) -> Result<Option<Vec<AccessRecord>>, StoreError> {
    if case.personal.is_some() {
        deps.access
            .record_access(
                &case.reference,
                &AccessRecord {
                    at: deps.clock.now(),
                    person: format!("officer:{officer_id}"),
                    purpose: AccessPurpose::CasePage,
                },
            )
            .await?;
    }
    let may_audit = deps
        .council
        .officers
        .iter()
        .any(|o| o.id == officer_id && o.may_audit());
    if may_audit {
        Ok(Some(deps.access.accesses(&case.reference).await?))
    } else {
        Ok(None)
    }
}

#[derive(Deserialize)]
pub struct CaseQuery {
    updated: Option<String>,
}

pub async fn case_page(
    State(deps): State<Portal>,
    who: SignedIn,
    csrf: Csrf,
    reference: Result<Path<String>, PathRejection>,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let record = case_at(deps.reader.as_ref(), reference)
        .await
        .map_err(crate::in_portal)?;
    let (id, team) = match &who.role {
        Role::Officer { id, team, .. } => (id.clone(), team.clone()),
        Role::Councillor { .. } => {
            let Some(user) = CouncillorUser::of(&deps.council, who) else {
                return Ok(Redirect::to("/sign-in").into_response());
            };
            return councillor_case::page(&deps, &user, &csrf, record).await;
        }
    };
    let officer = Officer { who, id, team };
    officer.may_work(&record.case.team)?;
    let audit = shown_to_officer(&deps, &officer.id, &record.case).await?;
    let updated = query.is_ok_and(|Query(q)| q.updated.is_some());
    let state = CaseState {
        form: &UpdateForm::default(),
        errors: vec![],
        conflict: false,
        updated,
        audit,
    };
    let page = view::case(
        &deps.council,
        &officer.who,
        &csrf.token,
        &record,
        &state,
        deps.clock.now(),
    );
    Ok(csrf.set_on(page))
}

fn note(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A status's own details, checked: the date work is booked for, the case it duplicates.
#[derive(Default)]
struct Details {
    scheduled_for: Option<chrono::NaiveDate>,
    duplicate_of: Option<shared::domain::CaseRef>,
}

/// What the chosen status needs besides itself, as error messages.
fn details(form: &UpdateForm, case: &Case, to: Status, today: chrono::NaiveDate) -> Result<Details, Vec<ErrorMessage>> {
    let error = |id: &str, message: &str| ErrorMessage {
        id: id.into(),
        message: message.into(),
    };
    let has_note = note(&form.public_note).is_some() || note(&form.internal_note).is_some();
    match to {
        Status::ActionScheduled => {
            match ignore_empty(&form.scheduled_for).map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")) {
                None => Err(vec![error("scheduled_for", words().scheduled_for_missing)]),
                Some(Err(_)) => Err(vec![error("scheduled_for", words().scheduled_for_format)]),
                Some(Ok(d)) if d < today => Err(vec![error("scheduled_for", words().scheduled_for_past)]),
                Some(Ok(d)) => Ok(Details {
                    scheduled_for: Some(d),
                    ..Details::default()
                }),
            }
        }
        Status::OnHold if !has_note => Err(vec![error("public_note", words().on_hold_needs_a_reason)]),
        Status::Duplicate => match ignore_empty(&form.duplicate_of).map(shared::domain::CaseRef::parse) {
            None => Err(vec![error("duplicate_of", words().duplicate_of_missing)]),
            Some(Err(_)) => Err(vec![error("duplicate_of", words().duplicate_of_format)]),
            Some(Ok(r)) if r == case.reference => Err(vec![error("duplicate_of", words().duplicate_of_itself)]),
            Some(Ok(r)) => Ok(Details {
                duplicate_of: Some(r),
                ..Details::default()
            }),
        },
        _ => Ok(Details::default()),
    }
}

/// Two notes as one, the first above.
fn joined(first: Option<String>, then: Option<String>) -> Option<String> {
    match (first, then) {
        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
        (a, b) => a.or(b),
    }
}

/// What is wrong with the form, as the page's error messages; if nothing, the new status
/// chosen, or `None` for a note alone (the status left as it is, a note written).
fn check(form: &UpdateForm, case: &Case) -> Result<Option<Status>, Vec<ErrorMessage>> {
    let has_note = note(&form.public_note).is_some() || note(&form.internal_note).is_some();
    let mut errors = Vec::new();
    let error = |id: &str, message: String| ErrorMessage { id: id.into(), message };
    let to = match ignore_empty(&form.status).map(Status::parse) {
        None => {
            errors.push(error("status", words().select_a_status.into()));
            None
        }
        Some(None) => {
            errors.push(error("status", words().select_a_status_from_the.into()));
            None
        }
        Some(Some(s)) if s == case.status && has_note => Some(None),
        Some(Some(s)) if s == case.status => {
            errors.push(error("status", words().status_or_note.into()));
            None
        }
        Some(Some(s)) => Some(Some(s)),
    };
    for (id, value) in [
        ("public_note", &form.public_note),
        ("internal_note", &form.internal_note),
    ] {
        if value.as_deref().is_some_and(|v| v.chars().count() > NOTE_MAX) {
            errors.push(error(id, words().note_must_be_2000_characters.into()));
        }
    }
    match to {
        Some(to) if errors.is_empty() => Ok(to),
        _ => Err(errors),
    }
}

#[derive(Deserialize)]
pub struct CorrectForm {
    category: Option<String>,
    ward: Option<String>,
    version: Option<String>,
    /// Where it is, corrected: an address, and a point (both optional; the point's ward
    /// wins over the ward chosen).
    address: Option<String>,
    lat: Option<String>,
    lng: Option<String>,
}

/// The corrected location from the form, if one was given: `Err` with the message if it
/// cannot be right (half a point, a point outside the council, an address too long).
fn location_of(
    form: &CorrectForm,
    council: &shared::config::Council,
) -> Result<Option<(shared::domain::geo::Location, Option<shared::domain::WardId>)>, &'static str> {
    use shared::domain::LatLng;
    let address = ignore_empty(&form.address).map(str::to_owned);
    if address.as_ref().is_some_and(|a| a.chars().count() > 200) {
        return Err(words().correct_address_too_long);
    }
    let pin = match (ignore_empty(&form.lat), ignore_empty(&form.lng)) {
        (None, None) => None,
        (Some(lat), Some(lng)) => {
            let p = lat
                .parse::<f64>()
                .ok()
                .zip(lng.parse::<f64>().ok())
                .and_then(|(a, b)| LatLng::new(a, b).ok())
                .ok_or(words().correct_point)?;
            Some(p)
        }
        _ => return Err(words().correct_point),
    };
    let ward = match pin {
        Some(p) => Some(
            shared::domain::ward::ward_at(&council.wards, p)
                .map(|w| w.id.clone())
                .ok_or(words().correct_point_outside)?,
        ),
        None => None,
    };
    if address.is_none() && pin.is_none() {
        return Ok(None);
    }
    Ok(Some((shared::domain::geo::Location { pin, address }, ward)))
}

/// `POST /portal/cases/{reference}/correct`: an officer corrects the type of problem or the
/// ward. The case goes to the new type's team; an officer who does not work for that team
/// lands on their queue with a word of where it went.
pub async fn correct(
    State(deps): State<Portal>,
    officer: Officer,
    csrf: Csrf,
    reference: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<CorrectForm>,
) -> Result<Response, WebError> {
    use shared::domain::{CategoryId, WardId};
    let council = &deps.council;
    let record = case_at(deps.reader.as_ref(), reference)
        .await
        .map_err(crate::in_portal)?;
    officer.may_work(&record.case.team)?;
    let again = |record: CaseRecord, message: &str, status: StatusCode| {
        let deps = &deps;
        let officer = &officer;
        let csrf = &csrf;
        let errors = vec![ErrorMessage {
            id: "category".into(),
            message: message.to_owned(),
        }];
        async move {
            let audit = shown_to_officer(deps, &officer.id, &record.case).await?;
            let state = CaseState {
                form: &UpdateForm::default(),
                errors,
                conflict: status == StatusCode::CONFLICT,
                updated: false,
                audit,
            };
            let page = view::case(
                &deps.council,
                &officer.who,
                &csrf.token,
                &record,
                &state,
                deps.clock.now(),
            );
            Ok::<_, WebError>((status, page).into_response())
        }
    };
    if form.version.as_deref().and_then(|v| v.parse::<u32>().ok()) != Some(record.case.version) {
        return again(record.clone(), "", StatusCode::CONFLICT).await;
    }
    let category = ignore_empty(&form.category)
        .and_then(|c| CategoryId::parse(c).ok())
        .and_then(|c| council.category(&c));
    let ward = ignore_empty(&form.ward)
        .and_then(|w| WardId::parse(w).ok())
        .filter(|w| council.ward(w).is_some());
    let (Some(category), Some(ward)) = (category, ward) else {
        return again(
            record.clone(),
            words().correct_unknown,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let (location, pin_ward) = match location_of(&form, council) {
        Ok(Some((l, w))) => (Some(l), w),
        Ok(None) => (None, None),
        Err(message) => return again(record.clone(), message, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let correction = shared::casework::Correction {
        officer: &officer.id,
        category,
        ward: pin_ward.unwrap_or(ward),
        location,
    };
    let Some(change) = shared::casework::correct(council, &deps.signer, &record, correction, deps.clock.now()) else {
        return again(
            record.clone(),
            words().correct_nothing,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let team = change.case.team.clone();
    match deps.updater.apply(&change).await {
        Ok(()) => {
            tracing::info!(case = %record.case.reference, "case corrected");
            if officer.who.role.may_work(&team) {
                Ok(Redirect::to(&format!("/portal/cases/{}?updated=1", record.case.reference)).into_response())
            } else {
                Ok(Redirect::to(&format!("/portal/queue?moved={}", record.case.reference)).into_response())
            }
        }
        Err(StoreError::Conflict) => {
            let latest = deps
                .reader
                .case(&record.case.reference)
                .await?
                .ok_or_else(|| crate::in_portal(WebError::CaseNotFound))?;
            again(latest, "", StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn update_status(
    State(deps): State<Portal>,
    officer: Officer,
    csrf: Csrf,
    reference: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<UpdateForm>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let record = case_at(deps.reader.as_ref(), reference)
        .await
        .map_err(crate::in_portal)?;
    officer.may_work(&record.case.team)?;
    let case = &record.case;
    // The page again, with the errors or the conflict, showing the case as it is now.
    let again = |record: CaseRecord, errors: Vec<ErrorMessage>, conflict: bool, status: StatusCode| {
        let deps = &deps;
        let officer = &officer;
        let form = &form;
        let csrf = &csrf;
        async move {
            let audit = shown_to_officer(deps, &officer.id, &record.case).await?;
            let state = CaseState {
                form,
                errors,
                conflict,
                updated: false,
                audit,
            };
            let page = view::case(
                &deps.council,
                &officer.who,
                &csrf.token,
                &record,
                &state,
                deps.clock.now(),
            );
            Ok::<_, WebError>((status, page).into_response())
        }
    };
    let seen_version: Option<u32> = form.version.as_deref().and_then(|v| v.parse().ok());
    if seen_version != Some(case.version) {
        return again(record.clone(), vec![], true, StatusCode::CONFLICT).await;
    }
    let to = match check(&form, case) {
        Ok(Some(to)) => to,
        // A note alone: the same transaction rules, no status news for followers.
        Ok(None) => {
            let Some(change) = shared::casework::note(
                council,
                &deps.signer,
                case,
                &officer.id,
                note(&form.public_note),
                note(&form.internal_note),
                deps.clock.now(),
            ) else {
                return Err(WebError::BadForm);
            };
            return match deps.updater.apply(&change).await {
                Ok(()) => {
                    tracing::info!(case = %case.reference, "note added");
                    Ok(Redirect::to(&format!("/portal/cases/{}?updated=1", case.reference)).into_response())
                }
                Err(StoreError::Conflict) => {
                    let latest = deps
                        .reader
                        .case(&case.reference)
                        .await?
                        .ok_or_else(|| crate::in_portal(WebError::CaseNotFound))?;
                    again(latest, vec![], true, StatusCode::CONFLICT).await
                }
                Err(e) => Err(e.into()),
            };
        }
        Err(errors) => return again(record.clone(), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let today = deps.clock.now().with_timezone(&chrono_tz::Europe::London).date_naive();
    let extra = match details(&form, case, to, today) {
        Ok(d) => d,
        Err(errors) => return again(record.clone(), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    if let Some(original) = &extra.duplicate_of
        && deps.reader.case(original).await?.is_none()
    {
        let errors = vec![ErrorMessage {
            id: "duplicate_of".into(),
            message: words().duplicate_of_unknown.into(),
        }];
        return again(record.clone(), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // The date and the original go into the notes, where the resident and the history see
    // them, above what the officer wrote.
    // What the resident reads is in their language, whatever the officer's.
    let theirs = record.case.lang.words();
    let public = joined(
        extra
            .scheduled_for
            .map(|d| (theirs.portal.scheduled_note)(&shared::dates::long(theirs, d)))
            .or_else(|| {
                extra
                    .duplicate_of
                    .as_ref()
                    .map(|r| (theirs.portal.duplicate_note)(r.as_str()))
            }),
        note(&form.public_note),
    );
    let internal = joined(
        extra
            .duplicate_of
            .as_ref()
            .map(|r| (words().duplicate_internal)(r.as_str())),
        note(&form.internal_note),
    );
    let followers = deps.followers.followers(&case.reference).await?;
    let change = StatusChange {
        officer: &officer.id,
        to,
        note_to_resident: public,
        internal_note: internal,
    };
    let Ok(change) = status_change(council, &deps.signer, case, change, &followers, deps.clock.now()) else {
        let errors = vec![ErrorMessage {
            id: "status".into(),
            message: words().select_a_different_status.into(),
        }];
        return again(record.clone(), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match deps.updater.apply(&change).await {
        Ok(()) => {
            tracing::info!(case = %case.reference, from = case.status.as_str(), to = to.as_str(), "status updated");
            Ok(Redirect::to(&format!("/portal/cases/{}?updated=1", case.reference)).into_response())
        }
        Err(StoreError::Conflict) => {
            let latest = deps
                .reader
                .case(&case.reference)
                .await?
                .ok_or_else(|| crate::in_portal(WebError::CaseNotFound))?;
            again(latest, vec![], true, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
