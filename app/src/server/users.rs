//! People: the staff list, the administrator's user management, passwords and language.

use super::audit::{self, Author, Change};
use super::current::Ctx;
use super::db::{is_unique_violation, Db, Tx};
use super::{now_ms, passwords, stations};
use crate::domain::mobile::MobileNumber;
use crate::domain::permission::{Action, Scope};
use crate::domain::person_name::{validate_label, PersonName};
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::{AppError, Problem};
use crate::model::{EditUserForm, NewUserForm, StaffMember, UserRecord};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::Row;

/// Active colleagues of a station, by position then name: no phone numbers.
pub async fn staff_of(db: &Db, station_id: i64) -> Result<Vec<StaffMember>, AppError> {
    let rows = sqlx::query(
        "SELECT id, name, position, hired_on FROM users \
         WHERE station_id = $1 AND active = 1 ORDER BY position, name",
    )
    .bind(station_id)
    .fetch_all(db.pool())
    .await?;
    let mut staff: Vec<StaffMember> = rows
        .iter()
        .map(|row| {
            Ok(StaffMember {
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                position: parse_position(&row.try_get::<String, _>(2)?)?,
                hired_on: parse_date(&row.try_get::<String, _>(3)?)?,
            })
        })
        .collect::<Result<_, AppError>>()?;
    staff.sort_by_key(|m| Position::ALL.iter().position(|p| *p == m.position));
    Ok(staff)
}

const USER_SELECT: &str = "SELECT u.id, u.name, u.mobile, u.position, u.station_id, s.name, \
     COALESCE(u.ops_center_id, s.ops_center_id), u.active, u.hired_on, u.locale, u.version \
     FROM users u LEFT JOIN stations s ON s.id = u.station_id";

/// Every user, for the administrator.
pub async fn all(db: &Db) -> Result<Vec<UserRecord>, AppError> {
    let sql = format!("{USER_SELECT} ORDER BY u.active DESC, s.name, u.position, u.name");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    rows.iter().map(user_record).collect()
}

/// One user, for the administrator.
pub async fn find(db: &Db, user_id: i64) -> Result<UserRecord, AppError> {
    let sql = format!("{USER_SELECT} WHERE u.id = $1");
    let row = sqlx::query(&sql).bind(user_id).fetch_optional(db.pool()).await?;
    user_record(&row.ok_or(AppError::NotFound)?)
}

async fn find_in(tx: &mut Tx, user_id: i64) -> Result<UserRecord, AppError> {
    let sql = format!("{USER_SELECT} WHERE u.id = $1");
    let row = sqlx::query(&sql).bind(user_id).fetch_optional(&mut **tx).await?;
    user_record(&row.ok_or(AppError::NotFound)?)
}

fn user_record(row: &sqlx::any::AnyRow) -> Result<UserRecord, AppError> {
    Ok(UserRecord {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        mobile: row.try_get(2)?,
        position: parse_position(&row.try_get::<String, _>(3)?)?,
        station_id: row.try_get(4)?,
        station_name: row.try_get(5)?,
        ops_center_id: row.try_get(6)?,
        active: row.try_get::<i64, _>(7)? == 1,
        hired_on: parse_date(&row.try_get::<String, _>(8)?)?,
        locale: row.try_get(9)?,
        version: row.try_get(10)?,
    })
}

/// A new user's validated fields.
struct Placement {
    position: Position,
    station_id: Option<i64>,
    ops_center_id: Option<i64>,
}

/// Where a position must sit: station-level positions in a station, the rest in an ops center.
async fn place(
    db: &Db,
    position: &str,
    station_id: Option<i64>,
    ops_center_id: Option<i64>,
    problems: &mut Vec<Problem>,
) -> Result<Option<Placement>, AppError> {
    let Ok(position) = Position::parse(position) else {
        problems.push(Problem::new("position", "position.unknown"));
        return Ok(None);
    };
    if position == Position::Admin {
        return Ok(Some(Placement { position, station_id: None, ops_center_id: None }));
    }
    if position.is_station_level() {
        let Some(station_id) = station_id else {
            problems.push(Problem::new("station_id", "station.required"));
            return Ok(None);
        };
        let scope = stations::scope_of(db, station_id).await;
        if matches!(scope, Err(AppError::NotFound)) {
            problems.push(Problem::new("station_id", "station.unknown"));
            return Ok(None);
        }
        return Ok(Some(Placement {
            position,
            station_id: Some(scope?.station_id),
            ops_center_id: None,
        }));
    }
    let ops_center_id = match (ops_center_id, station_id) {
        (Some(id), _) => Some(id),
        (None, Some(station)) => match stations::scope_of(db, station).await {
            Ok(scope) => Some(scope.ops_center_id),
            Err(AppError::NotFound) => {
                problems.push(Problem::new("station_id", "station.unknown"));
                return Ok(None);
            }
            Err(e) => return Err(e),
        },
        (None, None) => None,
    };
    if let Some(id) = ops_center_id {
        if !ops_center_exists(db, id).await? {
            problems.push(Problem::new("ops_center_id", "ops_center.unknown"));
            return Ok(None);
        }
    }
    match ops_center_id {
        Some(id) => Ok(Some(Placement { position, station_id: None, ops_center_id: Some(id) })),
        None => {
            problems.push(Problem::new("station_id", "ops_center.required"));
            Ok(None)
        }
    }
}

async fn ops_center_exists(db: &Db, id: i64) -> Result<bool, AppError> {
    let row = sqlx::query("SELECT id FROM ops_centers WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.is_some())
}

fn admin_scope() -> Scope {
    Scope { station_id: 0, ops_center_id: 0 }
}

/// Creates a user (administrator only); the mobile number must be new.
pub async fn create(ctx: &Ctx, form: NewUserForm) -> Result<UserRecord, AppError> {
    ctx.authorize(Action::ManageUsers, &admin_scope())?;
    let mut problems = Vec::new();
    let name = PersonName::parse(&form.name)
        .map_err(|e| problems.push(Problem::new("name", e.code())))
        .ok();
    let mobile = MobileNumber::parse(&form.mobile)
        .map_err(|e| problems.push(Problem::new("mobile", e.code())))
        .ok();
    let hired_on = parse_form_date(&form.hired_on)
        .map_err(|code| problems.push(Problem::new("hired_on", code)))
        .ok();
    if let Err(AppError::Invalid { problems: p }) = passwords::check_strength(&form.password) {
        problems.extend(p);
    }
    let placement =
        place(ctx.db(), &form.position, form.station_id, form.ops_center_id, &mut problems).await?;
    let (Some(name), Some(mobile), Some(hired_on), Some(placement), true) =
        (name, mobile, hired_on, placement, problems.is_empty())
    else {
        return Err(AppError::Invalid { problems });
    };
    let hash = passwords::hash(form.password).await?;

    let mut tx = ctx.db().begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO users (mobile, name, password_hash, position, station_id, ops_center_id, \
         hired_on, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(mobile.as_str())
    .bind(name.as_str())
    .bind(&hash)
    .bind(placement.position.key())
    .bind(placement.station_id)
    .bind(placement.ops_center_id)
    .bind(hired_on.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("mobile", "mobile.taken"))
        }
        Err(e) => return Err(e.into()),
    };
    open_position(&mut tx, id, placement.position, placement.station_id, hired_on, "hired").await?;
    let record = find_in(&mut tx, id).await?;
    let change = Change {
        action: "user.create",
        entity: "user",
        entity_id: id,
        station_id: record.station_id,
        before: None,
        after: Some(public_view(&record)),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    if let Some(station) = record.station_id {
        ctx.state.hub.publish(station, "staff");
    }
    Ok(record)
}

/// Edits name, position, station and active flag (administrator only), refusing a stale
/// version; a change of position or station is kept in the position history.
pub async fn update(ctx: &Ctx, form: EditUserForm) -> Result<UserRecord, AppError> {
    ctx.authorize(Action::ManageUsers, &admin_scope())?;
    let mut problems = Vec::new();
    let name = PersonName::parse(&form.name)
        .map_err(|e| problems.push(Problem::new("name", e.code())))
        .ok();
    let placement =
        place(ctx.db(), &form.position, form.station_id, form.ops_center_id, &mut problems).await?;
    if form.id == ctx.me.id && !form.active {
        problems.push(Problem::new("active", "user.cannot_deactivate_self"));
    }
    // An administrator who moved themself to another position could leave nobody to manage.
    if form.id == ctx.me.id && form.position.trim() != Position::Admin.key() {
        problems.push(Problem::new("position", "user.cannot_demote_self"));
    }
    // The reason for a move is kept in the position history: optional, one short line.
    let reason = match form.reason.trim() {
        "" => Some(String::new()),
        text => validate_label(text, 100)
            .map_err(|e| problems.push(Problem::new("reason", e.code())))
            .ok(),
    };
    let (Some(name), Some(placement), Some(reason), true) =
        (name, placement, reason, problems.is_empty())
    else {
        return Err(AppError::Invalid { problems });
    };

    let mut tx = ctx.db().begin_write().await?;
    let before = find_in(&mut tx, form.id).await?;
    let moved = before.position != placement.position || before.station_id != placement.station_id;
    let deactivated = before.active && !form.active;
    let updated = sqlx::query(
        "UPDATE users SET name = $1, position = $2, station_id = $3, ops_center_id = $4, \
         active = $5, session_epoch = session_epoch + $6, version = version + 1 \
         WHERE id = $7 AND version = $8",
    )
    .bind(name.as_str())
    .bind(placement.position.key())
    .bind(placement.station_id)
    .bind(placement.ops_center_id)
    .bind(i64::from(form.active))
    .bind(i64::from(deactivated || moved))
    .bind(form.id)
    .bind(form.version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::conflict("record.stale"));
    }
    if moved {
        let today = shanghai::business_date(chrono::Utc::now());
        close_position(&mut tx, form.id, today).await?;
        open_position(&mut tx, form.id, placement.position, placement.station_id, today, &reason)
            .await?;
    }
    let after = find_in(&mut tx, form.id).await?;
    let mut after_view = public_view(&after);
    if moved && !reason.is_empty() {
        after_view["reason"] = json!(reason);
    }
    let change = Change {
        action: "user.update",
        entity: "user",
        entity_id: form.id,
        station_id: after.station_id.or(before.station_id),
        before: Some(public_view(&before)),
        after: Some(after_view),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    for station in [before.station_id, after.station_id].into_iter().flatten() {
        ctx.state.hub.publish(station, "staff");
    }
    Ok(after)
}

/// Sets a new password for someone (administrator only) and signs them out everywhere.
pub async fn reset_password(ctx: &Ctx, user_id: i64, password: String) -> Result<(), AppError> {
    ctx.authorize(Action::ManageUsers, &admin_scope())?;
    passwords::check_strength(&password)?;
    let hash = passwords::hash(password).await?;
    let mut tx = ctx.db().begin_write().await?;
    let user = find_in(&mut tx, user_id).await?;
    store_password(&mut tx, user_id, &hash).await?;
    let change = Change {
        action: "user.reset_password",
        entity: "user",
        entity_id: user_id,
        station_id: user.station_id,
        before: None,
        after: None,
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the caller's own password after checking the current one; returns the new
/// session epoch so the caller's session stays valid while every other one ends.
pub async fn change_own_password(ctx: &Ctx, current: String, new: String) -> Result<i64, AppError> {
    let stored: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(ctx.me.id)
        .fetch_one(ctx.db().pool())
        .await?
        .try_get(0)?;
    if !passwords::verify(current, stored).await {
        return Err(AppError::invalid("current", "password.current_wrong"));
    }
    passwords::check_strength(&new).map_err(|_| AppError::invalid("new", "password.too_short"))?;
    let hash = passwords::hash(new).await?;
    let mut tx = ctx.db().begin_write().await?;
    let epoch = store_password(&mut tx, ctx.me.id, &hash).await?;
    let change = Change {
        action: "user.change_password",
        entity: "user",
        entity_id: ctx.me.id,
        station_id: ctx.me.station_id,
        before: None,
        after: None,
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(epoch)
}

async fn store_password(tx: &mut Tx, user_id: i64, hash: &str) -> Result<i64, AppError> {
    let row = sqlx::query(
        "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 \
         WHERE id = $2 RETURNING session_epoch",
    )
    .bind(hash)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.ok_or(AppError::NotFound)?.try_get(0)?)
}

/// Remembers the caller's language.
pub async fn set_locale(db: &Db, user_id: i64, locale: &str) -> Result<(), AppError> {
    if !matches!(locale, "zh" | "en") {
        return Err(AppError::invalid("locale", "locale.unknown"));
    }
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The session epoch of a user, stored in their session at sign-in.
pub async fn session_epoch(db: &Db, user_id: i64) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT session_epoch FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get(0)?)
}

async fn open_position(
    tx: &mut Tx,
    user_id: i64,
    position: Position,
    station_id: Option<i64>,
    from: NaiveDate,
    reason: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO position_history (user_id, position, station_id, from_date, reason) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(position.key())
    .bind(station_id)
    .bind(from.to_string())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends the open position-history line the day before `from`.
async fn close_position(tx: &mut Tx, user_id: i64, from: NaiveDate) -> Result<(), AppError> {
    let last_day = from.pred_opt().unwrap_or(from);
    sqlx::query("UPDATE position_history SET to_date = $1 WHERE user_id = $2 AND to_date IS NULL")
        .bind(last_day.to_string())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the audit log keeps of a user: never the password hash.
fn public_view(user: &UserRecord) -> serde_json::Value {
    json!({
        "name": user.name,
        "mobile": user.mobile,
        "position": user.position.key(),
        "station_id": user.station_id,
        "active": user.active,
    })
}

pub fn author(ctx: &Ctx) -> Author<'_> {
    Author { user_id: Some(ctx.me.id), client_addr: &ctx.client_addr }
}

fn parse_position(key: &str) -> Result<Position, AppError> {
    Position::parse(key).map_err(|_| AppError::Internal)
}

fn parse_date(text: &str) -> Result<NaiveDate, AppError> {
    text.parse().map_err(|_| AppError::Internal)
}

/// A date typed into a form, as `YYYY-MM-DD`.
pub fn parse_form_date(text: &str) -> Result<NaiveDate, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("date.required");
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| "date.invalid")
}

/// Creates an administrator from the command line (no signed-in author).
pub async fn create_admin(
    db: &Db,
    mobile: &str,
    name: &str,
    password: String,
) -> Result<i64, AppError> {
    let mobile = MobileNumber::parse(mobile).map_err(|e| AppError::invalid("mobile", e.code()))?;
    let name = PersonName::parse(name).map_err(|e| AppError::invalid("name", e.code()))?;
    passwords::check_strength(&password)?;
    let hash = passwords::hash(password).await?;
    let today = shanghai::business_date(chrono::Utc::now());
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO users (mobile, name, password_hash, position, hired_on, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(mobile.as_str())
    .bind(name.as_str())
    .bind(&hash)
    .bind(Position::Admin.key())
    .bind(today.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("mobile", "mobile.taken"))
        }
        Err(e) => return Err(e.into()),
    };
    open_position(&mut tx, id, Position::Admin, None, today, "created from the command line")
        .await?;
    let change = Change {
        action: "user.create",
        entity: "user",
        entity_id: id,
        station_id: None,
        before: None,
        after: Some(json!({ "name": name.as_str(), "position": "admin" })),
    };
    audit::record(&mut tx, Author { user_id: None, client_addr: "cli" }, change).await?;
    tx.commit().await?;
    Ok(id)
}

/// Resets a password from the command line (no signed-in author).
pub async fn reset_password_by_mobile(
    db: &Db,
    mobile: &str,
    password: String,
) -> Result<(), AppError> {
    let mobile = MobileNumber::parse(mobile).map_err(|e| AppError::invalid("mobile", e.code()))?;
    passwords::check_strength(&password)?;
    let hash = passwords::hash(password).await?;
    let mut tx = db.begin_write().await?;
    let row = sqlx::query("SELECT id, station_id FROM users WHERE mobile = $1")
        .bind(mobile.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let id: i64 = row.try_get(0)?;
    store_password(&mut tx, id, &hash).await?;
    let change = Change {
        action: "user.reset_password",
        entity: "user",
        entity_id: id,
        station_id: row.try_get(1)?,
        before: None,
        after: None,
    };
    audit::record(&mut tx, Author { user_id: None, client_addr: "cli" }, change).await?;
    tx.commit().await?;
    Ok(())
}
