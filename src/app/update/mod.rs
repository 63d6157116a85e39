//! `update(&mut App, Action) -> Vec<Effect>`: the one place where state
//! changes. Session changes are intents sent to the [`Engine`](crate::engine::Engine)
//! as the facilitator; files and threads are left to the returned effects.

mod board;
mod compare;
mod describe;
mod flow;
mod grid;
mod home;
mod idea_menu;
mod ideas;
mod join;
mod modal;
mod navigate;
mod session;

use chrono::{DateTime, Utc};

use super::effect::Effect;
use super::keys::Cmd;
use super::state::{App, Modal, Screen};
use super::status::Status;
use crate::engine::SaveState;

pub(crate) use compare::show_compare;
pub use flow::{flow_nodes, kind_item};
pub use join::roster_words;

/// Everything that can happen to the app arrives as one of these, on one
/// queue. Keys arrive already read as commands that carry their data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Cmd(Cmd),
    Resize(u16, u16),
    /// Time passes: timers refresh and unsaved changes are retried.
    Tick(DateTime<Utc>),
    /// SIGTERM / SIGHUP: flush and leave.
    Shutdown,
    /// A background export finished.
    Exported(Result<super::effect::Exported, String>),
}

/// Applies one action; returns the effects for the loop to run.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Cmd(cmd) => on_cmd(app, cmd),
        Action::Resize(..) => {}
        Action::Tick(now) => {
            if let Some(warning) = app.view().and_then(|v| v.timebox_warning(app.now, now)) {
                app.status = Some(Status::warning(warning));
            }
            app.now = now;
        }
        Action::Shutdown => {
            let now = app.now;
            if let Some(v) = app.view_mut()
                && !v.read_only()
            {
                let _ = v.engine.stop_clock(now);
            }
            app.quit = true;
        }
        Action::Exported(result) => {
            app.exporting = false;
            app.status = Some(match result {
                Ok(e) => Status::info(match &e.package {
                    Some(folder) => format!(
                        "exported {} files and the data package {folder} to {}",
                        e.files,
                        e.dir.display()
                    ),
                    None => format!("exported {} files to {}", e.files, e.dir.display()),
                }),
                Err(e) => Status::info(e),
            });
        }
    }
    // The board shows the dimension on the facilitator's grid.
    if let Some(v) = app.view_mut() {
        let dimension = v.dimension_id().map(str::to_owned);
        v.engine.follow_dimension(dimension.as_deref());
    }
    let mut effects = std::mem::take(&mut app.effects);
    // Whatever the engine holds that is not on disk yet is saved (or a
    // failed save retried) before the next frame.
    if let Some(v) = app.view()
        && *v.engine.save_state() != SaveState::Saved
        && !effects.contains(&Effect::Save)
    {
        effects.insert(0, Effect::Save);
    }
    effects
}

fn on_cmd(app: &mut App, cmd: Cmd) {
    app.status = None;
    match app.modal.take() {
        Some(Modal::Help(c, scroll)) => {
            let read_only = app.view().is_some_and(super::SessionView::read_only);
            let rows = super::keys::accepted(c, read_only).count();
            match cmd {
                Cmd::CloseHelp => {}
                Cmd::Up => app.modal = Some(Modal::Help(c, scroll.saturating_sub(1))),
                Cmd::Down => {
                    app.modal = Some(Modal::Help(c, (scroll + 1).min(rows.saturating_sub(1))));
                }
                _ => app.modal = Some(Modal::Help(c, scroll)),
            }
        }
        Some(Modal::Input(input)) => modal::on_input(app, input, cmd),
        Some(Modal::Pick(pick)) => modal::on_pick(app, pick, cmd),
        Some(Modal::Join(selected)) => join::on_join(app, selected, cmd),
        None if app.compare.is_some() => {
            if let Some(cmd) = compare::on_compare(app, cmd) {
                session::on_session(app, cmd);
            }
        }
        None => match app.screen {
            Screen::Home(_) => home::on_home(app, cmd),
            Screen::Session(_) => session::on_session(app, cmd),
        },
    }
}
