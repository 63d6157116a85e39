//! Keys as the terminals of each system report them (docs/PLATFORMS.md).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loopshop::app::keys::{Cmd, Ctx, Key, lookup};

fn ev(c: char, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), m)
}

/// What the Windows console gives for AltGr: Ctrl+Alt and the character.
fn altgr(c: char) -> KeyEvent {
    ev(c, KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[test]
fn altgr_characters_on_windows_are_typed_and_bound_like_plain_ones() {
    // German: AltGr+8 / AltGr+9 for [ and ]; AltGr+Q for @; AltGr+E for €.
    assert_eq!(lookup(Ctx::Grid, &altgr(']')), Some(Cmd::NextExercise));
    assert_eq!(lookup(Ctx::Grid, &altgr('[')), Some(Cmd::PrevExercise));
    for c in ['@', '€', '{', '}', '\\', '|', '~', 'ą', 'ł', 'ß'] {
        assert!(Key::Text.matches(&altgr(c)), "{c}");
    }
    // A real Ctrl+Alt chord gives a letter or digit: neither text nor a key.
    for c in ['a', 'q', 'C', '3'] {
        assert!(!Key::Text.matches(&altgr(c)), "{c}");
        assert!(!Key::Ch(c).matches(&altgr(c)), "{c}");
        assert!(!Key::Digit.matches(&altgr(c)), "{c}");
    }
    // Ctrl keys stay Ctrl keys.
    assert!(Key::Ctrl('c').matches(&ev('c', KeyModifiers::CONTROL)));
    assert!(!Key::Ctrl('c').matches(&altgr('@')));
}

#[test]
fn macos_option_characters_and_plain_keys() {
    // Terminal.app and iTerm2 (Option not set as Meta) send composed
    // characters without a modifier; Shift stays on capitals and symbols.
    for c in ['é', 'ø', '™', '–'] {
        assert!(Key::Text.matches(&ev(c, KeyModifiers::NONE)), "{c}");
    }
    assert!(Key::Ch('?').matches(&ev('?', KeyModifiers::SHIFT)));
    assert!(Key::Ch('R').matches(&ev('R', KeyModifiers::SHIFT)));
    // Option as Meta sends Alt+key: not text.
    assert!(!Key::Text.matches(&ev('e', KeyModifiers::ALT)));
    // Shift-Tab arrives as BackTab (ESC [ Z) in both.
    assert!(Key::BackTab.matches(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    // Terminal.app keeps PageUp/PageDown for its scrollback: ] and [ do the same.
    assert_eq!(
        lookup(Ctx::Grid, &ev(']', KeyModifiers::NONE)),
        lookup(
            Ctx::Grid,
            &KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)
        )
    );
}
