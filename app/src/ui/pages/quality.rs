//! The clerk's quality book: the proposed callbacks of last week's installations, and the
//! complaints and penalty notices that the month-end rules read.

use crate::api::quality::{load_quality_book, RecordCallback, RecordComplaint, RecordPenalty};
use crate::i18n::*;
use crate::model::orders::{CallbackRow, QualityBook, PENALTY_SOURCES};
use crate::ui::errors::error_text;
use crate::ui::failure::{action_error, successes, Failure};
use crate::ui::format::or_dash;
use crate::ui::style::{BUTTON, CARD, H1, H2, INPUT, LABEL, MUTED, TOAST_ALERT};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Clone, Copy)]
struct Actions {
    callback: ServerAction<RecordCallback>,
    complaint: ServerAction<RecordComplaint>,
    penalty: ServerAction<RecordPenalty>,
}

pub fn source_name(locale: Locale, source: &str) -> String {
    match source {
        "ops_tech" => td_string!(locale, quality.src_ops_tech),
        "production_safety" => td_string!(locale, quality.src_production_safety),
        "construction_assets" => td_string!(locale, quality.src_construction_assets),
        "customer_service" => td_string!(locale, quality.src_customer_service),
        _ => return source.to_owned(),
    }
    .to_string()
}

#[component]
pub fn QualityPage() -> impl IntoView {
    let i18n = use_i18n();
    let a = Actions {
        callback: ServerAction::new(),
        complaint: ServerAction::new(),
        penalty: ServerAction::new(),
    };
    provide_context(a);
    let changes = [successes(a.callback), successes(a.complaint), successes(a.penalty)];
    let book = Resource::new(move || changes.map(|c| c.get()), |_| load_quality_book());
    let error = move || {
        action_error(a.callback.value())
            .or_else(|| action_error(a.complaint.value()))
            .or_else(|| action_error(a.penalty.value()))
            .map(|e| error_text(i18n.get_locale(), &e))
    };
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, quality.title)}</h1>
            <Show when=move || error().is_some()>
                <p role="alert" class=TOAST_ALERT>
                    {error}
                </p>
            </Show>
            <Transition fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match book.await {
                        Ok(book) => view! { <Book book /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Book(book: QualityBook) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let (today, issued) = (book.today.to_string(), book.today.to_string());
    let staff = book.staff.clone();
    let staff_options = move || {
        staff
            .iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
            .collect_view()
    };
    let staff_again = book.staff.clone();
    view! {
        <div class=CARD>
            <h2 class=H2>{t!(i18n, quality.proposed)}</h2>
            <p class=MUTED>{t!(i18n, quality.proposed_intro)}</p>
            {book
                .proposed
                .is_empty()
                .then(|| view! { <p class=MUTED>{t!(i18n, quality.none_proposed)}</p> })}
            <ul class="mt-2 space-y-3" data-testid="callbacks-proposed">
                {book.proposed.into_iter().map(|c| view! { <Proposed c /> }).collect_view()}
            </ul>
        </div>
        <div class="grid gap-4 lg:grid-cols-2">
            <ActionForm action=a.complaint attr:class=format!("{CARD} grid gap-2")>
                <h2 class=H2>{t!(i18n, quality.complaint)}</h2>
                <label class=LABEL for="cp-order">
                    {t!(i18n, quality.order_no)}
                </label>
                <input
                    id="cp-order"
                    name="order_id"
                    class=INPUT
                    inputmode="numeric"
                    placeholder="#"
                />
                <label class=LABEL for="cp-staff">
                    {t!(i18n, quality.staff)}
                </label>
                <select id="cp-staff" name="staff_id" class=INPUT>
                    <option value="">{t!(i18n, quality.from_order)}</option>
                    {staff_options()}
                </select>
                <label class=LABEL for="cp-day">
                    {t!(i18n, quality.received_on)}
                </label>
                <input
                    id="cp-day"
                    name="received_on"
                    type="date"
                    class=INPUT
                    value=today
                    required
                />
                <label class=LABEL for="cp-note">
                    {t!(i18n, quality.note)}
                </label>
                <input id="cp-note" name="note" class=INPUT required maxlength="500" />
                <button type="submit" class=BUTTON>
                    {t!(i18n, quality.record)}
                </button>
            </ActionForm>
            <ActionForm action=a.penalty attr:class=format!("{CARD} grid gap-2")>
                <h2 class=H2>{t!(i18n, quality.penalty)}</h2>
                <label class=LABEL for="pn-source">
                    {t!(i18n, quality.source)}
                </label>
                <select id="pn-source" name="source" class=INPUT>
                    {PENALTY_SOURCES
                        .map(|s| {
                            view! {
                                <option value=s>{move || source_name(i18n.get_locale(), s)}</option>
                            }
                        })
                        .collect_view()}
                </select>
                <label class=LABEL for="pn-person">
                    {t!(i18n, quality.person_or_station)}
                </label>
                <select id="pn-person" name="user_id" class=INPUT>
                    <option value="">{t!(i18n, quality.the_station)}</option>
                    {staff_again
                        .iter()
                        .map(|(id, name)| {
                            view! { <option value=id.to_string()>{name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
                <label class=LABEL for="pn-day">
                    {t!(i18n, quality.issued_on)}
                </label>
                <input id="pn-day" name="issued_on" type="date" class=INPUT value=issued required />
                <label class=LABEL for="pn-note">
                    {t!(i18n, quality.note)}
                </label>
                <input id="pn-note" name="note" class=INPUT required maxlength="500" />
                <button type="submit" class=BUTTON>
                    {t!(i18n, quality.record)}
                </button>
            </ActionForm>
        </div>
        <div class=CARD>
            <h2 class=H2>{t!(i18n, quality.notes)}</h2>
            {book
                .notes
                .is_empty()
                .then(|| view! { <p class=MUTED>{t!(i18n, quality.no_notes)}</p> })}
            <ul class="mt-2 divide-y divide-slate-100 text-sm" data-testid="quality-notes">
                {book
                    .notes
                    .into_iter()
                    .map(|n| {
                        let (kind, source) = (n.kind.clone(), n.source.clone());
                        view! {
                            <li class="flex flex-wrap gap-x-3 py-2">
                                <span class="font-mono">{n.day.to_string()}</span>
                                <span class="font-semibold">
                                    {move || {
                                        if kind == "complaint" {
                                            t_string!(i18n, quality.complaint).to_string()
                                        } else {
                                            source_name(i18n.get_locale(), &source)
                                        }
                                    }}
                                </span>
                                {n
                                    .order_id
                                    .map(|id| {
                                        view! {
                                            <A
                                                href=format!("/orders/{id}")
                                                attr:class="text-teal-800 underline"
                                            >
                                                {format!("#{id}")}
                                            </A>
                                        }
                                    })}
                                <span>{or_dash(&n.person.clone().unwrap_or_default())}</span>
                                <span class="min-w-0 flex-1">{n.note}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
        <div class=CARD>
            <h2 class=H2>{t!(i18n, quality.recorded)}</h2>
            <ul class="mt-2 divide-y divide-slate-100 text-sm">
                {book
                    .recorded
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="flex flex-wrap gap-x-3 py-2">
                                <span class="font-mono">{format!("#{}", c.order_id)}</span>
                                <span>{or_dash(&c.staff.clone().unwrap_or_default())}</span>
                                <span>
                                    {move || {
                                        if c.reached == Some(true) {
                                            t_string!(i18n, quality.reached).to_string()
                                        } else {
                                            t_string!(i18n, quality.not_reached).to_string()
                                        }
                                    }}
                                </span>
                                <span>
                                    {c
                                        .rating
                                        .map(|r| "★".repeat(usize::try_from(r).unwrap_or(0)))
                                        .unwrap_or_default()}
                                </span>
                                <span class="min-w-0 flex-1">{or_dash(&c.comment)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Proposed(c: CallbackRow) -> impl IntoView {
    let i18n = use_i18n();
    let a = expect_context::<Actions>();
    let id = c.order_id;
    view! {
        <li class="rounded-lg ring-1 ring-slate-200 p-3">
            <p class="flex flex-wrap gap-x-3">
                <A href=format!("/orders/{id}") attr:class="font-mono text-teal-800 underline">
                    {format!("#{id}")}
                </A>
                <span>{or_dash(&c.contact_name)}</span>
                {(!c.contact_phone.is_empty())
                    .then(|| {
                        view! {
                            <a
                                class="text-teal-800 underline"
                                href=format!("tel:{}", c.contact_phone)
                                rel="external"
                            >
                                {c.contact_phone.clone()}
                            </a>
                        }
                    })}
                <span class=MUTED>{or_dash(&c.staff.clone().unwrap_or_default())}</span>
            </p>
            <ActionForm
                action=a.callback
                attr:class="mt-2 grid gap-2 sm:grid-cols-[auto_auto_1fr_auto] sm:items-end"
            >
                <input type="hidden" name="order_id" value=id.to_string() />
                <select
                    name="reached"
                    class=INPUT
                    aria-label=move || t_string!(i18n, quality.reached).to_string()
                >
                    <option value="yes">{t!(i18n, quality.reached)}</option>
                    <option value="no">{t!(i18n, quality.not_reached)}</option>
                </select>
                <select
                    name="rating"
                    class=INPUT
                    aria-label=move || t_string!(i18n, quality.rating).to_string()
                >
                    <option value="">{t!(i18n, quality.rating)}</option>
                    {[5, 4, 3, 2, 1]
                        .map(|r| view! { <option value=r.to_string()>{"★".repeat(r)}</option> })
                        .collect_view()}
                </select>
                <input
                    name="comment"
                    class=INPUT
                    maxlength="500"
                    aria-label=move || t_string!(i18n, quality.comment).to_string()
                    placeholder=move || t_string!(i18n, quality.comment).to_string()
                />
                <button type="submit" class=BUTTON>
                    {t!(i18n, quality.record)}
                </button>
            </ActionForm>
        </li>
    }
}
