//! The signed-in frame: top bar, side navigation on wide screens, bottom navigation on phones.

use super::form_failure::FormFailure;
use super::lang_switch::LangSwitch;
use super::nav::{BottomNav, SideNav};
use crate::api::account::{current_session, SignOut};
use crate::i18n::*;
use crate::model::{Me, SessionView};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// Loads the signed-in person; sends everyone else to the sign-in page.
#[component]
pub fn Frame() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new(|| (), |_| current_session());
    view! {
        <Suspense fallback=move || {
            view! { <p class="p-6">{t!(i18n, common.loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(SessionView { me: Some(me), .. }) => view! { <SignedIn me /> }.into_any(),
                    Ok(SessionView { ended: true, .. }) => {
                        view! { <Redirect path="/login?ended=1" /> }.into_any()
                    }
                    _ => view! { <Redirect path="/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    // One text node, never an empty one (an empty text node does not survive hydration).
    let who = match &me.station_name {
        Some(station) => format!("{station} · {}", me.name),
        None => me.name.clone(),
    };
    provide_context(me);
    view! {
        <div class="flex min-h-screen flex-col md:flex-row">
            <SideNav />
            <div class="flex min-w-0 flex-1 flex-col">
                <header class="sticky top-0 z-10 flex items-center justify-between gap-3 \
                bg-teal-800 px-4 py-3 text-white shadow">
                    <div class="min-w-0">
                        <p class="truncate text-base font-semibold">{t!(i18n, app_name)}</p>
                        <p class="truncate text-xs text-teal-100">{who}</p>
                    </div>
                    <div class="flex items-center gap-2">
                        <LangSwitch />
                        <ActionForm action=sign_out>
                            <button
                                type="submit"
                                class="min-h-11 rounded-lg px-3 text-sm text-teal-50 hover:bg-teal-700"
                            >
                                {t!(i18n, nav.sign_out)}
                            </button>
                        </ActionForm>
                    </div>
                </header>
                <main class="mx-auto w-full max-w-6xl flex-1 px-3 pb-28 pt-4 md:px-6 md:pb-8">
                    <FormFailure />
                    <Outlet />
                </main>
            </div>
            <BottomNav />
        </div>
    }
}
