//! Reading the audit log: a record's history, a station's recent changes.

use crate::error::AppError;
use crate::model::AuditEntry;
use leptos::prelude::*;

/// Every change to one record, for those who may see its station's history.
#[server]
pub async fn record_history(entity: String, entity_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    use crate::domain::permission::{Action, Scope};
    use crate::domain::position::Position;
    use crate::server::{audit, current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            match audit::station_of(ctx.db(), &entity, entity_id).await? {
                Some(station) => {
                    ctx.authorize(Action::ViewAudit, &stations::scope_of(ctx.db(), station).await?)?
                }
                None if ctx.me.position == Position::Admin => {}
                None => {
                    let scope = Scope { station_id: 0, ops_center_id: 0 };
                    ctx.authorize(Action::EditCalendar, &scope)?
                }
            }
            audit::history(ctx.db(), &entity, entity_id).await
        }
        .await,
    )
}

/// The latest changes in a station (the caller's own when `station_id` is `None`); for the
/// administrator, who has no station, the latest changes anywhere.
#[server]
pub async fn station_changes(station_id: Option<i64>) -> Result<Vec<AuditEntry>, AppError> {
    use crate::domain::permission::Action;
    use crate::domain::position::Position;
    use crate::server::{audit, current, stations};
    super::finish(
        async {
            let ctx = current::signed_in().await?;
            if station_id.is_none() && ctx.me.position == Position::Admin {
                return audit::global_log(ctx.db(), 200).await;
            }
            let id = station_id.or(ctx.me.station_id).ok_or(AppError::NotFound)?;
            ctx.authorize(Action::ViewAudit, &stations::scope_of(ctx.db(), id).await?)?;
            audit::station_log(ctx.db(), id, 200).await
        }
        .await,
    )
}
