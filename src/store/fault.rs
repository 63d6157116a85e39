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
//!   which are then cut back.

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
    std::env::var(FAULT_FOR_TESTS).is_ok_and(|v| v.split(',').any(|w| w.trim() == fault.word()))
}

#[cfg(not(debug_assertions))]
fn asked(_: Fault) -> bool {
    false
}
