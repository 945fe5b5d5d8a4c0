//! Importing calls and orders from a spreadsheet: a plain upload form (it works without the
//! page's script), and the report of each import with every bad line and its reason.

use crate::api::quality::load_import;
use crate::i18n::*;
use crate::model::orders::ImportReport;
use crate::ui::errors::code_text;
use crate::ui::failure::Failure;
use crate::ui::style::{ALERT, BUTTON, CARD, H1, H2, MUTED, NOTICE, TABLE, TD, TH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let report = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_import(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, import.title)}</h1>
            <form
                method="post"
                action="/import/orders"
                enctype="multipart/form-data"
                class=format!("{CARD} space-y-3")
            >
                <p class=MUTED>{t!(i18n, import.intro)}</p>
                <p class="font-mono text-sm">
                    "外部编号, 受理时间, 来源, 联系人, 电话, 事由, 工单类型, 小区, 栋, 单元, 室"
                </p>
                <input
                    type="file"
                    name="file"
                    accept=".csv,.xlsx,text/csv"
                    required
                    class="block w-full text-base"
                    aria-label=move || t_string!(i18n, import.file).to_string()
                />
                <button type="submit" class=BUTTON>
                    {t!(i18n, import.upload)}
                </button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(Some((name, report))) => view! { <Report name report /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(name: String, report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let ok = report.errors.is_empty();
    let (imported, skipped, bad) = (report.imported, report.skipped, report.errors.len());
    view! {
        <div class=CARD data-testid="import-report">
            <h2 class=H2>{name}</h2>
            {if ok {
                view! {
                    <p role="status" class=NOTICE>
                        {move || {
                            t_string!(i18n, import.done, imported = imported, skipped = skipped)
                                .to_string()
                        }}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p role="alert" class=ALERT>
                        {move || t_string!(i18n, import.refused, bad = bad).to_string()}
                    </p>
                }
                    .into_any()
            }}
            {(!ok)
                .then(|| {
                    view! {
                        <table class=format!("{TABLE} mt-2")>
                            <thead>
                                <tr>
                                    <th class=TH>{t!(i18n, import.line)}</th>
                                    <th class=TH>{t!(i18n, import.reason)}</th>
                                    <th class=TH>{t!(i18n, import.value)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {report
                                    .errors
                                    .into_iter()
                                    .map(|e| {
                                        let code = e.code.clone();
                                        view! {
                                            <tr>
                                                <td class=TD>
                                                    {if e.line == 0 {
                                                        "—".to_owned()
                                                    } else {
                                                        e.line.to_string()
                                                    }}
                                                </td>
                                                <td class=TD>
                                                    {move || code_text(i18n.get_locale(), &code)}
                                                </td>
                                                <td class=format!(
                                                    "{TD} font-mono",
                                                )>
                                                    {if e.value.is_empty() {
                                                        "—".to_owned()
                                                    } else {
                                                        e.value.clone()
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
        </div>
    }
}
