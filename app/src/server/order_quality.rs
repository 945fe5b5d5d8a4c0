//! What the manager reads and the clerk records about the quality of the work: on-time
//! rates by person, kind and day, the overdue list, the fault rate; callbacks of new
//! installations, complaints and penalty notices; and the work-order settings.

use super::audit::{self, Change};
use super::current::Ctx;
use super::db::is_unique_violation;
use super::orders::{self, settings_versions};
use super::users::{author, parse_form_date};
use super::{from_ms, now_ms, stations};
use crate::domain::board::{callback_sample_size, last_week, month_start};
use crate::domain::orders::{settings_on, DragRule, OrderKind, OrderPoints, OrderSettings};
use crate::domain::permission::Action;
use crate::domain::points::Points;
use crate::domain::rates::Rate;
use crate::domain::shanghai;
use crate::error::{AppError, Problem};
use crate::model::orders::{
    CallbackRow, OnTime, OrderReport, OrderSettingsBook, OrderSettingsForm, QualityBook,
    QualityNote, PENALTY_SOURCES,
};
use chrono::{Datelike, Months, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::json;
use sqlx::Row;
use std::collections::BTreeMap;

/// The station a page is about: the one named, else the caller's own.
fn station_of(ctx: &Ctx, station_id: Option<i64>) -> Result<i64, AppError> {
    station_id.or(ctx.me.station_id).ok_or_else(|| AppError::forbidden("forbidden.position"))
}

/// `YYYY-MM` (this month when empty) as its first day.
fn month_of(text: &str) -> Result<NaiveDate, AppError> {
    if text.trim().is_empty() {
        return Ok(month_start(shanghai::business_date(Utc::now())));
    }
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("month", "date.invalid"))
}

/// One order as the on-time figures count it.
struct Counted {
    responded: Option<bool>,
    finished: Option<bool>,
    overdue: bool,
    dragging: bool,
}

#[derive(Default)]
struct Tally {
    orders: i64,
    responded: (i64, i64),
    finished: (i64, i64),
    overdue: i64,
    dragging: i64,
    rating: (i64, i64),
}

impl Tally {
    fn add(&mut self, c: &Counted) {
        self.orders += 1;
        if let Some(on_time) = c.responded {
            self.responded.0 += i64::from(on_time);
            self.responded.1 += 1;
        }
        if let Some(on_time) = c.finished {
            self.finished.0 += i64::from(on_time);
            self.finished.1 += 1;
        }
        self.overdue += i64::from(c.overdue);
        self.dragging += i64::from(c.dragging);
    }

    fn view(&self, label: String) -> OnTime {
        OnTime {
            label,
            orders: self.orders,
            responded_on_time: Rate::new(self.responded.0, self.responded.1),
            finished_on_time: Rate::new(self.finished.0, self.finished.1),
            overdue: self.overdue,
            dragging: self.dragging,
            rating: Rate::new(self.rating.0, self.rating.1),
        }
    }
}

/// The month's order report: orders received in the month, not cancelled. A response counts
/// once it was made or its deadline passed; likewise the finish.
pub async fn month_report(
    ctx: &Ctx,
    station_id: Option<i64>,
    month: &str,
) -> Result<OrderReport, AppError> {
    let station_id = station_of(ctx, station_id)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ViewReports, &scope)?;
    let from = month_of(month)?;
    let to = from.checked_add_months(Months::new(1)).ok_or(AppError::Internal)?;
    let now = Utc::now().timestamp_millis();
    let rows = sqlx::query(
        "SELECT w.kind, w.day, u.name, w.accepted_at_ms, w.respond_by_ms, w.completed_at_ms, \
         w.finish_by_ms, w.respond_late, w.finish_late, w.dragging, w.assignee_id, \
         w.responded_at_ms \
         FROM work_orders w LEFT JOIN users u ON u.id = w.assignee_id \
         WHERE w.station_id = $1 AND w.day >= $2 AND w.day < $3 AND w.status <> 'cancelled'",
    )
    .bind(station_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(ctx.db().pool())
    .await?;
    // By person: the name for reading, the id so that two people of one name stay apart.
    let mut by_person: BTreeMap<(String, Option<i64>), Tally> = BTreeMap::new();
    let mut by_kind: BTreeMap<OrderKind, Tally> = BTreeMap::new();
    let mut by_day: BTreeMap<String, Tally> = BTreeMap::new();
    let mut repairs = 0;
    for row in &rows {
        let kind: String = row.try_get(0)?;
        let kind = OrderKind::parse(&kind).ok_or(AppError::Internal)?;
        let late = |i| row.try_get::<i64, _>(i).map(|v| v != 0);
        let (respond_late, finish_late) = (late(7)?, late(8)?);
        let decided = |met: Option<i64>, due: i64| met.is_some() || due < now;
        let counted = Counted {
            responded: decided(row.try_get(11)?, row.try_get(4)?).then_some(!respond_late),
            finished: decided(row.try_get(5)?, row.try_get(6)?).then_some(!finish_late),
            overdue: respond_late || finish_late,
            dragging: late(9)?,
        };
        let person: Option<String> = row.try_get(2)?;
        let person = person.unwrap_or_else(|| "—".to_owned());
        let assignee: Option<i64> = row.try_get(10)?;
        by_person.entry((person, assignee)).or_default().add(&counted);
        by_kind.entry(kind).or_default().add(&counted);
        by_day.entry(row.try_get(1)?).or_default().add(&counted);
        repairs += i64::from(kind == OrderKind::Repair);
    }
    // Callback ratings of the month, per staff member.
    let ratings = sqlx::query(
        "SELECT u.name, u.id, CAST(SUM(c.rating) AS BIGINT), COUNT(c.rating) FROM callbacks c \
         JOIN users u ON u.id = c.staff_id WHERE c.station_id = $1 AND c.rating IS NOT NULL \
         AND c.recorded_at_ms >= $2 AND c.recorded_at_ms < $3 GROUP BY u.name, u.id",
    )
    .bind(station_id)
    .bind(shanghai::day_start(from).timestamp_millis())
    .bind(shanghai::day_start(to).timestamp_millis())
    .fetch_all(ctx.db().pool())
    .await?;
    for row in &ratings {
        let tally = by_person.entry((row.try_get(0)?, Some(row.try_get(1)?))).or_default();
        tally.rating = (row.try_get(2)?, row.try_get(3)?);
    }
    let previous = from.checked_sub_months(Months::new(1)).ok_or(AppError::Internal)?;
    let previous_repairs: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM work_orders WHERE station_id = $1 AND kind = 'repair' \
         AND status <> 'cancelled' AND day >= $2 AND day < $3",
    )
    .bind(station_id)
    .bind(previous.to_string())
    .bind(from.to_string())
    .fetch_one(ctx.db().pool())
    .await?;
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscribers WHERE station_id = $1 AND status = 'active'",
    )
    .bind(station_id)
    .fetch_one(ctx.db().pool())
    .await?;
    let overdue_count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM work_orders WHERE station_id = $1 AND status IN \
         ('received', 'dispatched', 'accepted', 'on_site') AND (respond_late = 1 OR \
         finish_late = 1 OR finish_by_ms < $2 OR (accepted_at_ms IS NULL AND respond_by_ms < $2))",
    )
    .bind(station_id)
    .bind(now)
    .fetch_one(ctx.db().pool())
    .await?;
    let overdue_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM work_orders WHERE station_id = $1 AND status IN \
         ('received', 'dispatched', 'accepted', 'on_site') AND (respond_late = 1 OR \
         finish_late = 1 OR finish_by_ms < $2 OR (accepted_at_ms IS NULL AND respond_by_ms < $2)) \
         ORDER BY finish_by_ms LIMIT 200",
    )
    .bind(station_id)
    .bind(now)
    .fetch_all(ctx.db().pool())
    .await?;
    Ok(OrderReport {
        station_id,
        month: from,
        by_person: by_person.into_iter().map(|((name, _), t)| t.view(name)).collect(),
        by_kind: by_kind.into_iter().map(|(k, t)| (k, t.view(k.key().to_owned()))).collect(),
        by_day: by_day.into_iter().map(|(day, t)| t.view(day)).collect(),
        overdue: orders::rows_by_id(ctx.db(), &overdue_ids).await?,
        overdue_count,
        repairs,
        active_subscribers: active,
        fault_rate: Rate::new(repairs, active),
        previous_fault_rate: Rate::new(previous_repairs, active),
    })
}

/// Last week's completed installations not yet called, sampled 1 in 5 (rounded up); the
/// sample is drawn with a seed of the station and the week, so it stays put all week.
async fn proposed_callbacks(ctx: &Ctx, station_id: i64) -> Result<Vec<CallbackRow>, AppError> {
    let (monday, sunday) = last_week(shanghai::business_date(Utc::now()));
    let from = shanghai::day_start(monday).timestamp_millis();
    let to = shanghai::day_start(sunday + chrono::Duration::days(1)).timestamp_millis();
    // The sample is drawn from all of last week's installs and those already called are
    // then left out, so recording a callback never pulls another install into the sample.
    let candidates = sqlx::query(
        "SELECT w.id, w.completed_at_ms, w.contact_name, w.contact_phone, u.name, \
         (SELECT COUNT(*) FROM callbacks c WHERE c.order_id = w.id) \
         FROM work_orders w LEFT JOIN users u ON u.id = w.assignee_id \
         WHERE w.station_id = $1 AND w.kind = 'installation' AND w.completed_at_ms >= $2 \
         AND w.completed_at_ms < $3 AND w.status IN ('completed', 'closed') ORDER BY w.id",
    )
    .bind(station_id)
    .bind(from)
    .bind(to)
    .fetch_all(ctx.db().pool())
    .await?;
    let seed = u64::try_from(station_id).unwrap_or(0) << 32
        ^ u64::try_from(monday.num_days_from_ce()).unwrap_or(0);
    let mut rng = StdRng::seed_from_u64(seed);
    let size = callback_sample_size(candidates.len());
    let mut picked = rand::seq::index::sample(&mut rng, candidates.len(), size).into_vec();
    picked.sort_unstable();
    picked
        .into_iter()
        .filter(|i| candidates[*i].try_get::<i64, _>(5).unwrap_or(0) == 0)
        .map(|i| {
            let r = &candidates[i];
            Ok(CallbackRow {
                order_id: r.try_get(0)?,
                completed_at: r.try_get::<Option<i64>, _>(1)?.map(from_ms),
                contact_name: r.try_get(2)?,
                contact_phone: r.try_get(3)?,
                staff: r.try_get(4)?,
                reached: None,
                rating: None,
                comment: String::new(),
            })
        })
        .collect()
}

/// The clerk's quality book: proposed and recorded callbacks, complaints, penalty notices.
pub async fn quality_book(ctx: &Ctx) -> Result<QualityBook, AppError> {
    let station_id = station_of(ctx, None)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::RecordQuality, &scope)?;
    let recorded = sqlx::query(
        "SELECT c.order_id, w.completed_at_ms, w.contact_name, w.contact_phone, u.name, \
         c.reached, c.rating, c.comment FROM callbacks c JOIN work_orders w ON w.id = c.order_id \
         LEFT JOIN users u ON u.id = c.staff_id WHERE c.station_id = $1 \
         ORDER BY c.recorded_at_ms DESC LIMIT 100",
    )
    .bind(station_id)
    .fetch_all(ctx.db().pool())
    .await?
    .iter()
    .map(|r| {
        Ok(CallbackRow {
            order_id: r.try_get(0)?,
            completed_at: r.try_get::<Option<i64>, _>(1)?.map(from_ms),
            contact_name: r.try_get(2)?,
            contact_phone: r.try_get(3)?,
            staff: r.try_get(4)?,
            reached: Some(r.try_get::<i64, _>(5)? != 0),
            rating: r.try_get(6)?,
            comment: r.try_get(7)?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let mut notes = Vec::new();
    for r in sqlx::query(
        "SELECT c.id, c.received_on, c.order_id, u.name, c.note FROM complaints c \
         LEFT JOIN users u ON u.id = c.staff_id WHERE c.station_id = $1 \
         ORDER BY c.received_on DESC, c.id DESC LIMIT 100",
    )
    .bind(station_id)
    .fetch_all(ctx.db().pool())
    .await?
    {
        let day: String = r.try_get(1)?;
        notes.push(QualityNote {
            id: r.try_get(0)?,
            day: day.parse().map_err(|_| AppError::Internal)?,
            kind: "complaint".into(),
            source: String::new(),
            order_id: r.try_get(2)?,
            person: r.try_get(3)?,
            note: r.try_get(4)?,
        });
    }
    for r in sqlx::query(
        "SELECT p.id, p.issued_on, p.source, u.name, p.note FROM penalty_notices p \
         LEFT JOIN users u ON u.id = p.user_id WHERE p.station_id = $1 \
         ORDER BY p.issued_on DESC, p.id DESC LIMIT 100",
    )
    .bind(station_id)
    .fetch_all(ctx.db().pool())
    .await?
    {
        let day: String = r.try_get(1)?;
        notes.push(QualityNote {
            id: r.try_get(0)?,
            day: day.parse().map_err(|_| AppError::Internal)?,
            kind: "penalty".into(),
            source: r.try_get(2)?,
            order_id: None,
            person: r.try_get(3)?,
            note: r.try_get(4)?,
        });
    }
    notes.sort_by_key(|n| std::cmp::Reverse(n.day));
    let staff = super::users::staff_of(ctx.db(), station_id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    Ok(QualityBook {
        station_id,
        today: shanghai::business_date(Utc::now()),
        proposed: proposed_callbacks(ctx, station_id).await?,
        recorded,
        notes,
        staff,
    })
}

/// A date typed into a form for something that already happened: today or before.
fn past_day(text: &str, field: &str, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let day = parse_form_date(text).map_err(|code| problems.push(Problem::new(field, code))).ok();
    let today = shanghai::business_date(Utc::now());
    if day.is_some_and(|d| d > today) {
        problems.push(Problem::new(field, "points.future_day"));
    }
    if day.is_some_and(|d| d < today - chrono::Duration::days(366)) {
        problems.push(Problem::new(field, "date.too_old"));
    }
    day
}

fn note_text(note: &str, problems: &mut Vec<Problem>) -> String {
    let note = note.trim();
    if note.is_empty() {
        problems.push(Problem::new("note", "text.required"));
    } else if note.chars().count() > 500 {
        problems.push(Problem::new("note", "text.too_long"));
    }
    note.to_owned()
}

/// Records a callback of an installation: reached with a 1–5 rating, or not reached.
pub async fn record_callback(
    ctx: &Ctx,
    order_id: i64,
    reached: bool,
    rating: &str,
    comment: &str,
) -> Result<(), AppError> {
    let station_id = station_of(ctx, None)?;
    ctx.authorize(Action::RecordQuality, &stations::scope_of(ctx.db(), station_id).await?)?;
    let rating = match (reached, rating.trim()) {
        (false, "") => None,
        (false, _) => return Err(AppError::invalid("rating", "callback.rating_without_reach")),
        (true, text) => match text.parse::<i64>() {
            Ok(r) if (1..=5).contains(&r) => Some(r),
            _ => return Err(AppError::invalid("rating", "callback.rating_range")),
        },
    };
    let comment = comment.trim();
    if comment.chars().count() > 500 {
        return Err(AppError::invalid("comment", "text.too_long"));
    }
    let mut tx = ctx.db().begin_write().await?;
    let order =
        sqlx::query("SELECT station_id, kind, status, assignee_id FROM work_orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    let (kind, status): (String, String) = (order.try_get(1)?, order.try_get(2)?);
    if order.try_get::<i64, _>(0)? != station_id {
        return Err(AppError::forbidden("forbidden.other_station"));
    }
    if kind != "installation" || !matches!(status.as_str(), "completed" | "closed") {
        return Err(AppError::invalid("order_id", "callback.not_a_completed_install"));
    }
    let inserted = sqlx::query(
        "INSERT INTO callbacks (station_id, order_id, staff_id, reached, rating, comment, \
         recorded_by, recorded_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(station_id)
    .bind(order_id)
    .bind(order.try_get::<Option<i64>, _>(3)?)
    .bind(i64::from(reached))
    .bind(rating)
    .bind(comment)
    .bind(ctx.me.id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => return Err(AppError::conflict("callback.duplicate")),
        Err(e) => return Err(e.into()),
    };
    let change = Change {
        action: "callback.record",
        entity: "callback",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "order": order_id, "reached": reached, "rating": rating })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(())
}

async fn staff_in_station(
    ctx: &Ctx,
    station_id: i64,
    user_id: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let Some(user_id) = user_id else { return Ok(None) };
    let found: Option<Option<i64>> =
        sqlx::query_scalar("SELECT station_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(ctx.db().pool())
            .await?;
    if found != Some(Some(station_id)) {
        return Err(AppError::invalid("staff_id", "points.not_in_station"));
    }
    Ok(Some(user_id))
}

/// Records a complaint about an order and the staff member concerned (the order's assignee
/// unless someone else is named).
pub async fn record_complaint(
    ctx: &Ctx,
    order_id: Option<i64>,
    staff_id: Option<i64>,
    received_on: &str,
    note: &str,
) -> Result<i64, AppError> {
    let station_id = station_of(ctx, None)?;
    ctx.authorize(Action::RecordQuality, &stations::scope_of(ctx.db(), station_id).await?)?;
    let mut problems = Vec::new();
    let note = note_text(note, &mut problems);
    let day = past_day(received_on, "received_on", &mut problems);
    let (Some(day), true) = (day, problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };
    let mut staff = staff_in_station(ctx, station_id, staff_id).await?;
    if let Some(order_id) = order_id {
        let row = sqlx::query("SELECT station_id, assignee_id FROM work_orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(ctx.db().pool())
            .await?
            .ok_or_else(|| AppError::invalid("order_id", "complaint.unknown_order"))?;
        if row.try_get::<i64, _>(0)? != station_id {
            return Err(AppError::invalid("order_id", "complaint.unknown_order"));
        }
        staff = staff.or(row.try_get(1)?);
    }
    let mut tx = ctx.db().begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints (station_id, order_id, staff_id, received_on, note, recorded_by, \
         recorded_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(station_id)
    .bind(order_id)
    .bind(staff)
    .bind(day.to_string())
    .bind(&note)
    .bind(ctx.me.id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let change = Change {
        action: "complaint.record",
        entity: "complaint",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "order": order_id, "staff": staff, "day": day.to_string() })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(id)
}

/// Records a penalty notice from a department above the station.
pub async fn record_penalty(
    ctx: &Ctx,
    source: &str,
    issued_on: &str,
    user_id: Option<i64>,
    note: &str,
) -> Result<i64, AppError> {
    let station_id = station_of(ctx, None)?;
    ctx.authorize(Action::RecordQuality, &stations::scope_of(ctx.db(), station_id).await?)?;
    let mut problems = Vec::new();
    if !PENALTY_SOURCES.contains(&source) {
        problems.push(Problem::new("source", "penalty.unknown_source"));
    }
    let note = note_text(note, &mut problems);
    let day = past_day(issued_on, "issued_on", &mut problems);
    let (Some(day), true) = (day, problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };
    let person = staff_in_station(ctx, station_id, user_id).await?;
    let mut tx = ctx.db().begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO penalty_notices (station_id, source, issued_on, user_id, note, recorded_by, \
         recorded_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(station_id)
    .bind(source)
    .bind(day.to_string())
    .bind(person)
    .bind(&note)
    .bind(ctx.me.id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let change = Change {
        action: "penalty.record",
        entity: "penalty_notice",
        entity_id: id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "source": source, "person": person, "day": day.to_string() })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    Ok(id)
}

/// The work-order settings of a station: every version and the one in force today.
pub async fn settings_book(
    ctx: &Ctx,
    station_id: Option<i64>,
) -> Result<OrderSettingsBook, AppError> {
    let station_id = station_of(ctx, station_id)?;
    ctx.authorize(Action::ViewOrders, &stations::scope_of(ctx.db(), station_id).await?)?;
    let mut versions = settings_versions(ctx.db(), station_id).await?;
    versions.sort_by_key(|v| std::cmp::Reverse(v.effective_from));
    let today = shanghai::business_date(Utc::now());
    Ok(OrderSettingsBook { station_id, today, in_force: settings_on(&versions, today), versions })
}

/// Checks the settings form: points not negative with at most two decimals, a dragging
/// limit of 1 to 1,440 open minutes and 0 to 10 reassignments, from tomorrow or later.
pub fn check_settings(
    form: &OrderSettingsForm,
    today: NaiveDate,
) -> Result<OrderSettings, AppError> {
    let mut problems = Vec::new();
    let mut points = |field: &str, text: &str| match Points::parse(text) {
        Ok(p) if p.0 < 0 => {
            problems.push(Problem::new(field, "settings.negative_points"));
            Points::ZERO
        }
        Ok(p) => p,
        Err(e) => {
            problems.push(Problem::new(field, e.code()));
            Points::ZERO
        }
    };
    let values = OrderPoints {
        installation: points("installation", &form.installation),
        repair: points("repair", &form.repair),
        relocation: points("relocation", &form.relocation),
        fee_collection: points("fee_collection", &form.fee_collection),
        plan_change: points("plan_change", &form.plan_change),
        disconnection: points("disconnection", &form.disconnection),
        other: points("other", &form.other),
        dispatched: points("dispatched", &form.dispatched),
        invoice: points("invoice", &form.invoice),
    };
    let minutes =
        form.drag_open_minutes.trim().parse::<u32>().ok().filter(|m| (1..=1440).contains(m));
    if minutes.is_none() {
        problems.push(Problem::new("drag_open_minutes", "settings.drag_minutes_range"));
    }
    let reassignments = form.drag_reassignments.trim().parse::<u32>().ok().filter(|r| *r <= 10);
    if reassignments.is_none() {
        problems.push(Problem::new("drag_reassignments", "settings.drag_reassignments_range"));
    }
    let from = parse_form_date(&form.effective_from)
        .map_err(|code| problems.push(Problem::new("effective_from", code)))
        .ok();
    // A day already begun keeps the settings it began with.
    if from.is_some_and(|d| d <= today) {
        problems.push(Problem::new("effective_from", "settings.past_date"));
    }
    match (from, minutes, reassignments, problems.is_empty()) {
        (Some(effective_from), Some(open_minutes), Some(reassignments), true) => {
            Ok(OrderSettings {
                effective_from,
                points: values,
                drag: DragRule { open_minutes, reassignments },
            })
        }
        _ => Err(AppError::Invalid { problems }),
    }
}

/// Saves a version of the settings, effective from its date; a day already begun keeps the
/// settings it started with, so the date is tomorrow or later.
pub async fn save_settings(
    ctx: &Ctx,
    form: OrderSettingsForm,
) -> Result<OrderSettingsBook, AppError> {
    let scope = stations::scope_of(ctx.db(), form.station_id).await?;
    ctx.authorize(Action::EditOrderSettings, &scope)?;
    let today = shanghai::business_date(Utc::now());
    let settings = check_settings(&form, today)?;
    let json = serde_json::to_string(&settings).map_err(|_| AppError::Internal)?;
    let mut tx = ctx.db().begin_write().await?;
    let before: Option<String> = sqlx::query_scalar(
        "SELECT settings_json FROM order_settings WHERE station_id = $1 AND effective_from = $2",
    )
    .bind(form.station_id)
    .bind(settings.effective_from.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if before.is_some() {
        sqlx::query(
            "UPDATE order_settings SET settings_json = $1, set_by = $2, set_at_ms = $3 \
             WHERE station_id = $4 AND effective_from = $5",
        )
        .bind(&json)
        .bind(ctx.me.id)
        .bind(now_ms())
        .bind(form.station_id)
        .bind(settings.effective_from.to_string())
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO order_settings (station_id, effective_from, settings_json, set_by, \
             set_at_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(form.station_id)
        .bind(settings.effective_from.to_string())
        .bind(&json)
        .bind(ctx.me.id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    let change = Change {
        action: "order_settings.save",
        entity: "station",
        entity_id: form.station_id,
        station_id: Some(form.station_id),
        before: before.and_then(|b| serde_json::from_str(&b).ok()),
        after: serde_json::from_str(&json).ok(),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    tx.commit().await?;
    settings_book(ctx, Some(form.station_id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> OrderSettingsForm {
        OrderSettingsForm {
            station_id: 1,
            effective_from: "2026-12-10".into(),
            installation: "10".into(),
            repair: "5".into(),
            relocation: "8".into(),
            fee_collection: "2".into(),
            plan_change: "3".into(),
            disconnection: "2".into(),
            other: "2".into(),
            dispatched: "1".into(),
            invoice: "1".into(),
            drag_open_minutes: "120".into(),
            drag_reassignments: "1".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).expect("date")
    }

    #[test]
    fn the_defaults_typed_in_are_the_defaults() {
        let settings = check_settings(&form(), today()).expect("valid");
        assert_eq!(settings.points, OrderPoints::default());
        assert_eq!(settings.drag, DragRule::default());
    }

    #[test]
    fn bad_settings_are_refused_field_by_field() {
        let bad = OrderSettingsForm {
            repair: "-1".into(),
            installation: "2.555".into(),
            drag_open_minutes: "0".into(),
            drag_reassignments: "11".into(),
            effective_from: "2026-12-03".into(),
            ..form()
        };
        let Err(AppError::Invalid { problems }) = check_settings(&bad, today()) else {
            panic!("refused")
        };
        let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "points.too_many_decimals",
                "settings.negative_points",
                "settings.drag_minutes_range",
                "settings.drag_reassignments_range",
                "settings.past_date"
            ]
        );
    }
}
