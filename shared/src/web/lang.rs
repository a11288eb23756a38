//! The language a request is answered in: `?lang=` on the address (the switch a page
//! offers), else the `wl_lang` cookie it left, else the council's first. Only languages
//! wardline speaks are recognised; anything else is the default.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::csrf::cookie;
use crate::copy::Lang;

pub const LANG_COOKIE: &str = "wl_lang";

fn parse(code: &str) -> Option<Lang> {
    match code {
        "en" => Some(Lang::En),
        _ => None,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let asked = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "lang"))
            .and_then(|(_, v)| parse(&v));
        Ok(asked
            .or_else(|| cookie(&parts.headers, LANG_COOKIE).and_then(parse))
            .unwrap_or_default())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::Request;

    async fn lang_of(uri: &str, cookie_header: Option<&str>) -> Lang {
        let mut req = Request::get(uri);
        if let Some(c) = cookie_header {
            req = req.header("cookie", c);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        Lang::from_request_parts(&mut parts, &()).await.unwrap()
    }

    #[tokio::test]
    async fn the_address_then_the_cookie_then_the_default_and_nothing_unknown() {
        assert_eq!(lang_of("/?lang=en", None).await, Lang::En);
        assert_eq!(lang_of("/", Some("wl_lang=en")).await, Lang::En);
        assert_eq!(lang_of("/?lang=xx", Some("wl_lang=zz")).await, Lang::default());
        assert_eq!(lang_of("/?lang=%ff", None).await, Lang::default());
    }
}
