//! The document shell and the router.

use super::frame::Frame;
use super::pages::{
    account::AccountPage, board::BoardPage, calendar::CalendarPage, desk::DeskPage,
    displays::DisplaysPage, field::FieldPage, history::HistoryPage, home::HomePage,
    import::ImportPage, login::LoginPage, not_found::NotFound, order::OrderPage,
    order_settings::OrderSettingsPage, points::PointsPage, quality::QualityPage,
    reports::ReportsPage, staff::StaffPage, station::StationPage, users::UsersPage, wall::WallPage,
};
use crate::i18n::I18nContextProvider;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use leptos_use::UseLocalesOptions;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f766e" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-100 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The application: language context, stylesheet and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser: this marks the page as hydrated for the end-to-end tests.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Chinese unless the person chose otherwise (the language cookie): the browser's own
    // language list is not consulted.
    let chinese_first =
        UseLocalesOptions::default().ssr_lang_header_getter(|| Some("zh-CN".to_owned()));
    view! {
        <I18nContextProvider ssr_lang_header_getter=chinese_first>
            <Stylesheet id="leptos" href="/pkg/stationdesk.css" />
            <Title text="Stationdesk 站务台" />
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage />
                    // Whole pages, not streamed: they work before (and without) the script,
                    // which out-of-order streaming would need to place each part.
                    <Route path=path!("/wall/:token") view=WallPage ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=Frame ssr=SsrMode::Async>
                        <Route path=path!("") view=HomePage />
                        <Route path=path!("staff") view=StaffPage />
                        <Route path=path!("station") view=StationPage />
                        <Route path=path!("station/:id") view=StationPage />
                        <Route path=path!("account") view=AccountPage />
                        <Route path=path!("history") view=HistoryPage />
                        <Route path=path!("history/:entity/:id") view=HistoryPage />
                        <Route path=path!("displays") view=DisplaysPage />
                        <Route path=path!("desk") view=DeskPage />
                        <Route path=path!("field") view=FieldPage />
                        <Route path=path!("orders/:id") view=OrderPage />
                        <Route path=path!("points") view=PointsPage />
                        <Route path=path!("board") view=BoardPage />
                        <Route path=path!("reports") view=ReportsPage />
                        <Route path=path!("menu") view=crate::ui::nav::MenuPage />
                        <Route path=path!("quality") view=QualityPage />
                        <Route path=path!("settings/orders") view=OrderSettingsPage />
                        <Route path=path!("desk/import") view=ImportPage />
                        <Route path=path!("desk/import/:id") view=ImportPage />
                        <Route path=path!("admin/users") view=UsersPage />
                        <Route path=path!("admin/calendar") view=CalendarPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
