//! One module per screen.

pub mod account;
pub mod board;
pub mod calendar;
pub mod desk;
pub mod displays;
pub mod field;
pub mod history;
pub mod home;
pub mod import;
pub mod login;
pub mod not_found;
pub mod order;
pub mod order_settings;
pub mod points;
pub mod quality;
pub mod reports;
pub mod staff;
pub mod station;
pub mod users;
pub mod wall;
