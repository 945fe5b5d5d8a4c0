//! What every request handler can reach: the pool, the push hub, the site options.

use super::db::Db;
use super::hub::Hub;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Shared application state, cloned into each request.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub hub: Hub,
    pub leptos_options: LeptosOptions,
    /// Cookies are marked `Secure` when the site is served over HTTPS.
    pub secure_cookies: bool,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The client address of the current request, as recorded in the audit log.
#[derive(Clone, Debug, Default)]
pub struct ClientAddr(pub String);
