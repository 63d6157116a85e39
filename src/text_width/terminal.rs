//! The one sanitizer for text that reaches a terminal: session text, file
//! names and error messages may hold escape sequences (a hostile file, or
//! one written before control characters were refused), which would clear
//! the screen, retitle the window or write the clipboard (OSC 52). Control
//! characters and the bidirectional overrides that reorder what is shown
//! are written as visible escapes (`\u{1b}`), so nothing is hidden either.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character would act on the terminal rather than be shown.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

fn sanitize(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| acts_on_terminal(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts_on_terminal(c) && !keep(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal, lines kept: line breaks and tabs stay, every other
/// control character is shown escaped.
#[must_use]
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    sanitize(text, |c| matches!(c, '\n' | '\t'))
}

/// One line for a terminal (an error message): line breaks are shown
/// escaped too, so that a message is always exactly one line.
#[must_use]
pub fn one_line_for_terminal(text: &str) -> Cow<'_, str> {
    sanitize(text, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        assert_eq!(for_terminal("plain 採掘\n\tok"), "plain 採掘\n\tok");
        assert_eq!(
            for_terminal("a\u{1b}]52;c;aGk=\u{7}b\r\u{9b}"),
            "a\\u{1b}]52;c;aGk=\\u{7}b\\r\\u{9b}"
        );
        assert_eq!(one_line_for_terminal("x\ny\u{202e}z"), "x\\ny\\u{202e}z");
        assert!(!one_line_for_terminal("\u{1b}[2J").contains('\u{1b}'));
    }
}
