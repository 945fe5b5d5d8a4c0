//! Downloads for Excel: the order list, the call log and the daily board, as .xlsx and as
//! CSV that starts with a UTF-8 byte-order mark (without it Excel shows Chinese garbled).

use super::current::{self, Ctx};
use super::state::{AppState, ClientAddr};
use super::{orders, points, stations};
use crate::domain::money::Fen;
use crate::domain::permission::Action;
use crate::domain::shanghai;
use crate::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};
use sqlx::Row;
use std::collections::HashMap;
use tower_sessions::Session;

/// A table to download: a sheet name, its header and its rows.
pub struct Table {
    pub sheet: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The table as CSV for Excel: BOM first, CRLF line ends.
pub fn to_csv(table: &Table) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        writer.write_record(&table.header).map_err(|_| AppError::Internal)?;
        for row in &table.rows {
            writer
                .write_record(row.iter().map(|cell| inert(cell)))
                .map_err(|_| AppError::Internal)?;
        }
        writer.flush().map_err(|_| AppError::Internal)?;
    }
    Ok(out)
}

/// A cell as Excel must take it: text a subscriber typed that starts like a formula (`=`,
/// `+`, `-`, `@`) gets a leading apostrophe, so opening the file never runs it; numbers
/// such as "-2" stay numbers.
fn inert(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The table as an .xlsx workbook of one sheet, header in bold and frozen.
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet).map_err(|_| AppError::Internal)?;
    let bold = Format::new().set_bold();
    for (col, title) in table.header.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| AppError::Internal)?;
        sheet.write_string_with_format(0, col, *title, &bold).map_err(|_| AppError::Internal)?;
        sheet.set_column_width(col, 14).map_err(|_| AppError::Internal)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| AppError::Internal)?;
        for (col, value) in row.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| AppError::Internal)?;
            sheet.write_string(r, col, value).map_err(|_| AppError::Internal)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|_| AppError::Internal)?;
    book.save_to_buffer().map_err(|_| AppError::Internal)
}

fn local(instant: DateTime<Utc>) -> String {
    shanghai::to_local(instant).format("%Y-%m-%d %H:%M").to_string()
}

fn yes(flag: bool) -> String {
    if flag { "是" } else { "" }.to_owned()
}

fn kind_zh(kind: crate::domain::orders::OrderKind) -> &'static str {
    use crate::domain::orders::OrderKind::*;
    match kind {
        Installation => "新装",
        Repair => "报修",
        Relocation => "移机",
        FeeCollection => "收费",
        PlanChange => "套餐变更",
        Disconnection => "拆机",
        Other => "其他",
    }
}

fn status_zh(status: crate::domain::orders::OrderStatus) -> &'static str {
    use crate::domain::orders::OrderStatus::*;
    match status {
        Received => "已受理",
        Dispatched => "已派单",
        Accepted => "已响应",
        OnSite => "已到场",
        Completed => "已完工",
        Closed => "已回单",
        Cancelled => "已取消",
    }
}

/// The orders received in a month (`YYYY-MM`, this month by default).
async fn order_table(ctx: &Ctx, station_id: i64, month: &str) -> Result<Table, AppError> {
    let (from, to) = month_range(month)?;
    let found = sqlx::query(
        "SELECT id, fee_fen FROM work_orders WHERE station_id = $1 AND day >= $2 AND day < $3 \
         ORDER BY id",
    )
    .bind(station_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(ctx.db().pool())
    .await?;
    let mut fees = HashMap::with_capacity(found.len());
    for row in &found {
        fees.insert(row.try_get::<i64, _>(0)?, row.try_get::<i64, _>(1)?);
    }
    let ids: Vec<i64> = found.iter().filter_map(|r| r.try_get(0).ok()).collect();
    let mut rows = Vec::with_capacity(ids.len());
    for row in orders::rows_by_id(ctx.db(), &ids).await? {
        let fee = fees.get(&row.id).copied().unwrap_or_default();
        rows.push(vec![
            row.id.to_string(),
            kind_zh(row.kind).to_owned(),
            status_zh(row.status).to_owned(),
            local(row.received_at),
            row.compound.clone(),
            row.address.clone(),
            row.contact_name.clone(),
            row.contact_phone.clone(),
            row.problem.clone(),
            row.assignee.clone().unwrap_or_default(),
            local(row.respond_by),
            local(row.finish_by),
            yes(row.respond_late),
            yes(row.finish_late),
            yes(row.dragging),
            row.completed_at.map(local).unwrap_or_default(),
            Fen(fee).to_yuan().to_string(),
        ]);
    }
    Ok(Table {
        sheet: "工单",
        header: vec![
            "工单号",
            "类型",
            "状态",
            "受理时间",
            "小区",
            "地址",
            "联系人",
            "电话",
            "事由",
            "负责人",
            "响应时限",
            "完成时限",
            "响应超时",
            "完成超时",
            "拖单",
            "完工时间",
            "收费(元)",
        ],
        rows,
    })
}

/// The calls logged in a month.
async fn call_table(ctx: &Ctx, station_id: i64, month: &str) -> Result<Table, AppError> {
    let (from, to) = month_range(month)?;
    let list = sqlx::query(
        "SELECT id, received_at_ms, channel, caller_name, phone, matter, handling, order_id \
         FROM calls WHERE station_id = $1 AND day >= $2 AND day < $3 ORDER BY received_at_ms, id",
    )
    .bind(station_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(ctx.db().pool())
    .await?;
    let mut rows = Vec::with_capacity(list.len());
    for r in list {
        let channel: String = r.try_get(2)?;
        rows.push(vec![
            r.try_get::<i64, _>(0)?.to_string(),
            local(super::from_ms(r.try_get(1)?)),
            match channel.as_str() {
                "phone" => "来电",
                "walk_in" => "到厅",
                "dispatch_center" => "客服调度中心",
                _ => "外勤登记",
            }
            .to_owned(),
            r.try_get(3)?,
            r.try_get(4)?,
            r.try_get(5)?,
            r.try_get(6)?,
            r.try_get::<Option<i64>, _>(7)?.map(|id| id.to_string()).unwrap_or_default(),
        ]);
    }
    Ok(Table {
        sheet: "来电",
        header: vec!["编号", "时间", "来源", "联系人", "电话", "事由", "处理情况", "工单号"],
        rows,
    })
}

async fn board_table(ctx: &Ctx, station_id: i64, day: &str) -> Result<Table, AppError> {
    let board = points::board_for(ctx, Some(station_id), day).await?.ok_or(AppError::NotFound)?;
    let rows = board
        .rows
        .iter()
        .map(|r| {
            vec![
                board.day.to_string(),
                r.rank.to_string(),
                r.standing.name.clone(),
                r.standing.today.to_string(),
                r.standing.month.to_string(),
            ]
        })
        .collect();
    Ok(Table {
        sheet: "积分公示",
        header: vec!["日期", "名次", "姓名", "当日积分", "本月累计"],
        rows,
    })
}

/// The first day of a `YYYY-MM` month (this month when empty) and of the next.
fn month_range(month: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), AppError> {
    use chrono::Months;
    let first = if month.trim().is_empty() {
        crate::domain::board::month_start(shanghai::business_date(Utc::now()))
    } else {
        chrono::NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("month", "date.invalid"))?
    };
    let next = first.checked_add_months(Months::new(1)).ok_or(AppError::Internal)?;
    Ok((first, next))
}

/// A refused download or upload answers with a short page in Chinese (these are plain
/// links and forms, not calls of the page's script), with a way back.
pub fn error_page(error: &AppError) -> Response {
    if *error == AppError::Unauthenticated {
        return axum::response::Redirect::to("/login?ended=1").into_response();
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = crate::ui::errors::error_text(crate::i18n::Locale::zh, error);
    let page = format!(
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Stationdesk 站务台</title></head><body style=\"font-family:sans-serif;padding:1.5rem\">\
         <p role=\"alert\" style=\"font-size:1.1rem\">{}</p><p><a href=\"javascript:history.back()\">返回</a> · \
         <a href=\"/\">首页</a></p></body></html>",
        text.replace('<', "&lt;")
    );
    (status, axum::response::Html(page)).into_response()
}

/// `GET /export/{what}.{xlsx|csv}`: `orders` and `calls` (`?month=YYYY-MM`), `board`
/// (`?station=&day=`), for the signed-in people allowed to see them.
pub async fn download(
    State(state): State<AppState>,
    Extension(addr): Extension<ClientAddr>,
    session: Session,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match build(state, &session, addr.0, &file, &query).await {
        Ok((name, mime, bytes)) => {
            let disposition = format!("attachment; filename=\"{name}\"");
            (
                [
                    (header::CONTENT_TYPE, mime.to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(error) => error_page(&error),
    }
}

async fn build(
    state: AppState,
    session: &Session,
    addr: String,
    file: &str,
    query: &HashMap<String, String>,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let ctx = current::from_session(state, session, addr).await?;
    let (what, format) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let param = |key: &str| query.get(key).cloned().unwrap_or_default();
    let station_id = match param("station").parse::<i64>() {
        Ok(id) => id,
        Err(_) => ctx.me.station_id.ok_or(AppError::NotFound)?,
    };
    let scope = stations::scope_of(ctx.db(), station_id).await?;
    ctx.authorize(Action::ViewOrders, &scope)?;
    let table = match what {
        "orders" | "calls" => {
            ctx.authorize(Action::ViewReports, &scope)
                .or_else(|_| ctx.authorize(Action::RunDesk, &scope))?;
            if what == "orders" {
                order_table(&ctx, station_id, &param("month")).await?
            } else {
                call_table(&ctx, station_id, &param("month")).await?
            }
        }
        "board" => board_table(&ctx, station_id, &param("day")).await?,
        _ => return Err(AppError::NotFound),
    };
    tracing::info!(user_id = ctx.me.id, what, format, rows = table.rows.len(), "export");
    match format {
        "csv" => Ok((format!("{what}.csv"), "text/csv; charset=utf-8", to_csv(&table)?)),
        "xlsx" => Ok((
            format!("{what}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            to_xlsx(&table)?,
        )),
        _ => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            sheet: "工单",
            header: vec!["工单号", "事由"],
            rows: vec![vec!["1".into(), "电视没有信号, \"急\"".into()]],
        }
    }

    #[test]
    fn csv_for_excel_starts_with_a_byte_order_mark() {
        let bytes = to_csv(&table()).expect("csv");
        assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(text, "工单号,事由\r\n1,\"电视没有信号, \"\"急\"\"\"\r\n");
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let table = Table {
            sheet: "来电",
            header: vec!["事由", "积分"],
            rows: vec![vec!["=HYPERLINK(\"http://x\")".into(), "-2".into()]],
        };
        let text = String::from_utf8(to_csv(&table).expect("csv")[3..].to_vec()).expect("utf-8");
        assert_eq!(text, "事由,积分\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-2\r\n");
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = to_xlsx(&table()).expect("xlsx");
        assert_eq!(&bytes[..2], b"PK");
    }
}
