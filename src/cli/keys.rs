//! The edge of the terminal: crossterm's key events read as the app's
//! commands, so that nothing below the front end knows the terminal library.

use crossterm::event::{KeyCode as Code, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::App;
use crate::app::keys::{Cmd, KeyCode, KeyPress, lookup};

/// The app's reading of a key event; `None` for releases, repeats of
/// releases and keys loopshop does not use.
#[must_use]
pub fn key_press(ev: &KeyEvent) -> Option<KeyPress> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let code = match ev.code {
        Code::Char(c) => KeyCode::Char(c),
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Tab => KeyCode::Tab,
        Code::BackTab => KeyCode::BackTab,
        Code::Backspace => KeyCode::Backspace,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        _ => return None,
    };
    let mut ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let mut alt = ev.modifiers.contains(KeyModifiers::ALT);
    // Windows reports AltGr (the '@', '[', '{', '€' of German, French,
    // Nordic... layouts) as Ctrl+Alt with the character it typed; a real
    // Ctrl+Alt chord gives a letter or digit (docs/PLATFORMS.md).
    if ctrl
        && alt
        && matches!(code, KeyCode::Char(k) if !k.is_ascii_alphanumeric() && !k.is_control())
    {
        (ctrl, alt) = (false, false);
    }
    Some(KeyPress {
        code,
        ctrl,
        alt,
        shift: ev.modifiers.contains(KeyModifiers::SHIFT),
    })
}

/// The command a key event asks for on what the app shows now.
#[must_use]
pub fn command(app: &App, ev: &KeyEvent) -> Option<Cmd> {
    lookup(app.ctx(), &key_press(ev)?)
}
