//! Imports calls and the orders they became from a spreadsheet (CSV in UTF-8 or GBK, or
//! .xlsx), with Chinese headers. Every row is checked first; a file with any bad row writes
//! nothing and says which lines are wrong and why. Rows carry the source system's number
//! (外部编号), so importing the same file again changes nothing.

use super::audit::{self, Author, Change};
use super::current::Ctx;
use super::db::Db;
use super::orders::{insert_order, NewOrder};
use super::users::author;
use super::{now_ms, stations};
use crate::domain::orders::OrderKind;
use crate::domain::permission::Action;
use crate::domain::shanghai;
use crate::error::AppError;
use crate::model::orders::{ImportLine, ImportReport};
use chrono::{NaiveDateTime, Utc};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// The columns, by their Chinese header (English names are accepted too).
const COLUMNS: [(&str, &str, bool); 11] = [
    ("外部编号", "external_ref", true),
    ("受理时间", "received_at", true),
    ("来源", "channel", true),
    ("联系人", "contact", false),
    ("电话", "phone", false),
    ("事由", "matter", true),
    ("工单类型", "kind", false),
    ("小区", "compound", false),
    ("栋", "building", false),
    ("单元", "unit", false),
    ("室", "room", false),
];

/// The largest file accepted: far above a month of calls, far below what would hurt.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

fn line_error(line: usize, code: &str, value: &str) -> ImportLine {
    ImportLine { line, code: code.to_owned(), value: value.chars().take(60).collect() }
}

/// The file's rows as text cells, the first being the header; `Err` with a code when the
/// file cannot be read at all.
pub fn read_rows(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, &'static str> {
    if bytes.is_empty() {
        return Err("import.empty_file");
    }
    if bytes.len() > MAX_BYTES {
        return Err("import.too_large");
    }
    let xlsx =
        file_name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    if xlsx {
        return read_xlsx(bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            // Excel on a Chinese Windows saves CSV in GBK; read it rather than refuse it.
            let (text, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err("import.unknown_encoding");
            }
            text.into_owned()
        }
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| "import.not_csv")?;
        rows.push(record.iter().map(|c| c.trim().to_owned()).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, &'static str> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|_| "import.not_xlsx")?;
    let range =
        book.worksheet_range_at(0).ok_or("import.empty_file")?.map_err(|_| "import.not_xlsx")?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::DateTime(t) => t
                        .as_datetime()
                        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    other => other.to_string().trim().to_owned(),
                })
                .collect()
        })
        .collect())
}

fn parse_time(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
}

fn parse_kind(text: &str) -> Option<OrderKind> {
    let by_name = [
        ("新装", OrderKind::Installation),
        ("报修", OrderKind::Repair),
        ("移机", OrderKind::Relocation),
        ("收费", OrderKind::FeeCollection),
        ("套餐变更", OrderKind::PlanChange),
        ("拆机", OrderKind::Disconnection),
        ("其他", OrderKind::Other),
    ];
    by_name
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, k)| *k)
        .or_else(|| OrderKind::parse(text))
}

fn parse_channel(text: &str) -> Option<&'static str> {
    match text {
        "来电" | "phone" => Some("phone"),
        "到厅" | "walk_in" => Some("walk_in"),
        "客服调度中心" | "dispatch_center" => Some("dispatch_center"),
        "外勤登记" | "field" => Some("field"),
        _ => None,
    }
}

/// One checked row.
struct Row {
    external_ref: String,
    received: chrono::DateTime<Utc>,
    channel: &'static str,
    contact: String,
    phone: String,
    matter: String,
    order: Option<(OrderKind, i64)>,
    building: String,
    unit: String,
    room: String,
}

/// Imports a file into the caller's station.
pub async fn import(ctx: &Ctx, file_name: &str, bytes: &[u8]) -> Result<ImportReport, AppError> {
    let station_id = ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))?;
    ctx.authorize(Action::RunDesk, &stations::scope_of(ctx.db(), station_id).await?)?;
    let report = import_into(ctx.db(), station_id, author(ctx), file_name, bytes).await?;
    if report.imported > 0 {
        ctx.state.hub.publish(station_id, "orders");
    }
    Ok(report)
}

/// Imports a file into `station_id` on behalf of `by` (the command line passes no user).
pub async fn import_into(
    db: &Db,
    station_id: i64,
    by: Author<'_>,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportReport, AppError> {
    let rows = read_rows(file_name, bytes).map_err(|code| AppError::invalid("file", code))?;
    let facts = stations::facts(db, station_id).await?;
    let compounds: HashMap<String, i64> = facts
        .areas
        .iter()
        .flat_map(|a| a.compounds.iter().map(|c| (c.name.clone(), c.id)))
        .collect();
    let (checked, errors) = check(&rows, &compounds, Utc::now());
    let mut report =
        ImportReport { rows: checked.len() + errors.len(), imported: 0, skipped: 0, errors };
    if !report.errors.is_empty() {
        tracing::info!(station_id, bad = report.errors.len(), "import refused");
        return Ok(report);
    }
    let clock = stations::clock_of(&facts)?;
    let mut tx = db.begin_write().await?;
    for row in checked {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM calls WHERE station_id = $1 AND external_ref = $2")
                .bind(station_id)
                .bind(&row.external_ref)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            report.skipped += 1;
            continue;
        }
        let call_id: i64 = sqlx::query_scalar(
            "INSERT INTO calls (station_id, received_at_ms, day, channel, caller_name, phone, \
             matter, logged_by, external_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING id",
        )
        .bind(station_id)
        .bind(row.received.timestamp_millis())
        .bind(shanghai::business_date(row.received).to_string())
        .bind(row.channel)
        .bind(&row.contact)
        .bind(&row.phone)
        .bind(&row.matter)
        .bind(by.user_id)
        .bind(&row.external_ref)
        .fetch_one(&mut *tx)
        .await?;
        if let Some((kind, compound_id)) = row.order {
            let order = NewOrder {
                kind,
                compound_id,
                building: row.building,
                unit: row.unit,
                room: row.room,
                contact_name: row.contact,
                contact_phone: row.phone,
                problem: row.matter,
                received_at: row.received,
                external_ref: Some(row.external_ref),
            };
            insert_order(&mut tx, station_id, Some(call_id), &clock, &order, by.user_id).await?;
        }
        report.imported += 1;
    }
    let change = Change {
        action: "orders.import",
        entity: "station",
        entity_id: station_id,
        station_id: Some(station_id),
        before: None,
        after: Some(json!({
            "file": file_name, "imported": report.imported, "skipped": report.skipped,
        })),
    };
    audit::record(&mut tx, by, change).await?;
    tx.commit().await?;
    tracing::info!(station_id, imported = report.imported, skipped = report.skipped, "import done");
    Ok(report)
}

/// Checks every row; the line numbers count the header as line 1, as a spreadsheet does.
fn check(
    rows: &[Vec<String>],
    compounds: &HashMap<String, i64>,
    now: chrono::DateTime<Utc>,
) -> (Vec<Row>, Vec<ImportLine>) {
    let mut errors = Vec::new();
    let Some(header) = rows.first() else {
        return (Vec::new(), vec![line_error(1, "import.empty_file", "")]);
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (zh, en, required) in COLUMNS {
        match header.iter().position(|h| h.trim() == zh || h.trim().eq_ignore_ascii_case(en)) {
            Some(i) => {
                index.insert(en, i);
            }
            None if required => errors.push(line_error(1, "import.missing_column", zh)),
            None => {}
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), errors);
    }
    let mut seen = HashSet::new();
    let mut checked = Vec::new();
    for (n, cells) in rows.iter().enumerate().skip(1) {
        let line = n + 1;
        let cell = |name: &str| {
            index
                .get(name)
                .and_then(|i| cells.get(*i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let external_ref = cell("external_ref");
        if external_ref.is_empty() || external_ref.chars().count() > 60 {
            errors.push(line_error(line, "import.bad_external_ref", &external_ref));
            continue;
        }
        if !seen.insert(external_ref.clone()) {
            errors.push(line_error(line, "import.duplicate_external_ref", &external_ref));
            continue;
        }
        let Some(received) = parse_time(&cell("received_at")).map(shanghai::from_local) else {
            errors.push(line_error(line, "import.bad_time", &cell("received_at")));
            continue;
        };
        if received > now {
            errors.push(line_error(line, "import.future_time", &cell("received_at")));
            continue;
        }
        let Some(channel) = parse_channel(&cell("channel")) else {
            errors.push(line_error(line, "call.unknown_channel", &cell("channel")));
            continue;
        };
        let matter = cell("matter");
        if matter.is_empty() || matter.chars().count() > 500 {
            errors.push(line_error(line, "import.bad_matter", &matter));
            continue;
        }
        let phone = cell("phone");
        let phone_ok = phone.is_empty()
            || (phone.len() <= 20 && phone.chars().all(|c| c.is_ascii_digit() || c == '-'));
        if !phone_ok {
            errors.push(line_error(line, "phone.invalid", &phone));
            continue;
        }
        let kind_text = cell("kind");
        let order = if kind_text.is_empty() {
            None
        } else {
            let Some(kind) = parse_kind(&kind_text) else {
                errors.push(line_error(line, "order.unknown_kind", &kind_text));
                continue;
            };
            let Some(compound) = compounds.get(&cell("compound")) else {
                errors.push(line_error(line, "order.unknown_compound", &cell("compound")));
                continue;
            };
            Some((kind, *compound))
        };
        let long = |name: &str, max: usize| cell(name).chars().count() > max;
        if long("contact", 40) || ["building", "unit", "room"].iter().any(|n| long(n, 10)) {
            let value = format!(
                "{} {} {} {}",
                cell("contact"),
                cell("building"),
                cell("unit"),
                cell("room")
            );
            errors.push(line_error(line, "import.too_long", value.trim()));
            continue;
        }
        checked.push(Row {
            external_ref,
            received,
            channel,
            contact: cell("contact"),
            phone,
            matter,
            order,
            building: cell("building"),
            unit: cell("unit"),
            room: cell("room"),
        });
    }
    (checked, errors)
}

/// `POST /import/orders`: a plain multipart form (works without the page's script) with
/// the file in `file`; stores the report and shows it on `/desk/import/{id}`.
pub async fn upload(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    axum::Extension(addr): axum::Extension<super::state::ClientAddr>,
    session: tower_sessions::Session,
    mut form: axum::extract::Multipart,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let ctx = match super::current::from_session(state, &session, addr.0).await {
        Ok(ctx) => ctx,
        Err(_) => return Redirect::to("/login?ended=1").into_response(),
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut unreadable = false;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => unreadable = true,
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                unreadable = true;
                break;
            }
        }
    }
    let (name, bytes) = file.unwrap_or_default();
    // A body cut off by the size limit reads as a broken upload: say it is too large.
    let outcome = if unreadable {
        Err(AppError::invalid("file", "import.too_large"))
    } else {
        import(&ctx, &name, &bytes).await
    };
    let report = match outcome {
        Ok(report) => report,
        Err(AppError::Invalid { problems }) => ImportReport {
            rows: 0,
            imported: 0,
            skipped: 0,
            errors: problems.into_iter().map(|p| line_error(0, &p.code, "")).collect(),
        },
        Err(error) => return super::exports::error_page(&error),
    };
    match save_run(&ctx, &name, &report).await {
        Ok(id) => Redirect::to(&format!("/desk/import/{id}")).into_response(),
        Err(error) => {
            tracing::warn!(?error, "import report not saved");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn save_run(ctx: &Ctx, file_name: &str, report: &ImportReport) -> Result<i64, AppError> {
    let station_id = ctx.me.station_id.ok_or_else(|| AppError::forbidden("forbidden.position"))?;
    let json = serde_json::to_string(report).map_err(|_| AppError::Internal)?;
    let name: String = file_name.chars().take(100).collect();
    Ok(sqlx::query_scalar(
        "INSERT INTO import_runs (station_id, user_id, file_name, report_json, at_ms) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(station_id)
    .bind(ctx.me.id)
    .bind(name)
    .bind(json)
    .bind(now_ms())
    .fetch_one(ctx.db().pool())
    .await?)
}

/// A stored import report: the caller's own, or any of their station's for the desk.
pub async fn load_run(ctx: &Ctx, id: i64) -> Result<(String, ImportReport), AppError> {
    use sqlx::Row;
    let row =
        sqlx::query("SELECT station_id, file_name, report_json FROM import_runs WHERE id = $1")
            .bind(id)
            .fetch_optional(ctx.db().pool())
            .await?
            .ok_or(AppError::NotFound)?;
    let station_id: i64 = row.try_get(0)?;
    ctx.authorize(Action::RunDesk, &stations::scope_of(ctx.db(), station_id).await?)?;
    let json: String = row.try_get(2)?;
    let report = serde_json::from_str(&json).map_err(|_| AppError::Internal)?;
    Ok((row.try_get(1)?, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "外部编号,受理时间,来源,联系人,电话,事由,工单类型,小区,栋,单元,室";

    fn compounds() -> HashMap<String, i64> {
        HashMap::from([("汉西社区".to_owned(), 7)])
    }

    fn now() -> chrono::DateTime<Utc> {
        shanghai::from_local(parse_time("2026-12-04 12:00").expect("time"))
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        read_rows("calls.csv", text.as_bytes()).expect("readable")
    }

    #[test]
    fn good_rows_become_calls_and_orders() {
        let text = format!(
            "{HEADER}\nK-1,2026-12-03 09:15,来电,李先生,13912345678,电视无信号,报修,汉西社区,3,2,501\n\
             K-2,2026-12-03 09:20,到厅,,,咨询套餐,,,,,\n"
        );
        let (checked, errors) = check(&rows(&text), &compounds(), now());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(checked.len(), 2);
        assert_eq!(checked[0].order, Some((OrderKind::Repair, 7)));
        assert_eq!(checked[1].order, None);
    }

    #[test]
    fn each_bad_row_is_named_by_its_line() {
        let text = format!(
            "{HEADER}\nK-1,2026-12-03 09:15,来电,,,无信号,报修,不存在小区,,,\n\
             K-2,2026-13-03 09:15,来电,,,无信号,,,,,\n\
             K-3,2026-12-03 09:15,飞鸽,,,无信号,,,,,\n\
             K-3,2026-12-03 09:16,来电,,,无信号,,,,,\n\
             K-5,2026-12-05 09:15,来电,,,无信号,,,,,\n\
             K-6,2026-12-03 09:15,来电,,,无信号,修飞机,汉西社区,,,\n"
        );
        let (_, errors) = check(&rows(&text), &compounds(), now());
        let seen: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.code.as_str())).collect();
        assert_eq!(
            seen,
            [
                (2, "order.unknown_compound"),
                (3, "import.bad_time"),
                (4, "call.unknown_channel"),
                (5, "import.duplicate_external_ref"),
                (6, "import.future_time"),
                (7, "order.unknown_kind"),
            ]
        );
    }

    #[test]
    fn a_wrong_header_names_the_missing_column() {
        let (_, errors) = check(&rows("编号,时间,事由\n1,2,3\n"), &compounds(), now());
        assert_eq!(errors[0].code, "import.missing_column");
        assert_eq!(errors[0].value, "外部编号");
    }

    #[test]
    fn an_empty_file_is_said_to_be_empty() {
        assert_eq!(read_rows("a.csv", b""), Err("import.empty_file"));
    }

    #[test]
    fn gbk_and_a_byte_order_mark_are_read() {
        let text = format!("{HEADER}\nK-1,2026-12-03 09:15,来电,李先生,,无信号,,,,,\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let read = read_rows("calls.csv", &gbk).expect("gbk");
        assert_eq!(read[1][3], "李先生");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(read_rows("calls.csv", &bom).expect("bom")[0][0], "外部编号");
    }

    #[test]
    fn an_xlsx_is_read_like_a_csv() {
        let table = super::super::exports::Table {
            sheet: "来电",
            header: HEADER.split(',').collect(),
            rows: vec!["K-1,2026-12-03 09:15,来电,李先生,13912345678,无信号,报修,汉西社区,3,2,501"
                .split(',')
                .map(str::to_owned)
                .collect()],
        };
        let bytes = super::super::exports::to_xlsx(&table).expect("xlsx");
        let read = read_rows("calls.xlsx", &bytes).expect("read");
        let (checked, errors) = check(&read, &compounds(), now());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(checked[0].phone, "13912345678");
    }
}
