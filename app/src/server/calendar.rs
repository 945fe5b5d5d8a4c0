//! The official working-day calendar: seed data, loading, and the administrator's edits.

use super::audit::{self, Author, Change};
use super::current::Ctx;
use super::db::Db;
use super::users::author;
use crate::domain::calendar::{DayKind, OfficialCalendar, SpecialDay};
use crate::domain::permission::{Action, Scope};
use crate::domain::person_name::validate_label;
use crate::error::{AppError, Problem};
use crate::model::{CalendarDay, CalendarYear};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use sqlx::Row;

/// The State Council calendar shipped with Stationdesk (2024–2026).
const SEED_CSV: &str = include_str!("../../seed/cn_calendar.csv");

/// Loads the shipped calendar when the database has none yet; returns the years added.
pub async fn seed_if_empty(db: &Db) -> Result<Vec<i32>, AppError> {
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM calendar_years")
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    if count > 0 {
        return Ok(Vec::new());
    }
    let days = parse_seed(SEED_CSV)?;
    let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
    years.dedup();
    OfficialCalendar::new(years.clone(), days.clone()).map_err(|_| AppError::Internal)?;
    let mut tx = db.begin_write().await?;
    for year in &years {
        sqlx::query("INSERT INTO calendar_years (year, note) VALUES ($1, $2)")
            .bind(i64::from(*year))
            .bind("State Council")
            .execute(&mut *tx)
            .await?;
    }
    for day in &days {
        insert_day(&mut tx, day).await?;
    }
    let change = Change {
        action: "calendar.seed",
        entity: "calendar",
        entity_id: 0,
        station_id: None,
        before: None,
        after: Some(json!({ "years": years })),
    };
    audit::record(&mut tx, Author { user_id: None, client_addr: "" }, change).await?;
    tx.commit().await?;
    Ok(years)
}

fn parse_seed(text: &str) -> Result<Vec<SpecialDay>, AppError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut days = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| AppError::Internal)?;
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        days.push(SpecialDay {
            date: field(0).parse().map_err(|_| AppError::Internal)?,
            kind: DayKind::parse(&field(1)).map_err(|_| AppError::Internal)?,
            name: field(2),
            name_zh: field(3),
        });
    }
    Ok(days)
}

async fn insert_day(tx: &mut super::db::Tx, day: &SpecialDay) -> Result<(), AppError> {
    sqlx::query("INSERT INTO calendar_days (day, kind, name, name_zh) VALUES ($1, $2, $3, $4)")
        .bind(day.date.to_string())
        .bind(day.kind.key())
        .bind(&day.name)
        .bind(&day.name_zh)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The calendar as stored.
pub async fn load(db: &Db) -> Result<OfficialCalendar, AppError> {
    let (years, days) = load_parts(db).await?;
    OfficialCalendar::new(years, days).map_err(|_| AppError::Internal)
}

async fn load_parts(db: &Db) -> Result<(Vec<i32>, Vec<SpecialDay>), AppError> {
    let year_rows =
        sqlx::query("SELECT year FROM calendar_years ORDER BY year").fetch_all(db.pool()).await?;
    let years = year_rows
        .iter()
        .map(|r| {
            let year: i64 = r.try_get(0)?;
            i32::try_from(year).map_err(|_| AppError::Internal)
        })
        .collect::<Result<Vec<i32>, AppError>>()?;
    let rows = sqlx::query("SELECT day, kind, name, name_zh FROM calendar_days ORDER BY day")
        .fetch_all(db.pool())
        .await?;
    let days = rows
        .iter()
        .map(|r| {
            Ok(SpecialDay {
                date: r.try_get::<String, _>(0)?.parse().map_err(|_| AppError::Internal)?,
                kind: DayKind::parse(&r.try_get::<String, _>(1)?)
                    .map_err(|_| AppError::Internal)?,
                name: r.try_get(2)?,
                name_zh: r.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok((years, days))
}

/// Every covered year with its working-day count and special days.
pub async fn years(db: &Db) -> Result<Vec<CalendarYear>, AppError> {
    let (years, days) = load_parts(db).await?;
    let calendar =
        OfficialCalendar::new(years.clone(), days.clone()).map_err(|_| AppError::Internal)?;
    years
        .iter()
        .map(|&year| {
            Ok(CalendarYear {
                year,
                working_days: calendar
                    .working_days_in_year(year)
                    .map_err(|_| AppError::Internal)?,
                days: days
                    .iter()
                    .filter(|d| d.date.year() == year)
                    .map(|d| CalendarDay {
                        day: d.date,
                        kind: d.kind.key().to_owned(),
                        name: d.name.clone(),
                        name_zh: d.name_zh.clone(),
                    })
                    .collect(),
            })
        })
        .collect()
}

fn calendar_scope() -> Scope {
    Scope { station_id: 0, ops_center_id: 0 }
}

/// Declares a new year covered by the calendar (its special days are then added one by one).
pub async fn add_year(ctx: &Ctx, year: i32) -> Result<(), AppError> {
    ctx.authorize(Action::EditCalendar, &calendar_scope())?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "calendar.year_out_of_range"));
    }
    let mut tx = ctx.db().begin_write().await?;
    let exists = sqlx::query("SELECT year FROM calendar_years WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(AppError::invalid("year", "calendar.year_exists"));
    }
    sqlx::query("INSERT INTO calendar_years (year, note) VALUES ($1, '')")
        .bind(i64::from(year))
        .execute(&mut *tx)
        .await?;
    let change = Change {
        action: "calendar.add_year",
        entity: "calendar_year",
        entity_id: i64::from(year),
        station_id: None,
        before: None,
        after: Some(json!({ "year": year })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds or replaces one special day, checked against the whole calendar before writing.
pub async fn set_day(
    ctx: &Ctx,
    day: &str,
    kind: &str,
    name: &str,
    name_zh: &str,
) -> Result<(), AppError> {
    ctx.authorize(Action::EditCalendar, &calendar_scope())?;
    let mut problems = Vec::new();
    let date =
        super::users::parse_form_date(day).map_err(|c| problems.push(Problem::new("day", c))).ok();
    let kind = DayKind::parse(kind)
        .map_err(|_| problems.push(Problem::new("kind", "calendar.kind_unknown")))
        .ok();
    let name =
        validate_label(name, 40).map_err(|e| problems.push(Problem::new("name", e.code()))).ok();
    let name_zh = validate_label(name_zh, 20)
        .map_err(|e| problems.push(Problem::new("name_zh", e.code())))
        .ok();
    let (Some(date), Some(kind), Some(name), Some(name_zh), true) =
        (date, kind, name, name_zh, problems.is_empty())
    else {
        return Err(AppError::Invalid { problems });
    };
    let new_day = SpecialDay { date, kind, name, name_zh };
    let (years, mut days) = load_parts(ctx.db()).await?;
    let before = days.iter().find(|d| d.date == date).cloned();
    days.retain(|d| d.date != date);
    days.push(new_day.clone());
    OfficialCalendar::new(years, days).map_err(|e| AppError::invalid("day", e.code()))?;

    let mut tx = ctx.db().begin_write().await?;
    sqlx::query("DELETE FROM calendar_days WHERE day = $1")
        .bind(date.to_string())
        .execute(&mut *tx)
        .await?;
    insert_day(&mut tx, &new_day).await?;
    let change = Change {
        action: "calendar.set_day",
        entity: "calendar_day",
        entity_id: day_id(date),
        station_id: None,
        before: before.map(|d| day_view(&d)),
        after: Some(day_view(&new_day)),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a special day: the date becomes an ordinary weekday or weekend day again.
pub async fn remove_day(ctx: &Ctx, day: &str) -> Result<(), AppError> {
    ctx.authorize(Action::EditCalendar, &calendar_scope())?;
    let date = super::users::parse_form_date(day).map_err(|c| AppError::invalid("day", c))?;
    let (_, days) = load_parts(ctx.db()).await?;
    let before = days.iter().find(|d| d.date == date).cloned().ok_or(AppError::NotFound)?;
    let mut tx = ctx.db().begin_write().await?;
    sqlx::query("DELETE FROM calendar_days WHERE day = $1")
        .bind(date.to_string())
        .execute(&mut *tx)
        .await?;
    let change = Change {
        action: "calendar.remove_day",
        entity: "calendar_day",
        entity_id: day_id(date),
        station_id: None,
        before: Some(day_view(&before)),
        after: None,
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(())
}

/// A calendar day's record id in the audit log: its date as YYYYMMDD.
fn day_id(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

fn day_view(day: &SpecialDay) -> serde_json::Value {
    json!({"day": day.date.to_string(), "kind": day.kind.key(), "name": day.name, "name_zh": day.name_zh})
}
