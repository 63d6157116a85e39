//! What can go wrong reading or writing session files, worded for people.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::{Change, ChangeError};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}:{line}:{col}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{0}: no such session (give a path to a .ron file or a slug in the sessions folder)")]
    NotFound(String),
    #[error("'{arg}' matches {} sessions ({}); give the file name", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        arg: String,
        candidates: Vec<String>,
    },
    #[error("{path} is open in another loopshop process; close it there first")]
    Locked { path: PathBuf },
    #[error(
        "{path} was written by a newer loopshop (format {found}, this build reads up to {supported})"
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

/// A change that could not be committed.
#[derive(Debug, Error)]
pub enum CommitError {
    /// The change is invalid; nothing changed, in memory or on disk.
    #[error(transparent)]
    Rejected(#[from] ChangeError),
    /// The change is applied in memory but not yet durable; it is kept and
    /// retried with the next commit or [`super::OpenSession::retry`].
    /// `inverses` undo it, as the `Ok` value of a successful commit would.
    #[error("not saved: {error}")]
    NotSaved {
        error: StoreError,
        inverses: Vec<Option<Change>>,
    },
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

pub(crate) fn parse_error(path: &Path, line: usize, col: usize, message: String) -> StoreError {
    StoreError::Parse {
        path: path.to_owned(),
        line,
        col,
        message,
    }
}
