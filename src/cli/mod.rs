//! Argument parsing and wiring only: each subcommand lives in its own file.

mod args;
mod compare;
mod export;
mod import;
pub mod keys;
mod list;
mod new;
mod room;
mod run;
mod serve;
mod show;
mod shutdown;
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

/// The sessions named on the command line, loaded read-only; several are
/// pooled into one (participants of different sessions are distinct people).
pub(crate) struct Loaded {
    pub session: crate::domain::Session,
    pub paths: Vec<PathBuf>,
}

impl Loaded {
    /// File-name stem for outputs: the session's slug, or `<first>-pooled`.
    pub fn stem(&self) -> String {
        let first = self.paths.first().and_then(|p| p.file_stem()).map_or_else(
            || "session".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        if self.paths.len() > 1 {
            format!("{first}-pooled")
        } else {
            first
        }
    }
}

pub(crate) fn load_sessions(
    ctx: &Context,
    args: &[String],
    command: &str,
) -> Result<Loaded, CliError> {
    if args.is_empty() {
        return Err(CliError::msg(format!(
            "'{command}' needs a session (path or slug)"
        )));
    }
    let mut paths = Vec::with_capacity(args.len());
    let mut sessions = Vec::with_capacity(args.len());
    for arg in args {
        let path = ctx.store.resolve(arg)?;
        sessions.push(crate::store::load(&path)?);
        paths.push(path);
    }
    let session = if sessions.len() == 1 {
        sessions.pop().ok_or_else(|| CliError::msg("no session"))?
    } else {
        crate::analysis::pool::pool(&sessions)
            .map_err(|e| CliError::msg(format!("cannot pool these sessions: {e}")))?
    };
    Ok(Loaded { session, paths })
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
        Some(Command::Serve(a)) => serve::run(&ctx, &a),
    }
}
