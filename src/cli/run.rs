//! The terminal screens: home (no command), `run` and `review`.
//!
//! Wiring only: every input arrives on one channel (terminal events and
//! ticks from an input thread, SIGTERM/SIGHUP or the Windows console's close
//! and Ctrl-Break from [`super::shutdown`]); the main
//! loop reads keys as commands ([`super::keys`]), applies them with
//! [`update`], runs the effects it returns and draws `&App`. Saves are
//! coalesced: whatever arrived together is made durable with one fsync.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use super::args::{RunArgs, SessionArg};
use super::effects::{self, Runner};
use super::room::RoomServer;
use super::{CliError, Context};
use crate::app::{Action, App, Effect, Screen};
use crate::engine::Engine;
use crate::store;
use crate::ui::Theme;

const TICK: Duration = Duration::from_millis(250);

/// The home screen (no command).
///
/// # Errors
/// Without a terminal, or when the terminal cannot be set up.
pub fn home(ctx: &Context) -> Result<(), CliError> {
    require_terminal("loopshop")?;
    let app = effects::home_app(ctx.store.clone(), Utc::now(), !Theme::no_color_env());
    run_app(app, default_bind(), None)
}

/// Where the participants' server listens unless told otherwise: loopback
/// on the fixed port (`run --bind 0.0.0.0` opens it to the room).
fn default_bind() -> std::net::SocketAddr {
    std::net::SocketAddr::from(([127, 0, 0, 1], crate::server::DEFAULT_PORT))
}

/// `loopshop run SESSION`: facilitate, straight into the session.
///
/// # Errors
/// Without a terminal, when the session cannot be opened (missing, locked by
/// another process, unreadable), or the terminal cannot be set up.
pub fn facilitate(ctx: &Context, args: &RunArgs) -> Result<(), CliError> {
    let path = ctx.store.resolve(&args.session)?;
    // The shipped example is only ever looked at: facilitating it would
    // change the file a newcomer's clone ships with. Refused before the
    // lock is taken and before the terminal is needed.
    super::copy::refuse_example_at(&path, &args.session)?;
    require_terminal("loopshop run")?;
    let mut engine = Engine::open(&path)?;
    args.roster
        .apply(&mut engine, Utc::now())
        .map_err(|e| CliError::msg(e.to_string()))?;
    // After an unexpected stop the phones' server starts again where it
    // was, so that phones queueing answers reach it; --bind or --port win.
    let explicit = args.bind.is_some() || args.port.is_some();
    let restart = engine
        .server_left_running()
        .map(|was| if explicit { bind_of(args) } else { was });
    let app = App::with_session(
        ctx.store.clone(),
        engine,
        Utc::now(),
        !Theme::no_color_env(),
    );
    run_app(app, bind_of(args), restart)
}

/// Where `run`'s server listens: the arguments, or loopback on the fixed port.
fn bind_of(args: &RunArgs) -> std::net::SocketAddr {
    let default = default_bind();
    std::net::SocketAddr::new(
        args.bind.unwrap_or(default.ip()),
        args.port.unwrap_or(default.port()),
    )
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
        Engine::read_only(session, path),
        Utc::now(),
        !Theme::no_color_env(),
    );
    run_app(app, default_bind(), None)
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

/// What the input, signal and server threads send to the main loop.
enum Input {
    Key(KeyEvent),
    Action(Action),
    /// A request from a participant's device.
    Call(crate::server::Call),
}

/// Applies one input and runs its effects; saves and device calls wait for
/// the end of the burst, so that everything that arrived together is saved
/// once.
fn handle(app: &mut App, runner: &mut Runner, calls: &mut Vec<crate::server::Call>, input: Input) {
    let action = match input {
        Input::Key(ev) => match super::keys::command(app, &ev) {
            Some(cmd) => Action::Cmd(cmd),
            None => return,
        },
        Input::Action(a) => a,
        Input::Call(call) => {
            calls.push(call);
            return;
        }
    };
    runner.dispatch(app, action);
}

/// Runs the screens; `restart` starts the phones' server at once, there
/// (the session was left by an unexpected stop with it running).
fn run_app(
    mut app: App,
    bind: std::net::SocketAddr,
    restart: Option<std::net::SocketAddr>,
) -> Result<(), CliError> {
    // Join cards (K) carry the address phones would open once S starts the server.
    app.card_url = super::export::card_url(bind);
    let (tx, rx) = mpsc::channel::<Input>();
    let calls = tx.clone();
    let room = RoomServer::new(
        bind,
        std::sync::Arc::new(move |call| calls.send(Input::Call(call)).is_ok()),
    );
    let (outbox, actions) = mpsc::channel::<Action>();
    let mut runner = Runner::for_terminal(outbox, room);
    // Background work reports on the app's queue; forward it to the loop's.
    let forward = tx.clone();
    thread::spawn(move || {
        for action in actions {
            if forward.send(Input::Action(action)).is_err() {
                break;
            }
        }
    });

    // Kept to the end: a second signal during the final save is absorbed.
    let sig_tx = tx.clone();
    let _shutdown = super::shutdown::on_shutdown(move || {
        let _ = sig_tx.send(Input::Action(Action::Shutdown));
    })?;

    // Installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()
        .map_err(|e| CliError::msg(format!("cannot set up the terminal: {e}")))?;
    only_the_screen_thread_restores();

    let input_tx = tx;
    thread::spawn(move || input_loop(&input_tx));

    // Opening may have started the exercise clock.
    let opened = std::mem::take(&mut app.effects);
    if opened.contains(&Effect::Save) {
        effects::save(&mut app);
    }
    if let (Some(addr), Some(room)) = (restart, runner.room()) {
        room.set_bind(addr);
        room.toggle(&mut app);
    }
    let mut result = Ok(());
    loop {
        if let Err(e) = terminal.draw(|f| f.render_widget(&app, f.area())) {
            result = Err(CliError::msg(format!("cannot draw on the terminal: {e}")));
            break;
        }
        let Ok(input) = rx.recv() else {
            break;
        };
        let mut calls = Vec::new();
        let quiet = matches!(input, Input::Action(Action::Tick(_)));
        handle(&mut app, &mut runner, &mut calls, input);
        // Apply whatever else is queued before saving and drawing again.
        while !app.quit {
            match rx.try_recv() {
                Ok(input) => handle(&mut app, &mut runner, &mut calls, input),
                Err(_) => break,
            }
        }
        let saved = runner.take_save_due();
        let answered = !calls.is_empty();
        // Devices' calls are answered once the burst is durable: their
        // flush also saves the facilitator's changes of the same burst.
        match runner.room() {
            Some(room) if answered => room.answer(&mut app, calls),
            _ if saved => effects::save(&mut app),
            _ => {}
        }
        if let Some(room) = runner.room() {
            room.after(&app);
        }
        // A tick alone: nobody waits, so the journal may be folded now.
        if quiet
            && !answered
            && !saved
            && let Some(v) = app.view_mut()
        {
            v.engine.maintain();
        }
        if app.quit {
            break;
        }
    }
    ratatui::restore();
    // The server stops before the session closes, and the session says so:
    // a clean exit does not restart it next time.
    runner.stop_room();
    if let Some(v) = app.view_mut()
        && !v.read_only()
    {
        let _ = v.engine.set_server(None, Utc::now());
    }
    if let Screen::Session(v) = app.screen {
        // Fold the journal into the file and release the lock; a change
        // that could not be saved before gets its last try here.
        super::close_engine(v.engine)?;
    }
    result
}

/// A panic in a background thread (an export's renderer, caught there and
/// reported in the status line) must not restore the terminal under the
/// screen that keeps running: only a panic of this, the screen's, thread
/// restores it and reports.
fn only_the_screen_thread_restores() {
    let restore_and_report = std::panic::take_hook();
    let screen = thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if thread::current().id() == screen {
            restore_and_report(info);
        }
    }));
}

/// Reads the terminal and sends keys, resizes and ticks; stops when the app is gone.
fn input_loop(tx: &mpsc::Sender<Input>) {
    let mut last_tick = Instant::now();
    loop {
        let wait = TICK.saturating_sub(last_tick.elapsed());
        let (input, stop) = match event::poll(wait) {
            Ok(true) => match event::read() {
                Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => (Some(Input::Key(k)), false),
                Ok(Event::Resize(w, h)) => (Some(Input::Action(Action::Resize(w, h))), false),
                Ok(_) => (None, false),
                Err(_) => (Some(Input::Action(Action::Shutdown)), true),
            },
            Ok(false) => (None, false),
            Err(_) => (Some(Input::Action(Action::Shutdown)), true),
        };
        if let Some(i) = input
            && tx.send(i).is_err()
        {
            return;
        }
        if stop {
            return;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            if tx.send(Input::Action(Action::Tick(Utc::now()))).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = "LOOPSHOP_PANIC_HOOK_CHILD";

    /// Run alone in a child process (the panic hook is the process's):
    /// a hook standing for ratatui's (restore the terminal, then report)
    /// is wrapped as `run` wraps it, then a background thread panics, then
    /// the screen thread.
    #[test]
    #[ignore = "run by the_terminal_is_restored_only_for_a_panic_of_the_screen_thread"]
    fn panic_hook_child() {
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        std::panic::set_hook(Box::new(|_| {
            eprintln!(
                "restored and reported on {}",
                thread::current()
                    .name()
                    .unwrap_or("a thread without a name")
            );
        }));
        only_the_screen_thread_restores();
        let export = thread::Builder::new()
            .name("background export".to_owned())
            .spawn(|| panic!("a renderer's bug"))
            .map(thread::JoinHandle::join);
        assert!(matches!(export, Ok(Err(_))), "the export thread panicked");
        eprintln!("the screen goes on");
        let screen = std::panic::catch_unwind(|| panic!("the screen's bug"));
        assert!(screen.is_err());
        eprintln!("done");
    }

    #[test]
    fn the_terminal_is_restored_only_for_a_panic_of_the_screen_thread() {
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args([
                "cli::run::tests::panic_hook_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .output()
            .expect("run the child");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("restored") || l.starts_with("the screen") || *l == "done")
            .collect();
        assert_eq!(
            lines,
            [
                "the screen goes on",
                "restored and reported on cli::run::tests::panic_hook_child",
                "done"
            ],
            "{stderr}"
        );
    }
}
