//! Wiring: settings, pool, migrations, router, layers. No business rules here.

pub mod config;
mod layers;

use app::server::db::Db;
use app::server::hub::Hub;
use app::server::sessions::Sessions;
use app::server::state::AppState;
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_sessions::{Expiry, SessionManagerLayer};

/// Opens the database, applies migrations and loads the shipped calendar.
pub async fn open_database(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        let file = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(file).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let db = Db::connect(url, max_connections).await?;
    db.migrate().await?;
    app::server::calendar::seed_if_empty(&db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding the calendar failed: {e}"))?;
    Ok(db)
}

/// Site options for the built front end under `site_root`.
pub fn site_options(site_root: &str, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("stationdesk")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// The whole application as a router, ready to serve or to drive in tests.
pub async fn app(state: AppState, database_url: &str) -> anyhow::Result<Router> {
    let sessions = Sessions::open(database_url).await?;
    tokio::spawn(delete_expired_sessions(sessions.clone()));
    // Saved on every request, so that 12 hours count from the last request, not from sign-in.
    let session_layer = SessionManagerLayer::new(sessions)
        .with_always_save(true)
        .with_secure(state.secure_cookies)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_name("stationdesk_session")
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let server_fn_state = state.clone();
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/wall/{token}/events", get(app::server::push::wall_events))
        .route("/events", get(app::server::push::station_events))
        .route("/export/{file}", get(app::server::exports::download))
        .route(
            "/import/orders",
            axum::routing::post(app::server::order_import::upload).layer(
                axum::extract::DefaultBodyLimit::max(app::server::order_import::MAX_BYTES + 65_536),
            ),
        )
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |request: axum::extract::Request| {
                let state = server_fn_state.clone();
                leptos_axum::handle_server_fns_with_context(
                    move || provide_context(state.clone()),
                    request,
                )
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(session_layer)
        .layer(axum::middleware::from_fn(layers::same_origin_only))
        .layer(axum::middleware::from_fn(layers::client_addr));
    Ok(layers::observe(router).with_state(state))
}

/// Removes expired sessions from the store once an hour, for as long as the server runs.
async fn delete_expired_sessions(sessions: Sessions) {
    use tower_sessions::ExpiredDeletion;
    let hour = std::time::Duration::from_secs(3600);
    if let Err(error) = sessions.continuously_delete_expired(hour).await {
        tracing::warn!(%error, "expired sessions are no longer being removed");
    }
}

/// Builds the state shared by every request.
pub fn state(db: Db, options: LeptosOptions, secure_cookies: bool) -> AppState {
    AppState { db, hub: Hub::new(), leptos_options: options, secure_cookies }
}
