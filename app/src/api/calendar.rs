//! The official working-day calendar, read by everyone and edited by the administrator.

use crate::error::AppError;
use crate::model::CalendarYear;
use leptos::prelude::*;

/// Every covered year with its special days.
#[server]
pub async fn calendar_years() -> Result<Vec<CalendarYear>, AppError> {
    use crate::server::{calendar, current};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            calendar::years(ctx.db()).await
        }
        .await,
    )
}

/// Declares a new year covered.
#[server]
pub async fn add_calendar_year(year: i32) -> Result<(), AppError> {
    use crate::server::{calendar, current};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            calendar::add_year(&ctx, year).await
        }
        .await,
    )
}

/// Adds or replaces a holiday or an adjusted workday.
#[server]
pub async fn set_calendar_day(
    day: String,
    kind: String,
    name: String,
    name_zh: String,
) -> Result<(), AppError> {
    use crate::server::{calendar, current};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            calendar::set_day(&ctx, &day, &kind, &name, &name_zh).await
        }
        .await,
    )
}

/// Removes a special day.
#[server]
pub async fn remove_calendar_day(day: String) -> Result<(), AppError> {
    use crate::server::{calendar, current};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            calendar::remove_day(&ctx, &day).await
        }
        .await,
    )
}
