//! The append-only audit log: every business change, who made it, when, from where.

use super::db::{Db, Tx};
use super::{from_ms, now_ms};
use crate::error::AppError;
use crate::model::AuditEntry;
use serde_json::Value;
use sqlx::Row;

/// One change to one record, written in the same transaction as the change itself.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: i64,
    pub station_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Who made a change and from which address.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub user_id: Option<i64>,
    pub client_addr: &'a str,
}

/// Appends one change to the log inside the caller's transaction.
pub async fn record(tx: &mut Tx, author: Author<'_>, change: Change) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at_ms, actor_id, action, entity, entity_id, station_id, \
         before_json, after_json, client_addr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(now_ms())
    .bind(author.user_id)
    .bind(change.action)
    .bind(change.entity)
    .bind(change.entity_id)
    .bind(change.station_id)
    .bind(change.before.map(|v| v.to_string()))
    .bind(change.after.map(|v| v.to_string()))
    .bind(author.client_addr)
    .execute(&mut **tx)
    .await?;
    tracing::info!(
        action = change.action,
        entity = change.entity,
        entity_id = change.entity_id,
        actor_id = author.user_id,
        "record changed"
    );
    Ok(())
}

const SELECT: &str = "SELECT a.id, a.at_ms, u.name, a.action, a.entity, a.entity_id, \
     a.before_json, a.after_json, a.client_addr FROM audit_log a \
     LEFT JOIN users u ON u.id = a.actor_id";

/// Every change to one record, newest first.
pub async fn history(db: &Db, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    let sql = format!("{SELECT} WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id DESC");
    let rows = sqlx::query(&sql).bind(entity).bind(entity_id).fetch_all(db.pool()).await?;
    rows.iter().map(entry).collect()
}

/// The latest changes in one station, newest first.
pub async fn station_log(
    db: &Db,
    station_id: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let sql = format!("{SELECT} WHERE a.station_id = $1 ORDER BY a.id DESC LIMIT $2");
    let rows = sqlx::query(&sql).bind(station_id).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(entry).collect()
}

/// The latest changes anywhere, in every station and outside them, newest first.
pub async fn global_log(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    let sql = format!("{SELECT} ORDER BY a.id DESC LIMIT $1");
    let rows = sqlx::query(&sql).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(entry).collect()
}

/// The station a record was last changed in, which decides who may read its history.
pub async fn station_of(db: &Db, entity: &str, entity_id: i64) -> Result<Option<i64>, AppError> {
    let row = sqlx::query(
        "SELECT station_id FROM audit_log WHERE entity = $1 AND entity_id = $2 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) => Ok(row.try_get(0)?),
        None => Err(AppError::NotFound),
    }
}

fn entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry, AppError> {
    Ok(AuditEntry {
        id: row.try_get(0)?,
        at: from_ms(row.try_get(1)?),
        actor_name: row.try_get(2)?,
        action: row.try_get(3)?,
        entity: row.try_get(4)?,
        entity_id: row.try_get(5)?,
        before: row.try_get(6)?,
        after: row.try_get(7)?,
        client_addr: row.try_get(8)?,
    })
}
