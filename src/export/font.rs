//! The one font every figure, PNG and PDF is drawn with: `DejaVu Sans` and
//! its bold (assets/fonts, free under the Bitstream Vera licence beside it),
//! embedded so that text never depends on the fonts a machine has. Its
//! metrics size the figures' text, so that the layout knows how wide a
//! label will be when it is drawn.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The font file.
pub static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Its bold face, for headings and stage names (`font-weight="bold"`).
pub static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Its family name.
pub const FAMILY: &str = "DejaVu Sans";

/// The `font-family` the SVG figures ask for: the embedded font, then what
/// a browser is likely to have.
pub const SVG_FAMILY: &str = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

fn face(bold: bool) -> Option<&'static ttf_parser::Face<'static>> {
    static REGULAR: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    let (cell, data) = if bold {
        (&BOLD, FONT_BOLD)
    } else {
        (&REGULAR, FONT)
    };
    cell.get_or_init(|| ttf_parser::Face::parse(data, 0).ok())
        .as_ref()
}

/// The advance of `c` in ems; characters the font lacks count by their
/// display width (an ideograph two half-ems, a combining mark nothing).
fn advance(face: Option<&ttf_parser::Face<'_>>, c: char) -> f64 {
    if let Some(f) = face
        && let Some(g) = f.glyph_index(c)
        && let Some(a) = f.glyph_hor_advance(g)
    {
        return f64::from(a) / f64::from(f.units_per_em().max(1));
    }
    let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as f64;
    w * 0.62
}

/// The width of `text` set in the embedded font at `size` (any unit: the
/// result is in the same), regular or bold.
#[must_use]
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let f = face(bold);
    let ems: f64 = text.chars().map(|c| advance(f, c)).sum();
    ems * size
}

/// Splits `text` into lines no wider than `max` at `size`, at spaces; a
/// word wider than a line is broken between characters.
#[must_use]
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: broken where it must be.
        for c in word.chars() {
            line.push(c);
            if text_width(&line, size, bold) > max && line.chars().count() > 1 {
                let last = line.pop().unwrap_or(' ');
                lines.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The pieces `text` may be broken into: its words, each further split
/// after a hyphen (`Zero-` `waste`); `true` marks a piece that starts a
/// word (a space goes before it on the line it continues).
fn pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    // A no-break space holds its neighbours together (a key's number and
    // the first word of its name).
    for word in text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
    {
        let mut start = 0;
        let mut first = true;
        for (i, c) in word.char_indices() {
            let end = i + c.len_utf8();
            // A hyphen inside a word (not at its start or end) ends a piece.
            if c == '-' && i > start && end < word.len() {
                out.push((&word[start..end], first));
                first = false;
                start = end;
            }
        }
        out.push((&word[start..], first));
    }
    out
}

/// Splits `text` into lines no wider than `max` at `size`, breaking only
/// at spaces and after hyphens: a word is never split. Callers make room
/// for the widest piece ([`widest_piece`]); only a piece wider than the
/// whole line (a "word" of hundreds of letters) is broken between
/// characters, as the last resort that keeps it on the page.
#[must_use]
pub fn wrap_words(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (piece, starts_word) in pieces(text) {
        if text_width(piece, size, bold) > max && piece.chars().count() > 1 {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut broken = wrap(piece, size, bold, max);
            line = broken.pop().unwrap_or_default();
            lines.extend(broken);
            continue;
        }
        let candidate = if line.is_empty() {
            piece.to_owned()
        } else if starts_word {
            format!("{line} {piece}")
        } else {
            format!("{line}{piece}")
        };
        if line.is_empty() || text_width(&candidate, size, bold) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            piece.clone_into(&mut line);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The width of the widest piece [`wrap_words`] cannot break: what a
/// column must give `text` for no word to be split.
#[must_use]
pub fn widest_piece(text: &str, size: f64, bold: bool) -> f64 {
    pieces(text)
        .iter()
        .map(|(p, _)| text_width(p, size, bold))
        .fold(0.0, f64::max)
}

/// Whether `text` wraps at word boundaries into at most `max_lines` lines
/// no wider than `max`.
#[must_use]
pub fn fits_words(text: &str, size: f64, bold: bool, max: f64, max_lines: usize) -> bool {
    widest_piece(text, size, bold) <= max
        && wrap_words(text, size, bold, max).len() <= max_lines.max(1)
}

/// [`wrap`], at most `max_lines` lines: the last one ends with an ellipsis
/// when text is left over (the whole text goes in the figure's `<title>`).
#[must_use]
pub fn wrap_at_most(text: &str, size: f64, bold: bool, max: f64, max_lines: usize) -> Vec<String> {
    // A name of 70,000 characters: wrap only what can be shown.
    let budget: String = text.chars().take(max_lines.max(1) * 400).collect();
    let mut lines = wrap(&budget, size, bold, max);
    if lines.len() > max_lines.max(1) || budget.len() < text.len() {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let ellipsis = '\u{2026}';
            while !last.is_empty() && text_width(&format!("{last}{ellipsis}"), size, bold) > max {
                last.pop();
            }
            last.push(ellipsis);
        }
    }
    lines
}

/// `text` on one line no wider than `max` at `size`: whole when it fits,
/// else cut with an ellipsis.
#[must_use]
pub fn fit(text: &str, size: f64, bold: bool, max: f64) -> String {
    if text_width(text, size, bold) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&format!("{out}\u{2026}"), size, bold) > max {
            out.pop();
            break;
        }
    }
    format!("{}\u{2026}", out.trim_end())
}

/// A font database holding the embedded faces alone, shared by every
/// PNG and PDF made in this process.
#[must_use]
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        assert!(face(false).is_some(), "the embedded font parses");
        assert!(face(true).is_some(), "and its bold");
        // DejaVu Sans: "M" is 0.863 em, "i" 0.278 em; Bold: "M" 0.995 em.
        assert!((text_width("M", 10.0, false) - 8.63).abs() < 0.05);
        assert!((text_width("M", 10.0, true) - 9.95).abs() < 0.05);
        assert!(text_width("iii", 10.0, false) < text_width("MMM", 10.0, false));
        assert!(text_width("ab", 10.0, true) > text_width("ab", 10.0, false));
        assert!(text_width("\u{6f22}", 10.0, false) > 10.0, "an ideograph");
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "Extraction of raw materials and a verylongwordwithoutanyspacesatallinside";
        let lines = wrap(text, 10.0, false, 80.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, 10.0, false) <= 80.0 + 1e-9, "{l}");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap("", 10.0, false, 50.0), vec![String::new()]);
        let long = "word ".repeat(20_000);
        let cut = wrap_at_most(&long, 10.0, false, 80.0, 3);
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with('\u{2026}'));
        assert!(
            cut.iter()
                .all(|l| text_width(l, 10.0, false) <= 80.0 + 1e-9)
        );
    }

    #[test]
    fn word_wrapping_breaks_at_spaces_and_hyphens_only() {
        let text = "Difficulty of adopting digitalization in zero-waste circular-economy plants";
        let widest = widest_piece(text, 8.0, false);
        for max in [widest, 60.0_f64.max(widest), 90.0, 200.0] {
            let lines = wrap_words(text, 8.0, false, max);
            // Every line is whole words (or a word's part up to a hyphen).
            let joined = lines.join(" ").replace("- ", "-");
            assert_eq!(joined, text, "{max}: {lines:?}");
            for l in &lines {
                assert!(
                    text_width(l, 8.0, false) <= max.max(widest_piece(text, 8.0, false)) + 1e-9,
                    "{l}"
                );
                assert!(!l.starts_with(' ') && !l.ends_with(' '));
            }
        }
        let narrow = wrap_words(text, 8.0, false, widest);
        assert!(narrow.iter().any(|l| l.ends_with("zero-")), "{narrow:?}");
        assert!(narrow.contains(&"digitalization".to_owned()), "{narrow:?}");
        assert!(
            !fits_words(text, 8.0, false, 40.0, 20),
            "digitalization is wider"
        );
        // Only a word wider than the whole line is broken, to stay on it.
        let last_resort = wrap_words(text, 8.0, false, 40.0);
        assert!(last_resort.contains(&"of".to_owned()), "{last_resort:?}");
        assert!(
            last_resort
                .iter()
                .all(|l| text_width(l, 8.0, false) <= 40.0 + 1e-9)
        );
        assert!(fits_words(text, 8.0, false, 200.0, 3));
        assert_eq!(wrap_words("", 8.0, false, 10.0), vec![String::new()]);
        assert_eq!(wrap_words("-x- a-", 8.0, false, 20.0), vec!["-x-", "a-"]);
    }
}
