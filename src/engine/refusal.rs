//! Why the engine did not carry out an intent, worded for the person who
//! sent it. Nothing changed, in memory or on disk.

use thiserror::Error;

use crate::domain::ChangeError;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("read-only: this session is open for review, nothing can be changed")]
    ReadOnly,
    /// The session's own rules (template, ids, scales) refuse it.
    #[error(transparent)]
    Invalid(#[from] ChangeError),
    #[error("only the facilitator may {0}")]
    FacilitatorOnly(&'static str),
    #[error("a participant may change only their own {0}")]
    NotYours(&'static str),
    #[error("'{0}' is not open for rating now")]
    NotOpen(String),
    #[error("ideas and dots are taken only during the ideas exercise")]
    NoIdeasNow,
    #[error("{0}")]
    Empty(&'static str),
    #[error("{0}")]
    NoSuchExercise(&'static str),
    #[error("round {0} is not blind, the group is shown (start a blind round first)")]
    NotBlind(u32),
    #[error("the cell has no rating to comment on; rate it first")]
    NothingToComment,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("wrong join code")]
    WrongCode,
    #[error(
        "wrong or missing board key: open the board's address as the facilitator's screen shows it"
    )]
    WrongBoardKey,
    #[error("joining is closed; ask the facilitator")]
    RosterClosed,
    #[error("only personal join cards join this session; ask the facilitator for yours")]
    CardsOnly,
    #[error("this name is not on the list; ask the facilitator to add you")]
    NotListed,
    #[error("the session is full; ask the facilitator")]
    Full,
    #[error("{0} already has a device; the facilitator must approve this one")]
    SecondDevice(String),
    #[error("this device waits for the facilitator's approval")]
    AwaitingApproval,
    #[error("this device is not signed in (join again)")]
    UnknownDevice,
    #[error("a name needs at least one letter and no control characters")]
    BadAlias,
    /// A name near a listed participant's: the phone asks before a new
    /// participant is made (join again with that name, or say it is new).
    #[error("are you {0}? Join with that name, or send \"new\": true if you are someone else")]
    AreYou(String),
    /// Another actor changed what this undo or redo would put back.
    #[error("cannot {action}: {who} has changed {what} since")]
    Conflict {
        action: &'static str,
        who: String,
        what: String,
    },
}
