//! The manager's wall-screen links: create one, open it on the wall, revoke it.

use crate::api::displays::{display_links, CreateDisplayLink, RevokeDisplayLink};
use crate::i18n::*;
use crate::model::{DisplayLink, Me};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::date_time;
use crate::ui::style::{ALERT, BUTTON, BUTTON_DANGER, CARD, H1, INPUT, LABEL, MUTED, NOTICE};
use leptos::prelude::*;

#[component]
pub fn DisplaysPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let station_id = me.acting_manager_of.or(me.station_id).unwrap_or_default();
    let create = ServerAction::<CreateDisplayLink>::new();
    let revoke = ServerAction::<RevokeDisplayLink>::new();
    let (created_ok, revoked_ok) = (successes(create), successes(revoke));
    let links = Resource::new(
        move || (created_ok.get(), revoked_ok.get()),
        move |_| display_links(station_id),
    );
    let error = move || {
        action_error(create.value())
            .or_else(|| action_error(revoke.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    let created = move || match create.value().get() {
        Some(Ok(path)) => Some(path),
        _ => None,
    };
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, displays.title)}</h1>
            <p class=MUTED>{t!(i18n, displays.intro)}</p>
            <Show when=move || error().is_some()>
                <p role="alert" class=ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || created().is_some()>
                <div role="status" class=NOTICE>
                    <p>{t!(i18n, displays.created)}</p>
                    <a
                        class="break-all font-mono underline"
                        data-testid="new-wall-link"
                        href=move || created().unwrap_or_default()
                        target="_blank"
                    >
                        {move || created().unwrap_or_default()}
                    </a>
                </div>
            </Show>
            <ActionForm action=create attr:class=format!("{CARD} flex flex-wrap items-end gap-3")>
                <input type="hidden" name="station_id" value=station_id />
                <label class=format!(
                    "{LABEL} grow",
                )>
                    {t!(i18n, displays.label)}
                    <input name="label" class=INPUT required maxlength="30" />
                </label>
                <button type="submit" class=BUTTON>
                    {t!(i18n, displays.create)}
                </button>
            </ActionForm>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match links.await {
                        Ok(links) => view! { <Links links revoke /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Links(links: Vec<DisplayLink>, revoke: ServerAction<RevokeDisplayLink>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="space-y-2">
            {links
                .into_iter()
                .map(|link| {
                    let at = link.created_at;
                    let revoked = link.revoked;
                    view! {
                        <li class=format!(
                            "{CARD} flex flex-wrap items-center justify-between gap-3",
                        )>
                            <span>
                                <span class="font-semibold">{link.label}</span>
                                " "
                                <span class=MUTED>{move || date_time(i18n.get_locale(), at)}</span>
                                " "
                                <span class=if revoked {
                                    "text-slate-500"
                                } else {
                                    "text-teal-700"
                                }>
                                    {move || {
                                        if revoked {
                                            t_string!(i18n, displays.revoked).to_string()
                                        } else {
                                            t_string!(i18n, displays.active).to_string()
                                        }
                                    }}
                                </span>
                            </span>
                            <Show when=move || !revoked>
                                <ActionForm action=revoke>
                                    <input type="hidden" name="link_id" value=link.id />
                                    <button type="submit" class=BUTTON_DANGER>
                                        {t!(i18n, displays.revoke)}
                                    </button>
                                </ActionForm>
                            </Show>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
