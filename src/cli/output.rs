//! Where commands write: standard output and error, or, inside
//! [`capture`], memory (the fuzz tests run thousands of commands in one
//! process through [`super::dispatch`] and look at what they print).

use std::cell::RefCell;
use std::io::Write;

use super::CliError;
use crate::text_width::terminal::{for_terminal, one_line_for_terminal};

/// What a command printed inside [`capture`].
#[derive(Debug, Default, Clone)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` with everything commands print kept in memory, on this thread.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    let before = CAPTURE.replace(Some(Captured::default()));
    let out = f();
    let captured = CAPTURE.replace(before).unwrap_or_default();
    (out, captured)
}

fn captured(write: impl FnOnce(&mut Captured)) -> bool {
    CAPTURE.with_borrow_mut(|c| c.as_mut().map(write).is_some())
}

/// Writes text meant for a person to standard output, through the terminal
/// sanitizer; a closed pipe (`| head`) is not an error.
pub(crate) fn print_out(text: &str) -> Result<(), CliError> {
    print_data(&for_terminal(text))
}

/// Writes a file format (CSV, JSON, Markdown...) to standard output as it is.
pub(crate) fn print_data(text: &str) -> Result<(), CliError> {
    print_bytes(text.as_bytes())
}

/// Whether output is being kept in memory ([`capture`]).
pub(crate) fn capturing() -> bool {
    CAPTURE.with_borrow(Option::is_some)
}

/// Writes bytes (a PDF, a PNG, or text) to standard output as they are.
pub(crate) fn print_bytes(bytes: &[u8]) -> Result<(), CliError> {
    if captured(|c| c.stdout.extend_from_slice(bytes)) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::msg(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// One `loopshop: ...` line on standard error (a problem among several, a
/// note), sanitized like every message.
pub(crate) fn print_err_line(text: &str) {
    let line = format!("loopshop: {}\n", one_line_for_terminal(text));
    if !captured(|c| c.stderr.extend_from_slice(line.as_bytes())) {
        eprint!("{line}");
    }
}
