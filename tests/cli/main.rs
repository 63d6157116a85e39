//! The command-line tests: the real binary (or `LOOPSHOP_BIN`) run on
//! files, one module per command or kind of input, and the fuzzed inputs.
//! `.ci/run` runs some of these modules against the Windows build under Wine.

#[path = "../support/mod.rs"]
mod support;

mod commands;
mod example;
mod fuzz_hostile;
mod honest;
mod hostile_files;
mod hostile_sessions;
mod hostile_text;
mod import;
mod import_wide;
mod lang;
mod messages;
mod new;
mod rounds;
mod template;
mod text_crlf;
