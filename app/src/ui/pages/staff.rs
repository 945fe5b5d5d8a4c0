//! The station's staff list: names, positions, hiring dates; no phone numbers.

use crate::api::station::station_staff;
use crate::i18n::*;
use crate::model::StaffMember;
use crate::ui::failure::Failure;
use crate::ui::format::{date_short, position_name};
use crate::ui::style::{CARD, H1, MUTED, TABLE, TD, TH};
use leptos::prelude::*;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let staff = Resource::new(|| (), |_| station_staff(None));
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, staff.title)}</h1>
            <Suspense fallback=move || {
                view! { <p>{t!(i18n, common.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(staff) => view! { <StaffTable staff /> }.into_any(),
                        Err(error) => view! { <Failure error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StaffTable(staff: Vec<StaffMember>) -> impl IntoView {
    let i18n = use_i18n();
    let count = staff.len();
    view! {
        <div class=CARD>
            <p class=MUTED>{t!(i18n, staff.count, count = count)}</p>
            <table class=format!("{TABLE} mt-2")>
                <thead>
                    <tr>
                        <th class=TH>{t!(i18n, staff.name)}</th>
                        <th class=TH>{t!(i18n, staff.position)}</th>
                        <th class=format!(
                            "{TH} hidden sm:table-cell",
                        )>{t!(i18n, staff.hired_on)}</th>
                    </tr>
                </thead>
                <tbody>
                    {staff
                        .into_iter()
                        .map(|m| {
                            let position = m.position;
                            view! {
                                <tr>
                                    <td class=TD>{m.name}</td>
                                    <td class=TD>
                                        {move || position_name(i18n.get_locale(), position)}
                                    </td>
                                    <td class=format!(
                                        "{TD} hidden sm:table-cell",
                                    )>{date_short(m.hired_on)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
