//! Rates as exact fractions: on-time rates, fault rates, quotas. Never a float.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// `numerator / denominator`, kept exact; a denominator of zero is "no rate" (shown "—").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
}

impl Rate {
    pub fn new(numerator: i64, denominator: i64) -> Rate {
        Rate { numerator, denominator }
    }

    /// The value itself to two decimals (an average rating: 9/2 → "4.50"), rounded half
    /// away from zero; "—" for a rate of nothing.
    pub fn decimal_text(self) -> String {
        Rate::new(self.numerator, self.denominator.saturating_mul(100))
            .basis_points()
            .map(|h| {
                let sign = if h < 0 { "-" } else { "" };
                format!("{sign}{}.{:02}", h.unsigned_abs() / 100, h.unsigned_abs() % 100)
            })
            .unwrap_or_else(|| "—".to_owned())
    }

    /// The rate in hundredths of a percent, rounded half away from zero (87.505 % → 8751);
    /// `None` for an empty denominator.
    pub fn basis_points(self) -> Option<i64> {
        if self.denominator == 0 {
            return None;
        }
        let n = i128::from(self.numerator) * 10_000;
        let d = i128::from(self.denominator);
        let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
        let rounded = if n >= 0 { (2 * n + d) / (2 * d) } else { -((-2 * n + d) / (2 * d)) };
        i64::try_from(rounded).ok()
    }

    /// "87.50%", or "—" for a rate of nothing.
    pub fn percent_text(self) -> String {
        match self.basis_points() {
            None => "—".to_owned(),
            Some(bp) => {
                let sign = if bp < 0 { "-" } else { "" };
                let abs = bp.unsigned_abs();
                format!("{sign}{}.{:02}%", abs / 100, abs % 100)
            }
        }
    }

    /// Exact comparison with `percent`/100 (e.g. below a 8 % quota), by cross-multiplying;
    /// `None` for a rate of nothing.
    pub fn cmp_percent(self, percent: i64) -> Option<Ordering> {
        if self.denominator <= 0 {
            return None;
        }
        let left = i128::from(self.numerator) * 100;
        let right = i128::from(percent) * i128::from(self.denominator);
        Some(left.cmp(&right))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_two_decimals_rounded_half_away_from_zero() {
        assert_eq!(Rate::new(7, 8).percent_text(), "87.50%");
        assert_eq!(Rate::new(1, 3).percent_text(), "33.33%");
        assert_eq!(Rate::new(2, 3).percent_text(), "66.67%");
        // 1/8000 = 0.0125 %: the half goes up, not to the even 0.01.
        assert_eq!(Rate::new(1, 8000).percent_text(), "0.01%");
        assert_eq!(Rate::new(3, 8000).percent_text(), "0.04%");
        assert_eq!(Rate::new(5, 4).percent_text(), "125.00%");
        assert_eq!(Rate::new(0, 4).percent_text(), "0.00%");
    }

    #[test]
    fn averages_show_two_decimals() {
        assert_eq!(Rate::new(9, 2).decimal_text(), "4.50");
        assert_eq!(Rate::new(14, 3).decimal_text(), "4.67");
        // 4.995 exactly: half away from zero, not to even.
        assert_eq!(Rate::new(999, 200).decimal_text(), "5.00");
        assert_eq!(Rate::new(0, 0).decimal_text(), "—");
    }

    #[test]
    fn nothing_to_measure_is_a_dash_not_zero() {
        assert_eq!(Rate::new(0, 0).percent_text(), "—");
        assert_eq!(Rate::new(0, 0).basis_points(), None);
    }

    #[test]
    fn quotas_compare_exactly() {
        // Spec 04: 11 sign-ups of a new total of 150 is below 8 %.
        assert_eq!(Rate::new(11, 150).cmp_percent(8), Some(Ordering::Less));
        assert_eq!(Rate::new(12, 150).cmp_percent(8), Some(Ordering::Equal));
        assert_eq!(Rate::new(0, 0).cmp_percent(8), None);
    }
}
