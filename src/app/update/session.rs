//! The session screen: committing through the one writer, undo/redo,
//! exercise navigation and the commands common to every exercise.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::domain::{CellKey, Change, Flow, FlowKind, Score, Session};
use crate::store::CommitError;

use super::compare::compare_last_rounds;
use super::flow::flow_cmd;
use super::grid::grid_cmd;
use super::ideas::ideas_cmd;
use super::{READ_ONLY, input, live_aggregate, start_export};
use crate::app::keys::Cmd;
use crate::app::state::{
    AnalysisKind, App, Doc, HomeState, IdeasView, InputPurpose, Modal, PickPurpose, PickState,
    Screen, SessionView,
};

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

pub(super) fn on_session(app: &mut App, cmd: Cmd, ev: &KeyEvent) {
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
            crate::app::keys::Ctx::Grid | crate::app::keys::Ctx::IdeaGrid => grid_cmd(app, cmd, ev),
            crate::app::keys::Ctx::Ideas | crate::app::keys::Ctx::Tally => ideas_cmd(app, cmd),
            crate::app::keys::Ctx::Flow => flow_cmd(app, cmd),
            crate::app::keys::Ctx::Model | crate::app::keys::Ctx::Analysis => {
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

/// Moves to exercise `i`: stops the running one, starts the next.
pub(super) fn go_to(
    v: &mut SessionView,
    i: usize,
    now: DateTime<Utc>,
) -> Result<Option<String>, String> {
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
