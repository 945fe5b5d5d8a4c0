//! Reports, callbacks, complaints, penalty notices, the work-order settings, downloads and
//! the importer, on both engines.

use crate::common::{self, *};
use app::api::orders::LogCall;
use app::api::quality::{
    LoadImport, LoadOrderReport, RecordCallback, RecordComplaint, RecordPenalty, SaveOrderSettings,
};
use app::model::orders::{CallForm, CallLogged, ImportReport, OrderReport, OrderSettingsForm};
use axum::http::StatusCode;

fn settings(from: &str) -> OrderSettingsForm {
    OrderSettingsForm {
        station_id: 1,
        effective_from: from.into(),
        installation: "12".into(),
        repair: "5".into(),
        relocation: "8".into(),
        fee_collection: "2".into(),
        plan_change: "3".into(),
        disconnection: "2".into(),
        other: "2".into(),
        dispatched: "1".into(),
        invoice: "1".into(),
        drag_open_minutes: "90".into(),
        drag_reassignments: "1".into(),
    }
}

fn today() -> chrono::NaiveDate {
    app::domain::shanghai::business_date(chrono::Utc::now())
}

async fn settings_take_effect_from_a_date_and_never_rewrite_the_past(app: TestApp) {
    let mut manager = app.signed_in(MANAGER).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let yesterday = (today() - chrono::Duration::days(1)).to_string();
    let (status, body) = manager.call(SaveOrderSettings { form: settings(&yesterday) }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("settings.past_date"), "{body}");
    let (status, _) = clerk.call(SaveOrderSettings { form: settings(&today().to_string()) }).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the clerk does not change the settings");
    assert_eq!(app.count("order_settings").await, 0);
    let tomorrow = (today() + chrono::Duration::days(1)).to_string();
    let (status, body) = manager.call(SaveOrderSettings { form: settings(&tomorrow) }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"installation\":1000"), "today still has the defaults: {body}");
    let (status, _) = manager.call(SaveOrderSettings { form: settings(&tomorrow) }).await;
    assert_eq!(status, StatusCode::OK, "saving the same date again replaces that version");
    assert_eq!(app.count("order_settings").await, 1);
    let audited: i64 =
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'order_settings.save'").await;
    assert_eq!(audited, 2);
}
on_both_engines!(order_settings, settings_take_effect_from_a_date_and_never_rewrite_the_past);

async fn complaints_and_penalties_are_checked_and_kept(app: TestApp) {
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let day = today().to_string();
    let future = (today() + chrono::Duration::days(3)).to_string();
    let cases = [
        (
            RecordPenalty {
                source: "mayor".into(),
                issued_on: day.clone(),
                user_id: String::new(),
                note: "x".into(),
            },
            "penalty.unknown_source",
        ),
        (
            RecordPenalty {
                source: "ops_tech".into(),
                issued_on: future,
                user_id: String::new(),
                note: "x".into(),
            },
            "points.future_day",
        ),
        (
            RecordPenalty {
                source: "ops_tech".into(),
                issued_on: day.clone(),
                user_id: String::new(),
                note: " ".into(),
            },
            "text.required",
        ),
    ];
    for (form, code) in cases {
        let (status, body) = clerk.call(form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {body}");
        assert!(body.contains(code), "{code}: {body}");
    }
    let (status, _) = staff
        .call(RecordPenalty {
            source: "ops_tech".into(),
            issued_on: day.clone(),
            user_id: String::new(),
            note: "线路".into(),
        })
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("penalty_notices").await, 0);
    let staff_id = app.user_id(SERVICE_STAFF).await.to_string();
    let (status, body) = clerk
        .call(RecordPenalty {
            source: "production_safety".into(),
            issued_on: day.clone(),
            user_id: staff_id.clone(),
            note: "未系安全带".into(),
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = clerk
        .call(RecordComplaint {
            order_id: "999999".into(),
            staff_id: String::new(),
            received_on: day.clone(),
            note: "态度差".into(),
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("complaint.unknown_order"), "{body}");
    let (status, body) = clerk
        .call(RecordComplaint {
            order_id: String::new(),
            staff_id,
            received_on: day,
            note: "上门迟到".into(),
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.count("complaints").await, 1);
}
on_both_engines!(complaints_and_penalties, complaints_and_penalties_are_checked_and_kept);

async fn only_completed_installations_are_called_back_once(app: TestApp) {
    let mut clerk = app.signed_in(DISPATCH).await;
    let compound: i64 = app.scalar("SELECT MIN(id) FROM compounds").await;
    let form = CallForm {
        channel: "phone".into(),
        matter: "新装宽带".into(),
        make_order: Some("on".into()),
        kind: "installation".into(),
        compound_id: compound.to_string(),
        ..CallForm::default()
    };
    let (_, body) = clerk.call(LogCall { form }).await;
    let order_id = serde_json::from_str::<CallLogged>(&body).unwrap().order_id.unwrap();
    let (status, body) = clerk
        .call(RecordCallback {
            order_id,
            reached: "yes".into(),
            rating: "5".into(),
            comment: String::new(),
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("callback.not_a_completed_install"), "{body}");
    sqlx::query("UPDATE work_orders SET status = 'closed', completed_at_ms = 1 WHERE id = $1")
        .bind(order_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    for (reached, rating, code) in [
        ("yes", "6", "callback.rating_range"),
        ("no", "3", "callback.rating_without_reach"),
        ("maybe", "", "callback.reached_required"),
    ] {
        let (status, body) = clerk
            .call(RecordCallback {
                order_id,
                reached: reached.into(),
                rating: rating.into(),
                comment: String::new(),
            })
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(body.contains(code), "{body}");
    }
    let (status, body) = clerk
        .call(RecordCallback {
            order_id,
            reached: "yes".into(),
            rating: "4".into(),
            comment: "满意".into(),
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = clerk
        .call(RecordCallback {
            order_id,
            reached: "yes".into(),
            rating: "5".into(),
            comment: String::new(),
        })
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("callback.duplicate"), "{body}");
    assert_eq!(app.count("callbacks").await, 1);
}
on_both_engines!(callbacks, only_completed_installations_are_called_back_once);

async fn the_replayed_week_reports_real_rates(app: TestApp) {
    let (monday, _) = app::domain::board::last_week(today());
    app::server::replay::replay(&app.db, 1, app::server::replay::WEEK, monday).await.unwrap();
    let mut manager = app.signed_in(MANAGER).await;
    let month = monday.format("%Y-%m").to_string();
    let (status, body) = manager.call(LoadOrderReport { station_id: None, month }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: OrderReport = serde_json::from_str(&body).unwrap();
    let orders: i64 = report.by_kind.iter().map(|(_, t)| t.orders).sum();
    let in_month: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM work_orders WHERE status <> 'cancelled' AND day LIKE '{}%'",
            monday.format("%Y-%m")
        ))
        .await;
    assert_eq!(orders, in_month);
    assert!(!report.overdue.is_empty(), "open orders of last week are overdue");
    let total = report.by_person.iter().map(|p| p.finished_on_time.denominator).sum::<i64>();
    assert!(total > 0);
    assert_eq!(report.fault_rate.denominator, report.active_subscribers);
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let (status, _) = staff.call(LoadOrderReport { station_id: None, month: String::new() }).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "field staff see their own orders, not the station's rates"
    );
}
on_both_engines!(replayed_report, the_replayed_week_reports_real_rates);

async fn downloads_are_for_excel_and_for_the_right_people(app: TestApp) {
    let (monday, _) = app::domain::board::last_week(today());
    app::server::replay::replay(&app.db, 1, app::server::replay::WEEK, monday).await.unwrap();
    let mut clerk = app.signed_in(DISPATCH).await;
    let month = monday.format("%Y-%m");
    let (status, csv) = clerk.get(&format!("/export/orders.csv?month={month}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("\u{feff}工单号,类型,状态"), "{}", &csv[..40]);
    let (status, xlsx) = clerk.get(&format!("/export/calls.xlsx?month={month}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with("PK"));
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let (status, _) = staff.get("/export/orders.csv").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut nobody = app.client("10.0.0.9:1");
    let (status, _) = nobody.get("/export/orders.csv").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "nobody signed in is sent to sign in");
}
on_both_engines!(downloads, downloads_are_for_excel_and_for_the_right_people);

const HEADER: &str = "外部编号,受理时间,来源,联系人,电话,事由,工单类型,小区,栋,单元,室";

async fn upload(app: &TestApp, client: &mut Client, name: &str, bytes: &[u8]) -> ImportReport {
    let response = client.post_file("/import/orders", name, bytes).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "an upload redirects to its report");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (status, body) = client.call(LoadImport { id }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let _ = app;
    serde_json::from_str::<(String, ImportReport)>(&body).unwrap().1
}

async fn an_import_is_all_or_nothing_and_idempotent(app: TestApp) {
    let mut clerk = app.signed_in(DISPATCH).await;
    let compound: String = app.scalar("SELECT MIN(name) FROM compounds").await;
    let good = format!(
        "{HEADER}\nK-1,2026-11-02 09:15,来电,李先生,13912345678,电视无信号,报修,{compound},3,2,501\n\
         K-2,2026-11-02 09:20,到厅,,,咨询套餐,,,,,\n"
    );
    let bad = format!("{good}K-3,2026-11-02 09:25,来电,,,无信号,报修,不存在的小区,,,\n");
    let report = upload(&app, &mut clerk, "calls.csv", bad.as_bytes()).await;
    assert_eq!(report.imported, 0);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].code.as_str()),
        (4, "order.unknown_compound")
    );
    assert_eq!(app.count("calls").await, 0, "a file with a bad row writes nothing");
    let report = upload(&app, &mut clerk, "calls.csv", good.as_bytes()).await;
    assert_eq!((report.imported, report.skipped), (2, 0));
    assert_eq!((app.count("calls").await, app.count("work_orders").await), (2, 1));
    let report = upload(&app, &mut clerk, "calls.csv", good.as_bytes()).await;
    assert_eq!((report.imported, report.skipped), (0, 2), "a second import changes nothing");
    assert_eq!(app.count("calls").await, 2);
    let report = upload(&app, &mut clerk, "calls.csv", b"").await;
    assert_eq!(report.errors[0].code, "import.empty_file");
    let report = upload(&app, &mut clerk, "calls.xlsx", b"PK\x03\x04not really").await;
    assert_eq!(report.errors[0].code, "import.not_xlsx");
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let response = staff.post_file("/import/orders", "calls.csv", good.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
on_both_engines!(import, an_import_is_all_or_nothing_and_idempotent);
