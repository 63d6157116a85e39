//! Keys as the terminals of each system report them (docs/PLATFORMS.md),
//! read at the edge (`cli::keys`) into the app's key presses.

use crate::support::tui::read_key;
use crossterm::event::{KeyCode, KeyModifiers};
use loopshop::app::keys::{Cmd, Ctx, Key, KeyPress, lookup};

fn ch(c: char, m: KeyModifiers) -> KeyPress {
    read_key(KeyCode::Char(c), m)
}

/// What the Windows console gives for `AltGr`: Ctrl+Alt and the character.
fn altgr(c: char) -> KeyPress {
    ch(c, KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[test]
fn altgr_characters_on_windows_are_typed_and_bound_like_plain_ones() {
    // German: AltGr+8 / AltGr+9 for [ and ]; AltGr+Q for @; AltGr+E for €.
    assert_eq!(lookup(Ctx::Grid, &altgr(']')), Some(Cmd::NextExercise));
    assert_eq!(lookup(Ctx::Grid, &altgr('[')), Some(Cmd::PrevExercise));
    for c in ['@', '€', '{', '}', '\\', '|', '~', 'ą', 'ł'] {
        assert!(Key::Text.matches(&altgr(c)), "{c}");
    }
    // A real Ctrl+Alt chord gives a letter or digit: neither text nor a key.
    for c in ['a', 'q', 'C', '3'] {
        assert!(!Key::Text.matches(&altgr(c)), "{c}");
        assert!(!Key::Ch(c).matches(&altgr(c)), "{c}");
        assert!(!Key::Digit.matches(&altgr(c)), "{c}");
    }
    // Ctrl keys stay Ctrl keys.
    assert!(Key::Ctrl('c').matches(&ch('c', KeyModifiers::CONTROL)));
    assert!(!Key::Ctrl('c').matches(&altgr('@')));
}

#[test]
fn macos_option_characters_and_plain_keys() {
    // Terminal.app and iTerm2 (Option not set as Meta) send composed
    // characters without a modifier; Shift stays on capitals and symbols.
    for c in ['é', 'ø', '™', '–'] {
        assert!(Key::Text.matches(&ch(c, KeyModifiers::NONE)), "{c}");
    }
    assert!(Key::Ch('?').matches(&ch('?', KeyModifiers::SHIFT)));
    assert!(Key::Ch('R').matches(&ch('R', KeyModifiers::SHIFT)));
    // Option as Meta sends Alt+key: not text.
    assert!(!Key::Text.matches(&ch('e', KeyModifiers::ALT)));
    // Shift-Tab arrives as BackTab (ESC [ Z) in both.
    assert!(Key::BackTab.matches(&read_key(KeyCode::BackTab, KeyModifiers::SHIFT)));
    // Terminal.app keeps PageUp/PageDown for its scrollback: ] and [ do the same.
    assert_eq!(
        lookup(Ctx::Grid, &ch(']', KeyModifiers::NONE)),
        lookup(Ctx::Grid, &read_key(KeyCode::PageDown, KeyModifiers::NONE))
    );
}
