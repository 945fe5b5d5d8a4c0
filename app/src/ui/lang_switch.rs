//! The language switch: changes the page at once and remembers the choice on the profile.

use crate::api::account::SaveLocale;
use crate::i18n::*;
use leptos::prelude::*;

/// A button that switches between 中文 and English; works before hydration as a form.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLocale>::new();
    let target = move || match i18n.get_locale() {
        Locale::zh => Locale::en,
        Locale::en => Locale::zh,
    };
    Effect::new(move |_| {
        save.version().track();
        if let Some(Ok(())) = save.value().get_untracked() {
            i18n.set_locale(untrack(target));
        }
    });
    view! {
        <ActionForm action=save>
            <input type="hidden" name="locale" prop:value=move || target().as_str() />
            <button
                type="submit"
                lang=move || if target() == Locale::en { "en" } else { "zh-CN" }
                class="min-h-11 rounded-lg border border-white/40 px-3 text-sm font-medium hover:bg-white/10"
            >
                {t!(i18n, lang_switch)}
            </button>
        </ActionForm>
    }
}
