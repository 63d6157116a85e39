//! Pure rendering of app state: `impl Widget for &App`, no side effects.
//! One file per screen or widget.

mod agenda;
mod analysis;
mod briefing;
mod compare;
mod flow;
mod footer;
mod grid;
mod header;
mod help;
mod home;
mod ideas;
mod join;
pub mod matrix_table;
mod modal;
pub mod model_chart;
mod review;
pub mod theme;

pub use theme::Theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};

use crate::app::{App, Modal, Screen, SessionView};
use crate::domain::ExerciseKind;
use crate::text_width;

/// Below this size the screen only says that the terminal is too small.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Width from which the agenda is shown beside the body.
const AGENDA_FROM_WIDTH: u16 = 110;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let theme = Theme::new(self.color);
        buf.set_style(area, theme.base);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf, &theme);
            return;
        }
        let [body, footer_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(area);
        match (&self.compare, &self.screen) {
            (Some(c), _) => compare::render(c, body, buf, &theme),
            (None, Screen::Home(h)) => home::render(h, self.store.dir(), body, buf, &theme),
            (None, Screen::Session(v)) => render_session(v, self.now, body, buf, &theme),
        }
        footer::render(self, footer_area, buf, &theme);
        match &self.modal {
            None => {}
            Some(Modal::Help(ctx, scroll)) => {
                let read_only = self.view().is_some_and(crate::app::SessionView::read_only);
                help::render(*ctx, read_only, *scroll, area, buf, &theme);
            }
            Some(Modal::Input(i)) => modal::render_input(i, area, buf, &theme),
            Some(Modal::Pick(p)) => modal::render_pick(p, area, buf, &theme),
            Some(Modal::Join(selected)) => {
                if let Screen::Session(v) = &self.screen {
                    join::render(v, *selected, area, buf, &theme);
                }
            }
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = [
        "terminal too small".to_owned(),
        format!(
            "{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        ),
    ];
    let top = area.y + area.height.saturating_sub(2) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top + u16::try_from(i).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let w = u16::try_from(text_width::width(l)).unwrap_or(u16::MAX);
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, l, usize::from(area.width), theme.warn);
    }
}

fn render_session(
    v: &SessionView,
    now: chrono::DateTime<chrono::Utc>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let [head, rest] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    header::render(v, now, head, buf, theme);
    if let Some(kind) = v.analysis.open {
        analysis::render(v, kind, rest, buf, theme);
        return;
    }
    let body = if area.width >= AGENDA_FROM_WIDTH {
        let [agenda_area, body] =
            Layout::horizontal([Constraint::Length(34), Constraint::Fill(1)]).areas(rest);
        agenda::render(v, now, agenda_area, buf, theme);
        body
    } else {
        rest
    };
    match v.current().map(|e| &e.kind) {
        None | Some(ExerciseKind::Briefing) => briefing::render(v, body, buf, theme),
        Some(ExerciseKind::Rating { .. }) => grid::render(v, now, body, buf, theme),
        Some(ExerciseKind::Ideas { .. }) => ideas::render(v, now, body, buf, theme),
        Some(ExerciseKind::MaterialFlow) => flow::render(v, body, buf, theme),
        Some(ExerciseKind::ModelReview) => review::render(v, body, buf, theme),
    }
}

/// A bordered panel with a title; returns the inner area.
fn panel(title: &str, area: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
    panel_styled(title, theme.title, area, buf, theme)
}

/// A bordered panel whose title has `style`; returns the inner area.
fn panel_styled(title: &str, style: Style, area: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(ratatui::text::Line::styled(format!(" {title} "), style));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Writes `text` at `(x, y)` if that row is inside `area`, cut at its right edge.
fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, text: &str, style: Style) -> u16 {
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return x;
    }
    let room = usize::from(area.right() - x);
    buf.set_stringn(x, y, text, room, style).0
}

/// The start of `s` that fits in `n` columns.
fn cut(s: &str, n: usize) -> &str {
    text_width::prefix_within(s, n)
}

/// `mm:ss` of a number of seconds.
fn mmss(secs: i64) -> String {
    let s = secs.abs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// First row to show so that `focus` is visible in `visible` rows.
fn scroll_offset(focus: usize, visible: usize, total: usize) -> usize {
    if visible == 0 || total <= visible {
        return 0;
    }
    let max = total - visible;
    focus.saturating_sub(visible - 1).min(max)
}
