//! Stationdesk: domain rules, server functions and UI shared by server and browser.

pub mod api;
pub mod domain;
pub mod error;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use ui::app::{shell, App};
