//! The server's integration tests, one binary: the whole router in process, each test on a
//! fresh database, on SQLite always and on PostgreSQL when `STATIONDESK_TEST_PG_URL` is set.

#[macro_use]
mod common;
mod permissions;
mod records;
mod sign_in;
