//! The administrator's user list: create, edit, deactivate, reset passwords.

use crate::api::admin::{list_stations, list_users, CreateUser, ResetPassword, UpdateUser};
use crate::domain::position::Position;
use crate::i18n::*;
use crate::model::{StationSummary, UserRecord};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::{date_short, position_name};
use crate::ui::style::{ALERT, BUTTON, BUTTON_QUIET, CARD, H1, INPUT, LABEL, MUTED, NOTICE};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateUser>,
    update: ServerAction<UpdateUser>,
    reset: ServerAction<ResetPassword>,
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        reset: ServerAction::new(),
    };
    provide_context(actions);
    let changes = [successes(actions.create), successes(actions.update)];
    let users = Resource::new(move || changes.map(|change| change.get()), |_| list_users());
    let stations = Resource::new(|| (), |_| list_stations());
    let search = RwSignal::new(String::new());
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, users.title)}</h1>
            <Outcome />
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match (users.await, stations.await) {
                        (Ok(users), Ok(stations)) => {
                            view! {
                                <NewUser stations=stations.clone() />
                                <input
                                    class=INPUT
                                    type="search"
                                    aria-label=move || t_string!(i18n, users.search).to_string()
                                    placeholder=move || t_string!(i18n, users.search).to_string()
                                    bind:value=search
                                />
                                <UserList users stations search />
                            }
                                .into_any()
                        }
                        (Err(error), _) | (_, Err(error)) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The result of the last action on this page.
#[component]
fn Outcome() -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let error = move || {
        action_error(a.create.value())
            .or_else(|| action_error(a.update.value()))
            .or_else(|| action_error(a.reset.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    let created = move || match a.create.value().get() {
        Some(Ok(user)) => Some(user.name),
        _ => None,
    };
    let reset = move || matches!(a.reset.value().get(), Some(Ok(())));
    view! {
        <Show when=move || error().is_some()>
            <p role="alert" class=ALERT>
                {error}
            </p>
        </Show>
        <Show when=move || created().is_some()>
            <p role="status" class=NOTICE>
                {move || {
                    t_string!(i18n, users.created, name = created().unwrap_or_default()).to_string()
                }}
            </p>
        </Show>
        <Show when=reset>
            <p role="status" class=NOTICE>
                {t!(i18n, users.reset_done)}
            </p>
        </Show>
    }
}

fn position_options(i18n: I18nContext<Locale>, selected: Option<Position>) -> impl IntoView {
    Position::ALL
        .into_iter()
        .map(move |p| {
            view! {
                <option value=p.key() selected=selected == Some(p)>
                    {move || position_name(i18n.get_locale(), p)}
                </option>
            }
        })
        .collect_view()
}

fn station_options(stations: &[StationSummary], selected: Option<i64>) -> impl IntoView {
    stations
        .iter()
        .map(|s| {
            view! {
                <option value=s.id selected=selected == Some(s.id)>
                    {format!("{} · {}", s.name, s.ops_center_name)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn NewUser(stations: Vec<StationSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    view! {
        <details class=CARD>
            <summary class="cursor-pointer text-base font-semibold text-teal-800">
                {t!(i18n, users.new_user)}
            </summary>
            <ActionForm action=a.create attr:class="mt-3 grid gap-3 md:grid-cols-2">
                <div>
                    <label class=LABEL for="nu-name">
                        {t!(i18n, users.name)}
                    </label>
                    <input id="nu-name" name="form[name]" class=INPUT required />
                </div>
                <div>
                    <label class=LABEL for="nu-mobile">
                        {t!(i18n, users.mobile)}
                    </label>
                    <input
                        id="nu-mobile"
                        name="form[mobile]"
                        type="tel"
                        inputmode="numeric"
                        class=INPUT
                        required
                    />
                </div>
                <div>
                    <label class=LABEL for="nu-position">
                        {t!(i18n, users.position)}
                    </label>
                    <select id="nu-position" name="form[position]" class=INPUT>
                        {position_options(i18n, None)}
                    </select>
                </div>
                <div>
                    <label class=LABEL for="nu-station">
                        {t!(i18n, users.station)}
                    </label>
                    <select id="nu-station" name="form[station_id]" class=INPUT>
                        {station_options(&stations, None)}
                    </select>
                </div>
                <div>
                    <label class=LABEL for="nu-hired">
                        {t!(i18n, users.hired_on)}
                    </label>
                    <input id="nu-hired" name="form[hired_on]" type="date" class=INPUT required />
                </div>
                <div>
                    <label class=LABEL for="nu-password">
                        {t!(i18n, users.password)}
                    </label>
                    <input
                        id="nu-password"
                        name="form[password]"
                        type="password"
                        minlength="8"
                        autocomplete="new-password"
                        class=INPUT
                        required
                    />
                </div>
                <button type="submit" class=format!("{BUTTON} md:col-span-2")>
                    {t!(i18n, users.create)}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn UserList(
    users: Vec<UserRecord>,
    stations: Vec<StationSummary>,
    search: RwSignal<String>,
) -> impl IntoView {
    view! {
        <ul class="space-y-2" data-testid="user-list">
            {users
                .into_iter()
                .map(|user| {
                    let haystack = format!("{} {}", user.name, user.mobile);
                    let visible = move || {
                        let needle = search.get();
                        needle.trim().is_empty() || haystack.contains(needle.trim())
                    };
                    view! {
                        <li class:hidden=move || !visible()>
                            <UserRow user stations=stations.clone() />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn UserRow(user: UserRecord, stations: Vec<StationSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let position = user.position;
    let active = user.active;
    let history = format!("/history/user/{}", user.id);
    view! {
        <details class=CARD>
            <summary class="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1">
                <span class="font-semibold">{user.name.clone()}</span>
                <span class=MUTED>{move || position_name(i18n.get_locale(), position)}</span>
                {user.station_name.clone().map(|name| view! { <span class=MUTED>{name}</span> })}
                <span class="font-mono text-sm text-slate-600">{user.mobile.clone()}</span>
                <Show when=move || !active>
                    <span class="rounded bg-slate-200 px-2 text-xs">
                        {t!(i18n, users.inactive)}
                    </span>
                </Show>
            </summary>
            <ActionForm action=a.update attr:class="mt-3 grid gap-3 md:grid-cols-2">
                <input type="hidden" name="form[id]" value=user.id />
                <input type="hidden" name="form[version]" value=user.version />
                <div>
                    <label class=LABEL>
                        {t!(i18n, users.name)}
                        <input name="form[name]" class=INPUT value=user.name.clone() required />
                    </label>
                </div>
                <div>
                    <label class=LABEL>
                        {t!(i18n, users.position)} <select name="form[position]" class=INPUT>
                            {position_options(i18n, Some(position))}
                        </select>
                    </label>
                </div>
                <div>
                    <label class=LABEL>
                        {t!(i18n, users.station)} <select name="form[station_id]" class=INPUT>
                            {station_options(&stations, user.station_id)}
                        </select>
                    </label>
                </div>
                <div>
                    <label class=LABEL>
                        {t!(i18n, users.active)} <select name="form[active]" class=INPUT>
                            <option value="true" selected=active>
                                {t!(i18n, users.active)}
                            </option>
                            <option value="false" selected=!active>
                                {t!(i18n, users.inactive)}
                            </option>
                        </select>
                    </label>
                </div>
                <div class="md:col-span-2">
                    <label class=LABEL>
                        {t!(i18n, users.reason)}
                        <input name="form[reason]" class=INPUT maxlength="60" />
                    </label>
                </div>
                <div class="flex flex-wrap gap-3 md:col-span-2">
                    <button type="submit" class=BUTTON>
                        {t!(i18n, users.save)}
                    </button>
                    <a href=history class=BUTTON_QUIET>
                        {t!(i18n, users.history)}
                    </a>
                </div>
            </ActionForm>
            <ActionForm
                action=a.reset
                attr:class="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3"
            >
                <input type="hidden" name="user_id" value=user.id />
                <label class=format!(
                    "{LABEL} grow",
                )>
                    {t!(i18n, users.new_password)}
                    <input
                        name="password"
                        type="password"
                        minlength="8"
                        autocomplete="new-password"
                        class=INPUT
                        required
                    />
                </label>
                <button type="submit" class=BUTTON_QUIET>
                    {t!(i18n, users.reset_password)}
                </button>
            </ActionForm>
            <p class=format!(
                "{MUTED} mt-2",
            )>{t!(i18n, users.hired_on)}": "{date_short(user.hired_on)}</p>
        </details>
    }
}
