//! The minute ticker: tells open screens when their station opens or closes and when the
//! Shanghai date turns, so a wall screen never shows yesterday or "open" after closing; and
//! marks orders whose deadline passed as overdue, so the desk turns them red.

use super::state::AppState;
use super::stations;
use crate::domain::shanghai;
use chrono::{NaiveDate, Utc};
use std::collections::HashMap;
use std::time::Duration;

/// What a screen shows that changes with the clock alone.
type Face = (NaiveDate, bool);

/// Runs until the server shuts down: at each whole minute, publishes `clock` to every station
/// whose date or open state changed since the minute before.
pub async fn run(state: AppState) {
    let mut shown: HashMap<i64, Face> = HashMap::new();
    loop {
        tokio::select! {
            () = tokio::time::sleep(until_next_minute()) => {}
            () = state.hub.closed() => return,
        }
        let clocks = match stations::clocks(&state.db).await {
            Ok(clocks) => clocks,
            Err(error) => {
                tracing::warn!(?error, "the minute ticker could not read the stations");
                continue;
            }
        };
        let now = Utc::now();
        match super::orders::mark_overdue(&state.db, &clocks, now).await {
            Ok(changed) => {
                for station_id in changed {
                    tracing::debug!(station_id, "orders turned overdue or dragging");
                    state.hub.publish(station_id, "orders");
                }
            }
            Err(error) => tracing::warn!(?error, "the minute ticker could not mark overdue orders"),
        }
        let today = shanghai::business_date(now);
        for (station_id, clock) in clocks {
            let face = (today, clock.is_open_at(now));
            if shown.insert(station_id, face).is_some_and(|before| before != face) {
                tracing::debug!(station_id, open = face.1, "station clock changed");
                state.hub.publish(station_id, "clock");
            }
        }
    }
}

/// How long until just after the next whole minute (Shanghai minutes are UTC minutes).
fn until_next_minute() -> Duration {
    let millis = u64::try_from(Utc::now().timestamp_millis().rem_euclid(60_000)).unwrap_or(0);
    Duration::from_millis(60_000 - millis + 50)
}
