//! Calls, work orders and the points they earn, on both engines: the whole lifecycle, the
//! idempotent field steps, stale saves, refusals of bad input and of the wrong people, and
//! publishing the day's board.

use crate::common::{self, *};
use app::api::orders::{
    CancelOrder, CloseOrder, CompleteOrder, DispatchOrder, EditOrder, FieldStep, LogCall,
    SetAppointment,
};
use app::api::points::{AdjustPoints, PublishBoard};
use app::model::orders::{CallForm, CallLogged, CompletionForm, OrderEdit, OrderRow};
use axum::http::StatusCode;

/// A first compound of the demo station.
async fn compound(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT MIN(c.id) FROM compounds c JOIN areas a ON a.id = c.area_id WHERE a.station_id = 1",
    )
    .await
}

/// Puts `mobile` on a shift covering now and the next day, whatever the hour.
async fn on_shift(app: &TestApp, mobile: &str) -> i64 {
    let id = app.user_id(mobile).await;
    let now = chrono::Utc::now().timestamp_millis();
    sqlx::query(
        "INSERT INTO shifts (station_id, user_id, day, starts_at_ms, ends_at_ms) \
         VALUES (1, $1, '2000-01-01', $2, $3)",
    )
    .bind(id)
    .bind(now - 3_600_000)
    .bind(now + 30 * 3_600_000)
    .execute(app.db.pool())
    .await
    .unwrap();
    id
}

fn call(kind: &str, compound_id: i64) -> CallForm {
    CallForm {
        channel: "phone".into(),
        caller_name: "李先生".into(),
        phone: "13912345678".into(),
        matter: "电视没有信号".into(),
        handling: String::new(),
        make_order: Some("on".into()),
        kind: kind.into(),
        compound_id: compound_id.to_string(),
        building: "3".into(),
        unit: "2".into(),
        room: "501".into(),
    }
}

async fn open_order(app: &TestApp, clerk: &mut Client, kind: &str) -> i64 {
    let (status, body) = clerk.call(LogCall { form: call(kind, compound(app).await) }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str::<CallLogged>(&body).unwrap().order_id.unwrap()
}

async fn version(app: &TestApp, order_id: i64) -> i64 {
    app.scalar(&format!("SELECT version FROM work_orders WHERE id = {order_id}")).await
}

fn completion(order_id: i64, version: i64, fee: &str) -> CompletionForm {
    CompletionForm {
        order_id,
        version,
        key: format!("{order_id}-{version}-complete"),
        result: "更换分支器，信号恢复".into(),
        cause: "分支器老化".into(),
        materials: "分支器 1 个".into(),
        fee: fee.into(),
        fee_method: if fee.is_empty() { "none".into() } else { "cash".into() },
        invoice_no: "FP-0001".into(),
    }
}

/// Dispatches, accepts and arrives: the order is on site with `staff`.
async fn to_site(
    app: &TestApp,
    clerk: &mut Client,
    staff: &mut Client,
    order_id: i64,
    staff_id: i64,
) {
    let v = version(app, order_id).await;
    let (status, body) =
        clerk.call(DispatchOrder { order_id, version: v, assignee_id: staff_id }).await;
    assert_eq!(status, StatusCode::OK, "dispatch: {body}");
    for step in ["accept", "arrive"] {
        let v = version(app, order_id).await;
        let key = format!("{order_id}-{v}-{step}");
        let (status, body) =
            staff.call(FieldStep { order_id, version: v, step: step.into(), key }).await;
        assert_eq!(status, StatusCode::OK, "{step}: {body}");
    }
}

async fn points_of(app: &TestApp, order_id: i64, source: &str) -> i64 {
    app.scalar(&format!(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM points_entries \
         WHERE order_id = {order_id} AND source = '{source}'"
    ))
    .await
}

async fn an_order_goes_from_call_to_closed_and_earns_its_points(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let order_id = open_order(&app, &mut clerk, "repair").await;
    assert_eq!(app.count("calls").await, 1);
    to_site(&app, &mut clerk, &mut staff, order_id, staff_id).await;
    let v = version(&app, order_id).await;
    let (status, body) = staff.call(CompleteOrder { form: completion(order_id, v, "30.50") }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let done: OrderRow = serde_json::from_str(&body).unwrap();
    assert_eq!(done.status, app::domain::orders::OrderStatus::Completed);
    let fee: i64 =
        app.scalar(&format!("SELECT fee_fen FROM work_orders WHERE id = {order_id}")).await;
    assert_eq!(fee, 3050, "money is kept in fen");
    let v = version(&app, order_id).await;
    let (status, body) = clerk.call(CloseOrder { order_id, version: v }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Spec 02 defaults: a repair earns its assignee 5; the clerk 1 per dispatch, 1 per invoice.
    assert_eq!(points_of(&app, order_id, "order").await, 500);
    assert_eq!(points_of(&app, order_id, "dispatch").await, 100);
    assert_eq!(points_of(&app, order_id, "invoice").await, 100);
    let steps: i64 =
        app.scalar(&format!("SELECT COUNT(*) FROM order_events WHERE order_id = {order_id}")).await;
    assert_eq!(steps, 6, "received, dispatch, accept, arrive, complete, close");
    let audited: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'work_order' AND entity_id = {order_id}"
        ))
        .await;
    assert_eq!(audited, 6, "open and five steps");
}
on_both_engines!(order_lifecycle, an_order_goes_from_call_to_closed_and_earns_its_points);

async fn a_completion_sent_twice_is_recorded_once(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let order_id = open_order(&app, &mut clerk, "installation").await;
    to_site(&app, &mut clerk, &mut staff, order_id, staff_id).await;
    let v = version(&app, order_id).await;
    let (first_status, first) =
        staff.call(CompleteOrder { form: completion(order_id, v, "") }).await;
    assert_eq!(first_status, StatusCode::OK, "{first}");
    let (again_status, again) =
        staff.call(CompleteOrder { form: completion(order_id, v, "") }).await;
    assert_eq!(again_status, StatusCode::OK, "a retry answers like the first: {again}");
    assert_eq!(first, again);
    assert_eq!(points_of(&app, order_id, "order").await, 1000, "an installation earns 10, once");
    let completions: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM order_events WHERE order_id = {order_id} AND step = 'complete'"
        ))
        .await;
    assert_eq!(completions, 1);
    // The same accept replayed long after still answers with its first result.
    let key = format!("{order_id}-{}-accept", v - 2);
    let (status, _) =
        staff.call(FieldStep { order_id, version: v - 2, step: "accept".into(), key }).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(version(&app, order_id).await, v + 1);
}
on_both_engines!(idempotent_completion, a_completion_sent_twice_is_recorded_once);

async fn a_stale_save_is_refused_and_nothing_is_written(app: TestApp) {
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut manager = app.signed_in(MANAGER).await;
    let order_id = open_order(&app, &mut clerk, "repair").await;
    let v = version(&app, order_id).await;
    let edit = |problem: &str| OrderEdit {
        order_id,
        version: v,
        contact_name: "李先生".into(),
        contact_phone: "13912345678".into(),
        compound_id: String::new(),
        building: "3".into(),
        unit: "2".into(),
        room: "501".into(),
        problem: problem.into(),
    };
    let compound_id = compound(&app).await.to_string();
    let (status, body) = manager
        .call(EditOrder {
            form: OrderEdit {
                compound_id: compound_id.clone(), ..edit("无信号，机顶盒亮红灯")
            },
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let audit = app.count("audit_log").await;
    let (status, body) =
        clerk.call(EditOrder { form: OrderEdit { compound_id, ..edit("只是问问") } }).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("record.stale"), "{body}");
    let problem: String =
        app.scalar(&format!("SELECT problem FROM work_orders WHERE id = {order_id}")).await;
    assert_eq!(problem, "无信号，机顶盒亮红灯");
    assert_eq!(app.count("audit_log").await, audit);
}
on_both_engines!(stale_order_save, a_stale_save_is_refused_and_nothing_is_written);

async fn bad_order_input_is_refused_with_its_reason(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let before = (app.count("calls").await, app.count("work_orders").await);
    let (status, body) = clerk.call(LogCall { form: call("repair", 999_999) }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("order.unknown_compound"), "{body}");
    let (status, body) = clerk.call(LogCall { form: call("teleport", compound(&app).await) }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("order.unknown_kind"), "{body}");
    let (status, body) = clerk
        .call(LogCall {
            form: CallForm { matter: " ".into(), ..call("repair", compound(&app).await) },
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("text.required"), "{body}");
    assert_eq!((app.count("calls").await, app.count("work_orders").await), before);

    let order_id = open_order(&app, &mut clerk, "repair").await;
    // The finance clerk takes no orders at all; the sales rep does, but not off shift.
    let finance = app.user_id(FINANCE).await;
    let v = version(&app, order_id).await;
    let (status, body) =
        clerk.call(DispatchOrder { order_id, version: v, assignee_id: finance }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("order.assignee_not_in_station"), "{body}");
    sqlx::query("DELETE FROM shifts WHERE user_id = (SELECT id FROM users WHERE mobile = $1)")
        .bind(SALES_REP)
        .execute(app.db.pool())
        .await
        .unwrap();
    let rep = app.user_id(SALES_REP).await;
    let (status, body) = clerk.call(DispatchOrder { order_id, version: v, assignee_id: rep }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("order.assignee_not_on_shift"), "{body}");
    assert_eq!(version(&app, order_id).await, v, "a refused dispatch writes nothing");

    let (status, body) = clerk
        .call(SetAppointment {
            order_id,
            version: v,
            start: "2020-01-01T09:00".into(),
            end: "2020-01-01T11:00".into(),
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("window.in_the_past"), "{body}");

    to_site(&app, &mut clerk, &mut staff, order_id, staff_id).await;
    let v = version(&app, order_id).await;
    for (fee, code) in [
        ("-5", "money.negative"),
        ("12.345", "money.too_many_decimals"),
        ("abc", "money.not_a_number"),
    ] {
        let (status, body) = staff.call(CompleteOrder { form: completion(order_id, v, fee) }).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fee}: {body}");
        assert!(body.contains(code), "{fee}: {body}");
    }
    assert_eq!(version(&app, order_id).await, v);
    assert_eq!(points_of(&app, order_id, "order").await, 0);
}
on_both_engines!(bad_order_input, bad_order_input_is_refused_with_its_reason);

async fn a_cancelled_order_cannot_be_completed(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let order_id = open_order(&app, &mut clerk, "repair").await;
    to_site(&app, &mut clerk, &mut staff, order_id, staff_id).await;
    let on_site = version(&app, order_id).await;
    let (status, body) = clerk
        .call(CancelOrder { order_id, version: on_site, reason: "用户已自行解决".into() })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) =
        staff.call(CompleteOrder { form: completion(order_id, on_site, "") }).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("order.cancelled"), "{body}");
    assert_eq!(points_of(&app, order_id, "order").await, 0, "a cancelled order earns none");
}
on_both_engines!(cancelled_order, a_cancelled_order_cannot_be_completed);

async fn only_the_desk_and_the_assignee_move_an_order(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let mut other = app.signed_in("13800000012").await;
    let mut admin = app.signed_in(ADMIN).await;
    let (status, body) = staff.call(LogCall { form: call("repair", compound(&app).await) }).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = admin.call(LogCall { form: call("repair", compound(&app).await) }).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the administrator runs no desk");
    let order_id = open_order(&app, &mut clerk, "repair").await;
    let v = version(&app, order_id).await;
    let (status, _) =
        clerk.call(DispatchOrder { order_id, version: v, assignee_id: staff_id }).await;
    assert_eq!(status, StatusCode::OK);
    let v = version(&app, order_id).await;
    let key = format!("{order_id}-{v}-accept");
    let (status, body) =
        other.call(FieldStep { order_id, version: v, step: "accept".into(), key }).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("forbidden.not_yours"), "{body}");
    let (status, _) = staff.call(CloseOrder { order_id, version: v }).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "field staff do not close orders");
    assert_eq!(version(&app, order_id).await, v);
}
on_both_engines!(order_permissions, only_the_desk_and_the_assignee_move_an_order);

async fn a_published_day_is_locked_and_corrections_follow_it(app: TestApp) {
    let staff_id = on_shift(&app, SERVICE_STAFF).await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let today = app::domain::shanghai::business_date(chrono::Utc::now()).to_string();
    let (status, body) = clerk
        .call(AdjustPoints {
            user_id: staff_id,
            day: today.clone(),
            amount: "3".into(),
            reason: String::new(),
            corrects_id: None,
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("points.reason_required"), "{body}");
    let (status, body) = clerk
        .call(AdjustPoints {
            user_id: staff_id,
            day: today.clone(),
            amount: "2.555".into(),
            reason: "帮忙".into(),
            corrects_id: None,
        })
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("points.too_many_decimals"), "{body}");
    assert_eq!(app.count("points_entries").await, 0);
    let (status, body) = clerk
        .call(AdjustPoints {
            user_id: staff_id,
            day: today.clone(),
            amount: "3".into(),
            reason: "协助装机".into(),
            corrects_id: None,
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (entry, booked): (i64, String) = serde_json::from_str(&body).unwrap();
    assert_eq!(booked, today, "before publication an entry stays on its day");
    let (status, body) = clerk.call(PublishBoard { day: today.clone() }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"today\":300"), "the board shows the day's 3 points: {body}");
    let (status, body) = clerk.call(PublishBoard { day: today.clone() }).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("board.already_published"), "{body}");
    let (status, body) = clerk
        .call(AdjustPoints {
            user_id: staff_id,
            day: today.clone(),
            amount: "-1".into(),
            reason: "多记了一分".into(),
            corrects_id: Some(entry),
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let booked: String =
        app.scalar("SELECT day FROM points_entries WHERE source = 'correction'").await;
    assert!(booked > today, "a correction of a locked day is booked after it: {booked}");
    let corrects: i64 =
        app.scalar("SELECT corrects_id FROM points_entries WHERE source = 'correction'").await;
    assert_eq!(corrects, entry);
    // The ledger is append-only.
    let edited = sqlx::query("UPDATE points_entries SET amount = 0").execute(app.db.pool()).await;
    assert!(edited.is_err());
}
on_both_engines!(board_publication, a_published_day_is_locked_and_corrections_follow_it);

async fn the_real_week_replays_once(app: TestApp) {
    // A week long past, so every closing time it carries lies before today.
    let monday = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let week = app::server::replay::WEEK;
    let first = app::server::replay::replay(&app.db, 1, week, monday).await.unwrap();
    // 1,541 rows, 9 of them a second row of a request already listed.
    assert_eq!((first.orders, first.skipped), (1532, 9));
    assert_eq!((first.completed, first.cancelled, first.open), (1409, 38, 85));
    let again = app::server::replay::replay(&app.db, 1, week, monday).await.unwrap();
    assert_eq!((again.orders, again.skipped), (0, 1541));
    assert_eq!(app.count("work_orders").await, 1532);
    let earliest: String = app.scalar("SELECT MIN(day) FROM work_orders").await;
    assert_eq!(earliest, "2024-01-01");
    let completed_points: i64 =
        app.scalar("SELECT COUNT(*) FROM points_entries WHERE source = 'order'").await;
    assert_eq!(completed_points, 1409);
}
on_both_engines!(replay_week, the_real_week_replays_once);

async fn a_reassignment_keeps_the_response_and_an_edit_does_not_block_the_phone(app: TestApp) {
    let first = on_shift(&app, SERVICE_STAFF).await;
    let second = on_shift(&app, "13800000012").await;
    let mut clerk = app.signed_in(DISPATCH).await;
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let mut other = app.signed_in("13800000012").await;
    let order_id = open_order(&app, &mut clerk, "repair").await;
    to_site(&app, &mut clerk, &mut staff, order_id, first).await;
    let responded: Option<i64> =
        app.scalar(&format!("SELECT responded_at_ms FROM work_orders WHERE id = {order_id}")).await;
    let v = version(&app, order_id).await;
    let (status, body) =
        clerk.call(DispatchOrder { order_id, version: v, assignee_id: second }).await;
    assert_eq!(status, StatusCode::OK, "reassign: {body}");
    let after: Option<i64> =
        app.scalar(&format!("SELECT responded_at_ms FROM work_orders WHERE id = {order_id}")).await;
    assert_eq!(after, responded, "the first response stands after a reassignment");
    let v = version(&app, order_id).await;
    let key = format!("{order_id}-{v}-accept");
    let (status, body) =
        other.call(FieldStep { order_id, version: v, step: "accept".into(), key }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The clerk corrects the contact while the phone is on its way: the phone's step, sent on
    // the version it last saw, still counts.
    let seen = version(&app, order_id).await;
    let edit = OrderEdit {
        order_id,
        version: seen,
        contact_name: "李太太".into(),
        contact_phone: "13912345679".into(),
        compound_id: compound(&app).await.to_string(),
        building: "3".into(),
        unit: "2".into(),
        room: "502".into(),
        problem: "电视没有信号".into(),
    };
    let (status, body) = clerk.call(EditOrder { form: edit }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let key = format!("{order_id}-{seen}-arrive");
    let (status, body) = other
        .call(FieldStep { order_id, version: seen, step: "arrive".into(), key: key.clone() })
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The same key for another step is refused, not answered with the wrong record.
    let (status, body) =
        other.call(FieldStep { order_id, version: seen, step: "accept".into(), key }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("order.bad_key"), "{body}");
    let late: i64 =
        app.scalar(&format!("SELECT respond_late FROM work_orders WHERE id = {order_id}")).await;
    assert_eq!(late, 0);
}
on_both_engines!(
    reassignment,
    a_reassignment_keeps_the_response_and_an_edit_does_not_block_the_phone
);

async fn nobody_books_points_for_themselves(app: TestApp) {
    let mut clerk = app.signed_in(DISPATCH).await;
    let clerk_id = app.user_id(DISPATCH).await;
    let (status, body) = clerk
        .call(AdjustPoints {
            user_id: clerk_id,
            day: String::new(),
            amount: "5".into(),
            reason: "加班".into(),
            corrects_id: None,
        })
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("forbidden.own_request"), "{body}");
    let mut manager = app.signed_in(MANAGER).await;
    let (status, body) = manager
        .call(AdjustPoints {
            user_id: clerk_id,
            day: String::new(),
            amount: "5".into(),
            reason: "加班".into(),
            corrects_id: None,
        })
        .await;
    assert_eq!(status, StatusCode::OK, "the manager corrects the clerk's points: {body}");
}
on_both_engines!(own_points, nobody_books_points_for_themselves);
