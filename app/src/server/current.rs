//! The signed-in person behind a request, and the guards every server function starts with.

use super::db::Db;
use super::state::{AppState, ClientAddr};
use crate::domain::permission::{acting_manager_of, authorize, Action, Actor, Delegation, Scope};
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::AppError;
use crate::model::Me;
use leptos::prelude::use_context;
use sqlx::Row;
use tower_sessions::Session;

/// Session keys.
pub const USER_KEY: &str = "user_id";
pub const EPOCH_KEY: &str = "epoch";

/// Everything a server function needs once the caller is known.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub state: AppState,
    pub me: Me,
    pub actor: Actor,
    pub client_addr: String,
}

impl Ctx {
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Ends the server function with `Forbidden` unless the policy allows the action.
    pub fn authorize(&self, action: Action, scope: &Scope) -> Result<(), AppError> {
        authorize(&self.actor, action, scope).map_err(|refusal| {
            tracing::info!(user_id = self.me.id, ?action, code = refusal.code(), "refused");
            AppError::forbidden(refusal.code())
        })
    }
}

/// The application state, provided to every server function and page render.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

/// The session of the current request.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|_| AppError::Internal)
}

/// The client address of the current request.
pub async fn client_addr() -> String {
    leptos_axum::extract::<axum::Extension<ClientAddr>>()
        .await
        .map(|axum::Extension(addr)| addr.0)
        .unwrap_or_default()
}

/// The cookie that marks a browser as signed in, kept for a year (until sign-out), so that
/// it outlives the session cookie and tells an expired session from no session at all.
pub const SESSION_MARKER: &str = "stationdesk_signed_in";

/// Whether the request came from a browser that had a session (which, when nobody is
/// signed in, means that session has ended).
pub async fn had_a_session() -> bool {
    let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await else { return false };
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| {
            (name == SESSION_MARKER || name == "stationdesk_session") && !value.is_empty()
        })
}

/// The caller, or `Unauthenticated` when nobody (or a deactivated user, or a session from
/// before a password reset) is signed in.
pub async fn signed_in() -> Result<Ctx, AppError> {
    let state = state()?;
    let session = session().await?;
    let user_id: Option<i64> = session.get(USER_KEY).await.map_err(|_| AppError::Internal)?;
    let epoch: Option<i64> = session.get(EPOCH_KEY).await.map_err(|_| AppError::Internal)?;
    let (Some(user_id), Some(epoch)) = (user_id, epoch) else {
        return Err(AppError::Unauthenticated);
    };
    let me = load_me(&state.db, user_id, epoch).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Ctx::new(state, me, client_addr().await))
}

/// The caller behind a plain axum handler's session (downloads, push streams).
pub async fn from_session(
    state: AppState,
    session: &Session,
    client_addr: String,
) -> Result<Ctx, AppError> {
    let user_id: Option<i64> = session.get(USER_KEY).await.map_err(|_| AppError::Internal)?;
    let epoch: Option<i64> = session.get(EPOCH_KEY).await.map_err(|_| AppError::Internal)?;
    let (Some(user_id), Some(epoch)) = (user_id, epoch) else {
        return Err(AppError::Unauthenticated);
    };
    let me = load_me(&state.db, user_id, epoch).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Ctx::new(state, me, client_addr))
}

impl Ctx {
    pub fn new(state: AppState, me: Me, client_addr: String) -> Ctx {
        let actor = Actor {
            user_id: me.id,
            position: me.position,
            station_id: me.station_id,
            ops_center_id: me.ops_center_id,
            acting_manager_of: me.acting_manager_of,
        };
        Ctx { state, me, actor, client_addr }
    }
}

/// Loads the person behind a session, checking that the session is still valid for them.
pub async fn load_me(db: &Db, user_id: i64, epoch: i64) -> Result<Option<Me>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.name, u.position, u.station_id, s.name, \
                COALESCE(u.ops_center_id, s.ops_center_id), u.locale \
         FROM users u LEFT JOIN stations s ON s.id = u.station_id \
         WHERE u.id = $1 AND u.active = 1 AND u.session_epoch = $2",
    )
    .bind(user_id)
    .bind(epoch)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let position: String = row.try_get(2)?;
    let position = Position::parse(&position).map_err(|_| AppError::Internal)?;
    let today = shanghai::business_date(chrono::Utc::now());
    let delegations = active_delegations(db, user_id, today).await?;
    Ok(Some(Me {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        position,
        station_id: row.try_get(3)?,
        station_name: row.try_get(4)?,
        ops_center_id: row.try_get(5)?,
        locale: row.try_get(6)?,
        acting_manager_of: acting_manager_of(user_id, today, &delegations),
    }))
}

async fn active_delegations(
    db: &Db,
    user_id: i64,
    today: chrono::NaiveDate,
) -> Result<Vec<Delegation>, AppError> {
    let day = today.to_string();
    let rows = sqlx::query(
        "SELECT station_id, from_date, to_date FROM delegations \
         WHERE delegate_id = $1 AND revoked = 0 AND from_date <= $2 AND to_date >= $2",
    )
    .bind(user_id)
    .bind(&day)
    .fetch_all(db.pool())
    .await?;
    let mut delegations = Vec::with_capacity(rows.len());
    for row in rows {
        let from: String = row.try_get(1)?;
        let to: String = row.try_get(2)?;
        delegations.push(Delegation {
            station_id: row.try_get(0)?,
            delegate_id: user_id,
            from: from.parse().map_err(|_| AppError::Internal)?,
            to: to.parse().map_err(|_| AppError::Internal)?,
        });
    }
    Ok(delegations)
}
