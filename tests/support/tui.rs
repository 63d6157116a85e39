//! The terminal app driven as its loop drives it: keys read at the edge
//! (`cli::keys`) into commands, and every action applied by [`dispatch`],
//! the tests' one call of the runner's `dispatch` (`cli::effects`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loopshop::app::keys::{Cmd, KeyPress};
use loopshop::app::{Action, App};

/// Applies `action` to the app as the loop does.
pub fn dispatch(app: &mut App, action: Action) {
    loopshop::cli::effects::dispatch(app, action);
}

/// Sends a command at the update level, whatever the keys would read.
pub fn cmd(app: &mut App, cmd: Cmd) {
    dispatch(app, Action::Cmd(cmd));
}

/// A key as the terminal would send it, read and applied as the loop does.
pub fn press(app: &mut App, ev: KeyEvent) {
    if let Some(cmd) = loopshop::cli::keys::command(app, &ev) {
        dispatch(app, Action::Cmd(cmd));
    }
}

/// [`press`] of `code` with `modifiers`.
pub fn key_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    press(app, KeyEvent::new(code, modifiers));
}

/// [`press`] of `code` without a modifier.
pub fn key(app: &mut App, code: KeyCode) {
    key_with(app, code, KeyModifiers::NONE);
}

/// [`press`] of the character `c`.
pub fn ch(app: &mut App, c: char) {
    key(app, KeyCode::Char(c));
}

/// [`press`] of Ctrl and the character `c`.
pub fn ctrl(app: &mut App, c: char) {
    key_with(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// [`press`] of each character of `s` in turn.
pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        ch(app, c);
    }
}

/// Goes to exercise `n` (1-based) through the agenda picker.
pub fn goto(app: &mut App, n: usize) {
    ch(app, 'e');
    for _ in 0..10 {
        key(app, KeyCode::Up);
    }
    for _ in 1..n {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Enter);
}

/// `code` with `modifiers` as the edge reads it into a key press (no app);
/// fails if it is not read at all.
pub fn read_key(code: KeyCode, modifiers: KeyModifiers) -> KeyPress {
    loopshop::cli::keys::key_press(&KeyEvent::new(code, modifiers))
        .unwrap_or_else(|| panic!("{code:?} is not read"))
}
