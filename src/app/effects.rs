//! Work that `update` asks the loop to do: anything that touches files or
//! threads, so that `update` itself stays a pure state change.

use std::path::PathBuf;

use crate::domain::{Session, default_template_in};
use crate::engine::Engine;

use super::state::{App, HomeState, Screen, SessionView};
use super::status::Status;
use super::update::{Action, update};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Make the session's staged changes durable (one fsync for all of them).
    Save,
    /// Read the sessions folder again and show the home screen.
    ReloadHome,
    /// Export a snapshot of the session on screen, in the background.
    Export,
    /// Open a session from the home screen, to facilitate or to review.
    Open { path: PathBuf, review: bool },
    /// Create a session from the default template in `language` and
    /// facilitate it.
    Create {
        title: String,
        blind: bool,
        language: String,
    },
    /// Facilitate a copy of a shipped example (a new session file), so
    /// that the example itself never changes.
    CopyExample { path: PathBuf },
    /// Read two sessions and compare their latest rated rounds.
    Compare { a: PathBuf, b: PathBuf },
    /// Start (or stop) the participants' server: run by the terminal's loop,
    /// which owns the server.
    ToggleServer,
    /// Replace the join code (randomness comes from the loop's side too).
    NewJoinCode,
    /// Write the join cards of the session on screen to the exports folder.
    JoinCards,
}

/// Runs one effect.
pub fn run(app: &mut App, effect: Effect) {
    match effect {
        Effect::Save => {
            if let Some(v) = app.view_mut() {
                v.engine.flush();
            }
        }
        Effect::ReloadHome => app.screen = Screen::Home(HomeState::load(&app.store)),
        Effect::Export => start_export(app),
        Effect::JoinCards => write_join_cards(app),
        // Only the terminal's loop can run these; without it they say so.
        Effect::ToggleServer | Effect::NewJoinCode => {
            app.status = Some(Status::info(
                "participants' devices need the terminal (loopshop run)",
            ));
        }
        Effect::Open { path, review } => {
            let engine = if review {
                crate::store::load(&path).map(|s| Engine::read_only(s, path))
            } else {
                Engine::open(&path)
            };
            match engine {
                Ok(engine) => open_view(app, engine),
                Err(e) => app.status = Some(Status::info(format!("cannot open: {e}"))),
            }
        }
        Effect::Compare { a, b } => match (crate::store::load(&a), crate::store::load(&b)) {
            (Ok(a), Ok(b)) => {
                let (ra, rb) = (
                    crate::analysis::compare::latest_rated_round(&a),
                    crate::analysis::compare::latest_rated_round(&b),
                );
                super::update::show_compare(app, &a, ra, &b, rb);
            }
            (Err(e), _) | (_, Err(e)) => {
                app.status = Some(Status::info(format!("cannot compare: {e}")));
            }
        },
        Effect::CopyExample { path } => {
            let copy = crate::store::load(&path).map(|mut s| {
                s.example = false;
                s.title = format!("{} (copy)", s.title);
                s.created = app.now;
                s.updated = app.now;
                s.exercise_log.clear();
                s.timebox_extra.clear();
                s.access = crate::domain::Access::default();
                s
            });
            match copy
                .and_then(|s| app.store.create(&s))
                .and_then(|p| Engine::open(&p))
            {
                Ok(engine) => {
                    let file = engine.path().display().to_string();
                    open_view(app, engine);
                    app.status = Some(Status::info(format!(
                        "facilitating a copy of the example: {file}"
                    )));
                }
                Err(e) => {
                    app.status = Some(Status::info(format!("cannot copy the example: {e}")));
                }
            }
        }
        Effect::Create {
            title,
            blind,
            language,
        } => {
            let mut session = Session::new(&title, "", default_template_in(&language), app.now);
            session.language = language;
            if let Some(first) = session.rounds.first_mut() {
                first.blind = blind;
            }
            session.access.card_secret = crate::store::new_card_secret();
            match app.store.create(&session).and_then(|p| Engine::open(&p)) {
                Ok(engine) => open_view(app, engine),
                Err(e) => {
                    app.status = Some(Status::info(format!("cannot create the session: {e}")));
                }
            }
        }
    }
}

/// Applies an action and runs the effects it asks for, and theirs, until
/// none is left (tests, and anything that drives the app without a loop).
pub fn dispatch(app: &mut App, action: Action) {
    let mut effects = update(app, action);
    while !effects.is_empty() {
        for effect in effects {
            run(app, effect);
        }
        effects = std::mem::take(&mut app.effects);
    }
}

fn open_view(app: &mut App, engine: Engine) {
    app.screen = Screen::Session(Box::new(SessionView::new(engine, true)));
    app.after_open();
}

/// Starts exporting a snapshot of the session on screen in the background.
fn start_export(app: &mut App) {
    let Some(v) = app.view() else {
        return;
    };
    if app.exporting {
        app.status = Some(Status::info("an export is already running"));
        return;
    }
    let session = v.session().clone();
    let stem = v.engine.path().file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let dir = app.store.dir().join("exports");
    app.exporting = true;
    app.status = Some(Status::info(format!("exporting to {} ...", dir.display())));
    if let Some(done) = super::export::start(session, dir, stem, app.outbox.as_ref()) {
        dispatch(app, done);
    }
}

/// Writes `exports/<session>.cards.html`: every participant's join card,
/// for the address the server has (or would have, once started).
fn write_join_cards(app: &mut App) {
    let Some(v) = app.view() else {
        return;
    };
    let url = v
        .room
        .as_ref()
        .map_or_else(|| app.card_url.clone(), |r| r.url.clone());
    let stem = v.engine.path().file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let dir = app.store.dir().join("exports");
    let path = dir.join(format!("{stem}.cards.html"));
    let written = crate::export::join_cards::render(v.session(), &url)
        .map_err(|e| e.to_string())
        .and_then(|html| {
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
            crate::store::write_file(&path, html.as_bytes()).map_err(|e| e.to_string())
        });
    app.status = Some(match written {
        Ok(()) => Status::info(format!(
            "{} join cards for {url} written to {}",
            v.session().participants.len(),
            path.display()
        )),
        Err(e) => Status::warning(format!("join cards not written: {e}")),
    });
}
