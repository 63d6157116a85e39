//! "The system wants us gone": the screens restore the terminal and save the
//! session before they leave.
//!
//! Through the `ctrlc` crate with its `termination` feature, so no code of
//! ours is platform-specific or unsafe:
//! - Unix: SIGTERM, SIGHUP (the terminal closed) and SIGINT. In raw mode
//!   Ctrl-C is a key, so SIGINT only comes from `kill -INT`.
//! - Windows: the console control events Ctrl-Break, console close, logoff
//!   and shutdown (and Ctrl-C, which in raw mode is a key here too).
//!   Windows ends the process as soon as the handler of a close, logoff or
//!   shutdown event returns, and `ctrlc` returns at once, so the final fold
//!   of the journal into the file may not finish there. Nothing is lost:
//!   every change the header showed as saved is already in the fsynced
//!   journal, which the next open replays (docs/PLATFORMS.md).
//!
//! SIGQUIT (Ctrl-\ outside raw mode, or `kill -QUIT`) is not one `ctrlc`
//! watches: on Unix a `signal-hook` thread passes it to the same handler.
//!
//! `ctrlc` takes one process-wide handler that cannot be removed; it is
//! installed on first use and calls whatever callbacks are registered, so
//! [`on_shutdown`] may be used again after its [`Guard`] is dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use super::CliError;

type Callback = Box<dyn Fn() + Send + 'static>;

/// Registered callbacks, by id.
static CALLBACKS: Mutex<Vec<(u64, Callback)>> = Mutex::new(Vec::new());
/// The outcome of installing the process-wide handler (once).
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

fn callbacks() -> MutexGuard<'static, Vec<(u64, Callback)>> {
    // A panicking callback must not disable shutdown handling for good.
    CALLBACKS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Calls `callback` (on a thread of its own) each time the system asks the
/// process to end, until the returned [`Guard`] is dropped. A request that
/// arrives while no guard is alive is ignored: the process is then already
/// on its way out, saving.
///
/// # Errors
/// When the handler cannot be installed (another part of the process
/// installed its own `ctrlc` handler, or the system refused).
pub fn on_shutdown(callback: impl Fn() + Send + 'static) -> Result<Guard, CliError> {
    let installed = INSTALLED.get_or_init(|| {
        ctrlc::set_handler(fire).map_err(|e| e.to_string())?;
        watch_quit()
    });
    if let Err(e) = installed {
        return Err(CliError::msg(format!(
            "cannot watch for termination signals: {e}"
        )));
    }
    Ok(register(callback))
}

fn register(callback: impl Fn() + Send + 'static) -> Guard {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    callbacks().push((id, Box::new(callback)));
    Guard { id }
}

/// SIGQUIT goes to the same handler (Unix).
#[cfg(unix)]
fn watch_quit() -> Result<(), String> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGQUIT])
        .map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("loopshop-sigquit".to_owned())
        .spawn(move || {
            for _ in signals.forever() {
                fire();
            }
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(not(unix))]
#[expect(
    clippy::unnecessary_wraps,
    reason = "the same signature as the Unix one, which can fail"
)]
fn watch_quit() -> Result<(), String> {
    Ok(())
}

/// What the process-wide handler does: tell everyone registered.
fn fire() {
    for (_, callback) in callbacks().iter() {
        callback();
    }
}

/// Keeps a callback of [`on_shutdown`] registered while it lives.
#[derive(Debug)]
#[must_use = "dropping the guard stops watching at once"]
pub struct Guard {
    id: u64,
}

impl Drop for Guard {
    fn drop(&mut self) {
        callbacks().retain(|(id, _)| *id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_dropped_guard_unregisters_its_callback_only() {
        let a = Arc::new(AtomicUsize::new(0));
        let b = Arc::new(AtomicUsize::new(0));
        let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
        // Not `on_shutdown`: the test process keeps its own Ctrl-C.
        let ga = register(move || {
            a2.fetch_add(1, Ordering::SeqCst);
        });
        let gb = register(move || {
            b2.fetch_add(1, Ordering::SeqCst);
        });
        fire();
        drop(ga);
        fire();
        drop(gb);
        fire();
        assert_eq!(a.load(Ordering::SeqCst), 1);
        assert_eq!(b.load(Ordering::SeqCst), 2);
    }
}
