//! The one runner of the terminal's effects: `update` returns
//! [`Effect`]s as data, and this is where they touch files, threads and the
//! participants' server. The terminal's loop owns one [`Runner`] with its
//! queue and server; tests and benchmarks drive the app through
//! [`Runner::inline`], which runs background work at once and has no server.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::app::{Action, App, Effect, HomeState, Screen, Status, update};
use crate::domain::{Session, default_template_in};
use crate::engine::Engine;
use crate::store::Store;

use super::background_export;
use super::room::RoomServer;

/// Runs effects for one app.
pub struct Runner {
    /// The loop's queue, for results of background work; `None` runs that
    /// work at once.
    outbox: Option<Sender<Action>>,
    /// The participants' server, when the terminal's loop owns one.
    room: Option<RoomServer>,
    /// Saves wait for the end of the loop's burst, so that everything that
    /// arrived together is made durable with one fsync.
    defer_saves: bool,
    save_due: bool,
    /// Where copied text goes: the terminal (OSC 52), or kept here.
    clipboard: Clipboard,
}

/// Where [`Effect::Copy`] puts its text.
enum Clipboard {
    /// The terminal's clipboard, through OSC 52.
    Terminal,
    /// Kept for whoever drives the app without a terminal.
    Kept(Option<String>),
}

impl Runner {
    /// Runs every effect at once, without a server (tests and benchmarks).
    #[must_use]
    pub fn inline() -> Self {
        Self {
            outbox: None,
            room: None,
            defer_saves: false,
            save_due: false,
            clipboard: Clipboard::Kept(None),
        }
    }

    /// The text the last [`Effect::Copy`] copied (without a terminal).
    #[must_use]
    pub fn copied(&self) -> Option<&str> {
        match &self.clipboard {
            Clipboard::Kept(text) => text.as_deref(),
            Clipboard::Terminal => None,
        }
    }

    /// Like [`Self::inline`], but background work (exports) runs on its own
    /// thread and reports to `outbox`.
    #[must_use]
    pub fn with_outbox(outbox: Sender<Action>) -> Self {
        Self {
            outbox: Some(outbox),
            ..Self::inline()
        }
    }

    /// The terminal loop's runner: background work reports on `outbox`,
    /// the server is `room`, and saves wait for [`Self::take_save_due`].
    pub(crate) fn for_terminal(outbox: Sender<Action>, room: RoomServer) -> Self {
        Self {
            outbox: Some(outbox),
            room: Some(room),
            defer_saves: true,
            save_due: false,
            clipboard: Clipboard::Terminal,
        }
    }

    /// The participants' server, if this runner has one.
    pub(crate) fn room(&mut self) -> Option<&mut RoomServer> {
        self.room.as_mut()
    }

    /// Stops the server (before the session closes).
    pub(crate) fn stop_room(&mut self) {
        self.room = None;
    }

    /// Whether a deferred save was asked for since the last call.
    pub(crate) fn take_save_due(&mut self) -> bool {
        std::mem::take(&mut self.save_due)
    }

    /// Applies `action` and runs the effects it asks for, and theirs, until
    /// none is left.
    pub fn dispatch(&mut self, app: &mut App, action: Action) {
        let mut effects = update(app, action);
        while !effects.is_empty() {
            for effect in effects {
                self.run(app, effect);
            }
            effects = std::mem::take(&mut app.effects);
        }
    }

    /// Runs one effect.
    pub fn run(&mut self, app: &mut App, effect: Effect) {
        match effect {
            Effect::Save if self.defer_saves => self.save_due = true,
            Effect::Save => save(app),
            Effect::ReloadHome => app.screen = Screen::Home(read_home(&app.store)),
            Effect::Export => {
                if let Some(done) = start_export(app, self.outbox.as_ref()) {
                    self.dispatch(app, done);
                }
            }
            Effect::JoinCards => write_join_cards(app),
            Effect::Copy(text) => match &mut self.clipboard {
                Clipboard::Terminal => copy_to_terminal(&text),
                Clipboard::Kept(kept) => *kept = Some(text),
            },
            Effect::ToggleServer => match &mut self.room {
                Some(room) => room.toggle(app),
                None => no_server(app),
            },
            Effect::NewJoinCode => match &mut self.room {
                Some(room) => room.new_code(app),
                None => no_server(app),
            },
            Effect::Open { path, review } => {
                open(app, &path, review);
                // Left by an unexpected stop with the phones' server on: on
                // again, where it was.
                let left = app.view().and_then(|v| v.engine.server_left_running());
                if let (Some(addr), Some(room), false) = (left, self.room.as_mut(), review) {
                    room.set_bind(addr);
                    room.toggle(app);
                }
            }
            Effect::Compare { a, b } => compare(app, &a, &b),
            Effect::CopyExample { path } => copy_example(app, &path),
            Effect::Create {
                title,
                blind,
                language,
            } => create(app, &title, blind, language),
        }
    }
}

/// Applies `action` with an [`Runner::inline`] runner (tests, benchmarks).
pub fn dispatch(app: &mut App, action: Action) {
    Runner::inline().dispatch(app, action);
}

/// The app on its home screen over `store`'s folder as it is now.
#[must_use]
pub fn home_app(store: Store, now: chrono::DateTime<chrono::Utc>, color: bool) -> App {
    let home = read_home(&store);
    App::home(store, home, now, color)
}

/// The home screen over the sessions folder as it is now.
#[must_use]
pub fn read_home(store: &Store) -> HomeState {
    HomeState::from_listing(store.list())
}

/// Makes the session's staged changes durable: one journal append and one
/// fsync for everything since the last save.
pub(crate) fn save(app: &mut App) {
    if let Some(v) = app.view_mut() {
        v.engine.flush();
    }
}

fn no_server(app: &mut App) {
    app.status = Some(Status::info(
        "participants' devices need the terminal (loopshop run)",
    ));
}

fn open(app: &mut App, path: &Path, review: bool) {
    let engine = if review {
        crate::store::load(path).map(|s| Engine::read_only(s, path.to_owned()))
    } else {
        Engine::open(path)
    };
    match engine {
        Ok(engine) => app.show_session(engine),
        Err(e) => app.status = Some(Status::info(format!("cannot open: {e}"))),
    }
}

fn compare(app: &mut App, a: &Path, b: &Path) {
    match (crate::store::load(a), crate::store::load(b)) {
        (Ok(a), Ok(b)) => {
            let (ra, rb) = (
                crate::analysis::compare::latest_rated_round(&a),
                crate::analysis::compare::latest_rated_round(&b),
            );
            crate::app::show_compare(app, &a, ra, &b, rb);
        }
        (Err(e), _) | (_, Err(e)) => {
            app.status = Some(Status::info(format!("cannot compare: {e}")));
        }
    }
}

fn copy_example(app: &mut App, path: &Path) {
    let copy = crate::store::load(path).map(|s| {
        let title = format!("{} (copy)", s.title);
        super::copy::copy_of(s, &title, app.now)
    });
    match copy
        .and_then(|s| app.store.create(&s))
        .and_then(|p| Engine::open(&p))
    {
        Ok(engine) => {
            let file = engine.path().display().to_string();
            app.show_session(engine);
            app.status = Some(Status::info(format!(
                "facilitating a copy of the example: {file}"
            )));
        }
        Err(e) => {
            app.status = Some(Status::info(format!("cannot copy the example: {e}")));
        }
    }
}

fn create(app: &mut App, title: &str, blind: bool, language: String) {
    let mut session = Session::new(title, "", default_template_in(&language), app.now);
    session.language = language;
    if let Some(first) = session.rounds.first_mut() {
        first.blind = blind;
    }
    session.access.card_secret = crate::store::new_card_secret();
    match app.store.create(&session).and_then(|p| Engine::open(&p)) {
        Ok(engine) => app.show_session(engine),
        Err(e) => {
            app.status = Some(Status::info(format!("cannot create the session: {e}")));
        }
    }
}

/// `<sessions>/exports` and the session's file stem, where the terminal
/// writes what it exports.
fn exports_of(app: &App, engine: &Engine) -> (PathBuf, String) {
    let stem = engine.path().file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    (app.store.dir().join("exports"), stem)
}

/// Starts exporting a snapshot of the session on screen in the background;
/// without an outbox it runs now and its result is returned.
fn start_export(app: &mut App, outbox: Option<&Sender<Action>>) -> Option<Action> {
    let v = app.view()?;
    if app.exporting {
        app.status = Some(Status::info("an export is already running"));
        return None;
    }
    let session = v.session().clone();
    let (dir, stem) = exports_of(app, &v.engine);
    app.exporting = true;
    app.status = Some(Status::info(format!("exporting to {} ...", dir.display())));
    background_export::start(session, dir, stem, outbox)
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
    let (dir, stem) = exports_of(app, &v.engine);
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

/// Puts `text` on the clipboard through the terminal (OSC 52), which most
/// terminals honour, over SSH too; a terminal that does not ignores it.
fn copy_to_terminal(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()));
    let _ = out.flush();
}

/// Standard base64 with padding (RFC 4648), for OSC 52.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_rfc_4648() {
        // The RFC's own test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
