//! The demo station: 硚口营维中心 with one station, two areas of real 硚口区 communities,
//! generated (clearly fictional) staff for every position, the four plans and subscribers.

use super::audit::{self, Author, Change};
use super::db::{Db, Tx};
use super::{now_ms, passwords};
use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::error::AppError;
use chrono::{Duration, Months};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sqlx::Row;

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "demo1234";
const OPS_CENTER: &str = "硚口营维中心";
const STATION: &str = "简易服务中心";
const COMMUNITIES: &str = include_str!("../../seed/qiaokou_communities.csv");

/// The demo areas: name, the street whose communities are its compounds, reward settings.
const AREAS: [(&str, &str, i64, i64); 2] =
    [("简易片区", "韩家墩街道", 70_000, 3), ("肖家地片区", "宗关街道", 60_000, 4)];

/// The demo accounts: mobile number, position, how many.
pub const ACCOUNTS: [(&str, Position); 19] = [
    ("13900000000", Position::Admin),
    ("13900000001", Position::OpsGm),
    ("13900000002", Position::OpsSupervisor),
    ("13900000003", Position::ChannelDept),
    ("13800000001", Position::Manager),
    ("13800000002", Position::ServiceSupervisor),
    ("13800000003", Position::MarketSupervisor),
    ("13800000004", Position::DispatchClerk),
    ("13800000005", Position::FinanceClerk),
    ("13800000006", Position::RenewalSpecialist),
    ("13800000011", Position::ServiceStaff),
    ("13800000012", Position::ServiceStaff),
    ("13800000013", Position::ServiceStaff),
    ("13800000014", Position::ServiceStaff),
    ("13800000021", Position::SalesRep),
    ("13800000022", Position::SalesRep),
    ("13800000023", Position::SalesRep),
    ("13800000031", Position::Promoter),
    ("13800000032", Position::Promoter),
];

const SURNAMES: [&str; 19] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林",
];
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const PLANS: [(&str, i64); 4] = [("闪影3.0", 1), ("闪影6.0", 2), ("闪影8.2", 3), ("闪影10.3", 4)];

/// A generated name that no real person is meant to have: surname + 示 + a numeral.
fn demo_name(index: usize) -> String {
    let surname = SURNAMES[index % SURNAMES.len()];
    format!("{surname}示{}", NUMERALS[index % NUMERALS.len()])
}

/// Loads the demo station when it is missing; when present, reactivates the demo accounts
/// and resets their passwords so a person can sign in again. Returns true when it loaded.
///
/// With `replay_week`, the demo also replays last week's real service requests
/// ([`super::replay`]) and posts shifts for the next 60 days; without it (the tests), only
/// shifts around today.
pub async fn load(db: &Db, subscribers: usize, replay_week: bool) -> Result<bool, AppError> {
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = db.begin_write().await?;
    let existing = sqlx::query("SELECT id FROM ops_centers WHERE name = $1")
        .bind(OPS_CENTER)
        .fetch_optional(&mut *tx)
        .await?;
    if existing.is_some() {
        for (mobile, _) in ACCOUNTS {
            sqlx::query(
                "UPDATE users SET password_hash = $1, active = 1, session_epoch = session_epoch + 1 \
                 WHERE mobile = $2",
            )
            .bind(&hash)
            .bind(mobile)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        return Ok(false);
    }
    let ops_center_id =
        insert_id(&mut tx, "INSERT INTO ops_centers (name) VALUES ($1) RETURNING id", OPS_CENTER)
            .await?;
    let station_id: i64 = sqlx::query(
        "INSERT INTO stations (ops_center_id, name, address, phone) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(ops_center_id)
    .bind(STATION)
    .bind("武汉市硚口区解放大道简易路口（演示地址）")
    .bind("027-00000000")
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let compounds = insert_areas(&mut tx, station_id).await?;
    insert_staff(&mut tx, &hash, station_id, ops_center_id).await?;
    let plans = insert_plans(&mut tx).await?;
    insert_subscribers(&mut tx, station_id, &compounds, &plans, subscribers).await?;
    let change = Change {
        action: "demo.load",
        entity: "station",
        entity_id: station_id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({ "station": STATION, "subscribers": subscribers })),
    };
    audit::record(&mut tx, Author { user_id: None, client_addr: "" }, change).await?;
    tx.commit().await?;
    let today = shanghai::business_date(chrono::Utc::now());
    let (week_of, week_end) = crate::domain::board::last_week(today);
    if replay_week {
        insert_shifts(db, station_id, week_of, today + Duration::days(60)).await?;
        super::replay::replay(db, station_id, super::replay::WEEK, week_of).await?;
        publish_days(db, station_id, week_of, week_end).await?;
    } else {
        insert_shifts(db, station_id, today - Duration::days(1), today + Duration::days(2)).await?;
    }
    tracing::info!(station_id, "demo station loaded");
    Ok(true)
}

/// Shifts of 8 hours for everyone who takes orders, from `from` through `to`: an early
/// (08:30–16:30) and a late (12:00–20:00) shift, alternating by person and by day, so that
/// every open minute has people on shift. The roster planner replaces these once rosters
/// are posted.
pub async fn insert_shifts(
    db: &Db,
    station_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(), AppError> {
    let staff: Vec<i64> = super::users::staff_of(db, station_id)
        .await?
        .into_iter()
        .filter(|m| m.position.takes_orders())
        .map(|m| m.id)
        .collect();
    let time = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let mut tx = db.begin_write().await?;
    let mut day = from;
    let mut index = 0usize;
    while day <= to {
        for (person, user_id) in staff.iter().enumerate() {
            let early = (person + index).is_multiple_of(2);
            let start = if early { time(8, 30) } else { time(12, 0) };
            let starts = shanghai::at(day, start);
            let ends = starts + Duration::hours(8);
            sqlx::query(
                "INSERT INTO shifts (station_id, user_id, day, starts_at_ms, ends_at_ms) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, starts_at_ms) DO NOTHING",
            )
            .bind(station_id)
            .bind(user_id)
            .bind(day.to_string())
            .bind(starts.timestamp_millis())
            .bind(ends.timestamp_millis())
            .execute(&mut *tx)
            .await?;
        }
        day += Duration::days(1);
        index += 1;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks the replayed week's boards published by the dispatch clerk, as the desk would have.
async fn publish_days(
    db: &Db,
    station_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(), AppError> {
    let clerk: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE station_id = $1 AND position = 'dispatch_clerk' LIMIT 1",
    )
    .bind(station_id)
    .fetch_optional(db.pool())
    .await?;
    let mut day = from;
    while day <= to {
        let evening =
            shanghai::at(day, chrono::NaiveTime::from_hms_opt(20, 5, 0).unwrap_or_default());
        sqlx::query(
            "INSERT INTO board_days (station_id, day, published_at_ms, published_by) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (station_id, day) DO NOTHING",
        )
        .bind(station_id)
        .bind(day.to_string())
        .bind(evening.timestamp_millis())
        .bind(clerk)
        .execute(db.pool())
        .await?;
        day += Duration::days(1);
    }
    Ok(())
}

async fn insert_id(tx: &mut Tx, sql: &str, text: &str) -> Result<i64, AppError> {
    Ok(sqlx::query(sql).bind(text).fetch_one(&mut **tx).await?.try_get(0)?)
}

async fn insert_areas(tx: &mut Tx, station_id: i64) -> Result<Vec<i64>, AppError> {
    let mut compounds = Vec::new();
    for (area, street, base_fen, min_households) in AREAS {
        let area_id: i64 = sqlx::query(
            "INSERT INTO areas (station_id, name, reward_base_fen, reward_min_households) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(station_id)
        .bind(area)
        .bind(base_fen)
        .bind(min_households)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for line in COMMUNITIES.lines().skip(1) {
            let mut fields = line.split(',');
            let (Some(code), Some(name), Some(line_street)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if line_street != street {
                continue;
            }
            let short = name.replace("社区居民委员会", "社区").replace("社区居委会", "社区");
            let id: i64 = sqlx::query(
                "INSERT INTO compounds (area_id, name, community_code) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(area_id)
            .bind(&short)
            .bind(code)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
            compounds.push(id);
        }
    }
    Ok(compounds)
}

async fn insert_staff(
    tx: &mut Tx,
    hash: &str,
    station_id: i64,
    ops_center_id: i64,
) -> Result<(), AppError> {
    let today = shanghai::business_date(chrono::Utc::now());
    for (index, (mobile, position)) in ACCOUNTS.iter().enumerate() {
        let hired = today - Duration::days(400 + 97 * index as i64);
        let (station, ops) = match position {
            Position::Admin => (None, None),
            p if p.is_station_level() => (Some(station_id), None),
            _ => (None, Some(ops_center_id)),
        };
        let user_id: i64 = sqlx::query(
            "INSERT INTO users (mobile, name, password_hash, position, station_id, ops_center_id, \
             hired_on, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(*mobile)
        .bind(demo_name(index))
        .bind(hash)
        .bind(position.key())
        .bind(station)
        .bind(ops)
        .bind(hired.to_string())
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        sqlx::query(
            "INSERT INTO position_history (user_id, position, station_id, from_date, reason) \
             VALUES ($1, $2, $3, $4, 'hired')",
        )
        .bind(user_id)
        .bind(position.key())
        .bind(station)
        .bind(hired.to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_plans(tx: &mut Tx) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for (name, tier) in PLANS {
        let existing = sqlx::query("SELECT id FROM plans WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
        let id = match existing {
            Some(row) => row.try_get(0)?,
            None => sqlx::query("INSERT INTO plans (name, tier) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(tier)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?,
        };
        ids.push(id);
    }
    Ok(ids)
}

async fn insert_subscribers(
    tx: &mut Tx,
    station_id: i64,
    compounds: &[i64],
    plans: &[i64],
    count: usize,
) -> Result<(), AppError> {
    let mut rng = StdRng::seed_from_u64(20_261_203);
    let today = shanghai::business_date(chrono::Utc::now());
    for n in 0..count {
        let term: u32 = [1, 1, 6, 12, 12, 12, 24][rng.gen_range(0..7)];
        let plan = plans[[0, 0, 1, 1, 1, 2, 2, 3][rng.gen_range(0..8)]];
        let start = today - Duration::days(rng.gen_range(0..365));
        let paid_through = start.checked_add_months(Months::new(term)).unwrap_or(start);
        let status = match rng.gen_range(0..20) {
            0 => "suspended",
            1 => "disconnected",
            _ if paid_through < today => "expired",
            _ => "active",
        };
        let mobile = format!(
            "1{}{:09}",
            [3, 5, 7, 8, 9][rng.gen_range(0..5)],
            rng.gen_range(0..1_000_000_000u32)
        );
        sqlx::query(
            "INSERT INTO subscribers (station_id, account_no, name, mobile, compound_id, building, \
             unit, room, plan_id, term_months, paid_through, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(station_id)
        .bind(format!("QK{:08}", 10_000 + n))
        .bind(format!("{}先生示{}", SURNAMES[rng.gen_range(0..SURNAMES.len())], n % 100))
        .bind(mobile)
        .bind(compounds[rng.gen_range(0..compounds.len())])
        .bind(format!("{}栋", rng.gen_range(1..30)))
        .bind(format!("{}单元", rng.gen_range(1..6)))
        .bind(format!("{}{:02}", rng.gen_range(1..30), rng.gen_range(1..5)))
        .bind(plan)
        .bind(i64::from(term))
        .bind(paid_through.to_string())
        .bind(status)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
