//! Argument parsing and wiring only: each subcommand lives in its own file.

mod args;
mod compare;
mod export;
mod import;
mod list;
mod new;
mod run;
mod show;
mod template;

pub use args::{Cli, Command, ExportFormat};

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::store::{CommitError, Store, StoreError};

/// A user-facing error: printed as one line on stderr, exit code 1.
#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Commit(#[from] CommitError),
    #[error("{0}")]
    Message(String),
}

impl CliError {
    pub fn msg(text: impl Into<String>) -> Self {
        Self::Message(text.into())
    }
}

/// Reads a whole file, with its path in the error.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::msg(format!("{}: {e}", path.display())))
}

/// Writes `text` to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn print_out(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::msg(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// The one session of a command that will later pool several.
pub(crate) fn one_session<'a>(sessions: &'a [String], command: &str) -> Result<&'a str, CliError> {
    match sessions {
        [one] => Ok(one),
        [] => Err(CliError::msg(format!(
            "'{command}' needs a session (path or slug)"
        ))),
        _ => Err(CliError::msg(format!(
            "'{command}' takes one session for now; pooling several sessions is not available yet"
        ))),
    }
}

/// What every command gets: the sessions folder.
#[derive(Debug, Clone)]
pub struct Context {
    pub store: Store,
}

impl Context {
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self {
            store: Store::new(dir),
        }
    }
}

/// Runs one parsed command line.
///
/// # Errors
/// A [`CliError`] worded for the person at the terminal.
pub fn dispatch(cli: Cli) -> Result<(), CliError> {
    let ctx = Context::new(cli.dir);
    match cli.command {
        None => run::home(&ctx),
        Some(Command::New(a)) => new::run(&ctx, &a),
        Some(Command::List(a)) => list::run(&ctx, &a),
        Some(Command::Show(a)) => show::run(&ctx, &a),
        Some(Command::Import(a)) => import::run(&ctx, &a),
        Some(Command::Export(a)) => export::run(&ctx, &a),
        Some(Command::Template(a)) => template::run(&ctx, &a),
        Some(Command::Run(a)) => run::facilitate(&ctx, &a),
        Some(Command::Review(a)) => run::review(&ctx, &a),
        Some(Command::Compare(a)) => compare::run(&ctx, &a),
    }
}
