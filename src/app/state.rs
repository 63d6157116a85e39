//! Application state. Everything the screen shows is read from here.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::{Exercise, ExerciseKind, FlowKind, Score, Session, Strength, Template};
use crate::engine::{Engine, Viewer};
use crate::store::{SessionSummary, Store, StoreError};

use super::effect::Effect;
use super::keys::Ctx;
use super::status::Status;

/// The whole application.
#[derive(Debug)]
pub struct App {
    pub store: Store,
    /// Wall clock as of the last action (ticks carry it), so that rendering
    /// and tests are deterministic.
    pub now: DateTime<Utc>,
    /// False when `NO_COLOR` is set: the theme then uses no colours.
    pub color: bool,
    pub screen: Screen,
    pub modal: Option<Modal>,
    /// One line about the last thing that happened (refusals included).
    pub status: Option<Status>,
    pub quit: bool,
    /// Work for the loop to do after this update (see [`Effect`]).
    pub effects: Vec<Effect>,
    /// The comparison on screen over everything else, when open.
    pub compare: Option<CompareView>,
    /// An export is running in the background.
    pub exporting: bool,
    /// The address printed on join cards while the participants' server is
    /// off (the terminal sets it from the LAN address and port it would use).
    pub card_url: String,
}

impl Modal {
    /// A text box asking `prompt`, for `purpose`, empty.
    #[must_use]
    pub fn input(prompt: &str, purpose: InputPurpose) -> Self {
        Self::Input(InputState {
            prompt: prompt.to_owned(),
            text: String::new(),
            purpose,
        })
    }
}

/// The address on join cards when nothing else is known.
pub const DEFAULT_CARD_URL: &str = crate::domain::cards::DEFAULT_URL;

#[derive(Debug)]
pub enum Screen {
    Home(HomeState),
    Session(Box<SessionView>),
}

/// The home screen: the sessions folder.
#[derive(Debug, Default)]
pub struct HomeState {
    pub entries: Vec<HomeEntry>,
    pub filter: String,
    /// Whether `/` is filtering: printable keys go into the filter instead
    /// of being commands.
    pub filtering: bool,
    /// Index into the filtered list.
    pub selected: usize,
    /// Why the folder could not be read, if it could not.
    pub error: Option<String>,
    /// The session marked to be compared with another.
    pub marked: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum HomeEntry {
    Ok(SessionSummary),
    Broken {
        path: Option<PathBuf>,
        error: String,
    },
}

impl HomeEntry {
    #[must_use]
    pub fn title(&self) -> &str {
        match self {
            Self::Ok(s) => &s.title,
            Self::Broken { error, .. } => error,
        }
    }

    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Ok(s) => Some(&s.path),
            Self::Broken { path, .. } => path.as_deref(),
        }
    }
}

/// What reading the sessions folder gave: each session's summary or why it
/// is unreadable, or why the folder itself could not be read.
pub type Listing = Result<Vec<Result<SessionSummary, StoreError>>, StoreError>;

impl HomeState {
    /// The home screen over a listing of the sessions folder (the runner
    /// reads the folder: `app` does no I/O).
    #[must_use]
    pub fn from_listing(listing: Listing) -> Self {
        let mut home = Self::default();
        match listing {
            Ok(list) => {
                home.entries = list
                    .into_iter()
                    .map(|r| match r {
                        Ok(s) => HomeEntry::Ok(s),
                        Err(e) => HomeEntry::Broken {
                            path: error_path(&e),
                            error: e.to_string(),
                        },
                    })
                    .collect();
            }
            Err(e) => home.error = Some(e.to_string()),
        }
        home.clamp();
        home
    }

    /// Entries whose title contains the filter (case-insensitive).
    #[must_use]
    pub fn visible(&self) -> Vec<&HomeEntry> {
        let f = self.filter.to_lowercase();
        self.entries
            .iter()
            .filter(|e| f.is_empty() || e.title().to_lowercase().contains(&f))
            .collect()
    }

    pub fn clamp(&mut self) {
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    #[must_use]
    pub fn selected_path(&self) -> Option<PathBuf> {
        self.visible()
            .get(self.selected)
            .and_then(|e| e.path().map(Path::to_owned))
    }
}

fn error_path(e: &StoreError) -> Option<PathBuf> {
    e.path().map(Path::to_owned)
}

/// One view of the analysis of a round: Figure 2, Figure 1, or both as
/// plain text tables (screen readers, monochrome terminals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnalysisKind {
    #[default]
    Model,
    Matrix,
    Text,
}

impl AnalysisKind {
    pub const ALL: [Self; 3] = [Self::Model, Self::Matrix, Self::Text];

    /// The next view, round and round.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Model => Self::Matrix,
            Self::Matrix => Self::Text,
            Self::Text => Self::Model,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Matrix => "matrix",
            Self::Text => "text",
        }
    }
}

/// Which part of an ideas exercise is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdeasView {
    #[default]
    List,
    /// Every idea, most dots first.
    Ranked,
    Tally,
    Grid,
}

/// The focused cell of a rating grid: participant row and stage column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    pub row: usize,
    pub col: usize,
}

/// The way the focus moves after a score: along a participant's row, or
/// down a stage's column (as scores are called out "Mining: 3, 4, 4, ...").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntryOrder {
    #[default]
    AlongRow,
    DownColumn,
}

impl EntryOrder {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::AlongRow => "along each participant's row",
            Self::DownColumn => "down each stage's column",
        }
    }
}

/// Where the rating grids' focus is. Every grid (exercise x dimension)
/// keeps its own focus and starts at its first cell, so a new grid never
/// opens on the cell where the last one ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridCursor {
    /// Index into each exercise's rated dimensions, by exercise index.
    dimension_of: std::collections::HashMap<usize, usize>,
    /// The focus of each grid, by (exercise index, dimension index).
    focus: std::collections::HashMap<(usize, usize), Focus>,
    pub order: EntryOrder,
    /// The cell the last score went into while the focus has moved on from
    /// it: Backspace right after a digit clears that cell.
    pub just_typed: Option<Focus>,
    /// The last score filled the grid's last cell: a further digit is
    /// refused until the focus moves.
    pub at_end: bool,
    /// The last score replaced a value (anyone's): Backspace right after it
    /// puts that value back (one undo) instead of clearing the cell.
    pub typed_over: bool,
    /// `Enter` armed this cell: the next score may replace a phone's or an
    /// import's answer in it.
    pub overwrite: Option<Focus>,
    /// When the grid last changed dimension: its title stands out for a
    /// moment, so that scores are not called into the wrong grid.
    pub dimension_changed: Option<DateTime<Utc>>,
}

impl GridCursor {
    /// The dimension index shown in exercise `exercise`'s grid.
    #[must_use]
    pub fn dimension(&self, exercise: usize) -> usize {
        self.dimension_of.get(&exercise).copied().unwrap_or(0)
    }

    pub fn set_dimension(&mut self, exercise: usize, dimension: usize, now: DateTime<Utc>) {
        self.dimension_of.insert(exercise, dimension);
        self.dimension_changed = Some(now);
        self.forget_typing();
    }

    /// Whether the grid changed dimension less than two seconds before `now`.
    #[must_use]
    pub fn announcing_dimension(&self, now: DateTime<Utc>) -> bool {
        self.dimension_changed
            .is_some_and(|at| now >= at && now - at < chrono::Duration::seconds(2))
    }

    /// Nothing was just typed: Backspace clears the focused cell, and no
    /// overwrite is armed.
    pub fn forget_typing(&mut self) {
        self.just_typed = None;
        self.at_end = false;
        self.typed_over = false;
        self.overwrite = None;
    }

    /// The focus of one grid (its first cell until it moves).
    #[must_use]
    pub fn focus(&self, grid: (usize, usize)) -> Focus {
        self.focus.get(&grid).copied().unwrap_or_default()
    }

    pub fn set_focus(&mut self, grid: (usize, usize), focus: Focus) {
        self.focus.insert(grid, focus);
    }

    /// Every grid starts again at its first cell (a new round).
    pub fn restart(&mut self) {
        self.focus.clear();
        self.forget_typing();
    }

    /// Every remembered focus, to keep them on cells that exist.
    pub fn foci_mut(&mut self) -> impl Iterator<Item = &mut Focus> {
        self.focus.values_mut()
    }
}

/// Where the ideas exercise's focus is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdeasCursor {
    pub view: IdeasView,
    /// Focused stage of the ideas list.
    pub stage: usize,
    /// Highlighted idea within the focused stage.
    pub selected: usize,
    /// Index of the participant placing dots.
    pub voter: usize,
}

/// What the analysis views show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalysisCursor {
    /// What the model review exercise shows: chart, matrix or text table.
    pub model_view: AnalysisKind,
    /// The full-screen analysis view over the current exercise, when open.
    pub open: Option<AnalysisKind>,
    /// First line shown of the analysis text table.
    pub scroll: usize,
    /// The round the analysis shows: per dimension the latest, or one.
    pub round: crate::analysis::RoundChoice,
}

/// Participants' devices while the server runs: what the screen shows of
/// it (the server itself belongs to the terminal's loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// The address participants open: `http://HOST:PORT/`.
    pub url: String,
    pub code: String,
    /// The address in the QR code (with the code filled in).
    pub join_url: String,
    /// The room board's address, with its key.
    pub board_url: String,
    /// The QR code of `join_url`, as half-block lines.
    pub qr: Vec<String>,
    /// The server listens on a loopback address: no phone can reach it.
    /// Then `lan` lists this computer's addresses in the room's network.
    pub loopback: bool,
    pub lan: Vec<String>,
}

/// The facilitation (or review) screen: a client of the session engine,
/// which holds the session, its history, statistics and clock. The screen
/// keeps only its cursors.
#[derive(Debug)]
pub struct SessionView {
    pub engine: Engine,
    pub grid: GridCursor,
    pub ideas: IdeasCursor,
    /// Highlighted flow.
    pub flow_sel: usize,
    pub analysis: AnalysisCursor,
    /// Participants' devices may join, while `Some`.
    pub room: Option<Room>,
    /// Came from the home screen: `q` goes back there.
    pub from_home: bool,
    /// `q` was pressed once while a save was failing.
    pub quit_armed: bool,
    /// The session was left by an unexpected stop: what the header says
    /// until the next key.
    pub recovered: Option<String>,
}

impl SessionView {
    #[must_use]
    pub fn new(engine: Engine, from_home: bool) -> Self {
        Self {
            engine,
            grid: GridCursor::default(),
            ideas: IdeasCursor::default(),
            flow_sel: 0,
            analysis: AnalysisCursor::default(),
            room: None,
            from_home,
            quit_armed: false,
            recovered: None,
        }
    }

    #[must_use]
    pub fn session(&self) -> &Session {
        self.engine.session()
    }

    #[must_use]
    pub fn template(&self) -> &Template {
        &self.engine.session().template
    }

    /// Index of the current exercise in the agenda.
    #[must_use]
    pub fn exercise(&self) -> usize {
        self.engine.exercise_index()
    }

    #[must_use]
    pub fn current(&self) -> Option<&Exercise> {
        self.engine.exercise()
    }

    #[must_use]
    pub fn read_only(&self) -> bool {
        self.engine.read_only_mode()
    }

    /// The key context of what is on screen.
    #[must_use]
    pub fn ctx(&self) -> Ctx {
        if self.analysis.open.is_some() {
            return Ctx::Analysis;
        }
        match self.current().map(|e| &e.kind) {
            None | Some(ExerciseKind::Briefing) => Ctx::Briefing,
            Some(ExerciseKind::Rating { .. }) => Ctx::Grid,
            Some(ExerciseKind::Ideas { dimensions, .. }) => match self.ideas.view {
                IdeasView::Ranked | IdeasView::Tally => Ctx::Tally,
                IdeasView::Grid if !dimensions.is_empty() => Ctx::IdeaGrid,
                IdeasView::List | IdeasView::Grid => Ctx::Ideas,
            },
            Some(ExerciseKind::MaterialFlow) => Ctx::Flow,
            Some(ExerciseKind::ModelReview) => Ctx::Model,
        }
    }

    /// Dimension ids rated in the current exercise.
    #[must_use]
    pub fn dimensions(&self) -> &[String] {
        self.current().map_or(&[], |e| e.kind.rated_dimensions())
    }

    /// Index of the dimension on screen in the grid, among the exercise's.
    #[must_use]
    pub fn dimension_index(&self) -> usize {
        let dims = self.dimensions().len();
        self.grid
            .dimension(self.exercise())
            .min(dims.saturating_sub(1))
    }

    /// The grid on screen: (exercise index, dimension index).
    #[must_use]
    pub fn grid_key(&self) -> (usize, usize) {
        (self.exercise(), self.dimension_index())
    }

    /// The focused cell of the grid on screen.
    #[must_use]
    pub fn focus(&self) -> Focus {
        self.grid.focus(self.grid_key())
    }

    /// Moves the focus of the grid on screen.
    pub fn set_focus(&mut self, focus: Focus) {
        let key = self.grid_key();
        self.grid.set_focus(key, focus);
    }

    /// The dimension id on screen in the grid.
    #[must_use]
    pub fn dimension_id(&self) -> Option<&str> {
        self.dimensions()
            .get(self.dimension_index())
            .map(String::as_str)
    }

    #[must_use]
    pub fn round(&self) -> u32 {
        self.session().current_round()
    }

    /// The round each dimension of the analysis comes from: the rounds the
    /// facilitator may see, as the analysis cursor asks.
    #[must_use]
    pub fn selection(&self) -> crate::analysis::RoundSelection {
        crate::analysis::RoundSelection::new(
            self.engine.aggregate(),
            self.template(),
            self.analysis.round,
            |r| self.engine.group_visible(&Viewer::Facilitator, r),
        )
    }

    /// The latest round before the current one that rated `dimension` and
    /// whose group may be shown: the Delphi feedback beside a new round.
    #[must_use]
    pub fn previous_round_of(&self, dimension: &str) -> Option<u32> {
        let current = self.round();
        let agg = self.engine.aggregate();
        crate::analysis::RoundSelection::new(
            agg,
            self.template(),
            crate::analysis::RoundChoice::Latest,
            |r| r < current && self.engine.group_visible(&Viewer::Facilitator, r),
        )
        .round_of(dimension)
    }

    /// Whether the group statistics of the current round may be shown on
    /// this screen (the engine's rule for the facilitator).
    #[must_use]
    pub fn group_visible(&self) -> bool {
        self.engine
            .group_visible(&Viewer::Facilitator, self.round())
    }

    /// Score of a cell in a round.
    #[must_use]
    pub fn score(&self, participant: &str, round: u32, stage: &str, dim: &str) -> Option<Score> {
        self.session()
            .rating(participant, round, stage, dim)
            .map(crate::domain::RatingEntry::score)
    }

    /// Seconds spent in an exercise so far (all its runs), and whether it is running.
    #[must_use]
    pub fn elapsed(&self, exercise_id: &str, now: DateTime<Utc>) -> (i64, bool) {
        crate::engine::clock::elapsed(self.session(), exercise_id, now)
    }

    /// Seconds left in the timebox of the exercise on screen (negative when
    /// over), while its clock runs.
    #[must_use]
    pub fn seconds_left(&self, now: DateTime<Utc>) -> Option<i64> {
        let e = self.current()?;
        let (elapsed, running) = self.elapsed(&e.id, now);
        running.then(|| crate::engine::clock::budget_seconds(self.session(), &e.id) - elapsed)
    }

    /// The warning due when the clock passes 5 or 1 minutes left between
    /// `before` and `now`.
    #[must_use]
    pub fn timebox_warning(&self, before: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
        let (was, is) = (self.seconds_left(before)?, self.seconds_left(now)?);
        let title = &self.current()?.title;
        [(300, "5 minutes"), (60, "1 minute")]
            .iter()
            .find(|(mark, _)| was > *mark && is <= *mark)
            .map(|(_, left)| format!("{left} left in {title} (+ adds 5 minutes, t pauses)"))
    }

    /// Whether an exercise has been run and stopped at least once.
    #[must_use]
    pub fn is_done(&self, exercise_id: &str) -> bool {
        crate::engine::clock::is_done(self.session(), exercise_id)
    }

    /// Ideas of the focused stage, in id order.
    #[must_use]
    pub fn stage_ideas(&self) -> Vec<&crate::domain::Idea> {
        let Some(stage) = self.template().stages.get(self.ideas.stage) else {
            return Vec::new();
        };
        self.session()
            .ideas
            .iter()
            .filter(|i| i.stage == stage.id)
            .collect()
    }
}

/// Two sessions, or two rounds of one, side by side.
#[derive(Debug, Clone)]
pub struct CompareView {
    pub comparison: crate::analysis::compare::Comparison,
    /// The template of A, for stage, dimension and level names.
    pub template: Template,
    /// First line shown.
    pub scroll: usize,
}

/// A modal on top of the screen.
#[derive(Debug, Clone)]
pub enum Modal {
    /// The keys of a screen, scrolled down by the second field.
    Help(Ctx, usize),
    Input(InputState),
    Pick(PickState),
    /// The join panel: address, code, QR code and the devices, the
    /// highlighted one by index.
    Join(usize),
}

/// A one-line text input.
#[derive(Debug, Clone)]
pub struct InputState {
    pub prompt: String,
    pub text: String,
    pub purpose: InputPurpose,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    NewSessionTitle,
    Note,
    Comment {
        participant: String,
        stage: String,
        dimension: String,
    },
    ParticipantAlias,
    /// Part of a participant's name, to move the grid's focus to them.
    FindParticipant,
    /// A new alias, role or organisation of a participant.
    ParticipantField {
        id: String,
        field: ParticipantField,
    },
    IdeaText {
        stage: String,
    },
    /// New text of an existing idea.
    IdeaEdit {
        id: u32,
    },
    FlowMaterials(FlowDraft),
    FlowNote(FlowDraft),
}

/// What of a participant a text box changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParticipantField {
    Alias,
    Role,
    Organisation,
}

/// A list to pick one (or, when `multi`, several) items from.
#[derive(Debug, Clone)]
pub struct PickState {
    pub title: String,
    pub items: Vec<String>,
    pub selected: usize,
    /// Ticked items, when several may be picked.
    pub ticked: Option<Vec<bool>>,
    pub purpose: PickPurpose,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PickPurpose {
    Exercise,
    /// The notes of an exercise, to read (Enter or Esc closes).
    Notes,
    /// Enter on the shipped example: review it, or facilitate a copy.
    Example(PathBuf),
    /// What to do with the highlighted idea (see `Cmd::EditIdea`).
    Idea {
        id: u32,
    },
    /// The stage an idea moves to.
    IdeaStage {
        id: u32,
    },
    /// The idea another one is merged into (ids in list order).
    IdeaMerge {
        id: u32,
        into: Vec<u32>,
    },
    /// What to do with a participant (see `Cmd::EditParticipant`).
    Participant {
        id: String,
    },
    /// Whether round 1 of a new session is blind.
    NewSession {
        title: String,
    },
    /// The room's language of a new session (its template's language too),
    /// by code.
    NewSessionLanguage {
        title: String,
        blind: bool,
        codes: Vec<String>,
    },
    /// Start a new round: blind, open, or cancel.
    NewRound,
    /// The score of an unrated cell, before its comment.
    ScoreThenComment {
        participant: String,
        stage: String,
        dimension: String,
    },
    /// The participant whose join card is reissued.
    ReissueCard,
    /// Remove these participants, who joined from phones and have no
    /// answer: remove, or cancel.
    RemoveJoined(Vec<String>),
    /// Reveal the blind round's group (the screen may be on the projector):
    /// reveal, or cancel.
    Reveal,
    /// Delete an idea that has dots: delete it with them, or cancel.
    DeleteIdea {
        id: u32,
    },
    /// Delete a flow: delete, or cancel.
    DeleteFlow {
        id: u32,
    },
    /// Session settings: the room's language, by its code.
    Language(Vec<String>),
    /// What the room's board shows, in list order.
    Board(Vec<crate::engine::BoardChoice>),
    IdeaTechnologies {
        stage: String,
        text: String,
    },
    IdeaAuthor {
        stage: String,
        text: String,
        technologies: Vec<String>,
    },
    FlowFrom(FlowDraft),
    FlowTo(FlowDraft),
    FlowKind(FlowDraft),
    FlowStrength(FlowDraft),
}

/// A flow being put together step by step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowDraft {
    /// The flow being edited; `None` adds a new one.
    pub editing: Option<u32>,
    pub from: String,
    pub to: String,
    pub kind: Option<FlowKind>,
    pub strength: Option<Strength>,
    pub materials: Vec<String>,
    pub note: String,
}

impl App {
    /// The home screen over the sessions folder, as `home` read it.
    #[must_use]
    pub fn home(store: Store, home: HomeState, now: DateTime<Utc>, color: bool) -> Self {
        Self {
            store,
            now,
            color,
            screen: Screen::Home(home),
            modal: None,
            status: None,
            quit: false,
            effects: Vec::new(),
            compare: None,
            exporting: false,
            card_url: DEFAULT_CARD_URL.to_owned(),
        }
    }

    /// Straight into a session (`run` / `review`).
    #[must_use]
    pub fn with_session(store: Store, engine: Engine, now: DateTime<Utc>, color: bool) -> Self {
        let mut app = Self {
            store,
            now,
            color,
            screen: Screen::Session(Box::new(SessionView::new(engine, false))),
            modal: None,
            status: None,
            quit: false,
            effects: Vec::new(),
            compare: None,
            exporting: false,
            card_url: DEFAULT_CARD_URL.to_owned(),
        };
        app.after_open();
        app
    }

    /// The text of the status line, if any.
    #[must_use]
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// The key context of what has the keyboard.
    #[must_use]
    pub fn ctx(&self) -> Ctx {
        match &self.modal {
            Some(Modal::Help(..)) => Ctx::Help,
            Some(Modal::Input(_)) => Ctx::Input,
            Some(Modal::Pick(_)) => Ctx::Pick,
            Some(Modal::Join(_)) => Ctx::Join,
            None if self.compare.is_some() => Ctx::Compare,
            None => self.screen_ctx(),
        }
    }

    /// The key context of the screen under any modal.
    #[must_use]
    pub fn screen_ctx(&self) -> Ctx {
        match &self.screen {
            Screen::Home(h) if h.filtering => Ctx::HomeFilter,
            Screen::Home(_) => Ctx::Home,
            Screen::Session(v) => v.ctx(),
        }
    }

    #[must_use]
    pub fn view(&self) -> Option<&SessionView> {
        match &self.screen {
            Screen::Session(v) => Some(v),
            Screen::Home(_) => None,
        }
    }

    pub fn view_mut(&mut self) -> Option<&mut SessionView> {
        match &mut self.screen {
            Screen::Session(v) => Some(v),
            Screen::Home(_) => None,
        }
    }
}
