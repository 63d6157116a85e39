//! The room's language: the code a session keeps (`en`, `sv`), checked for
//! its form only. Which languages have a catalogue is `i18n`'s to say; a
//! session in a language without one is shown in English.

/// The language of a session that names none (files before schema 6).
pub const DEFAULT_LANGUAGE: &str = "en";

/// Whether `code` has the form of a language code: two or three lower-case
/// ASCII letters (ISO 639), such as `en` or `sv`.
#[must_use]
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

pub(crate) fn default_language() -> String {
    DEFAULT_LANGUAGE.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_lower_case_codes_are_languages() {
        for ok in ["en", "sv", "fil"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in ["", "e", "EN", "sv-SE", "engl", "s1", "ü"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }
}
