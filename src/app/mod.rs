//! App state, commands and update (Elm style), a client of the session
//! engine. One queue: every input arrives as an [`Action`]; [`update`]
//! applies it and returns the [`Effect`]s (saving, reading the sessions
//! folder, exporting) as data for the loop's runner (`cli::effects`). No
//! terminal library and no I/O here: keys arrive already read as commands.

mod effect;
pub mod keys;
mod state;
pub mod status;
mod update;

pub use effect::{Effect, Exported};
pub use state::{
    AnalysisCursor, AnalysisKind, App, CompareView, DEFAULT_CARD_URL, EntryOrder, FlowDraft, Focus,
    GridCursor, HomeEntry, HomeState, IdeasCursor, IdeasView, InputPurpose, InputState, Modal,
    PickPurpose, PickState, Room, Screen, SessionView,
};
pub use status::{Level, Status};
pub(crate) use update::show_compare;
pub use update::{Action, flow_nodes, kind_item, roster_words, update};
