//! `/consent/{token}`: one case's sharing with the ward's councillors, as its resident sees
//! it. The token (in every email to the resident, and on their status page) names the case;
//! anyone holding it may change the choice, so it goes only to the resident.
//!
//! Each change appends a consent record; nothing rewrites one. Asking for what is already
//! so (withdrawing twice, a double-clicked button) appends nothing.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use shared::copy::Lang;
use shared::domain::consent::{ConsentChannel, ConsentEvent, ConsentRecord, current_scope};
use shared::domain::{CaseRecord, CaseRef, CouncillorId};
use shared::links::{self, SHARING_PURPOSE};
use shared::web::WebError;
use shared::web::components::panel;
use shared::web::csrf::{Csrf, CsrfForm, with_cookie};

use crate::{Consent, link_expired, simple};

#[derive(Deserialize, Default)]
pub struct SharingQuery {
    /// `status` when the resident came from their status page (recorded as the channel).
    from: Option<String>,
    /// `given` or `withdrawn`: the change just made, to confirm it.
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct SharingForm {
    choice: Option<String>,
    from: Option<String>,
}

fn channel_of(from: Option<&str>) -> ConsentChannel {
    if from == Some("status") {
        ConsentChannel::StatusPage
    } else {
        ConsentChannel::EmailLink
    }
}

async fn case_for(
    deps: &Consent,
    lang: Lang,
    token: &Result<Path<String>, PathRejection>,
) -> Result<(String, CaseRecord), WebError> {
    let w = lang.words().consent;
    let expired = || link_expired(&deps.council, lang, w.sharing_what, w.sharing_again, None);
    let Ok(Path(token)) = token else {
        return Err(expired());
    };
    let Some(reference) = deps
        .signer
        .open(SHARING_PURPOSE, token, deps.clock.now())
        .and_then(|r| CaseRef::parse(&r).ok())
    else {
        return Err(expired());
    };
    let record = deps.reader.case(&reference).await?.ok_or(WebError::CaseNotFound)?;
    Ok((token.clone(), record))
}

fn councillor_names(deps: &Consent, scope: &[CouncillorId]) -> Vec<String> {
    scope
        .iter()
        .map(|id| {
            deps.council
                .councillors
                .iter()
                .find(|c| &c.id == id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        })
        .collect()
}

pub async fn page(
    State(deps): State<Consent>,
    lang: Lang,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    query: Result<Query<SharingQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (token, record) = case_for(&deps, lang, &token).await?;
    let Query(query) = query.unwrap_or_default();
    let case = &record.case;
    let council = &deps.council;
    let w = lang.words().consent;
    let title = w.sharing_title;
    let category = council.category_name(&case.category, lang);
    let ward = council.ward_name(&case.ward, lang);
    // Erased (whole, or the contact details of a case still open): nothing to share.
    if case.personal.is_none() || case.details_erased() {
        return Ok(page_with(
            &deps,
            None,
            title,
            html! {
                p class="govuk-body" { ((w.report_and_category)(case.reference.as_str(), &category)) }
                p class="govuk-body" { (w.nothing_to_share) }
            },
        ));
    }
    let records = deps.consents.consents(&case.reference).await?;
    let scope = current_scope(&records);
    let now_councillors: Vec<CouncillorId> = council.councillors_for(&case.ward).map(|c| c.id.clone()).collect();
    let from = query.from.as_deref().filter(|f| *f == "status").unwrap_or("email");
    let confirmation = match query.done.as_deref() {
        Some("given") => Some(panel(w.now_sharing_title, html! { (w.now_sharing) })),
        Some("withdrawn") => Some(panel(w.stopped_title, html! { (w.stopped) })),
        _ => None,
    };
    let body = html! {
        @if let Some(c) = confirmation { (c) }
        p class="govuk-body" { ((w.report_in_ward)(case.reference.as_str(), &category, &ward)) }
        @if scope.is_empty() {
            h2 class="govuk-heading-m" { (w.not_sharing_heading) }
            p class="govuk-body" { (w.not_sharing) }
            @if now_councillors.is_empty() {
                p class="govuk-body" { (w.no_councillors) }
            } @else {
                p class="govuk-body" { ((w.if_you_share)(&shared::copy::listed(&councillor_names(&deps, &now_councillors), w.and))) }
                p class="govuk-body" { a class="govuk-link" href="/privacy" target="_blank" rel="noopener" { (lang.words().share_privacy_link) } }
                form method="post" action={ "/consent/" (token) } novalidate {
                    input type="hidden" name="csrf" value=(csrf.token);
                    input type="hidden" name="from" value=(from);
                    input type="hidden" name="choice" value="give";
                    button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (w.share_button) }
                }
            }
        } @else {
            h2 class="govuk-heading-m" { (w.sharing_heading) }
            p class="govuk-body" { (w.these_councillors) }
            ul class="govuk-list govuk-list--bullet" {
                @for name in councillor_names(&deps, scope) { li { (name) } }
            }
            p class="govuk-body" { (w.if_you_stop) }
            form method="post" action={ "/consent/" (token) } novalidate {
                input type="hidden" name="csrf" value=(csrf.token);
                input type="hidden" name="from" value=(from);
                input type="hidden" name="choice" value="withdraw";
                button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { (w.stop_button) }
            }
        }
        p class="govuk-body" { a class="govuk-link" href={ "/reports/" (case.reference) } { (w.see_progress) } }
    };
    Ok(page_with(&deps, csrf.set_cookie.clone(), title, body))
}

fn page_with(deps: &Consent, cookie: Option<header::HeaderValue>, title: &str, body: maud::Markup) -> Response {
    with_cookie(simple(&deps.council, StatusCode::OK, title, body), cookie)
}

pub async fn change(
    State(deps): State<Consent>,
    lang: Lang,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<SharingForm>,
) -> Result<Response, WebError> {
    let (token, record) = case_for(&deps, lang, &token).await?;
    let council = &deps.council;
    let give = match form.choice.as_deref() {
        Some("give") => true,
        Some("withdraw") => false,
        _ => return Err(WebError::BadForm),
    };
    let case = &record.case;
    let Some(personal) = case.personal.as_ref().filter(|_| !case.details_erased()) else {
        // Erased: nothing to share or withdraw. The page says so.
        return Ok(Redirect::to(&format!("/consent/{token}")).into_response());
    };
    let resident = match (&personal.resident_key, &personal.reporter) {
        (Some(key), _) => key.clone(),
        (None, Some(r)) => links::resident_key(&deps.signer, &r.email),
        (None, None) => return Err(WebError::BadForm),
    };
    let records = deps.consents.consents(&case.reference).await?;
    let sharing = !current_scope(&records).is_empty();
    let scope: Vec<CouncillorId> = council.councillors_for(&case.ward).map(|c| c.id.clone()).collect();
    let from = form.from.as_deref().filter(|f| *f == "status");
    let back = |done: &str| {
        let from = from.map(|f| format!("&from={f}")).unwrap_or_default();
        Redirect::to(&format!("/consent/{token}?done={done}{from}")).into_response()
    };
    if give == sharing || (give && scope.is_empty()) {
        // Already so (or no one to share with): nothing to record.
        return Ok(back(if sharing { "given" } else { "withdrawn" }));
    }
    let event = if give {
        ConsentEvent::Given {
            // The notice in the language of the page the resident read.
            notice: council.privacy.current(lang).shown(),
            scope,
        }
    } else {
        ConsentEvent::Withdrawn
    };
    let consent = ConsentRecord {
        resident,
        at: deps.clock.now(),
        channel: channel_of(from),
        event,
    };
    deps.consents.append_consent(&case.reference, &consent).await?;
    tracing::info!(case = %case.reference, given = give, "consent recorded");
    Ok(back(if give { "given" } else { "withdrawn" }))
}
