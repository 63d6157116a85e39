//! Whole-file writes that are all or nothing: write a temporary file created
//! exclusively beside the target, fsync it, rename (or link) it into place,
//! fsync the folder. The one way loopshop writes a whole file: sessions,
//! exports and `export -o` all go through [`write_file`].

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_error};
use super::side_path;

/// Replaces (or creates) `path` with `bytes` atomically and durably. On
/// error the old file is untouched and no temporary file is left behind.
///
/// # Errors
/// When the temporary file cannot be written or renamed into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp = write_temporary(path, "tmp", bytes)?;
    // The new file keeps the old one's permissions: a private session
    // stays private after a save.
    if let Ok(meta) = fs::symlink_metadata(path)
        && meta.is_file()
    {
        let _ = fs::set_permissions(&tmp, meta.permissions());
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, &e));
    }
    sync_dir(path)
}

/// Writes `text` to `path` atomically and durably unless `path` exists.
/// Returns false, writing nothing, when it exists.
pub(crate) fn create_new(path: &Path, text: &str) -> Result<bool, StoreError> {
    // Two processes may create sessions of the same name at once.
    let tmp = write_temporary(
        path,
        &format!("{}.tmp", std::process::id()),
        text.as_bytes(),
    )?;
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

/// A new temporary file `<path>.<suffix>` holding `bytes`, fsynced. It is
/// created exclusively, so a link or folder planted at that name is never
/// written through: a regular file left there by a crash is removed first,
/// anything else is refused with its name.
fn write_temporary(path: &Path, suffix: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let tmp = side_path(path, suffix);
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp);
    if matches!(&file, Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists) {
        match fs::symlink_metadata(&tmp) {
            Ok(m) if m.file_type().is_file() => {
                let _ = fs::remove_file(&tmp);
                file = OpenOptions::new().write(true).create_new(true).open(&tmp);
            }
            _ => {
                return Err(StoreError::Io {
                    path: tmp,
                    message: "is in the way of saving and is not a file loopshop left; \
                              move it away"
                        .to_owned(),
                });
            }
        }
    }
    // Named by the file the user asked for, not the temporary one.
    let file = file.map_err(|e| io_error(path, &e))?;
    if let Err(e) = fill(file, bytes) {
        // Best effort: do not leave a half-written temporary file behind.
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, &e));
    }
    Ok(tmp)
}

fn fill(mut file: File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
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
