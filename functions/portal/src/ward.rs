//! The councillor's lists: every case in their ward (a page, and the same selection as
//! CSV) and the cases they follow. Nothing personal, whatever the consent.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use shared::config::Council;
use shared::domain::redaction::councillor_list_item;
use shared::domain::{CategoryId, Councillor, Status, WardId};
use shared::ports::{StoreError, WardCases, WardFilter};
use shared::web::WebError;
use shared::web::components::ErrorMessage;
use shared::web::csrf::Csrf;

use crate::extract::CouncillorUser;
use crate::views::ward::{self as view, WardSelection, viewer};
use crate::words::words;
use crate::{Portal, ignore_empty, redacted};

/// Cases per page of a list.
pub const LIST_PAGE: usize = 25;
/// The most rows one CSV export holds: about 1.2 MB, well inside Lambda's 6 MB response and
/// the function's memory (BENCHMARKS.md, ward CSV).
pub const EXPORT_MAX: usize = 10_000;

/// Midnight at the start of `d` in London, in UTC.
pub(crate) fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

#[derive(Deserialize, Default)]
pub struct WardQuery {
    ward: Option<String>,
    status: Option<String>,
    category: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
}

/// The ward list's filters, read from the query: unknown values mean "any"; dates that are
/// not dates are errors, shown on the page.
fn ward_selection(council: &Council, me: &Councillor, q: &WardQuery) -> Option<WardSelection> {
    let ward = ignore_empty(&q.ward)
        .and_then(|w| WardId::parse(w).ok())
        .filter(|w| me.wards.contains(w))
        .or_else(|| me.wards.first().cloned())?;
    let mut errors = Vec::new();
    let mut date = |field: &str, label: &str, v: &Option<String>| -> Option<NaiveDate> {
        let v = ignore_empty(v)?;
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(ErrorMessage {
                    id: field.into(),
                    message: (words().not_a_date)(label),
                });
                None
            }
        }
    };
    let from = date("from", words().reported_from, &q.from);
    let to = date("to", words().reported_to, &q.to);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push(ErrorMessage {
            id: "to".into(),
            message: words().reported_to_before_from.into(),
        });
    }
    let filter = WardFilter {
        status: ignore_empty(&q.status).and_then(Status::parse),
        category: ignore_empty(&q.category)
            .and_then(|c| CategoryId::parse(c).ok())
            .filter(|c| council.category(c).is_some()),
        from: from.map(london_midnight),
        until: to.and_then(|t| t.succ_opt()).map(london_midnight),
    };
    let after = ignore_empty(&q.after).map(str::to_owned);
    Some(WardSelection {
        ward,
        filter,
        from: ignore_empty(&q.from).unwrap_or_default().to_owned(),
        to: ignore_empty(&q.to).unwrap_or_default().to_owned(),
        after,
        errors,
    })
}

pub async fn ward(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    query: Result<Query<WardQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let Some(sel) = ward_selection(council, &user.me, &q) else {
        return Ok(view::no_wards(council).into_response());
    };
    let result = deps
        .ward_cases
        .ward_cases(&sel.ward, &sel.filter, sel.after.as_deref(), LIST_PAGE)
        .await?;
    let status = if sel.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = view::ward(
        council,
        (&user.who, &csrf.token),
        &user.me,
        &sel,
        &result.items,
        result.next.as_ref(),
        deps.clock.now(),
    );
    Ok(csrf.set_on((status, page)))
}

/// The ward list as CSV, with the same filters: what the list shows, nothing personal.
pub async fn ward_csv(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    query: Result<Query<WardQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let me = &user.me;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let Some(sel) = ward_selection(council, me, &q) else {
        return Ok(view::no_wards(council).into_response());
    };
    // Dates that are not dates: the page with its error summary, as the list shows it.
    if !sel.errors.is_empty() {
        let page = view::ward(council, (&user.who, &csrf.token), me, &sel, &[], None, deps.clock.now());
        return Ok(csrf.set_on((StatusCode::BAD_REQUEST, page)));
    }
    let (out, _rows) = ward_csv_body(
        council,
        deps.ward_cases.as_ref(),
        me,
        &sel.ward,
        &sel.filter,
        deps.clock.now(),
    )
    .await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-cases.csv\"", sel.ward),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        out,
    )
        .into_response())
}

/// The CSV of a ward's cases a councillor may list, with a filter, newest first: at most
/// [`EXPORT_MAX`] rows, nothing personal whatever the consent. The body and its rows.
pub async fn ward_csv_body(
    council: &Council,
    ward_cases: &dyn WardCases,
    me: &Councillor,
    ward: &WardId,
    filter: &WardFilter,
    now: DateTime<Utc>,
) -> Result<(String, usize), StoreError> {
    let mut out = shared::csv::row(&[
        "reference",
        "type_of_problem",
        "ward",
        "status",
        "reported_at",
        "expected_by",
        "late",
        "approximate_lat",
        "approximate_lng",
    ]);
    let mut after: Option<String> = None;
    let mut rows = 0;
    loop {
        let result = ward_cases.ward_cases(ward, filter, after.as_deref(), 500).await?;
        for case in result.items.iter().take(EXPORT_MAX - rows) {
            let Some(item) = councillor_list_item(case, &viewer(me)) else {
                continue;
            };
            out.push_str(&shared::csv::typed_row(&redacted::ward_csv_row(
                council,
                &item,
                case.is_overdue(now),
            )));
            rows += 1;
        }
        match result.next {
            Some(next) if rows < EXPORT_MAX => after = Some(next),
            _ => break,
        }
    }
    Ok((out, rows))
}

#[derive(Deserialize, Default)]
pub struct FollowingQuery {
    after: Option<String>,
}

pub async fn following(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    query: Result<Query<FollowingQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let after = query.ok().and_then(|Query(q)| q.after).filter(|a| !a.trim().is_empty());
    let result = deps.follows.following(&user.me.id, after.as_deref(), LIST_PAGE).await?;
    let mut cases = Vec::new();
    for reference in &result.items {
        if let Some(record) = deps.reader.case(reference).await? {
            cases.push(record.case);
        }
    }
    let page = view::following(
        &deps.council,
        (&user.who, &csrf.token),
        &user.me,
        &cases,
        after.as_ref(),
        result.next.as_ref(),
        deps.clock.now(),
    );
    Ok(csrf.set_on(page))
}
