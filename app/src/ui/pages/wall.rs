//! The station's wall screen: large type, high contrast, no chrome, updated by push.

use crate::api::displays::load_wall_board;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::WallBoard;
use crate::ui::errors::error_text;
use crate::ui::format::{date_long, date_short, or_dash, position_name, time_of_day};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn WallPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let online = RwSignal::new(true);
    let board =
        Resource::new(move || (token(), refresh.get()), |(token, _)| load_wall_board(token));
    Effect::new(move |_| {
        crate::ui::live::listen(&format!("/wall/{}/events", untrack(token)), refresh, online)
    });
    view! {
        <div class="min-h-screen bg-black p-6 text-white lg:p-10" data-testid="wall">
            <Show when=move || !online.get()>
                <p class="mb-4 rounded bg-amber-400 px-4 py-2 text-2xl font-bold text-black">
                    {t!(i18n, wall.offline)}
                </p>
            </Show>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(board) => view! { <Board board /> }.into_any(),
                        Err(AppError::NotFound) => {
                            view! {
                                <p class="text-4xl font-bold text-amber-300" role="alert">
                                    {t!(i18n, wall.revoked)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <p class="text-3xl" role="alert">
                                    {move || error_text(i18n.get_locale(), &error)}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Board(board: WallBoard) -> impl IntoView {
    let i18n = use_i18n();
    let open = board.open_now;
    let today = board.today;
    let working = board.today_is_working_day;
    let (open_time, close_time) = (board.open_time.clone(), board.close_time.clone());
    let next_closed = board.next_closed_day.map(|d| date_short(d.day));
    let updated = time_of_day(board.generated_at);
    view! {
        <header class="flex flex-wrap items-end justify-between gap-6 border-b-4 border-teal-400 pb-6">
            <div>
                <h1 class="text-5xl font-black tracking-tight lg:text-7xl">{board.station_name}</h1>
                <p class="mt-3 text-2xl text-slate-200 lg:text-3xl">
                    {format!("{} · {}", or_dash(&board.address), or_dash(&board.phone))}
                </p>
            </div>
            <div class="text-right">
                <p class=if open {
                    "text-6xl font-black text-teal-300"
                } else {
                    "text-6xl font-black text-amber-300"
                }>
                    {move || {
                        if open {
                            t_string!(i18n, wall.open).to_string()
                        } else {
                            t_string!(i18n, wall.closed).to_string()
                        }
                    }}
                </p>
                <p class="mt-2 text-3xl">
                    {move || {
                        t_string!(
                            i18n, wall.hours, open = open_time.clone(), close = close_time.clone()
                        )
                            .to_string()
                    }}
                </p>
            </div>
        </header>
        <section class="mt-8 flex flex-wrap items-baseline gap-x-8 gap-y-2 text-3xl lg:text-4xl">
            <p class="font-bold">{move || date_long(i18n.get_locale(), today)}</p>
            <p class="text-teal-300">
                {move || match working {
                    Some(true) => t_string!(i18n, wall.working_day).to_string(),
                    Some(false) => t_string!(i18n, wall.rest_day).to_string(),
                    None => String::new(),
                }}
            </p>
            {next_closed
                .map(|day| {
                    view! {
                        <p class="text-amber-300">
                            {move || {
                                t_string!(i18n, wall.next_closed, day = day.clone()).to_string()
                            }}
                        </p>
                    }
                })}
        </section>
        <section class="mt-10">
            <h2 class="text-3xl font-bold text-slate-300">{t!(i18n, wall.staff_on_duty)}</h2>
            <ul class="mt-4 grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
                {board
                    .staff_on_roll
                    .into_iter()
                    .map(|m| {
                        let position = m.position;
                        view! {
                            <li class="rounded-xl bg-slate-900 px-5 py-4 ring-2 ring-slate-700">
                                <p class="text-3xl font-bold">{m.name}</p>
                                <p class="mt-1 text-xl text-slate-300">
                                    {move || position_name(i18n.get_locale(), position)}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        {board.points_board.map(|points| view! { <PointsBoard points /> })}
        <p class="mt-10 text-xl text-slate-400" data-testid="wall-updated">
            {move || t_string!(i18n, wall.updated, time = updated.clone()).to_string()}
        </p>
    }
}

/// The published daily points board, ranked, in wall-sized type: names and points only.
#[component]
fn PointsBoard(points: crate::model::orders::PublishedBoard) -> impl IntoView {
    let i18n = use_i18n();
    let day = date_short(points.day);
    view! {
        <section class="mt-10" data-testid="wall-points">
            <h2 class="text-3xl font-bold text-slate-300">
                {move || t_string!(i18n, wall.points_board, day = day.clone()).to_string()}
            </h2>
            <table class="mt-4 w-full text-left text-3xl">
                <thead class="text-2xl text-slate-400">
                    <tr>
                        <th class="py-2">{t!(i18n, board.rank)}</th>
                        <th class="py-2">{t!(i18n, board.name)}</th>
                        <th class="py-2 text-right">{t!(i18n, board.today)}</th>
                        <th class="py-2 text-right">{t!(i18n, board.month)}</th>
                    </tr>
                </thead>
                <tbody>
                    {points
                        .rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr class="border-t border-slate-800">
                                    <td class="py-3 font-black text-teal-300">{r.rank}</td>
                                    <td class="py-3 font-bold">{r.standing.name}</td>
                                    <td class="py-3 text-right font-mono">
                                        {r.standing.today.to_string()}
                                    </td>
                                    <td class="py-3 text-right font-mono text-slate-300">
                                        {r.standing.month.to_string()}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
