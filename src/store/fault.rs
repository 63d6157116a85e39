//! A fault seam for the tests of the real binary: debug builds read
//! [`FAULT_FOR_TESTS`] and make the named writes fail as a full disk
//! would, so that a test can show what every writing command reports when
//! its change did or did not reach the disk (tests/cli/honest.rs). Release
//! builds do not read it.
//!
//! The value is a comma-separated list of:
//! - `rewrite`: every whole-file write (a session folded or created, an
//!   export) fails after its temporary file was created, which is then
//!   removed, as when the disk fills up while it is written;
//! - `journal`: every journal append fails after writing half of its bytes,
//!   which are then cut back;
//! - either followed by `:N` (`rewrite:1`): only the first N such writes of
//!   the process fail, as on a disk that frees up again, so that a write
//!   made after a command reported its failure would show.

use std::io;

/// The environment variable debug builds read (see the module docs).
pub const FAULT_FOR_TESTS: &str = "LOOPSHOP_TEST_FAULT";

/// A write the seam can make fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A whole file written through a temporary file.
    Rewrite,
    /// An append to a journal.
    Journal,
}

impl Fault {
    fn word(self) -> &'static str {
        match self {
            Self::Rewrite => "rewrite",
            Self::Journal => "journal",
        }
    }
}

/// The error a faulty write gets, if the seam asks for `fault`.
pub(crate) fn injected(fault: Fault) -> Option<io::Error> {
    asked(fault).then(|| {
        io::Error::new(
            io::ErrorKind::StorageFull,
            format!(
                "no space left on device ({FAULT_FOR_TESTS}={})",
                fault.word()
            ),
        )
    })
}

#[cfg(debug_assertions)]
fn asked(fault: Fault) -> bool {
    use std::sync::atomic::{AtomicU64, Ordering};
    /// How many writes of each kind the seam has failed so far.
    static FAILED: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];
    let Ok(value) = std::env::var(FAULT_FOR_TESTS) else {
        return false;
    };
    let limit = value.split(',').find_map(|w| {
        let (word, count) = w.trim().split_once(':').unwrap_or((w.trim(), ""));
        (word == fault.word()).then(|| count.parse::<u64>().unwrap_or(u64::MAX))
    });
    let Some(limit) = limit else {
        return false;
    };
    FAILED[fault as usize].fetch_add(1, Ordering::Relaxed) < limit
}

#[cfg(not(debug_assertions))]
fn asked(_: Fault) -> bool {
    false
}
