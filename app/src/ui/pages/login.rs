//! The sign-in page: mobile number and password, usable before the page has hydrated.

use crate::api::account::SignIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::form_failure::FormFailure;
use crate::ui::lang_switch::LangSwitch;
use crate::ui::style::{ALERT, BUTTON, INPUT, LABEL, NOTICE};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let failure = move || match sign_in.value().get() {
        Some(Err(error)) => Some(error),
        _ => None,
    };
    let message = move || failure().map(|e: AppError| error_text(i18n.get_locale(), &e));
    // Sent here because the session this browser had has ended.
    let query = use_query_map();
    let ended = move || query.read().get("ended").is_some() && sign_in.value().get().is_none();
    view! {
        <div class="flex min-h-screen flex-col bg-teal-800">
            <div class="flex justify-end p-3 text-white">
                <LangSwitch />
            </div>
            <div class="flex flex-1 items-start justify-center px-4 pt-6 md:items-center md:pt-0">
                <div class="w-full max-w-sm rounded-2xl bg-white p-6 shadow-xl">
                    <h1 class="text-2xl font-bold text-teal-800">{t!(i18n, app_name)}</h1>
                    <p class="mt-1 text-sm text-slate-500">{t!(i18n, tagline)}</p>
                    <ActionForm action=sign_in attr:class="mt-6 space-y-4">
                        <div>
                            <label class=LABEL for="mobile">
                                {t!(i18n, login.mobile)}
                            </label>
                            <input
                                id="mobile"
                                name="mobile"
                                type="tel"
                                inputmode="numeric"
                                autocomplete="username"
                                required
                                class=INPUT
                                placeholder=move || t_string!(i18n, login.mobile_hint).to_string()
                            />
                        </div>
                        <div>
                            <label class=LABEL for="password">
                                {t!(i18n, login.password)}
                            </label>
                            <input
                                id="password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                required
                                class=INPUT
                            />
                        </div>
                        <Show when=ended>
                            <p role="status" class=NOTICE>
                                {t!(i18n, login.expired)}
                            </p>
                        </Show>
                        <FormFailure />
                        <Show when=move || message().is_some()>
                            <p role="alert" class=ALERT>
                                {message}
                            </p>
                        </Show>
                        <button
                            type="submit"
                            class=format!("{BUTTON} w-full")
                            disabled=sign_in.pending()
                        >
                            {move || {
                                if sign_in.pending().get() {
                                    t_string!(i18n, login.busy).to_string()
                                } else {
                                    t_string!(i18n, login.submit).to_string()
                                }
                            }}
                        </button>
                    </ActionForm>
                </div>
            </div>
        </div>
    }
}
