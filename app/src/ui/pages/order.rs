//! One order: its clocks, history and points; the clerk's edit, appointment, dispatch and
//! cancel. Every save names the version it was made on, so a stale one is refused.

use crate::api::orders::{load_order, CancelOrder, DispatchOrder, EditOrder, SetAppointment};
use crate::domain::orders::OrderStatus;
use crate::i18n::*;
use crate::model::orders::OrderDetail;
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::{date_time, or_dash, position_name};
use crate::ui::live;
use crate::ui::orders_view::{kind_name, status_name, step_name, Clock, Countdown};
use crate::ui::style::{
    BUTTON, BUTTON_DANGER, CARD, H1, H2, INPUT, LABEL, MUTED, TABLE, TD, TOAST_ALERT,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    edit: ServerAction<EditOrder>,
    appointment: ServerAction<SetAppointment>,
    dispatch: ServerAction<DispatchOrder>,
    cancel: ServerAction<CancelOrder>,
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let a = Actions {
        edit: ServerAction::new(),
        appointment: ServerAction::new(),
        dispatch: ServerAction::new(),
        cancel: ServerAction::new(),
    };
    provide_context(a);
    // Not live: a push would redraw the edit form under the clerk's fingers; a save on a
    // version someone else changed meanwhile is refused instead, with a clear message.
    let changes =
        [successes(a.edit), successes(a.appointment), successes(a.dispatch), successes(a.cancel)];
    let detail = Resource::new(move || (id(), changes.map(|c| c.get())), |(id, _)| load_order(id));
    let error = move || {
        action_error(a.edit.value())
            .or_else(|| action_error(a.appointment.value()))
            .or_else(|| action_error(a.dispatch.value()))
            .or_else(|| action_error(a.cancel.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    view! {
        <section class="space-y-4">
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => view! { <Detail detail /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Detail(detail: OrderDetail) -> impl IntoView {
    let i18n = use_i18n();
    let now = live::ticking_now(detail.now);
    let order = detail.order.clone();
    let (kind, status) = (order.kind, order.status);
    let fee = crate::domain::money::Fen(detail.fee_fen).format_cny();
    let appointment = order.appointment;
    view! {
        <h1 class=H1>
            {format!("#{} ", order.id)}{move || kind_name(i18n.get_locale(), kind)}" · "
            <span data-testid="order-status">{move || status_name(i18n.get_locale(), status)}</span>
        </h1>
        <div class="grid gap-4 lg:grid-cols-2">
            <div class=format!("{CARD} space-y-2")>
                <p class="[overflow-wrap:anywhere]">{order.problem.clone()}</p>
                <p class="font-medium">{format!("{} {}", order.compound, order.address)}</p>
                <p>{or_dash(&order.contact_name)}" · "{or_dash(&order.contact_phone)}</p>
                <p class="flex flex-wrap items-center gap-2 text-sm">
                    <span class=MUTED>{t!(i18n, orders.respond)}</span>
                    <Countdown order=order.clone() clock=Clock::Respond now />
                    <span class=MUTED>{t!(i18n, orders.finish)}</span>
                    <Countdown order=order.clone() clock=Clock::Finish now />
                </p>
                {appointment
                    .map(|(s, e)| {
                        view! {
                            <p class="text-sm">
                                {t!(i18n, orders.appointment)}": "
                                {move || date_time(i18n.get_locale(), s)}" – "
                                {move || date_time(i18n.get_locale(), e)}
                            </p>
                        }
                    })}
                <p class="text-sm">
                    {t!(i18n, orders.assignee)}": "
                    {or_dash(&order.assignee.clone().unwrap_or_default())}
                </p>
                {(order.respond_late || order.finish_late || order.dragging)
                    .then(|| {
                        view! {
                            <p class="flex gap-2 text-sm">
                                {order
                                    .respond_late
                                    .then(|| {
                                        view! {
                                            <span class="rounded bg-red-100 px-2 text-red-800">
                                                {t!(i18n, orders.responded_late)}
                                            </span>
                                        }
                                    })}
                                {order
                                    .finish_late
                                    .then(|| {
                                        view! {
                                            <span class="rounded bg-red-100 px-2 text-red-800">
                                                {t!(i18n, orders.finished_late)}
                                            </span>
                                        }
                                    })}
                                {order
                                    .dragging
                                    .then(|| {
                                        view! {
                                            <span class="rounded bg-amber-100 px-2 text-amber-900">
                                                {t!(i18n, orders.dragging)}
                                            </span>
                                        }
                                    })}
                            </p>
                        }
                    })}
                {(!detail.result.is_empty())
                    .then(|| {
                        view! {
                            <dl class="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
                                <dt class=MUTED>{t!(i18n, field.result)}</dt>
                                <dd>{detail.result.clone()}</dd>
                                <dt class=MUTED>{t!(i18n, field.cause)}</dt>
                                <dd>{or_dash(&detail.cause)}</dd>
                                <dt class=MUTED>{t!(i18n, field.materials)}</dt>
                                <dd>{or_dash(&detail.materials)}</dd>
                                <dt class=MUTED>{t!(i18n, field.fee)}</dt>
                                <dd>{fee.clone()}</dd>
                                <dt class=MUTED>{t!(i18n, field.invoice_no)}</dt>
                                <dd>{or_dash(&detail.invoice_no)}</dd>
                            </dl>
                        }
                    })}
                {(!detail.cancel_reason.is_empty())
                    .then(|| {
                        view! {
                            <p class="text-sm text-red-800">
                                {t!(i18n, orders.cancelled_because)}": "
                                {detail.cancel_reason.clone()}
                            </p>
                        }
                    })}
            </div>
            <div class=CARD>
                <h2 class=H2>{t!(i18n, orders.history)}</h2>
                <ol class="mt-2 space-y-1 text-sm" data-testid="order-history">
                    {detail
                        .events
                        .iter()
                        .cloned()
                        .map(|e| {
                            let step = e.step.clone();
                            view! {
                                <li>
                                    <span class="font-mono">
                                        {move || date_time(i18n.get_locale(), e.at)}
                                    </span>
                                    " "
                                    <span class="font-semibold">
                                        {move || step_name(i18n.get_locale(), &step)}
                                    </span>
                                    " "
                                    {or_dash(&e.actor.clone().unwrap_or_default())}
                                    {e.assignee.clone().map(|to| format!(" → {to}"))}
                                    {(!e.note.is_empty()).then(|| format!(" · {}", e.note))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <h2 class=format!("{H2} mt-4")>{t!(i18n, orders.points)}</h2>
                {detail
                    .points
                    .is_empty()
                    .then(|| view! { <p class=MUTED>{t!(i18n, orders.no_points)}</p> })}
                <table class=TABLE>
                    <tbody>
                        {detail
                            .points
                            .iter()
                            .cloned()
                            .map(|p| {
                                let shown = p.clone();
                                view! {
                                    <tr>
                                        <td class=TD>{p.person}</td>
                                        <td class=TD>{p.day.to_string()}</td>
                                        <td class=TD>
                                            {move || crate::ui::pages::points::entry_text(
                                                i18n.get_locale(),
                                                &shown,
                                            )}
                                        </td>
                                        <td class=format!(
                                            "{TD} text-right font-mono",
                                        )>{p.amount.signed()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        {detail.may_run_desk.then(|| view! { <DeskActions detail=detail.clone() /> })}
    }
}

#[component]
fn DeskActions(detail: OrderDetail) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let order = detail.order.clone();
    let (id, version) = (order.id, order.version);
    let open = order.status.is_open();
    let editable = !matches!(order.status, OrderStatus::Closed | OrderStatus::Cancelled);
    let hidden = move || {
        view! {
            <input type="hidden" name="order_id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
        }
    };
    let compound_id = order.compound_id;
    let local = |t| crate::domain::shanghai::to_local(t).format("%Y-%m-%dT%H:%M").to_string();
    let (window_start, window_end) = match order.appointment {
        Some((start, end)) => (local(start), local(end)),
        None => (String::new(), String::new()),
    };
    view! {
        <div class="grid gap-4 lg:grid-cols-2">
            {editable
                .then(|| {
                    view! {
                        <ActionForm
                            action=a.edit
                            attr:class=format!("{CARD} grid gap-3 sm:grid-cols-2")
                            attr:data-testid="edit-form"
                        >
                            <h2 class=format!("{H2} sm:col-span-2")>{t!(i18n, orders.edit)}</h2>
                            <input type="hidden" name="form[order_id]" value=id.to_string() />
                            <input type="hidden" name="form[version]" value=version.to_string() />
                            <div>
                                <label class=LABEL for="ed-name">
                                    {t!(i18n, desk.caller_name)}
                                </label>
                                <input
                                    id="ed-name"
                                    name="form[contact_name]"
                                    class=INPUT
                                    value=order.contact_name.clone()
                                    maxlength="40"
                                />
                            </div>
                            <div>
                                <label class=LABEL for="ed-phone">
                                    {t!(i18n, desk.phone)}
                                </label>
                                <input
                                    id="ed-phone"
                                    name="form[contact_phone]"
                                    class=INPUT
                                    value=order.contact_phone.clone()
                                    maxlength="20"
                                />
                            </div>
                            <div class="sm:col-span-2">
                                <label class=LABEL for="ed-compound">
                                    {t!(i18n, desk.compound)}
                                </label>
                                <select id="ed-compound" name="form[compound_id]" class=INPUT>
                                    {detail
                                        .compounds
                                        .iter()
                                        .cloned()
                                        .map(|(cid, name)| {
                                            view! {
                                                <option value=cid.to_string() selected=cid == compound_id>
                                                    {name}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                            <div class="grid grid-cols-3 gap-2 sm:col-span-2">
                                <input
                                    aria-label=move || t_string!(i18n, desk.building).to_string()
                                    name="form[building]"
                                    class=INPUT
                                    value=detail.building.clone()
                                    maxlength="10"
                                />
                                <input
                                    aria-label=move || t_string!(i18n, desk.unit).to_string()
                                    name="form[unit]"
                                    class=INPUT
                                    value=detail.unit.clone()
                                    maxlength="10"
                                />
                                <input
                                    aria-label=move || t_string!(i18n, desk.room).to_string()
                                    name="form[room]"
                                    class=INPUT
                                    value=detail.room.clone()
                                    maxlength="10"
                                />
                            </div>
                            <div class="sm:col-span-2">
                                <label class=LABEL for="ed-problem">
                                    {t!(i18n, desk.matter)}
                                </label>
                                <input
                                    id="ed-problem"
                                    name="form[problem]"
                                    class=INPUT
                                    value=order.problem.clone()
                                    required
                                    maxlength="500"
                                />
                            </div>
                            <button type="submit" class=format!("{BUTTON} sm:col-span-2")>
                                {t!(i18n, common.save)}
                            </button>
                        </ActionForm>
                    }
                })}
            {open
                .then(|| {
                    view! {
                        <div class="space-y-4">
                            <ActionForm
                                action=a.dispatch
                                attr:class=format!("{CARD} flex flex-wrap items-end gap-2")
                            >
                                {hidden()}
                                <div class="min-w-0 flex-1">
                                    <label class=LABEL for="od-assignee">
                                        {t!(i18n, desk.assignee)}
                                    </label>
                                    <select id="od-assignee" name="assignee_id" class=INPUT>
                                        {detail
                                            .candidates
                                            .iter()
                                            .cloned()
                                            .map(|c| {
                                                let on = c.shift.is_some();
                                                let (name, position, load) = (
                                                    c.name,
                                                    c.position,
                                                    c.open_orders,
                                                );
                                                view! {
                                                    <option value=c.id.to_string() disabled=!on>
                                                        {move || {
                                                            format!(
                                                                "{name} · {} · {}",
                                                                position_name(i18n.get_locale(), position),
                                                                t_string!(i18n, desk.load, count = load),
                                                            )
                                                        }}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class=BUTTON>
                                    {t!(i18n, desk.dispatch)}
                                </button>
                            </ActionForm>
                            <ActionForm
                                action=a.appointment
                                attr:class=format!("{CARD} grid gap-2 sm:grid-cols-2")
                            >
                                {hidden()}
                                <h2 class=format!(
                                    "{H2} sm:col-span-2",
                                )>{t!(i18n, orders.appointment)}</h2>
                                <div>
                                    <label class=LABEL for="ap-start">
                                        {t!(i18n, orders.window_start)}
                                    </label>
                                    <input
                                        id="ap-start"
                                        name="start"
                                        type="datetime-local"
                                        class=INPUT
                                        value=window_start
                                    />
                                </div>
                                <div>
                                    <label class=LABEL for="ap-end">
                                        {t!(i18n, orders.window_end)}
                                    </label>
                                    <input
                                        id="ap-end"
                                        name="end"
                                        type="datetime-local"
                                        class=INPUT
                                        value=window_end
                                    />
                                </div>
                                <button type="submit" class=format!("{BUTTON} sm:col-span-2")>
                                    {t!(i18n, orders.set_appointment)}
                                </button>
                            </ActionForm>
                            <ActionForm
                                action=a.cancel
                                attr:class=format!("{CARD} flex flex-wrap items-end gap-2")
                            >
                                {hidden()}
                                <div class="min-w-0 flex-1">
                                    <label class=LABEL for="cx-reason">
                                        {t!(i18n, orders.cancel_reason)}
                                    </label>
                                    <input
                                        id="cx-reason"
                                        name="reason"
                                        class=INPUT
                                        required
                                        maxlength="200"
                                    />
                                </div>
                                <button
                                    type="submit"
                                    class=BUTTON_DANGER
                                    disabled=move || a.cancel.pending().get()
                                >
                                    {t!(i18n, orders.cancel)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
        </div>
    }
}
