//! The officers' queue: a team's open cases, soonest due first, or its fixed and closed
//! ones, most recently closed first; with filters and pages.

use crate::words::lang;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use shared::domain::{CategoryId, Status, TeamId, WardId};
use shared::ports::QueueFilter;
use shared::web::WebError;
use shared::web::csrf::Csrf;

use crate::Portal;
use crate::extract::Officer;
use crate::ignore_empty;
use crate::views::queue as view;

/// Cases per page of a queue.
pub const QUEUE_PAGE: usize = 25;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    team: Option<String>,
    status: Option<String>,
    category: Option<String>,
    ward: Option<String>,
    after: Option<String>,
    /// A case this officer just moved to another team, to say where it went.
    moved: Option<String>,
}

pub async fn queue(
    State(deps): State<Portal>,
    officer: Officer,
    csrf: Csrf,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    // A malformed query string is treated as no filter at all.
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let council = &deps.council;
    // Unknown values in the filters (an edited address) fall back to "any".
    let team = ignore_empty(&q.team)
        .and_then(|t| TeamId::parse(t).ok())
        .filter(|t| council.team(t).is_some())
        .unwrap_or_else(|| officer.team.clone());
    officer.may_work(&team)?;
    // No status: the open cases; a closed status or "any closed": the closed ones.
    let (closed, status) = match ignore_empty(&q.status) {
        Some(view::ANY_CLOSED) => (true, None),
        Some(s) => Status::parse(s).map_or((false, None), |st| (!st.is_open(), Some(st))),
        None => (false, None),
    };
    let filter = QueueFilter {
        closed,
        status,
        category: ignore_empty(&q.category)
            .and_then(|c| CategoryId::parse(c).ok())
            .filter(|c| council.category(c).is_some()),
        ward: ignore_empty(&q.ward)
            .and_then(|w| WardId::parse(w).ok())
            .filter(|w| council.ward(w).is_some()),
    };
    // The store reads an edited cursor as "from the start".
    let after = ignore_empty(&q.after);
    let page_result = deps.queue.queue(&team, &filter, after, QUEUE_PAGE).await?;
    // Where a case just corrected went: its reference and its team's name, nothing more.
    let moved = match ignore_empty(&q.moved).and_then(|r| shared::domain::CaseRef::parse(r).ok()) {
        Some(r) => deps.reader.case(&r).await?.map(|record| {
            let team = council
                .team(&record.case.team)
                .map_or_else(|| record.case.team.to_string(), |t| t.name.get(lang()).to_owned());
            (r.to_string(), team)
        }),
        None => None,
    };
    let page = view::queue(
        council,
        &view::Queue {
            who: &officer.who,
            csrf: &csrf.token,
            team: &team,
            filter: &filter,
            after,
            page_result: &page_result,
            now: deps.clock.now(),
            moved: moved.as_ref().map(|(r, t)| (r.as_str(), t.as_str())),
        },
    );
    Ok(csrf.set_on(page))
}
