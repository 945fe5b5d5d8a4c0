//! One module per screen.

pub mod account;
pub mod calendar;
pub mod displays;
pub mod history;
pub mod home;
pub mod login;
pub mod not_found;
pub mod staff;
pub mod station;
pub mod users;
pub mod wall;
