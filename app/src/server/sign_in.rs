//! Sign-in: credentials, lock-outs per account and per client address, the session.

use super::db::Db;
use super::{from_ms, now_ms, passwords};
use crate::domain::lockout::{lock_remaining, minutes_to_show, WINDOW_MINUTES};
use crate::domain::mobile::MobileNumber;
use crate::error::AppError;
use sqlx::Row;

/// The two things a lock-out is counted against.
#[derive(Debug, Clone, Copy)]
enum Key {
    Account,
    Address,
}

impl Key {
    fn kind(self) -> &'static str {
        match self {
            Key::Account => "account",
            Key::Address => "addr",
        }
    }
}

/// Checks the credentials and the lock-outs; on success returns the user's id.
/// Unknown account, inactive account and wrong password all answer the same.
pub async fn authenticate(
    db: &Db,
    mobile_text: &str,
    password: String,
    client_addr: &str,
) -> Result<i64, AppError> {
    let mobile =
        MobileNumber::parse(mobile_text).map_err(|e| AppError::invalid("mobile", e.code()))?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "password.empty"));
    }
    refuse_if_locked(db, Key::Address, client_addr).await?;
    refuse_if_locked(db, Key::Account, mobile.as_str()).await?;

    let row = sqlx::query("SELECT id, password_hash FROM users WHERE mobile = $1 AND active = 1")
        .bind(mobile.as_str())
        .fetch_optional(db.pool())
        .await?;
    let (user_id, stored) = match row {
        Some(row) => (Some(row.try_get::<i64, _>(0)?), row.try_get::<String, _>(1)?),
        None => (None, passwords::decoy_hash().await),
    };
    let matches = passwords::verify(password, stored).await;
    match user_id {
        Some(id) if matches => {
            record(db, Key::Account, mobile.as_str(), true).await?;
            record(db, Key::Address, client_addr, true).await?;
            Ok(id)
        }
        _ => {
            record(db, Key::Account, mobile.as_str(), false).await?;
            record(db, Key::Address, client_addr, false).await?;
            refuse_if_locked(db, Key::Account, mobile.as_str()).await?;
            refuse_if_locked(db, Key::Address, client_addr).await?;
            Err(AppError::invalid("", "sign_in.wrong_credentials"))
        }
    }
}

async fn refuse_if_locked(db: &Db, key: Key, value: &str) -> Result<(), AppError> {
    let since = now_ms() - 2 * WINDOW_MINUTES * 60_000;
    let rows = sqlx::query(
        "SELECT at_ms, succeeded FROM sign_in_attempts \
         WHERE key_kind = $1 AND key_value = $2 AND at_ms >= $3 ORDER BY at_ms DESC, id DESC",
    )
    .bind(key.kind())
    .bind(value)
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let mut failures = Vec::new();
    for row in rows {
        let succeeded: i64 = row.try_get(1)?;
        if succeeded == 1 {
            break;
        }
        failures.push(from_ms(row.try_get(0)?));
    }
    match lock_remaining(&failures, chrono::Utc::now()) {
        Some(remaining) => {
            tracing::info!(key = key.kind(), "sign-in refused: locked");
            Err(AppError::Locked { minutes: minutes_to_show(remaining) })
        }
        None => Ok(()),
    }
}

async fn record(db: &Db, key: Key, value: &str, succeeded: bool) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sign_in_attempts (key_kind, key_value, at_ms, succeeded) VALUES ($1, $2, $3, $4)",
    )
    .bind(key.kind())
    .bind(value)
    .bind(now_ms())
    .bind(i64::from(succeeded))
    .execute(db.pool())
    .await
    ?;
    Ok(())
}
