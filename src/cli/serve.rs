//! `loopshop serve SESSION`: the participants' server without the terminal
//! screen (an asynchronous questionnaire, or scripted use). This thread is
//! the session's one writer: it answers the server's calls in groups, saving
//! once per group, and logs each saved rating.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use chrono::Utc;

use super::args::{OpenArg, ServeArgs};
use super::{CliError, Context};
use crate::engine::{Engine, Openness, SecondDevice};
use crate::server::{self, Call, secrets};

/// Text from the network as one safe terminal line: the one sanitizer's.
fn terminal_safe(text: &str) -> String {
    crate::text_width::terminal::one_line_for_terminal(text).into_owned()
}

/// Runs the server until SIGINT, SIGTERM or SIGHUP (on Windows: Ctrl-C,
/// Ctrl-Break, closing the console).
///
/// # Errors
/// When the session cannot be opened or the address cannot be bound.
pub fn run(ctx: &Context, args: &ServeArgs) -> Result<(), CliError> {
    let path = ctx.store.resolve(&args.session)?;
    super::copy::refuse_example_at(&path, &args.session)?;
    let mut engine = Engine::open(&path)?;
    if args.open == OpenArg::All {
        engine.set_openness(Openness::All);
    }
    let now = Utc::now();
    let setup = engine
        .ensure_access(secrets::new_join_code, secrets::new_board_key, now)
        .and_then(|()| args.roster.apply(&mut engine, now));
    setup.map_err(|e| CliError::msg(e.to_string()))?;
    if let crate::engine::SaveState::Failed(e) = engine.flush() {
        let error = CliError::msg(format!("cannot save the session: {e}"));
        // Not saved, so not made: nothing more is written.
        engine.abandon();
        return Err(error);
    }

    // SIGINT, SIGTERM, SIGHUP; on Windows Ctrl-C, Ctrl-Break, closing the
    // console, logoff (src/cli/shutdown.rs).
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _shutdown = super::shutdown::on_shutdown(move || flag.store(true, Ordering::Relaxed))?;
    let (tx, rx) = mpsc::channel::<Call>();
    let submit: server::Submit = Arc::new(move |call| tx.send(call).is_ok());
    let running = server::start(SocketAddr::new(args.bind, args.port), submit)
        .map_err(|e| CliError::msg(e.to_string()))?;
    let url = running.public_url();
    let access = &engine.session().access;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "join {url} code {}", access.join_code);
    let _ = writeln!(out, "board {url}board?key={}", access.board_key);
    let _ = out.flush();

    while !stop.load(Ordering::Relaxed) {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(call) => call,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                engine.maintain();
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // Everything that arrived meanwhile is answered with one save.
        let calls: Vec<Call> = std::iter::once(first).chain(rx.try_iter()).collect();
        let writes = engine.durable_writes();
        let answered = server::answer(&mut engine, calls, SecondDevice::Refuse, Utc::now());
        if engine.durable_writes() != writes {
            running.board_changed();
        }
        // The group's log lines in one write, not one per line.
        let mut log = String::new();
        for o in &answered.signed_out {
            let line = crate::i18n::Tr::english().args(
                "terminal-signed-out",
                &[
                    ("devices", o.devices.into()),
                    ("name", terminal_safe(&o.alias).into()),
                ],
            );
            let _ = writeln!(log, "{line}");
        }
        for name in &answered.not_listed {
            let _ = writeln!(
                log,
                "refused {}: not on the list (--roster listed); add them with loopshop run, or serve --roster open",
                terminal_safe(name)
            );
        }
        for s in &answered.saved {
            let _ = writeln!(
                log,
                "saved {} {} {} {}",
                terminal_safe(&s.alias),
                terminal_safe(&s.stage),
                terminal_safe(&s.dimension),
                s.value
            );
        }
        running.tell_answered(&answered);
        let _ = out.write_all(log.as_bytes());
        let _ = out.flush();
    }
    running.stop();
    super::close_engine(engine)
}
