//! The councillors' portal: every case in their ward(s), the cases they follow, a case page,
//! and logging a case for a constituent or as a resident themself.
//!
//! Everything a councillor is shown of a case comes from the one redaction function
//! (`shared::domain::redaction`): lists and exports through `councillor_list_item`, which
//! never carries personal data; a case page and its JSON through `councillor_view`, read
//! with the consent records as they are at that moment. A page that shows personal data
//! records who saw it in the access audit first.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use maud::{Markup, html};
use serde::Deserialize;
use shared::domain::case::Channel;
use shared::domain::redaction::{Councillor as Viewer, CouncillorView, councillor_list_item, councillor_view};
use shared::domain::{
    Capacity, Case, CaseRecord, CaseRef, CategoryId, Councillor, LoggedBy, ReportInput, Status, WardId,
};
use shared::email::short_date;
use shared::ports::{AccessPurpose, AccessRecord, StoreError, WardFilter};
use shared::submission::{Origin, SubmitError, submit};
use shared::web::components::{
    ErrorMessage, RadioItem, SelectOption, TextInput, error_summary, radios, select, status_tag, text_input, textarea,
};
use shared::web::csrf::{csrf_for, csrf_ok, with_cookie};
use shared::web::{ApiError, WebError, case_at};

use crate::Portal;
use crate::auth::{Role, SignedIn, signed_in};
use crate::redacted;
use crate::views::{message, page};

/// Cases per page of a list.
pub const LIST_PAGE: usize = 25;
/// The most rows one CSV export holds.
pub const EXPORT_MAX: usize = 10_000;

/// The councillor someone signed in is, as the council's configuration has them now.
fn councillor_of<'a>(council: &'a shared::config::Council, who: &SignedIn) -> Option<&'a Councillor> {
    match &who.role {
        Role::Councillor { id } => council.councillors.iter().find(|c| c.id.as_str() == id),
        Role::Officer { .. } => None,
    }
}

/// The signed-in councillor, or the response that sends anyone else away.
async fn councillor(deps: &Portal, headers: &HeaderMap) -> Result<(SignedIn, Councillor), Response> {
    match signed_in(deps, headers).await {
        Ok(Some(s)) => match &s.role {
            Role::Councillor { .. } => match councillor_of(&deps.council, &s).cloned() {
                Some(c) => Ok((s, c)),
                None => Err(Redirect::to("/sign-in").into_response()),
            },
            Role::Officer { .. } => Err((
                StatusCode::FORBIDDEN,
                message(
                    "This page is for councillors",
                    &deps.council.name,
                    &["You are signed in as a council officer."],
                    Some(("/portal", "Go to your portal home")),
                ),
            )
                .into_response()),
        },
        Ok(None) => Err(Redirect::to("/sign-in").into_response()),
        Err(e) => Err(WebError::Store(e).render(&deps.council.name)),
    }
}

fn viewer(c: &Councillor) -> Viewer<'_> {
    Viewer {
        id: &c.id,
        wards: &c.wards,
    }
}

/// The councillor's own navigation, above each of their pages.
fn nav(current: &str) -> Markup {
    let links = [
        ("/portal/ward", "My ward"),
        ("/portal/following", "Cases I follow"),
        ("/portal/log", "Log a case"),
    ];
    html! {
        nav class="govuk-!-margin-bottom-6" aria-label="Councillor pages" {
            ul class="govuk-list wl-inline-list" {
                @for (href, text) in links {
                    li style="display: inline-block; margin-right: 20px;" {
                        @if href == current {
                            a class="govuk-link govuk-link--no-visited-state" href=(href) aria-current="page" { strong { (text) } }
                        } @else {
                            a class="govuk-link govuk-link--no-visited-state" href=(href) { (text) }
                        }
                    }
                }
            }
        }
    }
}

fn ignore_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn category_name(deps: &Portal, id: &CategoryId) -> String {
    deps.council
        .category(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn ward_name(deps: &Portal, id: &WardId) -> String {
    deps.council.ward(id).map_or_else(|| id.to_string(), |w| w.name.clone())
}

/// A list's cursor is `<time>#<reference>`; anything else (an edited address) starts at
/// the top rather than reaching the store.
fn valid_cursor(a: &str) -> bool {
    a.split_once('#')
        .is_some_and(|(t, r)| DateTime::parse_from_rfc3339(t).is_ok() && CaseRef::parse(r).is_ok())
}

/// Midnight at the start of `d` in London, in UTC.
fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
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
struct WardSelection {
    ward: WardId,
    filter: WardFilter,
    from: String,
    to: String,
    after: Option<String>,
    errors: Vec<ErrorMessage>,
}

fn ward_selection(deps: &Portal, me: &Councillor, q: &WardQuery) -> Option<WardSelection> {
    let council = &deps.council;
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
                    message: format!("{label} must be a real date, like 2026-11-01"),
                });
                None
            }
        }
    };
    let from = date("from", "Reported from", &q.from);
    let to = date("to", "Reported to", &q.to);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push(ErrorMessage {
            id: "to".into(),
            message: "Reported to must be the same as or after reported from".into(),
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
    let after = ignore_empty(&q.after).filter(|a| valid_cursor(a)).map(str::to_owned);
    Some(WardSelection {
        ward,
        filter,
        from: ignore_empty(&q.from).unwrap_or_default().to_owned(),
        to: ignore_empty(&q.to).unwrap_or_default().to_owned(),
        after,
        errors,
    })
}

impl WardSelection {
    /// The query string for this selection, starting after `after` (empty: the first page).
    fn query(&self, after: &str) -> String {
        let mut pairs = vec![("ward", self.ward.to_string())];
        if let Some(s) = self.filter.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if let Some(c) = &self.filter.category {
            pairs.push(("category", c.to_string()));
        }
        if !self.from.is_empty() {
            pairs.push(("from", self.from.clone()));
        }
        if !self.to.is_empty() {
            pairs.push(("to", self.to.clone()));
        }
        if !after.is_empty() {
            pairs.push(("after", after.to_owned()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

fn no_wards(deps: &Portal) -> Response {
    (
        StatusCode::OK,
        message(
            "You have no ward",
            &deps.council.name,
            &["The council's configuration does not list a ward for you. Ask the council to add it."],
            Some(("/portal/following", "See the cases you follow")),
        ),
    )
        .into_response()
}

/// A table of cases as a list shows them: nothing personal, whatever the consent.
fn case_table(deps: &Portal, caption: &str, cases: &[Case], me: &Councillor) -> Markup {
    let now = deps.clock.now();
    html! {
        table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { (caption) }
            thead class="govuk-table__head" {
                tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Reference" }
                    th scope="col" class="govuk-table__header" { "Type of problem" }
                    th scope="col" class="govuk-table__header" { "Ward" }
                    th scope="col" class="govuk-table__header" { "Status" }
                    th scope="col" class="govuk-table__header" { "Reported" }
                    th scope="col" class="govuk-table__header" { "Expected by" }
                }
            }
            tbody class="govuk-table__body" {
                @for (case, item) in cases.iter().filter_map(|c| councillor_list_item(c, &viewer(me)).map(|i| (c, i))) {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href={ "/portal/cases/" (item.reference) } { (item.reference) } }
                        td class="govuk-table__cell" { (category_name(deps, &item.category)) }
                        td class="govuk-table__cell" { (ward_name(deps, &item.ward)) }
                        td class="govuk-table__cell" { (status_tag(item.status)) }
                        td class="govuk-table__cell" { (short_date(item.submitted_at.with_timezone(&London).date_naive())) }
                        td class="govuk-table__cell" {
                            (short_date(item.expected_by))
                            @if case.is_overdue(now) {
                                " " strong class="govuk-tag govuk-tag--red" { "Late" }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn ward(
    State(deps): State<Portal>,
    headers: HeaderMap,
    query: Result<Query<WardQuery>, QueryRejection>,
) -> Response {
    let (who, me) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let Some(sel) = ward_selection(&deps, &me, &q) else {
        return no_wards(&deps);
    };
    let council = &deps.council;
    let result = match deps
        .ward_cases
        .ward_cases(&sel.ward, &sel.filter, sel.after.as_deref(), LIST_PAGE)
        .await
    {
        Ok(p) => p,
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let csrf = csrf_for(&headers, &deps.signer, council.secure_cookies());
    let this_ward = ward_name(&deps, &sel.ward);
    let ward_options: Vec<SelectOption<'_>> = me
        .wards
        .iter()
        .filter_map(|w| council.ward(w))
        .map(SelectOption::from)
        .collect();
    let status_options: Vec<SelectOption<'_>> = Status::ALL.iter().map(SelectOption::from).collect();
    let category_options: Vec<SelectOption<'_>> = council.categories.iter().map(SelectOption::from).collect();
    let err = |id: &str| sel.errors.iter().find(|e| e.id == id).map(|e| e.message.clone());
    let filtered = sel.filter != WardFilter::default();
    let title = format!("Cases in {this_ward}");
    let body = html! {
        (nav("/portal/ward"))
        (error_summary(&sel.errors))
        h1 class="govuk-heading-l" { (title) }
        p class="govuk-body" { "Every case reported in the ward, newest first. Residents' names and details show on a case only if they agreed to share them with you." }
        form method="get" action="/portal/ward" class="govuk-!-margin-bottom-6" novalidate {
            div class="govuk-grid-row" {
                @if ward_options.len() > 1 {
                    div class="govuk-grid-column-one-quarter" { (select("ward", "Ward", None, "Choose a ward", &ward_options, sel.ward.as_str(), None)) }
                } @else {
                    input type="hidden" name="ward" value=(sel.ward);
                }
                div class="govuk-grid-column-one-quarter" { (select("status", "Status", None, "Any status", &status_options, sel.filter.status.map_or("", |s| s.as_str()), None)) }
                div class="govuk-grid-column-one-quarter" { (select("category", "Type of problem", None, "Any", &category_options, sel.filter.category.as_ref().map_or("", |c| c.as_str()), None)) }
            }
            div class="govuk-grid-row" {
                div class="govuk-grid-column-one-quarter" {
                    (text_input(&TextInput { value: &sel.from, error: err("from").as_deref(), kind: "date", ..TextInput::new("from", "Reported from") }))
                }
                div class="govuk-grid-column-one-quarter" {
                    (text_input(&TextInput { value: &sel.to, error: err("to").as_deref(), kind: "date", ..TextInput::new("to", "Reported to") }))
                }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Apply filters" }
        }
        @if result.items.is_empty() {
            p class="govuk-body" {
                @if filtered || sel.after.is_some() { "No cases match these filters." } @else { "No cases have been reported in " (this_ward) " yet." }
            }
        } @else {
            (case_table(&deps, &title, &result.items, &me))
            p class="govuk-body" { a class="govuk-link" href={ "/portal/ward.csv?" (sel.query("")) } download { "Download these cases (CSV)" } }
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label="Pages" {
            @if sel.after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/ward?" (sel.query("")) } { span class="govuk-pagination__link-title" { "First page" } }
                }
            }
            @if let Some(next) = &result.next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/ward?" (sel.query(next)) } rel="next" { span class="govuk-pagination__link-title" { "Next page" } }
                }
            }
        }
    };
    let status = if sel.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    with_cookie(
        (
            status,
            page(
                &title,
                &council.name,
                Some((&who, &csrf.token)),
                !sel.errors.is_empty(),
                body,
            ),
        )
            .into_response(),
        csrf.set_cookie,
    )
}

/// The ward list as CSV, with the same filters: what the list shows, nothing personal.
pub async fn ward_csv(
    State(deps): State<Portal>,
    headers: HeaderMap,
    query: Result<Query<WardQuery>, QueryRejection>,
) -> Response {
    let (_, me) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let Some(sel) = ward_selection(&deps, &me, &q) else {
        return no_wards(&deps);
    };
    if let Some(e) = sel.errors.first() {
        return (StatusCode::BAD_REQUEST, e.message.clone()).into_response();
    }
    let now = deps.clock.now();
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
        let result = match deps
            .ward_cases
            .ward_cases(&sel.ward, &sel.filter, after.as_deref(), 500)
            .await
        {
            Ok(p) => p,
            Err(e) => return WebError::Store(e).render(&deps.council.name),
        };
        for case in &result.items {
            let Some(item) = councillor_list_item(case, &viewer(&me)) else {
                continue;
            };
            out.push_str(&shared::csv::typed_row(&redacted::ward_csv_row(
                &deps.council,
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
    (
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
        .into_response()
}

#[derive(Deserialize, Default)]
pub struct FollowingQuery {
    after: Option<String>,
}

pub async fn following(
    State(deps): State<Portal>,
    headers: HeaderMap,
    query: Result<Query<FollowingQuery>, QueryRejection>,
) -> Response {
    let (who, me) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let council = &deps.council;
    let after = query.ok().and_then(|Query(q)| q.after).filter(|a| valid_cursor(a));
    let result = match deps.follows.following(&me.id, after.as_deref(), LIST_PAGE).await {
        Ok(p) => p,
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let mut cases = Vec::new();
    for reference in &result.items {
        match deps.reader.case(reference).await {
            Ok(Some(record)) => cases.push(record.case),
            Ok(None) => {}
            Err(e) => return WebError::Store(e).render(&council.name),
        }
    }
    let csrf = csrf_for(&headers, &deps.signer, council.secure_cookies());
    let body = html! {
        (nav("/portal/following"))
        h1 class="govuk-heading-l" { "Cases I follow" }
        p class="govuk-body" { "The cases you logged, and cases you chose to follow. We email you when one changes status, runs late or is done." }
        @if cases.is_empty() {
            p class="govuk-body" {
                @if after.is_some() { "There are no more cases." }
                @else { "You do not follow any cases yet. Cases you log are followed for you; you can follow a case from its page when the resident has agreed to share it with you." }
            }
        } @else {
            (case_table(&deps, "Cases I follow", &cases, &me))
        }
        nav class="govuk-pagination govuk-pagination--block" aria-label="Pages" {
            @if after.is_some() {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href="/portal/following" { span class="govuk-pagination__link-title" { "First page" } }
                }
            }
            @if let Some(next) = &result.next {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href={ "/portal/following?" (serde_urlencoded::to_string([("after", next)]).unwrap_or_default()) } rel="next" { span class="govuk-pagination__link-title" { "Next page" } }
                }
            }
        }
    };
    with_cookie(
        page("Cases I follow", &council.name, Some((&who, &csrf.token)), false, body).into_response(),
        csrf.set_cookie,
    )
}

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
pub async fn case_page(deps: &Portal, headers: &HeaderMap, who: &SignedIn, record: CaseRecord) -> Response {
    let council = &deps.council;
    let Some(me) = councillor_of(council, who) else {
        return Redirect::to("/sign-in").into_response();
    };
    let view = match view_of(deps, &record, me).await {
        Ok(Some(v)) => v,
        Ok(None) => return WebError::CaseNotFound.render(&council.name),
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let followers = match deps.followers.followers(&record.case.reference).await {
        Ok(f) => f,
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    if let Err(e) = audit(deps, &view, me, AccessPurpose::CasePage).await {
        return WebError::Store(e).render(&council.name);
    }
    let csrf = csrf_for(headers, &deps.signer, council.secure_cookies());
    let title = format!("Case {}", record.case.reference);
    let body = redacted::case_body(
        council,
        &view,
        &redacted::Shown {
            late: record.case.is_overdue(deps.clock.now()),
            following: followers.contains(&me.id),
            csrf: &csrf.token,
        },
    );
    with_cookie(
        page(
            &title,
            &council.name,
            Some((who, &csrf.token)),
            false,
            html! { (nav("")) (body) },
        )
        .into_response(),
        csrf.set_cookie,
    )
}

/// `/portal/api/cases/{reference}`: the same view as the case page, as JSON.
pub async fn case_json(
    State(deps): State<Portal>,
    headers: HeaderMap,
    reference: Result<Path<String>, PathRejection>,
) -> Response {
    let me = match signed_in(&deps, &headers).await {
        Ok(Some(who)) if matches!(who.role, Role::Officer { .. }) => return ApiError::Forbidden.into_response(),
        Ok(Some(who)) => councillor_of(&deps.council, &who).cloned(),
        Ok(None) => None,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let Some(me) = me else {
        return ApiError::Unauthorized.into_response();
    };
    // A case they may not see answers exactly as one that does not exist.
    let not_found = || ApiError::NotFound.into_response();
    let Some(reference) = reference.ok().and_then(|Path(r)| CaseRef::parse(&r).ok()) else {
        return not_found();
    };
    let record = match deps.reader.case(&reference).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let view = match view_of(&deps, &record, &me).await {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if let Err(e) = audit(&deps, &view, &me, AccessPurpose::CaseJson).await {
        return ApiError::from(e).into_response();
    }
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(view)).into_response()
}

#[derive(Deserialize)]
pub struct FollowForm {
    csrf: Option<String>,
    action: Option<String>,
}

/// Follow a case the councillor may see whole, or stop following any case.
pub async fn follow(
    State(deps): State<Portal>,
    headers: HeaderMap,
    reference: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let (_, me) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let council = &deps.council;
    let Ok(form) = serde_urlencoded::from_bytes::<FollowForm>(&body) else {
        return WebError::BadForm.render(&council.name);
    };
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&council.name);
    }
    let record = match case_at(deps.reader.as_ref(), reference).await {
        Ok(r) => r,
        Err(e) => return e.render(&council.name),
    };
    let view = match view_of(&deps, &record, &me).await {
        Ok(Some(v)) => v,
        Ok(None) => return WebError::CaseNotFound.render(&council.name),
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    let reference = &record.case.reference;
    let result = match form.action.as_deref() {
        Some("follow") if matches!(view, CouncillorView::Full { .. }) => {
            deps.follows.follow(&me.id, reference, deps.clock.now()).await
        }
        Some("follow") => {
            return (
                StatusCode::FORBIDDEN,
                message(
                    "You cannot follow this case",
                    &council.name,
                    &["You can follow a case when the resident has agreed to share it with you."],
                    Some((&format!("/portal/cases/{reference}"), "Back to the case")),
                ),
            )
                .into_response();
        }
        Some("unfollow") => deps.follows.unfollow(&me.id, reference).await,
        _ => return WebError::BadForm.render(&council.name),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/portal/cases/{reference}")).into_response(),
        Err(e) => WebError::Store(e).render(&council.name),
    }
}

/// What a councillor typed into the log form.
#[derive(Debug, Default, Deserialize)]
pub struct LogForm {
    csrf: Option<String>,
    capacity: Option<String>,
    category: Option<String>,
    description: Option<String>,
    address: Option<String>,
    ward: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

fn log_page(deps: &Portal, who: &SignedIn, csrf: &str, form: &LogForm, errors: &[ErrorMessage]) -> Markup {
    let council = &deps.council;
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let err = |id: &str| errors.iter().find(|e| e.id == id).map(|e| e.message.as_str());
    let (name, email, phone) = (v(&form.name), v(&form.email), v(&form.phone));
    let constituent = html! {
        (text_input(&TextInput { value: &name, error: err("name"), spellcheck: Some(false), ..TextInput::new("name", "Constituent's full name") }))
        (text_input(&TextInput { value: &email, error: err("email"), kind: "email", spellcheck: Some(false), hint: Some("We email them the reference and updates, as for any report."), ..TextInput::new("email", "Constituent's email address") }))
        (text_input(&TextInput { value: &phone, error: err("phone"), kind: "tel", width_class: Some("govuk-input--width-20"), ..TextInput::new("phone", "Constituent's telephone number (optional)") }))
    };
    let capacity_items = [
        RadioItem {
            value: "constituent",
            text: "For a constituent",
            hint: Some("The case holds their details, and records that you logged it for them."),
            conditional: Some(constituent),
        },
        RadioItem {
            value: "myself",
            text: "As a resident myself",
            hint: Some("You are the reporter: we email you, as we would any resident."),
            conditional: None,
        },
    ];
    let category_items: Vec<RadioItem<'_>> = council
        .categories
        .iter()
        .map(|c| RadioItem {
            value: c.id.as_str(),
            text: &c.name,
            hint: None,
            conditional: None,
        })
        .collect();
    let ward_options: Vec<SelectOption<'_>> = council.wards.iter().map(SelectOption::from).collect();
    page(
        "Log a case",
        &council.name,
        Some((who, csrf)),
        !errors.is_empty(),
        html! {
            (nav("/portal/log"))
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    (error_summary(errors))
                    h1 class="govuk-heading-l" { "Log a case" }
                    form method="post" action="/portal/log" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (radios("capacity", "Who is reporting it?", "govuk-fieldset__legend--m", None, &capacity_items, &v(&form.capacity), err("capacity")))
                        (radios("category", "What is the problem?", "govuk-fieldset__legend--m", None, &category_items, &v(&form.category), err("category")))
                        (textarea("description", "Describe the problem", None, &v(&form.description), err("description"), 5))
                        (text_input(&TextInput { value: &v(&form.address), error: err("address"), hint: Some("A street and a landmark, or an address"), ..TextInput::new("address", "Where is it?") }))
                        (select("ward", "Ward", None, "Choose a ward", &ward_options, &v(&form.ward), err("ward")))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Log the case" }
                    }
                }
            }
        },
    )
}

pub async fn log_form(State(deps): State<Portal>, headers: HeaderMap) -> Response {
    let (who, _) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies());
    with_cookie(
        log_page(&deps, &who, &csrf.token, &LogForm::default(), &[]).into_response(),
        csrf.set_cookie,
    )
}

pub async fn log_post(State(deps): State<Portal>, headers: HeaderMap, body: Bytes) -> Response {
    let (who, me) = match councillor(&deps, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let council = &deps.council;
    let Ok(form) = serde_urlencoded::from_bytes::<LogForm>(&body) else {
        return WebError::BadForm.render(&council.name);
    };
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&council.name);
    }
    let csrf = csrf_for(&headers, &deps.signer, council.secure_cookies()).token;
    let capacity = match form.capacity.as_deref() {
        Some("constituent") => Capacity::ForConstituent,
        Some("myself") => Capacity::AsResident,
        _ => {
            let errors = [ErrorMessage {
                id: "capacity".into(),
                message: "Select whether you are reporting for a constituent or as a resident yourself".into(),
            }];
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                log_page(&deps, &who, &csrf, &form, &errors),
            )
                .into_response();
        }
    };
    let (name, email, phone) = match capacity {
        Capacity::ForConstituent => (form.name.clone(), form.email.clone(), form.phone.clone()),
        Capacity::AsResident => (Some(me.name.clone()), Some(me.email.clone()), None),
    };
    let input = ReportInput {
        category: form.category.clone(),
        description: form.description.clone(),
        address: form.address.clone(),
        ward: form.ward.clone(),
        reporting: Some("registered".into()),
        name,
        email,
        phone,
        ..ReportInput::default()
    };
    let origin = Origin {
        channel: Channel::Councillor,
        consent_channel: shared::domain::consent::ConsentChannel::ReportForm,
        logged_by: Some(LoggedBy {
            councillor: me.id.clone(),
            capacity,
        }),
    };
    match submit(deps.submitter(), &input, &origin, None).await {
        Ok(s) => {
            tracing::info!(case = %s.reference, "case logged by a councillor");
            Redirect::to(&format!("/portal/cases/{}", s.reference)).into_response()
        }
        Err(SubmitError::Invalid(errors)) => {
            let errors: Vec<ErrorMessage> = errors
                .iter()
                .map(|e| ErrorMessage {
                    id: e.field.form_name().to_owned(),
                    message: shared::copy::problem(e.problem).to_owned(),
                })
                .collect();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                log_page(&deps, &who, &csrf, &form, &errors),
            )
                .into_response()
        }
        Err(SubmitError::Store(e)) => WebError::Store(e).render(&council.name),
        Err(other) => WebError::Store(StoreError::Corrupt(other.to_string())).render(&council.name),
    }
}
