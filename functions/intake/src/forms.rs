//! The report form's own routes: show it, and take its urlencoded post.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::Deserialize;
use shared::copy::Lang;
use shared::domain::ReportInput;
use shared::domain::case::Channel;
use shared::ports::IdempotencyKey;
use shared::web::WebError;
use shared::web::csrf::OpenForm;

use shared::submission::{Origin, submit};

use crate::pages::report_form;
use crate::{Intake, SubmitError};

/// A fresh key for one rendering of the form, so a double-clicked submit stores one case.
fn form_key() -> String {
    let mut rng = rand::rng();
    format!("{:032x}", rng.random::<u128>())
}

pub async fn show_form(State(deps): State<Intake>, lang: Lang) -> Response {
    report_form(&deps.council, lang, &ReportInput::default(), &[], &form_key()).into_response()
}

#[derive(Deserialize)]
pub struct FormBody {
    #[serde(flatten)]
    input: ReportInput,
    idempotency_key: Option<String>,
}

pub async fn post_form(
    State(deps): State<Intake>,
    lang: Lang,
    OpenForm(form): OpenForm<FormBody>,
) -> Result<Response, WebError> {
    // The static page's key is filled in by JavaScript; a form without one is still accepted.
    let key = form
        .idempotency_key
        .as_deref()
        .filter(|k| !k.is_empty())
        .and_then(|k| IdempotencyKey::parse("form", k));
    let origin = Origin::resident(Channel::WebForm);
    let mut outcome = submit(deps.submitter(), &form.input, &origin, key).await;
    if matches!(outcome, Err(SubmitError::KeyReused)) {
        // The same page was sent again with different answers (the resident went back and
        // changed something after sending): that is a new report.
        outcome = submit(deps.submitter(), &form.input, &origin, None).await;
    }
    match outcome {
        // The resident's own sharing link rides along, so the confirmation can offer it;
        // the confirmation page without it is as public as the reference.
        Ok(s) => Ok(
            Redirect::to(&match s.sharing_url.as_deref().and_then(|u| u.rsplit('/').next()) {
                Some(token) => format!("/reports/{}/confirmation?access={token}", s.reference),
                None => format!("/reports/{}/confirmation", s.reference),
            })
            .into_response(),
        ),
        Err(SubmitError::Invalid(errors)) => {
            let key = form.idempotency_key.unwrap_or_else(form_key);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                report_form(&deps.council, lang, &form.input, &errors, &key),
            )
                .into_response())
        }
        // Sent again without a key after a reuse: cannot happen; the request is at fault.
        Err(SubmitError::KeyReused) => Err(WebError::BadForm),
        Err(SubmitError::Store(e)) => Err(e.into()),
    }
}
