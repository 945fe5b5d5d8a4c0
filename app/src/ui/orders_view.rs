//! Pieces every order screen shares: names of kinds and states, and the two countdowns.

use crate::domain::orders::{
    urgency, OrderKind, OrderStatus, Urgency, FINISH_NEAR_MINUTES, RESPOND_NEAR_MINUTES,
};
use crate::i18n::*;
use crate::model::orders::OrderRow;
use crate::ui::format::time_of_day;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

pub fn kind_name(locale: Locale, kind: OrderKind) -> String {
    match kind {
        OrderKind::Installation => td_string!(locale, kinds.installation),
        OrderKind::Repair => td_string!(locale, kinds.repair),
        OrderKind::Relocation => td_string!(locale, kinds.relocation),
        OrderKind::FeeCollection => td_string!(locale, kinds.fee_collection),
        OrderKind::PlanChange => td_string!(locale, kinds.plan_change),
        OrderKind::Disconnection => td_string!(locale, kinds.disconnection),
        OrderKind::Other => td_string!(locale, kinds.other),
    }
    .to_string()
}

pub fn status_name(locale: Locale, status: OrderStatus) -> String {
    match status {
        OrderStatus::Received => td_string!(locale, statuses.received),
        OrderStatus::Dispatched => td_string!(locale, statuses.dispatched),
        OrderStatus::Accepted => td_string!(locale, statuses.accepted),
        OrderStatus::OnSite => td_string!(locale, statuses.on_site),
        OrderStatus::Completed => td_string!(locale, statuses.completed),
        OrderStatus::Closed => td_string!(locale, statuses.closed),
        OrderStatus::Cancelled => td_string!(locale, statuses.cancelled),
    }
    .to_string()
}

/// The name of a lifecycle step in an order's history.
pub fn step_name(locale: Locale, step: &str) -> String {
    match step {
        "received" => td_string!(locale, steps.received),
        "dispatch" => td_string!(locale, steps.dispatch),
        "reassign" => td_string!(locale, steps.reassign),
        "accept" => td_string!(locale, steps.accept),
        "arrive" => td_string!(locale, steps.arrive),
        "complete" => td_string!(locale, steps.complete),
        "close" => td_string!(locale, steps.close),
        "cancel" => td_string!(locale, steps.cancel),
        _ => return step.to_owned(),
    }
    .to_string()
}

pub fn channel_name(locale: Locale, channel: &str) -> String {
    match channel {
        "phone" => td_string!(locale, channels.phone),
        "walk_in" => td_string!(locale, channels.walk_in),
        "dispatch_center" => td_string!(locale, channels.dispatch_center),
        "field" => td_string!(locale, channels.field),
        _ => return channel.to_owned(),
    }
    .to_string()
}

/// "1小时05分" / "1 h 05 min" for a span of minutes.
fn span(locale: Locale, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (locale, h) {
        (Locale::zh, 0) => format!("{m}分"),
        (Locale::zh, _) => format!("{h}小时{m:02}分"),
        (Locale::en, 0) => format!("{m} min"),
        (Locale::en, _) => format!("{h} h {m:02} min"),
    }
}

/// The words of one countdown at `now`.
pub fn countdown_text(
    locale: Locale,
    deadline: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    state: Urgency,
) -> String {
    let by = time_of_day(deadline);
    match state {
        Urgency::Met => format!("✓ {}", met_at.map(time_of_day).unwrap_or_default()),
        Urgency::MetLate => {
            let late = met_at.map(|m| (m - deadline).num_minutes()).unwrap_or_default();
            td_string!(locale, orders.met_late, late = span(locale, late)).to_string()
        }
        Urgency::Overdue => {
            let late = (now - deadline).num_minutes();
            td_string!(locale, orders.overdue_by, late = span(locale, late)).to_string()
        }
        Urgency::Near | Urgency::Calm => {
            let left = (deadline - now).num_minutes();
            td_string!(locale, orders.left, by = by, left = span(locale, left)).to_string()
        }
    }
}

pub fn urgency_class(state: Urgency) -> &'static str {
    match state {
        Urgency::Calm => "rounded px-2 py-0.5 text-sm text-slate-700 bg-slate-100",
        Urgency::Near => "rounded px-2 py-0.5 text-sm font-semibold text-amber-900 bg-amber-200",
        Urgency::Overdue => "rounded px-2 py-0.5 text-sm font-bold text-white bg-red-600",
        Urgency::Met => "rounded px-2 py-0.5 text-sm text-teal-800 bg-teal-50",
        Urgency::MetLate => "rounded px-2 py-0.5 text-sm text-red-800 bg-red-50",
    }
}

/// Which clock an order's countdown shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Respond,
    Finish,
}

/// One countdown badge that re-colours as `now` ticks.
#[component]
pub fn Countdown(order: OrderRow, clock: Clock, now: RwSignal<DateTime<Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let (deadline, met, near) = match clock {
        Clock::Respond => (order.respond_by, order.responded_at, RESPOND_NEAR_MINUTES),
        Clock::Finish => (order.finish_by, order.completed_at, FINISH_NEAR_MINUTES),
    };
    // A cancelled order's clocks stopped when it was cancelled: no countdown, no red.
    let stopped = order.status == OrderStatus::Cancelled && met.is_none();
    let state =
        move || if stopped { Urgency::Calm } else { urgency(deadline, met, now.get(), near) };
    let testid = match clock {
        Clock::Respond => "respond-clock",
        Clock::Finish => "finish-clock",
    };
    view! {
        <span
            class=move || urgency_class(state())
            data-testid=testid
            data-urgency=move || format!("{:?}", state()).to_lowercase()
        >
            {move || {
                if stopped {
                    "—".to_owned()
                } else {
                    countdown_text(i18n.get_locale(), deadline, met, now.get(), state())
                }
            }}
        </span>
    }
}
