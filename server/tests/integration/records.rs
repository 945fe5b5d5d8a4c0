//! The administrator's and manager's records: validation, lost updates, the audit log,
//! the calendar and wall-screen links, on both engines.

use crate::common::{self, *};
use app::api::admin::{CreateUser, UpdateUser};
use app::api::audit::RecordHistory;
use app::api::calendar::{AddCalendarYear, CalendarYears, SetCalendarDay};
use app::api::displays::{CreateDisplayLink, LoadWallBoard, RevokeDisplayLink};
use app::api::station::{AddClosedDay, UpdateStation};
use app::model::{EditUserForm, NewUserForm, StationForm};
use axum::http::StatusCode;

fn new_user(name: &str, mobile: &str) -> NewUserForm {
    NewUserForm {
        name: name.into(),
        mobile: mobile.into(),
        position: "service_staff".into(),
        station_id: Some(1),
        ops_center_id: None,
        hired_on: "2026-03-01".into(),
        password: "first-password".into(),
    }
}

async fn bad_user_input_is_refused_with_a_reason_and_nothing_written(app: TestApp) {
    let mut admin = app.signed_in(ADMIN).await;
    let users = app.count("users").await;
    let audit = app.count("audit_log").await;
    let cases = [
        (new_user("张三", MANAGER), "mobile.taken"),
        (new_user("张三", "1380013800"), "mobile.wrong_length"),
        (new_user("张三", "12800138000"), "mobile.bad_prefix"),
        (new_user(&"长".repeat(21), "13700001111"), "person_name.too_long"),
        (new_user("   ", "13700001111"), "person_name.empty"),
        (
            NewUserForm { hired_on: "2026-02-30".into(), ..new_user("张三", "13700001111") },
            "date.invalid",
        ),
        (
            NewUserForm { password: "short".into(), ..new_user("张三", "13700001111") },
            "password.too_short",
        ),
        (
            NewUserForm { position: "king".into(), ..new_user("张三", "13700001111") },
            "position.unknown",
        ),
    ];
    for (form, code) in cases {
        let (status, body) = admin.call(CreateUser { form }).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {body}");
        assert!(body.contains(code), "expected {code}: {body}");
    }
    assert_eq!(app.count("users").await, users);
    assert_eq!(app.count("audit_log").await, audit);
    let (status, body) = admin.call(CreateUser { form: new_user("张 三", "137 0000 1111") }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("\"mobile\":\"13700001111\""), "normalised: {body}");
    assert_eq!(app.count("users").await, users + 1);
}
on_both_engines!(bad_user_input, bad_user_input_is_refused_with_a_reason_and_nothing_written);

async fn a_stale_save_is_refused_and_history_shows_before_and_after(app: TestApp) {
    let mut admin = app.signed_in(ADMIN).await;
    let id = app.user_id(SALES_REP).await;
    let form = |name: &str, version: i64| EditUserForm {
        id,
        version,
        name: name.into(),
        position: "service_staff".into(),
        station_id: Some(1),
        ops_center_id: None,
        active: true,
        reason: "moved to service".into(),
    };
    let (status, body) = admin.call(UpdateUser { form: form("郭示新", 1) }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let audit = app.count("audit_log").await;
    let (status, body) = admin.call(UpdateUser { form: form("覆盖者", 1) }).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("record.stale"));
    assert_eq!(app.count("audit_log").await, audit, "a refused save writes nothing");

    let mut manager = app.signed_in(MANAGER).await;
    let (status, body) = manager.call(RecordHistory { entity: "user".into(), entity_id: id }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let entries: Vec<app::model::AuditEntry> = serde_json::from_str(&body).unwrap();
    let last = &entries[0];
    assert_eq!(last.action, "user.update");
    assert!(last.before.as_deref().unwrap().contains("sales_rep"));
    assert!(last.after.as_deref().unwrap().contains("service_staff"));
    assert!(last.after.as_deref().unwrap().contains("郭示新"));
    assert_eq!(last.actor_name.as_deref(), Some("王示一"));
    assert_eq!(last.client_addr, "10.0.0.1");
    assert!(!body.contains("password_hash") && !body.contains("$argon2"));

    let positions = app.count("position_history").await;
    assert!(positions > 19, "the move is kept in the position history");
}
on_both_engines!(stale_save, a_stale_save_is_refused_and_history_shows_before_and_after);

async fn the_audit_log_cannot_be_edited_or_deleted(app: TestApp) {
    let update = sqlx::query("UPDATE audit_log SET action = 'forged'").execute(app.db.pool()).await;
    assert!(update.is_err(), "UPDATE must be refused");
    let delete = sqlx::query("DELETE FROM audit_log").execute(app.db.pool()).await;
    assert!(delete.is_err(), "DELETE must be refused");
    assert!(app.count("audit_log").await > 0);
}
on_both_engines!(audit_append_only, the_audit_log_cannot_be_edited_or_deleted);

async fn station_hours_and_closed_days_are_checked(app: TestApp) {
    let mut manager = app.signed_in(MANAGER).await;
    let form = |open: &str, close: &str| StationForm {
        id: 1,
        version: 1,
        name: "简易服务中心".into(),
        address: "武汉市硚口区解放大道简易路口（演示地址）".into(),
        phone: "027-00000000".into(),
        open_time: open.into(),
        close_time: close.into(),
    };
    let (status, body) = manager.call(UpdateStation { form: form("20:00", "08:30") }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("hours.close_before_open"), "{body}");
    let (_, body) = manager.call(UpdateStation { form: form("8h30", "20:00") }).await;
    assert!(body.contains("time.invalid"), "{body}");
    let (status, body) = manager.call(UpdateStation { form: form("09:00", "19:00") }).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let closed = app.count("closed_days").await;
    let outside = AddClosedDay { station_id: 1, day: "2027-01-05".into(), reason: String::new() };
    let (status, body) = manager.call(outside).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("calendar.year_not_covered"), "{body}");
    let day = || AddClosedDay { station_id: 1, day: "2026-12-28".into(), reason: "盘点".into() };
    assert_eq!(manager.call(day()).await.0, StatusCode::OK);
    let (_, body) = manager.call(day()).await;
    assert!(body.contains("closed_day.duplicate"), "{body}");
    assert_eq!(app.count("closed_days").await, closed + 1);
}
on_both_engines!(hours_and_closed_days, station_hours_and_closed_days_are_checked);

async fn the_calendar_is_seeded_and_edits_are_checked(app: TestApp) {
    let mut admin = app.signed_in(ADMIN).await;
    let (_, body) = admin.call(CalendarYears {}).await;
    let years: Vec<app::model::CalendarYear> = serde_json::from_str(&body).unwrap();
    let counts: Vec<(i32, u32)> = years.iter().map(|y| (y.year, y.working_days)).collect();
    assert_eq!(counts, vec![(2024, 251), (2025, 248), (2026, 248)]);

    let day = |day: &str, kind: &str| SetCalendarDay {
        day: day.into(),
        kind: kind.into(),
        name: "Test".into(),
        name_zh: "测试".into(),
    };
    let (status, body) = admin.call(day("2026-12-02", "workday")).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a Wednesday cannot be an adjusted workday"
    );
    assert!(body.contains("calendar.workday_not_on_weekend"), "{body}");
    let (_, body) = admin.call(day("2027-01-01", "holiday")).await;
    assert!(body.contains("calendar.outside_covered_years"), "{body}");
    assert_eq!(admin.call(AddCalendarYear { year: 2027 }).await.0, StatusCode::OK);
    assert!(admin.call(AddCalendarYear { year: 2027 }).await.1.contains("calendar.year_exists"));
    assert_eq!(admin.call(day("2027-01-01", "holiday")).await.0, StatusCode::OK);
    let (_, body) = admin.call(CalendarYears {}).await;
    let years: Vec<app::model::CalendarYear> = serde_json::from_str(&body).unwrap();
    assert_eq!(years.last().map(|y| (y.year, y.working_days)), Some((2027, 260)));
}
on_both_engines!(calendar, the_calendar_is_seeded_and_edits_are_checked);

async fn a_wall_link_opens_the_public_board_until_revoked(app: TestApp) {
    let mut manager = app.signed_in(MANAGER).await;
    let (status, body) =
        manager.call(CreateDisplayLink { station_id: 1, label: "大厅".into() }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let path: String = serde_json::from_str(&body).unwrap();
    let token = path.trim_start_matches("/wall/").to_owned();

    let mut wall = app.client("10.2.2.2:1");
    let (status, body) = wall.call(LoadWallBoard { token: token.clone() }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("简易服务中心"));
    assert!(!body.contains("13800000001"), "no phone numbers on the public board");
    let (status, page) = wall.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("简易服务中心"), "the wall page renders on the server");

    let (_, bad) = wall.call(LoadWallBoard { token: "not-a-token".into() }).await;
    assert!(bad.contains("NotFound"), "{bad}");
    let link_id: i64 = app.scalar("SELECT id FROM display_links").await;
    assert_eq!(manager.call(RevokeDisplayLink { link_id }).await.0, StatusCode::OK);
    let (status, _) = wall.call(LoadWallBoard { token }).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_engines!(wall_link, a_wall_link_opens_the_public_board_until_revoked);

async fn the_admin_sees_every_change_and_cannot_demote_themself(app: TestApp) {
    let mut admin = app.signed_in(ADMIN).await;
    let id = app.user_id(ADMIN).await;
    let demote = EditUserForm {
        id,
        version: 1,
        name: "王示一".into(),
        position: "manager".into(),
        station_id: Some(1),
        ops_center_id: None,
        active: true,
        reason: String::new(),
    };
    let audit = app.count("audit_log").await;
    let (status, body) = admin.call(UpdateUser { form: demote }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("user.cannot_demote_self"), "{body}");
    assert_eq!(app.count("audit_log").await, audit, "nothing written");

    let mut manager = app.signed_in(MANAGER).await;
    let day = AddClosedDay { station_id: 1, day: "2026-12-29".into(), reason: "盘点".into() };
    assert_eq!(manager.call(day).await.0, StatusCode::OK);
    let (status, body) = admin.call(app::api::audit::StationChanges { station_id: None }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let entries: Vec<app::model::AuditEntry> = serde_json::from_str(&body).unwrap();
    assert_eq!(entries[0].action, "closed_day.create", "a station's change is in the admin's log");
    assert!(entries.iter().any(|e| e.action == "calendar.seed"), "and changes outside stations");
}
on_both_engines!(admin_history, the_admin_sees_every_change_and_cannot_demote_themself);
