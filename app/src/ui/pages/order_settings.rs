//! The manager's work-order settings: points per kind, the clerk's points and the dragging
//! thresholds, each version in force from its date, history kept.

use crate::api::quality::{load_order_settings, SaveOrderSettings};
use crate::domain::orders::{OrderKind, OrderSettings};
use crate::i18n::*;
use crate::model::orders::OrderSettingsBook;
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::orders_view::kind_name;
use crate::ui::style::{
    BUTTON, CARD, H1, H2, INPUT, LABEL, MUTED, TABLE, TD, TH, TOAST_ALERT, TOAST_NOTICE,
};
use leptos::prelude::*;

#[component]
pub fn OrderSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrderSettings>::new();
    let saved = successes(save);
    let book = Resource::new(move || saved.get(), |_| load_order_settings(None));
    let error = move || action_error(save.value()).map(|e| error_text(i18n.get_locale(), &e));
    let done = move || matches!(save.value().get(), Some(Ok(_)));
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, settings.title)}</h1>
            <p class=MUTED>{t!(i18n, settings.intro)}</p>
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || done()>
                <p role="status" class=TOAST_NOTICE>
                    {t!(i18n, settings.saved)}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match book.await {
                        Ok(book) => view! { <Editor book save /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(book: OrderSettingsBook, save: ServerAction<SaveOrderSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let s = book.in_force;
    let field = |name: &'static str, value: String, label: String| {
        view! {
            <div>
                <label class=LABEL for=format!("os-{name}")>
                    {label}
                </label>
                <input
                    id=format!("os-{name}")
                    name=format!("form[{name}]")
                    class=INPUT
                    value=value
                    inputmode="decimal"
                    required
                />
            </div>
        }
    };
    let locale = i18n.get_locale_untracked();
    // A change takes effect tomorrow at the earliest: today keeps the settings it began with.
    let tomorrow = (book.today + chrono::Duration::days(1)).to_string();
    let kinds = OrderKind::ALL.map(|k| (k, s.points.for_kind(k).to_string()));
    view! {
        <ActionForm action=save attr:class=format!("{CARD} grid gap-3 sm:grid-cols-3")>
            <input type="hidden" name="form[station_id]" value=book.station_id.to_string() />
            <div class="sm:col-span-3">
                <label class=LABEL for="os-from">
                    {t!(i18n, settings.effective_from)}
                </label>
                <input
                    id="os-from"
                    name="form[effective_from]"
                    type="date"
                    class=INPUT
                    value=tomorrow.clone()
                    min=tomorrow
                    required
                />
            </div>
            {kinds.into_iter().map(|(k, v)| field(k.key(), v, kind_name(locale, k))).collect_view()}
            {field(
                "dispatched",
                s.points.dispatched.to_string(),
                t_string!(i18n, settings.dispatched).to_string(),
            )}
            {field(
                "invoice",
                s.points.invoice.to_string(),
                t_string!(i18n, settings.invoice).to_string(),
            )}
            {field(
                "drag_open_minutes",
                s.drag.open_minutes.to_string(),
                t_string!(i18n, settings.drag_minutes).to_string(),
            )}
            {field(
                "drag_reassignments",
                s.drag.reassignments.to_string(),
                t_string!(i18n, settings.drag_reassignments).to_string(),
            )}
            <button type="submit" class=format!("{BUTTON} sm:col-span-3")>
                {t!(i18n, common.save)}
            </button>
        </ActionForm>
        <div class=CARD>
            <h2 class=H2>{t!(i18n, settings.versions)}</h2>
            {book
                .versions
                .is_empty()
                .then(|| view! { <p class=MUTED>{t!(i18n, settings.defaults_only)}</p> })}
            <div class="overflow-x-auto">
                <table class=TABLE>
                    <thead>
                        <tr>
                            <th class=TH>{t!(i18n, settings.effective_from)}</th>
                            {OrderKind::ALL
                                .map(|k| {
                                    view! {
                                        <th class=format!(
                                            "{TH} text-right",
                                        )>{move || kind_name(i18n.get_locale(), k)}</th>
                                    }
                                })
                                .collect_view()}
                            <th class=format!(
                                "{TH} text-right",
                            )>{t!(i18n, settings.drag_minutes)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {book
                            .versions
                            .into_iter()
                            .map(|v: OrderSettings| {
                                view! {
                                    <tr>
                                        <td class=TD>{v.effective_from.to_string()}</td>
                                        {OrderKind::ALL
                                            .map(|k| {
                                                view! {
                                                    <td class=format!(
                                                        "{TD} text-right",
                                                    )>{v.points.for_kind(k).to_string()}</td>
                                                }
                                            })
                                            .collect_view()}
                                        <td class=format!(
                                            "{TD} text-right",
                                        )>{v.drag.open_minutes}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
