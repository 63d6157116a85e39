//! Reading input files safely: regular files only (a pipe with no writer
//! would block forever, `/dev/zero` never ends) and within a size limit, so
//! that no input can make loopshop hang or grow without bound. The same
//! reader serves sessions, journals, templates and CSV files.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::{StoreError, io_error};

/// The default limit of an input file: 256 MiB.
pub const DEFAULT_MAX_INPUT_MB: u64 = 256;

const MB: u64 = 1 << 20;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_MB * MB);

/// Sets the limit of every input file for this process, in MiB
/// (`--max-input-mb`). A file over it is refused, never truncated.
pub fn set_max_input_mb(mb: u64) {
    MAX_INPUT_BYTES.store(mb.saturating_mul(MB), Ordering::Relaxed);
}

/// The limit of every input file, in bytes.
#[must_use]
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

fn too_big(path: &Path, size: u64, limit: u64) -> StoreError {
    StoreError::TooBig {
        path: path.to_owned(),
        // To the nearest MB, but never shown as within the limit.
        size_mb: (size.saturating_add(MB / 2) / MB).max(limit / MB + 1),
        limit_mb: limit / MB,
    }
}

/// Checks, without opening it, that `path` is a regular file within the
/// limit: a pipe or a device is refused before anything waits on it.
///
/// # Errors
/// [`StoreError::NotRegular`], [`StoreError::TooBig`], or the I/O error.
pub fn check_input(path: &Path) -> Result<(), StoreError> {
    let meta = fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_file() {
        return Err(StoreError::NotRegular {
            path: path.to_owned(),
        });
    }
    if meta.len() > max_input_bytes() {
        return Err(too_big(path, meta.len(), max_input_bytes()));
    }
    Ok(())
}

/// Opens an input file after [`check_input`], and checks the opened file
/// again: a pipe put in its place meanwhile is refused, not waited on.
fn open_checked(path: &Path) -> Result<File, StoreError> {
    check_input(path)?;
    // On Windows a file being replaced by its writer is opened again.
    let file = super::atomic::retrying(|| File::open(path)).map_err(|e| io_error(path, &e))?;
    let meta = file.metadata().map_err(|e| io_error(path, &e))?;
    if !meta.is_file() {
        return Err(StoreError::NotRegular {
            path: path.to_owned(),
        });
    }
    if meta.len() > max_input_bytes() {
        return Err(too_big(path, meta.len(), max_input_bytes()));
    }
    Ok(file)
}

/// Reads a whole input file (see [`check_input`]). A file that grows past
/// the limit while it is read is refused too.
///
/// # Errors
/// As [`check_input`], or when reading fails.
pub fn read_input(path: &Path) -> Result<Vec<u8>, StoreError> {
    let file = open_checked(path)?;
    let limit = max_input_bytes();
    let expected = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(path, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// An input file read a piece at a time (a CSV file imported row by row),
/// within the same limit as [`read_input`]: a read that would go past it
/// fails with the limit's message, so a file that grows while it is read
/// is refused, never truncated.
#[derive(Debug)]
pub struct InputFile {
    file: std::io::Take<File>,
    path: PathBuf,
    read: u64,
    limit: u64,
}

/// Opens an input file to read it a piece at a time (see [`InputFile`]).
/// Open it before taking a session's lock: a pipe or a device is refused
/// here, without waiting.
///
/// # Errors
/// As [`check_input`], or when opening fails.
pub fn open_input(path: &Path) -> Result<InputFile, StoreError> {
    Ok(InputFile::new(open_checked(path)?, path, max_input_bytes()))
}

impl InputFile {
    fn new(file: File, path: &Path, limit: u64) -> Self {
        Self {
            file: file.take(limit.saturating_add(1)),
            path: path.to_owned(),
            read: 0,
            limit,
        }
    }
}

impl Read for InputFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other(
                too_big(&self.path, self.read, self.limit).to_string(),
            ));
        }
        Ok(n)
    }
}

/// Refuses a path that is a symbolic link: loopshop writes sessions and
/// their side files only under their own names, so that a link planted in
/// a shared folder cannot redirect a write to another file.
///
/// # Errors
/// [`StoreError::Symlink`] naming where the link points.
pub(crate) fn refuse_symlink(path: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(StoreError::Symlink {
            path: path.to_owned(),
            target: real_target(path),
        }),
        _ => Ok(()),
    }
}

/// Where a link finally points, if anywhere.
fn real_target(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok()
}

/// Whether something (a file, a folder, a link, even a dangling one) has
/// this name.
pub(crate) fn name_taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_grew_past_the_limit_fails_when_read_never_truncated() {
        let dir = std::env::temp_dir().join(format!("loopshop-input-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        let path = dir.join("grown.csv");
        assert!(fs::write(&path, vec![b'x'; 3 << 20]).is_ok());
        let file = File::open(&path).map_err(|e| e.to_string());
        let Ok(file) = file else {
            panic!("{file:?}");
        };
        // As if the file had been 1 MB when it was checked.
        let mut input = InputFile::new(file, &path, MB);
        let mut bytes = Vec::new();
        let read = input.read_to_end(&mut bytes).map_err(|e| e.to_string());
        let _ = fs::remove_dir_all(&dir);
        let message = read.err().unwrap_or_default();
        assert!(
            message.ends_with("grown.csv is 2 MB, over the 1 MB limit for input files; raise it with --max-input-mb N (or LOOPSHOP_MAX_INPUT_MB) if the file is right"),
            "{message}"
        );
    }

    #[test]
    fn folders_are_not_inputs() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            check_input(&dir),
            Err(StoreError::NotRegular { .. })
        ));
    }
}
