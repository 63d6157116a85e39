//! Whole-file writes that are all or nothing: write a temporary file, fsync
//! it, rename (or link) it into place, fsync the folder.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::error::{StoreError, io_error};
use super::side_path;

/// Replaces `path` with `text` atomically and durably. On error the old file
/// is untouched.
pub(crate) fn replace(path: &Path, text: &str) -> Result<(), StoreError> {
    let tmp = side_path(path, "tmp");
    write_synced(&tmp, text)?;
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, &e));
    }
    sync_dir(path)
}

/// Writes `text` to `path` atomically and durably unless `path` exists.
/// Returns false, writing nothing, when it exists.
pub(crate) fn create_new(path: &Path, text: &str) -> Result<bool, StoreError> {
    let tmp = side_path(path, &format!("{}.tmp", std::process::id()));
    write_synced(&tmp, text)?;
    let placed = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // A file system without hard links: fall back to a checked rename.
        Err(_) if path.exists() => Ok(false),
        Err(_) => fs::rename(&tmp, path)
            .map(|()| true)
            .map_err(|e| io_error(path, &e)),
    };
    if tmp.exists() {
        let _ = fs::remove_file(&tmp);
    }
    if placed? {
        sync_dir(path)?;
        return Ok(true);
    }
    Ok(false)
}

fn write_synced(path: &Path, text: &str) -> Result<(), StoreError> {
    let result = File::create(path).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = result {
        // Best effort: do not leave a half-written temporary file behind.
        if path.is_file() {
            let _ = fs::remove_file(path);
        }
        return Err(io_error(path, &e));
    }
    Ok(())
}

/// Makes a rename or a new name in the folder of `path` durable.
pub(crate) fn sync_dir(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error(dir, &e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
