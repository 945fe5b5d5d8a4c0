//! Wire types of the desk, the field phone, the points board and the order reports.

use crate::domain::board::Ranked;
use crate::domain::orders::{OrderKind, OrderStatus};
use crate::domain::points::Points;
use crate::domain::position::Position;
use crate::domain::rates::Rate;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How a call reached the station.
pub const CHANNELS: [&str; 4] = ["phone", "walk_in", "dispatch_center", "field"];

/// The desk's form: a call, and optionally the order it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CallForm {
    pub channel: String,
    pub caller_name: String,
    pub phone: String,
    pub matter: String,
    pub handling: String,
    /// "on" when the call becomes an order (a checkbox).
    pub make_order: Option<String>,
    pub kind: String,
    pub compound_id: String,
    pub building: String,
    pub unit: String,
    pub room: String,
}

/// What logging a call created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallLogged {
    pub call_id: i64,
    pub order_id: Option<i64>,
}

/// A call in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRow {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub channel: String,
    pub caller_name: String,
    pub phone: String,
    pub matter: String,
    pub handling: String,
    pub logged_by: Option<String>,
    pub order_id: Option<i64>,
}

/// An order as the board, the field list and the detail page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i64,
    pub kind: OrderKind,
    pub status: OrderStatus,
    pub problem: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub compound_id: i64,
    pub compound: String,
    pub address: String,
    /// An AMap link to the address.
    pub map_url: String,
    pub received_at: DateTime<Utc>,
    pub respond_by: DateTime<Utc>,
    pub finish_by: DateTime<Utc>,
    pub appointment: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    /// The first response (响应): kept through a reassignment, it is what the response
    /// clock was met by.
    pub responded_at: Option<DateTime<Utc>>,
    /// The current assignee's acceptance (cleared when the order is handed to someone else).
    pub accepted_at: Option<DateTime<Utc>>,
    pub on_site_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub respond_late: bool,
    pub finish_late: bool,
    pub dragging: bool,
    pub reassign_count: i64,
    pub version: i64,
}

/// Someone the clerk may dispatch to, with their shift and load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub position: Position,
    /// The shift covering the dispatch moment (now, or the next opening while closed).
    pub shift: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Orders dispatched to them and not yet completed.
    pub open_orders: i64,
}

/// The clerk's live board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskBoard {
    pub now: DateTime<Utc>,
    pub station_id: i64,
    pub orders: Vec<OrderRow>,
    pub candidates: Vec<Candidate>,
}

/// The field phone's list: one's own orders, nearest deadline first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldList {
    pub now: DateTime<Utc>,
    pub orders: Vec<OrderRow>,
    pub points_today: Points,
    pub points_month: Points,
}

/// The completion form on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CompletionForm {
    pub order_id: i64,
    pub version: i64,
    pub key: String,
    pub result: String,
    pub cause: String,
    pub materials: String,
    pub fee: String,
    pub fee_method: String,
    pub invoice_no: String,
}

/// The clerk's edit of an order's contact and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderEdit {
    pub order_id: i64,
    pub version: i64,
    pub contact_name: String,
    pub contact_phone: String,
    pub compound_id: String,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub problem: String,
}

/// One step in an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub at: DateTime<Utc>,
    /// `received` or a lifecycle step's key.
    pub step: String,
    pub actor: Option<String>,
    pub assignee: Option<String>,
    pub note: String,
}

/// Everything the order page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub now: DateTime<Utc>,
    pub order: OrderRow,
    pub result: String,
    pub cause: String,
    pub materials: String,
    pub fee_fen: i64,
    pub fee_method: String,
    pub invoice_no: String,
    pub cancel_reason: String,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub events: Vec<OrderEvent>,
    pub points: Vec<EntryView>,
    pub candidates: Vec<Candidate>,
    pub compounds: Vec<(i64, String)>,
    /// What the viewer may do here.
    pub may_run_desk: bool,
    pub is_assignee: bool,
}

/// One entry of the points ledger, with what caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub user_id: i64,
    pub person: String,
    pub day: NaiveDate,
    pub source: String,
    pub amount: Points,
    pub order_id: Option<i64>,
    pub order_kind: Option<OrderKind>,
    pub reason: String,
    pub corrects_id: Option<i64>,
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A person's points on the day under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDay {
    pub user_id: i64,
    pub name: String,
    pub position: Position,
    pub total: Points,
    pub entries: Vec<EntryView>,
}

/// The clerk's review of one day before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsDay {
    pub station_id: i64,
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub published: Option<(DateTime<Utc>, String)>,
    pub people: Vec<PersonDay>,
}

/// A published daily board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedBoard {
    pub station_id: i64,
    pub station_name: String,
    pub day: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub rows: Vec<Ranked>,
}

/// A published board in the ops center's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardNotice {
    pub station_id: i64,
    pub station_name: String,
    pub day: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub people: i64,
}

/// On-time figures for one group (a person, a kind or a day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTime {
    pub label: String,
    pub orders: i64,
    pub responded_on_time: Rate,
    pub finished_on_time: Rate,
    pub overdue: i64,
    pub dragging: i64,
    /// Mean callback rating as a fraction (sum of ratings over rated callbacks).
    pub rating: Rate,
}

/// The manager's order report for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReport {
    pub station_id: i64,
    pub month: NaiveDate,
    pub by_person: Vec<OnTime>,
    pub by_kind: Vec<(OrderKind, OnTime)>,
    pub by_day: Vec<OnTime>,
    /// The first 200 open overdue orders, the nearest deadline first.
    pub overdue: Vec<OrderRow>,
    /// How many open orders are overdue in all.
    pub overdue_count: i64,
    pub repairs: i64,
    pub active_subscribers: i64,
    pub fault_rate: Rate,
    pub previous_fault_rate: Rate,
}

/// An install proposed for a callback, or one called back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRow {
    pub order_id: i64,
    pub completed_at: Option<DateTime<Utc>>,
    pub contact_name: String,
    pub contact_phone: String,
    pub staff: Option<String>,
    pub reached: Option<bool>,
    pub rating: Option<i64>,
    pub comment: String,
}

/// A complaint or a penalty notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityNote {
    pub id: i64,
    pub day: NaiveDate,
    pub kind: String,
    pub source: String,
    pub order_id: Option<i64>,
    pub person: Option<String>,
    pub note: String,
}

/// Callbacks, complaints and penalty notices of the station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityBook {
    pub station_id: i64,
    /// The Shanghai date today, as the server sees it (the forms' default).
    pub today: NaiveDate,
    pub proposed: Vec<CallbackRow>,
    pub recorded: Vec<CallbackRow>,
    pub notes: Vec<QualityNote>,
    pub staff: Vec<(i64, String)>,
}

/// Departments whose penalty notices count (spec 02).
pub const PENALTY_SOURCES: [&str; 4] =
    ["ops_tech", "production_safety", "construction_assets", "customer_service"];

/// A version of the work-order settings, as the manager edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderSettingsForm {
    pub station_id: i64,
    pub effective_from: String,
    pub installation: String,
    pub repair: String,
    pub relocation: String,
    pub fee_collection: String,
    pub plan_change: String,
    pub disconnection: String,
    pub other: String,
    pub dispatched: String,
    pub invoice: String,
    pub drag_open_minutes: String,
    pub drag_reassignments: String,
}

/// The settings page: every version, newest first, and the one in force today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSettingsBook {
    pub station_id: i64,
    pub today: NaiveDate,
    pub in_force: crate::domain::orders::OrderSettings,
    pub versions: Vec<crate::domain::orders::OrderSettings>,
}

/// A bad row of an import: its line (the header is line 1), why, and what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    pub line: usize,
    pub code: String,
    pub value: String,
}

/// What an import did: with any bad row, nothing is written and every bad row is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub imported: usize,
    pub skipped: usize,
    pub errors: Vec<ImportLine>,
}
