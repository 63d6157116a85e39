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
//! `show`, the home screen) are never blocked. The lock file is opened
//! "delete on close" there, so Windows removes it when its last handle
//! closes, on a crash too. A name whose file is about to go that way
//! cannot be opened again until then, so no second lock file can appear
//! beside a held one and the check above is not needed; an opener that
//! meets such a name is told the session is locked (docs/PLATFORMS.md).

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
        // Never through a link: it could create or lock any file.
        super::input::refuse_symlink(&lock_path)?;
        let file = match super::atomic::retrying(|| open_lock_file(&lock_path)) {
            Ok(file) => file,
            Err(e) => {
                // A link swapped in after the check above: refused by the
                // open itself, and named as such.
                super::input::refuse_symlink(&lock_path)?;
                return Err(open_error(path, &lock_path, &e));
            }
        };
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

/// Opens (or creates) the lock file; on Unix never through a link, even
/// one swapped in after the check (`O_NOFOLLOW`).
fn open_lock_file(lock_path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    super::atomic::no_follow(options.read(true).write(true).create(true).truncate(false));
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const GENERIC_READ: u32 = 0x8000_0000;
        const GENERIC_WRITE: u32 = 0x4000_0000;
        const DELETE: u32 = 0x0001_0000;
        const FILE_FLAG_DELETE_ON_CLOSE: u32 = 0x0400_0000;
        options
            .access_mode(GENERIC_READ | GENERIC_WRITE | DELETE)
            .custom_flags(FILE_FLAG_DELETE_ON_CLOSE);
    }
    options.open(lock_path)
}

/// The lock file could not be opened. On Windows "access denied" for a
/// lock file that is there means one whose last handle is closing: another
/// process holds (or just held) the session.
fn open_error(path: &Path, lock_path: &Path, e: &std::io::Error) -> StoreError {
    let listed = || {
        let dir = match lock_path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = lock_path.file_name();
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|entry| Some(entry.file_name().as_os_str()) == name)
        })
    };
    if cfg!(windows) && e.kind() == std::io::ErrorKind::PermissionDenied && listed() {
        return StoreError::Locked {
            path: path.to_owned(),
        };
    }
    io_error(lock_path, e)
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // `symlink_metadata`: a link swapped in after the open is not our file.
    match (file.metadata(), std::fs::symlink_metadata(path)) {
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
