//! Stations, their areas and compounds, opening hours and closed days.

use super::audit::{self, Change};
use super::current::Ctx;
use super::db::{is_unique_violation, Db};
use super::users::{author, parse_form_date};
use crate::domain::money::Fen;
use crate::domain::open_hours::{OpenHours, StationClock};
use crate::domain::permission::{Action, Scope};
use crate::domain::person_name::validate_label;
use crate::error::{AppError, Problem};
use crate::model::{
    AreaFacts, ClosedDay, CompoundFacts, StationFacts, StationForm, StationSummary,
};
use chrono::NaiveTime;
use serde_json::json;
use sqlx::Row;
use std::collections::BTreeMap;

/// The station and ops center a record in `station_id` belongs to.
pub async fn scope_of(db: &Db, station_id: i64) -> Result<Scope, AppError> {
    let row = sqlx::query("SELECT id, ops_center_id FROM stations WHERE id = $1")
        .bind(station_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Scope { station_id: row.try_get(0)?, ops_center_id: row.try_get(1)? })
}

/// A station's open-hours clock from its facts.
pub fn clock_of(facts: &StationFacts) -> Result<StationClock, AppError> {
    let hours = parse_hours(&facts.open_time, &facts.close_time).map_err(|_| AppError::Internal)?;
    Ok(StationClock::new(hours, facts.closed_days.iter().map(|d| d.day)))
}

/// One station's open-hours clock, in two small queries: what every order step needs,
/// without the areas, compounds and counts of [`facts`].
pub async fn clock_for(db: &Db, station_id: i64) -> Result<StationClock, AppError> {
    let row = sqlx::query("SELECT open_time, close_time FROM stations WHERE id = $1")
        .bind(station_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let (open, close): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    let hours = parse_hours(&open, &close).map_err(|_| AppError::Internal)?;
    let days = closed_days(db, station_id).await?;
    Ok(StationClock::new(hours, days.into_iter().map(|d| d.day)))
}

/// Every station's open-hours clock, in two queries.
pub async fn clocks(db: &Db) -> Result<Vec<(i64, StationClock)>, AppError> {
    let stations = sqlx::query("SELECT id, open_time, close_time FROM stations ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let mut closed: BTreeMap<i64, Vec<chrono::NaiveDate>> = BTreeMap::new();
    for row in sqlx::query("SELECT station_id, day FROM closed_days").fetch_all(db.pool()).await? {
        let day: String = row.try_get(1)?;
        let day = day.parse().map_err(|_| AppError::Internal)?;
        closed.entry(row.try_get(0)?).or_default().push(day);
    }
    let mut clocks = Vec::with_capacity(stations.len());
    for row in stations {
        let id: i64 = row.try_get(0)?;
        let (open, close): (String, String) = (row.try_get(1)?, row.try_get(2)?);
        let hours = parse_hours(&open, &close).map_err(|_| AppError::Internal)?;
        clocks.push((id, StationClock::new(hours, closed.remove(&id).unwrap_or_default())));
    }
    Ok(clocks)
}

/// Every station, for the administrator's pickers.
pub async fn all(db: &Db) -> Result<Vec<StationSummary>, AppError> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, o.id, o.name FROM stations s \
         JOIN ops_centers o ON o.id = s.ops_center_id ORDER BY o.name, s.name",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StationSummary {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                ops_center_id: r.try_get(2)?,
                ops_center_name: r.try_get(3)?,
            })
        })
        .collect()
}

/// A station's facts with its areas, compounds, closed days and counts, in four queries.
pub async fn facts(db: &Db, station_id: i64) -> Result<StationFacts, AppError> {
    let row = sqlx::query(
        "SELECT s.id, s.name, s.ops_center_id, o.name, s.address, s.phone, s.open_time, \
         s.close_time, s.radius_m, s.version, \
         (SELECT COUNT(*) FROM users u WHERE u.station_id = s.id AND u.active = 1), \
         (SELECT COUNT(*) FROM subscribers b WHERE b.station_id = s.id) \
         FROM stations s JOIN ops_centers o ON o.id = s.ops_center_id WHERE s.id = $1",
    )
    .bind(station_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(StationFacts {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        ops_center_id: row.try_get(2)?,
        ops_center_name: row.try_get(3)?,
        address: row.try_get(4)?,
        phone: row.try_get(5)?,
        open_time: row.try_get(6)?,
        close_time: row.try_get(7)?,
        radius_m: row.try_get(8)?,
        version: row.try_get(9)?,
        staff_count: row.try_get(10)?,
        subscriber_count: row.try_get(11)?,
        areas: areas_of(db, station_id).await?,
        closed_days: closed_days(db, station_id).await?,
    })
}

async fn areas_of(db: &Db, station_id: i64) -> Result<Vec<AreaFacts>, AppError> {
    let areas = sqlx::query(
        "SELECT id, name, reward_base_fen, reward_min_households FROM areas \
         WHERE station_id = $1 ORDER BY id",
    )
    .bind(station_id)
    .fetch_all(db.pool())
    .await?;
    let compounds = sqlx::query(
        "SELECT c.area_id, c.id, c.name, COUNT(b.id) FROM compounds c \
         JOIN areas a ON a.id = c.area_id LEFT JOIN subscribers b ON b.compound_id = c.id \
         WHERE a.station_id = $1 GROUP BY c.area_id, c.id, c.name ORDER BY c.name",
    )
    .bind(station_id)
    .fetch_all(db.pool())
    .await?;
    let mut by_area: BTreeMap<i64, Vec<CompoundFacts>> = BTreeMap::new();
    for row in &compounds {
        let compound = CompoundFacts {
            id: row.try_get(1)?,
            name: row.try_get(2)?,
            subscriber_count: row.try_get(3)?,
        };
        by_area.entry(row.try_get(0)?).or_default().push(compound);
    }
    areas
        .iter()
        .map(|row| {
            let id: i64 = row.try_get(0)?;
            Ok(AreaFacts {
                id,
                name: row.try_get(1)?,
                reward_base_fen: row.try_get(2)?,
                reward_min_households: row.try_get(3)?,
                compounds: by_area.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// A station's closed days, in date order.
pub async fn closed_days(db: &Db, station_id: i64) -> Result<Vec<ClosedDay>, AppError> {
    let rows =
        sqlx::query("SELECT day, reason FROM closed_days WHERE station_id = $1 ORDER BY day")
            .bind(station_id)
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| {
            let day: String = r.try_get(0)?;
            Ok(ClosedDay {
                day: day.parse().map_err(|_| AppError::Internal)?,
                reason: r.try_get(1)?,
            })
        })
        .collect()
}

/// The opening hours stored for a station.
pub fn parse_hours(open: &str, close: &str) -> Result<OpenHours, Vec<Problem>> {
    let open_t = NaiveTime::parse_from_str(open.trim(), "%H:%M");
    let close_t = NaiveTime::parse_from_str(close.trim(), "%H:%M");
    match (open_t, close_t) {
        (Ok(o), Ok(c)) => OpenHours::new(o, c)
            .map_err(|_| vec![Problem::new("close_time", "hours.close_before_open")]),
        (o, c) => {
            let mut problems = Vec::new();
            if o.is_err() {
                problems.push(Problem::new("open_time", "time.invalid"));
            }
            if c.is_err() {
                problems.push(Problem::new("close_time", "time.invalid"));
            }
            Err(problems)
        }
    }
}

/// Edits a station's facts and hours; the name needs the administrator, hours the manager.
pub async fn update(ctx: &Ctx, form: StationForm) -> Result<StationFacts, AppError> {
    let scope = scope_of(ctx.db(), form.id).await?;
    ctx.authorize(Action::EditOpenHours, &scope)?;
    let before = facts(ctx.db(), form.id).await?;
    let renames = form.name.trim() != before.name
        || form.address.trim() != before.address
        || form.phone.trim() != before.phone;
    if renames {
        ctx.authorize(Action::EditStation, &scope)?;
    }
    let mut problems = Vec::new();
    let name = validate_label(&form.name, 40)
        .map_err(|e| problems.push(Problem::new("name", e.code())))
        .ok();
    let address = optional_label(&form.address, 100, "address", &mut problems);
    let phone = optional_label(&form.phone, 20, "phone", &mut problems);
    let hours = parse_hours(&form.open_time, &form.close_time).map_err(|p| problems.extend(p)).ok();
    let (Some(name), Some(hours), true) = (name, hours, problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };

    let mut tx = ctx.db().begin_write().await?;
    let updated = sqlx::query(
        "UPDATE stations SET name = $1, address = $2, phone = $3, open_time = $4, close_time = $5, \
         version = version + 1 WHERE id = $6 AND version = $7",
    )
    .bind(&name)
    .bind(&address)
    .bind(&phone)
    .bind(hours.open().format("%H:%M").to_string())
    .bind(hours.close().format("%H:%M").to_string())
    .bind(form.id)
    .bind(form.version)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(done) if done.rows_affected() == 0 => return Err(AppError::conflict("record.stale")),
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("name", "station.name_taken"))
        }
        Err(e) => return Err(e.into()),
    }
    let change = Change {
        action: "station.update",
        entity: "station",
        entity_id: form.id,
        station_id: Some(form.id),
        before: Some(station_view(
            &before.name,
            &before.address,
            &before.phone,
            &before.open_time,
            &before.close_time,
        )),
        after: Some(station_view(
            &name,
            &address,
            &phone,
            &hours.open().format("%H:%M").to_string(),
            &hours.close().format("%H:%M").to_string(),
        )),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(form.id, "station");
    facts(ctx.db(), form.id).await
}

/// What the audit log keeps of a station's own facts.
fn station_view(
    name: &str,
    address: &str,
    phone: &str,
    open: &str,
    close: &str,
) -> serde_json::Value {
    json!({
        "name": name, "address": address, "phone": phone, "open_time": open, "close_time": close
    })
}

fn optional_label(text: &str, max: usize, field: &str, problems: &mut Vec<Problem>) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    validate_label(text, max)
        .map_err(|e| problems.push(Problem::new(field, e.code())))
        .unwrap_or_default()
}

/// Adds an area to a station (administrator).
pub async fn add_area(
    ctx: &Ctx,
    station_id: i64,
    name: &str,
    reward_base_yuan: &str,
    reward_min_households: i64,
) -> Result<i64, AppError> {
    let scope = scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::EditStation, &scope)?;
    let mut problems = Vec::new();
    let name =
        validate_label(name, 30).map_err(|e| problems.push(Problem::new("name", e.code()))).ok();
    let base = Fen::parse_yuan(reward_base_yuan)
        .map_err(|e| problems.push(Problem::new("reward_base", e.code())))
        .ok();
    if !(0..=1000).contains(&reward_min_households) {
        problems.push(Problem::new("reward_min_households", "number.out_of_range"));
    }
    let (Some(name), Some(base), true) = (name, base, problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };
    if base.0 < 0 {
        return Err(AppError::invalid("reward_base", "money.negative"));
    }
    let mut tx = ctx.db().begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO areas (station_id, name, reward_base_fen, reward_min_households) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(station_id)
    .bind(&name)
    .bind(base.0)
    .bind(reward_min_households)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("name", "area.name_taken"))
        }
        Err(e) => return Err(e.into()),
    };
    let after = json!({"name": name, "reward_base_fen": base.0, "reward_min_households": reward_min_households});
    let change = Change {
        action: "area.create",
        entity: "area",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(after),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "station");
    Ok(id)
}

/// Adds a compound to an area (administrator).
pub async fn add_compound(ctx: &Ctx, area_id: i64, name: &str) -> Result<i64, AppError> {
    let station_id: i64 = sqlx::query("SELECT station_id FROM areas WHERE id = $1")
        .bind(area_id)
        .fetch_optional(ctx.db().pool())
        .await?
        .ok_or(AppError::NotFound)?
        .try_get(0)?;
    let scope = scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::EditStation, &scope)?;
    let name = validate_label(name, 40).map_err(|e| AppError::invalid("name", e.code()))?;
    let mut tx = ctx.db().begin_write().await?;
    let inserted =
        sqlx::query("INSERT INTO compounds (area_id, name) VALUES ($1, $2) RETURNING id")
            .bind(area_id)
            .bind(&name)
            .fetch_one(&mut *tx)
            .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("name", "compound.name_taken"))
        }
        Err(e) => return Err(e.into()),
    };
    let change = Change {
        action: "compound.create",
        entity: "compound",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({"name": name, "area_id": area_id})),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "station");
    Ok(id)
}

/// Marks a day closed; the day must fall in a year the official calendar covers.
pub async fn add_closed_day(
    ctx: &Ctx,
    station_id: i64,
    day: &str,
    reason: &str,
) -> Result<(), AppError> {
    let scope = scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::EditOpenHours, &scope)?;
    let day = parse_form_date(day).map_err(|code| AppError::invalid("day", code))?;
    let reason = optional_text(reason, 60).map_err(|code| AppError::invalid("reason", code))?;
    let calendar = super::calendar::load(ctx.db()).await?;
    if let Err(e) = calendar.is_working_day(day) {
        return Err(AppError::invalid("day", e.code()));
    }
    let mut tx = ctx.db().begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO closed_days (station_id, day, reason) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(station_id)
    .bind(day.to_string())
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("day", "closed_day.duplicate"))
        }
        Err(e) => return Err(e.into()),
    };
    let change = Change {
        action: "closed_day.create",
        entity: "closed_day",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({"day": day.to_string(), "reason": reason})),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "station");
    Ok(())
}

/// Opens a closed day again.
pub async fn remove_closed_day(ctx: &Ctx, station_id: i64, day: &str) -> Result<(), AppError> {
    let scope = scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::EditOpenHours, &scope)?;
    let day = parse_form_date(day).map_err(|code| AppError::invalid("day", code))?;
    let mut tx = ctx.db().begin_write().await?;
    let row = sqlx::query(
        "DELETE FROM closed_days WHERE station_id = $1 AND day = $2 RETURNING id, reason",
    )
    .bind(station_id)
    .bind(day.to_string())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let reason: String = row.try_get(1)?;
    let change = Change {
        action: "closed_day.delete",
        entity: "closed_day",
        entity_id: row.try_get(0)?,
        station_id: Some(station_id),
        before: Some(json!({"day": day.to_string(), "reason": reason})),
        after: None,
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "station");
    Ok(())
}

/// Free text that may be empty, trimmed, at most `max` characters, no control characters.
pub fn optional_text(text: &str, max: usize) -> Result<String, &'static str> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err("text.too_long");
    }
    if text.chars().any(char::is_control) {
        return Err("text.control_character");
    }
    Ok(text.to_owned())
}
