//! What `update` asks the loop to do, as plain data: anything that touches
//! files, threads or the network. The one runner of effects is the
//! terminal's loop (`cli::effects`), so that `app` itself never does I/O.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Make the session's staged changes durable (one fsync for all of them).
    Save,
    /// Read the sessions folder again and show the home screen.
    ReloadHome,
    /// Export a snapshot of the session on screen, in the background.
    Export,
    /// Open a session from the home screen, to facilitate or to review.
    Open { path: PathBuf, review: bool },
    /// Create a session from the default template in `language` and
    /// facilitate it.
    Create {
        title: String,
        blind: bool,
        language: String,
    },
    /// Facilitate a copy of a shipped example (a new session file), so
    /// that the example itself never changes.
    CopyExample { path: PathBuf },
    /// Read two sessions and compare their latest rated rounds.
    Compare { a: PathBuf, b: PathBuf },
    /// Start (or stop) the participants' server.
    ToggleServer,
    /// Replace the join code (randomness comes from the runner's side too).
    NewJoinCode,
    /// Write the join cards of the session on screen to the exports folder.
    JoinCards,
    /// Put text on the clipboard (the terminal's, through OSC 52).
    Copy(String),
}

/// What a background export produced: how many files, in which folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The one-file formats written.
    pub files: usize,
    pub dir: PathBuf,
    /// The research data package's folder inside `dir`, when written.
    pub package: Option<String>,
}
