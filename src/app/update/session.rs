//! The session screen: intents sent to the engine as the facilitator,
//! undo/redo, exercise navigation and the commands common to every exercise.

use chrono::{DateTime, Utc};

use crate::analysis::RoundChoice;
use crate::domain::{Flow, FlowKind};
use crate::engine::{Actor, Intent, Outcome, SaveState};

use super::compare::compare_last_rounds;
use super::flow::flow_cmd;
use super::grid::grid_cmd;
use super::ideas::ideas_cmd;
use super::navigate::go_to;
use crate::app::effect::Effect;
use crate::app::keys::{Cmd, Ctx};
use crate::app::state::{
    AnalysisKind, App, InputPurpose, Modal, PickPurpose, PickState, Screen, SessionView,
};
use crate::app::status::{AppError, Handled, Status, cannot};

impl SessionView {
    /// Sends an intent to the engine as the facilitator. The change is in
    /// memory at once and saved by the `Save` effect that `update` returns.
    ///
    /// # Errors
    /// The engine's refusal; nothing changed.
    pub fn act(&mut self, intent: Intent, now: DateTime<Utc>) -> Result<Outcome, AppError> {
        Ok(self.engine.submit(&Actor::Facilitator, intent, now)?)
    }

    /// Keeps every cursor on something that exists (after an undo removed
    /// a participant, an idea or a flow).
    pub fn clamp(&mut self) {
        let last = |n: usize| n.saturating_sub(1);
        let people = self.session().participants.len();
        let stages = self.template().stages.len();
        let flows = self.session().flows.len();
        let ideas = self.stage_ideas().len();
        for f in self.grid.foci_mut() {
            f.row = f.row.min(last(people));
            f.col = f.col.min(last(stages));
        }
        self.ideas.voter = self.ideas.voter.min(last(people));
        self.ideas.stage = self.ideas.stage.min(last(stages));
        self.ideas.selected = self.ideas.selected.min(last(ideas));
        self.flow_sel = self.flow_sel.min(last(flows));
    }

    /// Flows in display order: the forward chain first, then loops and losses.
    #[must_use]
    pub fn flows_ordered(&self) -> Vec<&Flow> {
        let mut f: Vec<&Flow> = self.session().flows.iter().collect();
        f.sort_by_key(|f| (f.kind != FlowKind::Forward, f.id));
        f
    }
}

#[expect(clippy::too_many_lines, reason = "one arm per session command")]
pub(super) fn on_session(app: &mut App, cmd: Cmd) {
    let now = app.now;
    let screen_ctx = app.screen_ctx();
    let Screen::Session(v) = &mut app.screen else {
        return;
    };
    if v.read_only() && cmd.is_edit() {
        app.status = Some(AppError::from(crate::engine::Refusal::ReadOnly).into());
        return;
    }
    // The recovery notice stays until the facilitator does something.
    v.recovered = None;
    let status: Handled = match cmd {
        Cmd::Quit => {
            // The exercise log records the stop: the clock does not run on
            // while the program is closed (reopening starts it again); the
            // phones' server stops with the session, on purpose.
            if !v.read_only() {
                let _ = v.engine.stop_clock(now);
                let _ = v.engine.set_server(None, now);
            }
            // Every update's changes were saved (or tried) by its `Save`
            // effect, so the save state is current.
            if matches!(v.engine.save_state(), SaveState::Failed(_)) && !v.quit_armed {
                v.quit_armed = true;
                Err(AppError::UnsavedOnQuit)
            } else if v.from_home {
                app.effects.push(Effect::ReloadHome);
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
        Cmd::Undo | Cmd::Redo => {
            let redo = cmd == Cmd::Redo;
            // Described before it is taken back, while the values are there.
            let what = v
                .engine
                .next_step(&Actor::Facilitator, redo)
                .map(|changes| v.describe_changes(changes))
                .unwrap_or_default();
            let intent = if redo { Intent::Redo } else { Intent::Undo };
            v.act(intent, now)
                .map(|_| Some(format!("{}: {what}", if redo { "redid" } else { "undid" })))
        }
        Cmd::PauseClock => {
            if v.engine.clock_running(now) {
                v.engine
                    .stop_clock(now)
                    .map(|_| Some("clock paused: t resumes it".to_owned()))
                    .map_err(AppError::from)
            } else {
                v.engine
                    .start_clock(now)
                    .map(|()| Some("clock running".to_owned()))
                    .map_err(AppError::from)
            }
        }
        Cmd::ExtendTimebox => v
            .engine
            .extend_timebox(EXTENSION_MINUTES, now)
            .map(|()| Some(format!("timebox extended by {EXTENSION_MINUTES} minutes")))
            .map_err(AppError::from),
        Cmd::NextExercise => go_to(v, v.exercise() + 1, now),
        Cmd::PrevExercise => match v.exercise().checked_sub(1) {
            Some(i) => go_to(v, i, now),
            None => Err(cannot("this is the first exercise")),
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
                selected: v.exercise(),
                ticked: None,
                purpose: PickPurpose::Exercise,
            }));
            return;
        }
        Cmd::Note => {
            app.modal = Some(Modal::input("Note for this exercise", InputPurpose::Note));
            return;
        }
        Cmd::Notes => {
            let exercise = v.current().map(|e| e.id.clone());
            let items: Vec<String> = v
                .session()
                .notes
                .iter()
                .filter(|n| n.exercise == exercise)
                .map(|n| {
                    let at = n.at.with_timezone(&chrono::Local).format("%H:%M");
                    format!("{at} {}", n.text.replace('\n', " "))
                })
                .collect();
            if items.is_empty() {
                Err(cannot("no notes for this exercise yet: n writes one"))
            } else {
                let title = format!("Notes of this exercise ({})", items.len());
                app.modal = Some(Modal::Pick(PickState {
                    title,
                    items,
                    selected: 0,
                    ticked: None,
                    purpose: PickPurpose::Notes,
                }));
                return;
            }
        }
        Cmd::Export => {
            app.effects.push(Effect::Export);
            return;
        }
        Cmd::CompareRounds => compare_last_rounds(app),
        Cmd::ToggleServer | Cmd::JoinPanel => super::join::session_cmd(app, cmd),
        Cmd::JoinCards => {
            app.effects.push(Effect::JoinCards);
            return;
        }
        Cmd::ReissueCard => {
            if v.session().participants.is_empty() {
                Err(cannot("nobody has a card yet: add participants first"))
            } else {
                let items = v
                    .session()
                    .participants
                    .iter()
                    .map(|p| p.alias.clone())
                    .collect();
                app.modal = Some(Modal::Pick(PickState {
                    title: "Reissue whose join card? (the old card stops working)".to_owned(),
                    items,
                    selected: 0,
                    ticked: None,
                    purpose: PickPurpose::ReissueCard,
                }));
                return;
            }
        }
        Cmd::BoardView => {
            app.modal = Some(super::board::pick(v));
            return;
        }
        Cmd::Settings => {
            let codes: Vec<String> = crate::i18n::known()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let items = super::navigate::language_items(&codes);
            let selected = codes
                .iter()
                .position(|c| *c == v.session().language)
                .unwrap_or(0);
            app.modal = Some(Modal::Pick(PickState {
                title: "The room's language: phones, board, join cards and reports".to_owned(),
                items,
                selected,
                ticked: None,
                purpose: PickPurpose::Language(codes),
            }));
            return;
        }
        Cmd::Analysis => {
            v.analysis.open = Some(AnalysisKind::Model);
            v.analysis.scroll = 0;
            Ok(None)
        }
        _ => match screen_ctx {
            Ctx::Grid | Ctx::IdeaGrid => grid_cmd(app, cmd),
            Ctx::Ideas | Ctx::Tally => ideas_cmd(app, cmd),
            Ctx::Flow => flow_cmd(app, cmd),
            Ctx::Model if cmd == Cmd::NewRound => Err(cannot(
                "rounds start in a rating grid: e jumps to one, then R starts the next round",
            )),
            Ctx::Model | Ctx::Analysis => {
                analysis_cmd(v, cmd);
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
        Ok(Some(s)) => app.status = Some(Status::info(s)),
        Err(e) => app.status = Some(e.into()),
        Ok(None) => {}
    }
}

/// Minutes that `+` adds to the timebox.
const EXTENSION_MINUTES: i32 = 5;

/// The model review exercise and the full-screen analysis views.
fn analysis_cmd(v: &mut SessionView, cmd: Cmd) {
    let a = &mut v.analysis;
    match cmd {
        Cmd::ModelView => {
            a.model_view = a.model_view.next();
            a.scroll = 0;
        }
        Cmd::NextView => {
            a.open = Some(a.open.unwrap_or_default().next());
            a.scroll = 0;
        }
        Cmd::CloseView => {
            a.open = None;
            a.scroll = 0;
        }
        Cmd::AnalysisRound => {
            let rounds: Vec<u32> = v.engine.session().rounds.iter().map(|r| r.number).collect();
            a.round = next_round_choice(a.round, &rounds);
            a.scroll = 0;
        }
        Cmd::Up => a.scroll = a.scroll.saturating_sub(1),
        Cmd::Down => {
            // The text view: two tables, at most a line per value.
            let t = &v.engine.session().template;
            let max = 2 * t.stages.len() * (t.dimensions.len() + 8) + 8;
            a.scroll = (a.scroll + 1).min(max);
        }
        _ => {}
    }
}

/// Latest, then round 1, 2, ... of `rounds`, then latest again.
fn next_round_choice(choice: RoundChoice, rounds: &[u32]) -> RoundChoice {
    let next = match choice {
        RoundChoice::Latest => rounds.first(),
        RoundChoice::Exactly(n) => rounds.iter().find(|&&r| r > n),
    };
    next.map_or(RoundChoice::Latest, |&r| RoundChoice::Exactly(r))
}
