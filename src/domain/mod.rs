//! The workshop model: templates, sessions, ratings and the changes that
//! build them. Pure and serde-only: no UI, no files.

pub mod cards;
mod change;
mod compact;
mod default_template;
mod id;
mod language;
pub mod names;
mod positions;
mod session;
pub mod session_check;
pub mod text;

mod template;
pub mod template_check;

pub use change::{
    ApplyIndex, Change, ChangeError, MAX_TITLE_CHARS, check_title, fold_alias, same_alias,
};
pub use compact::with_earlier_rating_form;
pub use default_template::{
    BUILTIN_TEMPLATES, DEFAULT_TEMPLATE_RON, builtin_template, default_template,
    default_template_in, default_template_name,
};
pub use id::{Id, Ids};
pub use language::{DEFAULT_LANGUAGE, is_language_code};
pub use positions::Positions;
pub use session::{
    Access, CellKey, Device, EnteredBy, ExerciseRun, Flow, FlowKind, Idea, Note, Participant,
    RatingEntry, RatingRef, RatingSheet, RosterMode, Round, SCHEMA_VERSION, Score, Session,
    Strength, default_max_participants, listed_count, slug,
};
pub use template::{
    Anchors, Band, ConsensusRule, Dimension, Exercise, ExerciseKind, FlowNode, FlowNodeRole,
    ModelMapping, QuadrantLabels, Scale, Stage, Technology, Template,
};
pub use text::{
    BOM, MAX_COMMENT_BYTES, fold, guard_formula, has_control, has_control_multiline, ron_problem,
    strip_bom, unguard_formula,
};
