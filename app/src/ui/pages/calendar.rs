//! The official working-day calendar: every covered year, editable by the administrator.

use crate::api::calendar::{calendar_years, AddCalendarYear, RemoveCalendarDay, SetCalendarDay};
use crate::domain::position::Position;
use crate::i18n::*;
use crate::model::{CalendarYear, Me};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::date_short;
use crate::ui::style::{ALERT, BUTTON, BUTTON_DANGER, CARD, H1, H2, INPUT, LABEL, MUTED};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    add_year: ServerAction<AddCalendarYear>,
    set_day: ServerAction<SetCalendarDay>,
    remove_day: ServerAction<RemoveCalendarDay>,
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let admin = me.position == Position::Admin;
    let a = Actions {
        add_year: ServerAction::new(),
        set_day: ServerAction::new(),
        remove_day: ServerAction::new(),
    };
    provide_context(a);
    let changes = [successes(a.add_year), successes(a.set_day), successes(a.remove_day)];
    let years = Resource::new(move || changes.map(|change| change.get()), |_| calendar_years());
    let error = move || {
        action_error(a.add_year.value())
            .or_else(|| action_error(a.set_day.value()))
            .or_else(|| action_error(a.remove_day.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, calendar.title)}</h1>
            <p class=MUTED>{t!(i18n, calendar.intro)}</p>
            <Show when=move || error().is_some()>
                <p role="alert" class=ALERT>
                    {error}
                </p>
            </Show>
            <Show when=move || admin>
                <Editor />
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match years.await {
                        Ok(years) => view! { <Years years admin /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor() -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    view! {
        <div class="grid gap-4 lg:grid-cols-3">
            <ActionForm action=a.add_year attr:class=format!("{CARD} space-y-3")>
                <label class=LABEL for="cal-year">
                    {t!(i18n, calendar.year)}
                </label>
                <input
                    id="cal-year"
                    name="year"
                    type="number"
                    min="2000"
                    max="2100"
                    class=INPUT
                    required
                />
                <button type="submit" class=BUTTON>
                    {t!(i18n, calendar.add_year)}
                </button>
            </ActionForm>
            <ActionForm
                action=a.set_day
                attr:class=format!("{CARD} grid gap-3 sm:grid-cols-2 lg:col-span-2")
            >
                <div>
                    <label class=LABEL for="cal-day">
                        {t!(i18n, calendar.day)}
                    </label>
                    <input id="cal-day" name="day" type="date" class=INPUT required />
                </div>
                <div>
                    <label class=LABEL for="cal-kind">
                        {t!(i18n, calendar.kind)}
                    </label>
                    <select id="cal-kind" name="kind" class=INPUT>
                        <option value="holiday">{t!(i18n, calendar.holiday)}</option>
                        <option value="workday">{t!(i18n, calendar.workday)}</option>
                    </select>
                </div>
                <div>
                    <label class=LABEL for="cal-name-zh">
                        {t!(i18n, calendar.name_zh)}
                    </label>
                    <input id="cal-name-zh" name="name_zh" class=INPUT required maxlength="20" />
                </div>
                <div>
                    <label class=LABEL for="cal-name">
                        {t!(i18n, calendar.name)}
                    </label>
                    <input id="cal-name" name="name" class=INPUT required maxlength="40" />
                </div>
                <button type="submit" class=format!("{BUTTON} sm:col-span-2")>
                    {t!(i18n, calendar.set_day)}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Years(years: Vec<CalendarYear>, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    years
        .into_iter()
        .rev()
        .map(|year| {
            let count = year.working_days;
            view! {
                <div class=CARD>
                    <h2 class=H2>
                        {year.year}" · "{t!(i18n, calendar.working_days, count = count)}
                    </h2>
                    <ul class="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
                        {year
                            .days
                            .into_iter()
                            .map(|d| {
                                let holiday = d.kind == "holiday";
                                let day = date_short(d.day);
                                let form_day = day.clone();
                                let (name, name_zh) = (d.name, d.name_zh);
                                let day_name = move || match i18n.get_locale() {
                                    Locale::zh => name_zh.clone(),
                                    Locale::en => name.clone(),
                                };
                                view! {
                                    <li class="flex items-center justify-between gap-2 py-1 text-sm">
                                        <span>
                                            <span class="font-mono">{day}</span>
                                            " "
                                            <span class=if holiday {
                                                "text-red-700"
                                            } else {
                                                "text-teal-700"
                                            }>
                                                {move || {
                                                    if holiday {
                                                        t_string!(i18n, calendar.holiday).to_string()
                                                    } else {
                                                        t_string!(i18n, calendar.workday).to_string()
                                                    }
                                                }}
                                            </span>
                                            " "
                                            <span class="text-slate-500">{day_name}</span>
                                        </span>
                                        {admin
                                            .then(|| {
                                                view! {
                                                    <ActionForm action=a.remove_day>
                                                        <input type="hidden" name="day" value=form_day />
                                                        <button
                                                            type="submit"
                                                            class=format!("{BUTTON_DANGER} min-h-9 px-2 py-1")
                                                        >
                                                            {t!(i18n, calendar.remove)}
                                                        </button>
                                                    </ActionForm>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
        .collect_view()
}
