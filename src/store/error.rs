//! What can go wrong reading or writing session files, worded for people.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::domain::session_check::SessionProblem;
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
    /// A session named by its slug, and no sessions folder to look in.
    #[error(
        "{arg}: no such session: the sessions folder {} does not exist ({})",
        .dir.display(),
        folder_fix(.dir)
    )]
    NoFolder { arg: String, dir: PathBuf },
    #[error("'{arg}' matches {} sessions ({}); give the file name", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        arg: String,
        candidates: Vec<String>,
    },
    #[error("{path} is open in another loopshop process; close it there first")]
    Locked { path: PathBuf },
    /// The file parses but does not make sense (a score off its scale, a
    /// rating of nobody...); it is never written.
    #[error("{path}: {problem}")]
    Invalid {
        path: PathBuf,
        /// Boxed: a rare error should not make every result large.
        problem: Box<SessionProblem>,
    },
    #[error("{path} is a symbolic link; {}", match .target {
        Some(t) => format!("use the file it points to, {}", t.display()),
        None => "it points nowhere; move it away".to_owned(),
    })]
    Symlink {
        path: PathBuf,
        target: Option<PathBuf>,
    },
    #[error(
        "{path} has {links} names (hard links); a save would split them, so loopshop changes \
         only a session file with one name (copy it to a new name to change it)"
    )]
    HardLinked { path: PathBuf, links: u64 },
    #[error(
        "{path} is read-only; make it writable to change it (`loopshop review` reads it as it is)"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{path} is {size_mb} MB, over the {limit_mb} MB limit for input files; \
         raise it with --max-input-mb N (or LOOPSHOP_MAX_INPUT_MB) if the file is right"
    )]
    TooBig {
        path: PathBuf,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("{path} is not a regular file (a pipe, a device or a folder); give a file")]
    NotRegular { path: PathBuf },
    #[error(
        "{path} was written by a newer loopshop (format {found}, this build reads up to {supported})"
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

impl StoreError {
    /// The file the error is about, if it is about one.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Io { path, .. }
            | Self::Parse { path, .. }
            | Self::Locked { path }
            | Self::Invalid { path, .. }
            | Self::Symlink { path, .. }
            | Self::HardLinked { path, .. }
            | Self::ReadOnly { path }
            | Self::TooBig { path, .. }
            | Self::NotRegular { path }
            | Self::NewerVersion { path, .. } => Some(path),
            Self::NotFound(_) | Self::NoFolder { .. } | Self::Ambiguous { .. } => None,
        }
    }
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

/// How to get a sessions folder that does not exist: make it, or point at
/// the one meant.
#[must_use]
pub fn folder_fix(dir: &Path) -> String {
    format!(
        "`loopshop new TITLE` makes it with a first session, or `mkdir {}`; \
         --dir DIR or LOOPSHOP_DIR reads another folder",
        dir.display()
    )
}
