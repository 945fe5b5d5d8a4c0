//! Sign-in, sessions and lock-outs, on both engines.

use crate::common::{self, *};
use app::api::account::{ChangePassword, SaveLocale, SignOut};
use app::api::admin::{ResetPassword, UpdateUser};
use app::model::EditUserForm;
use axum::http::StatusCode;

async fn wrong_password_and_unknown_account_answer_the_same(app: TestApp) {
    let mut client = app.client("10.0.0.2:1");
    let wrong = client.sign_in(MANAGER, "not-the-password").await;
    let unknown = client.sign_in("13712345678", "demo1234").await;
    assert_eq!(wrong.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong, unknown);
    assert!(wrong.1.contains("sign_in.wrong_credentials"), "{}", wrong.1);
    let session = client.session().await;
    assert_eq!(session.me, None);
    assert!(!session.ended, "no session was ever started");
}
on_both_engines!(
    wrong_password_and_unknown_account,
    wrong_password_and_unknown_account_answer_the_same
);

async fn malformed_mobile_is_refused_before_anything_is_written(app: TestApp) {
    let mut client = app.client("10.0.0.3:1");
    let before = app.count("sign_in_attempts").await;
    let (status, body) = client.sign_in("12345", "demo1234").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("mobile.wrong_length"), "{body}");
    let (_, body) = client.sign_in("12345678901", "demo1234").await;
    assert!(body.contains("mobile.bad_prefix"), "{body}");
    assert_eq!(app.count("sign_in_attempts").await, before);
}
on_both_engines!(malformed_mobile, malformed_mobile_is_refused_before_anything_is_written);

async fn five_failures_lock_the_account_for_fifteen_minutes(app: TestApp) {
    let mut client = app.client("10.0.0.4:1");
    for _ in 0..4 {
        let (status, _) = client.sign_in(DISPATCH, "wrong-password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, body) = client.sign_in(DISPATCH, "wrong-password").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("\"minutes\":15"), "{body}");
    let mut elsewhere = app.client("10.9.9.9:1");
    let (status, _) = elsewhere.sign_in(DISPATCH, "demo1234").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password must not open a locked account"
    );
    let (status, _) = elsewhere.sign_in(FINANCE, "demo1234").await;
    assert_eq!(status, StatusCode::OK, "another account is not locked");
}
on_both_engines!(account_lockout, five_failures_lock_the_account_for_fifteen_minutes);

async fn five_failures_from_one_address_lock_that_address(app: TestApp) {
    let mut client = app.client("10.0.0.5:1");
    for mobile in [SALES_REP, PROMOTER, RENEWAL, FINANCE, DISPATCH] {
        client.sign_in(mobile, "wrong-password").await;
    }
    let (status, _) = client.sign_in(MANAGER, "demo1234").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let mut other = app.client("10.0.0.6:1");
    let (status, _) = other.sign_in(MANAGER, "demo1234").await;
    assert_eq!(status, StatusCode::OK);
}
on_both_engines!(address_lockout, five_failures_from_one_address_lock_that_address);

async fn signing_out_ends_the_session(app: TestApp) {
    let mut client = app.signed_in(MANAGER).await;
    let me = client.session().await.me.unwrap();
    assert_eq!(me.position, app::domain::position::Position::Manager);
    client.call(SignOut {}).await;
    let session = client.session().await;
    assert_eq!(session.me, None);
    assert!(!session.ended, "signing out forgets the session: nothing to explain");
}
on_both_engines!(sign_out, signing_out_ends_the_session);

async fn a_password_reset_or_deactivation_ends_old_sessions(app: TestApp) {
    let mut staff = app.signed_in(SERVICE_STAFF).await;
    let mut admin = app.signed_in(ADMIN).await;
    let id = app.user_id(SERVICE_STAFF).await;
    let (status, body) =
        admin.call(ResetPassword { user_id: id, password: "new-password-1".into() }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = staff.session().await;
    assert_eq!(session.me, None, "the old session must end");
    assert!(session.ended, "the sign-in page says the session has ended");

    let mut staff = app.client("10.0.0.7:1");
    assert_eq!(staff.sign_in(SERVICE_STAFF, "new-password-1").await.0, StatusCode::OK);
    let form = EditUserForm {
        id,
        version: 1,
        name: "王示一".into(),
        position: "service_staff".into(),
        station_id: Some(1),
        ops_center_id: None,
        active: false,
        reason: "left".into(),
    };
    let (status, body) = admin.call(UpdateUser { form }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(staff.session().await.me, None, "a deactivated user is signed out");
    assert_eq!(
        staff.sign_in(SERVICE_STAFF, "new-password-1").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
on_both_engines!(password_reset_ends_sessions, a_password_reset_or_deactivation_ends_old_sessions);

async fn changing_ones_own_password_keeps_this_session(app: TestApp) {
    let mut client = app.signed_in(FINANCE).await;
    let mut other_device = app.signed_in(FINANCE).await;
    let wrong = ChangePassword {
        current: "nope".into(),
        new: "brand-new-pw".into(),
        repeat: "brand-new-pw".into(),
    };
    let (status, body) = client.call(wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("password.current_wrong"), "{body}");
    let mismatch = ChangePassword {
        current: "demo1234".into(),
        new: "brand-new-pw".into(),
        repeat: "other-pw-123".into(),
    };
    assert!(client.call(mismatch).await.1.contains("password.mismatch"));
    let short =
        ChangePassword { current: "demo1234".into(), new: "short".into(), repeat: "short".into() };
    assert!(client.call(short).await.1.contains("password.too_short"));
    let good = ChangePassword {
        current: "demo1234".into(),
        new: "brand-new-pw".into(),
        repeat: "brand-new-pw".into(),
    };
    assert_eq!(client.call(good).await.0, StatusCode::OK);
    assert!(client.session().await.me.is_some(), "this session stays");
    assert_eq!(other_device.session().await.me, None, "other sessions end");
}
on_both_engines!(change_own_password, changing_ones_own_password_keeps_this_session);

async fn the_language_is_remembered_on_the_profile(app: TestApp) {
    let mut client = app.signed_in(PROMOTER).await;
    let (status, _) = client.call(SaveLocale { locale: "en".into() }).await;
    assert_eq!(status, StatusCode::OK);
    client.call(SignOut {}).await;
    let mut again = app.signed_in(PROMOTER).await;
    assert_eq!(again.session().await.me.unwrap().locale, "en");
    let (status, body) = again.call(SaveLocale { locale: "fr".into() }).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}
on_both_engines!(language_remembered, the_language_is_remembered_on_the_profile);

async fn cross_origin_mutations_are_refused(app: TestApp) {
    let mut client = app.client("10.0.0.8:1");
    let path = <app::api::account::SignIn as leptos::server_fn::ServerFn>::PATH;
    let body = "mobile=13800000001&password=demo1234".to_owned();
    let (status, _) = client.post(path, body.clone(), Some("https://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = client.post(path, body, Some("http://stationdesk.test")).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
}
on_both_engines!(cross_origin, cross_origin_mutations_are_refused);

async fn health_and_pages_answer(app: TestApp) {
    let mut client = app.client("10.0.0.9:1");
    assert_eq!(client.get("/healthz").await, (StatusCode::OK, "ok".to_owned()));
    let (status, page) = client.get("/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("lang=\"zh\""), "Chinese by default");
    let (status, _) = client.get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_engines!(health, health_and_pages_answer);

async fn a_form_posted_without_script_returns_to_its_page_with_the_error(app: TestApp) {
    let mut client = app.client("10.0.0.10:1");
    let path = <app::api::account::SignIn as leptos::server_fn::ServerFn>::PATH;
    let page = "http://stationdesk.test/login?ended=1";
    let response = client.post_form(path, "mobile=12345&password=whatever", page).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[axum::http::header::LOCATION].to_str().unwrap().to_owned();
    let (target, query) = location.split_once('?').unwrap();
    assert_eq!(target, "http://stationdesk.test/login");
    let params: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    assert_eq!(params[0], ("ended".to_owned(), "1".to_owned()), "the page's own query is kept");
    let error: app::error::AppError = serde_json::from_str(&params[1].1).unwrap();
    assert_eq!(error, app::error::AppError::invalid("mobile", "mobile.wrong_length"));

    let body = format!("mobile={MANAGER}&password=demo1234");
    let response = client.post_form(path, &body, "http://stationdesk.test/login").await;
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()[axum::http::header::LOCATION], "/", "signed in: home");
}
on_both_engines!(
    form_post_without_script,
    a_form_posted_without_script_returns_to_its_page_with_the_error
);
