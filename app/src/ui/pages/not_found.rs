//! The page for an address that leads nowhere.

use crate::i18n::*;
use crate::ui::style::{BUTTON_QUIET, CARD};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <div class="mx-auto mt-16 max-w-md p-4">
            <div class=CARD>
                <p class="text-lg">{t!(i18n, common.not_found)}</p>
                <a href="/" class=format!("{BUTTON_QUIET} mt-4")>
                    {t!(i18n, common.back_home)}
                </a>
            </div>
        </div>
    }
}
