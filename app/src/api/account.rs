//! Signing in and out, the caller's own profile, password and language.

use crate::error::AppError;
use crate::model::SessionView;
use leptos::prelude::*;

/// Signs in with a mobile number and password, then goes to the home page.
#[server]
pub async fn sign_in(mobile: String, password: String) -> Result<(), AppError> {
    use crate::server::{current, sign_in, users};
    super::finish(
        async {
            let state = current::state()?;
            let addr = current::client_addr().await;
            let user_id = sign_in::authenticate(&state.db, &mobile, password, &addr).await?;
            let session = current::session().await?;
            session.cycle_id().await.map_err(|_| AppError::Internal)?;
            let epoch = users::session_epoch(&state.db, user_id).await?;
            let store = |e: tower_sessions::session::Error| {
                tracing::error!(error = %e, "session store failure");
                AppError::Internal
            };
            session.insert(current::USER_KEY, user_id).await.map_err(store)?;
            session.insert(current::EPOCH_KEY, epoch).await.map_err(store)?;
            let me =
                current::load_me(&state.db, user_id, epoch).await?.ok_or(AppError::Internal)?;
            set_locale_cookie(&me.locale, state.secure_cookies);
            set_session_marker(true, state.secure_cookies);
            tracing::info!(user_id, "signed in");
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Remembers the language for the next page load, the same way the language switch does.
#[cfg(feature = "ssr")]
fn set_locale_cookie(locale: &str, secure: bool) {
    append_cookie(&format!("i18n_pref_locale={locale}; Path=/; Max-Age=31536000"), secure);
}

/// Marks (or, with `false`, unmarks) this browser as one that holds a session, so that
/// once the session expires the sign-in page can say so.
#[cfg(feature = "ssr")]
fn set_session_marker(present: bool, secure: bool) {
    use crate::server::current::SESSION_MARKER;
    let max_age = if present { 31_536_000 } else { 0 };
    append_cookie(&format!("{SESSION_MARKER}=1; Path=/; Max-Age={max_age}; HttpOnly"), secure);
}

#[cfg(feature = "ssr")]
fn append_cookie(cookie: &str, secure: bool) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let secure = if secure { "; Secure" } else { "" };
        let cookie = format!("{cookie}; SameSite=Lax{secure}");
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// Ends the caller's session.
#[server]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::current;
    super::finish(
        async {
            let state = current::state()?;
            let session = current::session().await?;
            session.flush().await.map_err(|_| AppError::Internal)?;
            set_session_marker(false, state.secure_cookies);
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

/// The signed-in person, and whether a session this browser carried has ended.
#[server]
pub async fn current_session() -> Result<SessionView, AppError> {
    use crate::server::current;
    match current::signed_in().await {
        Ok(ctx) => Ok(SessionView { me: Some(ctx.me), ended: false }),
        Err(AppError::Unauthenticated) => {
            Ok(SessionView { me: None, ended: current::had_a_session().await })
        }
        Err(e) => super::finish(Err(e)),
    }
}

/// Changes the caller's password; every other session of theirs ends.
#[server]
pub async fn change_password(current: String, new: String, repeat: String) -> Result<(), AppError> {
    use crate::server::{current as cur, users};
    super::finish(
        async {
            let ctx = cur::signed_in().await?;
            if new != repeat {
                return Err(AppError::invalid("repeat", "password.mismatch"));
            }
            let epoch = users::change_own_password(&ctx, current, new).await?;
            let session = cur::session().await?;
            session.insert(cur::EPOCH_KEY, epoch).await.map_err(|_| AppError::Internal)?;
            Ok(())
        }
        .await,
    )
}

/// Remembers the caller's language on their profile (the cookie is set by the browser).
#[server]
pub async fn save_locale(locale: String) -> Result<(), AppError> {
    use crate::server::{current, users};
    super::finish(
        async {
            let state = current::state()?;
            let ctx = current::signed_in().await;
            set_locale_cookie(if locale == "en" { "en" } else { "zh" }, state.secure_cookies);
            match ctx {
                Ok(ctx) => users::set_locale(ctx.db(), ctx.me.id, &locale).await,
                Err(AppError::Unauthenticated) => Ok(()),
                Err(e) => Err(e),
            }
        }
        .await,
    )
}
