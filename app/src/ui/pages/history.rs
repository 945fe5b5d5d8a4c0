//! The audit log: a station's latest changes, or every change to one record.

use crate::api::audit::{record_history, station_changes};
use crate::i18n::*;
use crate::model::AuditEntry;
use crate::ui::audit_text::{
    action_text, entity_text, field_changes, field_text, value_text, FieldChange,
};
use crate::ui::failure::Failure;
use crate::ui::format::date_time;
use crate::ui::style::{CARD, H1, MUTED, TABLE, TD, TH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let target = move || {
        let p = params.read();
        let entity = p.get("entity");
        let id = p.get("id").and_then(|id| id.parse::<i64>().ok());
        entity.zip(id)
    };
    let entries = Resource::new(target, |target| async move {
        match target {
            Some((entity, id)) => record_history(entity, id).await,
            None => station_changes(None).await,
        }
    });
    view! {
        <section class="space-y-4">
            <h1 class=H1>
                {t!(i18n, history.title)}
                {move || {
                    target()
                        .map(|(entity, id)| {
                            format!(" · {} #{id}", entity_text(i18n.get_locale(), &entity))
                        })
                }}
            </h1>
            <Suspense fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(entries) => view! { <Entries entries /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Entries(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class=MUTED>{t!(i18n, history.empty)}</p> }.into_any();
    }
    view! {
        <div class=format!("{CARD} overflow-x-auto")>
            <table class=TABLE>
                <thead>
                    <tr>
                        <th class=TH>{t!(i18n, history.when)}</th>
                        <th class=TH>{t!(i18n, history.who)}</th>
                        <th class=TH>{t!(i18n, history.what)}</th>
                        <th class=TH>{t!(i18n, history.before)}" → "{t!(i18n, history.after)}</th>
                        <th class=format!("{TH} hidden lg:table-cell")>{t!(i18n, history.from)}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|e| view! { <Row entry=e /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Row(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at;
    let who = entry.actor_name.clone();
    let link = format!("/history/{}/{}", entry.entity, entry.entity_id);
    let changes = field_changes(entry.before.as_deref(), entry.after.as_deref());
    let AuditEntry { action, entity, entity_id, client_addr, .. } = entry;
    view! {
        <tr>
            <td class=format!(
                "{TD} whitespace-nowrap",
            )>{move || date_time(i18n.get_locale(), at)}</td>
            <td class=TD>
                {move || who.clone().unwrap_or_else(|| t_string!(i18n, history.system).to_string())}
            </td>
            <td class=TD>
                <span class="font-medium">{move || action_text(i18n.get_locale(), &action)}</span>
                <br />
                <a class="text-xs text-teal-700 underline" href=link>
                    {move || format!("{} #{entity_id}", entity_text(i18n.get_locale(), &entity))}
                </a>
            </td>
            <td class=format!("{TD} max-w-md break-words text-sm")>
                <ul>
                    {changes.into_iter().map(|change| view! { <Change change /> }).collect_view()}
                </ul>
            </td>
            <td class=format!("{TD} hidden lg:table-cell font-mono text-xs")>{client_addr}</td>
        </tr>
    }
    .into_any()
}

/// One changed field: "岗位：销售代表 → 服务人员".
#[component]
fn Change(change: FieldChange) -> impl IntoView {
    let i18n = use_i18n();
    let FieldChange { field, before, after } = change;
    let name = field.clone();
    let old = field.clone();
    view! {
        <li>
            <span class=MUTED>{move || field_text(i18n.get_locale(), &name)}": "</span>
            <span class="text-slate-500">
                {move || value_text(i18n.get_locale(), &old, before.as_ref())}
            </span>
            " → "
            <span>{move || value_text(i18n.get_locale(), &field, after.as_ref())}</span>
        </li>
    }
    .into_any()
}
