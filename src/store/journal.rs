//! The journal `<file>.journal`: one RON line `(seq, at, changes)` per
//! committed batch, appended and fsynced before a commit counts as saved.
//! Records with `seq` above the file's `journal_seq` are replayed on load; a
//! last line without its newline was never reported saved and is ignored.
//!
//! Its first line names the session it belongs to,
//! `(journal_of: "<created>", title: "<title>")`, so that a journal left
//! beside another session (an orphan whose session was deleted, then a new
//! session of the same name) is never replayed into it. Journals written
//! before this line existed are replayed only if every record applies.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{StoreError, io_error, parse_error};
use super::input::{read_input, refuse_symlink};
use crate::domain::{Change, Session, ron_problem};

#[derive(Serialize)]
struct RecordOut<'a> {
    seq: u64,
    at: DateTime<Utc>,
    changes: &'a [Change],
}

#[derive(Debug, Deserialize)]
pub(crate) struct Record {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub changes: Vec<Change>,
}

/// The first line of a journal: which session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Identity {
    pub journal_of: DateTime<Utc>,
    pub title: String,
}

impl Identity {
    pub(crate) fn of(session: &Session) -> Self {
        Self {
            journal_of: session.created,
            title: session.title.clone(),
        }
    }

    /// The header line, newline included.
    pub(crate) fn line(&self) -> String {
        let mut line = ron::to_string(self).unwrap_or_default();
        // Titles hold no line breaks; should one ever, the header is left
        // out and the journal reads as one of an earlier version.
        if line.contains('\n') {
            return String::new();
        }
        line.push('\n');
        line
    }
}

/// One record as a journal line, newline included. `None` if it would not
/// fit on one line (it then goes to the session file instead).
pub(crate) fn record_line(seq: u64, at: DateTime<Utc>, changes: &[Change]) -> Option<String> {
    let mut line = ron::to_string(&RecordOut { seq, at, changes }).ok()?;
    if line.contains('\n') {
        return None;
    }
    line.push('\n');
    Some(line)
}

/// The journal's bytes; empty when there is none, or when it went away
/// after a checkpoint between the look and the read (a checkpoint empties
/// it only once the file holds every record). A link or anything but a
/// regular file is refused (it is never followed), and so is a journal over
/// the input limit (never truncated).
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, StoreError> {
    // A writer's checkpoint may remove the journal between the look and the
    // read, and its next change may create a new one at once: a read that
    // fails then is tried again, and a journal that is gone is empty.
    let mut attempt = 0;
    loop {
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_error(path, &e)),
            Ok(m) if m.file_type().is_symlink() => refuse_symlink(path)?,
            Ok(m) if !m.is_file() => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    message: "is not a regular file; move it away to open the session".to_owned(),
                });
            }
            Ok(_) => {}
        }
        match read_input(path) {
            Err(_) if !path.exists() => return Ok(Vec::new()),
            Err(_) if attempt < 3 => attempt += 1,
            other => return other,
        }
    }
}

/// The complete records of a journal.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The session the journal says it belongs to; `None` for journals of
    /// earlier versions.
    pub identity: Option<Identity>,
    /// `(line number, record)` for every complete line.
    pub records: Vec<(usize, Record)>,
    /// Bytes up to the end of the last complete line.
    pub good_len: u64,
    /// Whether an incomplete last line follows `good_len`.
    pub torn: bool,
}

/// Parses every complete line; any bad complete line is an error.
pub(crate) fn scan(path: &Path, bytes: &[u8]) -> Result<Scan, StoreError> {
    let mut out = Scan::default();
    let mut pos = 0;
    let mut line_no = 0;
    while pos < bytes.len() {
        let Some(len) = bytes[pos..].iter().position(|&b| b == b'\n') else {
            out.torn = true;
            break;
        };
        line_no += 1;
        let line = &bytes[pos..pos + len];
        pos += len + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = std::str::from_utf8(line).map_err(|e| {
            parse_error(
                path,
                line_no,
                e.valid_up_to() + 1,
                "journal record is not UTF-8 text".to_owned(),
            )
        })?;
        if out.records.is_empty() && out.identity.is_none() && text.starts_with("(journal_of:") {
            let identity: Identity = ron::from_str(text).map_err(|e| {
                parse_error(
                    path,
                    line_no,
                    e.span.start.col,
                    format!("bad journal header: {}", ron_problem(&e.code)),
                )
            })?;
            out.identity = Some(identity);
            continue;
        }
        let record: Record = ron::from_str(text).map_err(|e| {
            parse_error(
                path,
                line_no,
                e.span.start.col,
                format!("bad journal record: {}", ron_problem(&e.code)),
            )
        })?;
        out.records.push((line_no, record));
    }
    out.good_len = pos as u64;
    Ok(out)
}

/// Applies the records newer than `session.journal_seq`, in order. Returns
/// how many were applied.
pub(crate) fn replay(session: &mut Session, scan: &Scan, path: &Path) -> Result<usize, StoreError> {
    for pair in scan.records.windows(2) {
        let ((_, a), (line, b)) = (&pair[0], &pair[1]);
        if b.seq <= a.seq {
            return Err(parse_error(
                path,
                *line,
                1,
                format!(
                    "journal record {} follows record {}: the journal is out of order",
                    b.seq, a.seq
                ),
            ));
        }
    }
    let mut applied = 0;
    let mut index = crate::domain::ApplyIndex::default();
    for (line, record) in &scan.records {
        let seq = record.seq;
        if seq <= session.journal_seq {
            continue;
        }
        if seq != session.journal_seq + 1 {
            return Err(parse_error(
                path,
                *line,
                1,
                format!(
                    "journal record {seq} follows saved record {}: records in between are missing",
                    session.journal_seq
                ),
            ));
        }
        for change in &record.changes {
            session.apply_indexed(change, &mut index).map_err(|e| {
                parse_error(
                    path,
                    *line,
                    1,
                    format!("journal record {seq} does not apply to the session: {e}"),
                )
            })?;
        }
        session.updated = record.at;
        session.journal_seq = seq;
        applied += 1;
    }
    Ok(applied)
}

/// Appends `bytes` durably, if the journal still ends at `expected_len`; an
/// empty journal starts with `header`. Returns the bytes written. A link
/// is never followed: on Unix the open refuses one (`O_NOFOLLOW`), however
/// late it was swapped in, so no file is ever created or written through
/// it.
pub(crate) fn append(
    path: &Path,
    expected_len: u64,
    header: &str,
    bytes: &[u8],
) -> std::io::Result<u64> {
    let (mut file, created) = open_for_append(path)?;
    same_file(&file, path)?;
    let len = file.metadata()?.len();
    if len != expected_len && file.metadata()?.is_file() {
        return Err(std::io::Error::other(format!(
            "journal is {len} bytes on disk, expected {expected_len}; it was changed by someone else"
        )));
    }
    let mut written = bytes.len() as u64;
    let mut both = Vec::new();
    let all = if len == 0 && !header.is_empty() {
        // One write: a torn header is a torn first line, never replayed.
        both.reserve_exact(header.len() + bytes.len());
        both.extend_from_slice(header.as_bytes());
        both.extend_from_slice(bytes);
        written += header.len() as u64;
        &both[..]
    } else {
        bytes
    };
    let durable = match super::fault::injected(super::fault::Fault::Journal) {
        // As a disk that fills up in the middle of the line.
        Some(e) => file.write_all(&all[..all.len() / 2]).and(Err(e)),
        None => file.write_all(all).and_then(|()| file.sync_data()),
    };
    if let Err(e) = durable {
        if created {
            // It holds nothing but the failed bytes: gone, the session's
            // files are as they were.
            drop(file);
            let _ = fs::remove_file(path);
        }
        return Err(e);
    }
    if created {
        super::atomic::sync_dir(path).map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(written)
}

/// Opens the journal to append to it, creating it if there is none; says
/// whether it was created. Never through a link (see [`append`]).
fn open_for_append(path: &Path) -> std::io::Result<(fs::File, bool)> {
    #[cfg(not(unix))]
    not_a_link(path)?;
    // Twice at most: a journal removed by a checkpoint between the two
    // opens is simply created.
    for _ in 0..2 {
        // On Windows a journal just removed may still be "delete pending"
        // while a reader has it open; a new one can be created once it has
        // let go.
        let existing = super::atomic::retrying(|| {
            super::atomic::no_follow(OpenOptions::new().append(true)).open(path)
        });
        match existing {
            Ok(file) => return Ok((file, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(link_error(path, e)),
        }
        // Exclusively: a link (or anything else) that appeared meanwhile is
        // never opened through.
        let created = super::atomic::retrying(|| {
            super::atomic::no_follow(OpenOptions::new().append(true).create_new(true)).open(path)
        });
        match created {
            Ok(file) => return Ok((file, true)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(link_error(path, e)),
        }
    }
    Err(std::io::Error::other(format!(
        "{} keeps appearing and disappearing; not written",
        path.display()
    )))
}

/// An open of `path` that failed: worded as a link refused when a link is
/// what is there (the error of `O_NOFOLLOW` differs by system).
fn link_error(path: &Path, e: std::io::Error) -> std::io::Error {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => link_refused(path),
        _ => e,
    }
}

fn link_refused(path: &Path) -> std::io::Error {
    std::io::Error::other(format!(
        "{} is a symbolic link; loopshop does not write through links (move it away)",
        path.display()
    ))
}

/// An error if the journal is a symbolic link (Windows, which has no
/// `O_NOFOLLOW`: checked before opening).
#[cfg(not(unix))]
fn not_a_link(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(link_refused(path)),
        _ => Ok(()),
    }
}

/// Checks that the opened `file` is what `path` names now, not a link
/// swapped in between the check and the open.
#[cfg_attr(
    not(unix),
    expect(
        clippy::unnecessary_wraps,
        reason = "the check can fail on Unix; Windows has no file ids here"
    )
)]
fn same_file(file: &fs::File, path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (file.metadata()?, fs::symlink_metadata(path)?);
        if a.dev() != b.dev() || a.ino() != b.ino() {
            return Err(std::io::Error::other(format!(
                "{} changed while it was opened; not written",
                path.display()
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// Cuts the journal back to `len` bytes, durably; never through a link.
pub(crate) fn truncate(path: &Path, len: u64) -> std::io::Result<()> {
    #[cfg(not(unix))]
    not_a_link(path)?;
    let file = super::atomic::no_follow(OpenOptions::new().write(true))
        .open(path)
        .map_err(|e| link_error(path, e))?;
    same_file(&file, path)?;
    file.set_len(len)?;
    file.sync_all()
}

/// Moves a journal that must not be replayed out of the way, under a name
/// that says why (`<journal>.<why>`, numbered if taken). Returns the new name.
pub(crate) fn set_aside(path: &Path, why: &str) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let name = if n == 1 {
            super::side_path(path, why)
        } else {
            super::side_path(path, &format!("{why}-{n}"))
        };
        if super::input::name_taken(&name) {
            continue;
        }
        // A hard link never replaces a file that appeared meanwhile.
        match fs::hard_link(path, &name) {
            Ok(()) => {
                fs::remove_file(path)?;
                super::atomic::sync_dir(path).map_err(|e| std::io::Error::other(e.to_string()))?;
                return Ok(name);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                fs::rename(path, &name)?;
                return Ok(name);
            }
        }
    }
    Err(std::io::Error::other("too many journals set aside already"))
}

/// Takes back a failed append: cuts the journal to `len` if it is at least
/// that long (our partial write). A shorter journal was changed by someone
/// else and is not extended. Returns whether the journal may be appended to.
pub(crate) fn cut_back(path: &Path, len: u64) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() >= len => truncate(path, len).is_ok(),
        // A journal the failed append had created, and removed again.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => len == 0,
        _ => false,
    }
}

/// Removes the journal after a checkpoint (all its records are in the
/// file); the next commit creates it again.
pub(crate) fn reset(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
