//! Live pages: server push (an EventSource that reloads on every event and once more after
//! each reconnect, so nothing missed while offline stays missed) and a ticking clock for
//! countdowns that starts at the server's instant, so server and browser render the same.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Listens to `url` (`/events` or a wall link's stream): bumps `refresh` on each event and
/// after a reconnect; `online` tells whether the stream is up.
pub fn listen(url: &str, refresh: RwSignal<u32>, online: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    browser::listen(url, refresh, online);
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, refresh, online);
}

/// A clock for countdowns: `start` (the server's instant) until the page is live, then the
/// browser's time, every 15 seconds.
pub fn ticking_now(start: DateTime<Utc>) -> RwSignal<DateTime<Utc>> {
    let now = RwSignal::new(start);
    #[cfg(feature = "hydrate")]
    browser::tick(now);
    now
}

#[cfg(feature = "hydrate")]
mod browser {
    use chrono::{DateTime, Utc};
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::EventSource;

    pub fn listen(url: &str, refresh: RwSignal<u32>, online: RwSignal<bool>) {
        let Ok(source) = EventSource::new(url) else {
            online.set(false);
            return;
        };
        let bump = move || refresh.update(|n| *n = n.wrapping_add(1));
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| bump());
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if !online.get_untracked() {
                bump();
            }
            online.set(true);
        });
        let on_error = Closure::<dyn FnMut()>::new(move || online.set(false));
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_message.forget();
        on_open.forget();
        on_error.forget();
        // Closing the stream when the page goes away frees the server's connection.
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || source.close());
    }

    fn browser_now() -> DateTime<Utc> {
        // Whole milliseconds: the float from Date.now() is an integer count.
        #[allow(clippy::cast_possible_truncation)]
        let ms = js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    pub fn tick(now: RwSignal<DateTime<Utc>>) {
        Effect::new(move |_| {
            now.set(browser_now());
            let handle = set_interval_with_handle(
                move || now.set(browser_now()),
                std::time::Duration::from_secs(15),
            );
            if let Ok(handle) = handle {
                on_cleanup(move || handle.clear());
            }
        });
    }
}
