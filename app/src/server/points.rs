//! The points ledger (积分): append-only entries, the clerk's daily review and corrections,
//! publishing the day's board, and the board itself for the wall, the phones and the ops
//! center.

use super::audit::{self, Change};
use super::current::Ctx;
use super::db::{is_unique_violation, Db, Tx};
use super::users::{author, parse_form_date};
use super::{from_ms, now_ms, stations};
use crate::domain::board::{month_start, rank, Standing};
use crate::domain::orders::OrderKind;
use crate::domain::permission::Action;
use crate::domain::points::Points;
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::{AppError, Problem};
use crate::model::orders::{BoardNotice, EntryView, PersonDay, PointsDay, PublishedBoard};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// How far back the clerk may publish a day or book an entry: a month, the longest a board
/// can sensibly be late; older changes belong to the month-end correction.
pub const BACK_DAYS: i64 = 31;

/// An automatic entry about to be booked.
#[derive(Debug, Clone)]
pub struct Booking {
    pub user_id: i64,
    pub source: &'static str,
    pub amount: Points,
    /// What makes the entry unique: an order earns each kind of points once.
    pub dedupe: String,
}

/// The day an entry for `day` is booked on: `day` itself, unless a board on or after it is
/// already published; then the day after the latest published board. A published board
/// (its day and its month to date) never changes, and what arrives after it counts on the
/// next board, as a correction that shows as such.
pub async fn open_day(tx: &mut Tx, station_id: i64, day: NaiveDate) -> Result<NaiveDate, AppError> {
    lock_station(tx, station_id).await?;
    let latest: Option<String> =
        sqlx::query_scalar("SELECT MAX(day) FROM board_days WHERE station_id = $1")
            .bind(station_id)
            .fetch_one(&mut **tx)
            .await?;
    let latest: Option<NaiveDate> = latest.and_then(|d| d.parse().ok());
    Ok(match latest {
        Some(published) if published >= day => published + Duration::days(1),
        _ => day,
    })
}

/// Serialises the writers of one station's ledger and boards. SQLite's write transaction
/// already does (it takes the write lock when it begins); PostgreSQL needs a lock, or an
/// entry could be booked on a day that a concurrent publication just locked.
pub async fn lock_station(tx: &mut Tx, station_id: i64) -> Result<(), AppError> {
    if tx.backend_name().eq_ignore_ascii_case("postgresql") {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(station_id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Books an order's points once; a second booking with the same reference is ignored.
pub async fn book_order_points(
    tx: &mut Tx,
    station_id: i64,
    day: NaiveDate,
    order_id: Option<i64>,
    booking: &Booking,
) -> Result<(), AppError> {
    let day = open_day(tx, station_id, day).await?;
    sqlx::query(
        "INSERT INTO points_entries (station_id, user_id, day, source, amount, order_id, \
         created_at_ms, dedupe) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (dedupe) DO NOTHING",
    )
    .bind(station_id)
    .bind(booking.user_id)
    .bind(day.to_string())
    .bind(booking.source)
    .bind(booking.amount.0)
    .bind(order_id)
    .bind(now_ms())
    .bind(&booking.dedupe)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const ENTRY_SELECT: &str = "SELECT e.id, e.user_id, p.name, e.day, e.source, e.amount, \
     e.order_id, w.kind, e.reason, e.corrects_id, a.name, e.created_at_ms FROM points_entries e \
     JOIN users p ON p.id = e.user_id LEFT JOIN users a ON a.id = e.author_id \
     LEFT JOIN work_orders w ON w.id = e.order_id";

fn entry_view(row: &AnyRow) -> Result<EntryView, AppError> {
    let day: String = row.try_get(3)?;
    let kind: Option<String> = row.try_get(7)?;
    Ok(EntryView {
        id: row.try_get(0)?,
        user_id: row.try_get(1)?,
        person: row.try_get(2)?,
        day: day.parse().map_err(|_| AppError::Internal)?,
        source: row.try_get(4)?,
        amount: Points(row.try_get(5)?),
        order_id: row.try_get(6)?,
        order_kind: kind.as_deref().and_then(OrderKind::parse),
        reason: row.try_get(8)?,
        corrects_id: row.try_get(9)?,
        author: row.try_get(10)?,
        created_at: from_ms(row.try_get(11)?),
    })
}

/// The entries an order caused.
pub async fn entries_of_order(db: &Db, order_id: i64) -> Result<Vec<EntryView>, AppError> {
    let rows = sqlx::query(&format!("{ENTRY_SELECT} WHERE e.order_id = $1 ORDER BY e.id"))
        .bind(order_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(entry_view).collect()
}

/// A person's points today and month to date.
pub async fn own_totals(
    db: &Db,
    user_id: i64,
    today: NaiveDate,
) -> Result<(Points, Points), AppError> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN day = $2 THEN amount ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM points_entries \
         WHERE user_id = $1 AND day >= $3 AND day <= $2",
    )
    .bind(user_id)
    .bind(today.to_string())
    .bind(month_start(today).to_string())
    .fetch_one(db.pool())
    .await?;
    Ok((Points(row.try_get(0)?), Points(row.try_get(1)?)))
}

/// Whose points the board lists: everyone at the station except the manager and the two
/// supervisors, whose monthly points are built from averages (spec 04).
fn on_board(position: Position) -> bool {
    position.is_station_level() && position != Position::Manager && !position.is_supervisor()
}

/// The day as the clerk reviews it: every listed person with their entries.
pub async fn review_day(ctx: &Ctx, day: &str) -> Result<PointsDay, AppError> {
    let station_id = ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManagePoints, &scope)?;
    let today = shanghai::business_date(Utc::now());
    let day = if day.trim().is_empty() {
        today
    } else {
        parse_form_date(day).map_err(|code| AppError::invalid("day", code))?
    };
    let published = sqlx::query(
        "SELECT b.published_at_ms, u.name FROM board_days b \
         LEFT JOIN users u ON u.id = b.published_by WHERE b.station_id = $1 AND b.day = $2",
    )
    .bind(station_id)
    .bind(day.to_string())
    .fetch_optional(ctx.db().pool())
    .await?
    .map(|r| -> Result<_, AppError> {
        Ok((from_ms(r.try_get(0)?), r.try_get::<Option<String>, _>(1)?.unwrap_or_default()))
    })
    .transpose()?;
    let entries = sqlx::query(&format!(
        "{ENTRY_SELECT} WHERE e.station_id = $1 AND e.day = $2 ORDER BY e.id"
    ))
    .bind(station_id)
    .bind(day.to_string())
    .fetch_all(ctx.db().pool())
    .await?;
    let mut by_person: BTreeMap<i64, Vec<EntryView>> = BTreeMap::new();
    for row in &entries {
        let entry = entry_view(row)?;
        by_person.entry(entry.user_id).or_default().push(entry);
    }
    let mut people = Vec::new();
    for member in super::users::staff_of(ctx.db(), station_id).await? {
        let entries = by_person.remove(&member.id).unwrap_or_default();
        if !on_board(member.position) && entries.is_empty() {
            continue;
        }
        people.push(PersonDay {
            user_id: member.id,
            name: member.name,
            position: member.position,
            total: entries.iter().map(|e| e.amount).sum(),
            entries,
        });
    }
    // Someone who left the station but earned points that day still shows.
    for (user_id, entries) in by_person {
        let name = entries.first().map(|e| e.person.clone()).unwrap_or_default();
        people.push(PersonDay {
            user_id,
            name,
            position: Position::ServiceStaff,
            total: entries.iter().map(|e| e.amount).sum(),
            entries,
        });
    }
    Ok(PointsDay { station_id, day, today, published, people })
}

/// A manual adjustment or a correction of an entry: always a new entry with its reason
/// and author. A correction of a published day is booked on the next open day and
/// references the entry it corrects.
pub async fn adjust(
    ctx: &Ctx,
    user_id: i64,
    day: &str,
    amount: &str,
    reason: &str,
    corrects_id: Option<i64>,
) -> Result<(i64, NaiveDate), AppError> {
    let station_id = ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManagePoints, &scope)?;
    let mut problems = Vec::new();
    let amount = match Points::parse(amount) {
        Ok(p) if p == Points::ZERO => {
            problems.push(Problem::new("amount", "points.zero"));
            None
        }
        Ok(p) => Some(p),
        Err(error) => {
            problems.push(Problem::new("amount", error.code()));
            None
        }
    };
    let reason = reason.trim();
    if reason.is_empty() {
        problems.push(Problem::new("reason", "points.reason_required"));
    } else if reason.chars().count() > 200 {
        problems.push(Problem::new("reason", "text.too_long"));
    }
    let today = shanghai::business_date(Utc::now());
    let day = if day.trim().is_empty() {
        Some(today)
    } else {
        parse_form_date(day).map_err(|code| problems.push(Problem::new("day", code))).ok()
    };
    if day.is_some_and(|d| d > today) {
        problems.push(Problem::new("day", "points.future_day"));
    }
    if day.is_some_and(|d| d < today - Duration::days(BACK_DAYS)) {
        problems.push(Problem::new("day", "points.too_old"));
    }
    let (Some(amount), Some(day), true) = (amount, day, problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };
    // The clerk earns points too: their own are corrected by the manager, never by them.
    if user_id == ctx.me.id {
        return Err(AppError::forbidden("forbidden.own_request"));
    }
    let mut tx = ctx.db().begin_write().await?;
    let member: Option<Option<i64>> =
        sqlx::query_scalar("SELECT station_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if member != Some(Some(station_id)) {
        return Err(AppError::invalid("user_id", "points.not_in_station"));
    }
    let mut order_id: Option<i64> = None;
    if let Some(corrected) = corrects_id {
        let row =
            sqlx::query("SELECT user_id, station_id, order_id FROM points_entries WHERE id = $1")
                .bind(corrected)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
        let same = row.try_get::<i64, _>(0)? == user_id && row.try_get::<i64, _>(1)? == station_id;
        if !same {
            return Err(AppError::invalid("corrects_id", "points.correction_mismatch"));
        }
        order_id = row.try_get(2)?;
    }
    let booked_day = open_day(&mut tx, station_id, day).await?;
    let source = if corrects_id.is_some() { "correction" } else { "manual" };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO points_entries (station_id, user_id, day, source, amount, order_id, reason, \
         corrects_id, author_id, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id",
    )
    .bind(station_id)
    .bind(user_id)
    .bind(booked_day.to_string())
    .bind(source)
    .bind(amount.0)
    .bind(order_id)
    .bind(reason)
    .bind(corrects_id)
    .bind(ctx.me.id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let change = Change {
        action: "points.adjust",
        entity: "points_entry",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({
            "person": user_id, "day": booked_day.to_string(), "amount": amount.to_string(),
            "reason": reason, "corrects": corrects_id,
        })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "points");
    Ok((id, booked_day))
}

/// Publishes a day's board and locks the day; a second publication is refused.
pub async fn publish(ctx: &Ctx, day: &str) -> Result<PublishedBoard, AppError> {
    let station_id = ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ManagePoints, &scope)?;
    let day = parse_form_date(day).map_err(|code| AppError::invalid("day", code))?;
    let today = shanghai::business_date(Utc::now());
    if day > today {
        return Err(AppError::invalid("day", "points.future_day"));
    }
    if day < today - Duration::days(BACK_DAYS) {
        return Err(AppError::invalid("day", "points.too_old"));
    }
    let mut tx = ctx.db().begin_write().await?;
    lock_station(&mut tx, station_id).await?;
    let inserted = sqlx::query(
        "INSERT INTO board_days (station_id, day, published_at_ms, published_by) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(station_id)
    .bind(day.to_string())
    .bind(now_ms())
    .bind(ctx.me.id)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::conflict("board.already_published"))
        }
        other => {
            other?;
        }
    }
    let change = Change {
        action: "board.publish",
        entity: "board_day",
        entity_id: station_id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "day": day.to_string() })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    tracing::info!(station_id, %day, "daily board published");
    ctx.state.hub.publish(station_id, "board");
    board_of(ctx.db(), station_id, day).await?.ok_or(AppError::Internal)
}

/// The published board of one day, ranked; `None` if that day is not published.
pub async fn board_of(
    db: &Db,
    station_id: i64,
    day: NaiveDate,
) -> Result<Option<PublishedBoard>, AppError> {
    let row = sqlx::query(
        "SELECT b.published_at_ms, s.name FROM board_days b JOIN stations s ON s.id = b.station_id \
         WHERE b.station_id = $1 AND b.day = $2",
    )
    .bind(station_id)
    .bind(day.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let totals = sqlx::query(
        "SELECT e.user_id, u.name, u.position, \
         CAST(COALESCE(SUM(CASE WHEN e.day = $2 THEN e.amount ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) \
         FROM points_entries e JOIN users u ON u.id = e.user_id \
         WHERE e.station_id = $1 AND e.day >= $3 AND e.day <= $2 GROUP BY e.user_id, u.name, u.position",
    )
    .bind(station_id)
    .bind(day.to_string())
    .bind(month_start(day).to_string())
    .fetch_all(db.pool())
    .await?;
    let mut standings: BTreeMap<i64, Standing> = BTreeMap::new();
    for member in super::users::staff_of(db, station_id).await? {
        if on_board(member.position) {
            let standing = Standing {
                user_id: member.id,
                name: member.name,
                today: Points::ZERO,
                month: Points::ZERO,
            };
            standings.insert(member.id, standing);
        }
    }
    for total in &totals {
        let user_id: i64 = total.try_get(0)?;
        let position: String = total.try_get(2)?;
        let listed = standings.contains_key(&user_id);
        if !listed && Position::parse(&position).is_ok_and(|p| !on_board(p)) {
            continue;
        }
        let standing = standings.entry(user_id).or_insert_with(|| Standing {
            user_id,
            name: total.try_get(1).unwrap_or_default(),
            today: Points::ZERO,
            month: Points::ZERO,
        });
        standing.today = Points(total.try_get(3)?);
        standing.month = Points(total.try_get(4)?);
    }
    Ok(Some(PublishedBoard {
        station_id,
        station_name: row.try_get(1)?,
        day,
        published_at: from_ms(row.try_get(0)?),
        rows: rank(standings.into_values().collect()),
    }))
}

/// The latest published board of a station on or before `today`.
pub async fn latest_board(
    db: &Db,
    station_id: i64,
    today: NaiveDate,
) -> Result<Option<PublishedBoard>, AppError> {
    let day: Option<String> =
        sqlx::query_scalar("SELECT MAX(day) FROM board_days WHERE station_id = $1 AND day <= $2")
            .bind(station_id)
            .bind(today.to_string())
            .fetch_one(db.pool())
            .await?;
    match day {
        Some(day) => board_of(db, station_id, day.parse().map_err(|_| AppError::Internal)?).await,
        None => Ok(None),
    }
}

/// A published board for someone signed in: their station's, or one of their ops center's.
pub async fn board_for(
    ctx: &Ctx,
    station_id: Option<i64>,
    day: &str,
) -> Result<Option<PublishedBoard>, AppError> {
    // Someone above the stations picks a board from the inbox; there is no "own" one.
    let Some(station_id) = station_id.or(ctx.me.station_id) else { return Ok(None) };
    ctx.authorize(Action::ViewOrders, &stations::scope_of(ctx.db(), station_id).await?)?;
    let today = shanghai::business_date(Utc::now());
    if day.trim().is_empty() {
        latest_board(ctx.db(), station_id, today).await
    } else {
        let day = parse_form_date(day).map_err(|code| AppError::invalid("day", code))?;
        board_of(ctx.db(), station_id, day).await
    }
}

/// The ops center's inbox: the boards its stations published, newest first.
pub async fn inbox(ctx: &Ctx) -> Result<Vec<BoardNotice>, AppError> {
    let rows = match (ctx.me.position.is_station_level(), ctx.me.ops_center_id, ctx.me.station_id) {
        (false, Some(center), _) => {
            sqlx::query(
                "SELECT b.station_id, s.name, b.day, b.published_at_ms, (SELECT COUNT(DISTINCT e.user_id) \
                 FROM points_entries e WHERE e.station_id = b.station_id AND e.day = b.day) \
                 FROM board_days b \
                 JOIN stations s ON s.id = b.station_id WHERE s.ops_center_id = $1 \
                 ORDER BY b.day DESC, s.name LIMIT 200",
            )
            .bind(center)
            .fetch_all(ctx.db().pool())
            .await?
        }
        (true, _, Some(station)) => {
            ctx.authorize(Action::ViewOrders, &stations::scope_of(ctx.db(), station).await?)?;
            sqlx::query(
                "SELECT b.station_id, s.name, b.day, b.published_at_ms, (SELECT COUNT(DISTINCT e.user_id) \
                 FROM points_entries e WHERE e.station_id = b.station_id AND e.day = b.day) \
                 FROM board_days b \
                 JOIN stations s ON s.id = b.station_id WHERE b.station_id = $1 \
                 ORDER BY b.day DESC LIMIT 200",
            )
            .bind(station)
            .fetch_all(ctx.db().pool())
            .await?
        }
        _ => Vec::new(),
    };
    let mut notices = Vec::with_capacity(rows.len());
    for row in rows {
        let day: String = row.try_get(2)?;
        let station_id: i64 = row.try_get(0)?;
        let people: i64 = row.try_get(4)?;
        notices.push(BoardNotice {
            station_id,
            station_name: row.try_get(1)?,
            day: day.parse().map_err(|_| AppError::Internal)?,
            published_at: from_ms(row.try_get(3)?),
            people,
        });
    }
    Ok(notices)
}
