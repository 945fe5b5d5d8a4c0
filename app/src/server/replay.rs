//! Replays a real week of a public service desk (St. Louis 311, 2018-01-01..07) into a
//! station's call log and work orders, shifted to a recent week, so the desk, the clocks,
//! the overdue lists and the points show real arrival and completion times.
//!
//! Mapping (also in the README):
//! - problem code → order kind by what the request asks for: an outage or a defect (lights,
//!   water, heat, signals, potholes, sewers, snow) → repair; a permit application → new
//!   installation; moving or adding a container → relocation; a missed collection → fee
//!   collection (a routine round); a towing or vehicle matter → disconnection; an
//!   information request → plan change; anything else → other.
//! - neighbourhood number → the station's compounds in id order, number modulo their count.
//! - team (`submitto`) → one of the station's service staff, by a stable hash of its name.
//! - times: the wall-clock times are kept and read as Shanghai time, the dates moved by whole
//!   weeks so that 2018-01-01 (a Monday) lands on `week_of` (a Monday).
//! - a closed request was completed and closed at its closing time; the data records no
//!   separate response or arrival, so response, arrival and completion are that moment.
//!   A cancelled one is cancelled at its cancel time; any other, and any whose closing or
//!   cancelling moved past the present moment, is still open.

use super::db::{Db, Tx};
use super::orders::{insert_order, NewOrder};
use super::points::{book_order_points, Booking};
use super::stations;
use crate::domain::orders::{is_late, settings_on, OrderKind, OrderSettings};
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sqlx::Row;

/// The week as published, embedded so that a fresh clone can replay it.
pub const WEEK: &str = include_str!("../../seed/stl_311_2018_week1.csv");

/// The first day of the recorded week (a Monday).
fn recorded_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default()
}

/// The kind of order a 311 problem code stands for.
pub fn kind_for(code: &str) -> OrderKind {
    let code = code.to_ascii_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| code.contains(w));
    if code.starts_with("pmtapp") {
        OrderKind::Installation
    } else if any(&["move container", "not enough cntnr", "cntnr out of", "cntnr blocking"]) {
        OrderKind::Relocation
    } else if any(&["not collect", "recycling not", "refuse"]) {
        OrderKind::FeeCollection
    } else if any(&["vehicle", "towing", "parking"]) {
        OrderKind::Disconnection
    } else if any(&["sunshine", "information", "foreman cntct"]) {
        OrderKind::PlanChange
    } else if any(&[
        "light", "wtr", "water", "heat", "signal", "pothole", "sewer", "snow", "fh-", "sign ",
        "damaged", "leak", "broken", "tree",
    ]) {
        OrderKind::Repair
    } else {
        OrderKind::Other
    }
}

/// The channel a 311 caller type arrived by.
fn channel_for(caller_type: &str) -> &'static str {
    match caller_type {
        "PHONE" => "phone",
        "WEB" | "EMAIL" | "TWITTER" => "dispatch_center",
        "DEPT_REF" | "CSB VCML" => "field",
        _ => "walk_in",
    }
}

fn stable_hash(text: &str) -> u64 {
    // FNV-1a: only needs to spread team names evenly and never change between runs.
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// What one replay did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    pub orders: usize,
    pub skipped: usize,
    pub completed: usize,
    pub cancelled: usize,
    pub open: usize,
}

#[derive(Debug)]
struct Request {
    id: String,
    received: NaiveDateTime,
    caller_type: String,
    neighbourhood: i64,
    code: String,
    description: String,
    team: String,
    address: String,
    closed: Option<NaiveDateTime>,
    cancelled: Option<NaiveDateTime>,
}

fn parse_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()
}

fn requests(csv_text: &str) -> Result<Vec<Request>, AppError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|_| AppError::Internal)?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or(AppError::Internal);
    let (id, init, caller, hood, code, desc, team, status, closed, cancelled, addr) = (
        column("requestid")?,
        column("datetimeinit")?,
        column("callertype")?,
        column("neighborhood")?,
        column("problemcode")?,
        column("description")?,
        column("submitto")?,
        column("status")?,
        column("datetimeclosed")?,
        column("datecancelled")?,
        column("probaddress")?,
    );
    let mut list = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| AppError::Internal)?;
        let get = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let Some(received) = parse_time(&get(init)) else { continue };
        let closed_status = get(status).eq_ignore_ascii_case("closed");
        list.push(Request {
            id: get(id),
            received,
            caller_type: get(caller),
            neighbourhood: get(hood).parse().unwrap_or(0),
            code: get(code),
            description: get(desc),
            team: get(team),
            address: get(addr),
            closed: parse_time(&get(closed)).filter(|_| closed_status),
            cancelled: parse_time(&get(cancelled)),
        });
    }
    Ok(list)
}

/// Replays the recorded week into `station_id`, moved to the week starting `week_of` (a
/// Monday). Requests replayed before are skipped, so a second run changes nothing.
pub async fn replay(
    db: &Db,
    station_id: i64,
    csv_text: &str,
    week_of: NaiveDate,
) -> Result<Replayed, AppError> {
    let shift = week_of - recorded_monday();
    let facts = stations::facts(db, station_id).await?;
    let clock = stations::clock_of(&facts)?;
    let compounds: Vec<(i64, String)> = facts
        .areas
        .iter()
        .flat_map(|a| a.compounds.iter().map(|c| (c.id, c.name.clone())))
        .collect();
    if compounds.is_empty() {
        return Err(AppError::invalid("station", "order.unknown_compound"));
    }
    let staff: Vec<i64> = super::users::staff_of(db, station_id)
        .await?
        .into_iter()
        .filter(|m| m.position == Position::ServiceStaff)
        .map(|m| m.id)
        .collect();
    let clerk: Option<i64> = super::users::staff_of(db, station_id)
        .await?
        .into_iter()
        .find(|m| m.position == Position::DispatchClerk)
        .map(|m| m.id);
    let settings = super::orders::settings_versions(db, station_id).await?;
    let mut done = Replayed::default();
    let mut tx = db.begin_write().await?;
    for request in requests(csv_text)? {
        let external = format!("stl311:{}", request.id);
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM work_orders WHERE station_id = $1 AND external_ref = $2",
        )
        .bind(station_id)
        .bind(&external)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            done.skipped += 1;
            continue;
        }
        let moved = |t: NaiveDateTime| shanghai::from_local(t + shift);
        let received = moved(request.received);
        let index = usize::try_from(request.neighbourhood.unsigned_abs()).unwrap_or(0);
        let (compound_id, _) = &compounds[index % compounds.len()];
        let assignee = (!staff.is_empty()).then(|| {
            let slot = usize::try_from(stable_hash(&request.team) % staff.len() as u64);
            staff[slot.unwrap_or(0)]
        });
        let call_id: i64 = sqlx::query_scalar(
            "INSERT INTO calls (station_id, received_at_ms, day, channel, matter, handling, \
             logged_by, external_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(station_id)
        .bind(received.timestamp_millis())
        .bind(shanghai::business_date(received).to_string())
        .bind(channel_for(&request.caller_type))
        .bind(format!("{} · {}", request.description, request.code))
        .bind(request.address.clone())
        .bind(clerk)
        .bind(&external)
        .fetch_one(&mut *tx)
        .await?;
        let kind = kind_for(&request.code);
        let order = NewOrder {
            kind,
            compound_id: *compound_id,
            building: String::new(),
            unit: String::new(),
            room: String::new(),
            contact_name: String::new(),
            contact_phone: String::new(),
            problem: request.description.clone(),
            received_at: received,
            external_ref: Some(external.clone()),
        };
        let order_id =
            insert_order(&mut tx, station_id, Some(call_id), &clock, &order, clerk).await?;
        // A request closed weeks later may land after today: not done yet, so still open.
        let now = Utc::now();
        let ending = match (request.closed.map(moved), request.cancelled.map(moved)) {
            (Some(closed), _) if closed <= now => Ending::Completed(closed.max(received)),
            (None, Some(cancelled)) if cancelled <= now => {
                Ending::Cancelled(cancelled.max(received))
            }
            _ => Ending::Open,
        };
        let day_settings = settings_on(&settings, shanghai::business_date(received));
        apply_ending(
            &mut tx,
            station_id,
            order_id,
            kind,
            received,
            assignee,
            clerk,
            ending,
            &day_settings,
        )
        .await?;
        done.orders += 1;
        match ending {
            Ending::Completed(_) => done.completed += 1,
            Ending::Cancelled(_) => done.cancelled += 1,
            Ending::Open => done.open += 1,
        }
    }
    tx.commit().await?;
    tracing::info!(station_id, orders = done.orders, skipped = done.skipped, "week replayed");
    Ok(done)
}

#[derive(Debug, Clone, Copy)]
enum Ending {
    Completed(DateTime<Utc>),
    Cancelled(DateTime<Utc>),
    Open,
}

/// Writes what happened to a replayed order: dispatched on arrival, then completed and
/// closed, cancelled, or still open; the facts and points as the live desk would have.
#[allow(clippy::too_many_arguments)]
async fn apply_ending(
    tx: &mut Tx,
    station_id: i64,
    order_id: i64,
    kind: OrderKind,
    received: DateTime<Utc>,
    assignee: Option<i64>,
    clerk: Option<i64>,
    ending: Ending,
    settings: &OrderSettings,
) -> Result<(), AppError> {
    let due: (i64, i64) = {
        let row = sqlx::query("SELECT respond_by_ms, finish_by_ms FROM work_orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut **tx)
            .await?;
        (row.try_get(0)?, row.try_get(1)?)
    };
    let (respond_by, finish_by) = (super::from_ms(due.0), super::from_ms(due.1));
    let (status, done_at) = match ending {
        Ending::Completed(at) => ("closed", Some(at)),
        Ending::Cancelled(at) => ("cancelled", Some(at)),
        Ending::Open => ("dispatched", None),
    };
    let completed = matches!(ending, Ending::Completed(_)).then_some(done_at).flatten();
    let respond_late = completed.map(|at| is_late(respond_by, Some(at), at)).unwrap_or(false);
    let finish_late = completed.map(|at| is_late(finish_by, Some(at), at)).unwrap_or(false);
    sqlx::query(
        "UPDATE work_orders SET status = $1, assignee_id = $2, dispatched_by = $3, \
         dispatched_at_ms = $4, responded_at_ms = $5, accepted_at_ms = $5, on_site_at_ms = $5, \
         completed_at_ms = $5, \
         closed_at_ms = $5, closed_by = CASE WHEN $5 IS NULL THEN NULL ELSE $3 END, \
         cancelled_at_ms = $6, cancel_reason = $7, result = $8, respond_late = $9, \
         finish_late = $10 WHERE id = $11",
    )
    .bind(status)
    .bind(assignee)
    .bind(clerk)
    .bind(received.timestamp_millis())
    .bind(completed.map(|t| t.timestamp_millis()))
    .bind(
        matches!(ending, Ending::Cancelled(_))
            .then_some(done_at)
            .flatten()
            .map(|t| t.timestamp_millis()),
    )
    .bind(if matches!(ending, Ending::Cancelled(_)) { "311 cancelled" } else { "" })
    .bind(if completed.is_some() { "311 closed" } else { "" })
    .bind(i64::from(respond_late))
    .bind(i64::from(finish_late))
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    let event = |step: &'static str, at: DateTime<Utc>| (step, at);
    let mut events = vec![event("dispatch", received)];
    match ending {
        Ending::Completed(at) => events.extend([
            event("accept", at),
            event("arrive", at),
            event("complete", at),
            event("close", at),
        ]),
        Ending::Cancelled(at) => events.push(event("cancel", at)),
        Ending::Open => {}
    }
    for (step, at) in events {
        sqlx::query(
            "INSERT INTO order_events (order_id, at_ms, step, actor_id, assignee_id, note) \
             VALUES ($1, $2, $3, $4, $5, '')",
        )
        .bind(order_id)
        .bind(at.timestamp_millis())
        .bind(step)
        .bind(if step == "dispatch" || step == "close" { clerk } else { assignee })
        .bind(if step == "dispatch" { assignee } else { None })
        .execute(&mut **tx)
        .await?;
    }
    if let Some(clerk) = clerk {
        let booking = Booking {
            user_id: clerk,
            source: "dispatch",
            amount: settings.points.dispatched,
            dedupe: format!("order:{order_id}:dispatch"),
        };
        let day = shanghai::business_date(received);
        book_order_points(tx, station_id, day, Some(order_id), &booking).await?;
    }
    if let (Some(at), Some(assignee)) = (completed, assignee) {
        let booking = Booking {
            user_id: assignee,
            source: "order",
            amount: settings.points.for_kind(kind),
            dedupe: format!("order:{order_id}:complete"),
        };
        book_order_points(tx, station_id, shanghai::business_date(at), Some(order_id), &booking)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_codes_map_to_order_kinds() {
        assert_eq!(kind_for("PmtApp_Excavation"), OrderKind::Installation);
        assert_eq!(kind_for("Whole Blk Lights Out"), OrderKind::Repair);
        assert_eq!(kind_for("WTR-COMING-UP"), OrderKind::Repair);
        assert_eq!(kind_for("Insufficient Heat"), OrderKind::Repair);
        assert_eq!(kind_for("Refuse not collected"), OrderKind::FeeCollection);
        assert_eq!(kind_for("Move container"), OrderKind::Relocation);
        assert_eq!(kind_for("Vehicle Towing"), OrderKind::Disconnection);
        assert_eq!(kind_for("Sunshine Request"), OrderKind::PlanChange);
        assert_eq!(kind_for("Check Welfare"), OrderKind::Other);
    }

    #[test]
    fn the_embedded_week_parses_whole() {
        let list = requests(WEEK).expect("parse");
        assert_eq!(list.len(), 1541);
        assert_eq!(list.iter().filter(|r| r.closed.is_some()).count(), 1418);
        assert!(list.iter().all(|r| r.received.date() >= recorded_monday()));
    }
}
