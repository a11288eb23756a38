//! The language a request is answered in, decided once by [`with_languages`]: `?lang=` on
//! the address (the switch every page offers), else the `wl_lang` cookie it left, else the
//! council's first language. Only a language the council offers is ever chosen.
//!
//! Handlers take it as the [`Lang`] extractor; views deep in a page (components, the
//! portal's words) read [`current`], which the layer sets for the request's task. Both are
//! the same value. The layout reads [`Here`] to draw the switch, keeping the address (path
//! and query) the reader is on.

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use super::csrf::cookie;
use crate::copy::Lang;

pub const LANG_COOKIE: &str = "wl_lang";

/// Where the request is and which languages the page may switch to.
#[derive(Debug, Clone, Default)]
pub struct Here {
    pub lang: Lang,
    /// The council's languages; a switch shows only when there are two or more.
    pub offered: Vec<Lang>,
    /// The address as asked, path and query (without any `lang=`).
    pub path_and_query: String,
}

tokio::task_local! {
    static HERE: Here;
}

/// The language of the request being answered (the default outside a request).
pub fn current() -> Lang {
    HERE.try_with(|h| h.lang).unwrap_or_default()
}

/// The request being answered, for the language switch (`None` outside a request).
pub fn here() -> Option<Here> {
    HERE.try_with(Here::clone).ok()
}

/// Runs `render` as if answering a request for `path` in `lang`: for pages rendered ahead
/// of any request (the static site), so they carry the language and its switch.
pub fn rendering_as<T>(lang: Lang, offered: &[Lang], path: &str, render: impl FnOnce() -> T) -> T {
    let here = Here {
        lang,
        offered: offered.to_vec(),
        path_and_query: path.to_owned(),
    };
    HERE.sync_scope(here, render)
}

/// The address of this page in `lang`: the same path and query, with `lang=` set.
pub fn switch_href(here: &Here, lang: Lang) -> String {
    let sep = if here.path_and_query.contains('?') { '&' } else { '?' };
    format!("{}{sep}lang={}", here.path_and_query, lang.code())
}

fn asked(parts: &Parts) -> (Option<Lang>, String) {
    // One leading slash: "//evil.example" would make the switch a link to another site.
    let path = format!("/{}", parts.uri.path().trim_start_matches('/'));
    let path = path.as_str();
    let Some(query) = parts.uri.query() else {
        return (None, path.to_owned());
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let lang = pairs
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(v));
    let rest: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "lang").collect();
    let query = serde_urlencoded::to_string(&rest).unwrap_or_default();
    let path_and_query = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    (lang, path_and_query)
}

/// `router` answering in the language each request asks for, among `offered` (the
/// council's languages, its default first). A `?lang=` that chooses a language leaves a
/// cookie, so the pages after it (and a form's post) stay in it.
pub fn with_languages(router: axum::Router, offered: Vec<Lang>, https: bool) -> axum::Router {
    let offered = if offered.is_empty() {
        vec![Lang::default()]
    } else {
        offered
    };
    router.layer(axum::middleware::from_fn(move |mut request: Request, next: Next| {
        let offered = offered.clone();
        async move {
            let (parts, body) = request.into_parts();
            let (asked, path_and_query) = asked(&parts);
            let asked = asked.filter(|l| offered.contains(l));
            let remembered = cookie(&parts.headers, LANG_COOKIE)
                .and_then(Lang::parse)
                .filter(|l| offered.contains(l));
            let lang = asked.or(remembered).unwrap_or(offered[0]);
            request = Request::from_parts(parts, body);
            request.extensions_mut().insert(lang);
            let here = Here {
                lang,
                offered,
                path_and_query,
            };
            let mut response: Response = HERE.scope(here, next.run(request)).await;
            if let Some(chosen) = asked.filter(|l| Some(*l) != remembered) {
                let secure = if https { "; Secure" } else { "" };
                let value = format!(
                    "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
                    chosen.code()
                );
                if let Ok(v) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(SET_COOKIE, v);
                }
            }
            response
        }
    }))
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Lang>().copied().unwrap_or_default())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::Request as HttpRequest;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn answer(offered: Vec<Lang>, uri: &str, cookie_header: Option<&str>) -> (String, Option<String>) {
        let app = with_languages(
            Router::new().route(
                "/p",
                get(|lang: Lang| async move {
                    let here = here().unwrap();
                    format!("{} {} {}", lang.code(), current().code(), here.path_and_query)
                }),
            ),
            offered,
            false,
        );
        let mut req = HttpRequest::get(uri);
        if let Some(c) = cookie_header {
            req = req.header("cookie", c);
        }
        let res = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let set = res.headers().get(SET_COOKIE).map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        (String::from_utf8(body.to_vec()).unwrap(), set)
    }

    #[tokio::test]
    async fn the_address_then_the_cookie_then_the_councils_first_and_only_what_it_offers() {
        let both = vec![Lang::En, Lang::Cy];
        let (body, set) = answer(both.clone(), "/p?lang=cy&page=2", None).await;
        assert_eq!(body, "cy cy /p?page=2");
        assert!(set.unwrap().starts_with("wl_lang=cy; Path=/"));
        let (body, set) = answer(both.clone(), "/p", Some("wl_lang=cy")).await;
        assert_eq!(body, "cy cy /p");
        assert_eq!(set, None, "a cookie already saying it is not set again");
        assert_eq!(
            answer(both.clone(), "/p?lang=xx", Some("wl_lang=zz")).await.0,
            "en en /p"
        );
        assert_eq!(answer(both, "/p?lang=%ff", None).await.0, "en en /p");
        // Welsh first: the default is Welsh.
        assert_eq!(answer(vec![Lang::Cy, Lang::En], "/p", None).await.0, "cy cy /p");
        // An English-only council never answers in Welsh, whatever is asked.
        let (body, set) = answer(vec![Lang::En], "/p?lang=cy", Some("wl_lang=cy")).await;
        assert_eq!((body.as_str(), set), ("en en /p", None));
    }

    #[test]
    fn the_switch_stays_on_this_site_whatever_the_address() {
        let (parts, ()) = HttpRequest::get("http://site.example//evil.example/p?lang=cy&a=1")
            .body(())
            .unwrap()
            .into_parts();
        assert_eq!(parts.uri.path(), "//evil.example/p");
        assert_eq!(asked(&parts), (Some(Lang::Cy), "/evil.example/p?a=1".to_owned()));
    }

    #[test]
    fn the_switch_keeps_the_address_and_its_query() {
        let here = |p: &str| Here {
            lang: Lang::En,
            offered: vec![Lang::En, Lang::Cy],
            path_and_query: p.into(),
        };
        assert_eq!(switch_href(&here("/reports"), Lang::Cy), "/reports?lang=cy");
        assert_eq!(
            switch_href(&here("/portal/ward?status=open"), Lang::Cy),
            "/portal/ward?status=open&lang=cy"
        );
        assert_eq!(current(), Lang::En, "outside a request: the default");
    }
}
