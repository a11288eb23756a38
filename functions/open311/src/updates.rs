//! mySociety's `servicerequestupdates` extension: a back office posts the status changes
//! its officers make, and wardline applies them as an officer's would be (the resident and
//! following councillors told, the figures moved), once per `update_id`.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use shared::casework::{NOTE_MAX, StatusChange, note, status_change};
use shared::domain::{Actor, CaseRecord, CaseRef, Status};
use shared::ports::{CaseChange, StoreError};

use crate::format::{Document, Node, Open311Error};
use crate::{Open311, Params, keys, w3c};

/// How often a change is tried again when the case changed under it.
const ATTEMPTS: usize = 3;

/// The statuses a back office may send: the spec's two, mySociety's, and ours.
fn status_of(s: &str) -> Option<Status> {
    let s = s.trim().to_ascii_lowercase();
    Some(match s.as_str() {
        "open" | "reopen" => Status::Open,
        "investigating" | "internal_referral" => Status::Investigating,
        "in_progress" => Status::InProgress,
        "action_scheduled" | "planned" => Status::ActionScheduled,
        "on_hold" => Status::OnHold,
        "fixed" => Status::Fixed,
        "closed" => Status::Closed,
        "duplicate" => Status::Duplicate,
        "not_councils_responsibility" => Status::NotCouncilsResponsibility,
        "no_further_action" => Status::NoFurtherAction,
        _ => return None,
    })
}

/// Our id for a case's status change: the case and the moment (in milliseconds), which
/// both the case's history and the `CaseUpdates` index know.
fn update_id(reference: &CaseRef, at: DateTime<Utc>) -> String {
    format!("{reference}-{}", at.timestamp_millis())
}

fn answer(id: String) -> Document {
    Document::new(
        "service_request_updates",
        Node::List("request_update", vec![Node::Obj(vec![("update_id", Node::text(id))])]),
    )
}

/// `POST servicerequestupdates.{xml,json}`: `service_request_id`, `update_id` (the
/// sender's, for retries), `status`, and `description` (sent to the resident, as an
/// officer's note to them is). `updated_datetime` is checked but the change is dated when
/// it arrives: a case's history is in the order things reached it.
pub(crate) async fn create(deps: &Open311, params: &Params) -> Result<Document, Open311Error> {
    let client = keys::admit(deps, params).await?;
    if !client.may_update {
        return Err(Open311Error::new(
            StatusCode::FORBIDDEN,
            "This api_key may post requests but not updates",
        ));
    }
    let id = params
        .get("service_request_id")
        .ok_or_else(|| Open311Error::bad_request("service_request_id was not provided"))?;
    let theirs = params
        .get("update_id")
        .ok_or_else(|| Open311Error::bad_request("update_id was not provided"))?;
    let status = params
        .get("status")
        .ok_or_else(|| Open311Error::bad_request("status was not provided"))?;
    let to = status_of(status).ok_or_else(|| {
        Open311Error::bad_request(format!(
            "status {status} is not one of open, investigating, in_progress, action_scheduled, on_hold, \
             fixed, closed, duplicate, not_councils_responsibility, no_further_action"
        ))
    })?;
    let description = params.get("description").map(str::to_owned);
    if description.as_ref().is_some_and(|d| d.chars().count() > NOTE_MAX) {
        return Err(Open311Error::bad_request(format!(
            "description must be {NOTE_MAX} characters or fewer"
        )));
    }
    if to == Status::OnHold && description.is_none() {
        return Err(Open311Error::bad_request(
            "on_hold needs a description saying what the case is waiting for",
        ));
    }
    if let Some(t) = params.get("updated_datetime") {
        crate::requests::parse_time("updated_datetime", t)?;
    }
    let not_found = || Open311Error::not_found(format!("service_request_id {id} not found"));
    let reference = CaseRef::parse(id).map_err(|_| not_found())?;
    let external = format!("{}:{theirs}", client.id);
    for _ in 0..ATTEMPTS {
        let record = deps.reader.case(&reference).await?.ok_or_else(not_found)?;
        // A retry of an update already applied answers as the first time did.
        if let Some(e) = record
            .history
            .iter()
            .find(|e| e.external_id.as_deref() == Some(external.as_str()))
        {
            return Ok(answer(update_id(&reference, e.at)));
        }
        let Some(mut change) = change_for(deps, &record, to, description.clone()).await? else {
            // Already at that status, nothing to say: the answer names the change that
            // brought it there (or the report itself).
            let latest = record
                .history
                .iter()
                .rev()
                .find(|e| e.kind.update_status().is_some())
                .map_or(record.case.submitted_at, |e| e.at);
            return Ok(answer(update_id(&reference, latest)));
        };
        change.event.actor = Actor::Client(client.id.clone());
        change.event.external_id = Some(external.clone());
        match deps.updater.apply(&change).await {
            Ok(()) => {
                tracing::info!(client = %client.id, case = %reference, status = to.as_str(), "open311 update applied");
                return Ok(answer(update_id(&reference, change.event.at)));
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Open311Error::new(
        StatusCode::CONFLICT,
        "The request changed while the update was applied; send it again",
    ))
}

/// The change a back office's update makes: a new status, or a note to the resident when
/// the status is the one it already has; `None` if it changes nothing.
async fn change_for(
    deps: &Open311,
    record: &CaseRecord,
    to: Status,
    description: Option<String>,
) -> Result<Option<CaseChange>, Open311Error> {
    let now = deps.clock.now();
    let case = &record.case;
    if to == case.status {
        return Ok(note(&deps.council, &deps.signer, case, "", description, None, now));
    }
    let followers = deps.followers.followers(&case.reference).await?;
    let change = status_change(
        &deps.council,
        &deps.signer,
        case,
        StatusChange {
            officer: "",
            to,
            note_to_resident: description,
            internal_note: None,
        },
        &followers,
        now,
    )
    .map_err(|e| Open311Error::bad_request(format!("The request cannot move to {}: {e}", to.as_str())))?;
    Ok(Some(change))
}

/// `GET servicerequestupdates.{xml,json}`: every status change (and reopening) made in
/// the window (the last 90 days by default, at most 90), oldest first, at most 1,000. The
/// description is the status's label: what an officer wrote is never read out.
pub(crate) async fn search(deps: &Open311, params: &Params) -> Result<Document, Open311Error> {
    let (start, end) = crate::requests::window(params, deps.clock.now())?;
    let updates = deps
        .updates
        .case_updates(start, end, crate::requests::MAX_REQUESTS)
        .await?;
    let items = updates
        .into_iter()
        .map(|u| {
            Node::Obj(vec![
                ("update_id", Node::text(update_id(&u.reference, u.at))),
                ("service_request_id", Node::text(u.reference.as_str())),
                ("status", Node::text(u.status.as_str())),
                ("updated_datetime", Node::text(w3c(u.at))),
                (
                    "description",
                    Node::text(deps.council.default_lang().words().status(u.status)),
                ),
                ("media_url", Node::Null),
            ])
        })
        .collect();
    Ok(Document::new(
        "service_requests_updates",
        Node::List("request_update", items),
    ))
}
