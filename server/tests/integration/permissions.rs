//! The (position × action) matrix: every allowed action succeeds, every refused one answers
//! 403 (or 401 when nobody is signed in) and writes nothing.

use crate::common::{self, *};
use app::api::admin::{CreateUser, ListUsers, ResetPassword};
use app::api::audit::StationChanges;
use app::api::calendar::SetCalendarDay;
use app::api::displays::CreateDisplayLink;
use app::api::station::{AddArea, AddClosedDay, LoadStation, StationStaff, UpdateStation};
use app::model::{NewUserForm, StationForm};
use axum::http::StatusCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Refused,
    NotSignedIn,
}
use Outcome::{NotSignedIn as N, Ok as Y, Refused as F};

/// Who is asking; `None` is nobody signed in.
const PEOPLE: [Option<&str>; 14] = [
    Some(ADMIN),
    Some(OPS_GM),
    Some(OPS_SUPERVISOR),
    Some(CHANNEL),
    Some(MANAGER),
    Some(SERVICE_SUPERVISOR),
    Some(MARKET_SUPERVISOR),
    Some(DISPATCH),
    Some(FINANCE),
    Some(RENEWAL),
    Some(SERVICE_STAFF),
    Some(SALES_REP),
    Some(PROMOTER),
    None,
];

#[derive(Debug, Clone, Copy)]
enum Act {
    ListUsers,
    CreateUser,
    ResetPassword,
    ViewStation,
    ViewStaff,
    EditHours,
    RenameStation,
    AddArea,
    AddClosedDay,
    SetCalendarDay,
    ViewAudit,
    CreateDisplayLink,
}

/// The expected outcome per person, in the order of `PEOPLE`:
/// admin, ops GM, ops supervisor, channel, manager, service sup., market sup., dispatch,
/// finance, renewal, service staff, sales rep, promoter, nobody.
const MATRIX: [(Act, [Outcome; 14]); 12] = [
    (Act::ListUsers, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::CreateUser, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::ResetPassword, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::ViewStation, [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N]),
    (Act::ViewStaff, [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N]),
    (Act::EditHours, [Y, F, F, F, Y, F, F, F, F, F, F, F, F, N]),
    (Act::RenameStation, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::AddArea, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::AddClosedDay, [Y, F, F, F, Y, F, F, F, F, F, F, F, F, N]),
    (Act::SetCalendarDay, [Y, F, F, F, F, F, F, F, F, F, F, F, F, N]),
    (Act::ViewAudit, [Y, Y, Y, F, Y, F, F, F, F, F, F, F, F, N]),
    (Act::CreateDisplayLink, [Y, F, F, F, Y, F, F, F, F, F, F, F, F, N]),
];

/// Tables a refused action must leave untouched.
const TABLES: [&str; 7] =
    ["users", "areas", "closed_days", "calendar_days", "display_links", "audit_log", "stations"];

async fn counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(app.count(table).await);
    }
    counts
}

async fn station_version(app: &TestApp) -> i64 {
    app.scalar("SELECT version FROM stations WHERE id = 1").await
}

async fn station_name(app: &TestApp) -> String {
    app.scalar("SELECT name FROM stations WHERE id = 1").await
}

async fn perform(app: &TestApp, client: &mut Client, act: Act, n: usize) -> (StatusCode, String) {
    match act {
        Act::ListUsers => client.call(ListUsers {}).await,
        Act::CreateUser => {
            let form = NewUserForm {
                name: format!("测试{n}"),
                mobile: format!("1370000{n:04}"),
                position: "promoter".into(),
                station_id: Some(1),
                ops_center_id: None,
                hired_on: "2026-01-05".into(),
                password: "first-password".into(),
            };
            client.call(CreateUser { form }).await
        }
        Act::ResetPassword => {
            let user_id = app.user_id("13800000032").await;
            client.call(ResetPassword { user_id, password: format!("reset-pass-{n}") }).await
        }
        Act::ViewStation => client.call(LoadStation { station_id: Some(1) }).await,
        Act::ViewStaff => client.call(StationStaff { station_id: Some(1) }).await,
        Act::EditHours | Act::RenameStation => {
            let name = match act {
                Act::RenameStation => format!("简易服务中心{n}"),
                _ => station_name(app).await,
            };
            let form = StationForm {
                id: 1,
                version: station_version(app).await,
                name,
                address: "武汉市硚口区解放大道简易路口（演示地址）".into(),
                phone: "027-00000000".into(),
                open_time: "08:30".into(),
                close_time: format!("20:{n:02}"),
            };
            client.call(UpdateStation { form }).await
        }
        Act::AddArea => {
            let args = AddArea {
                station_id: 1,
                name: format!("新片区{n}"),
                reward_base: "500".into(),
                reward_min_households: 2,
            };
            client.call(args).await
        }
        Act::AddClosedDay => {
            let day = format!("2026-11-{:02}", n + 1);
            client.call(AddClosedDay { station_id: 1, day, reason: "盘点".into() }).await
        }
        Act::SetCalendarDay => {
            let args = SetCalendarDay {
                day: format!("2026-08-{:02}", n + 1),
                kind: "holiday".into(),
                name: "Test".into(),
                name_zh: "测试".into(),
            };
            client.call(args).await
        }
        Act::ViewAudit => client.call(StationChanges { station_id: Some(1) }).await,
        Act::CreateDisplayLink => {
            client.call(CreateDisplayLink { station_id: 1, label: format!("屏{n}") }).await
        }
    }
}

async fn every_position_gets_exactly_its_rights(app: TestApp) {
    for (n, person) in PEOPLE.iter().enumerate() {
        let mut client = match person {
            Some(mobile) => app.signed_in(mobile).await,
            None => app.client("10.1.1.1:1"),
        };
        for (act, outcomes) in MATRIX {
            let expected = outcomes[n];
            let before = counts(&app).await;
            let version = station_version(&app).await;
            let (status, body) = perform(&app, &mut client, act, n).await;
            let who = person.unwrap_or("nobody");
            match expected {
                Y => assert!(
                    status.is_success(),
                    "{who} {act:?}: expected success, got {status} {body}"
                ),
                F => {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{who} {act:?}: {body}");
                    assert!(body.contains("forbidden."), "{who} {act:?}: a clear reason: {body}");
                }
                N => assert_eq!(status, StatusCode::UNAUTHORIZED, "{who} {act:?}: {body}"),
            }
            if expected != Y {
                assert_eq!(counts(&app).await, before, "{who} {act:?} wrote something");
                assert_eq!(
                    station_version(&app).await,
                    version,
                    "{who} {act:?} changed the station"
                );
            }
        }
    }
}
on_both_engines!(permission_matrix, every_position_gets_exactly_its_rights);

async fn the_acting_manager_holds_the_managers_rights_only_while_delegated(app: TestApp) {
    let mut supervisor = app.signed_in(SERVICE_SUPERVISOR).await;
    let args = || AddClosedDay { station_id: 1, day: "2026-11-20".into(), reason: String::new() };
    assert_eq!(supervisor.call(args()).await.0, StatusCode::FORBIDDEN);

    let delegate = app.user_id(SERVICE_SUPERVISOR).await;
    let manager = app.user_id(MANAGER).await;
    let today = app::domain::shanghai::business_date(chrono::Utc::now());
    sqlx::query(
        "INSERT INTO delegations (station_id, delegate_id, from_date, to_date, reason, created_by) \
         VALUES (1, $1, $2, $3, 'leave', $4)",
    )
    .bind(delegate)
    .bind(today.to_string())
    .bind(today.to_string())
    .bind(manager)
    .execute(app.db.pool())
    .await
    .unwrap();
    let (status, body) = supervisor.call(args()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let count: i64 = app.scalar("SELECT COUNT(*) FROM closed_days WHERE day = '2026-11-20'").await;
    assert_eq!(count, 1);
    assert_eq!(
        supervisor.call(ListUsers {}).await.0,
        StatusCode::FORBIDDEN,
        "still no admin rights"
    );
}
on_both_engines!(acting_manager, the_acting_manager_holds_the_managers_rights_only_while_delegated);

/// A second station, in another ops center.
async fn other_station(app: &TestApp) -> i64 {
    let pool = app.db.pool();
    sqlx::query("INSERT INTO ops_centers (name) VALUES ('江汉营维中心')")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO stations (ops_center_id, name) \
         SELECT id, '花楼服务中心' FROM ops_centers WHERE name = '江汉营维中心'",
    )
    .execute(pool)
    .await
    .unwrap();
    app.scalar("SELECT id FROM stations WHERE name = '花楼服务中心'").await
}

async fn nobody_reaches_into_another_station(app: TestApp) {
    let other = other_station(&app).await;
    let before = counts(&app).await;
    for mobile in [MANAGER, DISPATCH, SERVICE_STAFF, OPS_GM] {
        let mut client = app.signed_in(mobile).await;
        let (status, body) = client.call(LoadStation { station_id: Some(other) }).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{mobile} viewed another station: {body}");
        assert!(body.contains("forbidden.other_station"), "{mobile}: {body}");
        let (status, _) = client.call(StationStaff { station_id: Some(other) }).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{mobile} listed another station's staff");
    }
    let mut manager = app.signed_in(MANAGER).await;
    let day = AddClosedDay { station_id: other, day: "2026-12-24".into(), reason: String::new() };
    let (status, body) = manager.call(day).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("forbidden.other_station"), "{body}");
    let link = CreateDisplayLink { station_id: other, label: "别人的屏".into() };
    assert_eq!(manager.call(link).await.0, StatusCode::FORBIDDEN);
    let (status, _) = manager.call(StationChanges { station_id: Some(other) }).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another station's history is closed");
    assert_eq!(counts(&app).await, before, "nothing was written");

    let mut admin = app.signed_in(ADMIN).await;
    assert_eq!(admin.call(LoadStation { station_id: Some(other) }).await.0, StatusCode::OK);
}
on_both_engines!(other_station_refused, nobody_reaches_into_another_station);
