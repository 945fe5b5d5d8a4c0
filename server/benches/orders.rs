//! Load on a running release server (see `scripts/bench-orders`, which starts one on SQLite
//! and on PostgreSQL): (a) 50 concurrent clients, clerks reading the live board while field
//! staff move orders through accept, arrive and complete; (b) server render of the clerk's
//! board page with 500 open orders; (c) time for one change to reach 200 open push streams
//! (wall screens and phones). Prints throughput, p50/p95/p99 and the error count.
//!
//! `STATIONDESK_URL` names the server (default http://127.0.0.1:3190).

use app::api::displays::CreateDisplayLink;
use app::api::orders::{CompleteOrder, DispatchOrder, FieldStep, LoadDeskBoard, LogCall};
use app::model::orders::{CallForm, CallLogged, CompletionForm, DeskBoard, OrderRow};
use futures::StreamExt;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLERKS: usize = 10;
const FIELD_CLIENTS: usize = 40;
const ORDERS_PER_FIELD_CLIENT: usize = 20;
const BOARD_ORDERS: usize = 500;
const PUSH_CLIENTS: usize = 200;

#[derive(Clone)]
struct Session {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl Session {
    async fn sign_in(http: &reqwest::Client, base: &str, mobile: &str) -> Session {
        let args = app::api::account::SignIn { mobile: mobile.into(), password: "demo1234".into() };
        let response = http
            .post(format!("{base}{}", app::api::account::SignIn::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(serde_qs::to_string(&args).expect("form"))
            .send()
            .await
            .expect("sign-in answers");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with("stationdesk_session="))
            .expect("a session cookie")
            .to_owned();
        Session { http: http.clone(), base: base.to_owned(), cookie }
    }

    /// Calls a server function; the body on success, the status and body on failure.
    async fn call<F: ServerFn + Serialize>(&self, args: &F) -> Result<String, String> {
        let response = self
            .http
            .post(format!("{}{}", self.base, F::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("cookie", &self.cookie)
            .body(serde_qs::to_string(args).expect("form"))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("{status}: {body}"))
        }
    }

    async fn get(&self, path: &str) -> Result<String, String> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("{status}"))
        }
    }
}

fn percentiles(mut samples: Vec<Duration>) -> String {
    if samples.is_empty() {
        return "no samples".into();
    }
    samples.sort();
    let at = |p: f64| {
        let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[index].as_secs_f64() * 1000.0
    };
    format!(
        "n={} p50={:.1} ms p95={:.1} ms p99={:.1} ms max={:.1} ms",
        samples.len(),
        at(0.50),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

fn call_form(compound: i64, n: usize) -> CallForm {
    CallForm {
        channel: "phone".into(),
        caller_name: "压测".into(),
        phone: "13912345678".into(),
        matter: format!("压测工单 {n}"),
        handling: String::new(),
        make_order: Some("on".into()),
        kind: "repair".into(),
        compound_id: compound.to_string(),
        building: "1".into(),
        unit: "1".into(),
        room: "101".into(),
    }
}

async fn log_order(clerk: &Session, compound: i64, n: usize) -> i64 {
    let body = clerk.call(&LogCall { form: call_form(compound, n) }).await.expect("log call");
    serde_json::from_str::<CallLogged>(&body).expect("logged").order_id.expect("an order")
}

async fn board(clerk: &Session) -> DeskBoard {
    serde_json::from_str(&clerk.call(&LoadDeskBoard {}).await.expect("board")).expect("board json")
}

#[tokio::main]
async fn main() {
    let base = std::env::var("STATIONDESK_URL").unwrap_or_else(|_| "http://127.0.0.1:3190".into());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(400)
        .build()
        .expect("client");
    let clerk = Session::sign_in(&http, &base, "13800000004").await;
    let manager = Session::sign_in(&http, &base, "13800000001").await;
    let compound: i64 = {
        let facts: app::model::StationFacts = serde_json::from_str(
            &clerk
                .call(&app::api::station::LoadStation { station_id: None })
                .await
                .expect("station"),
        )
        .expect("facts");
        facts.areas[0].compounds[0].id
    };

    // (b) The board with 500 open orders.
    let open = board(&clerk).await.orders.len();
    for n in open..BOARD_ORDERS {
        log_order(&clerk, compound, n).await;
    }
    let open = board(&clerk).await.orders.len();
    let mut renders = Vec::new();
    for _ in 0..40 {
        let started = Instant::now();
        let page = clerk.get("/desk").await.expect("desk page");
        renders.push(started.elapsed());
        assert!(page.contains("desk-board"), "the desk page rendered");
    }
    println!("(b) clerk board page, {open} open orders, server render: {}", percentiles(renders));

    // (a) Orders for the field clients, dispatched to whoever is on shift.
    let mobiles: std::collections::HashMap<String, &str> = [
        ("徐示一", "13800000011"),
        ("孙示二", "13800000012"),
        ("马示三", "13800000013"),
        ("朱示四", "13800000014"),
        ("郭示五", "13800000021"),
        ("何示六", "13800000022"),
        ("高示七", "13800000023"),
        ("林示八", "13800000031"),
        ("王示九", "13800000032"),
    ]
    .into_iter()
    .map(|(n, m)| (n.to_owned(), m))
    .collect();
    let on_shift: Vec<(i64, &str)> = board(&clerk)
        .await
        .candidates
        .iter()
        .filter(|c| c.shift.is_some())
        .filter_map(|c| mobiles.get(&c.name).map(|m| (c.id, *m)))
        .collect();
    assert!(!on_shift.is_empty(), "someone is on shift");
    let mut field = Vec::new();
    for i in 0..FIELD_CLIENTS {
        let (user_id, mobile) = on_shift[i % on_shift.len()];
        let session = Session::sign_in(&http, &base, mobile).await;
        let mut orders = Vec::new();
        for n in 0..ORDERS_PER_FIELD_CLIENT {
            let id = log_order(&clerk, compound, 10_000 + i * 100 + n).await;
            let row: OrderRow = serde_json::from_str(
                &clerk
                    .call(&DispatchOrder { order_id: id, version: 1, assignee_id: user_id })
                    .await
                    .expect("dispatch"),
            )
            .expect("row");
            orders.push((id, row.version));
        }
        field.push((session, orders));
    }
    let errors = Arc::new(AtomicUsize::new(0));
    let transitions = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let started = Instant::now();
    let mut field_tasks = Vec::new();
    for (session, orders) in field {
        let (errors, transitions) = (errors.clone(), transitions.clone());
        field_tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for (id, mut version) in orders {
                for step in ["accept", "arrive", "complete"] {
                    let key = format!("{id}-{version}-{step}");
                    let t = Instant::now();
                    let result = if step == "complete" {
                        let form = CompletionForm {
                            order_id: id,
                            version,
                            key,
                            result: "已修复".into(),
                            cause: "接头松动".into(),
                            fee_method: "none".into(),
                            ..CompletionForm::default()
                        };
                        session.call(&CompleteOrder { form }).await
                    } else {
                        session
                            .call(&FieldStep { order_id: id, version, step: step.into(), key })
                            .await
                    };
                    latencies.push(t.elapsed());
                    match result {
                        Ok(_) => {
                            transitions.fetch_add(1, Ordering::Relaxed);
                            version += 1;
                        }
                        Err(e) => {
                            if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                                eprintln!("field step failed: {e}");
                            }
                            break;
                        }
                    }
                }
            }
            latencies
        }));
    }
    let mut clerk_tasks = Vec::new();
    for _ in 0..CLERKS {
        let (clerk, errors, done) = (clerk.clone(), errors.clone(), done.clone());
        clerk_tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                if clerk.call(&LoadDeskBoard {}).await.is_err() {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut field_latencies = Vec::new();
    for task in field_tasks {
        field_latencies.extend(task.await.expect("field task"));
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let mut board_latencies = Vec::new();
    for task in clerk_tasks {
        board_latencies.extend(task.await.expect("clerk task"));
    }
    let moved = transitions.load(Ordering::Relaxed);
    println!(
        "(a) {} clients for {:.1} s: {moved} field transitions = {:.0} transitions/s, \
         {} board reads = {:.0} reads/s, errors {}",
        CLERKS + FIELD_CLIENTS,
        elapsed.as_secs_f64(),
        moved as f64 / elapsed.as_secs_f64(),
        board_latencies.len(),
        board_latencies.len() as f64 / elapsed.as_secs_f64(),
        errors.load(Ordering::Relaxed)
    );
    println!("    field steps: {}", percentiles(field_latencies));
    println!("    board reads: {}", percentiles(board_latencies));

    // (c) One change, 200 open streams: half wall screens, half signed-in pages.
    let path = manager
        .call(&CreateDisplayLink { station_id: 1, label: "压测屏".into() })
        .await
        .expect("wall link");
    let path: String = serde_json::from_str(&path).expect("path");
    let ready = Arc::new(AtomicUsize::new(0));
    let (go, _) = tokio::sync::broadcast::channel::<Instant>(1);
    let mut streams = Vec::new();
    for i in 0..PUSH_CLIENTS {
        let url =
            if i % 2 == 0 { format!("{base}{path}/events") } else { format!("{base}/events") };
        let (http, cookie, ready) = (http.clone(), clerk.cookie.clone(), ready.clone());
        let mut go = go.subscribe();
        streams.push(tokio::spawn(async move {
            let response =
                http.get(url).header("cookie", cookie).send().await.expect("stream opens");
            let mut body = response.bytes_stream();
            ready.fetch_add(1, Ordering::SeqCst);
            let sent = go.recv().await.expect("a change is sent");
            while let Some(chunk) = body.next().await {
                let chunk = chunk.expect("stream chunk");
                if String::from_utf8_lossy(&chunk).contains("data: orders") {
                    return sent.elapsed();
                }
            }
            Duration::MAX
        }));
    }
    while ready.load(Ordering::SeqCst) < PUSH_CLIENTS {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = Instant::now();
    let _ = go.send(sent);
    log_order(&clerk, compound, 99_999).await;
    let mut arrivals = Vec::new();
    for stream in streams {
        arrivals.push(stream.await.expect("stream task"));
    }
    let all = arrivals.iter().max().copied().unwrap_or_default();
    println!(
        "(c) one change to {PUSH_CLIENTS} push streams: all received in {:.1} ms; {}",
        all.as_secs_f64() * 1000.0,
        percentiles(arrivals)
    );
}
