//! The manager's month of orders: on-time rates by person, kind and day, the overdue list
//! and the fault rate.

use crate::api::quality::load_order_report;
use crate::domain::orders::OrderKind;
use crate::i18n::*;
use crate::model::orders::{OnTime, OrderReport};
use crate::ui::failure::Failure;
use crate::ui::format::date_time;
use crate::ui::orders_view::{kind_name, status_name};
use crate::ui::style::{BUTTON_QUIET, CARD, H1, H2, INPUT, LABEL, MUTED, STAT, TABLE, TD, TH};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let station = move || query.read().get("station").and_then(|s| s.parse::<i64>().ok());
    let report = Resource::new(move || (station(), month()), |(s, m)| load_order_report(s, m));
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, reports.title)}</h1>
            <form method="get" class="flex flex-wrap items-end gap-2">
                {move || {
                    station()
                        .map(|s| {
                            view! { <input type="hidden" name="station" value=s.to_string() /> }
                        })
                }}
                <div>
                    <label class=LABEL for="rp-month">
                        {t!(i18n, reports.month)}
                    </label>
                    <input id="rp-month" name="month" type="month" class=INPUT value=month />
                </div>
                <button type="submit" class=BUTTON_QUIET>
                    {t!(i18n, points.show)}
                </button>
            </form>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Report report /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(report: OrderReport) -> impl IntoView {
    let i18n = use_i18n();
    let month = report.month.format("%Y-%m").to_string();
    let query = format!("station={}&month={month}", report.station_id);
    let overdue = report.overdue.clone();
    view! {
        <div class="grid gap-3 sm:grid-cols-3">
            <div class=CARD>
                <p class=MUTED>{t!(i18n, reports.fault_rate)}" · "{month.clone()}</p>
                <p class=STAT data-testid="fault-rate">
                    {report.fault_rate.percent_text()}
                </p>
                <p class=MUTED>
                    {move || {
                        t_string!(
                            i18n, reports.fault_detail, repairs = report.repairs, active = report.active_subscribers
                        )
                            .to_string()
                    }}
                </p>
            </div>
            <div class=CARD>
                <p class=MUTED>{t!(i18n, reports.previous_fault_rate)}</p>
                <p class=STAT>{report.previous_fault_rate.percent_text()}</p>
            </div>
            <div class=CARD>
                <p class=MUTED>{t!(i18n, reports.overdue_open)}</p>
                <p class=STAT>{report.overdue_count}</p>
                <div class="mt-2 flex gap-2">
                    <a
                        class=BUTTON_QUIET
                        href=format!("/export/orders.xlsx?{query}")
                        rel="external"
                    >
                        {t!(i18n, desk.export_orders_xlsx)}
                    </a>
                    <a class=BUTTON_QUIET href=format!("/export/orders.csv?{query}") rel="external">
                        "CSV"
                    </a>
                </div>
            </div>
        </div>
        <Rates title=t_string!(i18n, reports.by_person).to_string() rows=report.by_person.clone() />
        <Rates
            title=t_string!(i18n, reports.by_kind).to_string()
            rows=report
                .by_kind
                .iter()
                .map(|(k, t)| OnTime {
                    label: kind_label(*k),
                    ..t.clone()
                })
                .collect()
        />
        <Rates title=t_string!(i18n, reports.by_day).to_string() rows=report.by_day.clone() />
        <div class=CARD>
            <h2 class=H2>{t!(i18n, reports.overdue_list)}</h2>
            <div class="overflow-x-auto">
                <table class=TABLE data-testid="overdue-list">
                    <tbody>
                        {overdue
                            .into_iter()
                            .map(|o| {
                                let (kind, status) = (o.kind, o.status);
                                view! {
                                    <tr>
                                        <td class=TD>
                                            <A
                                                href=format!("/orders/{}", o.id)
                                                attr:class="text-teal-800 underline"
                                            >
                                                {format!("#{}", o.id)}
                                            </A>
                                        </td>
                                        <td class=TD>
                                            {move || kind_name(i18n.get_locale(), kind)}
                                        </td>
                                        <td class=TD>
                                            {move || status_name(i18n.get_locale(), status)}
                                        </td>
                                        <td class=TD>
                                            {o.assignee.clone().unwrap_or_else(|| "—".into())}
                                        </td>
                                        <td class=TD>
                                            {move || date_time(i18n.get_locale(), o.finish_by)}
                                        </td>
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

/// Kinds are labelled by their key in the report; the table shows the reader's word.
fn kind_label(kind: OrderKind) -> String {
    kind.key().to_owned()
}

#[component]
fn Rates(title: String, rows: Vec<OnTime>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=CARD>
            <h2 class=H2>{title}</h2>
            <div class="overflow-x-auto">
                <table class=TABLE>
                    <thead>
                        <tr>
                            <th class=TH></th>
                            <th class=format!("{TH} text-right")>{t!(i18n, reports.orders)}</th>
                            <th class=format!(
                                "{TH} text-right",
                            )>{t!(i18n, reports.responded_on_time)}</th>
                            <th class=format!(
                                "{TH} text-right",
                            )>{t!(i18n, reports.finished_on_time)}</th>
                            <th class=format!("{TH} text-right")>{t!(i18n, reports.overdue)}</th>
                            <th class=format!("{TH} text-right")>{t!(i18n, orders.dragging)}</th>
                            <th class=format!("{TH} text-right")>{t!(i18n, reports.rating)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let label = r.label.clone();
                                let shown = move || match OrderKind::parse(&label) {
                                    Some(kind) => kind_name(i18n.get_locale(), kind),
                                    None => label.clone(),
                                };
                                let rating = r.rating.decimal_text();
                                view! {
                                    <tr>
                                        <td class=TD>{shown}</td>
                                        <td class=format!("{TD} text-right")>{r.orders}</td>
                                        <td class=format!(
                                            "{TD} text-right",
                                        )>{r.responded_on_time.percent_text()}</td>
                                        <td class=format!(
                                            "{TD} text-right",
                                        )>{r.finished_on_time.percent_text()}</td>
                                        <td class=format!("{TD} text-right")>{r.overdue}</td>
                                        <td class=format!("{TD} text-right")>{r.dragging}</td>
                                        <td class=format!("{TD} text-right")>{rating}</td>
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
