//! App state, commands and update (Elm style), a client of the session
//! engine. One queue: every input arrives as an [`Action`]; [`update`]
//! applies it and returns the [`Effect`]s (saving, reading the sessions
//! folder, exporting) for the loop to run. No terminal library here: keys
//! arrive already read as commands.

pub mod effects;
pub mod export;
pub mod keys;
mod state;
pub mod status;
mod update;

pub use effects::{Effect, dispatch};
pub use state::{
    AnalysisCursor, AnalysisKind, App, CompareView, DEFAULT_CARD_URL, EntryOrder, FlowDraft, Focus,
    GridCursor, HomeEntry, HomeState, IdeasCursor, IdeasView, InputPurpose, InputState, Modal,
    PickPurpose, PickState, Room, Screen, SessionView,
};
pub use status::{Level, Status};
pub use update::{Action, flow_nodes, kind_item, kind_letter, update};
