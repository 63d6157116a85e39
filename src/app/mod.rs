//! App state, actions and update (Elm style). One queue, one writer.
//!
//! All input arrives as [`Action`]s; [`update`] applies them. The only
//! writer of a session is the [`crate::store::OpenSession`] the app owns.

pub mod export;
pub mod keys;
mod state;
mod update;

pub use state::{
    AnalysisKind, App, CompareView, Doc, FlowDraft, HomeEntry, HomeState, IdeasView, InputPurpose,
    InputState, Modal, PickPurpose, PickState, Screen, SessionView,
};
pub use update::{Action, Record, flow_nodes, kind_item, kind_letter, live_aggregate, update};
