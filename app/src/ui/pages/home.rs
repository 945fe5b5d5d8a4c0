//! The home page of each position: today, the station at a glance, and the way onward.

use crate::api::station::load_home;
use crate::domain::position::Position;
use crate::i18n::*;
use crate::model::{HomeSummary, Me, StationFacts};
use crate::ui::failure::Failure;
use crate::ui::format::{date_long, date_short, position_name};
use crate::ui::style::{CARD, H1, H2, MUTED, STAT};
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let summary = Resource::new(|| (), |_| load_home());
    let name = me.name.clone();
    let acting = me.acting_manager_of.is_some();
    view! {
        <section class="space-y-4">
            <div>
                <h1 class=H1>{t!(i18n, home.greeting, name = name.clone())}</h1>
                <p class=MUTED>{move || position_name(i18n.get_locale(), me.position)}</p>
            </div>
            <Show when=move || acting>
                <p class="rounded-lg bg-amber-50 px-4 py-3 text-amber-900 ring-1 ring-amber-200">
                    {t!(i18n, home.acting_manager)}
                </p>
            </Show>
            <Suspense fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(summary) => view! { <Summary summary /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Summary(summary: HomeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let today = summary.today;
    let working = summary.working_day;
    let day_kind = move || match working {
        Some(true) => t_string!(i18n, home.working_day).to_string(),
        Some(false) => t_string!(i18n, home.rest_day).to_string(),
        None => t_string!(i18n, home.no_calendar).to_string(),
    };
    let station = summary.station.clone();
    let open_now = summary.open_now;
    view! {
        <div class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            <div class=CARD>
                <p class=MUTED>{t!(i18n, home.today)}</p>
                <p class="mt-1 text-lg font-semibold">
                    {move || date_long(i18n.get_locale(), today)}
                </p>
                <p class="mt-1 text-teal-800" data-testid="day-kind">
                    {day_kind}
                </p>
            </div>
            {station.map(|facts| view! { <StationTiles facts open_now today /> })}
        </div>
        {(me.position == Position::Admin).then(|| view! { <AdminTiles summary=summary.clone() /> })}
        {(!summary.stations.is_empty()).then(|| view! { <StationList summary=summary.clone() /> })}
    }
}

#[component]
fn StationTiles(facts: StationFacts, open_now: bool, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let compounds: usize = facts.areas.iter().map(|a| a.compounds.len()).sum();
    let areas = facts.areas.len();
    let hours = format!("{}–{}", facts.open_time, facts.close_time);
    let next_closed = facts.closed_days.iter().find(|d| d.day >= today).map(|d| date_short(d.day));
    view! {
        <div class=CARD>
            <p class=MUTED>{t!(i18n, home.hours)}</p>
            <p class="mt-1 text-lg font-semibold">{hours}</p>
            <p class=if open_now {
                "mt-1 font-medium text-teal-700"
            } else {
                "mt-1 font-medium text-slate-500"
            }>
                {move || {
                    if open_now {
                        t_string!(i18n, home.open_now).to_string()
                    } else {
                        t_string!(i18n, home.closed_now).to_string()
                    }
                }}
            </p>
            <p class=format!(
                "{MUTED} mt-2",
            )>{t!(i18n, home.next_closed)}": " {next_closed.unwrap_or_else(|| "—".to_owned())}</p>
        </div>
        <a href="/staff" class=CARD>
            <p class=MUTED>{t!(i18n, home.staff_count)}</p>
            <p class=STAT data-testid="staff-count">
                {facts.staff_count}
            </p>
        </a>
        <a href="/station" class=CARD>
            <p class=MUTED>{t!(i18n, home.subscriber_count)}</p>
            <p class=STAT>{facts.subscriber_count}</p>
        </a>
        <a href="/station" class=CARD>
            <p class=MUTED>{t!(i18n, home.area_count)}" / "{t!(i18n, home.compound_count)}</p>
            <p class=STAT>{areas}" / "{compounds}</p>
        </a>
    }
}

#[component]
fn AdminTiles(summary: HomeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let years = summary.years_covered.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ");
    view! {
        <h2 class=format!("{H2} mt-6")>{t!(i18n, home.admin_title)}</h2>
        <div class="mt-2 grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            <a href="/admin/users" class=CARD>
                <p class=MUTED>{t!(i18n, home.users_tile)}</p>
                <p class=STAT data-testid="user-total">
                    {summary.user_total}
                </p>
                <p class=MUTED>{t!(i18n, home.inactive_users)}": "{summary.inactive_users}</p>
            </a>
            <a href="/admin/calendar" class=CARD>
                <p class=MUTED>{t!(i18n, home.calendar_tile)}</p>
                <p class="mt-1 text-lg font-semibold">{t!(i18n, home.years_covered)}</p>
                <p>{years}</p>
            </a>
        </div>
    }
}

#[component]
fn StationList(summary: HomeSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 class=format!("{H2} mt-6")>{t!(i18n, home.stations_title)}</h2>
        <ul class="mt-2 grid gap-3 md:grid-cols-2">
            {summary
                .stations
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <a href=format!("/station/{}", s.id) class=format!("{CARD} block")>
                                <p class="font-semibold">{s.name}</p>
                                <p class=MUTED>{s.ops_center_name}</p>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
