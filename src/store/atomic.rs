//! Whole-file writes that are all or nothing: write a temporary file created
//! exclusively beside the target, fsync it, rename (or link) it into place,
//! make the new name durable. The one way loopshop writes a whole file:
//! sessions, exports and `export -o` all go through [`write_file`].
//!
//! Making the name durable differs by system (docs/PLATFORMS.md):
//! - Unix: fsync the folder (`sync_dir`). On macOS `sync_all` is
//!   `F_FULLFSYNC`, which also empties the drive's cache.
//! - Windows has no folder fsync. The temporary file's handle stays open
//!   across the rename and is flushed again afterwards (`FlushFileBuffers`,
//!   through `sync_all`); on NTFS that writes the metadata log, in which the
//!   rename is recorded, up to that point.
//!
//! On Windows a file can be open in a way that forbids renaming over it (an
//! antivirus scanner, a backup or sync tool, an editor reading it without
//! `FILE_SHARE_DELETE`; loopshop's own readers always share). Such a
//! rename fails with a sharing violation or "access denied" and is retried
//! for about two seconds; after that the save reports the error, the old
//! file stays whole, and the change stays in memory and in the journal
//! for the next try, which makes one attempt without waiting (`HELD`).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::error::{StoreError, io_error};
use super::side_path;

/// Pauses between tries of a rename that another program blocks: about two
/// seconds in all, short at first (scanners usually let go within
/// milliseconds).
const RETRY_PAUSES_MS: [u64; 11] = [2, 5, 10, 20, 40, 80, 160, 300, 400, 500, 500];

/// Files whose last replace ran out of tries because another program held
/// them. The app retries a failed save every quarter second; those tries
/// make one attempt each instead of waiting again, so that the screen stays
/// responsive. The first success clears it.
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn held() -> MutexGuard<'static, Vec<PathBuf>> {
    HELD.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Replaces (or creates) `path` with `bytes` atomically and durably. On
/// error the old file is untouched and no temporary file is left behind.
///
/// # Errors
/// When the temporary file cannot be written or renamed into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let (tmp, file) = write_temporary(path, "tmp", bytes)?;
    // The new file keeps the old one's permissions: a private session
    // stays private after a save. Set through the open handle, never by
    // name: a link swapped in for the temporary file is not followed.
    if let Ok(meta) = fs::symlink_metadata(path)
        && meta.is_file()
    {
        let _ = file.set_permissions(meta.permissions());
    }
    let patient = !held().iter().any(|p| p == path);
    let renamed = if patient {
        retrying(|| fs::rename(&tmp, path))
    } else {
        fs::rename(&tmp, path)
    };
    if let Err(e) = renamed {
        drop(file);
        let _ = fs::remove_file(&tmp);
        if held_elsewhere(&e) && patient {
            held().push(path.to_owned());
        }
        return Err(failed(path, &e, patient));
    }
    held().retain(|p| p != path);
    sync_new_name(&file, path)
}

/// Writes `text` to `path` atomically and durably unless `path` exists.
/// Returns false, writing nothing, when it exists.
pub(crate) fn create_new(path: &Path, text: &str) -> Result<bool, StoreError> {
    // Two processes may create sessions of the same name at once.
    let (tmp, file) = write_temporary(
        path,
        &format!("{}.tmp", std::process::id()),
        text.as_bytes(),
    )?;
    let placed = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // A file system without hard links: fall back to a checked rename.
        Err(_) if path.exists() => Ok(false),
        Err(_) => retrying(|| fs::rename(&tmp, path))
            .map(|()| true)
            .map_err(|e| failed(path, &e, true)),
    };
    if tmp.exists() {
        let _ = fs::remove_file(&tmp);
    }
    if placed? {
        sync_new_name(&file, path)?;
        return Ok(true);
    }
    Ok(false)
}

/// A new temporary file `<path>.<suffix>` holding `bytes`, fsynced, and its
/// still open handle. It is created exclusively and without following a
/// link (`O_EXCL`, and `O_NOFOLLOW` on Unix), so a link or folder planted
/// at that name is never written through, however late it appears: a
/// regular file left there by a crash is removed first, anything else is
/// refused with its name.
fn write_temporary(path: &Path, suffix: &str, bytes: &[u8]) -> Result<(PathBuf, File), StoreError> {
    let tmp = side_path(path, suffix);
    let create =
        || retrying(|| no_follow(OpenOptions::new().write(true).create_new(true)).open(&tmp));
    let mut file = create();
    if matches!(&file, Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists) {
        match fs::symlink_metadata(&tmp) {
            Ok(m) if m.file_type().is_file() => {
                let _ = fs::remove_file(&tmp);
                file = create();
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
    let mut file = file.map_err(|e| failed(path, &e, true))?;
    let written = match super::fault::injected(super::fault::Fault::Rewrite) {
        Some(e) => Err(e),
        None => file.write_all(bytes).and_then(|()| file.sync_all()),
    };
    if let Err(e) = written {
        // Best effort: do not leave a half-written temporary file behind.
        drop(file);
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, &e));
    }
    Ok((tmp, file))
}

/// `options` that never follow a link at the last component of the path:
/// on Unix the open itself refuses one (`O_NOFOLLOW`), so a link swapped in
/// after any check is refused too. Windows has no such flag; its callers
/// check first.
pub(crate) fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW)
    }
    #[cfg(not(unix))]
    {
        options
    }
}

/// Makes the name `path` just given to the already synced `file` durable.
fn sync_new_name(file: &File, path: &Path) -> Result<(), StoreError> {
    if cfg!(windows) {
        file.sync_all().map_err(|e| io_error(path, &e))
    } else {
        sync_dir(path)
    }
}

/// Makes a rename or a new name in the folder of `path` durable. Nothing to
/// do on Windows, where the file's own flush does it (see the module docs).
#[cfg_attr(
    not(unix),
    expect(
        clippy::unnecessary_wraps,
        reason = "a folder fsync can fail on Unix; Windows has none"
    )
)]
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

/// Runs `op`, and again after a pause while it fails because another
/// program holds the file (only Windows fails that way).
pub(crate) fn retrying<T>(mut op: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    let mut pauses = RETRY_PAUSES_MS.iter();
    loop {
        match op() {
            Err(e) if held_elsewhere(&e) => match pauses.next() {
                Some(&ms) => std::thread::sleep(Duration::from_millis(ms)),
                None => return Err(e),
            },
            other => return other,
        }
    }
}

/// Windows' "sharing violation" (32), "lock violation" (33) and "access
/// denied" (5), which is what replacing a file open without
/// `FILE_SHARE_DELETE`, or one whose deletion is still pending, gives.
fn held_elsewhere(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// The error of `path`, saying what most likely holds the file when the
/// tries ran out (`waited`: after the pauses of `retrying`).
fn failed(path: &Path, e: &std::io::Error, waited: bool) -> StoreError {
    if !held_elsewhere(e) {
        return io_error(path, e);
    }
    let waited = if waited {
        let total: u64 = RETRY_PAUSES_MS.iter().sum();
        format!("; tried again for {:.1} s", total as f64 / 1000.0)
    } else {
        String::new()
    };
    StoreError::Io {
        path: path.to_owned(),
        message: format!(
            "{e} (another program, such as a virus scanner, a backup or sync tool or an \
             editor, may hold the file open{waited})"
        ),
    }
}
