//! Argument parsing and wiring only: each subcommand lives in its own file.

mod args;
mod background_export;
mod compare;
mod copy;
pub mod effects;
mod export;
mod export_package;
mod extension;
mod import;
pub mod keys;
mod list;
mod new;
mod output;
mod room;
mod round;
mod run;
mod serve;
mod show;
mod shutdown;
mod template;
mod usage;

pub use args::{Cli, Command};
pub use background_export::PANIC_FOR_TESTS;
pub use output::{Captured, capture};
pub(crate) use output::{print_data, print_err_line, print_out};
pub use usage::usage_line;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::store::{Closed, CommitError, Store, StoreError};
use crate::text_width::terminal::one_line_for_terminal;

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

/// What a writing command says when its change is durable but the session
/// file could not be compacted: one line on standard error (the command
/// still succeeds; the next open folds the journal in).
pub(crate) fn note_if_not_folded(closed: &Closed) {
    if let Closed::NotFolded(e) = closed {
        print_err_line(&format!(
            "note: saved in the session's journal, but the session file could not be \
             compacted ({e}); the journal is folded in when the session is next opened"
        ));
    }
}

/// Closes a session a command changed: `Ok` once every change is on disk
/// (with a note when only the compaction failed), else the error, and
/// nothing more is written.
pub(crate) fn close_engine(engine: crate::engine::Engine) -> Result<(), CliError> {
    let closed = engine
        .close()
        .map_err(|e| CliError::msg(format!("the last changes could not be saved: {e}")))?;
    note_if_not_folded(&closed);
    Ok(())
}

/// Reads a whole input file: a regular file within the input size limit.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    Ok(crate::store::read_input(path)?)
}

/// An error as the one line printed after `loopshop: `: whatever file
/// content it quotes, no line break or escape sequence reaches the terminal.
#[must_use]
pub fn error_line(e: &CliError) -> String {
    one_line_for_terminal(&e.to_string()).into_owned()
}

/// The sessions named on the command line, loaded read-only; several are
/// pooled into one (participants of different sessions are distinct people).
pub(crate) struct Loaded {
    /// The session, or every session pooled (rounds matched by number).
    pub session: crate::domain::Session,
    pub paths: Vec<PathBuf>,
    /// The sessions as read, when several were pooled.
    pub parts: Vec<crate::domain::Session>,
}

/// The longest pooled file-name stem spelled out in full.
const MAX_STEM: usize = 80;

impl Loaded {
    fn stem_of(path: &Path) -> String {
        path.file_stem().map_or_else(
            || "session".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    }

    /// File-name stem for outputs: the session's slug, or for pooled
    /// sessions all their slugs (`a+b`), shortened with a hash of them all
    /// when long, so that no two pools write the same files.
    pub fn stem(&self) -> String {
        let stems: Vec<String> = self.paths.iter().map(|p| Self::stem_of(p)).collect();
        let joined = stems.join("+");
        if stems.len() < 2 || joined.len() <= MAX_STEM {
            return if stems.is_empty() {
                "session".to_owned()
            } else {
                joined
            };
        }
        let digest = <sha2::Sha256 as sha2::Digest>::digest(joined.as_bytes());
        let hash = crate::store::hex(&digest[..5]);
        let first = crate::text_width::prefix_within(&stems[0], 40);
        format!("{first}+{}-more-{hash}", stems.len() - 1)
    }

    /// Each pooled session's label: its title, or its file name when
    /// another pooled session has the same title.
    pub fn labels(&self) -> Vec<String> {
        self.parts
            .iter()
            .zip(&self.paths)
            .map(|(s, p)| {
                let twice = self.parts.iter().filter(|o| o.title == s.title).count() > 1;
                if twice {
                    p.file_name()
                        .map_or_else(|| s.title.clone(), |n| n.to_string_lossy().into_owned())
                } else {
                    s.title.clone()
                }
            })
            .collect()
    }

    /// For pooled sessions, what the figures read under `choice`.
    pub fn pooled(
        &self,
        choice: crate::analysis::RoundChoice,
    ) -> Result<Option<crate::analysis::pool::Pooled>, CliError> {
        if self.parts.len() < 2 {
            return Ok(None);
        }
        crate::analysis::pool::pool_for_report(&self.parts, &self.labels(), choice)
            .map(Some)
            .map_err(|e| match e {
                // Refused as for one session, naming the one without it.
                crate::analysis::pool::PoolError::NoRound { round, .. } => {
                    CliError::msg(format!("--round {round}: {e}"))
                }
                e => CliError::msg(format!("cannot pool these sessions: {e}")),
            })
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
    let (session, parts) = if sessions.len() == 1 {
        (
            sessions.pop().ok_or_else(|| CliError::msg("no session"))?,
            Vec::new(),
        )
    } else {
        (
            crate::analysis::pool::pool(&sessions)
                .map_err(|e| CliError::msg(format!("cannot pool these sessions: {e}")))?,
            sessions,
        )
    };
    Ok(Loaded {
        session,
        paths,
        parts,
    })
}

/// `--round N` as a [`RoundChoice`]: refused when the session has no round N.
pub(crate) fn round_choice(
    session: &crate::domain::Session,
    round: Option<u32>,
) -> Result<crate::analysis::RoundChoice, CliError> {
    if let Some(n) = round
        && session.round(n).is_none()
    {
        let known: Vec<String> = session
            .rounds
            .iter()
            .map(|r| r.number.to_string())
            .collect();
        return Err(CliError::msg(format!(
            "--round {n}: the session has no round {n} (its rounds: {})",
            known.join(", ")
        )));
    }
    Ok(crate::analysis::RoundChoice::from_option(round))
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
    crate::store::set_max_input_mb(cli.max_input_mb);
    let ctx = Context::new(cli.dir);
    match cli.command {
        None => run::home(&ctx),
        Some(Command::New(a)) => new::run(&ctx, &a),
        Some(Command::Copy(a)) => copy::run(&ctx, &a),
        Some(Command::List(a)) => list::run(&ctx, &a),
        Some(Command::Show(a)) => show::run(&ctx, &a),
        Some(Command::Import(a)) => import::run(&ctx, &a),
        Some(Command::Export(a)) => export::run(&ctx, &a),
        Some(Command::Template(a)) => template::run(&ctx, &a),
        Some(Command::Run(a)) => run::facilitate(&ctx, &a),
        Some(Command::Review(a)) => run::review(&ctx, &a),
        Some(Command::Compare(a)) => compare::run(&ctx, &a),
        Some(Command::Serve(a)) => serve::run(&ctx, &a),
        Some(Command::Round(a)) => round::run(&ctx, &a),
    }
}
