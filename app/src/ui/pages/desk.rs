//! The dispatch clerk's desk: log a call (keyboard only), turn it into an order, dispatch in
//! two taps, and watch every open order's two countdowns, live.

use crate::api::orders::{calls_today, load_desk_board, CloseOrder, DispatchOrder, LogCall};
use crate::api::station::load_station;
use crate::domain::orders::{OrderKind, OrderStatus};
use crate::i18n::*;
use crate::model::orders::{CallRow, Candidate, DeskBoard, OrderRow, CHANNELS};
use crate::model::StationFacts;
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::{or_dash, position_name, time_of_day};
use crate::ui::live;
use crate::ui::orders_view::{channel_name, kind_name, status_name, Clock, Countdown};
use crate::ui::style::{
    ALERT, BUTTON, BUTTON_QUIET, CARD, H1, H2, INPUT, LABEL, MUTED, PICK, TOAST_ALERT, TOAST_NOTICE,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, Copy)]
struct Actions {
    dispatch: ServerAction<DispatchOrder>,
    close: ServerAction<CloseOrder>,
    /// The order whose list of people is open (one at a time).
    picking: RwSignal<Option<i64>>,
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let i18n = use_i18n();
    let log = ServerAction::<LogCall>::new();
    let a = Actions {
        dispatch: ServerAction::new(),
        close: ServerAction::new(),
        picking: RwSignal::new(None),
    };
    provide_context(a);
    let refresh = RwSignal::new(0u32);
    let online = RwSignal::new(true);
    Effect::new(move |_| live::listen("/events", refresh, online));
    let changes = [successes(log), successes(a.dispatch), successes(a.close)];
    // A dispatch done closes its list of people.
    Effect::new(move |_| {
        if changes[1].get() > 0 {
            a.picking.set(None);
        }
    });
    let board =
        Resource::new(move || (refresh.get(), changes.map(|c| c.get())), |_| load_desk_board());
    let calls = Resource::new(move || (refresh.get(), changes[0].get()), |_| calls_today());
    let station = Resource::new(|| (), |_| load_station(None));
    let error = move || {
        action_error(log.value())
            .or_else(|| action_error(a.dispatch.value()))
            .or_else(|| action_error(a.close.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    let logged = move || match log.value().get() {
        Some(Ok(done)) => Some(match done.order_id {
            Some(order) => {
                t_string!(i18n, desk.logged_with_order, call = done.call_id, order = order)
                    .to_string()
            }
            None => t_string!(i18n, desk.logged, call = done.call_id).to_string(),
        }),
        _ => None,
    };
    view! {
        <section class="space-y-4">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h1 class=H1>{t!(i18n, desk.title)}</h1>
                <div class="flex flex-wrap gap-2 text-sm">
                    <a class=BUTTON_QUIET href="/export/orders.xlsx" rel="external">
                        {t!(i18n, desk.export_orders_xlsx)}
                    </a>
                    <a class=BUTTON_QUIET href="/export/orders.csv" rel="external">
                        "CSV"
                    </a>
                    <a class=BUTTON_QUIET href="/export/calls.xlsx" rel="external">
                        {t!(i18n, desk.export_calls_xlsx)}
                    </a>
                    <a class=BUTTON_QUIET href="/export/calls.csv" rel="external">
                        "CSV"
                    </a>
                </div>
            </div>
            <Show when=move || !online.get()>
                <p class=ALERT role="status">
                    {t!(i18n, desk.offline)}
                </p>
            </Show>
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || logged().is_some()>
                <p role="status" class=TOAST_NOTICE>
                    {logged}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match station.await {
                        Ok(facts) => view! { <CallEntry log facts /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(board) => view! { <Board board /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
            <div class=CARD>
                <h2 class=H2>{t!(i18n, desk.calls_today)}</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match calls.await {
                            Ok(calls) if calls.is_empty() => {
                                view! { <p class=MUTED>{t!(i18n, desk.no_calls)}</p> }.into_any()
                            }
                            Ok(calls) => {
                                view! {
                                    <ul
                                        class="mt-2 divide-y divide-slate-100"
                                        data-testid="call-log"
                                    >
                                        {calls
                                            .into_iter()
                                            .map(|call| view! { <CallLine call /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <Failure error /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// One call in today's log, with the order it became.
#[component]
fn CallLine(call: CallRow) -> impl IntoView {
    let i18n = use_i18n();
    let channel = call.channel.clone();
    view! {
        <li class="flex flex-wrap gap-x-3 py-2 text-sm">
            <span class="font-mono">{time_of_day(call.received_at)}</span>
            <span class="text-slate-500">{move || channel_name(i18n.get_locale(), &channel)}</span>
            <span>{or_dash(&call.caller_name)}</span>
            <span class="min-w-0 flex-1 [overflow-wrap:anywhere]">{call.matter}</span>
            {call
                .order_id
                .map(|id| {
                    view! {
                        <A href=format!("/orders/{id}") attr:class="text-teal-700 underline">
                            {format!("#{id}")}
                        </A>
                    }
                })}
        </li>
    }
}

/// The call form: every field reachable with Tab, the order part ticked by default.
#[component]
fn CallEntry(log: ServerAction<LogCall>, facts: StationFacts) -> impl IntoView {
    let i18n = use_i18n();
    // A logged call clears the form for the next one.
    let form = NodeRef::<leptos::html::Form>::new();
    let logged = successes(log);
    Effect::new(move |_| {
        if logged.get() > 0 {
            if let Some(form) = form.get() {
                form.reset();
            }
        }
    });
    let compounds: Vec<(i64, String)> = facts
        .areas
        .iter()
        .flat_map(|a| a.compounds.iter().map(move |c| (c.id, format!("{} · {}", a.name, c.name))))
        .collect();
    view! {
        <ActionForm
            action=log
            node_ref=form
            attr:class=format!("{CARD} grid gap-3 md:grid-cols-4")
            attr:data-testid="call-form"
        >
            <h2 class=format!("{H2} md:col-span-4")>{t!(i18n, desk.new_call)}</h2>
            <div>
                <label class=LABEL for="call-channel">
                    {t!(i18n, desk.channel)}
                </label>
                <select id="call-channel" name="form[channel]" class=INPUT>
                    {CHANNELS
                        .map(|c| {
                            view! {
                                <option value=c>
                                    {move || channel_name(i18n.get_locale(), c)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div>
                <label class=LABEL for="call-name">
                    {t!(i18n, desk.caller_name)}
                </label>
                <input
                    id="call-name"
                    name="form[caller_name]"
                    class=INPUT
                    maxlength="40"
                    autocomplete="off"
                />
            </div>
            <div>
                <label class=LABEL for="call-phone">
                    {t!(i18n, desk.phone)}
                </label>
                <input
                    id="call-phone"
                    name="form[phone]"
                    type="tel"
                    inputmode="tel"
                    class=INPUT
                    maxlength="20"
                    autocomplete="off"
                />
            </div>
            <div>
                <label class=LABEL for="call-kind">
                    {t!(i18n, desk.kind)}
                </label>
                <select id="call-kind" name="form[kind]" class=INPUT>
                    {OrderKind::ALL
                        .map(|k| {
                            view! {
                                <option value=k
                                    .key()>{move || kind_name(i18n.get_locale(), k)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="md:col-span-4">
                <label class=LABEL for="call-matter">
                    {t!(i18n, desk.matter)}
                </label>
                <input
                    id="call-matter"
                    name="form[matter]"
                    class=INPUT
                    required
                    maxlength="500"
                    autocomplete="off"
                />
            </div>
            <div class="md:col-span-2">
                <label class=LABEL for="call-compound">
                    {t!(i18n, desk.compound)}
                </label>
                <select id="call-compound" name="form[compound_id]" class=INPUT>
                    {compounds
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="grid grid-cols-3 gap-2 md:col-span-2">
                <div>
                    <label class=LABEL for="call-building">
                        {t!(i18n, desk.building)}
                    </label>
                    <input
                        id="call-building"
                        name="form[building]"
                        class=INPUT
                        maxlength="10"
                        autocomplete="off"
                    />
                </div>
                <div>
                    <label class=LABEL for="call-unit">
                        {t!(i18n, desk.unit)}
                    </label>
                    <input
                        id="call-unit"
                        name="form[unit]"
                        class=INPUT
                        maxlength="10"
                        autocomplete="off"
                    />
                </div>
                <div>
                    <label class=LABEL for="call-room">
                        {t!(i18n, desk.room)}
                    </label>
                    <input
                        id="call-room"
                        name="form[room]"
                        class=INPUT
                        maxlength="10"
                        autocomplete="off"
                    />
                </div>
            </div>
            <div class="md:col-span-3">
                <label class=LABEL for="call-handling">
                    {t!(i18n, desk.handling)}
                </label>
                <input
                    id="call-handling"
                    name="form[handling]"
                    class=INPUT
                    maxlength="500"
                    autocomplete="off"
                />
            </div>
            <label class="flex min-h-12 items-center gap-2 self-end text-base">
                <input type="checkbox" name="form[make_order]" value="on" checked class="h-5 w-5" />
                {t!(i18n, desk.make_order)}
            </label>
            // Disabled while the call is on its way: Enter pressed twice logs one call.
            <button
                type="submit"
                class=format!("{BUTTON} md:col-span-4")
                disabled=move || log.pending().get()
            >
                {t!(i18n, desk.log_call)}
            </button>
        </ActionForm>
    }
}

#[component]
fn Board(board: DeskBoard) -> impl IntoView {
    let i18n = use_i18n();
    let now = live::ticking_now(board.now);
    let candidates = board.candidates;
    let count = board.orders.len();
    view! {
        <div class=CARD>
            <h2 class=H2>{move || t_string!(i18n, desk.open_orders, count = count).to_string()}</h2>
            {(count == 0).then(|| view! { <p class=MUTED>{t!(i18n, desk.no_orders)}</p> })}
            <ul class="mt-2 divide-y divide-slate-100" data-testid="desk-board">
                {board
                    .orders
                    .into_iter()
                    .map(|order| {
                        view! { <BoardRow order candidates=candidates.clone() now /> }.into_any()
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn BoardRow(
    order: OrderRow,
    candidates: Vec<Candidate>,
    now: RwSignal<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let (id, version, kind, status) = (order.id, order.version, order.kind, order.status);
    let assignee = order.assignee.clone();
    let flags = (order.dragging, order.reassign_count);
    view! {
        <li
            class="grid gap-2 py-3 lg:grid-cols-[1fr_auto]"
            data-testid="desk-order"
            data-order=id.to_string()
        >
            <div class="min-w-0 space-y-1">
                <p class="flex flex-wrap items-center gap-2">
                    <A
                        href=format!("/orders/{id}")
                        attr:class="font-mono font-semibold text-teal-800 underline"
                    >
                        {format!("#{id}")}
                    </A>
                    <span class="font-semibold">{move || kind_name(i18n.get_locale(), kind)}</span>
                    <span
                        class="rounded bg-slate-100 px-2 py-0.5 text-xs"
                        data-testid="order-status"
                    >
                        {move || status_name(i18n.get_locale(), status)}
                    </span>
                    {(flags.0)
                        .then(|| {
                            view! {
                                <span class="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
                                    {t!(i18n, orders.dragging)}
                                </span>
                            }
                        })}
                    <span class="text-sm text-slate-600">
                        {format!("{} {}", order.compound, order.address)}
                    </span>
                </p>
                <p class="text-sm text-slate-700 [overflow-wrap:anywhere]">
                    {order.problem.clone()}
                </p>
                <p class="flex flex-wrap items-center gap-2 text-sm">
                    <span class=MUTED>{t!(i18n, orders.respond)}</span>
                    <Countdown order=order.clone() clock=Clock::Respond now />
                    <span class=MUTED>{t!(i18n, orders.finish)}</span>
                    <Countdown order=order.clone() clock=Clock::Finish now />
                    {assignee
                        .clone()
                        .map(|name| view! { <span class="text-slate-700">{"→ "}{name}</span> })}
                </p>
            </div>
            <div class="flex flex-wrap items-center gap-2">
                {match status {
                    OrderStatus::Completed => {
                        view! {
                            <ActionForm action=a.close>
                                <input type="hidden" name="order_id" value=id.to_string() />
                                <input type="hidden" name="version" value=version.to_string() />
                                <button
                                    type="submit"
                                    class=BUTTON
                                    disabled=move || a.close.pending().get()
                                >
                                    {t!(i18n, desk.close)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    _ => {
                        let label = move || {
                            if flags.1 > 0 || status != OrderStatus::Received {
                                t_string!(i18n, desk.reassign).to_string()
                            } else {
                                t_string!(i18n, desk.dispatch).to_string()
                            }
                        };
                        // First tap opens the list of people for this row only (the order
                        // page's form without the script); the second sends it.
                        view! {
                            <A
                                href=format!("/orders/{id}")
                                attr:class=BUTTON
                                attr:data-testid="open-dispatch"
                                on:click=move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    a.picking
                                        .update(|p| {
                                            *p = if *p == Some(id) { None } else { Some(id) };
                                        });
                                }
                            >
                                {label}
                            </A>
                        }
                            .into_any()
                    }
                }}
            </div>
            <Show when=move || a.picking.get() == Some(id)>
                <ul class="flex flex-wrap gap-2 lg:col-span-2" data-testid="dispatch-picker">
                    {candidates
                        .iter()
                        .cloned()
                        .map(|c| view! { <Pick c order_id=id version /> })
                        .collect_view()}
                </ul>
            </Show>
        </li>
    }
}

/// One person to send the order to: a button with their position, shift and load.
#[component]
fn Pick(c: Candidate, order_id: i64, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let on_shift = c.shift.is_some();
    let (name, position, load) = (c.name, c.position, c.open_orders);
    let text = move || {
        let shift = if on_shift {
            t_string!(i18n, desk.on_shift).to_string()
        } else {
            t_string!(i18n, desk.off_shift).to_string()
        };
        let load = t_string!(i18n, desk.load, count = load).to_string();
        format!("{name} · {} · {shift} · {load}", position_name(i18n.get_locale(), position))
    };
    view! {
        <li>
            <ActionForm action=a.dispatch>
                <input type="hidden" name="order_id" value=order_id.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="assignee_id" value=c.id.to_string() />
                <button type="submit" disabled=!on_shift class=PICK>
                    {text}
                </button>
            </ActionForm>
        </li>
    }
}
