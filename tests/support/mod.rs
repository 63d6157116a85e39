//! Helpers shared by the test targets; each target's `main.rs` includes this
//! module with `#[path = "../support/mod.rs"] mod support;`.
// Every target compiles all of it and uses only some of it.
#![allow(dead_code)]

pub mod cli;
pub mod pty;
pub mod server;
pub mod tui;
pub mod webdriver;

/// proptest's configuration for these tests: `cases` cases, and failures
/// saved beside the test's source file as `<module>.proptest-regressions`
/// (`tests/store/files.proptest-regressions`), where they are read back.
/// proptest's default would look for the folder holding a `main.rs` (the
/// target's) and save into `tests/proptest-regressions/<module>.txt`, one
/// folder for the modules of every target.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}
