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

/// Changes each time `action` succeeds and never when it fails: the source for a resource
/// that reloads after a change, so that a refused form is not redrawn and keeps what the
/// person typed.
pub fn successes<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let version = action.version().get();
        let succeeded = action.value().with(|value| matches!(value, Some(Ok(_))));
        match previous {
            Some(&previous) if !succeeded => previous,
            _ if succeeded => version,
            _ => 0,
        }
    })
}
