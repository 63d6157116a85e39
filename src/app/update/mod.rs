//! `update(&mut App, Action)`: the one place where state changes. Session
//! changes go through the [`OpenSession`](crate::store::OpenSession) the app owns (the only writer).

mod compare;
mod flow;
mod grid;
mod home;
mod ideas;
mod modal;
mod session;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, KeyEventKind};

use crate::domain::Session;

use super::keys::{Cmd, lookup};
use super::state::{App, InputPurpose, InputState, Modal, Screen};

pub use flow::{flow_nodes, kind_item, kind_letter};
pub use session::Record;

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
        Some(Modal::Input(input)) => modal::on_input(app, input, cmd, ev),
        Some(Modal::Pick(pick)) => modal::on_pick(app, pick, cmd, ev),
        None if app.compare.is_some() => compare::on_compare(app, cmd, ev),
        None => match app.screen {
            Screen::Home(_) => home::on_home(app, cmd, ev),
            Screen::Session(_) => session::on_session(app, cmd, ev),
        },
    }
}

/// The live statistics of a session, computed once; kept up to date with
/// `Aggregate::record` on every rating change after that.
#[must_use]
pub fn live_aggregate(session: &Session) -> Option<crate::analysis::Aggregate> {
    Some(crate::analysis::Aggregate::new(session))
}

fn input(prompt: &str, purpose: InputPurpose) -> Modal {
    Modal::Input(InputState {
        prompt: prompt.to_owned(),
        text: String::new(),
        purpose,
    })
}
