//! The server's integration tests, one binary: the whole router in process, each test on a
//! fresh database, on SQLite always and on PostgreSQL when `STATIONDESK_TEST_PG_URL` is set.

// Test code states its expectations with unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;
mod orders;
mod permissions;
mod quality;
mod records;
mod sign_in;
