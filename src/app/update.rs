//! `update(&mut App, Action)`: the one place where state changes. Session
//! changes go through the [`OpenSession`] the app owns (the only writer).

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::domain::{
    CellKey, Change, ExerciseKind, Flow, FlowKind, Idea, Note, Participant, Round, Score, Session,
    Strength, default_template,
};
use crate::store::{self, CommitError, OpenSession};

use super::keys::{Cmd, lookup};
use super::state::{
    AnalysisKind, App, CompareView, Doc, FlowDraft, HomeState, IdeasView, InputPurpose, InputState,
    Modal, PickPurpose, PickState, Screen, SessionView,
};

/// Everything that can happen to the app arrives as one of these, on one queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Time passes: timers refresh and unsaved changes are retried.
    Tick(DateTime<Utc>),
    /// SIGTERM / SIGHUP: flush and leave.
    Shutdown,
    /// A background export finished.
    Exported(Result<super::export::Exported, String>),
}

/// Applies one action.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Key(ev) => {
            if ev.kind == KeyEventKind::Press {
                on_key(app, &ev);
            }
        }
        Action::Resize(..) => {}
        Action::Tick(now) => {
            app.now = now;
            if let Some(v) = app.view_mut() {
                v.flush();
            }
        }
        Action::Shutdown => {
            if let Some(v) = app.view_mut() {
                v.flush();
            }
            app.quit = true;
        }
        Action::Exported(result) => {
            app.exporting = false;
            app.status = Some(match result {
                Ok(e) => format!("exported {} files to {}", e.files, e.dir.display()),
                Err(e) => e,
            });
        }
    }
}

/// Starts exporting a snapshot of the session on screen in the background.
fn start_export(app: &mut App) {
    let Some(v) = app.view() else {
        return;
    };
    if app.exporting {
        app.status = Some("an export is already running".to_owned());
        return;
    }
    let session = v.session().clone();
    let stem = v.doc.path().file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let dir = app.store.dir().join("exports");
    app.exporting = true;
    app.status = Some(format!("exporting to {} ...", dir.display()));
    if let Some(done) = super::export::start(session, dir, stem, app.outbox.as_ref()) {
        update(app, done);
    }
}

const READ_ONLY: &str = "read-only: this session is open for review, nothing can be changed";

fn on_key(app: &mut App, ev: &KeyEvent) {
    let ctx = app.ctx();
    let Some(cmd) = lookup(ctx, ev) else {
        return;
    };
    app.status = None;
    match app.modal.take() {
        Some(Modal::Help(c, scroll)) => {
            let rows = super::keys::bindings(c).count();
            match cmd {
                Cmd::CloseHelp => {}
                Cmd::Up => app.modal = Some(Modal::Help(c, scroll.saturating_sub(1))),
                Cmd::Down => {
                    app.modal = Some(Modal::Help(c, (scroll + 1).min(rows.saturating_sub(1))));
                }
                _ => app.modal = Some(Modal::Help(c, scroll)),
            }
        }
        Some(Modal::Input(input)) => on_input(app, input, cmd, ev),
        Some(Modal::Pick(pick)) => on_pick(app, pick, cmd, ev),
        None if app.compare.is_some() => on_compare(app, cmd, ev),
        None => match app.screen {
            Screen::Home(_) => on_home(app, cmd, ev),
            Screen::Session(_) => on_session(app, cmd, ev),
        },
    }
}

fn on_input(app: &mut App, mut input: InputState, cmd: Cmd, ev: &KeyEvent) {
    match cmd {
        Cmd::TypeChar => {
            if let KeyCode::Char(c) = ev.code {
                input.text.push(c);
            }
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Erase => {
            input.text.pop();
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Confirm => submit_input(app, input),
        Cmd::Cancel => app.status = Some("cancelled".to_owned()),
        _ => app.modal = Some(Modal::Input(input)),
    }
}

fn on_pick(app: &mut App, mut pick: PickState, cmd: Cmd, ev: &KeyEvent) {
    let n = pick.items.len();
    match cmd {
        Cmd::PickNumber => {
            let k = match ev.code {
                KeyCode::Char(c) => c.to_digit(10).unwrap_or(0) as usize,
                _ => 0,
            };
            if (1..=n).contains(&k) {
                pick.selected = k - 1;
                if pick.ticked.is_none() {
                    submit_pick(app, pick);
                    return;
                }
            }
        }
        Cmd::Up => pick.selected = pick.selected.saturating_sub(1),
        Cmd::Down => pick.selected = (pick.selected + 1).min(n.saturating_sub(1)),
        Cmd::Toggle => {
            if let Some(t) = pick.ticked.as_mut().and_then(|t| t.get_mut(pick.selected)) {
                *t = !*t;
            }
        }
        Cmd::Cancel => {
            app.status = Some("cancelled".to_owned());
            return;
        }
        Cmd::Confirm => {
            submit_pick(app, pick);
            return;
        }
        _ => {}
    }
    app.modal = Some(Modal::Pick(pick));
}

// ---------------------------------------------------------------- compare

fn on_compare(app: &mut App, cmd: Cmd, ev: &KeyEvent) {
    let Some(c) = app.compare.as_mut() else {
        return;
    };
    match cmd {
        Cmd::Up => c.scroll = c.scroll.saturating_sub(1),
        Cmd::Down => {
            let max = 2 * c.comparison.cells.len() + c.comparison.concordance.len() + 40;
            c.scroll = (c.scroll + 1).min(max);
        }
        Cmd::CloseView => app.compare = None,
        Cmd::Help => app.modal = Some(Modal::Help(super::keys::Ctx::Compare, 0)),
        Cmd::Quit => {
            app.compare = None;
            match app.screen {
                Screen::Home(_) => app.quit = true,
                Screen::Session(_) => on_session(app, Cmd::Quit, ev),
            }
        }
        _ => {}
    }
}

/// Opens the comparison of round `round_a` of `a` with `round_b` of `b`.
fn show_compare(app: &mut App, a: &Session, round_a: u32, b: &Session, round_b: u32) {
    let comparison = crate::analysis::compare::compare_rounds(a, round_a, b, round_b);
    app.compare = Some(CompareView {
        comparison,
        template: a.template.clone(),
        scroll: 0,
    });
}

/// Compares the last two rounds of the session on screen.
fn compare_last_rounds(app: &mut App) -> Result<Option<String>, String> {
    let Some(v) = app.view() else {
        return Ok(None);
    };
    let s = v.session();
    let mut numbers: Vec<u32> = s.rounds.iter().map(|r| r.number).collect();
    numbers.sort_unstable();
    let [.., a, b] = numbers[..] else {
        return Err("only one round so far: R starts a second one to compare with".to_owned());
    };
    for n in [a, b] {
        if s.round(n).is_some_and(|r| !r.aggregate_visible()) {
            return Err(format!(
                "round {n} is blind and not revealed yet (r reveals it), so it cannot be compared"
            ));
        }
    }
    let s = s.clone();
    show_compare(app, &s, a, &s, b);
    Ok(None)
}

// ---------------------------------------------------------------- home

fn on_home(app: &mut App, cmd: Cmd, ev: &KeyEvent) {
    let Screen::Home(home) = &mut app.screen else {
        return;
    };
    match cmd {
        Cmd::Up => home.selected = home.selected.saturating_sub(1),
        Cmd::Down => {
            home.selected += 1;
            home.clamp();
        }
        Cmd::FilterType => {
            if let KeyCode::Char(c) = ev.code {
                home.filter.push(c);
                home.selected = 0;
                home.clamp();
            }
        }
        Cmd::FilterErase => {
            home.filter.pop();
            home.clamp();
        }
        Cmd::Back => {
            if home.filter.is_empty() {
                app.quit = true;
            } else {
                home.filter.clear();
                home.clamp();
            }
        }
        Cmd::Quit => app.quit = true,
        Cmd::Help => app.modal = Some(Modal::Help(super::keys::Ctx::Home, 0)),
        Cmd::Mark => {
            let Some(path) = home.selected_path() else {
                app.status = Some("no session highlighted".to_owned());
                return;
            };
            if home.marked.as_ref() == Some(&path) {
                home.marked = None;
                app.status = Some("unmarked".to_owned());
            } else {
                home.marked = Some(path);
                app.status = Some(
                    "marked: highlight another session and press Ctrl-o to compare".to_owned(),
                );
            }
        }
        Cmd::CompareMarked => {
            let Some(marked) = home.marked.clone() else {
                app.status =
                    Some("mark a session with Tab first, then compare it with Ctrl-o".to_owned());
                return;
            };
            let Some(path) = home.selected_path() else {
                app.status = Some("no session highlighted".to_owned());
                return;
            };
            match (store::load(&marked), store::load(&path)) {
                (Ok(a), Ok(b)) => {
                    let (ra, rb) = (
                        crate::analysis::compare::latest_rated_round(&a),
                        crate::analysis::compare::latest_rated_round(&b),
                    );
                    show_compare(app, &a, ra, &b, rb);
                }
                (Err(e), _) | (_, Err(e)) => app.status = Some(format!("cannot compare: {e}")),
            }
        }
        Cmd::NewSession => {
            app.modal = Some(Modal::Input(InputState {
                prompt: "Title of the new session".to_owned(),
                text: String::new(),
                purpose: InputPurpose::NewSessionTitle,
            }));
        }
        Cmd::OpenRun | Cmd::OpenReview => {
            let Some(path) = home.selected_path() else {
                app.status = Some("no session highlighted".to_owned());
                return;
            };
            let doc = if cmd == Cmd::OpenRun {
                OpenSession::open(&path).map(Doc::Open)
            } else {
                store::load(&path).map(|session| Doc::ReadOnly { session, path })
            };
            match doc {
                Ok(doc) => open_view(app, doc),
                Err(e) => app.status = Some(format!("cannot open: {e}")),
            }
        }
        _ => {}
    }
}

fn open_view(app: &mut App, doc: Doc) {
    app.screen = Screen::Session(Box::new(SessionView::new(doc, true)));
    app.after_open();
}

impl App {
    /// Starts the timer of the exercise the session resumes at and builds
    /// the live statistics.
    pub fn after_open(&mut self) {
        let now = self.now;
        let Some(v) = self.view_mut() else {
            return;
        };
        v.aggregate = live_aggregate(v.session());
        if v.doc.read_only() {
            return;
        }
        if let Some(ex) = v.current().map(|e| e.id.clone())
            && !v.elapsed(&ex, now).1
        {
            let r = v.commit(
                vec![Change::StartExercise {
                    exercise: ex,
                    at: now,
                }],
                now,
                Record::Nothing,
            );
            if let Err(e) = r {
                self.status = Some(e);
            }
        }
    }
}

/// The live statistics of a session, computed once; kept up to date with
/// `Aggregate::record` on every rating change after that.
#[must_use]
pub fn live_aggregate(session: &Session) -> Option<crate::analysis::Aggregate> {
    Some(crate::analysis::Aggregate::new(session))
}

// ---------------------------------------------------------------- session

/// What a committed batch's inverses are kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A new change: undoable, and the redo stack is dropped.
    New,
    Undo,
    Redo,
    /// Not undone (exercise timings).
    Nothing,
}

impl SessionView {
    /// Commits a batch through the one writer, keeps its inverse for undo
    /// and updates the live statistics.
    ///
    /// # Errors
    /// A one-line message when the change is refused (nothing changed) or
    /// the session is read-only. A failed save is not an error here: the
    /// change is kept in memory, retried, and shown as UNSAVED.
    pub fn commit(
        &mut self,
        changes: Vec<Change>,
        now: DateTime<Utc>,
        record: Record,
    ) -> Result<(), String> {
        let Doc::Open(open) = &mut self.doc else {
            return Err(READ_ONLY.to_owned());
        };
        let cells: Vec<CellKey> = changes.iter().filter_map(Change::cell).collect();
        let rebuild = changes.iter().any(|c| {
            matches!(
                c,
                Change::RemoveRound { .. } | Change::RemoveParticipant { .. }
            )
        });
        let read = |s: &Session, c: &CellKey| {
            s.rating(&c.participant, c.round, &c.stage, &c.dimension)
                .map(|e| e.score())
        };
        let olds: Vec<Option<Score>> = cells.iter().map(|c| read(open.session(), c)).collect();
        let result = open.commit_all(changes, now);
        let inverses = match result {
            Ok(inv) => {
                self.save_error = None;
                Some(inv)
            }
            Err(CommitError::Rejected(e)) => return Err(e.to_string()),
            Err(CommitError::NotSaved { error, inverses }) => {
                // Kept in memory and retried: undoable like any change.
                self.save_error = Some(error.to_string());
                Some(inverses)
            }
        };
        let session = open.session();
        if let Some(agg) = self.aggregate.as_mut() {
            if rebuild {
                self.aggregate = live_aggregate(session);
            } else {
                for (c, old) in cells.iter().zip(olds) {
                    let new = read(session, c);
                    if old != new {
                        agg.record(&session.template, c.round, &c.stage, &c.dimension, old, new);
                    }
                }
            }
        }
        if let Some(inv) = inverses {
            let batch: Vec<Change> = inv.into_iter().rev().flatten().collect();
            if !batch.is_empty() {
                match record {
                    Record::New => {
                        self.undo.push(batch);
                        self.redo.clear();
                    }
                    Record::Undo => self.redo.push(batch),
                    Record::Redo => self.undo.push(batch),
                    Record::Nothing => {}
                }
            }
        }
        Ok(())
    }

    /// Keeps every cursor on something that exists (after an undo removed
    /// a participant, an idea or a flow).
    pub fn clamp(&mut self) {
        let last = |n: usize| n.saturating_sub(1);
        let people = self.session().participants.len();
        let stages = self.template().stages.len();
        let flows = self.session().flows.len();
        let ideas = self.stage_ideas().len();
        self.row = self.row.min(last(people));
        self.voter = self.voter.min(last(people));
        self.col = self.col.min(last(stages));
        self.idea_stage = self.idea_stage.min(last(stages));
        self.idea_sel = self.idea_sel.min(last(ideas));
        self.flow_sel = self.flow_sel.min(last(flows));
    }

    /// Retries a failed save; keeps the error on screen while it fails.
    pub fn flush(&mut self) {
        if let Doc::Open(open) = &mut self.doc
            && !open.is_saved()
        {
            match open.retry() {
                Ok(()) => self.save_error = None,
                Err(e) => self.save_error = Some(e.to_string()),
            }
        }
    }

    /// Flows in display order: the forward chain first, then loops and losses.
    #[must_use]
    pub fn flows_ordered(&self) -> Vec<&Flow> {
        let mut f: Vec<&Flow> = self.session().flows.iter().collect();
        f.sort_by_key(|f| (f.kind != FlowKind::Forward, f.id));
        f
    }
}

fn on_session(app: &mut App, cmd: Cmd, ev: &KeyEvent) {
    let now = app.now;
    let screen_ctx = app.screen_ctx();
    let Screen::Session(v) = &mut app.screen else {
        return;
    };
    if v.doc.read_only() && cmd.is_edit() {
        app.status = Some(READ_ONLY.to_owned());
        return;
    }
    let status: Result<Option<String>, String> = match cmd {
        Cmd::Quit => {
            v.flush();
            if v.save_error.is_some() && !v.quit_armed {
                v.quit_armed = true;
                Err("UNSAVED changes could not be written; press q again to quit anyway".to_owned())
            } else if v.from_home {
                let home = HomeState::load(&app.store);
                app.screen = Screen::Home(home);
                return;
            } else {
                app.quit = true;
                return;
            }
        }
        Cmd::Help => {
            app.modal = Some(Modal::Help(screen_ctx, 0));
            return;
        }
        Cmd::Undo => match v.undo.pop() {
            None => Err("nothing to undo".to_owned()),
            Some(batch) => v
                .commit(batch, now, Record::Undo)
                .map(|()| Some("undone".to_owned())),
        },
        Cmd::Redo => match v.redo.pop() {
            None => Err("nothing to redo".to_owned()),
            Some(batch) => v
                .commit(batch, now, Record::Redo)
                .map(|()| Some("redone".to_owned())),
        },
        Cmd::NextExercise => go_to(v, v.exercise + 1, now),
        Cmd::PrevExercise => match v.exercise.checked_sub(1) {
            Some(i) => go_to(v, i, now),
            None => Err("this is the first exercise".to_owned()),
        },
        Cmd::JumpExercise => {
            let items = v
                .template()
                .exercises
                .iter()
                .map(|e| {
                    let mark = if v.is_done(&e.id) { "done" } else { "" };
                    format!("{} ({}) {mark}", e.title, e.kind.label())
                })
                .collect();
            app.modal = Some(Modal::Pick(PickState {
                title: "Jump to exercise".to_owned(),
                items,
                selected: v.exercise,
                ticked: None,
                purpose: PickPurpose::Exercise,
            }));
            return;
        }
        Cmd::Note => {
            app.modal = Some(input("Note for this exercise", InputPurpose::Note));
            return;
        }
        Cmd::Export => {
            start_export(app);
            return;
        }
        Cmd::CompareRounds => compare_last_rounds(app),
        Cmd::Analysis => {
            v.analysis = Some(AnalysisKind::Model);
            v.analysis_scroll = 0;
            Ok(None)
        }
        _ => match screen_ctx {
            super::keys::Ctx::Grid | super::keys::Ctx::IdeaGrid => grid_cmd(app, cmd, ev),
            super::keys::Ctx::Ideas | super::keys::Ctx::Tally => ideas_cmd(app, cmd),
            super::keys::Ctx::Flow => flow_cmd(app, cmd),
            super::keys::Ctx::Model | super::keys::Ctx::Analysis => {
                match cmd {
                    Cmd::ModelView => {
                        v.model_view = v.model_view.next();
                        v.analysis_scroll = 0;
                    }
                    Cmd::NextView => {
                        let next = v.analysis.unwrap_or_default().next();
                        v.analysis = Some(next);
                        v.analysis_scroll = 0;
                    }
                    Cmd::CloseView => {
                        v.analysis = None;
                        v.analysis_scroll = 0;
                    }
                    Cmd::Up => v.analysis_scroll = v.analysis_scroll.saturating_sub(1),
                    Cmd::Down => {
                        // The text view: two tables, at most a line per value.
                        let t = v.template();
                        let max = 2 * t.stages.len() * (t.dimensions.len() + 8) + 8;
                        v.analysis_scroll = (v.analysis_scroll + 1).min(max);
                    }
                    _ => {}
                }
                Ok(None)
            }
            _ => Ok(None),
        },
    };
    if let Some(v) = app.view_mut() {
        if cmd != Cmd::Quit {
            v.quit_armed = false;
        }
        v.clamp();
    }
    match status {
        Ok(Some(s)) | Err(s) => app.status = Some(s),
        Ok(None) => {}
    }
}

fn input(prompt: &str, purpose: InputPurpose) -> Modal {
    Modal::Input(InputState {
        prompt: prompt.to_owned(),
        text: String::new(),
        purpose,
    })
}

/// Moves to exercise `i`: stops the running one, starts the next.
fn go_to(v: &mut SessionView, i: usize, now: DateTime<Utc>) -> Result<Option<String>, String> {
    let n = v.template().exercises.len();
    if i >= n {
        return Err("this is the last exercise".to_owned());
    }
    if i == v.exercise {
        return Ok(None);
    }
    if !v.doc.read_only() {
        let mut changes = Vec::new();
        if let Some(cur) = v.current().map(|e| e.id.clone())
            && v.elapsed(&cur, now).1
        {
            changes.push(Change::StopExercise {
                exercise: cur,
                at: now,
            });
        }
        let next = v.template().exercises[i].id.clone();
        if !v.elapsed(&next, now).1 {
            changes.push(Change::StartExercise {
                exercise: next,
                at: now,
            });
        }
        v.commit(changes, now, Record::Nothing)?;
    }
    v.exercise = i;
    v.dimension = 0;
    v.analysis_scroll = 0;
    v.ideas_view = IdeasView::List;
    Ok(None)
}

fn grid_cmd(app: &mut App, cmd: Cmd, ev: &KeyEvent) -> Result<Option<String>, String> {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let rows = v.session().participants.len();
    let cols = v.template().stages.len();
    let ndims = v.dimensions().len();
    let round = v.round();
    let cell = v
        .session()
        .participants
        .get(v.row)
        .map(|p| p.id.clone())
        .zip(
            v.template()
                .stages
                .get(v.col)
                .map(|s| s.id.clone())
                .zip(v.dimension_id().map(str::to_owned)),
        );
    match cmd {
        Cmd::Up => v.row = v.row.saturating_sub(1),
        Cmd::Down => v.row = (v.row + 1).min(rows.saturating_sub(1)),
        Cmd::Left => v.col = v.col.saturating_sub(1),
        Cmd::Right => v.col = (v.col + 1).min(cols.saturating_sub(1)),
        Cmd::NextDimension => v.dimension = (v.dimension + 1) % ndims.max(1),
        Cmd::PrevDimension => v.dimension = (v.dimension + ndims.max(1) - 1) % ndims.max(1),
        Cmd::IdeasView => return ideas_cmd(app, cmd),
        Cmd::AddParticipant => {
            app.modal = Some(input(
                "Alias of the new participant",
                InputPurpose::ParticipantAlias,
            ));
        }
        Cmd::Reveal => {
            let Some(r) = v.session().round(round).cloned() else {
                return Err(format!("unknown round {round}"));
            };
            if !r.blind {
                return Err(format!(
                    "round {round} is not blind, the group is shown (R starts a blind round)"
                ));
            }
            v.commit(
                vec![Change::SetRevealed {
                    round,
                    revealed: !r.revealed,
                }],
                now,
                Record::New,
            )?;
            return Ok(Some(if r.revealed {
                format!("round {round}: group hidden")
            } else {
                format!("round {round}: group revealed")
            }));
        }
        Cmd::NewRound => {
            let number = round + 1;
            v.commit(
                vec![Change::StartRound(Round {
                    number,
                    started: now,
                    blind: true,
                    revealed: false,
                })],
                now,
                Record::New,
            )?;
            return Ok(Some(format!(
                "blind round {number} started: the group stays hidden until r"
            )));
        }
        Cmd::Rate | Cmd::DontKnow | Cmd::Clear | Cmd::Comment => {
            let Some((participant, (stage, dimension))) = cell else {
                return Err(if rows == 0 {
                    "no participants yet: press a to add one".to_owned()
                } else {
                    "no cell to rate here".to_owned()
                });
            };
            let existing = v
                .session()
                .rating(&participant, round, &stage, &dimension)
                .cloned();
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            let stage_name = v
                .template()
                .stage(&stage)
                .map_or(stage.clone(), |s| s.name.clone());
            let score = match cmd {
                Cmd::Rate => {
                    let KeyCode::Char(c) = ev.code else {
                        return Ok(None);
                    };
                    let d = c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .unwrap_or(0);
                    let scale = v.template().dimension(&dimension).map(|d| d.scale);
                    if let Some(scale) = scale
                        && !scale.contains(d)
                    {
                        return Err(format!(
                            "{d} is off the scale {}..{} (x = don't know)",
                            scale.min, scale.max
                        ));
                    }
                    Score::Value(d)
                }
                Cmd::DontKnow => Score::DontKnow,
                Cmd::Clear => {
                    v.commit(
                        vec![Change::ClearRating {
                            participant,
                            round,
                            stage,
                            dimension,
                        }],
                        now,
                        Record::New,
                    )?;
                    return Ok(Some(format!("{who} · {stage_name}: cleared")));
                }
                _ => {
                    let Some(e) = existing else {
                        return Err("rate the cell first, then comment on it".to_owned());
                    };
                    app.modal = Some(Modal::Input(InputState {
                        prompt: format!("Comment on {who} · {stage_name}"),
                        text: e.comment().unwrap_or_default().to_owned(),
                        purpose: InputPurpose::Comment {
                            participant,
                            stage,
                            dimension,
                        },
                    }));
                    return Ok(None);
                }
            };
            v.commit(
                vec![Change::SetRating {
                    participant,
                    round,
                    stage,
                    dimension,
                    score,
                    comment: existing.and_then(|e| e.4),
                    at: now,
                }],
                now,
                Record::New,
            )?;
            // Move on: along the row, then to the next participant.
            if v.col + 1 < cols {
                v.col += 1;
            } else if v.row + 1 < rows {
                v.col = 0;
                v.row += 1;
            }
            let shown = match score {
                Score::Value(x) => x.to_string(),
                Score::DontKnow => "don't know".to_owned(),
            };
            return Ok(Some(format!("{who} · {stage_name}: {shown}")));
        }
        _ => {}
    }
    Ok(None)
}

fn ideas_cmd(app: &mut App, cmd: Cmd) -> Result<Option<String>, String> {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let nstages = v.template().stages.len();
    let nvoters = v.session().participants.len();
    let has_grid = v.current().is_some_and(
        |e| matches!(&e.kind, ExerciseKind::Ideas { dimensions, .. } if !dimensions.is_empty()),
    );
    let selected = v.stage_ideas().get(v.idea_sel).map(|i| i.id);
    let voter = v.session().participants.get(v.voter).map(|p| p.id.clone());
    match cmd {
        Cmd::IdeasView => {
            v.ideas_view = match v.ideas_view {
                IdeasView::List => IdeasView::Tally,
                IdeasView::Tally if has_grid => IdeasView::Grid,
                IdeasView::Tally | IdeasView::Grid => IdeasView::List,
            };
        }
        Cmd::Left => {
            v.idea_stage = v.idea_stage.saturating_sub(1);
            v.idea_sel = 0;
        }
        Cmd::Right => {
            v.idea_stage = (v.idea_stage + 1).min(nstages.saturating_sub(1));
            v.idea_sel = 0;
        }
        Cmd::Up => v.idea_sel = v.idea_sel.saturating_sub(1),
        Cmd::Down => {
            v.idea_sel = (v.idea_sel + 1).min(v.stage_ideas().len().saturating_sub(1));
        }
        Cmd::NextVoter => v.voter = (v.voter + 1) % nvoters.max(1),
        Cmd::PrevVoter => v.voter = (v.voter + nvoters.max(1) - 1) % nvoters.max(1),
        Cmd::AddIdea => {
            let Some(stage) = v.template().stages.get(v.idea_stage) else {
                return Err("the template has no stages".to_owned());
            };
            let prompt = format!("New idea for {}", stage.name);
            let stage = stage.id.clone();
            app.modal = Some(input(&prompt, InputPurpose::IdeaText { stage }));
        }
        Cmd::Delete => {
            let Some(id) = selected else {
                return Err("no idea highlighted".to_owned());
            };
            v.commit(vec![Change::RemoveIdea { id }], now, Record::New)?;
            v.idea_sel = v.idea_sel.saturating_sub(1);
            return Ok(Some(format!("idea #{id} deleted (u undoes)")));
        }
        Cmd::Vote | Cmd::Unvote => {
            let Some(idea) = selected else {
                return Err("no idea highlighted".to_owned());
            };
            let Some(participant) = voter else {
                return Err("no participants yet".to_owned());
            };
            let change = if cmd == Cmd::Vote {
                Change::Vote {
                    idea,
                    participant: participant.clone(),
                }
            } else {
                Change::Unvote {
                    idea,
                    participant: participant.clone(),
                }
            };
            v.commit(vec![change], now, Record::New)?;
            let left = (v.session().vote_budget() as usize)
                .saturating_sub(v.session().votes_cast_by(&participant));
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            return Ok(Some(format!("{who}: {left} dots left")));
        }
        _ => {}
    }
    Ok(None)
}

fn flow_cmd(app: &mut App, cmd: Cmd) -> Result<Option<String>, String> {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let n = v.session().flows.len();
    match cmd {
        Cmd::Up => v.flow_sel = v.flow_sel.saturating_sub(1),
        Cmd::Down => v.flow_sel = (v.flow_sel + 1).min(n.saturating_sub(1)),
        Cmd::AddFlow => {
            let items = flow_origins(v.template())
                .into_iter()
                .map(|(_, n)| n)
                .collect();
            app.modal = Some(Modal::Pick(PickState {
                title: "Flow from".to_owned(),
                items,
                selected: 0,
                ticked: None,
                purpose: PickPurpose::FlowFrom,
            }));
        }
        Cmd::Delete => {
            let Some(id) = v.flows_ordered().get(v.flow_sel).map(|f| f.id) else {
                return Err("no flow highlighted".to_owned());
            };
            v.commit(vec![Change::RemoveFlow { id }], now, Record::New)?;
            v.flow_sel = v.flow_sel.min(n.saturating_sub(2));
            return Ok(Some(format!("flow {id} deleted (u undoes)")));
        }
        _ => {}
    }
    Ok(None)
}

/// Every node of the flow map: `(id, name)`, sources, stages, then sinks.
#[must_use]
pub fn flow_nodes(t: &crate::domain::Template) -> Vec<(String, String)> {
    use crate::domain::FlowNodeRole::{Sink, Source};
    nodes_of(t, &[Source], &[Sink])
}

/// Where a flow may start: sources and stages (nothing flows out of a sink).
#[must_use]
pub fn flow_origins(t: &crate::domain::Template) -> Vec<(String, String)> {
    nodes_of(t, &[crate::domain::FlowNodeRole::Source], &[])
}

/// Where a flow may end: stages and sinks (nothing flows into a source).
#[must_use]
pub fn flow_targets(t: &crate::domain::Template) -> Vec<(String, String)> {
    nodes_of(t, &[], &[crate::domain::FlowNodeRole::Sink])
}

/// The template's nodes of the `before` roles, the stages, then those of the `after` roles.
fn nodes_of(
    t: &crate::domain::Template,
    before: &[crate::domain::FlowNodeRole],
    after: &[crate::domain::FlowNodeRole],
) -> Vec<(String, String)> {
    let nodes = |roles: &[crate::domain::FlowNodeRole]| {
        t.flow_nodes
            .iter()
            .filter(|n| roles.contains(&n.role))
            .map(|n| (n.id.clone(), n.name.clone()))
            .collect::<Vec<_>>()
    };
    nodes(before)
        .into_iter()
        .chain(t.stages.iter().map(|s| (s.id.clone(), s.name.clone())))
        .chain(nodes(after))
        .collect()
}

// ---------------------------------------------------------------- modals

fn submit_input(app: &mut App, form: InputState) {
    let now = app.now;
    let text = form.text.trim().to_owned();
    if let InputPurpose::NewSessionTitle = form.purpose {
        if text.is_empty() {
            app.status = Some("a session needs a title".to_owned());
            return;
        }
        let session = Session::new(&text, "", default_template(), now);
        let opened = app
            .store
            .create(&session)
            .and_then(|path| OpenSession::open(&path));
        match opened {
            Ok(open) => open_view(app, Doc::Open(open)),
            Err(e) => app.status = Some(format!("cannot create the session: {e}")),
        }
        return;
    }
    let Some(v) = app.view_mut() else {
        return;
    };
    let result: Result<Option<String>, String> = match form.purpose {
        InputPurpose::NewSessionTitle => Ok(None),
        InputPurpose::Note => {
            if text.is_empty() {
                Err("empty note not saved".to_owned())
            } else {
                let note = Note {
                    id: v.session().next_note_id(),
                    at: now,
                    exercise: v.current().map(|e| e.id.clone()),
                    text,
                };
                v.commit(vec![Change::AddNote(note)], now, Record::New)
                    .map(|()| Some("note saved".to_owned()))
            }
        }
        InputPurpose::Comment {
            participant,
            stage,
            dimension,
        } => {
            let round = v.round();
            match v
                .session()
                .rating(&participant, round, &stage, &dimension)
                .cloned()
            {
                None => Err("the cell was cleared; comment not saved".to_owned()),
                Some(e) => v
                    .commit(
                        vec![Change::SetRating {
                            participant,
                            round,
                            stage,
                            dimension,
                            score: e.score(),
                            comment: (!text.is_empty()).then_some(text),
                            at: now,
                        }],
                        now,
                        Record::New,
                    )
                    .map(|()| Some("comment saved".to_owned())),
            }
        }
        InputPurpose::ParticipantAlias => {
            if text.is_empty() {
                Err("a participant needs an alias".to_owned())
            } else {
                let p = Participant {
                    id: v.session().next_participant_id(),
                    alias: text.clone(),
                    role: String::new(),
                    organisation: String::new(),
                };
                let r = v.commit(vec![Change::AddParticipant(p)], now, Record::New);
                if r.is_ok() {
                    v.row = v.session().participants.len().saturating_sub(1);
                    v.col = 0;
                }
                r.map(|()| Some(format!("{text} joined")))
            }
        }
        InputPurpose::IdeaText { stage } => {
            if text.is_empty() {
                Err("empty idea not added".to_owned())
            } else {
                let items: Vec<String> = v
                    .template()
                    .technologies
                    .iter()
                    .map(|t| t.name.clone())
                    .collect();
                let n = items.len();
                app.modal = Some(Modal::Pick(PickState {
                    title: "Technologies (Space ticks, Enter when done)".to_owned(),
                    items,
                    selected: 0,
                    ticked: Some(vec![false; n]),
                    purpose: PickPurpose::IdeaTechnologies { stage, text },
                }));
                Ok(None)
            }
        }
        InputPurpose::FlowMaterials(mut draft) => {
            draft.materials = text
                .split(',')
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect();
            app.modal = Some(input(
                "Note on this flow (may be empty)",
                InputPurpose::FlowNote(draft),
            ));
            Ok(None)
        }
        InputPurpose::FlowNote(draft) => {
            let flow = Flow {
                id: v.session().next_flow_id(),
                from: draft.from,
                to: draft.to,
                kind: draft.kind.unwrap_or(FlowKind::Forward),
                strength: draft.strength.unwrap_or(Strength::Medium),
                materials: draft.materials,
                note: text,
            };
            let id = flow.id;
            v.commit(vec![Change::AddFlow(flow)], now, Record::New)
                .map(|()| Some(format!("flow {id} added")))
        }
    };
    match result {
        Ok(Some(s)) | Err(s) => app.status = Some(s),
        Ok(None) => {}
    }
}

fn submit_pick(app: &mut App, pick: PickState) {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return;
    };
    let sel = pick.selected;
    // The "from" step lists origins, the "to" step targets (see AddFlow).
    let nodes = match pick.purpose {
        PickPurpose::FlowTo(_) => flow_targets(v.template()),
        _ => flow_origins(v.template()),
    };
    let node = nodes.get(sel).map(|(id, _)| id.clone()).unwrap_or_default();
    let targets = flow_targets(v.template());
    let step = |title: &str, items: Vec<String>, purpose| {
        Modal::Pick(PickState {
            title: title.to_owned(),
            items,
            selected: 0,
            ticked: None,
            purpose,
        })
    };
    let result: Result<Option<String>, String> = match pick.purpose.clone() {
        PickPurpose::Exercise => go_to(v, sel, now),
        PickPurpose::IdeaTechnologies { stage, text } => {
            let ticked = pick.ticked.clone().unwrap_or_default();
            let technologies: Vec<String> = v
                .template()
                .technologies
                .iter()
                .zip(ticked)
                .filter(|(_, t)| *t)
                .map(|(t, _)| t.id.clone())
                .collect();
            if technologies.is_empty() {
                app.modal = Some(Modal::Pick(pick));
                Err("tick at least one technology with Space".to_owned())
            } else {
                let mut items = vec!["(no author)".to_owned()];
                items.extend(v.session().participants.iter().map(|p| p.alias.clone()));
                let selected = if v.session().participants.is_empty() {
                    0
                } else {
                    v.voter + 1
                };
                app.modal = Some(Modal::Pick(PickState {
                    title: "Author".to_owned(),
                    items,
                    selected,
                    ticked: None,
                    purpose: PickPurpose::IdeaAuthor {
                        stage,
                        text,
                        technologies,
                    },
                }));
                Ok(None)
            }
        }
        PickPurpose::IdeaAuthor {
            stage,
            text,
            technologies,
        } => {
            let author = sel
                .checked_sub(1)
                .and_then(|i| v.session().participants.get(i))
                .map(|p| p.id.clone());
            let idea = Idea {
                id: v.session().next_idea_id(),
                stage,
                technologies,
                text,
                author,
                votes: Vec::new(),
            };
            let id = idea.id;
            let r = v.commit(vec![Change::AddIdea(idea)], now, Record::New);
            if r.is_ok() {
                v.idea_sel = v.stage_ideas().len().saturating_sub(1);
            }
            r.map(|()| Some(format!("idea #{id} added")))
        }
        PickPurpose::FlowFrom => {
            let draft = FlowDraft {
                from: node,
                ..FlowDraft::default()
            };
            let items = targets.iter().map(|(_, n)| n.clone()).collect();
            app.modal = Some(step("Flow to", items, PickPurpose::FlowTo(draft)));
            Ok(None)
        }
        PickPurpose::FlowTo(mut draft) => {
            draft.to = node;
            let items = FlowKind::ALL.iter().map(|k| kind_item(*k)).collect();
            app.modal = Some(step("Kind of flow", items, PickPurpose::FlowKind(draft)));
            Ok(None)
        }
        PickPurpose::FlowKind(mut draft) => {
            draft.kind = FlowKind::ALL.get(sel).copied();
            let items = Strength::ALL.iter().map(|s| s.label().to_owned()).collect();
            app.modal = Some(step(
                "Strength today",
                items,
                PickPurpose::FlowStrength(draft),
            ));
            Ok(None)
        }
        PickPurpose::FlowStrength(mut draft) => {
            draft.strength = Strength::ALL.get(sel).copied();
            app.modal = Some(input(
                "Materials, comma separated (Li, Co, Ni...)",
                InputPurpose::FlowMaterials(draft),
            ));
            Ok(None)
        }
    };
    match result {
        Ok(Some(s)) | Err(s) => app.status = Some(s),
        Ok(None) => {}
    }
}

/// A flow kind with its one-letter code, as listed in pickers and the map.
#[must_use]
pub fn kind_item(k: FlowKind) -> String {
    format!("{} {}", kind_letter(k), k.label())
}

/// One letter per flow kind, so the map reads without colour.
#[must_use]
pub fn kind_letter(k: FlowKind) -> char {
    match k {
        FlowKind::Forward => 'F',
        FlowKind::Reuse => 'U',
        FlowKind::Repurpose => 'P',
        FlowKind::Remanufacture => 'M',
        FlowKind::Recycle => 'R',
        FlowKind::Loss => 'L',
    }
}
