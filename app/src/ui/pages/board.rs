//! The published daily boards: the latest of one's station, and the ops center's inbox of
//! every board its stations published.

use crate::api::points::{board_inbox, load_published_board};
use crate::i18n::*;
use crate::model::orders::{BoardNotice, PublishedBoard};
use crate::ui::failure::Failure;
use crate::ui::format::date_time;
use crate::ui::style::{BUTTON_QUIET, CARD, H1, H2, MUTED, TABLE, TD, TH};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let station = move || query.read().get("station").and_then(|s| s.parse::<i64>().ok());
    let day = move || query.read().get("day").unwrap_or_default();
    let board = Resource::new(move || (station(), day()), |(s, d)| load_published_board(s, d));
    let inbox = Resource::new(|| (), |_| board_inbox());
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, board.title)}</h1>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(Some(board)) => view! { <Ranking board /> }.into_any(),
                        Ok(None) => view! { <p class=CARD>{t!(i18n, board.none)}</p> }.into_any(),
                        Err(crate::error::AppError::NotFound) => {
                            view! { <p class=CARD>{t!(i18n, board.none)}</p> }.into_any()
                        }
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
            <div class=CARD>
                <h2 class=H2>{t!(i18n, board.inbox)}</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match inbox.await {
                            Ok(list) if list.is_empty() => {
                                view! { <p class=MUTED>{t!(i18n, board.none)}</p> }.into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul
                                        class="mt-2 divide-y divide-slate-100"
                                        data-testid="board-inbox"
                                    >
                                        {list
                                            .into_iter()
                                            .map(|notice| view! { <NoticeLine notice /> })
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

/// One published board in the inbox: where and when, linking to the board.
#[component]
fn NoticeLine(notice: BoardNotice) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/board?station={}&day={}", notice.station_id, notice.day);
    view! {
        <li class="flex flex-wrap items-center justify-between gap-2 py-2">
            <A href=href attr:class="text-teal-800 underline">
                {format!("{} · {}", notice.station_name, notice.day)}
            </A>
            <span class=MUTED>{move || date_time(i18n.get_locale(), notice.published_at)}</span>
        </li>
    }
}

/// A ranked board: used by this page and, in large type, by the wall screen.
#[component]
pub fn Ranking(board: PublishedBoard) -> impl IntoView {
    let i18n = use_i18n();
    let query = format!("station={}&day={}", board.station_id, board.day);
    view! {
        <div class=CARD data-testid="published-board">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class=H2>{format!("{} · {}", board.station_name, board.day)}</h2>
                <div class="flex gap-2">
                    <a class=BUTTON_QUIET href=format!("/export/board.xlsx?{query}") rel="external">
                        {t!(i18n, points.export_xlsx)}
                    </a>
                    <a class=BUTTON_QUIET href=format!("/export/board.csv?{query}") rel="external">
                        "CSV"
                    </a>
                </div>
            </div>
            <table class=format!("{TABLE} mt-2")>
                <thead>
                    <tr>
                        <th class=TH>{t!(i18n, board.rank)}</th>
                        <th class=TH>{t!(i18n, board.name)}</th>
                        <th class=format!("{TH} text-right")>{t!(i18n, board.today)}</th>
                        <th class=format!("{TH} text-right")>{t!(i18n, board.month)}</th>
                    </tr>
                </thead>
                <tbody>
                    {board
                        .rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td class=TD>{r.rank}</td>
                                    <td class=TD>{r.standing.name}</td>
                                    <td class=format!(
                                        "{TD} text-right font-mono",
                                    )>{r.standing.today.to_string()}</td>
                                    <td class=format!(
                                        "{TD} text-right font-mono",
                                    )>{r.standing.month.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
