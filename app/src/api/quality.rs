//! Order reports, callbacks, complaints, penalty notices, work-order settings and imports.

use crate::error::AppError;
use crate::model::orders::{
    ImportReport, OrderReport, OrderSettingsBook, OrderSettingsForm, QualityBook,
};
use leptos::prelude::*;

/// An optional id typed into (or chosen in) a form: empty is none.
#[cfg(feature = "ssr")]
fn optional_id(text: &str, field: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.trim_start_matches('#')
        .parse()
        .map(Some)
        .map_err(|_| AppError::invalid(field, "record.bad_id"))
}

/// The month's on-time rates, overdue orders and fault rate (`month` as `YYYY-MM`).
#[server]
pub async fn load_order_report(
    station_id: Option<i64>,
    month: String,
) -> Result<OrderReport, AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            order_quality::month_report(&ctx, station_id, &month).await
        }
        .await,
    )
}

/// The station's callbacks (proposed and recorded), complaints and penalty notices.
#[server]
pub async fn load_quality_book() -> Result<QualityBook, AppError> {
    use crate::server::{current, order_quality};
    super::finish(async { order_quality::quality_book(&current::signed_in().await?).await }.await)
}

/// Records a callback: `reached` is "yes" or "no".
#[server]
pub async fn record_callback(
    order_id: i64,
    reached: String,
    rating: String,
    comment: String,
) -> Result<(), AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let reached = match reached.as_str() {
                "yes" => true,
                "no" => false,
                _ => return Err(AppError::invalid("reached", "callback.reached_required")),
            };
            order_quality::record_callback(&ctx, order_id, reached, &rating, &comment).await
        }
        .await,
    )
}

/// Records a complaint about an order and the staff member concerned.
#[server]
pub async fn record_complaint(
    order_id: String,
    staff_id: String,
    received_on: String,
    note: String,
) -> Result<i64, AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let order_id = optional_id(&order_id, "order_id")?;
            let staff_id = optional_id(&staff_id, "staff_id")?;
            order_quality::record_complaint(&ctx, order_id, staff_id, &received_on, &note).await
        }
        .await,
    )
}

/// Records a penalty notice from a department above the station.
#[server]
pub async fn record_penalty(
    source: String,
    issued_on: String,
    user_id: String,
    note: String,
) -> Result<i64, AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let user_id = optional_id(&user_id, "user_id")?;
            order_quality::record_penalty(&ctx, &source, &issued_on, user_id, &note).await
        }
        .await,
    )
}

/// The work-order settings: every version and the one in force.
#[server]
pub async fn load_order_settings(station_id: Option<i64>) -> Result<OrderSettingsBook, AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async { order_quality::settings_book(&current::signed_in().await?, station_id).await }
            .await,
    )
}

/// Saves a version of the work-order settings, effective from its date.
#[server]
pub async fn save_order_settings(form: OrderSettingsForm) -> Result<OrderSettingsBook, AppError> {
    use crate::server::{current, order_quality};
    super::finish(
        async { order_quality::save_settings(&current::signed_in().await?, form).await }.await,
    )
}

/// The report of an import the caller ran.
#[server]
pub async fn load_import(id: i64) -> Result<(String, ImportReport), AppError> {
    use crate::server::{current, order_import};
    super::finish(async { order_import::load_run(&current::signed_in().await?, id).await }.await)
}
