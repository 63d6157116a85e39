//! The only code that touches session files.
//!
//! FIRST CUT (to be hardened by the store work: journal, lock, recovery):
//! every commit rewrites the whole file atomically.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::domain::{Change, ChangeError, Session};

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
    /// retried with the next commit or [`OpenSession::retry`].
    #[error("not saved: {0}")]
    NotSaved(StoreError),
}

/// One line of `loopshop list`.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub path: PathBuf,
    pub slug: String,
    pub title: String,
    pub created: DateTime<Utc>,
    pub participants: usize,
    pub ratings: usize,
    pub completeness: f64,
}

/// The sessions folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sessions in the folder, newest first; files that do not load are
    /// returned as errors beside them so that one bad file hides nothing.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn list(&self) -> Result<Vec<Result<SessionSummary, StoreError>>, StoreError> {
        let mut out = Vec::new();
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(io_error(&self.dir, &e)),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        paths.sort();
        for path in paths {
            out.push(load(&path).map(|s| summarize(&path, &s)));
        }
        out.sort_by(|a, b| match (a, b) {
            (Ok(a), Ok(b)) => b.created.cmp(&a.created).then(a.slug.cmp(&b.slug)),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => std::cmp::Ordering::Equal,
        });
        Ok(out)
    }

    /// A SESSION argument: a path to a file, or a slug in the folder.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when neither exists.
    pub fn resolve(&self, arg: &str) -> Result<PathBuf, StoreError> {
        let direct = PathBuf::from(arg);
        if direct.is_file() {
            return Ok(direct);
        }
        let in_dir = self.dir.join(format!("{arg}.ron"));
        if in_dir.is_file() {
            return Ok(in_dir);
        }
        Err(StoreError::NotFound(arg.to_owned()))
    }

    /// Writes a new session file named from its date and title; never
    /// overwrites an existing file. Returns its path.
    ///
    /// # Errors
    /// When the folder or file cannot be written.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|e| io_error(&self.dir, &e))?;
        let base = format!(
            "{}-{}",
            session.created.format("%Y-%m-%d"),
            crate::domain::slug(&session.title)
        );
        let mut path = self.dir.join(format!("{base}.ron"));
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{base}-{n}.ron"));
            n += 1;
        }
        write_session(&path, session)?;
        Ok(path)
    }
}

/// Reads a session without locking it (review, export, list).
///
/// # Errors
/// When the file cannot be read or parsed.
pub fn load(path: &Path) -> Result<Session, StoreError> {
    let text = fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    parse_session(path, &text)
}

fn parse_session(path: &Path, text: &str) -> Result<Session, StoreError> {
    ron::from_str(text).map_err(|e| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// RON text of a session as written to disk.
///
/// # Errors
/// Only if serialization fails, which the types do not allow in practice.
pub fn to_ron(session: &Session) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("  ".to_owned());
    ron::ser::to_string_pretty(session, config)
}

fn write_session(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = to_ron(session).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let tmp = path.with_extension("ron.tmp");
    fs::write(&tmp, text).map_err(|e| io_error(&tmp, &e))?;
    fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

fn summarize(path: &Path, s: &Session) -> SessionSummary {
    SessionSummary {
        path: path.to_owned(),
        slug: path
            .file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        title: s.title.clone(),
        created: s.created,
        participants: s.participants.len(),
        ratings: s.rating_count(),
        completeness: s.completeness(),
    }
}

/// A session opened for changes by this process (the one writer).
#[derive(Debug)]
pub struct OpenSession {
    path: PathBuf,
    session: Session,
    unsaved: bool,
}

impl OpenSession {
    /// Opens `path` for writing.
    ///
    /// # Errors
    /// When the file cannot be read or parsed, or another process has it open.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let session = load(path)?;
        Ok(Self {
            path: path.to_owned(),
            session,
            unsaved: false,
        })
    }

    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when everything in memory is durable on disk.
    #[must_use]
    pub fn is_saved(&self) -> bool {
        !self.unsaved
    }

    /// Validates, applies and durably records one change. Returns its inverse.
    ///
    /// # Errors
    /// [`CommitError::Rejected`] leaves everything as it was;
    /// [`CommitError::NotSaved`] keeps the change in memory for a retry.
    pub fn commit(
        &mut self,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, CommitError> {
        let mut inverses = self.commit_all(vec![change], now)?;
        Ok(inverses.pop().flatten())
    }

    /// Applies several changes all or nothing, recorded as one durable step.
    /// Returns their inverses in order.
    ///
    /// # Errors
    /// As [`OpenSession::commit`]; a rejected change rejects the whole batch.
    pub fn commit_all(
        &mut self,
        changes: Vec<Change>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<Change>>, CommitError> {
        let mut next = self.session.clone();
        let mut inverses = Vec::with_capacity(changes.len());
        for c in &changes {
            inverses.push(next.apply(c)?);
        }
        next.updated = now;
        self.session = next;
        self.unsaved = true;
        self.retry().map_err(CommitError::NotSaved)?;
        Ok(inverses)
    }

    /// Tries again to make pending changes durable.
    ///
    /// # Errors
    /// When the write fails again.
    pub fn retry(&mut self) -> Result<(), StoreError> {
        if self.unsaved {
            write_session(&self.path, &self.session)?;
            self.unsaved = false;
        }
        Ok(())
    }
}
