//! Wall-screen links: a revocable secret bound to one station, and the public board it opens.

use super::audit::{self, Change};
use super::current::Ctx;
use super::db::Db;
use super::users::author;
use super::{from_ms, now_ms, stations, users};
use crate::domain::permission::Action;
use crate::domain::person_name::validate_label;
use crate::domain::shanghai;
use crate::error::AppError;
use crate::model::{DisplayLink, WallBoard};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Stored form of a link's secret: its SHA-256, so a copied database opens no screen.
fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a link for a station's wall screen; the secret is returned once, here.
pub async fn create(
    ctx: &Ctx,
    station_id: i64,
    label: &str,
) -> Result<(DisplayLink, String), AppError> {
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManageDisplays, &scope)?;
    let label = validate_label(label, 30).map_err(|e| AppError::invalid("label", e.code()))?;
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let created = now_ms();
    let mut tx = ctx.db().begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO display_links (station_id, token_hash, label, created_by, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(station_id)
    .bind(token_hash(&token))
    .bind(&label)
    .bind(ctx.me.id)
    .bind(created)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let change = Change {
        action: "display.create",
        entity: "display_link",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "label": label })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok((DisplayLink { id, label, created_at: from_ms(created), revoked: false }, token))
}

/// A station's links, newest first.
pub async fn list(ctx: &Ctx, station_id: i64) -> Result<Vec<DisplayLink>, AppError> {
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManageDisplays, &scope)?;
    let rows = sqlx::query(
        "SELECT id, label, created_at_ms, revoked_at_ms FROM display_links \
         WHERE station_id = $1 ORDER BY id DESC",
    )
    .bind(station_id)
    .fetch_all(ctx.db().pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DisplayLink {
                id: r.try_get(0)?,
                label: r.try_get(1)?,
                created_at: from_ms(r.try_get(2)?),
                revoked: r.try_get::<Option<i64>, _>(3)?.is_some(),
            })
        })
        .collect()
}

/// Revokes a link; screens showing it lose access at their next update.
pub async fn revoke(ctx: &Ctx, link_id: i64) -> Result<(), AppError> {
    let row = sqlx::query("SELECT station_id, label FROM display_links WHERE id = $1")
        .bind(link_id)
        .fetch_optional(ctx.db().pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let station_id: i64 = row.try_get(0)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManageDisplays, &scope)?;
    let mut tx = ctx.db().begin_write().await?;
    let revoked = sqlx::query(
        "UPDATE display_links SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL",
    )
    .bind(now_ms())
    .bind(link_id)
    .execute(&mut *tx)
    .await?;
    if revoked.rows_affected() == 0 {
        // Already revoked (a second tap, or another manager): nothing changed, nothing to log.
        return Ok(());
    }
    let change = Change {
        action: "display.revoke",
        entity: "display_link",
        entity_id: link_id,
        station_id: Some(station_id),
        before: Some(json!({ "label": row.try_get::<String, _>(1)?, "revoked": false })),
        after: Some(json!({ "revoked": true })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "display");
    Ok(())
}

/// The station a live (not revoked) link opens, or `NotFound`.
pub async fn station_for(db: &Db, token: &str) -> Result<i64, AppError> {
    let row = sqlx::query(
        "SELECT station_id FROM display_links WHERE token_hash = $1 AND revoked_at_ms IS NULL",
    )
    .bind(token_hash(token))
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.try_get(0)?)
}

/// What the wall screen shows now: only what the station posts publicly.
pub async fn board(db: &Db, station_id: i64) -> Result<WallBoard, AppError> {
    let facts = stations::facts(db, station_id).await?;
    let now = chrono::Utc::now();
    let today = shanghai::business_date(now);
    let clock = stations::clock_of(&facts)?;
    let calendar = super::calendar::load(db).await?;
    Ok(WallBoard {
        station_name: facts.name,
        address: facts.address,
        phone: facts.phone,
        open_time: facts.open_time,
        close_time: facts.close_time,
        open_now: clock.is_open_at(now),
        today,
        today_is_working_day: calendar.is_working_day(today).ok(),
        next_closed_day: facts.closed_days.into_iter().find(|d| d.day >= today),
        staff_on_roll: users::staff_of(db, station_id).await?,
        points_board: super::points::latest_board(db, station_id, today).await?,
        generated_at: now,
    })
}
