//! Names of people and free-text labels (stations, areas, compounds): trimming and validation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest accepted person name, in characters (not bytes).
pub const PERSON_NAME_MAX_CHARS: usize = 20;

/// Why a text is not an acceptable person name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum PersonNameError {
    /// Nothing but whitespace was given.
    #[error("name is empty")]
    Empty,
    /// More characters than allowed after trimming and collapsing whitespace.
    #[error("name must be at most {max} characters, got {len}")]
    TooLong {
        /// Largest accepted number of characters.
        max: usize,
        /// Number of characters given.
        len: usize,
    },
    /// A control character (newline, tab, NUL, ...) inside the name.
    #[error("name must not contain control characters")]
    ControlCharacter,
}

impl PersonNameError {
    /// Stable code for the UI to translate, e.g. `"person_name.too_long"`.
    pub fn code(&self) -> &'static str {
        match self {
            PersonNameError::Empty => "person_name.empty",
            PersonNameError::TooLong { .. } => "person_name.too_long",
            PersonNameError::ControlCharacter => "person_name.control_character",
        }
    }
}

/// Why a text is not an acceptable label (name of a station, area, compound, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum LabelError {
    /// Nothing but whitespace was given.
    #[error("text is empty")]
    Empty,
    /// More characters than allowed after trimming and collapsing whitespace.
    #[error("text must be at most {max} characters, got {len}")]
    TooLong {
        /// Largest accepted number of characters.
        max: usize,
        /// Number of characters given.
        len: usize,
    },
    /// A control character (newline, tab, NUL, ...) inside the text.
    #[error("text must not contain control characters")]
    ControlCharacter,
}

impl LabelError {
    /// Stable code for the UI to translate, e.g. `"label.too_long"`.
    pub fn code(&self) -> &'static str {
        match self {
            LabelError::Empty => "label.empty",
            LabelError::TooLong { .. } => "label.too_long",
            LabelError::ControlCharacter => "label.control_character",
        }
    }
}

/// Validates and normalises a label such as the name of a station, area or compound.
///
/// Rule: surrounding whitespace is trimmed; no control characters may remain; each inner
/// run of whitespace (including the full-width space U+3000) becomes one ASCII space; the
/// result must have 1..=`max` characters (counted as `char`s, not bytes).
pub fn validate_label(text: &str, max: usize) -> Result<String, LabelError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(LabelError::Empty);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(LabelError::ControlCharacter);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut len = 0usize;
    let mut in_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            in_space = true;
            continue;
        }
        if in_space {
            out.push(' ');
            len += 1;
            in_space = false;
        }
        out.push(c);
        len += 1;
    }
    if len > max {
        return Err(LabelError::TooLong { max, len });
    }
    Ok(out)
}

/// A person's name: 1..=20 characters after trimming, no control characters, inner
/// whitespace collapsed to single spaces. Middle dots (`·`) and any script are allowed.
///
/// Serialises as the plain string; deserialisation runs [`PersonName::parse`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a name typed by a person (rules of [`validate_label`] with a maximum of 20).
    pub fn parse(text: &str) -> Result<Self, PersonNameError> {
        validate_label(text, PERSON_NAME_MAX_CHARS).map(PersonName).map_err(|e| match e {
            LabelError::Empty => PersonNameError::Empty,
            LabelError::TooLong { max, len } => PersonNameError::TooLong { max, len },
            LabelError::ControlCharacter => PersonNameError::ControlCharacter,
        })
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PersonName {
    type Err = PersonNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PersonName::parse(s)
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl AsRef<str> for PersonName {
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
        PersonName::parse(text).unwrap().as_str().to_owned()
    }

    #[test]
    fn accepts_names() {
        assert_eq!(ok("张三"), "张三");
        assert_eq!(ok("  欧阳娜娜 "), "欧阳娜娜");
        assert_eq!(ok("阿卜杜热合曼·艾则孜"), "阿卜杜热合曼·艾则孜");
        assert_eq!(ok("John   Smith"), "John Smith");
        assert_eq!(ok("Mary\u{3000}\u{3000}Lee"), "Mary Lee");
        assert_eq!(ok("张三\n"), "张三");
        assert_eq!(ok("李"), "李");
    }

    #[test]
    fn counts_chars_not_bytes() {
        let twenty = "张".repeat(20);
        assert_eq!(ok(&twenty), twenty);
        let err = PersonName::parse(&"张".repeat(21)).unwrap_err();
        assert_eq!(err, PersonNameError::TooLong { max: 20, len: 21 });
    }

    #[test]
    fn refuses_bad_names() {
        assert_eq!(PersonName::parse("").unwrap_err(), PersonNameError::Empty);
        assert_eq!(PersonName::parse(" \t ").unwrap_err(), PersonNameError::Empty);
        assert_eq!(PersonName::parse("张\n三").unwrap_err(), PersonNameError::ControlCharacter);
        assert_eq!(PersonName::parse("\u{0}张三").unwrap_err(), PersonNameError::ControlCharacter);
    }

    #[test]
    fn labels_use_callers_max() {
        assert_eq!(validate_label(" 红旗  小区 ", 10).unwrap(), "红旗 小区");
        assert_eq!(
            validate_label("abcdef", 5).unwrap_err(),
            LabelError::TooLong { max: 5, len: 6 }
        );
        assert_eq!(validate_label("  ", 5).unwrap_err(), LabelError::Empty);
        assert_eq!(validate_label("a\u{7}", 5).unwrap_err(), LabelError::ControlCharacter);
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PersonNameError::Empty.code(), "person_name.empty");
        assert_eq!(PersonNameError::TooLong { max: 20, len: 21 }.code(), "person_name.too_long");
        assert_eq!(PersonNameError::ControlCharacter.code(), "person_name.control_character");
        assert_eq!(LabelError::Empty.code(), "label.empty");
        assert_eq!(LabelError::TooLong { max: 1, len: 2 }.code(), "label.too_long");
        assert_eq!(LabelError::ControlCharacter.code(), "label.control_character");
    }

    #[test]
    fn serde_validates_and_normalises() {
        let de: StringDeserializer<DeError> = " 王  五 ".to_owned().into_deserializer();
        assert_eq!(String::from(PersonName::deserialize(de).unwrap()), "王 五");
        let de: StringDeserializer<DeError> = "   ".to_owned().into_deserializer();
        assert!(PersonName::deserialize(de).is_err());
    }
}
