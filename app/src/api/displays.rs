//! Wall-screen links and the public board they open.

use crate::error::AppError;
use crate::model::{DisplayLink, WallBoard};
use leptos::prelude::*;

/// A station's wall-screen links.
#[server]
pub async fn display_links(station_id: i64) -> Result<Vec<DisplayLink>, AppError> {
    use crate::server::{current, displays};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            displays::list(&ctx, station_id).await
        }
        .await,
    )
}

/// Creates a link and returns its path (`/wall/<secret>`), shown this once.
#[server]
pub async fn create_display_link(station_id: i64, label: String) -> Result<String, AppError> {
    use crate::server::{current, displays};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            let (_, token) = displays::create(&ctx, station_id, &label).await?;
            Ok(format!("/wall/{token}"))
        }
        .await,
    )
}

/// Revokes a link.
#[server]
pub async fn revoke_display_link(link_id: i64) -> Result<(), AppError> {
    use crate::server::{current, displays};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            displays::revoke(&ctx, link_id).await
        }
        .await,
    )
}

/// The public board a wall-screen link opens; no sign-in, only the link's secret.
#[server]
pub async fn load_wall_board(token: String) -> Result<WallBoard, AppError> {
    use crate::server::{current, displays};
    super::finish(
        async {
            let state = current::state()?;
            let station_id = displays::station_for(&state.db, &token).await?;
            displays::board(&state.db, station_id).await
        }
        .await,
    )
}
