//! The status line: what just happened, or why it did not.

use thiserror::Error;

use crate::engine::Refusal;

/// How the footer shows a status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    /// Needs the facilitator's attention (read-only, unsaved changes).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub level: Level,
}

impl Status {
    #[must_use]
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: Level::Info,
        }
    }

    #[must_use]
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: Level::Warning,
        }
    }
}

/// Why a key did nothing.
#[derive(Debug, Error)]
pub enum AppError {
    /// The engine refused the intent.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The screen has nothing to act on ("no idea highlighted").
    #[error("{0}")]
    Cannot(String),
    #[error("UNSAVED changes could not be written; press q again to quit anyway")]
    UnsavedOnQuit,
}

impl From<AppError> for Status {
    fn from(e: AppError) -> Self {
        let text = e.to_string();
        match e {
            AppError::Refused(Refusal::ReadOnly) | AppError::UnsavedOnQuit => Self::warning(text),
            AppError::Refused(_) | AppError::Cannot(_) => Self::info(text),
        }
    }
}

/// An [`AppError::Cannot`].
pub(crate) fn cannot(text: impl Into<String>) -> AppError {
    AppError::Cannot(text.into())
}

/// What a command handler reports: a status line, or why it did nothing.
pub(crate) type Handled = Result<Option<String>, AppError>;
