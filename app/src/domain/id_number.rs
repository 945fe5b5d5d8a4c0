//! Mainland resident identity card numbers (GB 11643): check character, birth date, masking.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a text is not a valid 18-character resident ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum IdNumberError {
    /// The trimmed text does not have exactly 18 characters.
    #[error("ID number must have 18 characters, got {len}")]
    WrongLength {
        /// Number of characters given.
        len: usize,
    },
    /// The first 17 characters are not all ASCII digits, or the last is not a digit or X.
    #[error("ID number must be 17 digits followed by a digit or X")]
    NotDigits,
    /// The check character is a lower-case `x`; the record must use upper-case `X`.
    #[error("ID number check character must be an upper-case X")]
    LowercaseX,
    /// Positions 7–14 are not an existing calendar date (YYYYMMDD).
    #[error("ID number contains an impossible birth date")]
    BadDate,
    /// The birth date is after today.
    #[error("ID number birth date is in the future")]
    FutureDate,
    /// The check character does not match the ISO 7064 MOD 11-2 check of the first 17 digits.
    #[error("ID number check character is wrong")]
    BadCheckCharacter,
}

impl IdNumberError {
    /// Stable code for the UI to translate, e.g. `"id_number.bad_check_character"`.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::WrongLength { .. } => "id_number.wrong_length",
            IdNumberError::NotDigits => "id_number.not_digits",
            IdNumberError::LowercaseX => "id_number.lowercase_x",
            IdNumberError::BadDate => "id_number.bad_date",
            IdNumberError::FutureDate => "id_number.future_date",
            IdNumberError::BadCheckCharacter => "id_number.bad_check_character",
        }
    }
}

const LEN: usize = 18;
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP: [u8; 11] = *b"10X98765432";

/// Computes the GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits.
///
/// Rule: sum of digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), modulo 11, mapped
/// 0→1, 1→0, 2→X, 3→9, … 10→2. Returns `None` unless `first17` is exactly 17 ASCII digits.
/// Handy for building valid numbers in test fixtures.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CHECK_MAP.get((sum % 11) as usize).map(|&c| char::from(c))
}

/// An 18-character mainland resident ID number: 17 digits and a check digit or upper-case X.
///
/// Serialises as the plain string. Deserialisation validates everything but the
/// "not in the future" rule (no clock is available there). `Debug` prints the masked form
/// so the number does not leak into logs; there is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

impl IdNumber {
    /// Parses a resident ID number; surrounding whitespace is trimmed.
    ///
    /// Rules, checked in this order: 18 characters; 17 ASCII digits then a digit or `X`
    /// (a lower-case `x` is refused so the record gets corrected); positions 7–14 an
    /// existing date YYYYMMDD not after `today`; the check character per GB 11643.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let text = text.trim();
        let len = text.chars().count();
        if len != LEN {
            return Err(IdNumberError::WrongLength { len });
        }
        let bytes = text.as_bytes();
        // 18 chars and 18 bytes from here on, unless a multi-byte char is present.
        if bytes.len() != LEN || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(IdNumberError::NotDigits);
        }
        match bytes[17] {
            b'0'..=b'9' | b'X' => {}
            b'x' => return Err(IdNumberError::LowercaseX),
            _ => return Err(IdNumberError::NotDigits),
        }
        let birth = birth_date_of(text).ok_or(IdNumberError::BadDate)?;
        if birth > today {
            return Err(IdNumberError::FutureDate);
        }
        if check_character(&text[..17]) != Some(char::from(bytes[17])) {
            return Err(IdNumberError::BadCheckCharacter);
        }
        Ok(IdNumber(text.to_owned()))
    }

    /// The full 18 characters. Show it only to people entitled to see it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rule: first 6 characters, eight `*`, last 4, e.g. `"110105********002X"`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// The administrative region code (first 6 digits).
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// The birth date encoded at positions 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        // Validated at construction; the fallback is never reached.
        birth_date_of(&self.0).unwrap_or_default()
    }
}

/// Reads YYYYMMDD at positions 7–14 of an 18-ASCII-character text.
fn birth_date_of(text: &str) -> Option<NaiveDate> {
    let digits = text.get(6..14)?;
    let year: i32 = digits.get(0..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6)?.parse().ok()?;
    let day: u32 = digits.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;

    /// Validates like [`IdNumber::parse`] except the "not in the future" rule.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&value, NaiveDate::MAX)
    }
}

impl From<IdNumber> for String {
    fn from(value: IdNumber) -> Self {
        value.0
    }
}

impl AsRef<str> for IdNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StringDeserializer};
    use serde::de::IntoDeserializer;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    /// Builds a valid number from region, birth date and sequence.
    fn make(region: &str, birth: &str, seq: &str) -> String {
        let first17 = format!("{region}{birth}{seq}");
        let check = check_character(&first17).unwrap();
        format!("{first17}{check}")
    }

    fn err(text: &str) -> IdNumberError {
        IdNumber::parse(text, today()).unwrap_err()
    }

    #[test]
    fn classic_example_is_valid() {
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(check_character("11010519491231002"), Some('X'));
    }

    #[test]
    fn computed_numbers_are_valid() {
        for (birth, seq) in [("19800101", "123"), ("20240229", "001"), ("20250601", "999")] {
            let text = make("440106", birth, seq);
            let id = IdNumber::parse(&text, today()).unwrap();
            assert_eq!(id.as_str(), text);
        }
        let padded = format!("  {} ", make("440106", "19900515", "042"));
        assert!(IdNumber::parse(&padded, today()).is_ok());
    }

    #[test]
    fn check_map_covers_every_remainder() {
        let mut seen = std::collections::BTreeSet::new();
        for seq in 0..200 {
            let first17 = format!("44010619900515{seq:03}");
            seen.insert(check_character(&first17).unwrap());
        }
        assert_eq!(seen.len(), 11);
        assert_eq!(check_character("1234"), None);
        assert_eq!(check_character("1234567890123456a"), None);
    }

    #[test]
    fn refuses_bad_numbers() {
        assert_eq!(err("1101051949123100"), IdNumberError::WrongLength { len: 16 });
        assert_eq!(err(""), IdNumberError::WrongLength { len: 0 });
        assert_eq!(err("1101051949123100AX"), IdNumberError::NotDigits);
        assert_eq!(err("11010519491231002Y"), IdNumberError::NotDigits);
        assert_eq!(err("１1010519491231002X"), IdNumberError::NotDigits);
        assert_eq!(err("11010519491231002x"), IdNumberError::LowercaseX);
        assert_eq!(err(&make("110105", "20230229", "001")), IdNumberError::BadDate);
        assert_eq!(err(&make("110105", "19901301", "001")), IdNumberError::BadDate);
        assert_eq!(err(&make("110105", "20250602", "001")), IdNumberError::FutureDate);
        assert_eq!(err("110105194912310021"), IdNumberError::BadCheckCharacter);
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(IdNumberError::WrongLength { len: 1 }.code(), "id_number.wrong_length");
        assert_eq!(IdNumberError::NotDigits.code(), "id_number.not_digits");
        assert_eq!(IdNumberError::LowercaseX.code(), "id_number.lowercase_x");
        assert_eq!(IdNumberError::BadDate.code(), "id_number.bad_date");
        assert_eq!(IdNumberError::FutureDate.code(), "id_number.future_date");
        assert_eq!(IdNumberError::BadCheckCharacter.code(), "id_number.bad_check_character");
    }

    #[test]
    fn debug_is_masked() {
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(\"110105********002X\")");
    }

    #[test]
    fn serde_validates() {
        let de =
            |text: &str| -> StringDeserializer<DeError> { text.to_owned().into_deserializer() };
        let id = IdNumber::deserialize(de("11010519491231002X")).unwrap();
        assert_eq!(String::from(id), "11010519491231002X");
        assert!(IdNumber::deserialize(de("11010519491231002x")).is_err());
        // Deserialisation has no clock: a future birth date is not checked there.
        let future = make("110105", "20990101", "001");
        assert!(IdNumber::deserialize(de(&future)).is_ok());
    }
}
