//! A station's facts; the administrator edits everything, the (acting) manager the hours
//! and closed days.

use crate::api::station::{
    load_station, AddArea, AddClosedDay, AddCompound, RemoveClosedDay, UpdateStation,
};
use crate::domain::position::Position;
use crate::i18n::*;
use crate::model::{Me, StationFacts};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::{date_short, or_dash};
use crate::ui::style::{ALERT, BUTTON, BUTTON_DANGER, CARD, H1, H2, INPUT, LABEL, MUTED};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The actions of this page, so that any of them reloads the facts.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateStation>,
    add_closed: ServerAction<AddClosedDay>,
    remove_closed: ServerAction<RemoveClosedDay>,
    add_area: ServerAction<AddArea>,
    add_compound: ServerAction<AddCompound>,
}

#[component]
pub fn StationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let actions = Actions {
        update: ServerAction::new(),
        add_closed: ServerAction::new(),
        remove_closed: ServerAction::new(),
        add_area: ServerAction::new(),
        add_compound: ServerAction::new(),
    };
    provide_context(actions);
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let changes = [
        successes(actions.update),
        successes(actions.add_closed),
        successes(actions.remove_closed),
        successes(actions.add_area),
        successes(actions.add_compound),
    ];
    let facts = Resource::new(
        move || (id(), changes.map(|change| change.get())),
        |(id, _)| load_station(id),
    );
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, station.title)}</h1>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match facts.await {
                        Ok(facts) => view! { <Facts facts /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
            <ActionErrors />
        </section>
    }
}

#[component]
fn ActionErrors() -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let message = move || {
        action_error(a.update.value())
            .or_else(|| action_error(a.add_closed.value()))
            .or_else(|| action_error(a.remove_closed.value()))
            .or_else(|| action_error(a.add_area.value()))
            .or_else(|| action_error(a.add_compound.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    view! {
        <Show when=move || message().is_some()>
            <p role="alert" class=format!("{ALERT} sticky bottom-24 md:bottom-4")>
                {message}
            </p>
        </Show>
    }
}

#[component]
fn Facts(facts: StationFacts) -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let admin = me.position == Position::Admin;
    let manages = admin
        || (me.position == Position::Manager && me.station_id == Some(facts.id))
        || me.acting_manager_of == Some(facts.id);
    let history = format!("/history/station/{}", facts.id);
    view! {
        <div class="grid gap-4 lg:grid-cols-2">
            <div class=CARD>
                <h2 class=H2>{facts.name.clone()}</h2>
                <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                    <dt class="text-slate-500">{t!(i18n, station.ops_center)}</dt>
                    <dd>{facts.ops_center_name.clone()}</dd>
                    <dt class="text-slate-500">{t!(i18n, station.address)}</dt>
                    <dd>{or_dash(&facts.address)}</dd>
                    <dt class="text-slate-500">{t!(i18n, station.phone)}</dt>
                    <dd>{or_dash(&facts.phone)}</dd>
                    <dt class="text-slate-500">{t!(i18n, station.hours)}</dt>
                    <dd data-testid="hours">
                        {format!("{}–{}", facts.open_time, facts.close_time)}
                    </dd>
                </dl>
                <Show when=move || manages>
                    <a
                        class="mt-3 inline-block text-sm text-teal-700 underline"
                        href=history.clone()
                    >
                        {t!(i18n, station.history)}
                    </a>
                </Show>
            </div>
            {manages.then(|| view! { <EditStation facts=facts.clone() admin /> })}
            <ClosedDays facts=facts.clone() manages />
            <Areas facts=facts.clone() admin />
        </div>
    }
}

#[component]
fn EditStation(facts: StationFacts, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    view! {
        <div class=CARD>
            <h2 class=H2>{t!(i18n, station.edit)}</h2>
            <ActionForm action=a.update attr:class="mt-3 grid gap-3 sm:grid-cols-2">
                <input type="hidden" name="form[id]" value=facts.id />
                <input type="hidden" name="form[version]" value=facts.version />
                <div class="sm:col-span-2">
                    <label class=LABEL for="st-name">
                        {t!(i18n, station.name)}
                    </label>
                    <input
                        id="st-name"
                        name="form[name]"
                        class=INPUT
                        value=facts.name.clone()
                        readonly=!admin
                    />
                </div>
                <div class="sm:col-span-2">
                    <label class=LABEL for="st-address">
                        {t!(i18n, station.address)}
                    </label>
                    <input
                        id="st-address"
                        name="form[address]"
                        class=INPUT
                        value=facts.address.clone()
                        readonly=!admin
                    />
                </div>
                <div class="sm:col-span-2">
                    <label class=LABEL for="st-phone">
                        {t!(i18n, station.phone)}
                    </label>
                    <input
                        id="st-phone"
                        name="form[phone]"
                        class=INPUT
                        value=facts.phone.clone()
                        readonly=!admin
                    />
                </div>
                <div>
                    <label class=LABEL for="st-open">
                        {t!(i18n, station.open_time)}
                    </label>
                    <input
                        id="st-open"
                        name="form[open_time]"
                        type="time"
                        class=INPUT
                        value=facts.open_time.clone()
                        required
                    />
                </div>
                <div>
                    <label class=LABEL for="st-close">
                        {t!(i18n, station.close_time)}
                    </label>
                    <input
                        id="st-close"
                        name="form[close_time]"
                        type="time"
                        class=INPUT
                        value=facts.close_time.clone()
                        required
                    />
                </div>
                <button type="submit" class=format!("{BUTTON} sm:col-span-2")>
                    {t!(i18n, station.save)}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn ClosedDays(facts: StationFacts, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let station_id = facts.id;
    let empty = facts.closed_days.is_empty();
    view! {
        <div class=CARD>
            <h2 class=H2>{t!(i18n, station.closed_days)}</h2>
            <Show when=move || empty>
                <p class=MUTED>{t!(i18n, station.no_closed_days)}</p>
            </Show>
            <ul class="mt-2 divide-y divide-slate-100" data-testid="closed-days">
                {facts
                    .closed_days
                    .into_iter()
                    .map(|d| {
                        let day = date_short(d.day);
                        let form_day = day.clone();
                        view! {
                            <li class="flex items-center justify-between gap-3 py-2">
                                <span>{day}" "<span class=MUTED>{d.reason}</span></span>
                                {manages
                                    .then(|| {
                                        view! {
                                            <ActionForm action=a.remove_closed>
                                                <input type="hidden" name="station_id" value=station_id />
                                                <input type="hidden" name="day" value=form_day />
                                                <button type="submit" class=BUTTON_DANGER>
                                                    {t!(i18n, station.remove)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <Show when=move || manages>
                <ActionForm action=a.add_closed attr:class="mt-3 grid gap-3 sm:grid-cols-2">
                    <input type="hidden" name="station_id" value=station_id />
                    <div>
                        <label class=LABEL for="cd-day">
                            {t!(i18n, station.day)}
                        </label>
                        <input id="cd-day" name="day" type="date" class=INPUT required />
                    </div>
                    <div>
                        <label class=LABEL for="cd-reason">
                            {t!(i18n, station.reason)}
                        </label>
                        <input id="cd-reason" name="reason" class=INPUT maxlength="60" />
                    </div>
                    <button type="submit" class=format!("{BUTTON} sm:col-span-2")>
                        {t!(i18n, station.add_closed_day)}
                    </button>
                </ActionForm>
            </Show>
        </div>
    }
}

#[component]
fn Areas(facts: StationFacts, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let station_id = facts.id;
    view! {
        <div class=format!("{CARD} lg:col-span-2")>
            <h2 class=H2>{t!(i18n, station.areas)}</h2>
            <div class="mt-2 grid gap-4 md:grid-cols-2">
                {facts
                    .areas
                    .into_iter()
                    .map(|area| {
                        let base = crate::domain::money::Fen(area.reward_base_fen).format_cny();
                        let area_id = area.id;
                        view! {
                            <div class="rounded-lg border border-slate-200 p-3">
                                <p class="font-semibold">{area.name}</p>
                                <p class=MUTED>
                                    {t!(i18n, station.reward_base)}": "{base}" · "
                                    {t!(i18n, station.reward_min)}": "{area.reward_min_households}
                                </p>
                                <ul class="mt-2 flex flex-wrap gap-2">
                                    {area
                                        .compounds
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li class="rounded-full bg-slate-100 px-3 py-1 text-sm">
                                                    {c.name}" "
                                                    <span class="text-slate-500">{c.subscriber_count}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <Show when=move || admin>
                                    <ActionForm action=a.add_compound attr:class="mt-3 flex gap-2">
                                        <input type="hidden" name="area_id" value=area_id />
                                        <input
                                            name="name"
                                            class=INPUT
                                            required
                                            maxlength="40"
                                            aria-label=move || {
                                                t_string!(i18n, station.compound_name).to_string()
                                            }
                                            placeholder=move || {
                                                t_string!(i18n, station.compound_name).to_string()
                                            }
                                        />
                                        <button type="submit" class=BUTTON>
                                            {t!(i18n, station.add_compound)}
                                        </button>
                                    </ActionForm>
                                </Show>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || admin>
                <ActionForm action=a.add_area attr:class="mt-4 grid gap-3 sm:grid-cols-3">
                    <input type="hidden" name="station_id" value=station_id />
                    <div>
                        <label class=LABEL for="ar-name">
                            {t!(i18n, station.area_name)}
                        </label>
                        <input id="ar-name" name="name" class=INPUT required maxlength="30" />
                    </div>
                    <div>
                        <label class=LABEL for="ar-base">
                            {t!(i18n, station.reward_base)}
                        </label>
                        <input
                            id="ar-base"
                            name="reward_base"
                            class=INPUT
                            inputmode="decimal"
                            value="0"
                        />
                    </div>
                    <div>
                        <label class=LABEL for="ar-min">
                            {t!(i18n, station.reward_min)}
                        </label>
                        <input
                            id="ar-min"
                            name="reward_min_households"
                            type="number"
                            min="0"
                            max="1000"
                            class=INPUT
                            value="0"
                        />
                    </div>
                    <button type="submit" class=format!("{BUTTON} sm:col-span-3")>
                        {t!(i18n, station.add_area)}
                    </button>
                </ActionForm>
            </Show>
        </div>
    }
}
