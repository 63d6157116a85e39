//! One writer per session: an exclusive lock on `<file>.lock`, held for the
//! life of an [`super::OpenSession`]. The kernel drops it when the process
//! dies, even on `kill -9`, so a crash never leaves a session locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::error::{StoreError, io_error};
use super::side_path;

/// Holds the lock until dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// Takes the lock of the session at `path` without waiting.
pub(crate) fn acquire(path: &Path) -> Result<Lock, StoreError> {
    let lock_path = side_path(path, "lock");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| io_error(&lock_path, &e))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.to_owned(),
        }),
        Err(TryLockError::Error(e)) => Err(io_error(&lock_path, &e)),
    }
}
