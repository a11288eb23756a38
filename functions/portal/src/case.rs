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
    let record = case_at(deps.reader.as_ref(), reference).await?;
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
    let record = case_at(deps.reader.as_ref(), reference).await?;
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
    let Some(change) = shared::casework::correct(
        council,
        &deps.signer,
        &record,
        &officer.id,
        category,
        ward,
        deps.clock.now(),
    ) else {
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
                .ok_or(WebError::CaseNotFound)?;
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
    let record = case_at(deps.reader.as_ref(), reference).await?;
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
                    let latest = deps.reader.case(&case.reference).await?.ok_or(WebError::CaseNotFound)?;
                    again(latest, vec![], true, StatusCode::CONFLICT).await
                }
                Err(e) => Err(e.into()),
            };
        }
        Err(errors) => return again(record.clone(), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let followers = deps.followers.followers(&case.reference).await?;
    let change = StatusChange {
        officer: &officer.id,
        to,
        note_to_resident: note(&form.public_note),
        internal_note: note(&form.internal_note),
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
            let latest = deps.reader.case(&case.reference).await?.ok_or(WebError::CaseNotFound)?;
            again(latest, vec![], true, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
