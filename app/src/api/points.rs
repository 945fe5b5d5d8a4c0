//! The points ledger's review, corrections, publication and boards.

use crate::error::AppError;
use crate::model::orders::{BoardNotice, PointsDay, PublishedBoard};
use leptos::prelude::*;

/// One day's points as the clerk reviews them (today when `day` is empty).
#[server]
pub async fn load_points_day(day: String) -> Result<PointsDay, AppError> {
    use crate::server::{current, points};
    super::finish(async { points::review_day(&current::signed_in().await?, &day).await }.await)
}

/// A manual adjustment, or a correction of the entry `corrects_id`.
#[server]
pub async fn adjust_points(
    user_id: i64,
    day: String,
    amount: String,
    reason: String,
    corrects_id: Option<i64>,
) -> Result<(i64, chrono::NaiveDate), AppError> {
    use crate::server::{current, points};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            points::adjust(&ctx, user_id, &day, &amount, &reason, corrects_id).await
        }
        .await,
    )
}

/// Publishes a day's board and locks the day.
#[server]
pub async fn publish_board(day: String) -> Result<PublishedBoard, AppError> {
    use crate::server::{current, points};
    super::finish(async { points::publish(&current::signed_in().await?, &day).await }.await)
}

/// A published board: the latest one when `day` is empty.
#[server]
pub async fn load_published_board(
    station_id: Option<i64>,
    day: String,
) -> Result<Option<PublishedBoard>, AppError> {
    use crate::server::{current, points};
    super::finish(
        async { points::board_for(&current::signed_in().await?, station_id, &day).await }.await,
    )
}

/// The published boards the caller receives (the ops center's inbox).
#[server]
pub async fn board_inbox() -> Result<Vec<BoardNotice>, AppError> {
    use crate::server::{current, points};
    super::finish(async { points::inbox(&current::signed_in().await?).await }.await)
}
