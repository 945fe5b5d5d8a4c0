//! Request layers: client address, the same-origin rule for mutations, tracing with ids.

use app::server::state::ClientAddr;
use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Records the peer address for the audit log and the sign-in lock-out.
pub async fn client_addr(mut request: Request, next: Next) -> Response {
    let addr = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    request.extensions_mut().insert(ClientAddr(addr));
    next.run(request).await
}

/// Refuses a state-changing request sent by a page of another site: the `Origin` header,
/// when present, must name this host, and `Sec-Fetch-Site` must not say `cross-site`.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(&request) {
        return next.run(request).await;
    }
    tracing::info!("cross-origin request refused");
    (StatusCode::FORBIDDEN, "cross-origin requests are refused").into_response()
}

fn is_same_origin(request: &Request) -> bool {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let authority = origin.split_once("://").map(|(_, rest)| rest);
        return origin != "null" && authority.is_some() && authority == host;
    }
    let site = headers.get("sec-fetch-site").and_then(|s| s.to_str().ok());
    site != Some("cross-site")
}

/// Request ids, one span per request named by method and matched route (never the raw
/// path: a wall-screen link carries its secret in the path), and compression.
pub fn observe<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "-".to_owned());
        let id = request
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        tracing::info_span!("request", method = %request.method(), route, request_id = id)
    });
    router
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
