//! The only code that touches session files.
//!
//! A session is one readable, diffable RON file (`to_ron`). Changes are made
//! durable by appending one line per commit to `<file>.journal` and fsyncing
//! it; the journal is folded back into the file (written to a temporary file,
//! fsynced, renamed over it) every few hundred records and when the session
//! is closed. `<file>.lock` keeps a second writer out. See `journal.rs`,
//! `atomic.rs`, `lock.rs` and `undo.rs`.

mod atomic;
mod error;
mod journal;
mod lock;
mod undo;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::{Change, SCHEMA_VERSION, Session};

pub use error::{CommitError, StoreError};
use error::{io_error, parse_error};

/// Fold the journal into the file after this many records...
const CHECKPOINT_RECORDS: usize = 500;
/// ...or this many journal bytes.
const CHECKPOINT_BYTES: u64 = 1 << 20;
/// Batches larger than this go straight into the file, not the journal.
const BIG_BATCH: usize = 500;

/// `<path>.<ext>`: the journal, lock and temporary files beside a session.
pub(crate) fn side_path(path: &Path, ext: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
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

    /// A SESSION argument: a path to a file, a file name `<arg>.ron` in the
    /// folder, or the one file in the folder named `<date>-<arg>.ron`
    /// (`my-workshop` finds `2026-11-29-my-workshop.ron`).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when none exists; [`StoreError::Ambiguous`]
    /// naming them when several dated files match.
    pub fn resolve(&self, arg: &str) -> Result<PathBuf, StoreError> {
        let direct = PathBuf::from(arg);
        if direct.is_file() {
            return Ok(direct);
        }
        let in_dir = self.dir.join(format!("{arg}.ron"));
        if in_dir.is_file() {
            return Ok(in_dir);
        }
        let not_found = || StoreError::NotFound(arg.to_owned());
        if arg.is_empty() || arg.contains(['/', '\\']) {
            return Err(not_found());
        }
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Err(not_found());
        };
        let wanted = format!("-{arg}.ron");
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.len() == DATE_LEN + wanted.len()
                    && name.ends_with(&wanted)
                    && name.get(..DATE_LEN).is_some_and(is_date)
            })
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        match found.len() {
            0 => Err(not_found()),
            1 => Ok(found.remove(0)),
            _ => {
                let candidates = found
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect();
                Err(StoreError::Ambiguous {
                    arg: arg.to_owned(),
                    candidates,
                })
            }
        }
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
        let text = to_ron(session).map_err(|e| StoreError::Io {
            path: self.dir.clone(),
            message: format!("cannot write the session: {e}"),
        })?;
        let mut path = self.dir.join(format!("{base}.ron"));
        let mut n = 2;
        // `create_new` never replaces a file, even one created meanwhile.
        while path.exists() || !atomic::create_new(&path, &text)? {
            path = self.dir.join(format!("{base}-{n}.ron"));
            n += 1;
        }
        Ok(path)
    }
}

/// Length of the `YYYY-MM-DD` prefix of session file names.
const DATE_LEN: usize = 10;

/// Whether `text` looks like `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    text.len() == DATE_LEN
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Reads a session without locking it (review, export, list): the file
/// plus its journal, replayed in memory. Writes nothing.
///
/// # Errors
/// When the file or its journal cannot be read or parsed, or the file is
/// from a newer loopshop.
pub fn load(path: &Path) -> Result<Session, StoreError> {
    // A writer may fold its journal into the file while we read; a mixed read
    // shows up as a bad journal line, so read again before reporting it.
    let mut attempt = 0;
    loop {
        match read_session(path) {
            Ok((session, _)) => return Ok(session),
            Err(StoreError::Parse { path: p, .. }) if attempt < 2 && p != path => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// What reading the journal found, for [`OpenSession::open`].
struct Recovered {
    scan: journal::Scan,
    replayed: usize,
}

fn read_session(path: &Path) -> Result<(Session, Recovered), StoreError> {
    let journal_path = side_path(path, "journal");
    // The journal first: a checkpoint between the two reads then only makes
    // the file newer, never skips records.
    let journal_bytes = journal::read(&journal_path)?;
    let bytes = atomic::read(path).map_err(|e| io_error(path, &e))?;
    // A byte-order mark (Windows Notepad, PowerShell 5) is not text.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&bytes[..e.valid_up_to()]);
        parse_error(path, line, col, "the file is not UTF-8 text".to_owned())
    })?;
    let mut session = parse_session(path, text)?;
    let scan = journal::scan(&journal_path, &journal_bytes)?;
    let replayed = journal::replay(&mut session, &scan, &journal_path)?;
    Ok((session, Recovered { scan, replayed }))
}

/// 1-based line and column just after `prefix`.
fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, col)
}

fn parse_session(path: &Path, text: &str) -> Result<Session, StoreError> {
    let newer = |found: u32| StoreError::NewerVersion {
        path: path.to_owned(),
        found,
        supported: SCHEMA_VERSION,
    };
    let parsed = ron::from_str::<Session>(text).or_else(|fast| {
        // Files from before the compact rating lines. Of two errors, the
        // one further into the file is where it is really broken.
        crate::domain::with_earlier_rating_form(|| ron::from_str::<Session>(text)).map_err(|slow| {
            let at = |e: &ron::error::SpannedError| (e.span.start.line, e.span.start.col);
            if at(&slow) > at(&fast) { slow } else { fast }
        })
    });
    match parsed {
        Ok(s) if s.schema_version > SCHEMA_VERSION => Err(newer(s.schema_version)),
        Ok(s) => Ok(s),
        Err(e) => match sniff_version(text) {
            // A newer format may not parse at all: say why, not where.
            Some(found) if found > SCHEMA_VERSION => Err(newer(found)),
            _ => Err(parse_error(
                path,
                e.span.start.line,
                e.span.start.col,
                e.code.to_string(),
            )),
        },
    }
}

/// The `schema_version: N` of a file that does not parse.
fn sniff_version(text: &str) -> Option<u32> {
    let rest = &text[text.find("schema_version")? + "schema_version".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..digits].parse().ok()
}

/// RON text of a session as written to disk.
///
/// # Errors
/// Only if serialization fails, which the types do not allow in practice.
pub fn to_ron(session: &Session) -> Result<String, ron::Error> {
    // LF on every system (ron would write CRLF on Windows): a session file
    // is the same bytes wherever it was written, and reads anywhere.
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .depth_limit(4)
        .indentor("  ".to_owned());
    let mut text = ron::ser::to_string_pretty(session, config)?;
    text.push('\n');
    Ok(text)
}

fn write_session(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = to_ron(session).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        message: format!("cannot write the session: {e}"),
    })?;
    atomic::replace(path, &text)
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
    _lock: lock::Lock,
    journal: PathBuf,
    /// Bytes of complete, durable records in the journal.
    journal_len: u64,
    journal_records: usize,
    /// False when the journal's contents are unknown after a failed write:
    /// the next save then goes to the file and empties the journal.
    journal_ok: bool,
    /// Journal lines of commits not yet durable.
    pending: String,
    pending_records: usize,
    /// A commit not yet durable that must go to the file.
    pending_checkpoint: bool,
    /// Sequence number of the last commit, durable or not.
    last_seq: u64,
}

impl OpenSession {
    /// Opens `path` for writing: locks it, replays its journal, and folds the
    /// journal into the file.
    ///
    /// # Errors
    /// When the file cannot be read or parsed, or another process (or another
    /// `OpenSession` here) has it open. A file that does not load is never
    /// written.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        match fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    message: "is not a session file".to_owned(),
                });
            }
            Err(e) => return Err(io_error(path, &e)),
        }
        let lock = lock::acquire(path)?;
        let (session, recovered) = read_session(path)?;
        let journal = side_path(path, "journal");
        let mut journal_ok = true;
        if recovered.scan.torn {
            // The torn line was never reported saved; new records must not
            // follow it.
            journal_ok = journal::truncate(&journal, recovered.scan.good_len).is_ok();
        }
        let mut open = Self {
            path: path.to_owned(),
            last_seq: session.journal_seq,
            session,
            _lock: lock,
            journal,
            journal_len: recovered.scan.good_len,
            journal_records: recovered.scan.records.len(),
            journal_ok,
            pending: String::new(),
            pending_records: 0,
            pending_checkpoint: false,
        };
        if recovered.replayed > 0 || open.journal_len > 0 || !open.journal_ok {
            // Best effort: if it fails, the journal still holds everything.
            let _ = open.checkpoint();
        }
        Ok(open)
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
        self.pending.is_empty() && !self.pending_checkpoint
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
        if changes.is_empty() {
            self.retry().map_err(|error| CommitError::NotSaved {
                error,
                inverses: Vec::new(),
            })?;
            return Ok(Vec::new());
        }
        let inverses = undo::apply_all(&mut self.session, &changes)?;
        self.last_seq += 1;
        self.session.updated = now;
        self.session.journal_seq = self.last_seq;
        let line = if changes.len() > BIG_BATCH {
            None
        } else {
            journal::record_line(self.last_seq, now, &changes)
        };
        match line {
            Some(line) => {
                self.pending.push_str(&line);
                self.pending_records += 1;
            }
            None => self.pending_checkpoint = true,
        }
        if let Err(error) = self.retry() {
            return Err(CommitError::NotSaved { error, inverses });
        }
        Ok(inverses)
    }

    /// Tries again to make pending changes durable.
    ///
    /// # Errors
    /// When the write fails again.
    pub fn retry(&mut self) -> Result<(), StoreError> {
        if self.is_saved() {
            return Ok(());
        }
        let fits = self.journal_records + self.pending_records <= CHECKPOINT_RECORDS
            && self.journal_len + self.pending.len() as u64 <= CHECKPOINT_BYTES;
        if !self.pending_checkpoint && self.journal_ok && fits {
            match journal::append(&self.journal, self.journal_len, self.pending.as_bytes()) {
                Ok(()) => {
                    self.journal_len += self.pending.len() as u64;
                    self.journal_records += self.pending_records;
                    self.pending.clear();
                    self.pending_records = 0;
                    return Ok(());
                }
                Err(e) => {
                    // Take back a partial line; if that fails too, the
                    // journal is not appended to again until it is emptied.
                    self.journal_ok = journal::cut_back(&self.journal, self.journal_len);
                    // The session file may still be writable.
                    return self.checkpoint().map_err(|e2| match e2 {
                        StoreError::Io { path, message } => StoreError::Io {
                            path,
                            message: format!("{message} (and the journal: {e})"),
                        },
                        other => other,
                    });
                }
            }
        }
        self.checkpoint()
    }

    /// Saves the whole session to its file and empties the journal.
    fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.session.journal_seq = self.last_seq;
        write_session(&self.path, &self.session)?;
        self.pending.clear();
        self.pending_records = 0;
        self.pending_checkpoint = false;
        // Every journal record is now in the file (seq <= journal_seq), so
        // the journal may be emptied; until it is, it is not appended to.
        self.journal_ok = journal::reset(&self.journal).is_ok();
        if self.journal_ok {
            self.journal_len = 0;
            self.journal_records = 0;
        }
        Ok(())
    }

    /// Saves everything into the session file and releases the lock.
    ///
    /// # Errors
    /// When the final save fails; what the journal holds is still safe.
    pub fn close(mut self) -> Result<(), StoreError> {
        if self.is_saved() && self.journal_len == 0 && self.journal_ok {
            return Ok(());
        }
        // On error, drop tries once more; on success it has nothing to do.
        self.checkpoint()
    }
}

impl Drop for OpenSession {
    fn drop(&mut self) {
        if !self.is_saved() || self.journal_len > 0 || !self.journal_ok {
            let _ = self.checkpoint();
        }
    }
}
