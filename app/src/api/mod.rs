//! Server functions: authorize, parse, call one service, answer. No business rule here.

pub mod account;
pub mod admin;
pub mod audit;
pub mod calendar;
pub mod displays;
pub mod orders;
pub mod points;
pub mod quality;
pub mod station;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// Answers a failed call with the status its meaning calls for; the error was logged where
/// it arose. A plain form post (a page used before its script has loaded) is sent back to
/// the page it came from, with the error in the `failed` query parameter for the page to
/// show, instead of a bare JSON answer.
#[cfg(feature = "ssr")]
pub(crate) fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use leptos::prelude::use_context;
    let Err(error) = &result else { return result };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return result };
    let back = use_context::<http::request::Parts>().and_then(|parts| form_post_return(&parts));
    match back.and_then(|page| failed_location(&page, error)) {
        Some(location) => {
            response.set_status(http::StatusCode::FOUND);
            response.insert_header(http::header::LOCATION, location);
        }
        None => {
            let status = http::StatusCode::from_u16(error.status());
            response.set_status(status.unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
    result
}

/// The page a plain HTML form post came from (browsers send `Accept: text/html` for those).
#[cfg(feature = "ssr")]
fn form_post_return(parts: &http::request::Parts) -> Option<String> {
    let header = |name| parts.headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
    let accepts_html = header(http::header::ACCEPT).is_some_and(|v| v.contains("text/html"));
    accepts_html.then(|| header(http::header::REFERER).map(str::to_owned)).flatten()
}

/// `page` with its `failed` parameter set to the error.
#[cfg(feature = "ssr")]
fn failed_location(page: &str, error: &AppError) -> Option<http::HeaderValue> {
    let (path, query) = page.split_once('?').unwrap_or((page, ""));
    let json = serde_json::to_string(error).ok()?;
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key != FAILED_PARAM {
            kept.append_pair(&key, &value);
        }
    }
    let query = kept.append_pair(FAILED_PARAM, &json).finish();
    http::HeaderValue::from_str(&format!("{path}?{query}")).ok()
}

/// The query parameter that carries a failed form post's error back to its page.
pub const FAILED_PARAM: &str = "failed";
