//! Logging a case: a councillor reports for a constituent (with their details) or as a
//! resident themself. The case is stored exactly as a resident's report is.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use shared::domain::case::Channel;
use shared::domain::{Capacity, LoggedBy, ReportInput};
use shared::submission::{Origin, SubmitError, submit};
use shared::web::WebError;
use shared::web::components::ErrorMessage;
use shared::web::csrf::{Csrf, CsrfForm};

use crate::Portal;
use crate::extract::CouncillorUser;
use crate::views::log::{self as view, LogForm};
use crate::words::{lang, words};

pub async fn log_form(State(deps): State<Portal>, user: CouncillorUser, csrf: Csrf) -> Response {
    csrf.set_on(view::log(
        &deps.council,
        &user.who,
        &csrf.token,
        &LogForm::default(),
        &[],
    ))
}

pub async fn log_post(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    CsrfForm(form): CsrfForm<LogForm>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let capacity = match form.capacity.as_deref() {
        Some("constituent") => Capacity::ForConstituent,
        Some("myself") => Capacity::AsResident,
        _ => {
            // One summary of everything to fix: the capacity, and whatever the report
            // itself lacks (checked without the reporter's details, which depend on it).
            let mut errors = vec![ErrorMessage {
                id: "capacity".into(),
                message: words().log_capacity_missing.into(),
            }];
            let report = ReportInput {
                category: form.category.clone(),
                description: form.description.clone(),
                address: form.address.clone(),
                ward: form.ward.clone(),
                reporting: Some("anonymous".into()),
                ..ReportInput::default()
            };
            if let Err(more) = report.parse(&council.categories, &council.wards) {
                errors.extend(more.iter().map(|e| ErrorMessage {
                    id: e.field.form_name().to_owned(),
                    message: lang().words().problem(e.problem).to_owned(),
                }));
            }
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                view::log(council, &user.who, &csrf.token, &form, &errors),
            )
                .into_response());
        }
    };
    let (name, email, phone) = match capacity {
        Capacity::ForConstituent => (form.name.clone(), form.email.clone(), form.phone.clone()),
        Capacity::AsResident => (Some(user.me.name.clone()), Some(user.me.email.clone()), None),
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
            councillor: user.me.id.clone(),
            capacity,
        }),
        internal_note: None,
        // A constituent in the language the councillor chose for them (the form offers the
        // council's); the councillor themself in the language they are using.
        lang: match capacity {
            Capacity::ForConstituent => form
                .language
                .as_deref()
                .and_then(shared::domain::Lang::parse)
                .map_or_else(lang, |l| council.offered(l)),
            Capacity::AsResident => lang(),
        },
    };
    match submit(deps.submitter(), &input, &origin, None).await {
        Ok(s) => {
            tracing::info!(case = %s.reference, "case logged by a councillor");
            Ok(Redirect::to(&format!("/portal/cases/{}", s.reference)).into_response())
        }
        Err(SubmitError::Invalid(errors)) => {
            let errors: Vec<ErrorMessage> = errors
                .iter()
                .map(|e| ErrorMessage {
                    id: e.field.form_name().to_owned(),
                    message: lang().words().problem(e.problem).to_owned(),
                })
                .collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                view::log(council, &user.who, &csrf.token, &form, &errors),
            )
                .into_response())
        }
        Err(SubmitError::Store(e)) => Err(e.into()),
        // The log form sends no idempotency key, so a key cannot be reused; were it ever,
        // the request is at fault, not the service.
        Err(SubmitError::KeyReused) => Err(WebError::BadForm),
    }
}
