//! The user interface, grouped by screen; components only, no server functions.

pub mod app;
mod audit_text;
pub(crate) mod errors;
mod failure;
mod form_failure;
mod format;
mod frame;
mod lang_switch;
mod live;
mod nav;
mod orders_view;
mod pages;
mod style;
