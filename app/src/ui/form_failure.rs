//! The error of a form posted before the page's script had loaded, carried back in the URL.

use super::errors::error_text;
use super::style::ALERT;
use crate::api::FAILED_PARAM;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Shows the error named by the page's `failed` query parameter, if there is one.
#[component]
pub fn FormFailure() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || {
        let text = query.read().get(FAILED_PARAM)?;
        serde_json::from_str::<AppError>(&text).ok()
    };
    view! {
        <Show when=move || error().is_some()>
            <p role="alert" class=ALERT>
                {move || error().map(|e| error_text(i18n.get_locale(), &e)).unwrap_or_default()}
            </p>
        </Show>
    }
}
