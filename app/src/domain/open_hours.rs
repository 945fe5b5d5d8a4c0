//! Owns the station's open-hours clock used by work-order timers.
//!
//! All reasoning is in Shanghai local time. Open time is the daily window `[open, close)`
//! on every day that is not a closed day; nights and closed days do not count. Durations
//! are exact to the nanosecond internally; the public API speaks in whole minutes.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::shanghai;

const NANOS_PER_MINUTE: i128 = 60_000_000_000;

/// 08:30, the station's default opening time.
const DEFAULT_OPEN: NaiveTime = match NaiveTime::from_hms_opt(8, 30, 0) {
    Some(time) => time,
    None => panic!("08:30 is a valid time"),
};

/// 20:00, the station's default closing time.
const DEFAULT_CLOSE: NaiveTime = match NaiveTime::from_hms_opt(20, 0, 0) {
    Some(time) => time,
    None => panic!("20:00 is a valid time"),
};

/// Why open hours were refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum OpenHoursError {
    /// Rule: the station opens before it closes, on the same day.
    #[error("opening time {open} is not before closing time {close}")]
    OpenNotBeforeClose { open: NaiveTime, close: NaiveTime },
}

impl OpenHoursError {
    /// A stable, language-neutral code for this error, for a UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OpenNotBeforeClose { .. } => "open_hours.open_not_before_close",
        }
    }
}

/// The station's daily opening hours, the same every open day (default 08:30–20:00).
///
/// Rule: `open` is strictly before `close`; validated again when deserialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawOpenHours")]
pub struct OpenHours {
    open: NaiveTime,
    close: NaiveTime,
}

#[derive(Deserialize)]
struct RawOpenHours {
    open: NaiveTime,
    close: NaiveTime,
}

impl TryFrom<RawOpenHours> for OpenHours {
    type Error = OpenHoursError;

    fn try_from(raw: RawOpenHours) -> Result<Self, Self::Error> {
        Self::new(raw.open, raw.close)
    }
}

impl OpenHours {
    /// Opening hours `[open, close)` in Shanghai local time; refuses `open >= close`.
    pub fn new(open: NaiveTime, close: NaiveTime) -> Result<Self, OpenHoursError> {
        if open < close {
            Ok(Self { open, close })
        } else {
            Err(OpenHoursError::OpenNotBeforeClose { open, close })
        }
    }

    /// The local time the station opens.
    pub fn open(&self) -> NaiveTime {
        self.open
    }

    /// The local time the station closes.
    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// The open time of one open day, in exact nanoseconds (always positive).
    fn day_length_nanos(&self) -> i128 {
        nanos(self.close - self.open)
    }
}

impl Default for OpenHours {
    /// The station's standard hours: 08:30–20:00.
    fn default() -> Self {
        Self { open: DEFAULT_OPEN, close: DEFAULT_CLOSE }
    }
}

/// The station's open-hours clock: daily opening hours minus closed (Shanghai) dates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StationClock {
    hours: OpenHours,
    closed_days: BTreeSet<NaiveDate>,
}

impl StationClock {
    /// A clock open `hours` every day except the given closed days.
    pub fn new(hours: OpenHours, closed_days: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { hours, closed_days: closed_days.into_iter().collect() }
    }

    /// The daily opening hours.
    pub fn hours(&self) -> OpenHours {
        self.hours
    }

    /// The closed days (Shanghai dates), ascending.
    pub fn closed_days(&self) -> &BTreeSet<NaiveDate> {
        &self.closed_days
    }

    /// Whether the station is open at `instant`: on an open day, at or after opening and
    /// before closing (Shanghai time).
    pub fn is_open_at(&self, instant: DateTime<Utc>) -> bool {
        let local = shanghai::to_local(instant);
        self.window(local.date()).is_some_and(|(open, close)| open <= local && local < close)
    }

    /// The first opening of the station (the opening time of an open day) at or after
    /// `after`. While the station is open this is the next open day's opening.
    ///
    /// Saturates at chrono's largest instant if no opening is representable.
    pub fn next_opening(&self, after: DateTime<Utc>) -> DateTime<Utc> {
        let local = shanghai::to_local(after);
        let today = local.date();
        match self.window(today) {
            Some((open, _)) if local <= open => shanghai::from_local(open),
            _ => self.opening_of_nth_open_day_after(today, 1),
        }
    }

    /// The instant at which `minutes` minutes of open time have elapsed after `start`.
    ///
    /// Rules: time outside opening hours and on closed days does not count; a count used
    /// up exactly at closing time ends at that closing time (not at the next opening);
    /// adding 0 returns `start` unchanged. Saturates at chrono's largest instant on
    /// overflow.
    pub fn add_open_minutes(&self, start: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
        if minutes == 0 {
            return start;
        }
        let mut remaining = i128::from(minutes) * NANOS_PER_MINUTE;
        let local = shanghai::to_local(start);
        if let Some((from, until)) = self.window_from(local) {
            let available = nanos(until - from);
            if remaining <= available {
                return add_nanos(from, remaining)
                    .map_or(DateTime::<Utc>::MAX_UTC, shanghai::from_local);
            }
            remaining -= available;
        }
        self.finish_on_later_days(local.date(), remaining)
    }

    /// Spends `remaining` (> 0) nanoseconds of open time on open days after `date`.
    fn finish_on_later_days(&self, date: NaiveDate, remaining: i128) -> DateTime<Utc> {
        let day_length = self.hours.day_length_nanos();
        // Whole open days used up first, leaving between 1 ns and a full day for the last
        // day.
        let whole_days = (remaining - 1) / day_length;
        let on_last_day = remaining - whole_days * day_length;
        u64::try_from(whole_days + 1)
            .ok()
            .and_then(|n| self.nth_open_day_after(date, n))
            .and_then(|day| add_nanos(day.and_time(self.hours.open), on_last_day))
            .map_or(DateTime::<Utc>::MAX_UTC, shanghai::from_local)
    }

    /// Open time in `[from, to)`, in whole minutes rounded down; 0 if `to <= from`.
    pub fn open_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let minutes = self.open_nanos_between(from, to) / NANOS_PER_MINUTE;
        i64::try_from(minutes).unwrap_or(i64::MAX)
    }

    /// Open time in `[from, to)`, in exact nanoseconds.
    fn open_nanos_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i128 {
        if to <= from {
            return 0;
        }
        let (start, end) = (shanghai::to_local(from), shanghai::to_local(to));
        let (first_day, last_day) = (start.date(), end.date());
        if first_day == last_day {
            return self.open_nanos_on(first_day, start, end);
        }
        let first = self.open_nanos_on(first_day, start, NaiveDateTime::MAX);
        let last = self.open_nanos_on(last_day, NaiveDateTime::MIN, end);
        first + self.open_nanos_strictly_between(first_day, last_day) + last
    }

    /// Open time on `date` that lies in `[from, to)`, in nanoseconds.
    fn open_nanos_on(&self, date: NaiveDate, from: NaiveDateTime, to: NaiveDateTime) -> i128 {
        match self.window(date) {
            Some((open, close)) => nanos(close.min(to) - open.max(from)).max(0),
            None => 0,
        }
    }

    /// Open time, in nanoseconds, on the days strictly between `first` < `last`.
    fn open_nanos_strictly_between(&self, first: NaiveDate, last: NaiveDate) -> i128 {
        let days_between = i128::from((last - first).num_days() - 1);
        let closed = self.closed_days.range((Excluded(first), Excluded(last))).count();
        let open_days = days_between - i128::try_from(closed).unwrap_or(i128::MAX);
        open_days * self.hours.day_length_nanos()
    }

    /// The opening instant of the `n`-th open day strictly after `date`.
    fn opening_of_nth_open_day_after(&self, date: NaiveDate, n: u64) -> DateTime<Utc> {
        self.nth_open_day_after(date, n)
            .map_or(DateTime::<Utc>::MAX_UTC, |day| shanghai::at(day, self.hours.open))
    }

    /// The `n`-th open day strictly after `date`, jumping over whole runs of days at
    /// once; `None` past chrono's last date.
    fn nth_open_day_after(&self, date: NaiveDate, n: u64) -> Option<NaiveDate> {
        // Invariant: (date, end] holds `n - needed` open days. Each jump of `needed` days
        // gains `needed` days minus the closed days among them, so `needed` becomes that
        // closed count and the loop ends once a jump crosses no closed day (the closed
        // set is finite).
        let mut end = date;
        let mut needed = n;
        while needed > 0 {
            let next = end.checked_add_days(Days::new(needed))?;
            let closed = self.closed_days.range((Excluded(end), Included(next))).count();
            needed = u64::try_from(closed).ok()?;
            end = next;
        }
        Some(end)
    }

    /// The opening window `[open, close)` on `date`, or `None` on a closed day.
    fn window(&self, date: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        if self.closed_days.contains(&date) {
            return None;
        }
        Some((date.and_time(self.hours.open), date.and_time(self.hours.close)))
    }

    /// The non-empty part of the window of `local`'s date at or after `local`.
    fn window_from(&self, local: NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime)> {
        self.window(local.date())
            .map(|(open, close)| (open.max(local), close))
            .filter(|(from, until)| from < until)
    }
}

/// A duration as exact nanoseconds (cannot overflow i128).
fn nanos(delta: TimeDelta) -> i128 {
    i128::from(delta.num_seconds()) * 1_000_000_000 + i128::from(delta.subsec_nanos())
}

/// `local + nanos`, or `None` past chrono's range.
fn add_nanos(local: NaiveDateTime, nanos: i128) -> Option<NaiveDateTime> {
    let delta = TimeDelta::nanoseconds(i64::try_from(nanos).ok()?);
    local.checked_add_signed(delta)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Shanghai local date and time as an instant.
    fn sh(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        shanghai::at(date(y, mo, d), time(h, mi))
    }

    fn standard() -> StationClock {
        StationClock::default()
    }

    #[test]
    fn default_hours_are_half_past_eight_to_eight_pm() {
        let hours = OpenHours::default();
        assert_eq!((hours.open(), hours.close()), (time(8, 30), time(20, 0)));
    }

    #[test]
    fn open_must_be_before_close() {
        let err = OpenHours::new(time(20, 0), time(20, 0)).unwrap_err();
        assert_eq!(
            err,
            OpenHoursError::OpenNotBeforeClose { open: time(20, 0), close: time(20, 0) }
        );
        assert_eq!(err.code(), "open_hours.open_not_before_close");
        assert!(OpenHours::new(time(21, 0), time(8, 0)).is_err());
    }

    #[test]
    fn received_half_an_hour_before_closing() {
        let clock = standard();
        let received = sh(2026, 5, 12, 19, 30);
        assert_eq!(clock.add_open_minutes(received, 30), sh(2026, 5, 12, 20, 0));
        assert_eq!(clock.add_open_minutes(received, 240), sh(2026, 5, 13, 12, 0));
    }

    #[test]
    fn received_before_opening() {
        let clock = standard();
        let received = sh(2026, 5, 12, 7, 10);
        assert_eq!(clock.add_open_minutes(received, 30), sh(2026, 5, 12, 9, 0));
        assert_eq!(clock.add_open_minutes(received, 240), sh(2026, 5, 12, 12, 30));
    }

    #[test]
    fn count_used_up_exactly_at_closing_ends_at_closing() {
        let clock = StationClock::new(OpenHours::default(), [date(2026, 5, 13)]);
        // 10:00–20:00 is exactly 600 minutes.
        let received = sh(2026, 5, 12, 10, 0);
        assert_eq!(clock.add_open_minutes(received, 600), sh(2026, 5, 12, 20, 0));
        // A full day past that ends at the close of the next open day.
        assert_eq!(clock.add_open_minutes(received, 1290), sh(2026, 5, 14, 20, 0));
    }

    #[test]
    fn closed_next_day_is_skipped() {
        let clock = StationClock::new(OpenHours::default(), [date(2026, 5, 13)]);
        // 10:30–20:00 is 570 minutes; the other 30 come after the closed 13th.
        assert_eq!(clock.add_open_minutes(sh(2026, 5, 12, 10, 30), 600), sh(2026, 5, 14, 9, 0));
        assert_eq!(clock.add_open_minutes(sh(2026, 5, 12, 10, 0), 630), sh(2026, 5, 14, 9, 0));
    }

    #[test]
    fn received_on_a_closed_day_counts_from_the_next_opening() {
        let closed = [date(2026, 5, 13), date(2026, 5, 14)];
        let clock = StationClock::new(OpenHours::default(), closed);
        let received = sh(2026, 5, 13, 11, 0);
        assert!(!clock.is_open_at(received));
        assert_eq!(clock.next_opening(received), sh(2026, 5, 15, 8, 30));
        assert_eq!(clock.add_open_minutes(received, 30), sh(2026, 5, 15, 9, 0));
    }

    #[test]
    fn adding_zero_returns_start_even_when_closed() {
        let clock = standard();
        let start = sh(2026, 5, 12, 22, 0);
        assert_eq!(clock.add_open_minutes(start, 0), start);
    }

    #[test]
    fn late_evening_in_shanghai_is_not_confused_with_the_utc_date() {
        // 2026-12-03 23:50 Shanghai is 15:50 UTC on the same date.
        let late = Utc.with_ymd_and_hms(2026, 12, 3, 15, 50, 0).unwrap();
        assert_eq!(late, sh(2026, 12, 3, 23, 50));
        let clock = StationClock::new(OpenHours::default(), [date(2026, 12, 4)]);
        assert!(!clock.is_open_at(late));
        assert_eq!(clock.next_opening(late), sh(2026, 12, 5, 8, 30));
        assert_eq!(clock.add_open_minutes(late, 30), sh(2026, 12, 5, 9, 0));
        assert_eq!(standard().add_open_minutes(late, 30), sh(2026, 12, 4, 9, 0));
    }

    #[test]
    fn early_morning_in_shanghai_belongs_to_the_next_date() {
        // 2026-12-03 16:30 UTC is 2026-12-04 00:30 in Shanghai, and the 4th is closed.
        let early = Utc.with_ymd_and_hms(2026, 12, 3, 16, 30, 0).unwrap();
        let clock = StationClock::new(OpenHours::default(), [date(2026, 12, 4)]);
        let nine_am_on_4th = Utc.with_ymd_and_hms(2026, 12, 4, 1, 0, 0).unwrap();
        assert!(!clock.is_open_at(nine_am_on_4th));
        assert!(standard().is_open_at(nine_am_on_4th));
        assert_eq!(clock.add_open_minutes(early, 30), sh(2026, 12, 5, 9, 0));
        assert_eq!(clock.open_minutes_between(early, sh(2026, 12, 5, 9, 0)), 30);
    }

    #[test]
    fn is_open_includes_opening_and_excludes_closing() {
        let clock = standard();
        assert!(!clock.is_open_at(sh(2026, 5, 12, 8, 29)));
        assert!(clock.is_open_at(sh(2026, 5, 12, 8, 30)));
        assert!(clock.is_open_at(sh(2026, 5, 12, 19, 59)));
        assert!(!clock.is_open_at(sh(2026, 5, 12, 20, 0)));
    }

    #[test]
    fn next_opening_is_today_before_opening_and_tomorrow_after() {
        let clock = standard();
        assert_eq!(clock.next_opening(sh(2026, 5, 12, 8, 30)), sh(2026, 5, 12, 8, 30));
        assert_eq!(clock.next_opening(sh(2026, 5, 12, 1, 0)), sh(2026, 5, 12, 8, 30));
        assert_eq!(clock.next_opening(sh(2026, 5, 12, 12, 0)), sh(2026, 5, 13, 8, 30));
        assert_eq!(clock.next_opening(sh(2026, 5, 12, 23, 59)), sh(2026, 5, 13, 8, 30));
    }

    #[test]
    fn open_minutes_between_counts_only_open_time() {
        let clock = StationClock::new(OpenHours::default(), [date(2026, 5, 13)]);
        let from = sh(2026, 5, 12, 19, 0);
        assert_eq!(clock.open_minutes_between(from, sh(2026, 5, 14, 9, 0)), 90);
        assert_eq!(clock.open_minutes_between(from, from), 0);
        assert_eq!(clock.open_minutes_between(sh(2026, 5, 14, 9, 0), from), 0);
        // A whole week without closed days: 7 × 690 minutes.
        let (monday, next_monday) = (sh(2026, 5, 4, 0, 0), sh(2026, 5, 11, 0, 0));
        let week = standard().open_minutes_between(monday, next_monday);
        assert_eq!(week, 7 * 690);
    }

    #[test]
    fn long_spans_with_many_closed_days_stay_exact() {
        let closed: Vec<NaiveDate> =
            (0..400).map(|i| date(2026, 1, 1) + Days::new(i * 2)).collect();
        let clock = StationClock::new(OpenHours::default(), closed);
        let start = sh(2026, 1, 1, 0, 0);
        let end = clock.add_open_minutes(start, 100 * 690);
        // Every other day is closed, so 100 open days end at the close of 2026-07-19.
        assert_eq!(end, sh(2026, 7, 19, 20, 0));
        assert_eq!(clock.open_minutes_between(start, end), 100 * 690);
    }

    #[test]
    fn huge_counts_saturate_instead_of_panicking() {
        let hours = OpenHours::new(time(8, 0), time(8, 1)).unwrap();
        let clock = StationClock::new(hours, []);
        let end = clock.add_open_minutes(sh(2026, 1, 1, 0, 0), u32::MAX);
        assert_eq!(end, DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn open_hours_deserialization_is_validated() {
        let good: OpenHours = via_try_from("08:30:00", "20:00:00").unwrap();
        assert_eq!(good, OpenHours::default());
        assert!(via_try_from("20:00:00", "08:30:00").is_err());
    }

    /// The conversion serde's `try_from` uses, exercised without a format crate.
    fn via_try_from(open: &str, close: &str) -> Result<OpenHours, OpenHoursError> {
        let raw = RawOpenHours { open: open.parse().unwrap(), close: close.parse().unwrap() };
        OpenHours::try_from(raw)
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        let base = sh(2026, 1, 1, 0, 0).timestamp();
        (0i64..60 * 86_400, 0u32..1_000_000_000)
            .prop_map(move |(s, ns)| DateTime::from_timestamp(base + s, ns).unwrap())
    }

    fn clock() -> impl Strategy<Value = StationClock> {
        let closed = proptest::collection::btree_set(0u64..70, 0..25);
        let times = (0u32..23 * 60, 1u32..12 * 60);
        (closed, times).prop_map(|(offsets, (open_min, len))| {
            let open = time(open_min / 60, open_min % 60);
            let close_min = (open_min + len).min(24 * 60 - 1);
            let close = time(close_min / 60, close_min % 60);
            let days = offsets.into_iter().map(|o| date(2026, 1, 1) + Days::new(o));
            StationClock::new(OpenHours::new(open, close).unwrap(), days)
        })
    }

    proptest! {
        #[test]
        fn adding_composes(
            c in clock(), t in instant(), a in 0u32..5_000, b in 0u32..5_000
        ) {
            prop_assert_eq!(
                c.add_open_minutes(c.add_open_minutes(t, a), b),
                c.add_open_minutes(t, a + b)
            );
        }

        #[test]
        fn minutes_between_inverts_adding(c in clock(), t in instant(), m in 0u32..20_000) {
            let end = c.add_open_minutes(t, m);
            prop_assert_eq!(c.open_minutes_between(t, end), i64::from(m));
        }

        #[test]
        fn adding_is_monotone(
            c in clock(), t in instant(), a in 0u32..5_000, b in 0u32..5_000
        ) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(c.add_open_minutes(t, low) <= c.add_open_minutes(t, high));
            if low < high {
                prop_assert!(c.add_open_minutes(t, low) < c.add_open_minutes(t, high));
            }
        }

        #[test]
        fn result_of_adding_is_open_or_a_closing(
            c in clock(), t in instant(), m in 1u32..5_000
        ) {
            let end = c.add_open_minutes(t, m);
            let local = shanghai::to_local(end);
            prop_assert!(c.is_open_at(end) || local.time() == c.hours().close());
            prop_assert!(c.next_opening(t) >= t);
        }
    }
}
