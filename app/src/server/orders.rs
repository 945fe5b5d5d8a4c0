//! Calls and work orders: logging, the lifecycle with server timestamps, both clocks, the
//! overdue and dragging facts, idempotent field steps and the points an order earns.

use super::audit::{self, Change};
use super::current::Ctx;
use super::db::{Db, Tx};
use super::points::{self, Booking};
use super::users::author;
use super::{from_ms, stations};
use crate::domain::mobile;
use crate::domain::money::Fen;
use crate::domain::open_hours::StationClock;
use crate::domain::orders::{
    advance, deadlines, is_dragging, is_late, settings_on, OrderKind, OrderSettings, OrderStatus,
    Step, Window,
};
use crate::domain::permission::Action;
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::{AppError, Problem};
use crate::model::orders::{
    CallForm, CallLogged, CallRow, Candidate, CompletionForm, DeskBoard, FieldList, OrderDetail,
    OrderEdit, OrderEvent, OrderRow, CHANNELS,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::Row;

const ORDER_SELECT: &str = "SELECT w.id, w.kind, w.status, w.problem, w.contact_name, \
     w.contact_phone, w.compound_id, c.name, w.building, w.unit, w.room, w.received_at_ms, \
     w.respond_by_ms, w.finish_by_ms, w.appointment_start_ms, w.appointment_end_ms, \
     w.assignee_id, u.name, w.accepted_at_ms, w.on_site_at_ms, w.completed_at_ms, \
     w.respond_late, w.finish_late, w.dragging, w.reassign_count, w.version, w.station_id, \
     w.responded_at_ms \
     FROM work_orders w JOIN compounds c ON c.id = w.compound_id \
     LEFT JOIN users u ON u.id = w.assignee_id";

/// The longest free text a call or an order keeps.
const TEXT_MAX: usize = 500;

fn opt_ms(row: &AnyRow, index: usize) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    Ok(row.try_get::<Option<i64>, _>(index)?.map(from_ms))
}

/// "3栋2单元501": how an address inside a compound is written.
pub fn address_line(building: &str, unit: &str, room: &str) -> String {
    let mut line = String::new();
    if !building.trim().is_empty() {
        line.push_str(building.trim());
        line.push('栋');
    }
    if !unit.trim().is_empty() {
        line.push_str(unit.trim());
        line.push_str("单元");
    }
    line.push_str(room.trim());
    line
}

/// An AMap search link for a compound, opened by the phone's map app or the browser.
pub fn map_url(compound: &str, address: &str) -> String {
    let keyword = format!("{compound} {address}");
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("keyword", keyword.trim())
        .append_pair("city", "武汉")
        .finish();
    format!("https://uri.amap.com/search?{query}")
}

fn order_row(row: &AnyRow) -> Result<OrderRow, AppError> {
    let kind: String = row.try_get(1)?;
    let status: String = row.try_get(2)?;
    let compound: String = row.try_get(7)?;
    let (building, unit, room): (String, String, String) =
        (row.try_get(8)?, row.try_get(9)?, row.try_get(10)?);
    let address = address_line(&building, &unit, &room);
    let appointment = match (opt_ms(row, 14)?, opt_ms(row, 15)?) {
        (Some(start), Some(end)) => Some((start, end)),
        _ => None,
    };
    Ok(OrderRow {
        id: row.try_get(0)?,
        kind: OrderKind::parse(&kind).ok_or(AppError::Internal)?,
        status: OrderStatus::parse(&status).ok_or(AppError::Internal)?,
        problem: row.try_get(3)?,
        contact_name: row.try_get(4)?,
        contact_phone: row.try_get(5)?,
        compound_id: row.try_get(6)?,
        map_url: map_url(&compound, &address),
        compound,
        address,
        received_at: from_ms(row.try_get(11)?),
        respond_by: from_ms(row.try_get(12)?),
        finish_by: from_ms(row.try_get(13)?),
        appointment,
        assignee_id: row.try_get(16)?,
        assignee: row.try_get(17)?,
        responded_at: opt_ms(row, 27)?,
        accepted_at: opt_ms(row, 18)?,
        on_site_at: opt_ms(row, 19)?,
        completed_at: opt_ms(row, 20)?,
        respond_late: row.try_get::<i64, _>(21)? != 0,
        finish_late: row.try_get::<i64, _>(22)? != 0,
        dragging: row.try_get::<i64, _>(23)? != 0,
        reassign_count: row.try_get(24)?,
        version: row.try_get(25)?,
    })
}

/// One order and the station it belongs to.
async fn load_row(
    conn: &mut sqlx::AnyConnection,
    order_id: i64,
) -> Result<(OrderRow, i64), AppError> {
    let row = sqlx::query(&format!("{ORDER_SELECT} WHERE w.id = $1"))
        .bind(order_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((order_row(&row)?, row.try_get(26)?))
}

/// The station of the caller; someone who belongs to none (the administrator, the ops
/// center) has no desk or field list of their own.
fn own_station(ctx: &Ctx) -> Result<i64, AppError> {
    ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))
}

/// The work-order settings of a station, every version.
pub async fn settings_versions(db: &Db, station_id: i64) -> Result<Vec<OrderSettings>, AppError> {
    let rows = sqlx::query("SELECT settings_json FROM order_settings WHERE station_id = $1")
        .bind(station_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let json: String = row.try_get(0)?;
            serde_json::from_str(&json).map_err(|_| AppError::Internal)
        })
        .collect()
}

/// Free text of a call or an order: the station's text rule (length, no control
/// characters), and not empty where `required`.
fn text(value: &str, field: &str, required: bool, problems: &mut Vec<Problem>) -> String {
    match stations::optional_text(value, TEXT_MAX) {
        Ok(text) if required && text.is_empty() => {
            problems.push(Problem::new(field, "text.required"));
            text
        }
        Ok(text) => text,
        Err(code) => {
            problems.push(Problem::new(field, code));
            String::new()
        }
    }
}

/// A contact phone as typed: empty, a mainland mobile, or a landline of digits and dashes.
fn contact_phone(value: &str, field: &str, problems: &mut Vec<Problem>) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    if value.starts_with('1') && value.len() == 11 {
        return match mobile::MobileNumber::parse(value) {
            Ok(number) => number.to_string(),
            Err(error) => {
                problems.push(Problem::new(field, error.code()));
                String::new()
            }
        };
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) || !value.chars().all(|c| c.is_ascii_digit() || c == '-') {
        problems.push(Problem::new(field, "phone.invalid"));
    }
    value.to_owned()
}

/// A compound of the station, by the id a form sent.
async fn station_compound(
    conn: &mut sqlx::AnyConnection,
    station_id: i64,
    compound_id: &str,
    problems: &mut Vec<Problem>,
) -> Result<Option<i64>, AppError> {
    let Ok(id) = compound_id.trim().parse::<i64>() else {
        problems.push(Problem::new("compound_id", "order.unknown_compound"));
        return Ok(None);
    };
    let found = sqlx::query(
        "SELECT c.id FROM compounds c JOIN areas a ON a.id = c.area_id \
         WHERE c.id = $1 AND a.station_id = $2",
    )
    .bind(id)
    .bind(station_id)
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        problems.push(Problem::new("compound_id", "order.unknown_compound"));
        return Ok(None);
    }
    Ok(Some(id))
}

/// What a new order needs besides its call.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub kind: OrderKind,
    pub compound_id: i64,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub problem: String,
    pub received_at: DateTime<Utc>,
    pub external_ref: Option<String>,
}

/// Inserts an order received at `received_at`, its clocks started on the station's hours,
/// and links the call it came from to it.
pub async fn insert_order(
    tx: &mut Tx,
    station_id: i64,
    call_id: Option<i64>,
    clock: &StationClock,
    order: &NewOrder,
    actor_id: Option<i64>,
) -> Result<i64, AppError> {
    let due = deadlines(clock, order.received_at, None);
    let received_ms = order.received_at.timestamp_millis();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO work_orders (station_id, call_id, kind, status, contact_name, contact_phone, \
         compound_id, building, unit, room, problem, received_at_ms, day, respond_by_ms, \
         finish_by_ms, external_ref) \
         VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         RETURNING id",
    )
    .bind(station_id)
    .bind(call_id)
    .bind(order.kind.key())
    .bind(&order.contact_name)
    .bind(&order.contact_phone)
    .bind(order.compound_id)
    .bind(&order.building)
    .bind(&order.unit)
    .bind(&order.room)
    .bind(&order.problem)
    .bind(received_ms)
    .bind(shanghai::business_date(order.received_at).to_string())
    .bind(due.respond_by.timestamp_millis())
    .bind(due.finish_by.timestamp_millis())
    .bind(&order.external_ref)
    .fetch_one(&mut **tx)
    .await?;
    insert_event(tx, id, order.received_at, "received", actor_id, None, "").await?;
    if let Some(call_id) = call_id {
        sqlx::query("UPDATE calls SET order_id = $1 WHERE id = $2")
            .bind(id)
            .bind(call_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

async fn insert_event(
    tx: &mut Tx,
    order_id: i64,
    at: DateTime<Utc>,
    step: &str,
    actor_id: Option<i64>,
    assignee_id: Option<i64>,
    note: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO order_events (order_id, at_ms, step, actor_id, assignee_id, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(order_id)
    .bind(at.timestamp_millis())
    .bind(step)
    .bind(actor_id)
    .bind(assignee_id)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Logs a call at the desk, and the order it becomes when the clerk says so, in one
/// transaction: both or neither.
pub async fn log_call(ctx: &Ctx, form: CallForm) -> Result<CallLogged, AppError> {
    let station_id = own_station(ctx)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::RunDesk, &scope)?;
    let mut problems = Vec::new();
    let channel = form.channel.trim();
    if !CHANNELS.contains(&channel) {
        problems.push(Problem::new("channel", "call.unknown_channel"));
    }
    let caller_name = text(&form.caller_name, "caller_name", false, &mut problems);
    let phone = contact_phone(&form.phone, "phone", &mut problems);
    let matter = text(&form.matter, "matter", true, &mut problems);
    let handling = text(&form.handling, "handling", false, &mut problems);
    let make_order = form.make_order.as_deref().is_some_and(|v| !v.is_empty() && v != "off");
    let kind = OrderKind::parse(form.kind.trim());
    if make_order && kind.is_none() {
        problems.push(Problem::new("kind", "order.unknown_kind"));
    }
    let building = text(&form.building, "building", false, &mut problems);
    let unit = text(&form.unit, "unit", false, &mut problems);
    let room = text(&form.room, "room", false, &mut problems);

    let clock = stations::clock_for(ctx.db(), station_id).await?;
    let mut tx = ctx.db().begin_write().await?;
    let compound_id = if make_order {
        station_compound(&mut tx, station_id, &form.compound_id, &mut problems).await?
    } else {
        None
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid { problems });
    }
    let now = Utc::now();
    let call_id: i64 = sqlx::query_scalar(
        "INSERT INTO calls (station_id, received_at_ms, day, channel, caller_name, phone, matter, \
         handling, logged_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(station_id)
    .bind(now.timestamp_millis())
    .bind(shanghai::business_date(now).to_string())
    .bind(channel)
    .bind(&caller_name)
    .bind(&phone)
    .bind(&matter)
    .bind(&handling)
    .bind(ctx.me.id)
    .fetch_one(&mut *tx)
    .await?;
    let call_view = json!({ "channel": channel, "caller_name": caller_name, "matter": matter });
    let change = Change {
        action: "call.log",
        entity: "call",
        entity_id: call_id,
        station_id: Some(station_id),
        before: None,
        after: Some(call_view),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    let order_id = match (kind, compound_id) {
        (Some(kind), Some(compound_id)) => {
            let order = NewOrder {
                kind,
                compound_id,
                building,
                unit,
                room,
                contact_name: caller_name,
                contact_phone: phone,
                problem: matter,
                received_at: now,
                external_ref: None,
            };
            let id =
                insert_order(&mut tx, station_id, Some(call_id), &clock, &order, Some(ctx.me.id))
                    .await?;
            let change = Change {
                action: "order.open",
                entity: "work_order",
                entity_id: id,
                station_id: Some(station_id),
                before: None,
                after: Some(json!({ "kind": kind.key(), "status": "received", "call": call_id })),
            };
            audit::record(&mut tx, author(ctx), change).await?;
            Some(id)
        }
        _ => None,
    };
    tx.commit().await?;
    tracing::info!(call_id, ?order_id, station_id, "call logged");
    ctx.state.hub.publish(station_id, "orders");
    Ok(CallLogged { call_id, order_id })
}

/// The station's calls of one Shanghai date, newest first.
pub async fn calls_of_day(
    db: &Db,
    station_id: i64,
    day: chrono::NaiveDate,
) -> Result<Vec<CallRow>, AppError> {
    let rows = sqlx::query(
        "SELECT k.id, k.received_at_ms, k.channel, k.caller_name, k.phone, k.matter, k.handling, \
         u.name, k.order_id FROM calls k LEFT JOIN users u ON u.id = k.logged_by \
         WHERE k.station_id = $1 AND k.day = $2 ORDER BY k.received_at_ms DESC, k.id DESC",
    )
    .bind(station_id)
    .bind(day.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CallRow {
                id: r.try_get(0)?,
                received_at: from_ms(r.try_get(1)?),
                channel: r.try_get(2)?,
                caller_name: r.try_get(3)?,
                phone: r.try_get(4)?,
                matter: r.try_get(5)?,
                handling: r.try_get(6)?,
                logged_by: r.try_get(7)?,
                order_id: r.try_get(8)?,
            })
        })
        .collect()
}

/// The open and completed-not-closed orders of a station, finishing deadline first.
pub async fn board_orders(db: &Db, station_id: i64) -> Result<Vec<OrderRow>, AppError> {
    let rows = sqlx::query(&format!(
        "{ORDER_SELECT} WHERE w.station_id = $1 AND w.status IN \
         ('received', 'dispatched', 'accepted', 'on_site', 'completed') \
         ORDER BY w.finish_by_ms, w.id"
    ))
    .bind(station_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(order_row).collect()
}

/// The moment a dispatch is for: now while the station is open, else its next opening.
fn dispatch_moment(clock: &StationClock, now: DateTime<Utc>) -> DateTime<Utc> {
    if clock.is_open_at(now) {
        now
    } else {
        clock.next_opening(now)
    }
}

/// Everyone at the station who may be handed an order, with the shift covering the dispatch
/// moment and how many orders they hold.
pub async fn candidates(
    db: &Db,
    station_id: i64,
    clock: &StationClock,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, AppError> {
    let moment = dispatch_moment(clock, now).timestamp_millis();
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.position, \
         (SELECT MIN(s.starts_at_ms) FROM shifts s WHERE s.user_id = u.id \
            AND s.starts_at_ms <= $2 AND s.ends_at_ms > $2), \
         (SELECT MAX(s.ends_at_ms) FROM shifts s WHERE s.user_id = u.id \
            AND s.starts_at_ms <= $2 AND s.ends_at_ms > $2), \
         (SELECT COUNT(*) FROM work_orders w WHERE w.assignee_id = u.id \
            AND w.status IN ('dispatched', 'accepted', 'on_site')) \
         FROM users u WHERE u.station_id = $1 AND u.active = 1 ORDER BY u.name",
    )
    .bind(station_id)
    .bind(moment)
    .fetch_all(db.pool())
    .await?;
    let mut list = Vec::new();
    for row in rows {
        let position: String = row.try_get(2)?;
        let position = Position::parse(&position).map_err(|_| AppError::Internal)?;
        if !position.takes_orders() {
            continue;
        }
        let shift = match (row.try_get::<Option<i64>, _>(3)?, row.try_get::<Option<i64>, _>(4)?) {
            (Some(start), Some(end)) => Some((from_ms(start), from_ms(end))),
            _ => None,
        };
        list.push(Candidate {
            id: row.try_get(0)?,
            name: row.try_get(1)?,
            position,
            shift,
            open_orders: row.try_get(5)?,
        });
    }
    // On shift first, service staff (who install and repair) before the others, then the
    // least loaded: the first button is the likeliest right person.
    list.sort_by_key(|c| (c.shift.is_none(), c.position != Position::ServiceStaff, c.open_orders));
    Ok(list)
}

/// The clerk's board: open orders and whom to send.
pub async fn desk_board(ctx: &Ctx) -> Result<DeskBoard, AppError> {
    let station_id = own_station(ctx)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ViewOrders, &scope)?;
    ctx.authorize(Action::RunDesk, &scope)?;
    let clock = stations::clock_for(ctx.db(), station_id).await?;
    let now = Utc::now();
    Ok(DeskBoard {
        now,
        station_id,
        orders: board_orders(ctx.db(), station_id).await?,
        candidates: candidates(ctx.db(), station_id, &clock, now).await?,
    })
}

/// The caller's own orders that still need them, nearest deadline first.
pub async fn field_list(ctx: &Ctx) -> Result<FieldList, AppError> {
    let station_id = own_station(ctx)?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::FieldWork, &scope)?;
    let rows = sqlx::query(&format!(
        "{ORDER_SELECT} WHERE w.assignee_id = $1 AND w.status IN \
         ('dispatched', 'accepted', 'on_site')"
    ))
    .bind(ctx.me.id)
    .fetch_all(ctx.db().pool())
    .await?;
    let mut orders = rows.iter().map(order_row).collect::<Result<Vec<_>, _>>()?;
    // The nearest deadline still to meet: the response until accepted, then the finish.
    orders
        .sort_by_key(|o| (if o.responded_at.is_none() { o.respond_by } else { o.finish_by }, o.id));
    let now = Utc::now();
    let today = shanghai::business_date(now);
    let (points_today, points_month) = points::own_totals(ctx.db(), ctx.me.id, today).await?;
    Ok(FieldList { now, orders, points_today, points_month })
}

/// An order with its history, points and what the viewer may do with it.
pub async fn detail(ctx: &Ctx, order_id: i64) -> Result<OrderDetail, AppError> {
    let station_id = station_of_order(ctx.db(), order_id).await?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ViewOrders, &scope)?;
    let may_run_desk = ctx.authorize(Action::RunDesk, &scope).is_ok();
    let sees_station = may_run_desk || ctx.authorize(Action::ViewReports, &scope).is_ok();
    let (order, _) = {
        let mut conn = ctx.db().pool().acquire().await?;
        load_row(&mut conn, order_id).await?
    };
    let is_assignee = order.assignee_id == Some(ctx.me.id);
    // Field staff see their own orders only.
    if !sees_station && !is_assignee {
        return Err(AppError::forbidden("forbidden.not_yours"));
    }
    let extra = sqlx::query(
        "SELECT result, cause, materials, fee_fen, fee_method, invoice_no, cancel_reason, \
         building, unit, room FROM work_orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_one(ctx.db().pool())
    .await?;
    let events = sqlx::query(
        "SELECT e.at_ms, e.step, a.name, b.name, e.note FROM order_events e \
         LEFT JOIN users a ON a.id = e.actor_id LEFT JOIN users b ON b.id = e.assignee_id \
         WHERE e.order_id = $1 ORDER BY e.at_ms, e.id",
    )
    .bind(order_id)
    .fetch_all(ctx.db().pool())
    .await?;
    let events = events
        .iter()
        .filter_map(|r| {
            Some(OrderEvent {
                at: from_ms(r.try_get(0).ok()?),
                step: r.try_get(1).ok()?,
                actor: r.try_get(2).ok()?,
                assignee: r.try_get(3).ok()?,
                note: r.try_get(4).ok()?,
            })
        })
        .collect();
    let facts = stations::facts(ctx.db(), station_id).await?;
    let clock = stations::clock_of(&facts)?;
    let now = Utc::now();
    let candidates = if may_run_desk {
        candidates(ctx.db(), station_id, &clock, now).await?
    } else {
        Vec::new()
    };
    let compounds = if may_run_desk {
        facts
            .areas
            .iter()
            .flat_map(|a| a.compounds.iter().map(|c| (c.id, format!("{} · {}", a.name, c.name))))
            .collect()
    } else {
        Vec::new()
    };
    Ok(OrderDetail {
        now,
        result: extra.try_get(0)?,
        cause: extra.try_get(1)?,
        materials: extra.try_get(2)?,
        fee_fen: extra.try_get(3)?,
        fee_method: extra.try_get(4)?,
        invoice_no: extra.try_get(5)?,
        cancel_reason: extra.try_get(6)?,
        building: extra.try_get(7)?,
        unit: extra.try_get(8)?,
        room: extra.try_get(9)?,
        events,
        points: points::entries_of_order(ctx.db(), order_id).await?,
        candidates,
        compounds,
        may_run_desk,
        is_assignee,
        order,
    })
}

/// What a step writes besides the status.
#[derive(Debug, Clone)]
pub enum StepData {
    Plain,
    Assign { assignee_id: i64 },
    Complete(Completion),
    Cancel { reason: String },
}

/// A checked completion.
#[derive(Debug, Clone)]
pub struct Completion {
    pub result: String,
    pub cause: String,
    pub materials: String,
    pub fee: Fen,
    pub fee_method: String,
    pub invoice_no: String,
}

/// The ways a fee may be collected.
pub const FEE_METHODS: [&str; 5] = ["none", "cash", "wechat", "alipay", "card"];

/// Checks the phone's completion form: a result, a repair's cause, a fee that is money
/// (not negative, at most two decimals) and a way of paying when there is a fee.
pub fn check_completion(
    form: &CompletionForm,
    kind: Option<OrderKind>,
) -> Result<Completion, AppError> {
    let mut problems = Vec::new();
    let result = text(&form.result, "result", true, &mut problems);
    let cause = text(&form.cause, "cause", kind == Some(OrderKind::Repair), &mut problems);
    let materials = text(&form.materials, "materials", false, &mut problems);
    let fee = if form.fee.trim().is_empty() {
        Fen(0)
    } else {
        match Fen::parse_yuan(&form.fee) {
            Ok(fee) if fee.0 < 0 => {
                problems.push(Problem::new("fee", "money.negative"));
                Fen(0)
            }
            // A typo guard: no visit collects more than ¥100,000.
            Ok(fee) if fee.0 > 10_000_000 => {
                problems.push(Problem::new("fee", "order.fee_too_large"));
                Fen(0)
            }
            Ok(fee) => fee,
            Err(error) => {
                problems.push(Problem::new("fee", error.code()));
                Fen(0)
            }
        }
    };
    let fee_method = form.fee_method.trim().to_owned();
    let fee_method = if fee_method.is_empty() { "none".to_owned() } else { fee_method };
    if !FEE_METHODS.contains(&fee_method.as_str()) {
        problems.push(Problem::new("fee_method", "order.unknown_fee_method"));
    } else if fee.0 > 0 && fee_method == "none" {
        problems.push(Problem::new("fee_method", "order.fee_method_required"));
    }
    let invoice_no = form.invoice_no.trim().to_owned();
    if invoice_no.chars().count() > 40
        || !invoice_no.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        problems.push(Problem::new("invoice_no", "order.invalid_invoice_no"));
    }
    if problems.is_empty() {
        Ok(Completion { result, cause, materials, fee, fee_method, invoice_no })
    } else {
        Err(AppError::Invalid { problems })
    }
}

/// The idempotency key of a field step, namespaced by the person sending it.
fn stored_key(ctx: &Ctx, key: &str) -> Result<String, AppError> {
    let key = key.trim();
    if key.is_empty() || key.len() > 100 || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::invalid("key", "order.bad_key"));
    }
    Ok(format!("{}:{key}", ctx.me.id))
}

/// The first answer to a field step sent with `key`; a key used before for another order
/// or another step is refused rather than answered with the wrong record.
async fn replay(
    db: &Db,
    key: &str,
    order_id: i64,
    step: Step,
) -> Result<Option<OrderRow>, AppError> {
    let stored = sqlx::query("SELECT action, result FROM idempotency_keys WHERE key = $1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    let Some(stored) = stored else { return Ok(None) };
    let action: String = stored.try_get(0)?;
    let json: String = stored.try_get(1)?;
    let first: OrderRow = serde_json::from_str(&json).map_err(|_| AppError::Internal)?;
    if action != step.key() || first.id != order_id {
        return Err(AppError::invalid("key", "order.bad_key"));
    }
    Ok(Some(first))
}

/// Takes one lifecycle step on an order saved at `version`. A field step names its
/// idempotency key: the same key sent again returns the first answer and changes nothing.
pub async fn take_step(
    ctx: &Ctx,
    order_id: i64,
    version: i64,
    step: Step,
    key: Option<&str>,
    data: StepData,
) -> Result<OrderRow, AppError> {
    let key = key.map(|k| stored_key(ctx, k)).transpose()?;
    if step.is_field_step() && key.is_none() {
        return Err(AppError::invalid("key", "order.bad_key"));
    }
    if let Some(key) = &key {
        if let Some(first) = replay(ctx.db(), key, order_id, step).await? {
            tracing::debug!(order_id, step = step.key(), "repeated field step answered again");
            return Ok(first);
        }
    }
    let outcome = step_once(ctx, order_id, version, step, key.as_deref(), data).await;
    match (&outcome, &key) {
        // Two deliveries of one step raced: the loser finds the winner's answer.
        (Err(AppError::Conflict { .. }), Some(key)) => {
            match replay(ctx.db(), key, order_id, step).await? {
                Some(first) => Ok(first),
                None => outcome,
            }
        }
        _ => outcome,
    }
}

async fn step_once(
    ctx: &Ctx,
    order_id: i64,
    version: i64,
    step: Step,
    key: Option<&str>,
    data: StepData,
) -> Result<OrderRow, AppError> {
    // What the step needs besides the order is read first, on the pool: a write
    // transaction holds its connection and must not wait for a second one.
    let station_id = station_of_order(ctx.db(), order_id).await?;
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    if step.is_field_step() {
        ctx.authorize(Action::FieldWork, &scope)?;
    } else {
        ctx.authorize(Action::RunDesk, &scope)?;
    }
    let clock = stations::clock_for(ctx.db(), station_id).await?;
    let settings_now = settings_versions(ctx.db(), station_id).await?;
    let mut tx = ctx.db().begin_write().await?;
    let (before, _) = load_row(&mut tx, order_id).await?;
    if step.is_field_step() && before.assignee_id != Some(ctx.me.id) {
        return Err(AppError::forbidden("forbidden.not_yours"));
    }
    let status = advance(before.status, step).map_err(|e| AppError::conflict(e.code()))?;
    // A desk save names the version it was made on. A field step is checked by the
    // lifecycle and its key instead: a clerk's edit of the contact meanwhile must not make
    // the phone's completion fail.
    if !step.is_field_step() && before.version != version {
        return Err(AppError::conflict("record.stale"));
    }
    let version = before.version;
    let now = Utc::now();
    let settings = settings_on(&settings_now, shanghai::business_date(now));
    let mut assignee_id = before.assignee_id;
    if let StepData::Assign { assignee_id: to } = &data {
        check_assignee(&mut tx, station_id, *to, &clock, now).await?;
        if step == Step::Reassign && before.assignee_id == Some(*to) {
            return Err(AppError::invalid("assignee", "order.same_assignee"));
        }
        assignee_id = Some(*to);
    }
    let accepted_at = if step == Step::Accept { Some(now) } else { before.accepted_at };
    let accepted_at = if step == Step::Reassign { None } else { accepted_at };
    let on_site_at = match step {
        Step::Arrive => Some(now),
        Step::Reassign => None,
        _ => before.on_site_at,
    };
    let completed_at = if step == Step::Complete { Some(now) } else { before.completed_at };
    let reassignments = before.reassign_count + i64::from(step == Step::Reassign);
    // The first response meets the response clock for good; a reassignment keeps it.
    let responded_at = before.responded_at.or((step == Step::Accept).then_some(now));
    // The facts only ever turn true: a late response stays late after a reassignment.
    let respond_late = before.respond_late
        || (matches!(step, Step::Accept | Step::Cancel | Step::Complete)
            && is_late(before.respond_by, responded_at, now));
    let finish_late = before.finish_late
        || (step == Step::Complete && is_late(before.finish_by, completed_at, now));
    let dragging = before.dragging
        || is_dragging(
            settings.drag,
            &clock,
            accepted_at,
            on_site_at.or(completed_at),
            u32::try_from(reassignments).unwrap_or(u32::MAX),
            now,
        );
    let now_ms = now.timestamp_millis();
    let updated = sqlx::query(
        "UPDATE work_orders SET status = $1, assignee_id = $2, \
         dispatched_at_ms = CASE WHEN $3 = 1 THEN $4 ELSE dispatched_at_ms END, \
         dispatched_by = CASE WHEN $3 = 1 THEN $5 ELSE dispatched_by END, \
         accepted_at_ms = $6, on_site_at_ms = $7, completed_at_ms = $8, \
         closed_at_ms = CASE WHEN $9 = 1 THEN $4 ELSE closed_at_ms END, \
         closed_by = CASE WHEN $9 = 1 THEN $5 ELSE closed_by END, \
         cancelled_at_ms = CASE WHEN $10 = 1 THEN $4 ELSE cancelled_at_ms END, \
         reassign_count = $11, respond_late = $12, finish_late = $13, dragging = $14, \
         responded_at_ms = $17, version = version + 1 WHERE id = $15 AND version = $16",
    )
    .bind(status.key())
    .bind(assignee_id)
    .bind(i64::from(step == Step::Dispatch))
    .bind(now_ms)
    .bind(ctx.me.id)
    .bind(accepted_at.map(|t| t.timestamp_millis()))
    .bind(on_site_at.map(|t| t.timestamp_millis()))
    .bind(completed_at.map(|t| t.timestamp_millis()))
    .bind(i64::from(step == Step::Close))
    .bind(i64::from(step == Step::Cancel))
    .bind(reassignments)
    .bind(i64::from(respond_late))
    .bind(i64::from(finish_late))
    .bind(i64::from(dragging))
    .bind(order_id)
    .bind(version)
    .bind(responded_at.map(|t| t.timestamp_millis()))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::conflict("record.stale"));
    }
    let mut note = String::new();
    match &data {
        StepData::Complete(c) => {
            sqlx::query(
                "UPDATE work_orders SET result = $1, cause = $2, materials = $3, fee_fen = $4, \
                 fee_method = $5, invoice_no = $6 WHERE id = $7",
            )
            .bind(&c.result)
            .bind(&c.cause)
            .bind(&c.materials)
            .bind(c.fee.0)
            .bind(&c.fee_method)
            .bind(&c.invoice_no)
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
            note.clone_from(&c.result);
        }
        StepData::Cancel { reason } => {
            sqlx::query("UPDATE work_orders SET cancel_reason = $1 WHERE id = $2")
                .bind(reason)
                .bind(order_id)
                .execute(&mut *tx)
                .await?;
            note.clone_from(reason);
        }
        StepData::Plain | StepData::Assign { .. } => {}
    }
    let event_assignee = matches!(data, StepData::Assign { .. }).then_some(assignee_id).flatten();
    insert_event(&mut tx, order_id, now, step.key(), Some(ctx.me.id), event_assignee, &note)
        .await?;
    book_step_points(&mut tx, ctx, station_id, &before, step, &data, &settings, now).await?;
    let change = Change {
        action: step_action(step),
        entity: "work_order",
        entity_id: order_id,
        station_id: Some(station_id),
        before: Some(json!({ "status": before.status.key(), "assignee": before.assignee_id })),
        after: Some(json!({ "status": status.key(), "assignee": assignee_id })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    let (after, _) = load_row(&mut tx, order_id).await?;
    if let Some(key) = key {
        let result = serde_json::to_string(&after).map_err(|_| AppError::Internal)?;
        sqlx::query(
            "INSERT INTO idempotency_keys (key, user_id, action, result, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key)
        .bind(ctx.me.id)
        .bind(step.key())
        .bind(result)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(order_id, step = step.key(), station_id, "order moved");
    ctx.state.hub.publish(station_id, "orders");
    Ok(after)
}

fn step_action(step: Step) -> &'static str {
    match step {
        Step::Dispatch => "order.dispatch",
        Step::Reassign => "order.reassign",
        Step::Accept => "order.accept",
        Step::Arrive => "order.arrive",
        Step::Complete => "order.complete",
        Step::Close => "order.close",
        Step::Cancel => "order.cancel",
    }
}

/// The points a step earns: the clerk's for a first dispatch and for an invoice on closing,
/// the assignee's for a completion. Each is booked once per order (a unique reference).
#[allow(clippy::too_many_arguments)]
async fn book_step_points(
    tx: &mut Tx,
    ctx: &Ctx,
    station_id: i64,
    before: &OrderRow,
    step: Step,
    data: &StepData,
    settings: &OrderSettings,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day = shanghai::business_date(now);
    let booking = match (step, data) {
        (Step::Dispatch, _) => Some(Booking {
            user_id: ctx.me.id,
            source: "dispatch",
            amount: settings.points.dispatched,
            dedupe: format!("order:{}:dispatch", before.id),
        }),
        (Step::Complete, _) => Some(Booking {
            user_id: ctx.me.id,
            source: "order",
            amount: settings.points.for_kind(before.kind),
            dedupe: format!("order:{}:complete", before.id),
        }),
        (Step::Close, _) => {
            let invoice: String =
                sqlx::query_scalar("SELECT invoice_no FROM work_orders WHERE id = $1")
                    .bind(before.id)
                    .fetch_one(&mut **tx)
                    .await?;
            (!invoice.is_empty()).then(|| Booking {
                user_id: ctx.me.id,
                source: "invoice",
                amount: settings.points.invoice,
                dedupe: format!("order:{}:invoice", before.id),
            })
        }
        _ => None,
    };
    if let Some(booking) = booking {
        points::book_order_points(tx, station_id, day, Some(before.id), &booking).await?;
    }
    Ok(())
}

/// The assignee must work at the station, take orders, and be on shift at the dispatch
/// moment (now, or the next opening while the station is closed).
async fn check_assignee(
    tx: &mut Tx,
    station_id: i64,
    assignee_id: i64,
    clock: &StationClock,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = sqlx::query("SELECT position, station_id, active FROM users WHERE id = $1")
        .bind(assignee_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        return Err(AppError::invalid("assignee", "order.assignee_not_in_station"));
    };
    let position: String = row.try_get(0)?;
    let in_station = row.try_get::<Option<i64>, _>(1)? == Some(station_id)
        && row.try_get::<i64, _>(2)? == 1
        && Position::parse(&position).is_ok_and(|p| p.takes_orders());
    if !in_station {
        return Err(AppError::invalid("assignee", "order.assignee_not_in_station"));
    }
    let moment = dispatch_moment(clock, now).timestamp_millis();
    let on_shift: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM shifts WHERE user_id = $1 AND starts_at_ms <= $2 AND ends_at_ms > $2",
    )
    .bind(assignee_id)
    .bind(moment)
    .fetch_optional(&mut **tx)
    .await?;
    if on_shift.is_none() {
        return Err(AppError::invalid("assignee", "order.assignee_not_on_shift"));
    }
    Ok(())
}

/// Sets or clears an order's appointment window (Shanghai `YYYY-MM-DDTHH:MM` from the form);
/// the finishing deadline becomes the window's end, or returns to the 4-hour clock.
pub async fn set_appointment(
    ctx: &Ctx,
    order_id: i64,
    version: i64,
    start: &str,
    end: &str,
) -> Result<OrderRow, AppError> {
    let now = Utc::now();
    let window = if start.trim().is_empty() && end.trim().is_empty() {
        None
    } else {
        let start = parse_local(start).ok_or_else(|| AppError::invalid("start", "date.invalid"))?;
        let end = parse_local(end).ok_or_else(|| AppError::invalid("end", "date.invalid"))?;
        Some(Window::new(start, end, now).map_err(|e| AppError::invalid("end", e.code()))?)
    };
    let station_id = station_of_order(ctx.db(), order_id).await?;
    ctx.authorize(Action::RunDesk, &stations::scope_of(ctx.db(), station_id).await?)?;
    let clock = stations::clock_for(ctx.db(), station_id).await?;
    let mut tx = ctx.db().begin_write().await?;
    let (before, _) = load_row(&mut tx, order_id).await?;
    if !before.status.is_open() {
        return Err(AppError::conflict("order.not_open"));
    }
    if before.version != version {
        return Err(AppError::conflict("record.stale"));
    }
    let due = deadlines(&clock, before.received_at, window);
    let updated = sqlx::query(
        "UPDATE work_orders SET appointment_start_ms = $1, appointment_end_ms = $2, \
         finish_by_ms = $3, version = version + 1 WHERE id = $4 AND version = $5",
    )
    .bind(window.map(|w| w.start.timestamp_millis()))
    .bind(window.map(|w| w.end.timestamp_millis()))
    .bind(due.finish_by.timestamp_millis())
    .bind(order_id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::conflict("record.stale"));
    }
    let shown = |w: Option<(DateTime<Utc>, DateTime<Utc>)>| {
        w.map(|(s, e)| {
            format!(
                "{} – {}",
                shanghai::to_local(s).format("%Y-%m-%d %H:%M"),
                shanghai::to_local(e).format("%Y-%m-%d %H:%M")
            )
        })
        .unwrap_or_default()
    };
    let change = Change {
        action: "order.appointment",
        entity: "work_order",
        entity_id: order_id,
        station_id: Some(station_id),
        before: Some(json!({ "appointment": shown(before.appointment) })),
        after: Some(json!({ "appointment": shown(window.map(|w| (w.start, w.end))) })),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    let (after, _) = load_row(&mut tx, order_id).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "orders");
    Ok(after)
}

fn parse_local(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()
        .map(shanghai::from_local)
}

/// The clerk's edit of contact, address and problem, refused on a stale version.
pub async fn edit(ctx: &Ctx, form: OrderEdit) -> Result<OrderRow, AppError> {
    let mut problems = Vec::new();
    let contact_name = text(&form.contact_name, "contact_name", false, &mut problems);
    let contact_phone = contact_phone(&form.contact_phone, "contact_phone", &mut problems);
    let building = text(&form.building, "building", false, &mut problems);
    let unit = text(&form.unit, "unit", false, &mut problems);
    let room = text(&form.room, "room", false, &mut problems);
    let problem = text(&form.problem, "problem", true, &mut problems);
    let mut tx = ctx.db().begin_write().await?;
    let (before, station_id) = load_row(&mut tx, form.order_id).await?;
    ctx.authorize(Action::RunDesk, &stations::scope_of(ctx.db(), station_id).await?)?;
    let compound_id =
        station_compound(&mut tx, station_id, &form.compound_id, &mut problems).await?;
    let Some(compound_id) = compound_id.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid { problems });
    };
    if matches!(before.status, OrderStatus::Closed | OrderStatus::Cancelled) {
        return Err(AppError::conflict("order.not_open"));
    }
    let updated = sqlx::query(
        "UPDATE work_orders SET contact_name = $1, contact_phone = $2, compound_id = $3, \
         building = $4, unit = $5, room = $6, problem = $7, version = version + 1 \
         WHERE id = $8 AND version = $9",
    )
    .bind(&contact_name)
    .bind(&contact_phone)
    .bind(compound_id)
    .bind(&building)
    .bind(&unit)
    .bind(&room)
    .bind(&problem)
    .bind(form.order_id)
    .bind(form.version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::conflict("record.stale"));
    }
    let view = |name: &str, compound: i64, address: &str, problem: &str| json!({ "contact_name": name, "compound": compound, "address": address, "problem": problem });
    let change = Change {
        action: "order.edit",
        entity: "work_order",
        entity_id: form.order_id,
        station_id: Some(station_id),
        before: Some(view(
            &before.contact_name,
            before.compound_id,
            &before.address,
            &before.problem,
        )),
        after: Some(view(
            &contact_name,
            compound_id,
            &address_line(&building, &unit, &room),
            &problem,
        )),
    };
    audit::record(&mut tx, author(ctx), change).await?;
    let (after, _) = load_row(&mut tx, form.order_id).await?;
    tx.commit().await?;
    ctx.state.hub.publish(station_id, "orders");
    Ok(after)
}

/// Marks the overdue and dragging facts that the clock alone made true, for every open
/// order of every station; returns the stations whose orders changed. The facts are the
/// system's, not a person's edit, so the version stays (no one's pending save goes stale).
pub async fn mark_overdue(
    db: &Db,
    clocks: &[(i64, StationClock)],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, AppError> {
    let now_ms = now.timestamp_millis();
    let rows = sqlx::query(
        "SELECT id, station_id, respond_by_ms, finish_by_ms, accepted_at_ms, on_site_at_ms, \
         reassign_count, respond_late, finish_late, dragging, responded_at_ms FROM work_orders \
         WHERE status IN ('received', 'dispatched', 'accepted', 'on_site') AND \
         ((respond_late = 0 AND respond_by_ms < $1) OR (finish_late = 0 AND finish_by_ms < $1) \
          OR (dragging = 0 AND accepted_at_ms IS NOT NULL AND on_site_at_ms IS NULL))",
    )
    .bind(now_ms)
    .fetch_all(db.pool())
    .await?;
    let mut changed = Vec::new();
    let day = shanghai::business_date(now);
    let mut drag_rules: std::collections::HashMap<i64, crate::domain::orders::DragRule> =
        std::collections::HashMap::new();
    for row in rows {
        let station_id: i64 = row.try_get(1)?;
        let Some((_, clock)) = clocks.iter().find(|(id, _)| *id == station_id) else { continue };
        let accepted = opt_ms(&row, 4)?;
        let respond_late =
            row.try_get::<i64, _>(7)? != 0 || is_late(from_ms(row.try_get(2)?), accepted, now);
        let finish_late = row.try_get::<i64, _>(8)? != 0 || from_ms(row.try_get(3)?) < now;
        let drag = match drag_rules.get(&station_id) {
            Some(rule) => *rule,
            None => {
                let rule = settings_on(&settings_versions(db, station_id).await?, day).drag;
                drag_rules.insert(station_id, rule);
                rule
            }
        };
        let reassignments = u32::try_from(row.try_get::<i64, _>(6)?).unwrap_or(u32::MAX);
        let dragging = row.try_get::<i64, _>(9)? != 0
            || is_dragging(drag, clock, accepted, opt_ms(&row, 5)?, reassignments, now);
        let was = (
            row.try_get::<i64, _>(7)? != 0,
            row.try_get::<i64, _>(8)? != 0,
            row.try_get::<i64, _>(9)? != 0,
        );
        if was == (respond_late, finish_late, dragging) {
            continue;
        }
        // Only ever turns a fact on, and only on an order still open: a step taken since
        // the read above is never undone.
        sqlx::query(
            "UPDATE work_orders SET respond_late = CASE WHEN $1 = 1 THEN 1 ELSE respond_late END, \
             finish_late = CASE WHEN $2 = 1 AND completed_at_ms IS NULL THEN 1 ELSE finish_late END, \
             dragging = CASE WHEN $3 = 1 THEN 1 ELSE dragging END \
             WHERE id = $4 AND status IN ('received', 'dispatched', 'accepted', 'on_site')",
        )
        .bind(i64::from(respond_late))
        .bind(i64::from(finish_late))
        .bind(i64::from(dragging))
        .bind(row.try_get::<i64, _>(0)?)
        .execute(db.pool())
        .await?;
        if !changed.contains(&station_id) {
            changed.push(station_id);
        }
    }
    Ok(changed)
}

/// The station an order belongs to.
async fn station_of_order(db: &Db, order_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT station_id FROM work_orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)
}

/// An order's current state, to choose between a first dispatch and a reassignment.
pub async fn status_of(db: &Db, order_id: i64) -> Result<OrderStatus, AppError> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM work_orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(db.pool())
        .await?;
    status.as_deref().and_then(OrderStatus::parse).ok_or(AppError::NotFound)
}

/// An order's kind, which decides what its completion needs.
pub async fn kind_of(db: &Db, order_id: i64) -> Result<OrderKind, AppError> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM work_orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(db.pool())
        .await?;
    kind.as_deref().and_then(OrderKind::parse).ok_or(AppError::NotFound)
}

/// Orders by id, in the order given.
pub async fn rows_by_id(db: &Db, ids: &[i64]) -> Result<Vec<OrderRow>, AppError> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let found = sqlx::query(&format!("{ORDER_SELECT} WHERE w.id IN ({list}) ORDER BY w.id"))
            .fetch_all(db.pool())
            .await?;
        for row in &found {
            rows.push(order_row(row)?);
        }
    }
    Ok(rows)
}
