//! Passwordless sign-in: a one-time link by email (through the outbox), a signed session
//! cookie backed by a session record that signing out revokes, and a rate limit per address.
//!
//! The emailed link opens a page with a button rather than signing in on `GET`: mail
//! scanners follow links, and must not use up (or use) a one-time link.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::email::{Notice, SignInLink};
use shared::emailed_link::{Limit, email_from_form, within_limit};
use shared::ports::{OutboxMessage, StoreError};
use shared::web::WebError;
use shared::web::csrf::{Csrf, CsrfForm, SESSION_COOKIE_NAME, clear_cookie, set_cookie, with_cookie};

use crate::Portal;
use crate::extract::SignedIn;
use crate::views::session as view;
use crate::words::{lang, words};

pub const SESSION_COOKIE: &str = SESSION_COOKIE_NAME;
pub const SESSION_HOURS: i64 = 8;
pub const SIGN_IN_LINK_MINUTES: i64 = 15;
/// Links one address may ask for in a 15-minute window.
pub const SIGN_IN_LIMIT: u32 = 5;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_hex() -> String {
    let mut rng = rand::rng();
    format!("{:032x}{:032x}", rng.random::<u128>(), rng.random::<u128>())
}

#[derive(Deserialize)]
pub struct SignInQuery {
    signed_out: Option<String>,
    /// The portal page to land on after signing in (see `extract::safe_next`).
    next: Option<String>,
}

/// The page to return to, if it is a safe one.
fn next_of(next: Option<&str>) -> Option<String> {
    next.and_then(crate::extract::safe_next).map(str::to_owned)
}

pub async fn sign_in_form(
    State(deps): State<Portal>,
    csrf: Csrf,
    query: Result<Query<SignInQuery>, QueryRejection>,
) -> Response {
    let (signed_out, next) = match query {
        Ok(Query(q)) => (q.signed_out.is_some(), next_of(q.next.as_deref())),
        Err(_) => (false, None),
    };
    csrf.set_on(view::sign_in(
        &deps.council.name,
        &csrf.token,
        "",
        None,
        signed_out,
        next.as_deref(),
    ))
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: Option<String>,
    next: Option<String>,
}

pub async fn request_link(
    State(deps): State<Portal>,
    csrf: Csrf,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> Result<Response, WebError> {
    let council = &deps.council;
    let typed = form.email.unwrap_or_default();
    let next = next_of(form.next.as_deref());
    let email = match email_from_form(lang(), &typed) {
        Ok(e) => e,
        Err(message) => {
            let page = view::sign_in(
                &council.name,
                &csrf.token,
                &typed,
                Some(message),
                false,
                next.as_deref(),
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    if !send_link(&deps, email.as_str(), next.as_deref()).await? {
        return Ok((StatusCode::TOO_MANY_REQUESTS, view::too_many_links(&council.name)).into_response());
    }
    Ok(view::check_your_email(&council.name, email.as_str(), SIGN_IN_LINK_MINUTES).into_response())
}

/// Counts the attempt and, if the address belongs to someone the council knows, stores a
/// token and queues its email. `Ok(false)` when the address has asked too often. The same
/// answer whether or not the address is known, so the form does not reveal who works here.
async fn send_link(deps: &Portal, email: &str, next: Option<&str>) -> Result<bool, StoreError> {
    let now = deps.clock.now();
    let key = hash(&format!("sign-in:{}", email.to_ascii_lowercase()));
    let limit = Limit {
        per_window: SIGN_IN_LIMIT,
        length: Duration::minutes(15),
    };
    if !within_limit(deps.rate_limit.as_ref(), &key, now, limit).await? {
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
        // The page they were going to travels in the link (it is no secret; the token is).
        url: match next {
            Some(next) => format!(
                "{}/sign-in/{token}?{}",
                deps.council.base_url,
                serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
            ),
            None => format!("{}/sign-in/{token}", deps.council.base_url),
        },
        valid_minutes: SIGN_IN_LINK_MINUTES,
        council: deps.council.name.get(lang()).to_owned(),
        // In the language of the page they asked from.
        lang: lang(),
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

/// The token from the link's path, if it could be one of ours.
fn plausible_token(token: Result<Path<String>, PathRejection>) -> Result<String, WebError> {
    match token {
        Ok(Path(t)) if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(t),
        _ => Err(link_used_or_expired()),
    }
}

fn link_used_or_expired() -> WebError {
    WebError::Refused(shared::web::Refusal {
        status: StatusCode::BAD_REQUEST,
        title: words().sign_in_expired_title,
        paragraphs: vec![words().sign_in_expired.into()],
        link: Some(("/sign-in".into(), words().ask_for_a_new_signin)),
    })
}

pub async fn confirm_page(
    State(deps): State<Portal>,
    csrf: Csrf,
    token: Result<Path<String>, PathRejection>,
    query: Result<Query<SignInQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let token = plausible_token(token)?;
    let next = query.ok().and_then(|Query(q)| next_of(q.next.as_deref()));
    Ok(csrf.set_on(view::confirm(&deps.council.name, &token, &csrf.token, next.as_deref())))
}

#[derive(Deserialize)]
pub struct Nothing {}

#[derive(Deserialize)]
pub struct UseLinkForm {
    next: Option<String>,
}

pub async fn use_link(
    State(deps): State<Portal>,
    token: Result<Path<String>, PathRejection>,
    CsrfForm(form): CsrfForm<UseLinkForm>,
) -> Result<Response, WebError> {
    let token = plausible_token(token)?;
    let now = deps.clock.now();
    let person = match deps.sign_in.consume_token(&hash(&token), now).await? {
        Some(key) if deps.council.person(&key).is_some() => key,
        _ => return Err(link_used_or_expired()),
    };
    let cookie = start_session(&deps, &person, now).await?;
    tracing::info!("signed in");
    let to = next_of(form.next.as_deref()).unwrap_or_else(|| "/portal".to_owned());
    Ok(with_cookie(Redirect::to(&to).into_response(), Some(cookie)))
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

pub async fn sign_out(
    State(deps): State<Portal>,
    who: Option<SignedIn>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, WebError> {
    if let Some(s) = who {
        deps.sessions.revoke_session(&s.session_id).await?;
    }
    Ok(with_cookie(
        Redirect::to("/sign-in?signed_out=1").into_response(),
        Some(clear_cookie(SESSION_COOKIE, deps.council.secure_cookies())),
    ))
}

/// `/portal`: officers to their queue, councillors to their ward.
pub async fn home(who: SignedIn) -> Redirect {
    match who.role {
        crate::extract::Role::Officer { .. } => Redirect::to("/portal/queue"),
        crate::extract::Role::Councillor { .. } => Redirect::to("/portal/ward"),
    }
}
