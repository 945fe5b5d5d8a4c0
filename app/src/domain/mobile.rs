//! Mainland China mobile numbers: parsing, normalisation and masking for display.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a text is not a mainland mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum MobileError {
    /// Nothing but whitespace was given.
    #[error("mobile number is empty")]
    Empty,
    /// Something other than ASCII digits (and single inner spaces or dashes) was given.
    #[error("mobile number must contain only digits")]
    NotDigits,
    /// The number (without the +86 prefix) does not have exactly 11 digits.
    #[error("mobile number must have 11 digits, got {len}")]
    WrongLength {
        /// Number of digits found.
        len: usize,
    },
    /// The number does not start with 13–19.
    #[error("mobile number must start with 13 to 19")]
    BadPrefix,
}

impl MobileError {
    /// Stable code for the UI to translate, e.g. `"mobile.wrong_length"`.
    pub fn code(&self) -> &'static str {
        match self {
            MobileError::Empty => "mobile.empty",
            MobileError::NotDigits => "mobile.not_digits",
            MobileError::WrongLength { .. } => "mobile.wrong_length",
            MobileError::BadPrefix => "mobile.bad_prefix",
        }
    }
}

/// A mainland mobile number: exactly 11 ASCII digits, the first `1`, the second `3`–`9`.
///
/// Always stored without country prefix or separators, e.g. `"13800138000"`.
/// Serialises as that plain string; deserialisation runs [`MobileNumber::parse`].
/// Use [`MobileNumber::masked`] in logs and on public screens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

const DIGITS: usize = 11;

impl MobileNumber {
    /// Parses a mobile number typed by a person.
    ///
    /// Rule: surrounding whitespace is trimmed; single spaces or dashes between digits are
    /// removed (`"138 0013 8000"`, `"138-0013-8000"`); an optional `+86` or `86` prefix is
    /// dropped when exactly 11 digits follow it; the rest must be 11 ASCII digits starting
    /// with `1` and then `3`–`9`. Full-width digits are refused.
    pub fn parse(text: &str) -> Result<Self, MobileError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(MobileError::Empty);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let digits = remove_separators(rest)?;
        let national = if plus {
            // "+" must introduce the country code 86.
            digits.strip_prefix("86").ok_or(MobileError::BadPrefix)?
        } else if digits.len() == DIGITS + 2 && digits.starts_with("86") {
            &digits[2..]
        } else {
            digits.as_str()
        };
        if national.len() != DIGITS {
            return Err(MobileError::WrongLength { len: national.len() });
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(MobileError::BadPrefix);
        }
        Ok(MobileNumber(national.to_owned()))
    }

    /// The 11 digits, e.g. `"13800138000"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rule: middle four digits hidden, e.g. `"138****8000"`, for logs and public screens.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// Keeps the ASCII digits; a separator (space or dash) is allowed only between two digits.
fn remove_separators(text: &str) -> Result<String, MobileError> {
    let mut digits = String::with_capacity(text.len());
    let mut previous_was_digit = false;
    let mut pending_separator = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            previous_was_digit = true;
            pending_separator = false;
        } else if (c == ' ' || c == '-') && previous_was_digit {
            previous_was_digit = false;
            pending_separator = true;
        } else {
            return Err(MobileError::NotDigits);
        }
    }
    if pending_separator || digits.is_empty() {
        return Err(MobileError::NotDigits);
    }
    Ok(digits)
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MobileNumber {
    type Err = MobileError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MobileNumber::parse(s)
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = MobileError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        MobileNumber::parse(&value)
    }
}

impl From<MobileNumber> for String {
    fn from(value: MobileNumber) -> Self {
        value.0
    }
}

impl AsRef<str> for MobileNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StringDeserializer};
    use serde::de::IntoDeserializer;

    fn ok(text: &str) -> String {
        MobileNumber::parse(text).unwrap().as_str().to_owned()
    }

    fn err(text: &str) -> MobileError {
        MobileNumber::parse(text).unwrap_err()
    }

    #[test]
    fn accepts_valid_numbers() {
        assert_eq!(ok("13800138000"), "13800138000");
        assert_eq!(ok("19212345678"), "19212345678");
        assert_eq!(ok("19512345678"), "19512345678");
        assert_eq!(ok("  13800138000\n"), "13800138000");
    }

    #[test]
    fn accepts_prefix_and_separators() {
        assert_eq!(ok("+8613800138000"), "13800138000");
        assert_eq!(ok("8613800138000"), "13800138000");
        assert_eq!(ok("+86 138 0013 8000"), "13800138000");
        assert_eq!(ok("138 0013 8000"), "13800138000");
        assert_eq!(ok("138-0013-8000"), "13800138000");
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(err(""), MobileError::Empty);
        assert_eq!(err("   "), MobileError::Empty);
        assert_eq!(err("12345678901"), MobileError::BadPrefix);
        assert_eq!(err("10012345678"), MobileError::BadPrefix);
        assert_eq!(err("1380013800"), MobileError::WrongLength { len: 10 });
        assert_eq!(err("138001380001"), MobileError::WrongLength { len: 12 });
        assert_eq!(err("+86138001380"), MobileError::WrongLength { len: 9 });
        assert_eq!(err("+1 13800138000"), MobileError::BadPrefix);
        assert_eq!(err("1380013800a"), MobileError::NotDigits);
        assert_eq!(err("１３８００１３８０００"), MobileError::NotDigits);
        assert_eq!(err("138--0013-8000"), MobileError::NotDigits);
        assert_eq!(err("-13800138000"), MobileError::NotDigits);
        assert_eq!(err("+"), MobileError::NotDigits);
    }

    #[test]
    fn masks_middle_digits() {
        let m = MobileNumber::parse("13800138000").unwrap();
        assert_eq!(m.masked(), "138****8000");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(MobileError::Empty.code(), "mobile.empty");
        assert_eq!(MobileError::NotDigits.code(), "mobile.not_digits");
        assert_eq!(MobileError::WrongLength { len: 3 }.code(), "mobile.wrong_length");
        assert_eq!(MobileError::BadPrefix.code(), "mobile.bad_prefix");
    }

    #[test]
    fn serde_validates_and_normalises() {
        let de: StringDeserializer<DeError> = "138-0013-8000".to_owned().into_deserializer();
        let m = MobileNumber::deserialize(de).unwrap();
        assert_eq!(String::from(m), "13800138000");
        let de: StringDeserializer<DeError> = "12345678901".to_owned().into_deserializer();
        assert!(MobileNumber::deserialize(de).is_err());
    }
}
