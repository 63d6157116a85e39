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

use std::path::PathBuf;

use thiserror::Error;

use crate::store::{Store, StoreError};

/// A user-facing error: printed as one line on stderr, exit code 1.
#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Message(String),
}

impl CliError {
    pub fn msg(text: impl Into<String>) -> Self {
        Self::Message(text.into())
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
