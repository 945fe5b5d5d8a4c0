//! Points (积分): exact to the hundredth, never a float, stored as whole hundredths.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg};

/// An amount of points in hundredths: `Points(250)` is 2.50 points.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Points(pub i64);

/// Why a typed amount of points is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("not a number of points")]
    NotANumber,
    #[error("points have at most two decimals")]
    TooManyDecimals,
    #[error("the amount is out of range")]
    OutOfRange,
}

impl PointsError {
    pub fn code(&self) -> &'static str {
        match self {
            PointsError::NotANumber => "points.not_a_number",
            PointsError::TooManyDecimals => "points.too_many_decimals",
            PointsError::OutOfRange => "points.out_of_range",
        }
    }
}

/// The largest amount one entry may carry: a typo guard, far above any real day.
const LIMIT: i64 = 1_000_000 * 100;

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points.
    pub const fn whole(points: i64) -> Points {
        Points(points * 100)
    }

    /// Parses "5", "-2", "2.5", "0.25" (a leading `+` is allowed; at most two decimals).
    pub fn parse(text: &str) -> Result<Points, PointsError> {
        let text = text.trim();
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(PointsError::NotANumber);
        }
        if digits.ends_with('.') {
            return Err(PointsError::NotANumber);
        }
        if fraction.len() > 2 {
            return Err(PointsError::TooManyDecimals);
        }
        if whole.len() > 9 {
            return Err(PointsError::OutOfRange);
        }
        let whole: i64 = whole.parse().map_err(|_| PointsError::NotANumber)?;
        let fraction: i64 =
            format!("{fraction:0<2}").parse().map_err(|_| PointsError::NotANumber)?;
        let hundredths = whole * 100 + fraction;
        if hundredths > LIMIT {
            return Err(PointsError::OutOfRange);
        }
        Ok(Points(if negative { -hundredths } else { hundredths }))
    }

    /// With an explicit sign, as a ledger line shows it: "+5", "−2", "+2.5".
    pub fn signed(self) -> String {
        if self.0 > 0 {
            format!("+{self}")
        } else if self.0 < 0 {
            format!("−{}", Points(-self.0))
        } else {
            "0".to_owned()
        }
    }
}

/// "5", "2.5", "0.25", "-2": no trailing zeros, so a board reads like the paper one.
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, fraction) = (abs / 100, abs % 100);
        match fraction {
            0 => write!(f, "{sign}{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{whole}.{}", f10 / 10),
            _ => write!(f, "{sign}{whole}.{fraction:02}"),
        }
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, other: Points) -> Points {
        Points(self.0 + other.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, other: Points) {
        self.0 += other.0;
    }
}

impl Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(-self.0)
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_decimal_amounts() {
        assert_eq!(Points::parse("5"), Ok(Points(500)));
        assert_eq!(Points::parse("-2"), Ok(Points(-200)));
        assert_eq!(Points::parse("+2.5"), Ok(Points(250)));
        assert_eq!(Points::parse(" 0.25 "), Ok(Points(25)));
        assert_eq!(Points::parse("10.05"), Ok(Points(1005)));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Points::parse("2.555"), Err(PointsError::TooManyDecimals));
        for bad in ["", "-", "abc", "1.", ".5", "1,5", "1e3", "--1", "２"] {
            assert_eq!(Points::parse(bad), Err(PointsError::NotANumber), "{bad:?}");
        }
        assert_eq!(Points::parse("1000001"), Err(PointsError::OutOfRange));
        assert_eq!(Points::parse("99999999999999"), Err(PointsError::OutOfRange));
    }

    #[test]
    fn shows_points_without_trailing_zeros() {
        assert_eq!(Points(1000).to_string(), "10");
        assert_eq!(Points(250).to_string(), "2.5");
        assert_eq!(Points(25).to_string(), "0.25");
        assert_eq!(Points(-205).to_string(), "-2.05");
        assert_eq!(Points(500).signed(), "+5");
        assert_eq!(Points(-200).signed(), "−2");
        assert_eq!(Points::ZERO.signed(), "0");
    }

    #[test]
    fn totals_are_sums_of_entries() {
        let total: Points = [Points(500), Points(-200), Points(25)].into_iter().sum();
        assert_eq!(total, Points(325));
    }
}
