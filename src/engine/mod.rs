//! The session engine: one open session for every front end.
//!
//! Front ends (the terminal, the participants' devices, the room's board,
//! scripts) send typed [`Intent`]s as an [`Actor`]; the engine checks the
//! actor's rights, turns the intent into domain changes, stages them through
//! the one writer ([`OpenSession`]), keeps per-actor undo/redo, the live
//! statistics, the save state and the exercise clock, and tells each
//! [`Viewer`] what it may see. It knows nothing of terminals or networks.
//!
//! Durability: [`Engine::submit`] applies an intent in memory and stages it;
//! [`Engine::flush`] makes everything staged durable with one journal append
//! and one fsync (group commit). [`Engine::apply`] does both for one intent,
//! [`Engine::apply_batch`] for intents that arrived together: each is
//! acknowledged only once the batch is on disk.

mod access;
mod actor;
mod board;
pub mod clock;
mod history;
mod intent;
mod refusal;
mod view;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::analysis::{Aggregate, ConcordanceTracker};
use crate::domain::{Change, Exercise, Session};
use crate::store::{Closed, OpenSession, StoreError};

pub use access::{Joined, SecondDevice};
pub use actor::{Actor, Viewer};
pub use board::{
    BoardChoice, BoardClock, BoardContent, BoardDistributions, BoardExercise, BoardIdea, BoardView,
    Distribution, StageAnswers,
};
pub use intent::{FlowSpec, Intent, Openness};
pub use refusal::Refusal;
pub use view::{
    Feedback, Progress, SeenRating, View, may_see_cell, may_see_group, may_see_individual,
    seen_cell,
};

use history::{History, Record};

/// Whether what is in memory is on disk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveState {
    /// Everything is durable.
    #[default]
    Saved,
    /// Staged changes wait for [`Engine::flush`].
    Pending,
    /// The last write failed; the changes are kept and retried.
    Failed(String),
}

/// What an accepted intent did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The changes applied, in order.
    pub applied: Vec<Change>,
}

impl Outcome {
    /// The id of what an intent created, if it created something with one.
    #[must_use]
    pub fn created_id(&self) -> Option<u32> {
        self.applied.iter().find_map(|c| match c {
            Change::AddIdea(i) => Some(i.id),
            Change::AddFlow(f) => Some(f.id),
            Change::AddNote(n) => Some(n.id),
            Change::StartRound(r) => Some(r.number),
            _ => None,
        })
    }
}

#[derive(Debug)]
enum Doc {
    /// Opened for changes: the only writer.
    Open(Box<OpenSession>),
    /// Loaded without a lock; every intent is refused.
    ReadOnly {
        session: Box<Session>,
        path: PathBuf,
    },
}

/// One open session and everything live about it.
#[derive(Debug)]
pub struct Engine {
    doc: Doc,
    history: History,
    aggregate: Aggregate,
    concordance: ConcordanceTracker,
    save: SaveState,
    /// Index of the current exercise in the agenda.
    exercise: usize,
    openness: Openness,
    /// Joined devices by token hash (participant, approved): every device
    /// request looks its token up, so this must not scan thousands.
    devices: std::collections::HashMap<String, (String, bool)>,
    /// Participants by personal code, built when a card is first used and
    /// dropped when a change could change it.
    cards: Option<std::collections::HashMap<String, String>>,
    /// The most participants joins may bring the session to (`None`: the
    /// roster's default).
    max_participants: Option<usize>,
    /// What the room's board shows (not part of the session: a board
    /// reopened with the session follows the exercise again).
    board: board::BoardFocus,
}

impl Engine {
    /// Opens `path` for facilitation: takes the lock, replays the journal.
    ///
    /// # Errors
    /// As [`OpenSession::open`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut engine = Self::new(Doc::Open(Box::new(OpenSession::open(path)?)));
        // A session from before schema 5 gets its card secret now, so that
        // its join cards can be printed from then on.
        if engine
            .ensure_card_secret(crate::store::new_card_secret, chrono::Utc::now())
            .is_ok()
        {
            engine.flush();
        }
        Ok(engine)
    }

    /// A session loaded for review: every view works, every intent is refused.
    #[must_use]
    pub fn read_only(session: Session, path: PathBuf) -> Self {
        Self::new(Doc::ReadOnly {
            session: Box::new(session),
            path,
        })
    }

    fn new(doc: Doc) -> Self {
        let session = match &doc {
            Doc::Open(o) => o.session(),
            Doc::ReadOnly { session, .. } => session,
        };
        Self {
            aggregate: Aggregate::new(session),
            concordance: ConcordanceTracker::new(session),
            exercise: clock::resume_exercise(session),
            history: History::default(),
            save: SaveState::Saved,
            openness: Openness::default(),
            devices: access::device_index(session),
            cards: None,
            max_participants: None,
            board: board::BoardFocus::default(),
            doc,
        }
    }

    #[must_use]
    pub fn session(&self) -> &Session {
        match &self.doc {
            Doc::Open(o) => o.session(),
            Doc::ReadOnly { session, .. } => session,
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        match &self.doc {
            Doc::Open(o) => o.path(),
            Doc::ReadOnly { path, .. } => path,
        }
    }

    #[must_use]
    pub fn read_only_mode(&self) -> bool {
        matches!(self.doc, Doc::ReadOnly { .. })
    }

    #[must_use]
    pub fn save_state(&self) -> &SaveState {
        &self.save
    }

    /// The live statistics of every round, always equal to
    /// `Aggregate::new(self.session())`.
    #[must_use]
    pub fn aggregate(&self) -> &Aggregate {
        &self.aggregate
    }

    /// Kendall's W per dimension and round, kept up to date.
    #[must_use]
    pub fn concordance(&self) -> &ConcordanceTracker {
        &self.concordance
    }

    /// Index of the current exercise in the agenda.
    #[must_use]
    pub fn exercise_index(&self) -> usize {
        self.exercise
    }

    #[must_use]
    pub fn exercise(&self) -> Option<&Exercise> {
        self.session().template.exercises.get(self.exercise)
    }

    pub fn set_openness(&mut self, openness: Openness) {
        self.openness = openness;
    }

    /// Journal records replayed when the session was opened (0 for a
    /// review).
    #[must_use]
    pub fn replayed_on_open(&self) -> usize {
        match &self.doc {
            Doc::Open(o) => o.replayed(),
            Doc::ReadOnly { .. } => 0,
        }
    }

    /// Durable writes made by the store so far (one fsync round each).
    #[must_use]
    pub fn durable_writes(&self) -> u64 {
        match &self.doc {
            Doc::Open(o) => o.durable_writes(),
            Doc::ReadOnly { .. } => 0,
        }
    }

    /// Whether `actor` has a change of its own to undo.
    #[must_use]
    pub fn can_undo(&self, actor: &Actor) -> bool {
        self.history.can_undo(actor)
    }

    /// Dimensions that accept ratings from devices now.
    #[must_use]
    pub fn open_dimensions(&self) -> Vec<String> {
        match self.openness {
            Openness::All => self
                .session()
                .template
                .exercises
                .iter()
                .flat_map(|e| e.kind.rated_dimensions())
                .fold(Vec::new(), |mut all, d| {
                    if !all.contains(d) {
                        all.push(d.clone());
                    }
                    all
                }),
            Openness::CurrentExercise => self
                .exercise()
                .map(|e| e.kind.rated_dimensions().to_vec())
                .unwrap_or_default(),
        }
    }

    /// What `viewer` may see now.
    #[must_use]
    pub fn view(&self, viewer: &Viewer) -> View {
        view::project(
            self.session(),
            &self.aggregate,
            viewer,
            self.exercise().map(|e| e.id.clone()),
            self.open_dimensions(),
        )
    }

    /// Whether `viewer` may see the group statistics of `round`.
    #[must_use]
    pub fn group_visible(&self, viewer: &Viewer, round: u32) -> bool {
        may_see_group(self.session(), viewer, round)
    }

    /// Starts the clock of the exercise the session resumes at, if it is not
    /// running (when a facilitator opens the session).
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn start_clock(&mut self, now: DateTime<Utc>) -> Result<(), Refusal> {
        let Some(id) = self.exercise().map(|e| e.id.clone()) else {
            return Ok(());
        };
        if clock::elapsed(self.session(), &id, now).1 {
            return Ok(());
        }
        self.stage(
            &[Change::StartExercise {
                exercise: id,
                at: now,
            }],
            now,
        )
        .map(|_| ())
    }

    /// Stops the clock of the exercise on screen, if it runs: the program is
    /// closing (or the facilitator pauses). Reopening starts it again.
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn stop_clock(&mut self, now: DateTime<Utc>) -> Result<bool, Refusal> {
        let Some(id) = self.exercise().map(|e| e.id.clone()) else {
            return Ok(false);
        };
        if !clock::elapsed(self.session(), &id, now).1 {
            return Ok(false);
        }
        self.stage(
            &[Change::StopExercise {
                exercise: id,
                at: now,
            }],
            now,
        )
        .map(|_| true)
    }

    /// The changes `actor`'s next undo (or redo) would apply, so that a
    /// front end can say what it is about to take back.
    #[must_use]
    pub fn next_step(&self, actor: &Actor, redo: bool) -> Option<&[Change]> {
        let record = if redo { Record::Redo } else { Record::Undo };
        self.history
            .peek(actor, record)
            .ok()
            .map(|step| step.changes.as_slice())
    }

    /// Whether the clock of the exercise on screen runs.
    #[must_use]
    pub fn clock_running(&self, now: DateTime<Utc>) -> bool {
        self.exercise()
            .is_some_and(|e| clock::elapsed(self.session(), &e.id, now).1)
    }

    /// Adds `minutes` to the timebox of the exercise on screen.
    ///
    /// # Errors
    /// When the session is read-only or has no exercise.
    pub fn extend_timebox(&mut self, minutes: i32, now: DateTime<Utc>) -> Result<(), Refusal> {
        let Some(id) = self.exercise().map(|e| e.id.clone()) else {
            return Err(Refusal::NoSuchExercise("the template has no exercises"));
        };
        self.stage(
            &[Change::ExtendTimebox {
                exercise: id,
                minutes,
            }],
            now,
        )
        .map(|_| ())
    }

    /// Applies one intent in memory and stages it for the next
    /// [`Engine::flush`]; not durable yet.
    ///
    /// # Errors
    /// A [`Refusal`] when the actor may not, or the session's rules refuse
    /// it; nothing changed.
    pub fn submit(
        &mut self,
        actor: &Actor,
        intent: Intent,
        now: DateTime<Utc>,
    ) -> Result<Outcome, Refusal> {
        match intent {
            // Review moves through the agenda too, without touching the clock.
            Intent::GoToExercise(index) if self.read_only_mode() => {
                if index >= self.session().template.exercises.len() {
                    return Err(Refusal::NoSuchExercise("this is the last exercise"));
                }
                self.exercise = index;
                Ok(Outcome {
                    applied: Vec::new(),
                })
            }
            _ if self.read_only_mode() => Err(Refusal::ReadOnly),
            Intent::Undo => self.undo_redo(actor, Record::Undo, now),
            Intent::Redo => self.undo_redo(actor, Record::Redo, now),
            Intent::GoToExercise(index) => self.go_to(actor, index, now),
            intent => self.submit_all(actor, vec![intent], now),
        }
    }

    /// Several intents of one actor, all or nothing: every one is checked,
    /// then all are staged as one step (one undo takes them all back).
    ///
    /// # Errors
    /// The first refusal; nothing changed.
    pub fn submit_all(
        &mut self,
        actor: &Actor,
        intents: Vec<Intent>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, Refusal> {
        if self.read_only_mode() {
            return Err(Refusal::ReadOnly);
        }
        let context = intent::Context {
            session: self.session(),
            actor,
            exercise: self.exercise,
            openness: self.openness,
            now,
        };
        let mut changes = Vec::new();
        for intent in intents {
            if matches!(
                intent,
                Intent::Undo | Intent::Redo | Intent::GoToExercise(_)
            ) {
                return Err(Refusal::Empty("undo, redo and moving the agenda go alone"));
            }
            changes.extend(intent::changes(&context, intent)?);
        }
        let inverses = self.stage(&changes, now)?;
        self.history.record(actor, Record::New, &changes, inverses);
        Ok(Outcome { applied: changes })
    }

    /// Makes everything staged durable: one journal append, one fsync.
    pub fn flush(&mut self) -> &SaveState {
        if let Doc::Open(open) = &mut self.doc
            && self.save != SaveState::Saved
        {
            self.save = match open.sync() {
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e.to_string()),
            };
        }
        &self.save
    }

    /// Housekeeping for a quiet moment (no intent waiting): folds a long
    /// journal into the session file.
    pub fn maintain(&mut self) {
        if let Doc::Open(open) = &mut self.doc {
            open.fold_when_quiet();
        }
    }

    /// One intent, durably: the outcome is returned once it is on disk, or
    /// with the save state `Failed` when the disk refused (the change is
    /// kept in memory and retried by the next flush).
    ///
    /// # Errors
    /// As [`Engine::submit`].
    pub fn apply(
        &mut self,
        actor: &Actor,
        intent: Intent,
        now: DateTime<Utc>,
    ) -> Result<Outcome, Refusal> {
        let outcome = self.submit(actor, intent, now)?;
        self.flush();
        Ok(outcome)
    }

    /// Intents that arrived together, applied in order and made durable with
    /// one journal append and one fsync. Each result stands alone (a refused
    /// intent does not stop the others); the second value says whether the
    /// accepted ones are on disk.
    pub fn apply_batch(
        &mut self,
        batch: Vec<(Actor, Intent)>,
        now: DateTime<Utc>,
    ) -> (Vec<Result<Outcome, Refusal>>, Result<(), String>) {
        let results = batch
            .into_iter()
            .map(|(actor, intent)| self.submit(&actor, intent, now))
            .collect();
        let durable = match self.flush() {
            SaveState::Failed(e) => Err(e.clone()),
            _ => Ok(()),
        };
        (results, durable)
    }

    /// Makes everything durable, folds the journal into the session file
    /// and releases the lock. `Ok` means every change is on disk (see
    /// [`Closed`]: possibly only in the journal, with why it could not be
    /// folded).
    ///
    /// # Errors
    /// When changes not yet durable could not be written: they are dropped
    /// and the session stays as it is on disk ([`OpenSession::close`]).
    pub fn close(self) -> Result<Closed, StoreError> {
        match self.doc {
            Doc::Open(open) => (*open).close(),
            Doc::ReadOnly { .. } => Ok(Closed::Folded),
        }
    }

    /// Releases the session without writing anything more: changes not yet
    /// durable are dropped ([`OpenSession::abandon`]). For a command that
    /// reports that its change could not be saved.
    pub fn abandon(self) {
        if let Doc::Open(open) = self.doc {
            (*open).abandon();
        }
    }

    /// Stages changes through the writer and keeps the live statistics.
    fn stage(&mut self, changes: &[Change], now: DateTime<Utc>) -> Result<Vec<Change>, Refusal> {
        let Doc::Open(open) = &mut self.doc else {
            return Err(Refusal::ReadOnly);
        };
        let inverses = open.stage(changes, now)?;
        if changes.iter().any(access::is_device_change) {
            self.devices = access::device_index(open.session());
        }
        if changes.iter().any(access::is_card_change) {
            self.cards = None;
        }
        let template = &open.session().template;
        for (change, inverse) in changes.iter().zip(&inverses) {
            if let Some(inverse) = inverse {
                self.aggregate.record_applied(template, change, inverse);
                self.concordance.record_applied(template, change, inverse);
            }
        }
        if !changes.is_empty() {
            self.save = match &self.save {
                SaveState::Failed(e) => SaveState::Failed(e.clone()),
                _ => SaveState::Pending,
            };
        }
        // Undone in reverse order.
        Ok(inverses.into_iter().rev().flatten().collect())
    }

    fn undo_redo(
        &mut self,
        actor: &Actor,
        record: Record,
        now: DateTime<Utc>,
    ) -> Result<Outcome, Refusal> {
        let changes = self.history.peek(actor, record)?.changes.clone();
        let inverses = self.stage(&changes, now)?;
        self.history.record(actor, record, &changes, inverses);
        Ok(Outcome { applied: changes })
    }

    fn go_to(
        &mut self,
        actor: &Actor,
        index: usize,
        now: DateTime<Utc>,
    ) -> Result<Outcome, Refusal> {
        if let Actor::Participant(_) = actor {
            return Err(Refusal::FacilitatorOnly("move through the agenda"));
        }
        let exercises = &self.session().template.exercises;
        let Some(next) = exercises.get(index).map(|e| e.id.clone()) else {
            return Err(Refusal::NoSuchExercise("this is the last exercise"));
        };
        if index == self.exercise {
            return Ok(Outcome {
                applied: Vec::new(),
            });
        }
        let mut changes = Vec::new();
        if let Some(current) = self.exercise().map(|e| e.id.clone())
            && clock::elapsed(self.session(), &current, now).1
        {
            changes.push(Change::StopExercise {
                exercise: current,
                at: now,
            });
        }
        if !clock::elapsed(self.session(), &next, now).1 {
            changes.push(Change::StartExercise {
                exercise: next,
                at: now,
            });
        }
        self.stage(&changes, now)?;
        self.exercise = index;
        Ok(Outcome { applied: changes })
    }
}
