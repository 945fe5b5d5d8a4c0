//! How a page shows a failed load: a sentence in the reader's language, or the sign-in page.

use super::errors::error_text;
use super::style::ALERT;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Shows `error`; an ended session sends the person to sign in again.
#[component]
pub fn Failure(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    if error == AppError::Unauthenticated {
        return view! { <Redirect path="/login?ended=1" /> }.into_any();
    }
    view! {
        <p role="alert" class=ALERT>
            {move || error_text(i18n.get_locale(), &error)}
        </p>
    }
    .into_any()
}

/// The message for a finished action, if it failed.
pub fn action_error<T>(value: impl Get<Value = Option<Result<T, AppError>>>) -> Option<AppError> {
    match value.get() {
        Some(Err(error)) => Some(error),
        _ => None,
    }
}
