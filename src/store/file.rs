//! One session file: reading it (with its journal replayed) and its text.

use std::path::Path;

use super::error::{StoreError, parse_error};
use super::folder::SessionSummary;
use super::input::read_input;
use super::journal::Identity;
use super::{atomic, journal, side_path};
use crate::domain::{SCHEMA_VERSION, Session, ron_problem, session_check, strip_bom};

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
pub(super) struct Recovered {
    pub(super) scan: journal::Scan,
    pub(super) replayed: usize,
    /// Set when the journal must not be replayed: the suffix it is set
    /// aside under, which says why.
    pub(super) set_aside_as: Option<&'static str>,
}

/// A journal whose first line names another session.
pub(super) const NOT_THIS_SESSION: &str = "not-this-session";
/// A journal of an earlier version some record of which does not apply.
pub(super) const DID_NOT_APPLY: &str = "did-not-apply";

pub(super) fn read_session(path: &Path) -> Result<(Session, Recovered), StoreError> {
    let journal_path = side_path(path, "journal");
    // The journal first: a checkpoint between the two reads then only makes
    // the file newer, never skips records.
    let journal_bytes = journal::read(&journal_path)?;
    let bytes = read_input(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = line_col(&bytes[..e.valid_up_to()]);
        parse_error(path, line, col, "the file is not UTF-8 text".to_owned())
    })?;
    let mut session = parse_session(path, text)?;
    let scan = journal::scan(&journal_path, &journal_bytes)?;
    let (replayed, set_aside_as) = match &scan.identity {
        Some(identity) if *identity == Identity::of(&session) => {
            (journal::replay(&mut session, &scan, &journal_path)?, None)
        }
        Some(_) => (0, Some(NOT_THIS_SESSION)),
        None if scan.records.is_empty() => (0, None),
        None => {
            // No identity (an earlier version's journal): replayed only if
            // every record applies, so that an orphan is never half-applied.
            let mut trial = session.clone();
            match journal::replay(&mut trial, &scan, &journal_path) {
                Ok(n) => {
                    session = trial;
                    (n, None)
                }
                Err(_) => (0, Some(DID_NOT_APPLY)),
            }
        }
    };
    Ok((
        session,
        Recovered {
            scan,
            replayed,
            set_aside_as,
        },
    ))
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
    let session = parse_ron(path, strip_bom(text))?;
    // Meaning as well as syntax: a file that could not have been built by
    // changes never loads, so it never feeds a report or gets written.
    session_check::check(&session).map_err(|problem| StoreError::Invalid {
        path: path.to_owned(),
        problem: Box::new(problem),
    })?;
    Ok(session)
}

fn parse_ron(path: &Path, text: &str) -> Result<Session, StoreError> {
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
        // An older file reads as the current version (every new field has a
        // default), so the first write stores it in the current version.
        Ok(mut s) => {
            if let Err(field) = s.upgrade() {
                let (line, col) = position_of(text, field);
                return Err(parse_error(
                    path,
                    line,
                    col,
                    format!(
                        "unknown field `{field}` (a file of version 8 or later does not have it)"
                    ),
                ));
            }
            s.schema_version = SCHEMA_VERSION;
            Ok(s)
        }
        Err(e) => match sniff_version(text) {
            // A newer format may not parse at all: say why, not where.
            Some(found) if found > SCHEMA_VERSION => Err(newer(found)),
            _ => Err(parse_error(
                path,
                e.span.start.line,
                e.span.start.col,
                ron_problem(&e.code),
            )),
        },
    }
}

/// The 1-based line and column where `word` first appears in `text` (the
/// start of the file when it does not).
fn position_of(text: &str, word: &str) -> (usize, usize) {
    let Some(at) = text.find(word) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (line, col)
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

pub(super) fn write_session(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = to_ron(session).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        message: format!("cannot write the session: {e}"),
    })?;
    atomic::write_file(path, text.as_bytes())
}

pub(super) fn summarize(path: &Path, s: &Session) -> SessionSummary {
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
        round: s.current_round(),
        example: s.example,
    }
}
