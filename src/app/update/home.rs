//! The home screen: the list of sessions, opening, creating and comparing them.

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::Change;
use crate::store::{self, OpenSession};

use super::compare::show_compare;
use super::live_aggregate;
use super::session::Record;
use crate::app::keys::Cmd;
use crate::app::state::{App, Doc, InputPurpose, InputState, Modal, Screen, SessionView};

pub(super) fn on_home(app: &mut App, cmd: Cmd, ev: &KeyEvent) {
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
        Cmd::Help => app.modal = Some(Modal::Help(crate::app::keys::Ctx::Home, 0)),
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

pub(super) fn open_view(app: &mut App, doc: Doc) {
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
