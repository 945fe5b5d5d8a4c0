//! The person's own account: who they are, their language, their password.

use crate::api::account::ChangePassword;
use crate::i18n::*;
use crate::model::Me;
use crate::ui::errors::error_text;
use crate::ui::failure::action_error;
use crate::ui::format::{or_dash, position_name};
use crate::ui::lang_switch::LangSwitch;
use crate::ui::style::{ALERT, BUTTON, CARD, H1, H2, INPUT, LABEL, MUTED, NOTICE};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let change = ServerAction::<ChangePassword>::new();
    let error = move || action_error(change.value()).map(|e| error_text(i18n.get_locale(), &e));
    let done = move || matches!(change.value().get(), Some(Ok(())));
    let position = me.position;
    let station = or_dash(me.station_name.as_deref().unwrap_or_default());
    view! {
        <section class="space-y-4">
            <h1 class=H1>{t!(i18n, account.title)}</h1>
            <div class=CARD>
                <p class="text-lg font-semibold">{me.name.clone()}</p>
                <p class=MUTED>
                    {t!(i18n, account.position)}": "
                    {move || position_name(i18n.get_locale(), position)}
                </p>
                <p class=MUTED>{t!(i18n, account.station)}": "{station}</p>
                <div class="mt-4 flex items-center gap-3">
                    <span class=LABEL>
                        {t!(i18n, account.language)}": "{t!(i18n, lang_current)}
                    </span>
                    <div class="rounded-lg bg-teal-800 p-1 text-white">
                        <LangSwitch />
                    </div>
                </div>
            </div>
            <div class=CARD>
                <h2 class=H2>{t!(i18n, account.change_password)}</h2>
                <ActionForm action=change attr:class="mt-3 max-w-md space-y-4">
                    <div>
                        <label class=LABEL for="current">
                            {t!(i18n, account.current)}
                        </label>
                        <input
                            id="current"
                            name="current"
                            type="password"
                            required
                            autocomplete="current-password"
                            class=INPUT
                        />
                    </div>
                    <div>
                        <label class=LABEL for="new">
                            {t!(i18n, account.new_password)}
                        </label>
                        <input
                            id="new"
                            name="new"
                            type="password"
                            required
                            minlength="8"
                            autocomplete="new-password"
                            class=INPUT
                        />
                    </div>
                    <div>
                        <label class=LABEL for="repeat">
                            {t!(i18n, account.repeat)}
                        </label>
                        <input
                            id="repeat"
                            name="repeat"
                            type="password"
                            required
                            minlength="8"
                            autocomplete="new-password"
                            class=INPUT
                        />
                    </div>
                    <Show when=move || error().is_some()>
                        <p role="alert" class=ALERT>
                            {error}
                        </p>
                    </Show>
                    <Show when=done>
                        <p role="status" class=NOTICE>
                            {t!(i18n, account.changed)}
                        </p>
                    </Show>
                    <button type="submit" class=BUTTON>
                        {t!(i18n, account.change_password)}
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}
