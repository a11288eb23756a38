//! Cookies, and the one CSRF defence every state-changing form uses.
//!
//! A random value lives in an HttpOnly cookie; each form carries this key's signature of it.
//! A post from another site cannot read the cookie, so cannot produce the signature. It works
//! the same before sign-in (the sign-in form) and after.

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use rand::Rng;
use serde::de::DeserializeOwned;

use super::WebError;
use crate::signing::Signer;

pub const CSRF_COOKIE: &str = "wl_csrf";
/// The signed-in session (the portal).
pub const SESSION_COOKIE_NAME: &str = "wl_session";

/// The value of cookie `name`, if the request sent it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site; `Secure` unless the
/// site is plain http (the local runner).
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("wl_invalid=; Max-Age=0"))
}

pub fn clear_cookie(name: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", 0, secure)
}

/// `response`, setting `cookie` if there is one (a form's first CSRF cookie, a session).
pub fn with_cookie(mut response: axum::response::Response, cookie: Option<HeaderValue>) -> axum::response::Response {
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// A form's CSRF token, and the cookie to set if the browser has none yet.
pub struct Csrf {
    pub token: String,
    pub set_cookie: Option<HeaderValue>,
}

fn valid_cookie_value(v: &str) -> bool {
    v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token for forms on a page rendered for this request.
pub fn csrf_for(headers: &HeaderMap, signer: &Signer, secure: bool) -> Csrf {
    match cookie(headers, CSRF_COOKIE).filter(|v| valid_cookie_value(v)) {
        Some(v) => Csrf {
            token: signer.sign("csrf", v),
            set_cookie: None,
        },
        None => {
            let v = format!("{:032x}", rand::rng().random::<u128>());
            // A year: the value is no secret on its own, and a fresh one on every visit
            // would break forms left open in another tab.
            Csrf {
                token: signer.sign("csrf", &v),
                set_cookie: Some(set_cookie(CSRF_COOKIE, &v, 365 * 24 * 3600, secure)),
            }
        }
    }
}

/// Whether a posted form's token matches the browser's cookie.
pub fn csrf_ok(headers: &HeaderMap, signer: &Signer, submitted: Option<&str>) -> bool {
    match (cookie(headers, CSRF_COOKIE), submitted) {
        (Some(v), Some(token)) if valid_cookie_value(v) => signer.verify("csrf", v, token),
        _ => false,
    }
}

/// What the form extractors need from a function's state: the key that signs CSRF
/// tokens, and whether cookies are `Secure`. Each HTTP function's state gives it with
/// `FromRef`.
#[derive(Clone)]
pub struct Forms {
    pub signer: Signer,
    pub secure: bool,
}

/// A form posted with its CSRF token, read and checked before the handler runs. An
/// unreadable body is a 400 ([`WebError::BadForm`]), a body over the router's limit a 413,
/// a missing or foreign token a 403 ([`WebError::FormExpired`]).
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    csrf: Option<String>,
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    Forms: FromRef<S>,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let forms = Forms::from_ref(state);
        let headers = req.headers().clone();
        let body = read_body(req, state).await?;
        let token: TokenOnly = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::BadForm)?;
        if !csrf_ok(&headers, &forms.signer, token.csrf.as_deref()) {
            return Err(WebError::FormExpired);
        }
        let form = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::BadForm)?;
        Ok(CsrfForm(form))
    }
}

/// A form anyone may post without a CSRF token (the report form, which the static site
/// serves too): the same reading and the same errors as [`CsrfForm`].
pub struct OpenForm<T>(pub T);

impl<S, T> FromRequest<S> for OpenForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let body = read_body(req, state).await?;
        serde_urlencoded::from_bytes(&body)
            .map(OpenForm)
            .map_err(|_| WebError::BadForm)
    }
}

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, WebError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge
        } else {
            WebError::BadForm
        }
    })
}

/// The CSRF token for the forms of the page being rendered, and the cookie to set with it.
impl<S> FromRequestParts<S> for Csrf
where
    S: Send + Sync,
    Forms: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let forms = Forms::from_ref(state);
        Ok(csrf_for(&parts.headers, &forms.signer, forms.secure))
    }
}

impl Csrf {
    /// `response` with this token's cookie, if the browser had none.
    pub fn set_on(&self, response: impl axum::response::IntoResponse) -> axum::response::Response {
        with_cookie(response.into_response(), self.set_cookie.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new("a test key that is long enough, 32+").unwrap()
    }

    fn with_cookie(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {CSRF_COOKIE}={v}")).unwrap(),
        );
        h
    }

    #[test]
    fn a_form_token_matches_only_its_own_cookie() {
        let first = csrf_for(&HeaderMap::new(), &signer(), true);
        let cookie_value = first
            .set_cookie
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .split('=')
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(csrf_ok(&with_cookie(&cookie_value), &signer(), Some(&first.token)));
        assert!(!csrf_ok(&with_cookie(&"0".repeat(32)), &signer(), Some(&first.token)));
        assert!(!csrf_ok(&with_cookie(&cookie_value), &signer(), None));
        assert!(!csrf_ok(&HeaderMap::new(), &signer(), Some(&first.token)));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_unless_plain_http() {
        let c = set_cookie("wl_session", "x", 60, true);
        assert_eq!(
            c.to_str().unwrap(),
            "wl_session=x; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(
            !set_cookie("wl_session", "x", 60, false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
