//! The station's facts, staff list, hours and closed days.

use crate::error::AppError;
use crate::model::{StaffMember, StationFacts, StationForm};
use leptos::prelude::*;

/// The facts of a station (the caller's own when `station_id` is `None`).
#[server]
pub async fn load_station(station_id: Option<i64>) -> Result<StationFacts, AppError> {
    use crate::domain::permission::Action;
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let id = station_id.or(ctx.me.station_id).ok_or(AppError::NotFound)?;
            ctx.authorize(Action::ViewStation, &stations::scope_of(ctx.db(), id).await?)?;
            stations::facts(ctx.db(), id).await
        }
        .await,
    )
}

/// The active staff of a station: names and positions only.
#[server]
pub async fn station_staff(station_id: Option<i64>) -> Result<Vec<StaffMember>, AppError> {
    use crate::domain::permission::Action;
    use crate::server::{current, stations, users};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let id = station_id.or(ctx.me.station_id).ok_or(AppError::NotFound)?;
            ctx.authorize(Action::ViewStation, &stations::scope_of(ctx.db(), id).await?)?;
            users::staff_of(ctx.db(), id).await
        }
        .await,
    )
}

/// Saves a station's facts and opening hours.
#[server]
pub async fn update_station(form: StationForm) -> Result<StationFacts, AppError> {
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            stations::update(&ctx, form).await
        }
        .await,
    )
}

/// Adds an area with its reward settings.
#[server]
pub async fn add_area(
    station_id: i64,
    name: String,
    reward_base: String,
    reward_min_households: i64,
) -> Result<i64, AppError> {
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            stations::add_area(&ctx, station_id, &name, &reward_base, reward_min_households).await
        }
        .await,
    )
}

/// Adds a compound to an area.
#[server]
pub async fn add_compound(area_id: i64, name: String) -> Result<i64, AppError> {
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            stations::add_compound(&ctx, area_id, &name).await
        }
        .await,
    )
}

/// Marks a day closed.
#[server]
pub async fn add_closed_day(station_id: i64, day: String, reason: String) -> Result<(), AppError> {
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            stations::add_closed_day(&ctx, station_id, &day, &reason).await
        }
        .await,
    )
}

/// Opens a closed day again.
#[server]
pub async fn remove_closed_day(station_id: i64, day: String) -> Result<(), AppError> {
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            stations::remove_closed_day(&ctx, station_id, &day).await
        }
        .await,
    )
}

/// Everything the caller's home page shows.
#[server]
pub async fn load_home() -> Result<crate::model::HomeSummary, AppError> {
    use crate::server::{current, home};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            home::summary(&ctx).await
        }
        .await,
    )
}
