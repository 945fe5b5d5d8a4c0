//! Navigation by position: a side bar on tablets and desktops, a bottom bar on phones.

use crate::domain::position::Position;
use crate::i18n::*;
use crate::model::Me;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// One destination in the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Home,
    Staff,
    Station,
    History,
    Displays,
    Users,
    Calendar,
    Desk,
    Field,
    Points,
    Board,
    Reports,
    Quality,
    OrderSettings,
    More,
    Account,
}

impl Item {
    fn href(self) -> &'static str {
        match self {
            Item::Home => "/",
            Item::Staff => "/staff",
            Item::Station => "/station",
            Item::History => "/history",
            Item::Displays => "/displays",
            Item::Users => "/admin/users",
            Item::Calendar => "/admin/calendar",
            Item::Desk => "/desk",
            Item::Field => "/field",
            Item::Points => "/points",
            Item::Board => "/board",
            Item::Reports => "/reports",
            Item::Quality => "/quality",
            Item::OrderSettings => "/settings/orders",
            Item::More => "/menu",
            Item::Account => "/account",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Item::Home => "⌂",
            Item::Staff => "☺",
            Item::Station => "▣",
            Item::History => "↺",
            Item::Displays => "▭",
            Item::Users => "☷",
            Item::Calendar => "▦",
            Item::Desk => "☎",
            Item::Field => "✓",
            Item::Points => "★",
            Item::Board => "☰",
            Item::Reports => "◔",
            Item::Quality => "☑",
            Item::OrderSettings => "⚙",
            Item::More => "☰",
            Item::Account => "●",
        }
    }
}

/// What a person's navigation offers, by position (the server guards each page anyway).
fn items_for(me: &Me) -> Vec<Item> {
    let manages = me.position == Position::Manager || me.acting_manager_of.is_some();
    match me.position {
        Position::Admin => {
            vec![Item::Home, Item::Users, Item::Calendar, Item::History, Item::Account]
        }
        // Above the station: the home page lists their stations, each with its own page.
        Position::OpsGm | Position::OpsSupervisor | Position::ChannelDept => {
            vec![Item::Home, Item::Board, Item::Account]
        }
        Position::DispatchClerk => vec![
            Item::Desk,
            Item::Points,
            Item::Quality,
            Item::Board,
            Item::Reports,
            Item::Home,
            Item::Staff,
            Item::Account,
        ],
        Position::ServiceSupervisor | Position::MarketSupervisor if !manages => {
            let mut items = vec![Item::Home, Item::Reports];
            if me.position.takes_orders() {
                items.push(Item::Field);
            }
            items.extend([Item::Board, Item::Staff, Item::Station, Item::Account]);
            items
        }
        p if p.takes_orders() && !manages => {
            vec![Item::Field, Item::Home, Item::Board, Item::Staff, Item::Station, Item::Account]
        }
        _ if manages => vec![
            Item::Home,
            Item::Desk,
            Item::Reports,
            Item::Points,
            Item::Quality,
            Item::Board,
            Item::OrderSettings,
            Item::Staff,
            Item::Station,
            Item::History,
            Item::Displays,
            Item::Account,
        ],
        _ => vec![Item::Home, Item::Board, Item::Staff, Item::Station, Item::Account],
    }
}

fn label(i18n: I18nContext<Locale>, item: Item) -> impl IntoView {
    move || match item {
        Item::Home => t_string!(i18n, nav.home).to_string(),
        Item::Staff => t_string!(i18n, nav.staff).to_string(),
        Item::Station => t_string!(i18n, nav.station).to_string(),
        Item::History => t_string!(i18n, nav.history).to_string(),
        Item::Displays => t_string!(i18n, nav.displays).to_string(),
        Item::Users => t_string!(i18n, nav.users).to_string(),
        Item::Calendar => t_string!(i18n, nav.calendar).to_string(),
        Item::Desk => t_string!(i18n, nav.desk).to_string(),
        Item::Field => t_string!(i18n, nav.field).to_string(),
        Item::Points => t_string!(i18n, nav.points).to_string(),
        Item::Board => t_string!(i18n, nav.board).to_string(),
        Item::Reports => t_string!(i18n, nav.reports).to_string(),
        Item::Quality => t_string!(i18n, nav.quality).to_string(),
        Item::OrderSettings => t_string!(i18n, nav.order_settings).to_string(),
        Item::More => t_string!(i18n, nav.more).to_string(),
        Item::Account => t_string!(i18n, nav.account).to_string(),
    }
}

/// The bottom bar on phones: thumb-sized, at most five destinations.
#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let all: Vec<Item> = items_for(&me).into_iter().filter(|i| *i != Item::Account).collect();
    // Five places fit a thumb's reach; the rest are one tap away on the 更多 page.
    let mut items: Vec<Item> =
        if all.len() > 4 { all.into_iter().take(3).chain([Item::More]).collect() } else { all };
    items.push(Item::Account);
    let columns = format!("grid-template-columns: repeat({}, minmax(0, 1fr))", items.len());
    view! {
        <nav
            aria-label=move || t_string!(i18n, nav.menu).to_string()
            class="fixed inset-x-0 bottom-0 z-20 grid border-t border-slate-200 bg-white \
            pb-[env(safe-area-inset-bottom)] md:hidden"
            style=columns
        >
            {items
                .into_iter()
                .map(|item| {
                    view! {
                        <A
                            href=item.href()
                            exact=true
                            attr:class="flex min-h-16 flex-col items-center justify-center gap-0.5 \
                            text-xs text-slate-600 aria-[current=page]:text-teal-700 \
                            aria-[current=page]:font-semibold"
                        >
                            <span aria-hidden="true" class="text-xl leading-none">
                                {item.icon()}
                            </span>
                            <span>{label(i18n, item)}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Every destination of the person, as large buttons: the phone's 更多 page.
#[component]
pub fn MenuPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    view! {
        <section class="space-y-4">
            <h1 class="text-xl font-semibold text-slate-900">{t!(i18n, nav.more)}</h1>
            <nav
                aria-label=move || t_string!(i18n, nav.menu).to_string()
                class="grid grid-cols-2 gap-3 sm:grid-cols-3"
            >
                {items_for(&me)
                    .into_iter()
                    .map(|item| {
                        view! {
                            <A
                                href=item.href()
                                attr:class="flex min-h-20 flex-col items-center justify-center gap-1 rounded-xl \
                                bg-white text-slate-800 shadow-sm ring-1 ring-slate-200"
                            >
                                <span aria-hidden="true" class="text-2xl leading-none">
                                    {item.icon()}
                                </span>
                                <span>{label(i18n, item)}</span>
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
        </section>
    }
}

/// The side bar on tablets and desktops.
#[component]
pub fn SideNav() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    view! {
        <nav
            aria-label=move || t_string!(i18n, nav.menu).to_string()
            class="hidden w-56 shrink-0 flex-col gap-1 bg-white p-3 shadow-sm md:flex lg:w-64"
        >
            <p class="px-3 py-4 text-lg font-bold text-teal-800">{t!(i18n, app_name)}</p>
            {items_for(&me)
                .into_iter()
                .map(|item| {
                    view! {
                        <A
                            href=item.href()
                            exact=true
                            attr:class="flex min-h-11 items-center gap-3 rounded-lg px-3 text-slate-700 \
                            hover:bg-slate-100 aria-[current=page]:bg-teal-50 \
                            aria-[current=page]:font-semibold aria-[current=page]:text-teal-800"
                        >
                            <span aria-hidden="true" class="w-5 text-center">
                                {item.icon()}
                            </span>
                            <span>{label(i18n, item)}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}
