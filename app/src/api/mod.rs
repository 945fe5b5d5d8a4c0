//! Server functions: authorize, parse, call one service, answer. No business rule here.

pub mod account;
pub mod admin;
pub mod audit;
pub mod calendar;
pub mod displays;
pub mod station;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// Answers a failed call with the status its meaning calls for; the error was logged where
/// it arose.
#[cfg(feature = "ssr")]
pub(crate) fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let status = http::StatusCode::from_u16(error.status());
            response.set_status(status.unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
    result
}
