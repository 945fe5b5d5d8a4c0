//! Server-only services and storage: never compiled into the browser bundle.

pub mod audit;
pub mod calendar;
pub mod current;
pub mod db;
pub mod demo;
pub mod displays;
pub mod exports;
pub mod home;
pub mod hub;
pub mod order_import;
pub mod order_quality;
pub mod orders;
pub mod passwords;
pub mod points;
pub mod push;
pub mod replay;
pub mod sessions;
pub mod sign_in;
pub mod state;
pub mod stations;
pub mod ticker;
pub mod users;

/// Milliseconds since the Unix epoch, UTC: how instants are stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The UTC instant a stored millisecond count stands for.
pub fn from_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
