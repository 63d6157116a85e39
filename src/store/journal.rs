//! The journal `<file>.journal`: one RON line `(seq, at, changes)` per
//! committed batch, appended and fsynced before a commit counts as saved.
//! Records with `seq` above the file's `journal_seq` are replayed on load; a
//! last line without its newline was never reported saved and is ignored.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{StoreError, io_error, parse_error};
use crate::domain::{Change, Session};

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
/// it only once the file holds every record).
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, StoreError> {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(path, &e)),
        Ok(m) if !m.is_file() => {
            return Err(StoreError::Io {
                path: path.to_owned(),
                message: "is not a regular file; move it away to open the session".to_owned(),
            });
        }
        Ok(_) => {}
    }
    match super::atomic::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        other => other.map_err(|e| io_error(path, &e)),
    }
}

/// The complete records of a journal.
#[derive(Debug, Default)]
pub(crate) struct Scan {
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
        let record: Record = ron::from_str(text).map_err(|e| {
            parse_error(
                path,
                line_no,
                e.span.start.col,
                format!("bad journal record: {}", e.code),
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
            session.apply(change).map_err(|e| {
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

/// Appends `bytes` durably, if the journal still ends at `expected_len`.
pub(crate) fn append(path: &Path, expected_len: u64, bytes: &[u8]) -> std::io::Result<()> {
    let existed = path.exists();
    // On Windows a journal just removed may still be "delete pending" while
    // a reader has it open; a new one can be created once it has let go.
    let mut file =
        super::atomic::retrying(|| OpenOptions::new().append(true).create(true).open(path))?;
    let len = file.metadata()?.len();
    if len != expected_len && file.metadata()?.is_file() {
        return Err(std::io::Error::other(format!(
            "journal is {len} bytes on disk, expected {expected_len}; it was changed by someone else"
        )));
    }
    file.write_all(bytes)?;
    file.sync_data()?;
    if !existed {
        super::atomic::sync_dir(path).map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Cuts the journal back to `len` bytes, durably.
pub(crate) fn truncate(path: &Path, len: u64) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    file.set_len(len)?;
    file.sync_all()
}

/// Takes back a failed append: cuts the journal to `len` if it is at least
/// that long (our partial write). A shorter journal was changed by someone
/// else and is not extended. Returns whether the journal may be appended to.
pub(crate) fn cut_back(path: &Path, len: u64) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() >= len => truncate(path, len).is_ok(),
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
