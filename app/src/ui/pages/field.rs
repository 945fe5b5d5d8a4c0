//! The field phone: one's own orders, nearest deadline first, with thumb-sized steps. Each
//! step carries an idempotency key, and a step that could not be sent is sent again with
//! the same key until the server answers, so it is never lost and never counted twice.

use crate::api::orders::{my_orders, CompleteOrder, FieldStep};
use crate::domain::orders::{OrderKind, OrderStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::orders::{FieldList, OrderRow};
use crate::ui::errors::error_text;
use crate::ui::failure::{successes, Failure};
use crate::ui::live;
use crate::ui::orders_view::{kind_name, status_name, Clock, Countdown};
use crate::ui::style::{
    BUTTON, BUTTON_QUIET, CARD, H1, INPUT, LABEL, MUTED, TOAST_ALERT, TOAST_NOTICE, TOAST_WARNING,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, Copy)]
struct Actions {
    step: ServerAction<FieldStep>,
    complete: ServerAction<CompleteOrder>,
}

/// A field step that names its order: what the outbox files it under.
trait Pending {
    fn order_id(&self) -> i64;
}

impl Pending for FieldStep {
    fn order_id(&self) -> i64 {
        self.order_id
    }
}

impl Pending for CompleteOrder {
    fn order_id(&self) -> i64 {
        self.form.order_id
    }
}

/// Sends a step again, with the same idempotency key, after a network failure. Every unsent
/// step is kept in the browser's storage under its order, so that closing the page or the
/// phone locking loses none: they are sent when the page opens next. The answer for an
/// order (whatever it is) takes its step out of the outbox.
fn retry_on_transport<S>(action: ServerAction<S>, retrying: RwSignal<bool>, slot: &'static str)
where
    S: leptos::server_fn::ServerFn<Output = OrderRow, Error = AppError>
        + Pending
        + serde::Serialize
        + serde::de::DeserializeOwned
        + Clone
        + Send
        + Sync
        + 'static,
{
    let last = StoredValue::new(None::<S>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            last.set_value(Some(input));
        }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Err(AppError::Transport { .. })) => {
            retrying.set(true);
            if let Some(input) = last.get_value() {
                outbox::keep(slot, input.order_id(), &input);
            }
            set_timeout(
                move || {
                    for input in outbox::all::<S>(slot) {
                        action.dispatch(input);
                    }
                },
                std::time::Duration::from_secs(3),
            );
        }
        Some(Ok(order)) => {
            outbox::clear(slot, order.id);
            retrying.set(!outbox::all::<S>(slot).is_empty());
        }
        Some(Err(_)) => {
            if let Some(input) = last.get_value() {
                outbox::clear(slot, input.order_id());
            }
            retrying.set(false);
        }
        None => {}
    });
    // Steps left unsent by an earlier visit go out now, with their original keys.
    Effect::new(move |previous: Option<()>| {
        if previous.is_none() {
            for input in outbox::all::<S>(slot) {
                action.dispatch(input);
            }
        }
    });
}

/// The browser's storage of unsent field steps, one entry per order and kind of step;
/// nothing of it reaches the server until it is sent.
mod outbox {
    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    #[cfg(feature = "hydrate")]
    fn prefix(slot: &str) -> String {
        format!("stationdesk.outbox.{slot}.")
    }

    pub fn keep<T: serde::Serialize>(slot: &str, order_id: i64, value: &T) {
        #[cfg(feature = "hydrate")]
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(value)) {
            let _ = storage.set_item(&format!("{}{order_id}", prefix(slot)), &json);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (slot, order_id, value);
    }

    pub fn clear(slot: &str, order_id: i64) {
        #[cfg(feature = "hydrate")]
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&format!("{}{order_id}", prefix(slot)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (slot, order_id);
    }

    pub fn all<T: serde::de::DeserializeOwned>(slot: &str) -> Vec<T> {
        #[cfg(feature = "hydrate")]
        {
            let Some(storage) = storage() else { return Vec::new() };
            let count = storage.length().unwrap_or(0);
            (0..count)
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|key| key.starts_with(&prefix(slot)))
                .filter_map(|key| storage.get_item(&key).ok().flatten())
                .filter_map(|json| serde_json::from_str(&json).ok())
                .collect()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = slot;
            Vec::new()
        }
    }
}

#[component]
pub fn FieldPage() -> impl IntoView {
    let i18n = use_i18n();
    let a = Actions { step: ServerAction::new(), complete: ServerAction::new() };
    provide_context(a);
    let retrying = RwSignal::new(false);
    retry_on_transport(a.step, retrying, "step");
    retry_on_transport(a.complete, retrying, "complete");
    let refresh = RwSignal::new(0u32);
    let online = RwSignal::new(true);
    Effect::new(move |_| live::listen("/events", refresh, online));
    let changes = [successes(a.step), successes(a.complete)];
    let list = Resource::new(move || (refresh.get(), changes.map(|c| c.get())), |_| my_orders());
    let error = move || {
        [a.step.value().get(), a.complete.value().get()].into_iter().find_map(|v| match v {
            Some(Err(AppError::Transport { .. })) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(error_text(i18n.get_locale(), &e)),
        })
    };
    let earned = move || match a.complete.value().get() {
        Some(Ok(order)) => Some(t_string!(i18n, field.completed, id = order.id).to_string()),
        _ => None,
    };
    view! {
        <section class="space-y-3">
            <h1 class=H1>{t!(i18n, field.title)}</h1>
            <Show when=move || retrying.get()>
                <p role="status" class=TOAST_WARNING>
                    {t!(i18n, field.retrying)}
                </p>
            </Show>
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || earned().is_some()>
                <p role="status" class=TOAST_NOTICE>
                    {earned}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Orders list /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Orders(list: FieldList) -> impl IntoView {
    let i18n = use_i18n();
    let now = live::ticking_now(list.now);
    let (today, month) = (list.points_today.to_string(), list.points_month.to_string());
    let empty = list.orders.is_empty();
    view! {
        <div class="grid grid-cols-2 gap-3">
            <div class=CARD>
                <p class=MUTED>{t!(i18n, field.points_today)}</p>
                <p class="text-3xl font-bold" data-testid="points-today">
                    {today}
                </p>
            </div>
            <div class=CARD>
                <p class=MUTED>{t!(i18n, field.points_month)}</p>
                <p class="text-3xl font-bold" data-testid="points-month">
                    {month}
                </p>
            </div>
        </div>
        {empty.then(|| view! { <p class=CARD>{t!(i18n, field.none)}</p> })}
        <ul class="space-y-3">
            {list
                .orders
                .into_iter()
                .map(|order| view! { <Card order now /> }.into_any())
                .collect_view()}
        </ul>
    }
}

#[component]
fn Card(order: OrderRow, now: RwSignal<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let (id, version, kind, status) = (order.id, order.version, order.kind, order.status);
    let phone = order.contact_phone.clone();
    let contact =
        if order.contact_name.is_empty() { phone.clone() } else { order.contact_name.clone() };
    let step = match status {
        OrderStatus::Dispatched => Some("accept"),
        OrderStatus::Accepted => Some("arrive"),
        _ => None,
    };
    view! {
        <li class=format!("{CARD} space-y-3") data-testid="field-order" data-order=id.to_string()>
            <div class="flex items-start justify-between gap-2">
                <div>
                    <p class="text-lg font-semibold">
                        {move || kind_name(i18n.get_locale(), kind)}" "
                        <A
                            href=format!("/orders/{id}")
                            attr:class="font-mono text-teal-800 underline"
                        >
                            {format!("#{id}")}
                        </A>
                    </p>
                    <p class="text-sm text-slate-600">
                        {move || status_name(i18n.get_locale(), status)}
                    </p>
                </div>
                <div class="flex flex-col items-end gap-1">
                    <Countdown order=order.clone() clock=Clock::Respond now />
                    <Countdown order=order.clone() clock=Clock::Finish now />
                </div>
            </div>
            <p class="text-base [overflow-wrap:anywhere]">{order.problem.clone()}</p>
            <p class="text-base font-medium">{format!("{} {}", order.compound, order.address)}</p>
            <div class="grid grid-cols-2 gap-2">
                {(!phone.is_empty())
                    .then(|| {
                        view! {
                            <a class=BUTTON_QUIET href=format!("tel:{phone}") rel="external">
                                {"📞 "}
                                {contact.clone()}
                            </a>
                        }
                    })}
                <a
                    class=BUTTON_QUIET
                    href=order.map_url.clone()
                    target="_blank"
                    rel="external noopener"
                >
                    {"🗺 "}
                    {t!(i18n, field.map)}
                </a>
            </div>
            {step
                .map(|step| {
                    view! {
                        <ActionForm action=a.step>
                            <input type="hidden" name="order_id" value=id.to_string() />
                            <input type="hidden" name="version" value=version.to_string() />
                            <input type="hidden" name="step" value=step />
                            <input
                                type="hidden"
                                name="key"
                                value=format!("{id}-{version}-{step}")
                            />
                            <button
                                type="submit"
                                class=format!("{BUTTON} w-full text-lg")
                                data-testid=format!("step-{step}")
                            >
                                {move || {
                                    if step == "accept" {
                                        t_string!(i18n, field.accept).to_string()
                                    } else {
                                        t_string!(i18n, field.arrive).to_string()
                                    }
                                }}
                            </button>
                        </ActionForm>
                    }
                })}
            {(status == OrderStatus::OnSite).then(|| view! { <Completion id version kind /> })}
        </li>
    }
}

#[component]
fn Completion(id: i64, version: i64, kind: OrderKind) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let field = |name: &str| format!("form[{name}]");
    view! {
        <ActionForm action=a.complete attr:class="space-y-3" attr:data-testid="complete-form">
            <input type="hidden" name=field("order_id") value=id.to_string() />
            <input type="hidden" name=field("version") value=version.to_string() />
            <input type="hidden" name=field("key") value=format!("{id}-{version}-complete") />
            <div>
                <label class=LABEL for=format!("result-{id}")>
                    {t!(i18n, field.result)}
                </label>
                <input
                    id=format!("result-{id}")
                    name=field("result")
                    class=INPUT
                    required
                    maxlength="500"
                />
            </div>
            {(kind == OrderKind::Repair)
                .then(|| {
                    view! {
                        <div>
                            <label class=LABEL for=format!("cause-{id}")>
                                {t!(i18n, field.cause)}
                            </label>
                            <input
                                id=format!("cause-{id}")
                                name=field("cause")
                                class=INPUT
                                required
                                maxlength="500"
                            />
                        </div>
                    }
                })}
            <div>
                <label class=LABEL for=format!("materials-{id}")>
                    {t!(i18n, field.materials)}
                </label>
                <input
                    id=format!("materials-{id}")
                    name=field("materials")
                    class=INPUT
                    maxlength="500"
                />
            </div>
            <div class="grid grid-cols-2 gap-2">
                <div>
                    <label class=LABEL for=format!("fee-{id}")>
                        {t!(i18n, field.fee)}
                    </label>
                    <input
                        id=format!("fee-{id}")
                        name=field("fee")
                        class=INPUT
                        inputmode="decimal"
                        placeholder="0.00"
                    />
                </div>
                <div>
                    <label class=LABEL for=format!("method-{id}")>
                        {t!(i18n, field.fee_method)}
                    </label>
                    <select id=format!("method-{id}") name=field("fee_method") class=INPUT>
                        <option value="none">{t!(i18n, field.method_none)}</option>
                        <option value="cash">{t!(i18n, field.method_cash)}</option>
                        <option value="wechat">{t!(i18n, field.method_wechat)}</option>
                        <option value="alipay">{t!(i18n, field.method_alipay)}</option>
                        <option value="card">{t!(i18n, field.method_card)}</option>
                    </select>
                </div>
            </div>
            <div>
                <label class=LABEL for=format!("invoice-{id}")>
                    {t!(i18n, field.invoice_no)}
                </label>
                <input
                    id=format!("invoice-{id}")
                    name=field("invoice_no")
                    class=INPUT
                    maxlength="40"
                />
            </div>
            {(kind != OrderKind::Repair)
                .then(|| view! { <input type="hidden" name=field("cause") value="" /> })}
            <button
                type="submit"
                class=format!("{BUTTON} w-full text-lg")
                data-testid="step-complete"
            >
                {t!(i18n, field.complete)}
            </button>
        </ActionForm>
    }
}
