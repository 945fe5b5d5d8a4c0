//! The home page's figures for each position.

use super::current::Ctx;
use super::{calendar, stations};
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::AppError;
use crate::model::HomeSummary;
use sqlx::Row;

/// The caller's home figures: their station, or the stations they oversee.
pub async fn summary(ctx: &Ctx) -> Result<HomeSummary, AppError> {
    let now = chrono::Utc::now();
    let today = shanghai::business_date(now);
    let calendar = calendar::load(ctx.db()).await?;
    let station = match ctx.me.station_id {
        Some(id) => Some(stations::facts(ctx.db(), id).await?),
        None => None,
    };
    let open_now = match &station {
        Some(facts) => stations::clock_of(facts)?.is_open_at(now),
        None => false,
    };
    let all = if ctx.me.position.is_station_level() {
        Vec::new()
    } else {
        stations::all(ctx.db()).await?
    };
    let oversees = |s: &crate::model::StationSummary| {
        ctx.me.position == Position::Admin || Some(s.ops_center_id) == ctx.me.ops_center_id
    };
    let (user_total, inactive_users) = if ctx.me.position == Position::Admin {
        let row =
            sqlx::query("SELECT COUNT(*), CAST(COALESCE(SUM(1 - active), 0) AS BIGINT) FROM users")
                .fetch_one(ctx.db().pool())
                .await?;
        (row.try_get(0)?, row.try_get(1)?)
    } else {
        (0, 0)
    };
    Ok(HomeSummary {
        today,
        working_day: calendar.is_working_day(today).ok(),
        station,
        open_now,
        stations: all.into_iter().filter(oversees).collect(),
        user_total,
        inactive_users,
        years_covered: calendar.years().collect(),
    })
}
