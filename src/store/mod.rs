//! The only code that touches session files.
//!
//! A session is one readable, diffable RON file (`to_ron`). Changes are made
//! durable by appending one line per commit to `<file>.journal` and fsyncing
//! it; the journal is folded back into the file (written to a temporary file,
//! fsynced, renamed over it) every few hundred records and when the session
//! is closed. `<file>.lock` keeps a second writer out.
//!
//! - `folder.rs`: the sessions folder ([`Store`]: list, resolve, create);
//! - `file.rs`: reading and writing one session file ([`load`], [`to_ron`]);
//! - `open.rs`: a session opened by its one writer ([`OpenSession`]);
//! - `journal.rs`, `atomic.rs`, `lock.rs`, `rollback.rs`: the mechanisms;
//! - `fault.rs`: the fault seam the tests of the real binary use
//!   ([`FAULT_FOR_TESTS`], debug builds only).
//!
//! A change counts as saved once it is durable in the journal (or in the
//! file); [`OpenSession::close`] then says whether the fold into the file
//! worked ([`Closed`]), and [`OpenSession::abandon`] drops what could not
//! be saved without writing anything more, so that a command reporting a
//! failure has changed nothing. The journal, the lock file and temporary
//! files are never opened through a symbolic link: on Unix the open
//! refuses one itself (`O_NOFOLLOW`), however late it was swapped in.

mod atomic;
mod error;
mod fault;
mod file;
mod folder;
mod input;
mod journal;
mod lock;
mod open;
mod rollback;
mod secret;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub use atomic::write_file;
pub use error::{CommitError, StoreError, folder_fix};
pub use fault::FAULT_FOR_TESTS;
pub use file::{load, to_ron};
pub use folder::{SessionSummary, Store};
pub use input::{
    DEFAULT_MAX_INPUT_MB, InputFile, check_input, max_input_bytes, open_input, read_input,
    set_max_input_mb,
};
pub use open::{Closed, OpenSession, Run};
pub use secret::{hex, new_card_secret};

/// `<path>.<ext>`: the journal, lock and temporary files beside a session.
#[must_use]
pub fn side_path(path: &Path, ext: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}
