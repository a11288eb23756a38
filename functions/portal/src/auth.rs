//! Passwordless sign-in: a one-time link by email (through the outbox), a signed session
//! cookie backed by a session record that signing out revokes, and a rate limit per address.
//!
//! The emailed link opens a page with a button rather than signing in on `GET`: mail
//! scanners follow links, and must not use up (or use) a one-time link.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, DurationRound, Utc};
use maud::html;
use rand::Rng;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::config::{Council, Person};
use shared::domain::ResidentEmail;
use shared::email::{Notice, SignInLink};
use shared::ports::{OutboxMessage, StoreError};
use shared::web::WebError;
use shared::web::components::{ErrorMessage, TextInput, error_summary, text_input};
use shared::web::csrf::{SESSION_COOKIE_NAME, clear_cookie, cookie, csrf_for, csrf_ok, set_cookie, with_cookie};

use crate::Portal;
use crate::views::{message, page};

pub const SESSION_COOKIE: &str = SESSION_COOKIE_NAME;
pub const SESSION_HOURS: i64 = 8;
pub const SIGN_IN_LINK_MINUTES: i64 = 15;
/// Links one address may ask for in a 15-minute window.
pub const SIGN_IN_LIMIT: u32 = 5;

/// What a signed-in person may do.
#[derive(Debug, Clone)]
pub enum Role {
    /// `all_teams`: the officer may open every team's cases, not only their own.
    Officer {
        id: String,
        team: shared::domain::TeamId,
        all_teams: bool,
    },
    Councillor {
        id: String,
    },
}

impl Role {
    /// Whether an officer with this role may open and update a case of `team`.
    pub fn may_work(&self, team: &shared::domain::TeamId) -> bool {
        match self {
            Role::Officer {
                team: own, all_teams, ..
            } => *all_teams || own == team,
            Role::Councillor { .. } => false,
        }
    }
}

/// Someone signed in, resolved against the council's current configuration: a person
/// removed from it is signed out on their next request.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub name: String,
    pub role: Role,
    pub session_id: String,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_hex() -> String {
    let mut rng = rand::rng();
    format!("{:032x}{:032x}", rng.random::<u128>(), rng.random::<u128>())
}

/// The signed-in person, if the request carries a live session.
pub async fn signed_in(deps: &Portal, headers: &HeaderMap) -> Result<Option<SignedIn>, StoreError> {
    let now = deps.clock.now();
    let Some(session_id) = cookie(headers, SESSION_COOKIE).and_then(|c| deps.signer.open("session", c, now)) else {
        return Ok(None);
    };
    let Some(key) = deps.sessions.session(&session_id, now).await? else {
        return Ok(None);
    };
    Ok(deps.council.person(&key).map(|p| SignedIn {
        name: p.name().to_owned(),
        role: match p {
            Person::Officer(o) => Role::Officer {
                id: o.id.clone(),
                team: o.team.clone(),
                all_teams: o.all_teams(),
            },
            Person::Councillor(c) => Role::Councillor { id: c.id.to_string() },
        },
        session_id,
    }))
}

#[derive(Deserialize)]
pub struct SignInQuery {
    signed_out: Option<String>,
}

fn sign_in_page(deps: &Portal, csrf: &str, email: &str, error: Option<&str>, signed_out: bool) -> maud::Markup {
    let summary: Vec<ErrorMessage> = error
        .iter()
        .map(|m| ErrorMessage {
            id: "email".into(),
            message: (*m).to_owned(),
        })
        .collect();
    page(
        "Sign in",
        &deps.council.name,
        None,
        error.is_some(),
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    @if signed_out {
                        div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="signed-out-title" data-module="govuk-notification-banner" {
                            div class="govuk-notification-banner__header" {
                                h2 class="govuk-notification-banner__title" id="signed-out-title" { "Success" }
                            }
                            div class="govuk-notification-banner__content" {
                                p class="govuk-notification-banner__heading" { "You have signed out" }
                            }
                        }
                    }
                    (error_summary(&summary))
                    h1 class="govuk-heading-l" { "Sign in" }
                    p class="govuk-body" { "For council officers and councillors. We will email you a link to sign in. There is no password." }
                    form method="post" action="/sign-in" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (text_input(&TextInput { value: email, error, kind: "email", autocomplete: Some("email"), spellcheck: Some(false), hint: Some("Your council email address"), ..TextInput::new("email", "Email address") }))
                        button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { "Email me a sign-in link" }
                    }
                    p class="govuk-body" { "Residents do not need to sign in: " a class="govuk-link" href="/" { "report a problem" } " or " a class="govuk-link" href="/reports" { "check a report" } "." }
                }
            }
        },
    )
}

pub async fn sign_in_form(State(deps): State<Portal>, headers: HeaderMap, Query(q): Query<SignInQuery>) -> Response {
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies());
    with_cookie(
        sign_in_page(&deps, &csrf.token, "", None, q.signed_out.is_some()).into_response(),
        csrf.set_cookie,
    )
}

#[derive(Deserialize)]
struct EmailForm {
    email: Option<String>,
    csrf: Option<String>,
}

pub async fn request_link(State(deps): State<Portal>, headers: HeaderMap, body: Bytes) -> Response {
    let council = &deps.council;
    let Ok(form) = serde_urlencoded::from_bytes::<EmailForm>(&body) else {
        return WebError::BadForm.render(&council.name);
    };
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&council.name);
    }
    let typed = form.email.unwrap_or_default();
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies()).token;
    let email = match ResidentEmail::parse(&typed) {
        Ok(e) => e,
        Err(e) => {
            let m = if typed.trim().is_empty() {
                "Enter your email address"
            } else if matches!(e, shared::domain::reporter::InvalidPersonal::TooLong) {
                "Email address must be 254 characters or fewer"
            } else {
                "Enter an email address in the correct format, like name@ashworth.gov.uk"
            };
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                sign_in_page(&deps, &csrf, &typed, Some(m), false),
            )
                .into_response();
        }
    };
    match send_link(&deps, email.as_str()).await {
        Ok(true) => page(
            "Check your email",
            &council.name,
            None,
            false,
            html! {
                div class="govuk-grid-row" {
                    div class="govuk-grid-column-two-thirds" {
                        h1 class="govuk-heading-l" { "Check your email" }
                        p class="govuk-body" { "If " strong { (email.as_str()) } " belongs to a council officer or councillor, we have sent it a link to sign in." }
                        p class="govuk-body" { "The link works once, for " (SIGN_IN_LINK_MINUTES) " minutes." }
                        p class="govuk-body" { "No email? Check your junk folder, or " a class="govuk-link" href="/sign-in" { "ask for another link" } "." }
                    }
                }
            },
        )
        .into_response(),
        Ok(false) => (
            StatusCode::TOO_MANY_REQUESTS,
            message(
                "Too many sign-in links",
                &council.name,
                &["You have asked for too many sign-in links in a short time. Wait 15 minutes, then try again.", "Use the most recent link we sent you: earlier links may have been used or have expired."],
                None,
            ),
        )
            .into_response(),
        Err(e) => WebError::Store(e).render(&council.name),
    }
}

/// Counts the attempt and, if the address belongs to someone the council knows, stores a
/// token and queues its email. `Ok(false)` when the address has asked too often. The same
/// answer whether or not the address is known, so the form does not reveal who works here.
async fn send_link(deps: &Portal, email: &str) -> Result<bool, StoreError> {
    let now = deps.clock.now();
    let window = now.duration_trunc(Duration::minutes(15)).unwrap_or(now);
    let key = hash(&format!("sign-in:{}", email.to_ascii_lowercase()));
    if deps
        .rate_limit
        .count_attempt(&key, window, window + Duration::minutes(30))
        .await?
        > SIGN_IN_LIMIT
    {
        tracing::warn!("sign-in rate limit reached");
        return Ok(false);
    }
    let Some(person) = deps.council.person_by_email(email) else {
        return Ok(true);
    };
    let token = random_hex();
    let notice = Notice::SignInLink(SignInLink {
        to: person.email().to_owned(),
        name: person.name().to_owned(),
        url: format!("{}/sign-in/{token}", deps.council.base_url),
        valid_minutes: SIGN_IN_LINK_MINUTES,
        council: deps.council.name.clone(),
    });
    let message = OutboxMessage::new(now, notice, &mut rand::rng());
    deps.sign_in
        .issue_token(
            &hash(&token),
            &person.key(),
            now + Duration::minutes(SIGN_IN_LINK_MINUTES),
            &message,
        )
        .await?;
    Ok(true)
}

fn plausible_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn link_used_or_expired(council: &Council) -> Response {
    (
        StatusCode::BAD_REQUEST,
        message(
            "This sign-in link has expired or has already been used",
            &council.name,
            &["Sign-in links work once, for 15 minutes."],
            Some(("/sign-in", "Ask for a new sign-in link")),
        ),
    )
        .into_response()
}

pub async fn confirm_page(
    State(deps): State<Portal>,
    headers: HeaderMap,
    token: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let council = &deps.council;
    let Ok(Path(token)) = token else {
        return link_used_or_expired(council);
    };
    if !plausible_token(&token) {
        return link_used_or_expired(council);
    }
    let csrf = csrf_for(&headers, &deps.signer, deps.council.secure_cookies());
    let body = page(
        "Sign in",
        &council.name,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { "Sign in to " (council.name) }
                    form method="post" action={ "/sign-in/" (token) } novalidate {
                        input type="hidden" name="csrf" value=(csrf.token);
                        button type="submit" class="govuk-button govuk-button--start" data-module="govuk-button" { "Sign in" }
                    }
                }
            }
        },
    );
    with_cookie(body.into_response(), csrf.set_cookie)
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

pub async fn use_link(
    State(deps): State<Portal>,
    headers: HeaderMap,
    token: Result<Path<String>, axum::extract::rejection::PathRejection>,
    body: Bytes,
) -> Response {
    let council = &deps.council;
    let Ok(Path(token)) = token else {
        return link_used_or_expired(council);
    };
    let form: CsrfForm = serde_urlencoded::from_bytes(&body).unwrap_or(CsrfForm { csrf: None });
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&council.name);
    }
    if !plausible_token(&token) {
        return link_used_or_expired(council);
    }
    let now = deps.clock.now();
    let person = match deps.sign_in.consume_token(&hash(&token), now).await {
        Ok(Some(key)) if council.person(&key).is_some() => key,
        Ok(_) => return link_used_or_expired(council),
        Err(e) => return WebError::Store(e).render(&council.name),
    };
    match start_session(&deps, &person, now).await {
        Ok(cookie) => {
            tracing::info!("signed in");
            with_cookie(Redirect::to("/portal").into_response(), Some(cookie))
        }
        Err(e) => WebError::Store(e).render(&council.name),
    }
}

async fn start_session(deps: &Portal, person: &str, now: DateTime<Utc>) -> Result<axum::http::HeaderValue, StoreError> {
    let id = random_hex();
    let expires = now + Duration::hours(SESSION_HOURS);
    deps.sessions.create_session(&id, person, expires).await?;
    let value = deps.signer.token("session", &id, expires);
    Ok(set_cookie(
        SESSION_COOKIE,
        &value,
        SESSION_HOURS * 3600,
        deps.council.secure_cookies(),
    ))
}

pub async fn sign_out(State(deps): State<Portal>, headers: HeaderMap, body: Bytes) -> Response {
    let form: CsrfForm = serde_urlencoded::from_bytes(&body).unwrap_or(CsrfForm { csrf: None });
    if !csrf_ok(&headers, &deps.signer, form.csrf.as_deref()) {
        return WebError::FormExpired.render(&deps.council.name);
    }
    match signed_in(&deps, &headers).await {
        Ok(Some(s)) => {
            if let Err(e) = deps.sessions.revoke_session(&s.session_id).await {
                return WebError::Store(e).render(&deps.council.name);
            }
        }
        Ok(None) => {}
        Err(e) => return WebError::Store(e).render(&deps.council.name),
    }
    with_cookie(
        Redirect::to("/sign-in?signed_out=1").into_response(),
        Some(clear_cookie(SESSION_COOKIE, deps.council.secure_cookies())),
    )
}
