//! The home screen: the list of sessions, opening, creating and comparing them.

use crate::app::effect::Effect;
use crate::app::keys::Cmd;
use crate::app::state::{
    App, HomeEntry, InputPurpose, InputState, Modal, PickPurpose, PickState, Screen, SessionView,
};
use crate::app::status::Status;

pub(super) fn on_home(app: &mut App, cmd: Cmd) {
    let Screen::Home(home) = &mut app.screen else {
        return;
    };
    let info = |text: &str| Some(Status::info(text));
    match cmd {
        Cmd::Up => home.selected = home.selected.saturating_sub(1),
        Cmd::Down => {
            home.selected += 1;
            home.clamp();
        }
        Cmd::Filter => home.filtering = true,
        // The filter is shown as typed: no control character enters it.
        Cmd::FilterType(c) if !c.is_control() => {
            home.filter.push(c);
            home.selected = 0;
            home.clamp();
        }
        // Backspace on an empty filter stops filtering, as in less and vim.
        Cmd::FilterErase => {
            if home.filter.pop().is_none() {
                home.filtering = false;
            }
            home.clamp();
        }
        Cmd::FilterDone => home.filtering = false,
        Cmd::FilterClear => {
            home.filtering = false;
            home.filter.clear();
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
        Cmd::Help => app.modal = Some(Modal::Help(crate::app::keys::Ctx::Home, 0)),
        Cmd::Mark => {
            let Some(path) = home.selected_path() else {
                app.status = info("no session highlighted");
                return;
            };
            if home.marked.as_ref() == Some(&path) {
                home.marked = None;
                app.status = info("unmarked");
            } else {
                home.marked = Some(path);
                app.status = info("marked: highlight another session and press c to compare");
            }
        }
        Cmd::CompareMarked => {
            let Some(marked) = home.marked.clone() else {
                app.status = info("mark a session with Tab first, then compare it with c");
                return;
            };
            let Some(path) = home.selected_path() else {
                app.status = info("no session highlighted");
                return;
            };
            app.effects.push(Effect::Compare { a: marked, b: path });
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
                app.status = info("no session highlighted");
                return;
            };
            let example = home
                .visible()
                .get(home.selected)
                .is_some_and(|e| matches!(e, HomeEntry::Ok(s) if s.example));
            if example && cmd == Cmd::OpenRun {
                app.modal = Some(Modal::Pick(PickState {
                    title: "This is the shipped example: looking at it never changes it".to_owned(),
                    items: vec![
                        "Review it (read-only)".to_owned(),
                        "Facilitate a copy of it (a new session file)".to_owned(),
                        "Cancel".to_owned(),
                    ],
                    selected: 0,
                    ticked: None,
                    purpose: PickPurpose::Example(path),
                }));
                return;
            }
            app.effects.push(Effect::Open {
                path,
                review: cmd == Cmd::OpenReview,
            });
        }
        _ => {}
    }
}

impl App {
    /// Shows the session `engine` holds, opened from the home screen (its
    /// `q` leads back home), and starts its exercise's timer.
    pub fn show_session(&mut self, engine: crate::engine::Engine) {
        self.screen = Screen::Session(Box::new(SessionView::new(engine, true)));
        self.after_open();
    }

    /// Starts the timer of the exercise the session resumes at (when it is
    /// facilitated, not reviewed).
    pub fn after_open(&mut self) {
        let now = self.now;
        let Some(v) = self.view_mut() else {
            return;
        };
        v.open_where_the_room_is(now);
        // Opening is no change of dimension to point out.
        v.grid.dimension_changed = None;
        if v.read_only() {
            return;
        }
        if v.engine.server_left_running().is_some() {
            let at = v
                .session()
                .updated
                .with_timezone(&chrono::Local)
                .format("%H:%M");
            v.recovered = Some(format!(
                "recovered after an unexpected stop at {at}: 0 answers lost \
                 ({} journal records replayed)",
                v.engine.replayed_on_open()
            ));
        }
        match v.engine.start_clock(now) {
            Ok(()) => self.effects.push(Effect::Save),
            Err(e) => self.status = Some(crate::app::status::AppError::from(e).into()),
        }
    }
}
