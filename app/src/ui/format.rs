//! Dates, times and money as each language writes them, always in Asia/Shanghai.

use crate::domain::position::Position;
use crate::domain::shanghai;
use crate::i18n::*;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

const WEEKDAYS_ZH: [&str; 7] =
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"];

/// A calendar date: "2026年12月3日 星期四" or "Thu 3 Dec 2026".
pub fn date_long(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::zh => {
            let weekday = WEEKDAYS_ZH[date.weekday().num_days_from_monday() as usize];
            format!("{}年{}月{}日 {weekday}", date.year(), date.month(), date.day())
        }
        Locale::en => date.format("%a %-d %b %Y").to_string(),
    }
}

/// A short date: "2026-12-03" in both languages (what forms and tables use).
pub fn date_short(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An instant as Shanghai wall-clock time: "2026年12月3日 21:37" or "3 Dec 2026 21:37".
pub fn date_time(locale: Locale, instant: DateTime<Utc>) -> String {
    let local = shanghai::to_local(instant);
    match locale {
        Locale::zh => format!(
            "{}年{}月{}日 {}",
            local.year(),
            local.month(),
            local.day(),
            local.format("%H:%M")
        ),
        Locale::en => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// Just the Shanghai time of day: "21:37".
pub fn time_of_day(instant: DateTime<Utc>) -> String {
    shanghai::to_local(instant).format("%H:%M").to_string()
}

/// A position's name in the reader's language, from the catalogs.
pub fn position_name(locale: Locale, position: Position) -> String {
    let name = match position {
        Position::Manager => td_string!(locale, positions.manager),
        Position::ServiceSupervisor => td_string!(locale, positions.service_supervisor),
        Position::MarketSupervisor => td_string!(locale, positions.market_supervisor),
        Position::DispatchClerk => td_string!(locale, positions.dispatch_clerk),
        Position::FinanceClerk => td_string!(locale, positions.finance_clerk),
        Position::RenewalSpecialist => td_string!(locale, positions.renewal_specialist),
        Position::SalesRep => td_string!(locale, positions.sales_rep),
        Position::ServiceStaff => td_string!(locale, positions.service_staff),
        Position::Promoter => td_string!(locale, positions.promoter),
        Position::OpsGm => td_string!(locale, positions.ops_gm),
        Position::OpsSupervisor => td_string!(locale, positions.ops_supervisor),
        Position::ChannelDept => td_string!(locale, positions.channel_dept),
        Position::Admin => td_string!(locale, positions.admin),
    };
    name.to_string()
}

/// Text to show for an optional field: "—" when blank, because a page must never render an
/// empty text node (it does not survive hydration) and a blank reads as missing anyway.
pub fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}
