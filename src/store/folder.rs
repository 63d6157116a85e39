//! The sessions folder: listing, finding and creating session files.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::atomic;
use super::error::{StoreError, io_error};
use super::file::{load, summarize, to_ron};
use super::input::name_taken;
use crate::domain::Session;

/// One line of `loopshop list`.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub path: PathBuf,
    pub slug: String,
    pub title: String,
    pub created: DateTime<Utc>,
    pub participants: usize,
    pub ratings: usize,
    /// Share of the current round's cells rated.
    pub completeness: f64,
    /// The current round, which `completeness` is about.
    pub round: u32,
    /// A shipped example: facilitated only as a copy.
    pub example: bool,
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
    /// (`my-workshop` finds `2026-11-29-my-workshop.ron`); a name may end
    /// in `.ron` (`my-workshop.ron`).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when none exists ([`StoreError::NoFolder`]
    /// when the sessions folder itself does not); [`StoreError::NotRegular`]
    /// when what is there is a pipe, a device or a folder (and no session
    /// file matches); [`StoreError::Ambiguous`] naming them when several
    /// dated files match.
    pub fn resolve(&self, arg: &str) -> Result<PathBuf, StoreError> {
        let direct = PathBuf::from(arg);
        if direct.is_file() {
            return Ok(direct);
        }
        // A name is also taken with its `.ron` (`show example-lib-workshop.ron`).
        let name = arg
            .strip_suffix(".ron")
            .filter(|n| !n.is_empty() && !arg.contains(['/', '\\']))
            .unwrap_or(arg);
        let in_dir = self.dir.join(format!("{name}.ron"));
        if in_dir.is_file() {
            return Ok(in_dir);
        }
        // Something is there, but not a file: said so, unless a dated
        // session file matches below. A folder named like a slug (`show
        // workshop` beside a folder `workshop`) is no session argument,
        // unless the argument reads as a path.
        let path_like = arg.contains(['/', '\\'])
            || Path::new(arg)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        let in_the_way = || -> Option<PathBuf> {
            let not_a_file = |p: &Path| fs::metadata(p).ok().filter(|m| !m.is_file());
            if arg.is_empty() {
                return None;
            }
            if let Some(m) = not_a_file(&direct)
                && (path_like || !m.is_dir())
            {
                return Some(direct.clone());
            }
            not_a_file(&in_dir).map(|_| in_dir.clone())
        };
        let not_found = || {
            in_the_way().map_or_else(
                || StoreError::NotFound(arg.to_owned()),
                |path| StoreError::NotRegular { path },
            )
        };
        if arg.is_empty() || arg.contains(['/', '\\']) {
            return Err(not_found());
        }
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && in_the_way().is_none() => {
                return Err(StoreError::NoFolder {
                    arg: arg.to_owned(),
                    dir: self.dir.clone(),
                });
            }
            Err(_) => return Err(not_found()),
        };
        let wanted = format!("-{name}.ron");
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
            .collect();
        found.sort();
        // A dated name that is not a file (a pipe, a device, a folder) is
        // named only when no dated file matches.
        let (files, mut others): (Vec<PathBuf>, Vec<PathBuf>) =
            found.into_iter().partition(|p| p.is_file());
        others.retain(|p| fs::metadata(p).is_ok());
        let mut found = files;
        match found.len() {
            0 => match others.as_slice() {
                [one] if in_the_way().is_none() => {
                    Err(StoreError::NotRegular { path: one.clone() })
                }
                _ => Err(not_found()),
            },
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
        // `create_new` never replaces a file, even one created meanwhile; a
        // name whose journal, lock or temporary file is there is not used
        // either (an orphaned journal must never meet a new session).
        while name_in_use(&path) || !atomic::create_new(&path, &text)? {
            path = self.dir.join(format!("{base}-{n}.ron"));
            n += 1;
        }
        Ok(path)
    }
}

impl Store {
    /// Refuses an output file (`export -o`) that is a session file or a
    /// side file of one (journal, lock, temporary file), by its name or by
    /// being the same file as one of `sessions` or of the sessions folder.
    ///
    /// # Errors
    /// [`StoreError::Io`] saying which file it is.
    pub fn check_output(&self, out: &Path, sessions: &[PathBuf]) -> Result<(), StoreError> {
        let refuse = |why: &str| {
            Err(StoreError::Io {
                path: out.to_owned(),
                message: format!("{why}; choose another output file"),
            })
        };
        // The same file as a session, under any name (a hard link too).
        if let Ok(meta) = fs::metadata(out) {
            let mut sessions: Vec<PathBuf> = sessions.to_vec();
            if let Ok(entries) = fs::read_dir(&self.dir) {
                sessions.extend(entries.filter_map(Result::ok).map(|e| e.path()));
            }
            for session in &sessions {
                let session_like = session.extension().is_some_and(|x| x == "ron");
                if session_like && fs::metadata(session).is_ok_and(|m| same_identity(&meta, &m)) {
                    return refuse("that is the session file itself");
                }
            }
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if Path::new(&name).extension().is_some_and(|e| e == "ron") {
            return refuse("a .ron name is kept for session files");
        }
        for ext in [".journal", ".lock", ".tmp"] {
            if name.ends_with(ext) {
                return refuse(&format!(
                    "a name ending in {ext} is kept for loopshop's own files"
                ));
            }
        }
        Ok(())
    }
}

/// Whether two metadata describe the same file.
fn same_identity(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether a session name, or any of its side files, is taken.
fn name_in_use(path: &Path) -> bool {
    name_taken(path)
        || ["journal", "lock", "tmp"]
            .iter()
            .any(|ext| name_taken(&super::side_path(path, ext)))
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
