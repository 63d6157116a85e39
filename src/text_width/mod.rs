//! Display width of text: how many columns of a terminal or of a monospaced
//! file it takes, and cutting, padding and wrapping it to a number of
//! columns. A CJK ideograph or most emoji take two columns and a combining
//! mark none, so counting `char`s misaligns every column they appear in.
//!
//! Uses nothing of the crate and no terminal library: `export`, `ui` and
//! `cli` all fit text to columns. [`table`] writes plain-text tables with it.

pub mod table;
pub mod terminal;

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Marks text cut short by [`truncate`].
pub const ELLIPSIS: char = '\u{2026}';

/// Where text sits in a column wider than itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    /// Like `format!("{:^w$}")`: an odd space goes to the right.
    Center,
}

/// The number of columns `text` takes.
///
/// Each cluster (see [`Clusters`]) is measured on its own, as ratatui does
/// per grapheme, so that widths add up: the width of a text is the sum of
/// the widths of its pieces cut between clusters. Control characters take
/// no column (the terminal view drops them; tables replace them).
#[must_use]
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        // The common case, without looking at clusters.
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    Clusters::new(text).map(cluster_width).sum()
}

/// The longest start of `text` that is at most `max_width` columns wide,
/// never splitting a cluster (a wide character that would cross the limit
/// is left out whole).
#[must_use]
pub fn prefix_within(text: &str, max_width: usize) -> &str {
    let mut used = 0;
    let mut end = 0;
    for cluster in Clusters::new(text) {
        used += cluster_width(cluster);
        if used > max_width {
            break;
        }
        end += cluster.len();
    }
    &text[..end]
}

/// The longest end of `text` that is at most `max_width` columns wide: what
/// an input line shows of a text longer than itself.
#[must_use]
pub fn suffix_within(text: &str, max_width: usize) -> &str {
    let clusters: Vec<&str> = Clusters::new(text).collect();
    let mut used = 0;
    let mut start = text.len();
    for cluster in clusters.iter().rev() {
        used += cluster_width(cluster);
        if used > max_width {
            break;
        }
        start -= cluster.len();
    }
    &text[start..]
}

/// `text` if it fits in `max_width` columns, else its start and an
/// [`ELLIPSIS`] together at most `max_width` wide.
#[must_use]
pub fn truncate(text: &str, max_width: usize) -> Cow<'_, str> {
    if width(text) <= max_width {
        return Cow::Borrowed(text);
    }
    if max_width == 0 {
        return Cow::Borrowed("");
    }
    let mut cut = prefix_within(text, max_width - 1).to_owned();
    cut.push(ELLIPSIS);
    Cow::Owned(cut)
}

/// `text` with spaces added to make it `to_width` columns wide; wider text
/// is left whole, as `format!("{:<w$}")` does.
#[must_use]
pub fn pad(text: &str, to_width: usize, align: Align) -> String {
    let gap = to_width.saturating_sub(width(text));
    let (before, after) = match align {
        Align::Left => (0, gap),
        Align::Right => (gap, 0),
        Align::Center => (gap / 2, gap - gap / 2),
    };
    let mut out = String::with_capacity(text.len() + gap);
    out.extend(std::iter::repeat_n(' ', before));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', after));
    out
}

/// `text` made exactly `to_width` columns wide: cut with an ellipsis when
/// longer, padded when shorter.
#[must_use]
pub fn fit(text: &str, to_width: usize, align: Align) -> String {
    // A wide character that did not fit leaves a column for the padding.
    pad(&truncate(text, to_width), to_width, align)
}

/// `text` in pieces of at most `max_width` columns, broken anywhere (an
/// address has no spaces to break at): shown whole over several lines,
/// never cut. A `max_width` of 0 gives the text whole.
#[must_use]
pub fn pieces(text: &str, max_width: usize) -> Vec<&str> {
    if max_width == 0 {
        return vec![text];
    }
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut head = prefix_within(rest, max_width);
        if head.is_empty() {
            // One cluster wider than the line: it goes alone.
            head = Clusters::new(rest).next().unwrap_or(rest);
        }
        out.push(head);
        rest = &rest[head.len()..];
    }
    out
}

/// The words of `text` in lines of at most `max_width` columns, broken at
/// whitespace; a word wider than that stays whole on a line of its own.
/// Runs of whitespace become one space; blank text gives no line.
#[must_use]
pub fn wrap(text: &str, max_width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split_whitespace() {
        let word_width = width(word);
        if !line.is_empty() && line_width + 1 + word_width > max_width {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_width += 1;
        }
        line.push_str(word);
        line_width += word_width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The columns one cluster takes.
fn cluster_width(cluster: &str) -> usize {
    if cluster.starts_with(char::is_control) {
        0
    } else {
        UnicodeWidthStr::width(cluster)
    }
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';

fn is_emoji_modifier(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// The pieces of a text that take columns together, so that cutting never
/// separates them: a character with the zero-width characters after it
/// (combining marks, variation selectors), wide characters (emoji) joined
/// by U+200D, emoji with a skin-tone modifier, and the two letters of a flag. Close to Unicode's
/// grapheme clusters, which terminals lay out, without another dependency.
#[derive(Debug, Clone)]
pub struct Clusters<'a> {
    rest: &'a str,
}

impl<'a> Clusters<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Self { rest: text }
    }
}

impl<'a> Iterator for Clusters<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let mut chars = self.rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = self.rest.len();
        if first.is_control() {
            end = first.len_utf8();
        } else {
            let mut previous = first;
            let mut flag_half = is_regional_indicator(first);
            for (at, c) in chars {
                let joins = !c.is_control()
                    && (c.width() == Some(0)
                        || (previous == ZERO_WIDTH_JOINER && c.width() == Some(2))
                        || is_emoji_modifier(c)
                        || (flag_half && is_regional_indicator(c)));
                if !joins {
                    end = at;
                    break;
                }
                flag_half = false;
                previous = c;
            }
        }
        let (cluster, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(cluster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_and_combining_characters_are_measured_by_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width(""), 0);
        assert_eq!(width("採掘"), 4);
        assert_eq!(width("e\u{301}te\u{301}"), 3);
        assert_eq!(width("🙂 ok"), 5);
        assert_eq!(width("👍🏻"), 2);
        assert_eq!(width("👨\u{200D}👩\u{200D}👧"), 2);
        assert_eq!(width("🇩🇪"), 2);
        assert_eq!(width("a\tb\n"), 2);
        // The marks the reports print are one column, like ASCII.
        assert_eq!(width("\u{2014}\u{2192}\u{2713}\u{2026}\u{25b6}"), 5);
    }

    #[test]
    fn clusters_keep_marks_and_joined_emoji_together() {
        let parts: Vec<&str> = Clusters::new("e\u{301}中👍🏻\n🇩🇪x").collect();
        assert_eq!(parts, ["e\u{301}", "中", "👍🏻", "\n", "🇩🇪", "x"]);
        assert_eq!(Clusters::new("").count(), 0);
        assert_eq!(
            Clusters::new("\u{301}a").collect::<Vec<_>>(),
            ["\u{301}", "a"]
        );
    }

    #[test]
    fn truncate_cuts_with_an_ellipsis_and_never_splits_a_wide_character() {
        assert_eq!(truncate("Recycling", 20), "Recycling");
        assert_eq!(truncate("Recycling", 9), "Recycling");
        assert_eq!(truncate("Recycling", 5), "Recy…");
        assert_eq!(truncate("Recycling", 1), "…");
        assert_eq!(truncate("Recycling", 0), "");
        // 採掘工程 is 8 columns: 5 leave room for two ideographs and the mark.
        assert_eq!(truncate("採掘工程", 5), "採掘…");
        assert_eq!(truncate("採掘工程", 4), "採…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert!(matches!(truncate("fits", 4), Cow::Borrowed(_)));
    }

    #[test]
    fn prefix_and_suffix_take_whole_clusters() {
        assert_eq!(prefix_within("ab中d", 3), "ab");
        assert_eq!(prefix_within("ab中d", 4), "ab中");
        assert_eq!(suffix_within("ab中d", 2), "d");
        assert_eq!(suffix_within("ab中d", 3), "中d");
        assert_eq!(suffix_within("abc", 10), "abc");
        assert_eq!(prefix_within("abc", 0), "");
    }

    #[test]
    fn pad_and_fit_reach_the_width_in_columns() {
        assert_eq!(pad("ab", 5, Align::Left), "ab   ");
        assert_eq!(pad("ab", 5, Align::Right), "   ab");
        assert_eq!(pad("ab", 5, Align::Center), format!("{:^5}", "ab"));
        assert_eq!(pad("abc", 6, Align::Center), format!("{:^6}", "abc"));
        assert_eq!(pad("toolong", 3, Align::Left), "toolong");
        assert_eq!(pad("採掘", 6, Align::Left), "採掘  ");
        assert_eq!(fit("採掘工程", 5, Align::Left), "採掘…");
        assert_eq!(fit("採掘工程", 4, Align::Left), "採… ");
        assert_eq!(fit("ab", 4, Align::Right), "  ab");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert!(wrap("  ", 3).is_empty());
        // Two ideographs are four columns: a third word does not fit in 8.
        assert_eq!(wrap("採掘 工程 回収", 9), ["採掘 工程", "回収"]);
    }

    /// Text mixing ASCII, CJK, emoji (with modifiers and joiners), flags,
    /// combining marks and control characters.
    fn mixed_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-z ]{1,4}",
            Just("採".to_owned()),
            Just("掘 ".to_owned()),
            Just("🙂".to_owned()),
            Just("👍🏻".to_owned()),
            Just("👨\u{200D}👩".to_owned()),
            Just("🇩🇪".to_owned()),
            Just("e\u{301}".to_owned()),
            Just("\u{301}".to_owned()),
            Just("⌚\u{FE0E}".to_owned()),
            Just("\t".to_owned()),
            Just("\u{2014}".to_owned()),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn truncate_fits_the_width(s in mixed_text(), n in 0usize..20) {
            let cut = truncate(&s, n);
            prop_assert!(width(&cut) <= n, "{s:?} cut to {n}: {cut:?}");
            if width(&s) <= n {
                prop_assert_eq!(cut.as_ref(), s.as_str());
            } else if n > 0 {
                prop_assert!(cut.ends_with(ELLIPSIS));
                // As much as fits is kept: the next cluster would not.
                let kept = &cut[..cut.len() - ELLIPSIS.len_utf8()];
                let next = Clusters::new(&s[kept.len()..]).next().map_or(0, width);
                prop_assert!(width(kept) + next > n - 1, "{s:?} cut to {n}: {cut:?}");
            }
        }

        #[test]
        fn fit_is_exactly_the_width(s in mixed_text(), n in 0usize..20) {
            for align in [Align::Left, Align::Right, Align::Center] {
                prop_assert_eq!(width(&fit(&s, n, align)), n);
            }
        }

        #[test]
        fn prefix_and_suffix_fit_and_add_up(s in mixed_text(), n in 0usize..20) {
            let start = prefix_within(&s, n);
            let end = suffix_within(&s, n);
            prop_assert!(width(start) <= n && width(end) <= n);
            prop_assert!(s.starts_with(start) && s.ends_with(end));
            prop_assert_eq!(width(start) + width(&s[start.len()..]), width(&s));
        }

        #[test]
        fn wrapped_lines_fit_unless_one_word_is_wider(s in mixed_text(), n in 1usize..20) {
            let lines = wrap(&s, n);
            for line in &lines {
                let one_word = line.split_whitespace().count() == 1;
                prop_assert!(width(line) <= n || one_word, "{s:?} at {n}: {line:?}");
            }
            let words: Vec<&str> = s.split_whitespace().collect();
            let rewrapped: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
            prop_assert_eq!(words, rewrapped);
        }
    }
}
