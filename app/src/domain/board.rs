//! The daily points board (每日积分公示表): ranking, and the sample of installs to call back.

use super::points::Points;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// One person's line on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub user_id: i64,
    pub name: String,
    pub today: Points,
    pub month: Points,
}

/// A ranked line: equal points share a rank and the next rank skips (1, 1, 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub rank: u32,
    pub standing: Standing,
}

/// Ranks by the day's points, then month to date; equal on both shares a rank. Names break
/// ties only in the order shown.
pub fn rank(mut standings: Vec<Standing>) -> Vec<Ranked> {
    standings.sort_by(|a, b| {
        (b.today, b.month).cmp(&(a.today, a.month)).then_with(|| a.name.cmp(&b.name))
    });
    let mut ranked: Vec<Ranked> = Vec::with_capacity(standings.len());
    for (index, standing) in standings.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(prev)
                if (prev.standing.today, prev.standing.month)
                    == (standing.today, standing.month) =>
            {
                prev.rank
            }
            _ => u32::try_from(index + 1).unwrap_or(u32::MAX),
        };
        ranked.push(Ranked { rank, standing });
    }
    ranked
}

/// The first day of `day`'s month: month to date runs from here through `day`.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Last week, Monday to Sunday, seen from `today` (Shanghai dates).
pub fn last_week(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (this_monday - Duration::days(7), this_monday - Duration::days(1))
}

/// The callback sample: 20 % of the candidates, rounded up, so a week with any install
/// gets at least one call.
pub fn callback_sample_size(candidates: usize) -> usize {
    candidates.div_ceil(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(user_id: i64, name: &str, today: i64, month: i64) -> Standing {
        Standing {
            user_id,
            name: name.into(),
            today: Points::whole(today),
            month: Points::whole(month),
        }
    }

    #[test]
    fn equal_points_share_a_rank() {
        let ranked =
            rank(vec![s(1, "乙", 5, 40), s(2, "甲", 10, 30), s(3, "丙", 5, 40), s(4, "丁", 5, 20)]);
        let view: Vec<(u32, i64)> = ranked.iter().map(|r| (r.rank, r.standing.user_id)).collect();
        assert_eq!(view, vec![(1, 2), (2, 3), (2, 1), (4, 4)]);
    }

    #[test]
    fn negative_days_rank_last() {
        let ranked = rank(vec![s(1, "a", -2, 10), s(2, "b", 0, 0)]);
        assert_eq!(ranked[0].standing.user_id, 2);
        assert_eq!(ranked[1].rank, 2);
    }

    #[test]
    fn last_week_is_monday_to_sunday() {
        let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let (from, to) = last_week(thursday);
        assert_eq!(from, NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"));
        assert_eq!(to, NaiveDate::from_ymd_opt(2026, 11, 29).expect("date"));
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(last_week(monday), (from, to));
    }

    #[test]
    fn one_in_five_rounded_up() {
        assert_eq!(callback_sample_size(0), 0);
        assert_eq!(callback_sample_size(1), 1);
        assert_eq!(callback_sample_size(5), 1);
        assert_eq!(callback_sample_size(6), 2);
        assert_eq!(callback_sample_size(23), 5);
    }

    #[test]
    fn month_to_date_starts_on_the_first() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(month_start(day), NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    }
}
