//! Ideas exercise: ideas per stage with dots, the stage x technology tally,
//! or the grid of its rated dimensions.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use super::{Theme, cut, grid, panel, put, scroll_offset};
use crate::app::{IdeasView, SessionView};
use crate::text_width::{Align, pad};

pub fn render(
    v: &SessionView,
    now: chrono::DateTime<chrono::Utc>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    match v.ideas.view {
        IdeasView::Grid if !v.dimensions().is_empty() => grid::render(v, now, area, buf, theme),
        IdeasView::Tally => tally(v, area, buf, theme),
        IdeasView::Ranked => ranked(v, area, buf, theme),
        _ => list(v, area, buf, theme),
    }
}

/// Every idea, most dots first (ties by id): what the room chose.
fn ranked(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let inner = panel(
        "Ideas ranked by dots (g: tally / grid / list)",
        area,
        buf,
        theme,
    );
    let mut ideas: Vec<&crate::domain::Idea> = s.ideas.iter().collect();
    ideas.sort_by_key(|i| (std::cmp::Reverse(i.votes.len()), i.id));
    if ideas.is_empty() {
        put(
            buf,
            inner,
            inner.x + 1,
            inner.y,
            "No ideas yet.",
            theme.muted,
        );
        return;
    }
    let stage_w = s
        .template
        .stages
        .iter()
        .map(|st| crate::text_width::width(&st.name))
        .max()
        .unwrap_or(5)
        .min(16);
    for (row, idea) in ideas.iter().take(usize::from(inner.height)).enumerate() {
        let y = inner.y + u16::try_from(row).unwrap_or(u16::MAX);
        let stage = s
            .template
            .stage(&idea.stage)
            .map_or(idea.stage.as_str(), |st| st.name.as_str());
        let dots = idea.votes.len();
        let word = crate::i18n::Tr::english().args("terminal-dot-word", &[("dots", dots.into())]);
        let line = format!(
            "{:>3}. {dots:>3} {word:<4}  {}  #{} {}",
            row + 1,
            pad(cut(stage, stage_w), stage_w, Align::Left),
            idea.id,
            idea.text.replace('\n', " ")
        );
        put(buf, inner, inner.x + 1, y, &line, theme.base);
    }
}

fn list(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let t = v.template();
    let inner = panel("Ideas (g: tally / grid)", area, buf, theme);
    if inner.height < 3 {
        return;
    }
    let budget = s.vote_budget() as usize;
    let voter = match s.participants.get(v.ideas.voter) {
        Some(p) => format!(
            "Voter: {} · {} of {budget} dots left (p/P change voter)",
            p.alias,
            budget.saturating_sub(s.votes_cast_by(&p.id))
        ),
        None => "No participants yet: add them in a rating grid (a).".to_owned(),
    };
    put(buf, inner, inner.x + 1, inner.y, &voter, theme.header);
    let body = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(20), Constraint::Fill(1)]).areas(body);
    for (i, st) in t.stages.iter().enumerate() {
        let y = left.y + u16::try_from(i).unwrap_or(u16::MAX);
        let n = s.ideas.iter().filter(|x| x.stage == st.id).count();
        let focus = i == v.ideas.stage;
        let mark = if focus { "▶" } else { " " };
        let text = format!("{mark}{}{n:>3}", pad(cut(&st.name, 14), 14, Align::Left));
        put(
            buf,
            left,
            left.x,
            y,
            &text,
            if focus { theme.focus } else { theme.base },
        );
    }
    let ideas = v.stage_ideas();
    let stage_name = t
        .stages
        .get(v.ideas.stage)
        .map_or("", |st| st.name.as_str());
    put(
        buf,
        right,
        right.x + 1,
        right.y,
        &format!("{stage_name}: {} ideas (i adds, v votes)", ideas.len()),
        theme.header,
    );
    if ideas.is_empty() {
        put(
            buf,
            right,
            right.x + 1,
            right.y + 1,
            "No ideas for this stage yet.",
            theme.muted,
        );
        return;
    }
    // Two lines per idea: what and by whom, then the text.
    let visible = usize::from(right.height.saturating_sub(1)) / 2;
    let off = scroll_offset(v.ideas.selected, visible, ideas.len());
    for (line, (i, idea)) in ideas.iter().enumerate().skip(off).take(visible).enumerate() {
        let y = right.y + 1 + u16::try_from(line * 2).unwrap_or(0);
        let focus = i == v.ideas.selected;
        let techs: Vec<&str> = idea
            .technologies
            .iter()
            .map(|id| t.technology(id).map_or(id.as_str(), |x| x.name.as_str()))
            .collect();
        let author = idea
            .author
            .as_deref()
            .and_then(|a| s.participant(a))
            .map(|p| format!(" · by {}", p.alias))
            .unwrap_or_default();
        let head = format!(
            "{}#{} · {} dots · [{}]{author}",
            if focus { "▶" } else { " " },
            idea.id,
            idea.votes.len(),
            techs.join(", ")
        );
        let style = if focus { theme.focus } else { theme.base };
        put(buf, right, right.x, y, &head, style);
        put(
            buf,
            right,
            right.x,
            y + 1,
            &format!("  {}", idea.text),
            style,
        );
    }
}

fn tally(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let t = v.template();
    let inner = panel(
        "Ideas per stage and technology: ideas (dots) · g: next view",
        area,
        buf,
        theme,
    );
    if inner.height < 2 {
        return;
    }
    let name_w = 14;
    let ntech = t.technologies.len() + 1;
    let cw = (usize::from(inner.width).saturating_sub(name_w) / ntech.max(1)).clamp(6, 16);
    let x_of = |j: usize| inner.x + u16::try_from(name_w + j * cw).unwrap_or(u16::MAX);
    let mut y = inner.y;
    for (j, tech) in t.technologies.iter().enumerate() {
        put(
            buf,
            inner,
            x_of(j),
            y,
            &pad(cut(&tech.name, cw - 1), cw, Align::Center),
            theme.header,
        );
    }
    put(
        buf,
        inner,
        x_of(t.technologies.len()),
        y,
        &pad("Total", cw, Align::Center),
        theme.header,
    );
    y += 1;
    let count = |stage: Option<&str>, tech: Option<&str>| -> (usize, usize) {
        s.ideas
            .iter()
            .filter(|i| stage.is_none_or(|st| i.stage == st))
            .filter(|i| tech.is_none_or(|tc| i.technologies.iter().any(|x| x == tc)))
            .fold((0, 0), |(n, d), i| (n + 1, d + i.votes.len()))
    };
    let cell = |(n, d): (usize, usize)| {
        if n == 0 {
            "·".to_owned()
        } else {
            format!("{n} ({d})")
        }
    };
    let rows: Vec<(String, Option<&str>)> = t
        .stages
        .iter()
        .map(|st| (st.name.clone(), Some(st.id.as_str())))
        .chain(std::iter::once(("Total".to_owned(), None)))
        .collect();
    for (name, stage) in rows {
        if y >= inner.bottom() {
            break;
        }
        let style = if stage.is_none() {
            theme.header
        } else {
            theme.base
        };
        put(buf, inner, inner.x + 1, y, cut(&name, name_w - 2), style);
        for (j, tech) in t.technologies.iter().enumerate() {
            let text = cell(count(stage, Some(&tech.id)));
            put(
                buf,
                inner,
                x_of(j),
                y,
                &pad(&text, cw, Align::Center),
                style,
            );
        }
        let text = cell(count(stage, None));
        put(
            buf,
            inner,
            x_of(t.technologies.len()),
            y,
            &pad(&text, cw, Align::Center),
            theme.header,
        );
        y += 1;
    }
}
