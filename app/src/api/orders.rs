//! The desk, the order page and the field phone.

use crate::error::AppError;
use crate::model::orders::{
    CallForm, CallLogged, CallRow, CompletionForm, DeskBoard, FieldList, OrderDetail, OrderEdit,
    OrderRow,
};
use leptos::prelude::*;

/// Logs a call, and the order it becomes when `make_order` is ticked.
#[server]
pub async fn log_call(form: CallForm) -> Result<CallLogged, AppError> {
    use crate::server::{current, orders};
    super::finish(async { orders::log_call(&current::signed_in().await?, form).await }.await)
}

/// The clerk's live board of open orders and the people to dispatch to.
#[server]
pub async fn load_desk_board() -> Result<DeskBoard, AppError> {
    use crate::server::{current, orders};
    super::finish(async { orders::desk_board(&current::signed_in().await?).await }.await)
}

/// Today's call log of the caller's station.
#[server]
pub async fn calls_today() -> Result<Vec<CallRow>, AppError> {
    use crate::domain::permission::Action;
    use crate::server::{current, orders, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let station_id = ctx.me.station_id.ok_or(AppError::NotFound)?;
            ctx.authorize(Action::RunDesk, &stations::scope_of(ctx.db(), station_id).await?)?;
            let today = crate::domain::shanghai::business_date(chrono::Utc::now());
            orders::calls_of_day(ctx.db(), station_id, today).await
        }
        .await,
    )
}

/// Dispatches an order, or hands it to someone else when it already has an assignee.
#[server]
pub async fn dispatch_order(
    order_id: i64,
    version: i64,
    assignee_id: i64,
) -> Result<OrderRow, AppError> {
    use crate::domain::orders::{OrderStatus, Step};
    use crate::server::current;
    use crate::server::orders::{self, StepData};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let status = orders::status_of(ctx.db(), order_id).await?;
            let step =
                if status == OrderStatus::Received { Step::Dispatch } else { Step::Reassign };
            let data = StepData::Assign { assignee_id };
            orders::take_step(&ctx, order_id, version, step, None, data).await
        }
        .await,
    )
}

/// A field step on one's own order (`accept` or `arrive`), sent with an idempotency key.
#[server]
pub async fn field_step(
    order_id: i64,
    version: i64,
    step: String,
    key: String,
) -> Result<OrderRow, AppError> {
    use crate::domain::orders::Step;
    use crate::server::current;
    use crate::server::orders::{self, StepData};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let step = match step.as_str() {
                "accept" => Step::Accept,
                "arrive" => Step::Arrive,
                _ => return Err(AppError::invalid("step", "order.out_of_order")),
            };
            orders::take_step(&ctx, order_id, version, step, Some(&key), StepData::Plain).await
        }
        .await,
    )
}

/// Completes one's own order with its result, materials, fee and invoice number.
#[server]
pub async fn complete_order(form: CompletionForm) -> Result<OrderRow, AppError> {
    use crate::domain::orders::Step;
    use crate::server::current;
    use crate::server::orders::{self, StepData};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let kind = orders::kind_of(ctx.db(), form.order_id).await?;
            let completion = orders::check_completion(&form, Some(kind))?;
            let data = StepData::Complete(completion);
            orders::take_step(
                &ctx,
                form.order_id,
                form.version,
                Step::Complete,
                Some(&form.key),
                data,
            )
            .await
        }
        .await,
    )
}

/// The clerk closes a completed order after checking it.
#[server]
pub async fn close_order(order_id: i64, version: i64) -> Result<OrderRow, AppError> {
    use crate::domain::orders::Step;
    use crate::server::current;
    use crate::server::orders::{self, StepData};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            orders::take_step(&ctx, order_id, version, Step::Close, None, StepData::Plain).await
        }
        .await,
    )
}

/// The clerk cancels an open order, with the reason.
#[server]
pub async fn cancel_order(
    order_id: i64,
    version: i64,
    reason: String,
) -> Result<OrderRow, AppError> {
    use crate::domain::orders::Step;
    use crate::server::current;
    use crate::server::orders::{self, StepData};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let reason = reason.trim().to_owned();
            if reason.is_empty() {
                return Err(AppError::invalid("reason", "order.cancel_reason_required"));
            }
            if reason.chars().count() > 200 {
                return Err(AppError::invalid("reason", "text.too_long"));
            }
            let data = StepData::Cancel { reason };
            orders::take_step(&ctx, order_id, version, Step::Cancel, None, data).await
        }
        .await,
    )
}

/// Sets (or, with both fields empty, clears) the appointment window.
#[server]
pub async fn set_appointment(
    order_id: i64,
    version: i64,
    start: String,
    end: String,
) -> Result<OrderRow, AppError> {
    use crate::server::{current, orders};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            orders::set_appointment(&ctx, order_id, version, &start, &end).await
        }
        .await,
    )
}

/// The clerk's edit of contact, address and problem.
#[server]
pub async fn edit_order(form: OrderEdit) -> Result<OrderRow, AppError> {
    use crate::server::{current, orders};
    super::finish(async { orders::edit(&current::signed_in().await?, form).await }.await)
}

/// One order with its history and points.
#[server]
pub async fn load_order(order_id: i64) -> Result<OrderDetail, AppError> {
    use crate::server::{current, orders};
    super::finish(async { orders::detail(&current::signed_in().await?, order_id).await }.await)
}

/// The caller's own orders, nearest deadline first, and their points.
#[server]
pub async fn my_orders() -> Result<FieldList, AppError> {
    use crate::server::{current, orders};
    super::finish(async { orders::field_list(&current::signed_in().await?).await }.await)
}
