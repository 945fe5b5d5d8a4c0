//! Password hashing with argon2id, off the async runtime.

use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};

/// The shortest password an administrator or a user may set.
pub const MIN_LENGTH: usize = 8;

/// Refuses a password that is too short or too long to be sensible.
pub fn check_strength(password: &str) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(AppError::invalid("password", "password.too_short"));
    }
    if len > 128 {
        return Err(AppError::invalid("password", "password.too_long"));
    }
    Ok(())
}

/// Hashes a password (argon2id, random salt) on a blocking thread.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Checks a password against a stored hash on a blocking thread.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody knows, verified against when the account does not exist so
/// that "no such account" and "wrong password" take the same time.
pub async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            hash("decoy-password-never-used".into()).await.unwrap_or_default()
        })
        .await
        .clone()
}
