//! The one application error that crosses from server functions to the browser, typed.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One problem with one input field, as a stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The form field the problem is about (`""` for the form as a whole).
    pub field: String,
    /// A stable code such as `mobile.wrong_length`.
    pub code: String,
}

impl Problem {
    pub fn new(field: &str, code: &str) -> Self {
        Self { field: field.to_owned(), code: code.to_owned() }
    }
}

/// Every way a server function can fail, by meaning; the HTTP status follows from the variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden: {code}")]
    Forbidden { code: String },
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid { problems: Vec<Problem> },
    #[error("conflict: {code}")]
    Conflict { code: String },
    #[error("too many attempts")]
    Locked { minutes: i64 },
    #[error("internal error")]
    Internal,
    #[error("could not reach the server: {detail}")]
    Transport { detail: String },
}

impl AppError {
    /// An input error on one field.
    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Invalid { problems: vec![Problem::new(field, code)] }
    }

    pub fn forbidden(code: &str) -> Self {
        Self::Forbidden { code: code.to_owned() }
    }

    pub fn conflict(code: &str) -> Self {
        Self::Conflict { code: code.to_owned() }
    }

    /// The HTTP status this outcome is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound => 404,
            Self::Invalid { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::Locked { .. } => 429,
            Self::Internal | Self::Transport { .. } => 500,
        }
    }

    /// The first problem reported for `field`, if any.
    pub fn problem_for(&self, field: &str) -> Option<&str> {
        match self {
            Self::Invalid { problems } => {
                problems.iter().find(|p| p.field == field).map(|p| p.code.as_str())
            }
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport { detail: value.to_string() }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A storage failure is logged once here and reaches the browser only as `Internal`.
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "storage failure");
        AppError::Internal
    }
}
