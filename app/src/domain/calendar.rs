//! Owns the State Council's working-day calendar and deadlines counted in working days.
//!
//! Statutory holidays are rest days, adjusted workdays (调休上班) are weekend days worked;
//! any other Saturday or Sunday is a rest day and any other weekday a working day. This
//! holds only for the years the official calendar covers: any other year is an error,
//! never a guess.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::shanghai;

/// Why a calendar could not be built or could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CalendarError {
    /// Rule: working days are only known for years the official calendar covers.
    #[error("there is no official working-day calendar for {year}")]
    YearNotCovered { year: i32 },
    /// Rule: every special day must lie in a year the calendar declares it covers.
    #[error("special day {date} lies outside the years the calendar covers")]
    OutsideCoveredYears { date: NaiveDate },
    /// Rule: a date is listed at most once in the official calendar.
    #[error("date {date} is listed more than once in the official calendar")]
    DuplicateDate { date: NaiveDate },
    /// Rule: an adjusted workday (调休上班) is always a Saturday or Sunday.
    #[error("adjusted workday {date} is not a Saturday or Sunday")]
    WorkdayNotOnWeekend { date: NaiveDate },
    /// Rule: a special day's kind is either `holiday` or `workday`.
    #[error("unknown kind of special day {kind:?} (expected \"holiday\" or \"workday\")")]
    UnknownDayKind { kind: String },
    /// A covered year must be one whose every date chrono can represent.
    #[error("year {year} cannot be represented")]
    YearOutOfRange { year: i32 },
}

impl CalendarError {
    /// A stable, language-neutral code for this error, for a UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::YearNotCovered { .. } => "calendar.year_not_covered",
            Self::OutsideCoveredYears { .. } => "calendar.outside_covered_years",
            Self::DuplicateDate { .. } => "calendar.duplicate_date",
            Self::WorkdayNotOnWeekend { .. } => "calendar.workday_not_on_weekend",
            Self::UnknownDayKind { .. } => "calendar.unknown_day_kind",
            Self::YearOutOfRange { .. } => "calendar.year_out_of_range",
        }
    }
}

/// What the official calendar says about a special day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DayKind {
    /// A statutory holiday: a rest day, whatever the day of the week.
    #[serde(rename = "holiday")]
    Holiday,
    /// An adjusted workday (调休上班): a Saturday or Sunday that is worked.
    #[serde(rename = "workday")]
    AdjustedWorkday,
}

impl DayKind {
    /// The key used in the calendar data: `holiday` or `workday`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::AdjustedWorkday => "workday",
        }
    }

    /// Reads the key used in the calendar data (`holiday` or `workday`, exactly).
    pub fn parse(key: &str) -> Result<Self, CalendarError> {
        match key {
            "holiday" => Ok(Self::Holiday),
            "workday" => Ok(Self::AdjustedWorkday),
            other => Err(CalendarError::UnknownDayKind { kind: other.to_owned() }),
        }
    }
}

/// One row of the official calendar: a holiday or an adjusted workday, and its festival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    /// The Shanghai calendar date.
    pub date: NaiveDate,
    /// Holiday (rest) or adjusted workday (worked weekend day).
    pub kind: DayKind,
    /// Festival name in English, e.g. "Mid-autumn Festival".
    pub name: String,
    /// Festival name in Chinese, e.g. "中秋".
    pub name_zh: String,
}

/// The serialized form of an [`OfficialCalendar`]: covered years and special days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    /// The years the calendar covers, ascending.
    pub years: Vec<i32>,
    /// The special days, by date.
    pub days: Vec<SpecialDay>,
}

/// The State Council's working-day calendar for the years it covers.
///
/// Rule: only covered years can be asked about; (de)serializes as [`CalendarData`] and is
/// validated again when deserialized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CalendarData", try_from = "CalendarData")]
pub struct OfficialCalendar {
    years: BTreeSet<i32>,
    days: BTreeMap<NaiveDate, SpecialDay>,
}

impl OfficialCalendar {
    /// Builds the calendar for `years` from its special days.
    ///
    /// Rules: each special day lies in a covered year, each date appears once, and an
    /// adjusted workday falls on a Saturday or Sunday (a holiday may fall on any day).
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        days: impl IntoIterator<Item = SpecialDay>,
    ) -> Result<Self, CalendarError> {
        let years: BTreeSet<i32> = years.into_iter().collect();
        if let Some(&year) = years.iter().find(|&&y| !is_representable(y)) {
            return Err(CalendarError::YearOutOfRange { year });
        }
        let mut calendar = Self { years, days: BTreeMap::new() };
        for day in days {
            calendar.insert(day)?;
        }
        Ok(calendar)
    }

    fn insert(&mut self, day: SpecialDay) -> Result<(), CalendarError> {
        let date = day.date;
        if !self.covers(date.year()) {
            return Err(CalendarError::OutsideCoveredYears { date });
        }
        if self.days.contains_key(&date) {
            return Err(CalendarError::DuplicateDate { date });
        }
        if day.kind == DayKind::AdjustedWorkday && !is_weekend(date) {
            return Err(CalendarError::WorkdayNotOnWeekend { date });
        }
        self.days.insert(date, day);
        Ok(())
    }

    /// Whether the official calendar covers `year` (only then are its working days known).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The covered years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The special days, in date order.
    pub fn special_days(&self) -> impl Iterator<Item = &SpecialDay> + '_ {
        self.days.values()
    }

    /// The special day on `date`, if the calendar lists one.
    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.days.get(&date)
    }

    /// Whether `date` is a working day: holidays are not, adjusted workdays are,
    /// otherwise Monday to Friday are. Rule: a date in a year the calendar does not cover
    /// is an error.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if !self.covers(date.year()) {
            return Err(CalendarError::YearNotCovered { year: date.year() });
        }
        Ok(match self.days.get(&date).map(|day| day.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::AdjustedWorkday) => true,
            None => !is_weekend(date),
        })
    }

    /// The number of working days in a covered `year`.
    pub fn working_days_in_year(&self, year: i32) -> Result<u32, CalendarError> {
        let first = NaiveDate::from_yo_opt(year, 1)
            .filter(|_| self.covers(year))
            .ok_or(CalendarError::YearNotCovered { year })?;
        let mut count = 0;
        for date in first.iter_days().take_while(|d| d.year() == year) {
            if self.is_working_day(date)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// The `n`-th working day strictly after `from`; `from` itself, unchecked, if `n` is 0.
    ///
    /// Rule: every day walked over must be in a covered year, so a count that runs past
    /// the last covered year is `YearNotCovered` for the first uncovered year reached.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut date = from;
        let mut remaining = n;
        while remaining > 0 {
            date = date
                .succ_opt()
                .ok_or(CalendarError::YearNotCovered { year: date.year().saturating_add(1) })?;
            if self.is_working_day(date)? {
                remaining -= 1;
            }
        }
        Ok(date)
    }

    /// The deadline of a matter received at `received` that must be handled within
    /// `working_days` working days, with the working day ending at `close` (20:00).
    ///
    /// Rule: working days are counted from the first working day after the matter was
    /// received (its Shanghai date), and the matter is due by the close of the last one.
    /// A matter with 0 working days is due by the close of the day it was received (even
    /// if received after it).
    pub fn matter_due(
        &self,
        received: DateTime<Utc>,
        working_days: u32,
        close: NaiveTime,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let received_on = shanghai::business_date(received);
        let last_day = self.add_working_days(received_on, working_days)?;
        Ok(shanghai::at(last_day, close))
    }
}

impl From<OfficialCalendar> for CalendarData {
    fn from(calendar: OfficialCalendar) -> Self {
        Self {
            years: calendar.years.into_iter().collect(),
            days: calendar.days.into_values().collect(),
        }
    }
}

impl TryFrom<CalendarData> for OfficialCalendar {
    type Error = CalendarError;

    fn try_from(data: CalendarData) -> Result<Self, Self::Error> {
        Self::new(data.years, data.days)
    }
}

/// Saturday and Sunday are the ordinary rest days of the week.
fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Whether chrono can represent every date of `year`.
fn is_representable(year: i32) -> bool {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    first.is_some() && last.is_some()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    /// The official calendar data the app seeds its database with.
    const SEED_CSV: &str = include_str!("../../seed/cn_calendar.csv");

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn special(date: NaiveDate, kind: DayKind) -> SpecialDay {
        SpecialDay { date, kind, name: "Test".into(), name_zh: "测试".into() }
    }

    fn parse_row(line: &str) -> SpecialDay {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 4, "bad row {line:?}");
        SpecialDay {
            date: fields[0].parse().unwrap(),
            kind: DayKind::parse(fields[1]).unwrap(),
            name: fields[2].to_owned(),
            name_zh: fields[3].to_owned(),
        }
    }

    fn full_calendar() -> OfficialCalendar {
        let days: Vec<SpecialDay> = SEED_CSV
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .map(parse_row)
            .collect();
        OfficialCalendar::new([2024, 2025, 2026], days).unwrap()
    }

    #[test]
    fn working_days_per_year_match_the_official_data() {
        let calendar = full_calendar();
        assert_eq!(calendar.working_days_in_year(2024), Ok(251));
        assert_eq!(calendar.working_days_in_year(2025), Ok(248));
        assert_eq!(calendar.working_days_in_year(2026), Ok(248));
    }

    #[test]
    fn approval_received_before_mid_autumn_is_due_on_30_september() {
        let calendar = full_calendar();
        let received = shanghai::at(date(2026, 9, 24), time(10, 0));
        let due = calendar.matter_due(received, 3, time(20, 0)).unwrap();
        assert_eq!(due, shanghai::at(date(2026, 9, 30), time(20, 0)));
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 9, 30, 12, 0, 0).unwrap());
    }

    #[test]
    fn matter_received_before_eight_uses_the_shanghai_date() {
        let calendar = full_calendar();
        // Friday 2026-09-18 23:30 UTC is Saturday 2026-09-19 07:30 in Shanghai; the next
        // working day is the adjusted workday Sunday 2026-09-20.
        let received = Utc.with_ymd_and_hms(2026, 9, 18, 23, 30, 0).unwrap();
        let due = calendar.matter_due(received, 1, time(20, 0)).unwrap();
        assert_eq!(due, shanghai::at(date(2026, 9, 20), time(20, 0)));
    }

    #[test]
    fn zero_working_days_is_due_at_close_of_the_day_received() {
        let calendar = full_calendar();
        let received = shanghai::at(date(2026, 10, 3), time(9, 15));
        let due = calendar.matter_due(received, 0, time(20, 0)).unwrap();
        assert_eq!(due, shanghai::at(date(2026, 10, 3), time(20, 0)));
    }

    #[test]
    fn adjusted_sunday_is_a_working_day() {
        let calendar = full_calendar();
        assert_eq!(calendar.is_working_day(date(2026, 9, 20)), Ok(true));
        assert_eq!(calendar.is_working_day(date(2026, 9, 19)), Ok(false));
        assert_eq!(calendar.is_working_day(date(2026, 9, 25)), Ok(false));
        assert_eq!(calendar.is_working_day(date(2026, 9, 28)), Ok(true));
    }

    #[test]
    fn a_date_in_an_uncovered_year_is_an_error() {
        let calendar = full_calendar();
        let err = calendar.is_working_day(date(2027, 1, 4)).unwrap_err();
        assert_eq!(err, CalendarError::YearNotCovered { year: 2027 });
        assert_eq!(err.code(), "calendar.year_not_covered");
        assert!(err.to_string().contains("no official working-day calendar for 2027"));
        assert_eq!(
            calendar.working_days_in_year(2023),
            Err(CalendarError::YearNotCovered { year: 2023 })
        );
    }

    #[test]
    fn counting_past_the_last_covered_year_is_an_error() {
        let calendar = full_calendar();
        assert_eq!(
            calendar.add_working_days(date(2026, 12, 30), 5),
            Err(CalendarError::YearNotCovered { year: 2027 })
        );
        assert_eq!(calendar.add_working_days(date(2026, 12, 30), 1), Ok(date(2026, 12, 31)));
    }

    #[test]
    fn zero_working_days_returns_the_start_date() {
        let calendar = full_calendar();
        assert_eq!(calendar.add_working_days(date(2026, 9, 26), 0), Ok(date(2026, 9, 26)));
    }

    #[test]
    fn national_day_week_is_skipped() {
        let calendar = full_calendar();
        // 30 Sep (Wed) + 1 → 1..7 Oct holiday, 8 Oct (Thu).
        assert_eq!(calendar.add_working_days(date(2026, 9, 30), 1), Ok(date(2026, 10, 8)));
        // 9 Oct (Fri), 10 Oct (adjusted Saturday), 12 Oct (Mon).
        assert_eq!(calendar.add_working_days(date(2026, 10, 8), 3), Ok(date(2026, 10, 12)));
    }

    #[test]
    fn special_day_outside_covered_years_is_refused() {
        let day = special(date(2027, 1, 1), DayKind::Holiday);
        let err = OfficialCalendar::new([2026], [day]).unwrap_err();
        assert_eq!(err, CalendarError::OutsideCoveredYears { date: date(2027, 1, 1) });
        assert_eq!(err.code(), "calendar.outside_covered_years");
    }

    #[test]
    fn duplicate_date_is_refused() {
        let days = [
            special(date(2026, 1, 1), DayKind::Holiday),
            special(date(2026, 1, 1), DayKind::Holiday),
        ];
        let err = OfficialCalendar::new([2026], days).unwrap_err();
        assert_eq!(err, CalendarError::DuplicateDate { date: date(2026, 1, 1) });
        assert_eq!(err.code(), "calendar.duplicate_date");
    }

    #[test]
    fn adjusted_workday_on_a_weekday_is_refused_but_a_weekend_holiday_is_fine() {
        // 2026-09-21 is a Monday.
        let weekday = special(date(2026, 9, 21), DayKind::AdjustedWorkday);
        let err = OfficialCalendar::new([2026], [weekday]).unwrap_err();
        assert_eq!(err, CalendarError::WorkdayNotOnWeekend { date: date(2026, 9, 21) });
        assert_eq!(err.code(), "calendar.workday_not_on_weekend");
        // 2026-09-26 is a Saturday.
        let saturday_holiday = special(date(2026, 9, 26), DayKind::Holiday);
        assert!(OfficialCalendar::new([2026], [saturday_holiday]).is_ok());
    }

    #[test]
    fn unrepresentable_year_is_refused() {
        let err = OfficialCalendar::new([i32::MAX], []).unwrap_err();
        assert_eq!(err, CalendarError::YearOutOfRange { year: i32::MAX });
        assert_eq!(err.code(), "calendar.year_out_of_range");
    }

    #[test]
    fn day_kind_keys_round_trip() {
        for kind in [DayKind::Holiday, DayKind::AdjustedWorkday] {
            assert_eq!(DayKind::parse(kind.key()), Ok(kind));
        }
        let err = DayKind::parse("Holiday").unwrap_err();
        assert_eq!(err.code(), "calendar.unknown_day_kind");
    }

    #[test]
    fn calendar_data_round_trips_and_revalidates() {
        let calendar = full_calendar();
        let data = CalendarData::from(calendar.clone());
        assert_eq!(data.years, vec![2024, 2025, 2026]);
        assert_eq!(OfficialCalendar::try_from(data.clone()), Ok(calendar));
        let bad = CalendarData { years: vec![2025], days: data.days };
        assert!(OfficialCalendar::try_from(bad).is_err());
    }

    fn covered_date() -> impl Strategy<Value = NaiveDate> {
        let first = date(2024, 1, 1);
        (0u64..1096).prop_map(move |offset| first + chrono::Days::new(offset))
    }

    proptest! {
        #[test]
        fn adding_working_days_composes(d in covered_date(), a in 0u32..40, b in 0u32..40) {
            let calendar = full_calendar();
            if let Ok(total) = calendar.add_working_days(d, a + b) {
                let stepwise = calendar
                    .add_working_days(d, a)
                    .and_then(|mid| calendar.add_working_days(mid, b));
                prop_assert_eq!(stepwise, Ok(total));
            }
        }

        #[test]
        fn result_is_a_working_day(d in covered_date(), n in 1u32..40) {
            let calendar = full_calendar();
            if let Ok(result) = calendar.add_working_days(d, n) {
                prop_assert!(result > d);
                prop_assert_eq!(calendar.is_working_day(result), Ok(true));
            }
        }
    }
}
