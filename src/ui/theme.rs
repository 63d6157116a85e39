//! Colours and emphasis. With `NO_COLOR` every style is colourless; the
//! screens never say anything by colour alone (marks, words and brackets do).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub muted: Style,
    pub key: Style,
    /// The focused cell or highlighted row.
    pub focus: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub border: Style,
    pub header: Style,
    /// A rating a participant sent from their own device (also said in words).
    pub device: Style,
    /// No colours at all (`NO_COLOR`).
    pub monochrome: bool,
}

impl Theme {
    /// The theme for a terminal; `color` is false when `NO_COLOR` is set.
    #[must_use]
    pub fn new(color: bool) -> Self {
        if color {
            Self::colored()
        } else {
            Self::plain()
        }
    }

    #[must_use]
    pub fn colored() -> Self {
        Self {
            base: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
            muted: Style::new().fg(Color::DarkGray),
            key: Style::new().add_modifier(Modifier::BOLD).fg(Color::Yellow),
            focus: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().add_modifier(Modifier::BOLD).fg(Color::Yellow),
            error: Style::new().add_modifier(Modifier::BOLD).fg(Color::Red),
            border: Style::new().fg(Color::DarkGray),
            header: Style::new().add_modifier(Modifier::BOLD),
            device: Style::new()
                .add_modifier(Modifier::UNDERLINED)
                .fg(Color::Cyan),
            monochrome: false,
        }
    }

    /// No colours: emphasis by bold, reversed and underline only.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            base: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            muted: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
            focus: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: Style::new(),
            warn: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            header: Style::new().add_modifier(Modifier::BOLD),
            device: Style::new().add_modifier(Modifier::UNDERLINED),
            monochrome: true,
        }
    }

    /// Whether the environment asks for no colour (`NO_COLOR` set, non-empty).
    #[must_use]
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_theme_has_no_colour() {
        let t = Theme::plain();
        for s in [
            t.base, t.title, t.muted, t.key, t.focus, t.ok, t.warn, t.error, t.border, t.header,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert_ne!(Theme::colored().error.fg, None);
    }
}
