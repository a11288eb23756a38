//! On AWS the functions are reached through CloudFront, which adds a header carrying a
//! secret only it and the functions know (`X-Wardline-Origin`). A request without it came
//! to the API's own `execute-api` address, round the site's security headers, caching and
//! logs: it is refused. Locally there is no CloudFront and no check.

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

/// The header CloudFront adds to every request it sends to the API.
pub const HEADER: &str = "x-wardline-origin";

/// Equal without telling by its timing where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `router`, answering only requests that carry `token` in [`HEADER`]; `None` (locally)
/// leaves it as it is.
pub fn require(router: Router, token: Option<String>) -> Router {
    let Some(token) = token else { return router };
    let token: std::sync::Arc<str> = token.into();
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let token = token.clone();
        async move {
            let presented = request.headers().get(HEADER).map(|v| v.as_bytes());
            if presented.is_some_and(|p| same(p, token.as_bytes())) {
                next.run(request).await
            } else {
                refused()
            }
        }
    }))
}

fn refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        "Forbidden: use the site's own address.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn status(router: Router, header: Option<&str>) -> StatusCode {
        let mut req = axum::http::Request::get("/").body(Body::empty()).unwrap_or_default();
        if let Some(h) = header {
            req.headers_mut()
                .insert(HEADER, h.parse().unwrap_or_else(|_| unreachable!()));
        }
        router
            .oneshot(req)
            .await
            .map(|r| r.status())
            .unwrap_or(StatusCode::IM_A_TEAPOT)
    }

    #[tokio::test]
    async fn only_requests_through_cloudfront_are_answered_on_aws() {
        let app = || Router::new().route("/", get(|| async { "form" }));
        let guarded = || require(app(), Some("a-secret-only-cloudfront-knows".into()));
        assert_eq!(
            status(guarded(), Some("a-secret-only-cloudfront-knows")).await,
            StatusCode::OK
        );
        assert_eq!(status(guarded(), None).await, StatusCode::FORBIDDEN);
        assert_eq!(
            status(guarded(), Some("a-secret-only-cloudfront-know")).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(status(guarded(), Some("")).await, StatusCode::FORBIDDEN);
        assert_eq!(
            status(require(app(), None), None).await,
            StatusCode::OK,
            "locally, no check"
        );
    }
}
