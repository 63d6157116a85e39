//! One writer per session: an exclusive lock on `<file>.lock`, held for the
//! life of an [`super::OpenSession`]. The kernel drops it when the process
//! dies, even on `kill -9`, so a crash never leaves a session locked.
//!
//! On Unix the lock file is removed when the lock is released, so that it
//! does not litter the sessions folder. That is safe because a new holder
//! checks, after locking, that the path still names the file it locked; a
//! holder of a file that was removed meanwhile lets go and tries again.
//!
//! On Windows the lock (`LockFileEx`) is mandatory: while held, no other
//! handle can read or write the locked bytes. That is why the lock is on
//! `<file>.lock` and never on the session file, whose readers (`review`,
//! `show`, the home screen) are never blocked. The empty lock file stays
//! beside the session there: std cannot tell whether a path still names an
//! open file, so the removal above would not be safe (docs/PLATFORMS.md).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_error};
use super::side_path;

/// Holds the lock until dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    file: Option<File>,
    #[cfg_attr(not(unix), allow(dead_code))]
    path: PathBuf,
}

/// Takes the lock of the session at `path` without waiting.
pub(crate) fn acquire(path: &Path) -> Result<Lock, StoreError> {
    let lock_path = side_path(path, "lock");
    for _ in 0..100 {
        let file = super::atomic::retrying(|| {
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock_path)
        })
        .map_err(|e| io_error(&lock_path, &e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_owned(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(&lock_path, &e)),
        }
        if still_named(&file, &lock_path) {
            return Ok(Lock {
                file: Some(file),
                path: lock_path,
            });
        }
        // The previous holder removed it between our open and our lock.
    }
    Err(StoreError::Io {
        path: lock_path,
        message: "cannot take the lock: the lock file keeps changing".to_owned(),
    })
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the name while still holding the lock, then release it.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}
