//! The integration harness: the whole router in process, a fresh database per test on
//! SQLite (always) and PostgreSQL (when `STATIONDESK_TEST_PG_URL` names a server).

use app::api::account::CurrentSession;
use app::model::SessionView;
use app::server::db::Db;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use std::net::SocketAddr;
use tower::ServiceExt;

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// One running application with its own database.
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
}

/// Runs the body once on SQLite and once on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = common::TestApp::spawn(common::Engine::Sqlite).await {
                    $body(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = common::TestApp::spawn(common::Engine::Postgres).await {
                    $body(app).await;
                }
            }
        }
    };
}

impl TestApp {
    /// A fresh database with the demo station loaded; `None` (with a notice) when the
    /// engine is PostgreSQL and no server was given.
    pub async fn spawn(engine: Engine) -> Option<TestApp> {
        let (url, dir) = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite:{}?mode=rwc", dir.path().join("test.db").display());
                (url, Some(dir))
            }
            Engine::Postgres => match std::env::var("STATIONDESK_TEST_PG_URL") {
                Ok(admin_url) => (fresh_pg_database(&admin_url).await, None),
                Err(_) => {
                    eprintln!("STATIONDESK_TEST_PG_URL is not set: skipping the PostgreSQL run");
                    return None;
                }
            },
        };
        let db = server::open_database(&url, 4).await.unwrap();
        app::server::demo::load(&db, 40, false).await.unwrap();
        let options = server::site_options("target/site", "127.0.0.1:0".parse().unwrap());
        let state = server::state(db.clone(), options, false);
        let router = server::app(state, &url).await.unwrap();
        Some(TestApp { router, db, _dir: dir })
    }

    /// A browser of its own (cookie jar of one session) at a given client address.
    pub fn client(&self, addr: &str) -> Client {
        Client { router: self.router.clone(), cookie: None, addr: addr.parse().unwrap() }
    }

    /// A client already signed in as the demo account with this mobile number.
    pub async fn signed_in(&self, mobile: &str) -> Client {
        let mut client = self.client("10.0.0.1:5000");
        let (status, body) = client.sign_in(mobile, "demo1234").await;
        assert_eq!(status, StatusCode::OK, "sign-in of {mobile} failed: {body}");
        client
    }

    /// How many rows a table holds.
    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) FROM {table}")).await
    }

    /// The first column of the first row a query returns.
    pub async fn scalar<T>(&self, sql: &str) -> T
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        use sqlx::Row;
        sqlx::query(sql).fetch_one(self.db.pool()).await.unwrap().try_get(0).unwrap()
    }

    /// The id of the demo user with this mobile number.
    pub async fn user_id(&self, mobile: &str) -> i64 {
        self.scalar(&format!("SELECT id FROM users WHERE mobile = '{mobile}'")).await
    }
}

async fn fresh_pg_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("sd_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// One browser: a session cookie and a client address.
pub struct Client {
    router: Router,
    cookie: Option<String>,
    pub addr: SocketAddr,
}

impl Client {
    /// Calls a server function the way the browser does; returns the status and body.
    pub async fn call<F>(&mut self, args: F) -> (StatusCode, String)
    where
        F: ServerFn + Serialize,
    {
        let body = serde_qs::to_string(&args).unwrap();
        self.post(F::PATH, body, None).await
    }

    /// A POST with an explicit `Origin` header (for the same-origin rule).
    pub async fn post(
        &mut self,
        path: &str,
        body: String,
        origin: Option<&str>,
    ) -> (StatusCode, String) {
        let mut request = Request::post(path)
            .header(header::HOST, "stationdesk.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// A POST the way a browser sends a plain HTML form (before the page's script loaded).
    pub async fn post_form(&mut self, path: &str, body: &str, referer: &str) -> Response<Body> {
        let mut request = Request::post(path)
            .header(header::HOST, "stationdesk.test")
            .header(header::ORIGIN, "http://stationdesk.test")
            .header(header::REFERER, referer)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(body.to_owned())).unwrap();
        request.extensions_mut().insert(ConnectInfo(self.addr));
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// An upload the way a browser sends a multipart form with one file in `file`.
    pub async fn post_file(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Response<Body> {
        let boundary = "stationdesk-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut request = Request::post(path)
            .header(header::HOST, "stationdesk.test")
            .header(header::ORIGIN, "http://stationdesk.test")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(body)).unwrap();
        request.extensions_mut().insert(ConnectInfo(self.addr));
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// A GET of a page or file.
    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let mut request = Request::get(path).header(header::HOST, "stationdesk.test");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn send(&mut self, mut request: Request<Body>) -> (StatusCode, String) {
        request.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let removed = text.to_ascii_lowercase().contains("max-age=0");
            if let Some(pair) = text.split(';').next() {
                if pair.starts_with("stationdesk_session=") {
                    self.cookie = (!removed).then(|| pair.to_owned());
                }
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// What the server says this browser's session stands for.
    pub async fn session(&mut self) -> SessionView {
        let (status, body) = self.call(CurrentSession {}).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    pub async fn sign_in(&mut self, mobile: &str, password: &str) -> (StatusCode, String) {
        let args = app::api::account::SignIn { mobile: mobile.into(), password: password.into() };
        let (status, body) = self.call(args).await;
        (normalize_redirect(status), body)
    }
}

/// A successful call that redirects the browser (sign-in) counts as OK.
fn normalize_redirect(status: StatusCode) -> StatusCode {
    if status.is_redirection() {
        StatusCode::OK
    } else {
        status
    }
}

/// The demo accounts by position.
pub const ADMIN: &str = "13900000000";
pub const OPS_GM: &str = "13900000001";
pub const OPS_SUPERVISOR: &str = "13900000002";
pub const CHANNEL: &str = "13900000003";
pub const MANAGER: &str = "13800000001";
pub const SERVICE_SUPERVISOR: &str = "13800000002";
pub const MARKET_SUPERVISOR: &str = "13800000003";
pub const DISPATCH: &str = "13800000004";
pub const FINANCE: &str = "13800000005";
pub const RENEWAL: &str = "13800000006";
pub const SERVICE_STAFF: &str = "13800000011";
pub const SALES_REP: &str = "13800000021";
pub const PROMOTER: &str = "13800000031";
