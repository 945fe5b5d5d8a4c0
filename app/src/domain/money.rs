//! Exact money in fen (1 yuan = 100 fen): parsing, rounding, splitting and CNY formatting.
//!
//! No floating point anywhere: amounts are `i64` fen, conversions go through `Decimal`.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a text or decimal is not an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum MoneyError {
    /// Nothing but whitespace (or a lone currency sign) was given.
    #[error("amount is empty")]
    Empty,
    /// The text is not a plain decimal number (exponents, letters, misplaced commas...).
    #[error("amount is not a number")]
    NotANumber,
    /// More than two non-zero decimal places: fen is the smallest unit.
    #[error("amount has more than 2 decimal places")]
    TooManyDecimals,
    /// The amount does not fit in an `i64` number of fen.
    #[error("amount is out of range")]
    OutOfRange,
}

impl MoneyError {
    /// Stable code for the UI to translate, e.g. `"money.too_many_decimals"`.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money.empty",
            MoneyError::NotANumber => "money.not_a_number",
            MoneyError::TooManyDecimals => "money.too_many_decimals",
            MoneyError::OutOfRange => "money.out_of_range",
        }
    }
}

/// Rounds `value` to `dp` decimal places, halves away from zero (0.525 → 0.53,
/// -0.525 → -0.53, 2.5 → 3).
///
/// Rule: this is the only rounding used for money; `Decimal::round_dp` rounds half to even
/// and must not be used.
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// An exact amount of money in fen (分); 100 fen = 1 yuan.
///
/// Serialises as the plain integer number of fen. `+`, `-` and `Sum` overflow like `i64`
/// (panic in debug builds); use the `checked_*` methods where amounts are untrusted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// Converts a yuan amount exactly; refuses more than 2 non-zero decimal places.
    pub fn from_decimal_yuan(yuan: Decimal) -> Result<Fen, MoneyError> {
        if yuan.normalize().scale() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        yuan.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|fen| fen.to_i64())
            .map(Fen)
            .ok_or(MoneyError::OutOfRange)
    }

    /// Converts a yuan amount, rounding half away from zero to the fen once.
    ///
    /// Rule: amounts beyond the `i64` range saturate at `Fen(i64::MIN)` / `Fen(i64::MAX)`;
    /// use [`Fen::try_from_yuan_rounded`] to get an error instead.
    pub fn from_yuan_rounded(yuan: Decimal) -> Fen {
        Fen::try_from_yuan_rounded(yuan).unwrap_or(if yuan.is_sign_negative() {
            Fen(i64::MIN)
        } else {
            Fen(i64::MAX)
        })
    }

    /// Like [`Fen::from_yuan_rounded`] but refuses amounts out of range.
    pub fn try_from_yuan_rounded(yuan: Decimal) -> Result<Fen, MoneyError> {
        Fen::from_decimal_yuan(round_half_away(yuan, 2))
    }

    /// The amount in yuan as a `Decimal` with scale 2, e.g. `Fen(1250)` → `12.50`.
    pub fn to_yuan(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Parses a yuan amount typed by a person.
    ///
    /// Rule: trimmed; optional `-` and optional `¥`/`￥` in either order; an integer part
    /// with optional thousands commas in groups of three (`1,234`); optional `.` and 1+
    /// decimals, at most 2 of them non-zero. `"12"`, `"12.5"`, `"-3.20"`, `"¥1,234.50"`,
    /// `"-¥0.05"` are accepted; `"12.345"` is `TooManyDecimals`; `"1e3"`, `"12,34"`,
    /// `"abc"` are `NotANumber`.
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        let text = text.trim();
        let (negative, text) = strip_sign(text);
        let text = strip_yuan_sign(text);
        let (negative, text) = if negative { (true, text) } else { strip_sign(text) };
        let text = text.trim_start();
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (int_part, frac_part) = match text.split_once('.') {
            Some((int_part, frac_part)) => (int_part, Some(frac_part)),
            None => (text, None),
        };
        let whole = parse_grouped_integer(int_part)?;
        let fraction = match frac_part {
            Some(frac) => parse_fraction(frac)?,
            None => 0,
        };
        let magnitude = whole
            .checked_mul(100)
            .and_then(|fen| fen.checked_add(fraction))
            .ok_or(MoneyError::OutOfRange)?;
        let signed = if negative { -magnitude } else { magnitude };
        i64::try_from(signed).map(Fen).map_err(|_| MoneyError::OutOfRange)
    }

    /// Formats as Chinese yuan: `"¥1,234.50"`, `"¥0.05"`, `"-¥1,234.50"`.
    ///
    /// Rule: the same text in every UI language; always two decimals; thousands commas.
    pub fn format_cny(self) -> String {
        let magnitude = self.0.unsigned_abs();
        let yuan = (magnitude / 100).to_string();
        let fen = magnitude % 100;
        let mut out = String::with_capacity(yuan.len() + yuan.len() / 3 + 5);
        if self.0 < 0 {
            out.push('-');
        }
        out.push('¥');
        for (i, digit) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(digit);
        }
        out.push_str(&format!(".{fen:02}"));
        out
    }

    /// Adds, or `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Subtracts, or `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Multiplies by a whole quantity, or `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Fen> {
        self.0.checked_mul(quantity).map(Fen)
    }

    /// Sums, or `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Fen>>(amounts: I) -> Option<Fen> {
        amounts.into_iter().try_fold(Fen::ZERO, |acc, amount| acc.checked_add(amount))
    }
}

fn strip_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

fn strip_yuan_sign(text: &str) -> &str {
    text.strip_prefix('¥').or_else(|| text.strip_prefix('￥')).unwrap_or(text)
}

/// Digits with optional thousands commas (first group 1–3 digits, then groups of 3).
fn parse_grouped_integer(text: &str) -> Result<i128, MoneyError> {
    if text.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    let groups: Vec<&str> = text.split(',').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(MoneyError::NotANumber);
        }
    }
    let mut value: i128 = 0;
    for c in groups.iter().flat_map(|g| g.chars()) {
        let digit = c.to_digit(10).ok_or(MoneyError::NotANumber)?;
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(digit)))
            .ok_or(MoneyError::OutOfRange)?;
    }
    Ok(value)
}

/// The decimals after the point as fen (0..=99); extra places must be zeros.
fn parse_fraction(text: &str) -> Result<i128, MoneyError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NotANumber);
    }
    let bytes = text.as_bytes();
    if bytes.iter().skip(2).any(|&b| b != b'0') {
        return Err(MoneyError::TooManyDecimals);
    }
    let tens = i128::from(bytes[0] - b'0');
    let ones = bytes.get(1).map_or(0, |&b| i128::from(b - b'0'));
    Ok(tens * 10 + ones)
}

/// Splits `total` into `parts` amounts that differ by at most 1 fen and add up to `total`.
///
/// Rule: the first `|total| % parts` amounts get the extra fen (in magnitude, so a negative
/// total splits as the mirror of the positive one); `parts == 0` gives an empty `Vec`.
pub fn split_evenly(total: Fen, parts: u32) -> Vec<Fen> {
    if parts == 0 {
        return Vec::new();
    }
    let n = i64::from(parts);
    // Truncating division: `rest` has the sign of `total`, |rest| < n; never overflows.
    let base = total.0 / n;
    let rest = total.0 % n;
    let extra = rest.signum();
    let with_extra = rest.unsigned_abs();
    (0..u64::from(parts))
        .map(|i| if i < with_extra { Fen(base + extra) } else { Fen(base) })
        .collect()
}

impl fmt::Display for Fen {
    /// Same as [`Fen::format_cny`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_cny())
    }
}

impl Add for Fen {
    type Output = Fen;

    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl Sub for Fen {
    type Output = Fen;

    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0 - rhs.0)
    }
}

impl Neg for Fen {
    type Output = Fen;

    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Fen {
    fn sub_assign(&mut self, rhs: Fen) {
        self.0 -= rhs.0;
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Fen> for Fen {
    fn sum<I: Iterator<Item = &'a Fen>>(iter: I) -> Fen {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn parses_yuan() {
        assert_eq!(Fen::parse_yuan("12"), Ok(Fen(1200)));
        assert_eq!(Fen::parse_yuan("12.5"), Ok(Fen(1250)));
        assert_eq!(Fen::parse_yuan(" 12.50 "), Ok(Fen(1250)));
        assert_eq!(Fen::parse_yuan("-3.20"), Ok(Fen(-320)));
        assert_eq!(Fen::parse_yuan("¥1,234.50"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("￥ 8"), Ok(Fen(800)));
        assert_eq!(Fen::parse_yuan("-¥0.05"), Ok(Fen(-5)));
        assert_eq!(Fen::parse_yuan("¥-0.05"), Ok(Fen(-5)));
        assert_eq!(Fen::parse_yuan("12.500"), Ok(Fen(1250)));
        assert_eq!(Fen::parse_yuan("1,234,567"), Ok(Fen(123_456_700)));
        assert_eq!(Fen::parse_yuan("0"), Ok(Fen(0)));
    }

    #[test]
    fn refuses_bad_yuan() {
        assert_eq!(Fen::parse_yuan("12.345"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Fen::parse_yuan(""), Err(MoneyError::Empty));
        assert_eq!(Fen::parse_yuan("  ¥ "), Err(MoneyError::Empty));
        assert_eq!(Fen::parse_yuan("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1e3"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("12,34"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan(",123"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1234,567"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("12."), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan(".5"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("--1"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("１２"), Err(MoneyError::NotANumber));
        assert_eq!(Fen::parse_yuan("99999999999999999999"), Err(MoneyError::OutOfRange));
    }

    #[test]
    fn decimal_conversions() {
        assert_eq!(Fen::from_decimal_yuan(dec("12.34")), Ok(Fen(1234)));
        assert_eq!(Fen::from_decimal_yuan(dec("12.300")), Ok(Fen(1230)));
        assert_eq!(Fen::from_decimal_yuan(dec("-0.01")), Ok(Fen(-1)));
        assert_eq!(Fen::from_decimal_yuan(dec("12.345")), Err(MoneyError::TooManyDecimals));
        assert_eq!(Fen::from_decimal_yuan(Decimal::MAX), Err(MoneyError::OutOfRange));
        assert_eq!(Fen(1250).to_yuan().to_string(), "12.50");
        assert_eq!(Fen(-5).to_yuan().to_string(), "-0.05");
        assert_eq!(Fen(1250).to_yuan().scale(), 2);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_away(dec("0.525"), 2), dec("0.53"));
        assert_eq!(round_half_away(dec("-0.525"), 2), dec("-0.53"));
        assert_eq!(round_half_away(dec("2.5"), 0), dec("3"));
        assert_eq!(round_half_away(dec("0.524"), 2), dec("0.52"));
        assert_eq!(Fen::from_yuan_rounded(dec("0.125")), Fen(13));
        assert_eq!(Fen::from_yuan_rounded(dec("-0.125")), Fen(-13));
        assert_eq!(Fen::from_yuan_rounded(Decimal::MAX), Fen(i64::MAX));
        assert_eq!(Fen::from_yuan_rounded(Decimal::MIN), Fen(i64::MIN));
        assert_eq!(Fen::try_from_yuan_rounded(Decimal::MAX), Err(MoneyError::OutOfRange));
    }

    #[test]
    fn splits_evenly() {
        assert_eq!(split_evenly(Fen(100), 3), vec![Fen(34), Fen(33), Fen(33)]);
        assert_eq!(split_evenly(Fen(-100), 3), vec![Fen(-34), Fen(-33), Fen(-33)]);
        assert_eq!(split_evenly(Fen(2), 4), vec![Fen(1), Fen(1), Fen(0), Fen(0)]);
        assert_eq!(split_evenly(Fen(7), 1), vec![Fen(7)]);
        assert!(split_evenly(Fen(7), 0).is_empty());
        assert_eq!(split_evenly(Fen(i64::MIN), 1), vec![Fen(i64::MIN)]);
    }

    #[test]
    fn formats_cny() {
        assert_eq!(Fen(123_450).format_cny(), "¥1,234.50");
        assert_eq!(Fen(5).format_cny(), "¥0.05");
        assert_eq!(Fen(0).format_cny(), "¥0.00");
        assert_eq!(Fen(-123_450).format_cny(), "-¥1,234.50");
        assert_eq!(Fen(1_234_567_800).format_cny(), "¥12,345,678.00");
        assert_eq!(Fen(12_345_600).format_cny(), "¥123,456.00");
        assert_eq!(Fen(i64::MIN).format_cny(), "-¥92,233,720,368,547,758.08");
        assert_eq!(Fen(99).to_string(), "¥0.99");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(Fen(5) + Fen(7) - Fen(2), Fen(10));
        assert_eq!(-Fen(5), Fen(-5));
        let mut x = Fen(1);
        x += Fen(2);
        x -= Fen(5);
        assert_eq!(x, Fen(-2));
        let list = [Fen(1), Fen(2), Fen(3)];
        assert_eq!(list.iter().sum::<Fen>(), Fen(6));
        assert_eq!(list.into_iter().sum::<Fen>(), Fen(6));
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen(300).checked_mul(3), Some(Fen(900)));
        assert_eq!(Fen::checked_sum([Fen(i64::MAX), Fen(1)]), None);
        assert_eq!(Fen::default(), Fen::ZERO);
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(MoneyError::Empty.code(), "money.empty");
        assert_eq!(MoneyError::NotANumber.code(), "money.not_a_number");
        assert_eq!(MoneyError::TooManyDecimals.code(), "money.too_many_decimals");
        assert_eq!(MoneyError::OutOfRange.code(), "money.out_of_range");
    }

    #[test]
    fn serde_is_plain_number() {
        use serde::de::value::{Error as DeError, I64Deserializer};
        use serde::de::IntoDeserializer;
        let de: I64Deserializer<DeError> = 1250i64.into_deserializer();
        assert_eq!(Fen::deserialize(de).unwrap(), Fen(1250));
    }

    proptest! {
        #[test]
        fn split_sums_to_total(total in any::<i64>(), parts in 0u32..50) {
            let split = split_evenly(Fen(total), parts);
            prop_assert_eq!(split.len(), parts as usize);
            if parts > 0 {
                let sum: i128 = split.iter().map(|f| i128::from(f.0)).sum();
                prop_assert_eq!(sum, i128::from(total));
                let max = split.iter().max().map(|f| f.0);
                let min = split.iter().min().map(|f| f.0);
                if let (Some(max), Some(min)) = (max, min) {
                    prop_assert!(max - min <= 1);
                }
            }
        }

        #[test]
        fn parse_format_round_trips(fen in any::<i64>()) {
            prop_assert_eq!(Fen::parse_yuan(&Fen(fen).format_cny()), Ok(Fen(fen)));
        }

        #[test]
        fn decimal_round_trips(fen in any::<i64>()) {
            prop_assert_eq!(Fen::from_decimal_yuan(Fen(fen).to_yuan()), Ok(Fen(fen)));
        }

        #[test]
        fn half_goes_away_from_zero(hundredths in -1_000_000_000i64..1_000_000_000) {
            // value = hundredths/100 + sign * 0.005, i.e. x.xx5
            let sign = if hundredths < 0 { -1 } else { 1 };
            let value = Decimal::new(hundredths * 10 + sign * 5, 3);
            let expected = Decimal::new(hundredths + sign, 2);
            prop_assert_eq!(round_half_away(value, 2), expected);
            prop_assert_eq!(Fen::from_yuan_rounded(value), Fen(hundredths + sign));
        }
    }
}
