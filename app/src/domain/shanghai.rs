//! Owns the station's wall clock: Asia/Shanghai time, fixed at UTC+08:00.
//!
//! Shanghai has had no daylight saving time since 1991, so the offset never changes.
//! Instants are stored as `DateTime<Utc>`; every business rule that talks about "a day"
//! or "a time of day" means Shanghai local time and goes through this module. The process
//! time zone is never consulted.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// Seconds east of UTC for Asia/Shanghai.
const OFFSET_SECONDS: i32 = 8 * 3600;

/// Asia/Shanghai as a fixed offset; checked at compile time, so it cannot fail later.
const SHANGHAI: FixedOffset = match FixedOffset::east_opt(OFFSET_SECONDS) {
    Some(offset) => offset,
    None => panic!("UTC+08:00 is a valid offset"),
};

/// The Shanghai offset, UTC+08:00. Business rule: the station keeps Beijing time all
/// year.
pub fn offset() -> FixedOffset {
    SHANGHAI
}

/// The Shanghai calendar date of an instant. Business rule: a "business day" is the
/// Shanghai date, so between 00:00 and 08:00 Shanghai time it is one day later than the
/// UTC date.
pub fn business_date(instant: DateTime<Utc>) -> NaiveDate {
    to_local(instant).date()
}

/// The Shanghai wall-clock reading of an instant.
///
/// Saturates at chrono's largest representable local time for the last eight hours of
/// chrono's range (year 262143); no real instant gets near it.
pub fn to_local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc().checked_add_offset(SHANGHAI).unwrap_or(NaiveDateTime::MAX)
}

/// The instant at which Shanghai wall clocks show `local` (unambiguous: there is no DST).
///
/// Saturates at chrono's smallest representable instant for the first eight hours of
/// chrono's range (year -262144); no real local time gets near it.
pub fn from_local(local: NaiveDateTime) -> DateTime<Utc> {
    local.checked_sub_offset(SHANGHAI).unwrap_or(NaiveDateTime::MIN).and_utc()
}

/// The instant a Shanghai business day starts: local midnight (16:00 UTC the previous
/// day).
pub fn day_start(date: NaiveDate) -> DateTime<Utc> {
    at(date, NaiveTime::MIN)
}

/// The instant Shanghai wall clocks show `time` on `date`, e.g. the 20:00 close of a day.
pub fn at(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    from_local(date.and_time(time))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn offset_is_plus_eight_hours() {
        assert_eq!(offset().local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn early_morning_in_shanghai_is_the_next_date_after_the_utc_one() {
        // 2026-03-14 23:30 UTC is 2026-03-15 07:30 in Shanghai.
        assert_eq!(business_date(utc(2026, 3, 14, 23, 30)), date(2026, 3, 15));
        // 16:00 UTC is Shanghai midnight: the new business day starts exactly there.
        assert_eq!(business_date(utc(2026, 3, 14, 16, 0)), date(2026, 3, 15));
        assert_eq!(business_date(utc(2026, 3, 14, 15, 59)), date(2026, 3, 14));
    }

    #[test]
    fn daytime_in_shanghai_has_the_same_date_as_utc() {
        assert_eq!(business_date(utc(2026, 3, 15, 2, 0)), date(2026, 3, 15));
    }

    #[test]
    fn local_and_utc_round_trip() {
        let instant = utc(2026, 12, 3, 15, 50);
        let local = to_local(instant);
        assert_eq!(local, date(2026, 12, 3).and_time(time(23, 50)));
        assert_eq!(from_local(local), instant);
    }

    #[test]
    fn day_start_is_sixteen_hundred_utc_the_day_before() {
        assert_eq!(day_start(date(2026, 1, 1)), utc(2025, 12, 31, 16, 0));
    }

    #[test]
    fn at_places_a_local_time_on_a_date() {
        assert_eq!(at(date(2026, 9, 30), time(20, 0)), utc(2026, 9, 30, 12, 0));
        assert_eq!(at(date(2026, 9, 30), time(7, 0)), utc(2026, 9, 29, 23, 0));
    }

    #[test]
    fn extremes_saturate_instead_of_panicking() {
        assert_eq!(to_local(DateTime::<Utc>::MAX_UTC), NaiveDateTime::MAX);
        assert_eq!(from_local(NaiveDateTime::MIN), DateTime::<Utc>::MIN_UTC);
    }
}
