//! The terminal screens: home (no command), `run` and `review`.
//!
//! Wiring only: every input becomes an [`Action`] on one channel (keys and
//! ticks from an input thread, SIGTERM/SIGHUP or the Windows console's close
//! and Ctrl-Break from [`super::shutdown`]), the main loop applies them with
//! [`update`] and draws `&App`.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{self, Event, KeyEventKind};

use super::args::SessionArg;
use super::{CliError, Context};
use crate::app::{Action, App, Doc, Screen, update};
use crate::store::{self, OpenSession};
use crate::ui::Theme;

const TICK: Duration = Duration::from_millis(250);

/// The home screen (no command).
///
/// # Errors
/// Without a terminal, or when the terminal cannot be set up.
pub fn home(ctx: &Context) -> Result<(), CliError> {
    require_terminal("loopshop")?;
    let app = App::home(ctx.store.clone(), Utc::now(), !Theme::no_color_env());
    run_app(app)
}

/// `loopshop run SESSION`: facilitate, straight into the session.
///
/// # Errors
/// Without a terminal, when the session cannot be opened (missing, locked by
/// another process, unreadable), or the terminal cannot be set up.
pub fn facilitate(ctx: &Context, args: &SessionArg) -> Result<(), CliError> {
    require_terminal("loopshop run")?;
    let path = ctx.store.resolve(&args.session)?;
    let open = OpenSession::open(&path)?;
    let app = App::with_session(
        ctx.store.clone(),
        Doc::Open(open),
        Utc::now(),
        !Theme::no_color_env(),
    );
    run_app(app)
}

/// `loopshop review SESSION`: read-only, no lock, no commits.
///
/// # Errors
/// As [`facilitate`], except that a session open elsewhere is fine.
pub fn review(ctx: &Context, args: &SessionArg) -> Result<(), CliError> {
    require_terminal("loopshop review")?;
    let path = ctx.store.resolve(&args.session)?;
    let session = store::load(&path)?;
    let app = App::with_session(
        ctx.store.clone(),
        Doc::ReadOnly { session, path },
        Utc::now(),
        !Theme::no_color_env(),
    );
    run_app(app)
}

/// Refuses to start a screen without an interactive terminal, before the
/// terminal is touched.
fn require_terminal(what: &str) -> Result<(), CliError> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(CliError::msg(format!(
            "{what} needs an interactive terminal (standard input and output must be a terminal); \
             'loopshop show' prints a session as text"
        )))
    }
}

fn run_app(mut app: App) -> Result<(), CliError> {
    let (tx, rx) = mpsc::channel::<Action>();
    app.outbox = Some(tx.clone());

    // Kept to the end: a second signal during the final save is absorbed.
    let sig_tx = tx.clone();
    let _shutdown = super::shutdown::on_shutdown(move || {
        let _ = sig_tx.send(Action::Shutdown);
    })?;

    // Installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()
        .map_err(|e| CliError::msg(format!("cannot set up the terminal: {e}")))?;

    let input_tx = tx;
    thread::spawn(move || input_loop(&input_tx));

    let mut result = Ok(());
    loop {
        if let Err(e) = terminal.draw(|f| f.render_widget(&app, f.area())) {
            update(&mut app, Action::Shutdown);
            result = Err(CliError::msg(format!("cannot draw on the terminal: {e}")));
            break;
        }
        let Ok(action) = rx.recv() else {
            update(&mut app, Action::Shutdown);
            break;
        };
        update(&mut app, action);
        // Apply whatever else is queued before drawing again.
        while !app.quit {
            match rx.try_recv() {
                Ok(a) => update(&mut app, a),
                Err(_) => break,
            }
        }
        if app.quit {
            break;
        }
    }
    ratatui::restore();
    if let Screen::Session(v) = app.screen
        && let Doc::Open(open) = v.doc
    {
        // Fold the journal into the file and release the lock; a change
        // that could not be saved before gets its last try here.
        open.close()
            .map_err(|e| CliError::msg(format!("the last changes could not be saved: {e}")))?;
    }
    result
}

/// Reads the terminal and sends keys, resizes and ticks; stops when the app is gone.
fn input_loop(tx: &mpsc::Sender<Action>) {
    let mut last_tick = Instant::now();
    loop {
        let wait = TICK.saturating_sub(last_tick.elapsed());
        let action = match event::poll(wait) {
            Ok(true) => match event::read() {
                Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => Some(Action::Key(k)),
                Ok(Event::Resize(w, h)) => Some(Action::Resize(w, h)),
                Ok(_) => None,
                Err(_) => Some(Action::Shutdown),
            },
            Ok(false) => None,
            Err(_) => Some(Action::Shutdown),
        };
        let stop = action == Some(Action::Shutdown);
        if let Some(a) = action
            && tx.send(a).is_err()
        {
            return;
        }
        if stop {
            return;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            if tx.send(Action::Tick(Utc::now())).is_err() {
                return;
            }
        }
    }
}
