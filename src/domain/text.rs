//! Which characters text may hold where it enters a session, and plain
//! words for RON problems. Control characters (escape sequences among them)
//! are refused where text enters, so that none reaches a terminal, a report
//! or a spreadsheet; only multi-line texts (comments, notes, ideas) keep
//! line breaks and tabs.

/// The longest comment that enters a session from outside, in bytes of
/// UTF-8: a device's rating (the participants' API) and a row of an
/// imported CSV file. A page of text; without a limit, a few imported
/// comments of megabytes made every report that prints them crawl. The
/// session file itself takes longer ones (files from before the limit).
pub const MAX_COMMENT_BYTES: usize = 4_000;

/// Whether `text` holds a control character that a one-line text may not:
/// any C0 or C1 control, DEL included.
#[must_use]
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Whether a multi-line text (a comment, a note, an idea) holds a control
/// character other than a line break or a tab.
#[must_use]
pub fn has_control_multiline(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// `text` folded for comparing and naming: letters outside ASCII
/// transliterated to ASCII (`Västerås` -> `Vasteras`, `Łódź` -> `Lodz`,
/// `Straße` -> `Strasse`) and lower-cased. The one folding of names: file
/// names of sessions ([`super::slug`]), and matching a name typed on a
/// phone against the session's.
#[must_use]
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// A RON error in words for people: serde's and ron's internals are not
/// named, and nesting and byte-order marks are explained.
#[must_use]
pub fn ron_problem(error: &ron::Error) -> String {
    match error {
        ron::Error::ExceededRecursionLimit => {
            "brackets are nested too deeply (a session or template needs only a few levels)"
                .to_owned()
        }
        other => other.to_string(),
    }
}

/// A UTF-8 byte-order mark, which some editors put at the start of a file.
pub const BOM: char = '\u{feff}';

/// `text` without a leading byte-order mark: editors such as Notepad add one,
/// and it changes nothing in the meaning (and no line or column).
#[must_use]
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Whether a spreadsheet would read a text cell as a formula (OWASP's list:
/// `=`, `+`, `-`, `@`, a tab or a carriage return first), or it starts with
/// `'`s before such text (which a guard would be taken for).
fn needs_guard(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell as CSV exports write it: one `'` before text a spreadsheet
/// would run as a formula (and before a `'` guarding such text, so that
/// [`unguard_formula`] gives back exactly the original).
#[must_use]
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text a guarded CSV cell stands for: exactly one leading `'` removed
/// where [`guard_formula`] added one.
#[must_use]
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guards_round_trip_exactly() {
        for (text, cell) in [
            ("=1+1", "'=1+1"),
            ("+x", "'+x"),
            ("-3 dB", "'-3 dB"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''=x", "'''=x"),
            ("'plain", "'plain"),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(guard_formula(text), cell, "{text:?}");
            assert_eq!(unguard_formula(cell), text, "{cell:?}");
        }
    }

    #[test]
    fn one_line_texts_refuse_every_control_and_multi_line_ones_keep_breaks() {
        assert!(!has_control("Ann Smith, Ünï 採掘"));
        assert!(has_control("a\u{1b}[2J"));
        assert!(has_control("a\nb"));
        assert!(has_control("a\u{9b}b"));
        assert!(!has_control_multiline("line 1\r\nline 2\tend"));
        assert!(has_control_multiline("bell\u{7}"));
        assert!(has_control_multiline("\u{1b}]52;c;aGk=\u{7}"));
    }
}
