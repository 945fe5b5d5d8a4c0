//! Pure business types and rules: no I/O, no web framework, no database.

pub mod board;
pub mod calendar;
pub mod id_number;
pub mod lockout;
pub mod mobile;
pub mod money;
pub mod open_hours;
pub mod orders;
pub mod permission;
pub mod person_name;
pub mod points;
pub mod position;
pub mod rates;
pub mod shanghai;
