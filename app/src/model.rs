//! Wire types: what server functions send to the browser and receive from forms.

use crate::domain::position::Position;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod orders;

/// The signed-in person, as the UI needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub position: Position,
    pub station_id: Option<i64>,
    pub station_name: Option<String>,
    pub ops_center_id: Option<i64>,
    pub locale: String,
    /// The station whose manager rights this person holds today as acting manager.
    pub acting_manager_of: Option<i64>,
}

/// What the browser's session stands for: the signed-in person, if any, and whether the
/// browser carried a session that has since ended (expired, signed out elsewhere by a
/// password reset, or deactivated), so the sign-in page can say why it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub me: Option<Me>,
    pub ended: bool,
}

/// A colleague in the staff list: no phone number, no ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub position: Position,
    pub hired_on: NaiveDate,
}

/// A user as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub position: Position,
    pub station_id: Option<i64>,
    pub station_name: Option<String>,
    pub ops_center_id: Option<i64>,
    pub active: bool,
    pub hired_on: NaiveDate,
    pub locale: String,
    pub version: i64,
}

/// The administrator's form for a new user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NewUserForm {
    pub name: String,
    pub mobile: String,
    pub position: String,
    pub station_id: Option<i64>,
    pub ops_center_id: Option<i64>,
    pub hired_on: String,
    pub password: String,
}

/// The administrator's edit of an existing user; `version` guards against lost updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EditUserForm {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub position: String,
    pub station_id: Option<i64>,
    pub ops_center_id: Option<i64>,
    pub active: bool,
    pub reason: String,
}

/// A station with its ops center, opening hours and counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationFacts {
    pub id: i64,
    pub name: String,
    pub ops_center_id: i64,
    pub ops_center_name: String,
    pub address: String,
    pub phone: String,
    pub open_time: String,
    pub close_time: String,
    pub radius_m: i64,
    pub version: i64,
    pub areas: Vec<AreaFacts>,
    pub closed_days: Vec<ClosedDay>,
    pub staff_count: i64,
    pub subscriber_count: i64,
}

/// An area of a station with its compounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFacts {
    pub id: i64,
    pub name: String,
    pub reward_base_fen: i64,
    pub reward_min_households: i64,
    pub compounds: Vec<CompoundFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompoundFacts {
    pub id: i64,
    pub name: String,
    pub subscriber_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedDay {
    pub day: NaiveDate,
    pub reason: String,
}

/// A station in the administrator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationSummary {
    pub id: i64,
    pub name: String,
    pub ops_center_id: i64,
    pub ops_center_name: String,
}

/// One line of a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub client_addr: String,
}

/// A year of the official calendar with its special days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub working_days: u32,
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
    pub name_zh: String,
}

/// A wall-screen link of a station; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayLink {
    pub id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub revoked: bool,
}

/// What the wall screen shows: only what the station posts publicly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallBoard {
    pub station_name: String,
    pub address: String,
    pub phone: String,
    pub open_time: String,
    pub close_time: String,
    pub open_now: bool,
    pub today: NaiveDate,
    pub today_is_working_day: Option<bool>,
    pub next_closed_day: Option<ClosedDay>,
    pub staff_on_roll: Vec<StaffMember>,
    /// The latest published daily points board, if any.
    pub points_board: Option<orders::PublishedBoard>,
    pub generated_at: DateTime<Utc>,
}

/// The administrator's (or manager's) edit of a station's facts and hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StationForm {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub open_time: String,
    pub close_time: String,
}

/// What a home page shows, whatever the position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSummary {
    pub today: NaiveDate,
    /// `None` when the calendar does not cover this year.
    pub working_day: Option<bool>,
    pub station: Option<StationFacts>,
    pub open_now: bool,
    /// Stations the person oversees (ops center) or administers (admin).
    pub stations: Vec<StationSummary>,
    pub user_total: i64,
    pub inactive_users: i64,
    pub years_covered: Vec<i32>,
}
