//! The clerk's end of day: every person's points with the entries behind them, corrections
//! and adjustments (always new entries with a reason), and publishing the day's board.

use crate::api::points::{load_points_day, AdjustPoints, PublishBoard};
use crate::i18n::*;
use crate::model::orders::{EntryView, PersonDay, PointsDay};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::{date_time, position_name};
use crate::ui::orders_view::kind_name;
use crate::ui::style::{
    BUTTON, BUTTON_QUIET, CARD, H1, H2, INPUT, LABEL, MUTED, TOAST_ALERT, TOAST_NOTICE,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    adjust: ServerAction<AdjustPoints>,
    publish: ServerAction<PublishBoard>,
}

/// How an entry explains itself: "修单 #12 完成" and the like.
pub fn entry_text(locale: Locale, entry: &EntryView) -> String {
    let order = entry.order_id.map(|id| format!("#{id}")).unwrap_or_default();
    let kind = entry.order_kind.map(|k| kind_name(locale, k)).unwrap_or_default();
    match entry.source.as_str() {
        "order" => td_string!(locale, points.src_order, kind = kind, order = order).to_string(),
        "dispatch" => td_string!(locale, points.src_dispatch, order = order).to_string(),
        "invoice" => td_string!(locale, points.src_invoice, order = order).to_string(),
        "correction" => {
            let of = entry.corrects_id.map(|id| id.to_string()).unwrap_or_default();
            td_string!(locale, points.src_correction, entry = of, reason = entry.reason.clone())
                .to_string()
        }
        _ => td_string!(locale, points.src_manual, reason = entry.reason.clone()).to_string(),
    }
}

#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let day = move || query.read().get("day").unwrap_or_default();
    let a = Actions { adjust: ServerAction::new(), publish: ServerAction::new() };
    provide_context(a);
    let changes = [successes(a.adjust), successes(a.publish)];
    let review =
        Resource::new(move || (day(), changes.map(|c| c.get())), |(day, _)| load_points_day(day));
    let error = move || {
        action_error(a.adjust.value())
            .or_else(|| action_error(a.publish.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    let published = move || match a.publish.value().get() {
        Some(Ok(board)) => {
            Some(t_string!(i18n, points.published_now, day = board.day.to_string()).to_string())
        }
        _ => None,
    };
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, points.title)}</h1>
            <form method="get" class="flex flex-wrap items-end gap-2">
                <div>
                    <label class=LABEL for="pd-day">
                        {t!(i18n, points.day)}
                    </label>
                    <input id="pd-day" name="day" type="date" class=INPUT value=day />
                </div>
                <button type="submit" class=BUTTON_QUIET>
                    {t!(i18n, points.show)}
                </button>
            </form>
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || published().is_some()>
                <p role="status" class=TOAST_NOTICE>
                    {published}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match review.await {
                        Ok(review) => view! { <Review review /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Review(review: PointsDay) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let day = review.day.to_string();
    let published = review.published.clone();
    let publish_day = day.clone();
    view! {
        <div class=format!("{CARD} flex flex-wrap items-center justify-between gap-3")>
            <p class="text-lg font-semibold" data-testid="board-state">
                {match published.clone() {
                    Some((at, by)) => {
                        view! {
                            {move || {
                                t_string!(
                                    i18n, points.locked, at = date_time(i18n.get_locale(), at), by = by.clone()
                                )
                                    .to_string()
                            }}
                        }
                            .into_any()
                    }
                    None => view! { {t!(i18n, points.not_published)} }.into_any(),
                }}
            </p>
            <div class="flex flex-wrap gap-2">
                <a class=BUTTON_QUIET href=format!("/export/board.xlsx?day={day}") rel="external">
                    {t!(i18n, points.export_xlsx)}
                </a>
                <a class=BUTTON_QUIET href=format!("/export/board.csv?day={day}") rel="external">
                    "CSV"
                </a>
                {published
                    .is_none()
                    .then(|| {
                        view! {
                            <ActionForm action=a.publish>
                                <input type="hidden" name="day" value=publish_day />
                                <button
                                    type="submit"
                                    class=BUTTON
                                    data-testid="publish"
                                    disabled=move || a.publish.pending().get()
                                >
                                    {t!(i18n, points.publish)}
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
        </div>
        <ul class="grid gap-3 lg:grid-cols-2">
            {review
                .people
                .into_iter()
                .map(|p| view! { <Person person=p day=day.clone() /> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Person(person: PersonDay, day: String) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let user_id = person.user_id;
    let position = person.position;
    view! {
        <li class=format!("{CARD} space-y-2") data-testid="points-person">
            <div class="flex items-baseline justify-between">
                <h2 class=H2>
                    {person.name.clone()}" "
                    <span class=MUTED>{move || position_name(i18n.get_locale(), position)}</span>
                </h2>
                <p class="text-2xl font-bold" data-testid="person-total">
                    {person.total.to_string()}
                </p>
            </div>
            <ul class="space-y-1 text-sm">
                {person
                    .entries
                    .iter()
                    .map(|e| {
                        let shown = e.clone();
                        view! {
                            <li class="flex items-center justify-between gap-2">
                                <span>{move || entry_text(i18n.get_locale(), &shown)}</span>
                                <span class="font-mono">{e.amount.signed()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <details>
                <summary class="cursor-pointer text-sm text-teal-800">
                    {t!(i18n, points.adjust)}
                </summary>
                <ActionForm
                    action=a.adjust
                    attr:class="mt-2 grid gap-2 sm:grid-cols-[8rem_1fr_auto]"
                >
                    <input type="hidden" name="user_id" value=user_id.to_string() />
                    <input type="hidden" name="day" value=day.clone() />
                    <select
                        name="corrects_id"
                        class=INPUT
                        aria-label=move || t_string!(i18n, points.corrects).to_string()
                    >
                        <option value="">{t!(i18n, points.manual)}</option>
                        {person
                            .entries
                            .iter()
                            .map(|e| {
                                view! {
                                    <option value=e
                                        .id
                                        .to_string()>
                                        {format!("#{} {}", e.id, e.amount.signed())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <input
                        name="amount"
                        class=INPUT
                        inputmode="decimal"
                        required
                        placeholder="-2"
                        aria-label=move || t_string!(i18n, points.amount).to_string()
                    />
                    <input
                        name="reason"
                        class=format!("{INPUT} sm:col-span-2")
                        required
                        maxlength="200"
                        aria-label=move || t_string!(i18n, points.reason).to_string()
                        placeholder=move || t_string!(i18n, points.reason).to_string()
                    />
                    <button type="submit" class=BUTTON>
                        {t!(i18n, points.book)}
                    </button>
                </ActionForm>
            </details>
        </li>
    }
}
