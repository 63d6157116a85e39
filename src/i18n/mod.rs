//! The room's language: what loopshop says to the room (the participant
//! page, the board, the join cards) and to readers of its reports comes
//! from Fluent message catalogues, one per language in `assets/i18n/`
//! (`en.ftl`, `sv.ftl`; the build lists them, see `build.rs`). Plural
//! forms follow each language's rules; a message missing from a catalogue
//! falls back to English without failing. Fluent does not format numbers
//! for a locale, so [`Tr::decimal`] writes the catalogue's decimal
//! separator itself: only in text for people, never in CSV, JSON, RON or
//! SVG attributes. The terminal stays in English.
//!
//! Stands beside the layers: uses nothing of the crate.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// The language every catalogue falls back to.
pub const ENGLISH: &str = "en";

struct Catalogue {
    code: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// What went wrong reading it (syntax, duplicate ids): tested empty.
    problems: Vec<String>,
}

fn catalogue(code: &'static str, text: &'static str) -> Catalogue {
    let mut problems = Vec::new();
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, errors)| {
        problems.extend(errors.iter().map(|e| format!("{code}.ftl: {e}")));
        partial
    });
    let id = code
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The text goes into HTML, SVG and Markdown, escaped there: no Unicode
    // isolation marks around arguments.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        problems.extend(errors.iter().map(|e| format!("{code}.ftl: {e}")));
    }
    Catalogue {
        code,
        bundle,
        problems,
    }
}

/// Every catalogue, English first (as `build.rs` sorts them).
fn catalogues() -> &'static [Catalogue] {
    static ALL: OnceLock<Vec<Catalogue>> = OnceLock::new();
    ALL.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(code, text)| catalogue(code, text))
            .collect()
    })
}

/// The languages that have a catalogue, as codes, English first.
#[must_use]
pub fn known() -> Vec<&'static str> {
    CATALOGUES.iter().map(|(code, _)| *code).collect()
}

/// The known languages as `en (English), sv (svenska)`.
#[must_use]
pub fn known_list() -> String {
    known()
        .iter()
        .map(|code| format!("{code} ({})", Tr::new(code).text("language-name")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `code` if it has a catalogue; otherwise why not, naming the known ones
/// (one line, for `--lang` and the settings).
///
/// # Errors
/// A language without a catalogue.
pub fn known_language(code: &str) -> Result<&'static str, String> {
    let code = code.trim();
    CATALOGUES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| c.eq_ignore_ascii_case(code))
        .ok_or_else(|| {
            format!(
                "unknown language '{code}': the languages loopshop speaks are {}",
                known_list()
            )
        })
}

/// A value a message is given: a count (for plural forms) or text.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Count(i64),
    Text(Cow<'a, str>),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Self::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Self::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Self::Text(Cow::Owned(s))
    }
}

macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Self::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(u8, u16, u32, u64, usize, i32, i64);

thread_local! {
    /// The messages that fell back to English (or to their id) on this
    /// thread, while [`record_fallbacks`] listens.
    static FALLBACKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `f` and returns, with its result, every message it asked for that
/// its language's catalogue lacked (`sv: board-title`): empty when nothing
/// fell back. For tests of whole pages and reports.
pub fn record_fallbacks<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = FALLBACKS.with(|cell| cell.borrow_mut().replace(Vec::new()));
    let value = f();
    let found = FALLBACKS
        .with(|cell| std::mem::replace(&mut *cell.borrow_mut(), outer))
        .unwrap_or_default();
    (value, found)
}

fn note_fallback(code: &str, id: &str) {
    FALLBACKS.with(|cell| {
        if let Some(list) = cell.borrow_mut().as_mut() {
            list.push(format!("{code}: {id}"));
        }
    });
}

/// The words of one language: cheap to copy, shared by every thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    index: usize,
}

impl Default for Tr {
    fn default() -> Self {
        Self::english()
    }
}

impl Tr {
    /// The catalogue of `code`; English for a language without one.
    #[must_use]
    pub fn new(code: &str) -> Self {
        let index = CATALOGUES
            .iter()
            .position(|(c, _)| *c == code)
            .unwrap_or_else(|| Self::english().index);
        Self { index }
    }

    #[must_use]
    pub fn english() -> Self {
        Self {
            index: CATALOGUES
                .iter()
                .position(|(c, _)| *c == ENGLISH)
                .unwrap_or(0),
        }
    }

    /// The language's code (`en`, `sv`).
    #[must_use]
    pub fn code(self) -> &'static str {
        CATALOGUES.get(self.index).map_or(ENGLISH, |(c, _)| c)
    }

    /// The message `id`, which takes no arguments.
    #[must_use]
    pub fn text(self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with its arguments.
    #[must_use]
    pub fn args(self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Count(n) => FluentValue::from(*n),
                Arg::Text(t) => FluentValue::from(t.as_ref()),
            };
            fluent.set(*name, value);
        }
        self.format(id, Some(&fluent))
    }

    /// `x` with `places` decimals and this language's decimal separator
    /// (`2.5`, `2,5`): for text people read, never for data.
    #[must_use]
    pub fn decimal(self, x: f64, places: usize) -> String {
        let plain = format!("{x:.places$}");
        let separator = self.text("decimal-separator");
        if separator == "." {
            plain
        } else {
            plain.replacen('.', &separator, 1)
        }
    }

    /// Like [`Tr::decimal`], or `none` for no value.
    #[must_use]
    pub fn decimal_or(self, x: Option<f64>, places: usize, none: &str) -> String {
        x.map_or_else(|| none.to_owned(), |v| self.decimal(v, places))
    }

    fn format(self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let all = catalogues();
        if let Some(own) = all.get(self.index) {
            if let Some(text) = format_in(own, id, args) {
                return text;
            }
            note_fallback(own.code, id);
        }
        let english = Self::english().index;
        if english != self.index
            && let Some(text) = all.get(english).and_then(|c| format_in(c, id, args))
        {
            return text;
        }
        id.to_owned()
    }
}

/// The message in one catalogue, when it has it and every argument it uses.
fn format_in(catalogue: &Catalogue, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = &catalogue.bundle;
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The ids of the messages of catalogue `code` (for the completeness test).
#[must_use]
pub fn message_ids(code: &str) -> Vec<String> {
    CATALOGUES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| {
            text.lines()
                .filter_map(|line| {
                    let (id, _) = line.split_once('=')?;
                    let id = id.trim_end();
                    let first = id.chars().next()?;
                    (first.is_ascii_alphabetic()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .then(|| id.to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Problems reading the catalogues (syntax errors, duplicate ids).
#[must_use]
pub fn catalogue_problems() -> Vec<String> {
    catalogues()
        .iter()
        .flat_map(|c| c.problems.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests;
