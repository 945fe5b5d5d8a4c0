//! The sign-in lock-out rule: 5 failed attempts within 15 minutes lock for 15 minutes.

use chrono::{DateTime, Duration, Utc};

/// Failed attempts that trigger a lock.
pub const MAX_FAILURES: usize = 5;
/// The window the failures must fall in, and the length of the lock, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// How long the lock still lasts at `now`, given the failures since the last success
/// (any order). Attempts made while locked are not counted, so the lock starts at the
/// fifth failure and ends 15 minutes later.
pub fn lock_remaining(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let mut recent: Vec<DateTime<Utc>> = failures.to_vec();
    recent.sort_unstable_by(|a, b| b.cmp(a));
    recent.truncate(MAX_FAILURES);
    let (newest, oldest) = (recent.first()?, recent.last()?);
    let window = Duration::minutes(WINDOW_MINUTES);
    if recent.len() < MAX_FAILURES || *newest - *oldest > window {
        return None;
    }
    let until = *newest + window;
    (now < until).then(|| until - now)
}

/// Whole minutes to show for a remaining lock, rounded up so "0 minutes" never appears.
pub fn minutes_to_show(remaining: Duration) -> i64 {
    (remaining.num_seconds() + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        let base = Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).single();
        base.map(|b| b + Duration::minutes(minute)).unwrap_or_default()
    }

    #[test]
    fn four_failures_do_not_lock() {
        let failures = [at(0), at(1), at(2), at(3)];
        assert_eq!(lock_remaining(&failures, at(4)), None);
    }

    #[test]
    fn five_failures_within_fifteen_minutes_lock_for_fifteen_minutes() {
        let failures = [at(0), at(1), at(2), at(3), at(10)];
        assert_eq!(lock_remaining(&failures, at(10)), Some(Duration::minutes(15)));
        assert_eq!(lock_remaining(&failures, at(24)), Some(Duration::minutes(1)));
        assert_eq!(lock_remaining(&failures, at(25)), None);
    }

    #[test]
    fn five_failures_spread_over_more_than_fifteen_minutes_do_not_lock() {
        let failures = [at(0), at(5), at(10), at(14), at(16)];
        assert_eq!(lock_remaining(&failures, at(16)), None);
    }

    #[test]
    fn only_the_latest_five_failures_count() {
        let failures = [at(0), at(30), at(31), at(32), at(33), at(34)];
        assert_eq!(lock_remaining(&failures, at(35)), Some(Duration::minutes(14)));
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes_to_show(Duration::seconds(61)), 2);
        assert_eq!(minutes_to_show(Duration::seconds(60)), 1);
        assert_eq!(minutes_to_show(Duration::seconds(1)), 1);
    }
}
