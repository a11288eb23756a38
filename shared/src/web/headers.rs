//! The security headers every response carries, set by one layer that each HTTP function's
//! router (and the local runner's own routes) wraps itself in, so they are the same on
//! Lambda and locally.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Scripts, styles, images and fonts from our own origin only; no inline script; no
/// framing. `style-src-attr 'unsafe-inline'` allows the few `style=""` attributes (never a
/// `<style>` element or a script).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Links in consent, your-data, sign-in and feedback pages carry tokens in their paths:
/// no page ever tells another site where it came from.
pub const REFERRER_POLICY: &str = "no-referrer";

/// Two years, as browsers' preload lists ask.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// What the layer sets: HTTPS or not, and the policy (the map's tile origin may be added
/// to `img-src`).
#[derive(Clone)]
struct Policy {
    https: bool,
    csp: HeaderValue,
}

async fn set(State(policy): State<Policy>, mut response: Response) -> Response {
    let https = policy.https;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.csp);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER_POLICY));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    // Pages and data are personal more often than not (case pages, consent, your-data,
    // sign-in, feedback): nothing is kept by a browser or a shared cache unless its
    // handler said otherwise.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// `router` with the security headers on every response it gives, errors and redirects
/// included. `https`: the site is served over HTTPS, so browsers are told to keep to it.
pub fn with_security_headers(router: Router, https: bool) -> Router {
    with_security_headers_and_tiles(router, https, None)
}

/// The same, with the map's tile server (`https://tile.openstreetmap.org`) allowed as an
/// image source, for the routers whose pages show the map.
pub fn with_security_headers_and_tiles(router: Router, https: bool, tiles: Option<String>) -> Router {
    with_security_headers_for_site(router, https, tiles, None)
}

/// [`with_security_headers_and_tiles`], and the origin the report form's script uploads
/// photos to (`connect-src`), when that is not the site itself.
pub fn with_security_headers_for_site(
    router: Router,
    https: bool,
    tiles: Option<String>,
    uploads: Option<String>,
) -> Router {
    let mut csp = match tiles {
        Some(origin) => {
            CONTENT_SECURITY_POLICY.replace("img-src 'self' data:;", &format!("img-src 'self' data: {origin};"))
        }
        None => CONTENT_SECURITY_POLICY.to_owned(),
    };
    if let Some(origin) = uploads {
        csp = csp.replace("connect-src 'self';", &format!("connect-src 'self' {origin};"));
    }
    let csp = HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    router.layer(axum::middleware::map_response_with_state(Policy { https, csp }, set))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::response::IntoResponse;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn headers(https: bool, path: &str) -> axum::http::HeaderMap {
        let router = Router::new()
            .route("/page", get(|| async { "page" }))
            .route(
                "/cached",
                get(|| async { ([(header::CACHE_CONTROL, "public, max-age=60")], "cached").into_response() }),
            )
            .fallback(|| async { (StatusCode::NOT_FOUND, "missing") });
        let res = with_security_headers(router, https)
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        res.headers().clone()
    }

    #[tokio::test]
    async fn every_response_carries_them_and_hsts_only_over_https() {
        for path in ["/page", "/nowhere"] {
            let h = headers(false, path).await;
            assert_eq!(h[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
            assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
            assert!(!CONTENT_SECURITY_POLICY.contains("script-src 'self' 'unsafe-inline'"));
            assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
            assert_eq!(h[header::CACHE_CONTROL], "no-store");
            assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        }
        let h = headers(true, "/page").await;
        assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], STRICT_TRANSPORT_SECURITY);
    }

    #[tokio::test]
    async fn a_handler_that_chose_its_own_caching_keeps_it() {
        assert_eq!(
            headers(false, "/cached").await[header::CACHE_CONTROL],
            "public, max-age=60"
        );
    }

    /// The report page may post photos to the bucket, and to nothing else off the site.
    #[tokio::test]
    async fn the_upload_origin_is_the_only_other_place_scripts_may_connect_to() {
        let router = with_security_headers_for_site(
            Router::new().route("/page", get(|| async { "page" })),
            true,
            Some("https://tiles.example".into()),
            Some("https://bucket.s3.eu-west-2.amazonaws.com".into()),
        );
        let res = router
            .oneshot(Request::get("/page").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("connect-src 'self' https://bucket.s3.eu-west-2.amazonaws.com;"),
            "{csp}"
        );
        assert!(csp.contains("img-src 'self' data: https://tiles.example;"), "{csp}");
    }
}
