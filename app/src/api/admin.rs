//! The administrator's user management.

use crate::error::AppError;
use crate::model::{EditUserForm, NewUserForm, StationSummary, UserRecord};
use leptos::prelude::*;

/// Every user.
#[server]
pub async fn list_users() -> Result<Vec<UserRecord>, AppError> {
    use crate::domain::permission::{Action, Scope};
    use crate::server::{current, users};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            ctx.authorize(Action::ManageUsers, &Scope { station_id: 0, ops_center_id: 0 })?;
            users::all(ctx.db()).await
        }
        .await,
    )
}

/// Every station, for the administrator's pickers.
#[server]
pub async fn list_stations() -> Result<Vec<StationSummary>, AppError> {
    use crate::domain::permission::{Action, Scope};
    use crate::server::{current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            ctx.authorize(Action::ManageUsers, &Scope { station_id: 0, ops_center_id: 0 })?;
            stations::all(ctx.db()).await
        }
        .await,
    )
}

/// Creates a user.
#[server]
pub async fn create_user(form: NewUserForm) -> Result<UserRecord, AppError> {
    use crate::server::{current, users};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            users::create(&ctx, form).await
        }
        .await,
    )
}

/// Edits a user (name, position, station, active).
#[server]
pub async fn update_user(form: EditUserForm) -> Result<UserRecord, AppError> {
    use crate::server::{current, users};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            users::update(&ctx, form).await
        }
        .await,
    )
}

/// Sets a new password for a user.
#[server]
pub async fn reset_password(user_id: i64, password: String) -> Result<(), AppError> {
    use crate::server::{current, users};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            users::reset_password(&ctx, user_id, password).await
        }
        .await,
    )
}
