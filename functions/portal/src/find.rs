//! `/portal/find?reference=FK7M-3RTW`: from the search on every portal page to the case.
//! A reference in the right shape goes to its case page, which decides what the person may
//! see of it (an officer of another team gets the 403 page, a councillor outside the ward
//! "not found"). A case imported from the previous system is found by its old reference
//! too (its reference is derived from it: no index needed). Anything else is explained.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use shared::domain::CaseRef;
use shared::web::components::{ErrorMessage, TextInput, error_summary, text_input};
use shared::web::csrf::Csrf;

use crate::Portal;
use crate::extract::SignedIn;
use crate::views::page;
use crate::words::words;

/// The case imported with `original` as its reference in the previous system, if there is
/// one (a store failure reads as none: the page then says what a reference looks like).
async fn imported(deps: &Portal, original: &str) -> Option<CaseRef> {
    let reference = CaseRef::for_original(original);
    let record = deps.reader.case(&reference).await.ok()??;
    (record.case.original_reference.as_deref() == Some(original.trim())).then_some(reference)
}

#[derive(Deserialize, Default)]
pub struct FindQuery {
    reference: Option<String>,
}

pub async fn find(
    State(deps): State<Portal>,
    who: SignedIn,
    csrf: Csrf,
    query: Result<Query<FindQuery>, QueryRejection>,
) -> Response {
    let typed = query
        .map(|Query(q)| q.reference.unwrap_or_default())
        .unwrap_or_default();
    let error = match typed.trim() {
        "" => words().find_missing,
        r => match CaseRef::parse(r) {
            Ok(r) => return Redirect::to(&format!("/portal/cases/{r}")).into_response(),
            Err(_) => match imported(&deps, r).await {
                Some(found) => return Redirect::to(&format!("/portal/cases/{found}")).into_response(),
                None => words().find_format,
            },
        },
    };
    let summary = [ErrorMessage {
        id: "reference".into(),
        message: error.to_owned(),
    }];
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(&summary))
                h1 class="govuk-heading-l" { (words().find_title) }
                form method="get" action="/portal/find" novalidate {
                    (text_input(&TextInput { value: &typed, error: Some(error), width_class: Some("govuk-input--width-10"), spellcheck: Some(false), autocomplete: Some("off"), ..TextInput::new("reference", words().reference) }))
                    button type="submit" class="govuk-button" data-module="govuk-button" { (words().find) }
                }
            }
        }
    };
    let page = page(
        words().find_title,
        &deps.council.name,
        Some((&who, &csrf.token)),
        true,
        body,
    );
    csrf.set_on((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
