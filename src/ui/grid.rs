//! The rating grid: participants as rows, stages as columns, one dimension
//! at a time, with the group's statistics under it. Draws only the rows and
//! columns that fit, so thousands of participants cost no more than 17.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use std::collections::HashMap;

use super::{Theme, cut, panel, panel_styled, put, scroll_offset};
use crate::analysis::is_outlier;
use crate::app::SessionView;
use crate::domain::{RatingEntry, RatingSheet, Score};
use crate::text_width::{Align, pad, width};

/// What one cell shows: the score, `dk` for don't know, `·` when empty.
#[must_use]
pub fn score_text(s: Option<Score>) -> String {
    match s {
        Some(Score::Value(v)) => v.to_string(),
        Some(Score::DontKnow) => "dk".to_owned(),
        None => "·".to_owned(),
    }
}

/// After the name of a participant absent from the round.
const ABSENT: &str = " (absent)";

/// Digits of a count, for sizing columns.
fn stages_digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

#[expect(clippy::too_many_lines)]
pub fn render(
    v: &SessionView,
    now: chrono::DateTime<chrono::Utc>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let t = v.template();
    let s = v.session();
    let dims = v.dimensions();
    let Some(dim_id) = v.dimension_id() else {
        let inner = panel("Rating", area, buf, theme);
        put(
            buf,
            inner,
            inner.x + 1,
            inner.y,
            "This exercise rates no dimension.",
            theme.muted,
        );
        return;
    };
    let dim = t.dimension(dim_id);
    let dim_name = dim.map_or(dim_id, |d| d.name.as_str());
    let k = v.dimension_index() + 1;
    let focus = v.focus();
    // Just after a change of dimension the title stands out, so that the
    // scores called in go into the grid everyone thinks they do.
    let inner = if v.grid.announcing_dimension(now) {
        let title = format!(
            ">> DIMENSION {k} OF {}: {} <<",
            dims.len(),
            dim_name.to_uppercase()
        );
        panel_styled(&title, theme.focus, area, buf, theme)
    } else {
        let title = format!("Rating: {dim_name} ({k} of {}, Tab next)", dims.len());
        panel(&title, area, buf, theme)
    };
    if inner.height < 4 || inner.width < 10 {
        return;
    }
    let round = v.round();
    let agg = v.engine.aggregate();
    let mut y = inner.y;
    if let Some(d) = dim {
        // On short terminals the rows matter more than the question.
        if inner.height >= 14 {
            put(buf, inner, inner.x + 1, y, &d.question, theme.base);
            y += 1;
        }
        let legend = format!(
            "{} = {} … {} = {}",
            d.scale.min, d.anchors.low, d.scale.max, d.anchors.high
        );
        put(buf, inner, inner.x + 1, y, &legend, theme.muted);
        y += 1;
    }

    // Group rows under the grid: the current round's group when it may be
    // seen, and the previous round's (the Delphi feedback) even when not.
    let prev_round = v.previous_round_of(dim_id);
    let prev_rows = if prev_round.is_some() { 2 } else { 0 };
    let group_rows: u16 = if v.group_visible() { 3 } else { 1 } + prev_rows;
    let detail_y = inner.bottom() - 1;
    let header_y = y;
    let rows_top = header_y + 1;
    let rows_bottom = detail_y.saturating_sub(group_rows).max(rows_top);
    let visible_rows = usize::from(rows_bottom - rows_top);

    // Columns.
    let participants = &s.participants;
    let stages = &t.stages;
    let absent = s.round(round).map_or(&[][..], |r| r.absent.as_slice());
    let name_w = participants
        .iter()
        .map(|p| width(&p.alias) + if absent.contains(&p.id) { ABSENT.len() } else { 0 })
        .max()
        .unwrap_or(0)
        .clamp(9, 16)
        + 2
        // Room for " 9/9" while phones may join.
        + if v.room.is_some() {
            2 * stages_digits(t.stages.len()) + 2
        } else {
            0
        };
    let avail = usize::from(inner.width).saturating_sub(name_w + 1);
    let min_cw = if prev_round.is_some() { 8 } else { 5 };
    let cw = (avail / stages.len().max(1)).clamp(min_cw, 12);
    let vis_cols = (avail / cw).max(1);
    let col_off = scroll_offset(focus.col, vis_cols, stages.len());
    let col_x = |i: usize| -> u16 {
        inner.x + u16::try_from(name_w + (i - col_off) * cw).unwrap_or(u16::MAX)
    };
    let shown_cols = col_off..(col_off + vis_cols).min(stages.len());

    // Header row: stage names.
    let left_more = if col_off > 0 { "◀ more" } else { "" };
    put(buf, inner, inner.x + 1, header_y, left_more, theme.muted);
    for i in shown_cols.clone() {
        let name = pad(cut(&stages[i].name, cw - 1), cw, Align::Center);
        let style = if i == focus.col {
            theme.key
        } else {
            theme.header
        };
        put(buf, inner, col_x(i), header_y, &name, style);
    }
    if shown_cols.end < stages.len() {
        put(buf, inner, inner.right() - 1, header_y, "▶", theme.muted);
    }

    // Participant rows. One pass over the sheets, then per-row lookups, so a
    // frame stays cheap with thousands of participants.
    let row_off = scroll_offset(focus.row, visible_rows, participants.len());
    let sheets = |r: u32| -> HashMap<&str, &RatingSheet> {
        s.ratings
            .iter()
            .filter(|sh| sh.round == r)
            .map(|sh| (sh.participant.as_str(), sh))
            .collect()
    };
    let current = sheets(round);
    let previous = prev_round.map(sheets).unwrap_or_default();
    let entry_of = |m: &HashMap<&str, &'_ RatingSheet>, p: &str, st: &str| {
        m.get(p)
            .and_then(|sh| {
                sh.entries
                    .iter()
                    .find(|e| e.stage == st && e.dimension == dim_id)
            })
            .cloned()
    };
    if participants.is_empty() {
        put(
            buf,
            inner,
            inner.x + 1,
            rows_top,
            "No participants yet: press a to add one.",
            theme.muted,
        );
    }
    for (line, (r, p)) in participants
        .iter()
        .enumerate()
        .skip(row_off)
        .take(visible_rows)
        .enumerate()
    {
        let yy = rows_top + u16::try_from(line).unwrap_or(0);
        let focus_row = r == focus.row;
        let mark = if focus_row { "▶" } else { " " };
        // While phones may join: how many stages each person has rated, so
        // the room can see who has not yet.
        let label = if v.room.is_some() {
            let done = current.get(p.id.as_str()).map_or(0, |sh| {
                sh.entries.iter().filter(|e| e.dimension == dim_id).count()
            });
            let progress = format!(" {done}/{}", stages.len());
            let name = cut(&p.alias, (name_w - 2).saturating_sub(width(&progress)));
            format!(
                "{mark}{}{progress}",
                pad(name, name_w - 2 - width(&progress), Align::Left)
            )
        } else if absent.contains(&p.id) {
            // Absent this round: left out of "complete", and says so.
            let name = cut(&p.alias, (name_w - 2).saturating_sub(ABSENT.len()));
            format!("{mark}{name}{ABSENT}")
        } else {
            format!("{mark}{}", cut(&p.alias, name_w - 2))
        };
        let label_style = if focus_row {
            theme.header
        } else if absent.contains(&p.id) {
            theme.muted
        } else {
            theme.base
        };
        put(buf, inner, inner.x, yy, &label, label_style);
        for c in shown_cols.clone() {
            let st = &stages[c].id;
            let entry = entry_of(&current, &p.id, st);
            let mut text = score_text(entry.as_ref().map(RatingEntry::score));
            if entry.as_ref().and_then(RatingEntry::comment).is_some() {
                text.push('*');
            }
            if let Some(pr) = prev_round {
                let prev = entry_of(&previous, &p.id, st);
                if is_outlier(
                    entry.as_ref().map(RatingEntry::score),
                    agg.cell(t, pr, st, dim_id).q1,
                    agg.cell(t, pr, st, dim_id).q3,
                    t.consensus.outlier_margin,
                ) {
                    text.push('!');
                }
                text = format!(
                    "{text} ({})",
                    score_text(prev.as_ref().map(RatingEntry::score))
                );
            }
            let focus = focus_row && c == focus.col;
            let from_device = entry
                .as_ref()
                .is_some_and(|e| e.entered_by == crate::domain::EnteredBy::Device);
            let (text, style) = if focus {
                (format!("[{text}]"), theme.focus)
            } else if from_device {
                (text, theme.device)
            } else {
                (text, theme.base)
            };
            put(
                buf,
                inner,
                col_x(c),
                yy,
                &pad(&text, cw, Align::Center),
                style,
            );
        }
    }

    // Group statistics.
    let mut gy = rows_bottom;
    let fmt = |x: Option<f64>| x.map_or("-".to_owned(), |m| format!("{m:.1}"));
    {
        let group_line = |buf: &mut Buffer, label: &str, values: Vec<String>, gy: &mut u16| {
            put(
                buf,
                inner,
                inner.x + 1,
                *gy,
                cut(label, name_w - 1),
                theme.header,
            );
            for (c, val) in shown_cols.clone().zip(values) {
                put(
                    buf,
                    inner,
                    col_x(c),
                    *gy,
                    &pad(&val, cw, Align::Center),
                    theme.header,
                );
            }
            *gy += 1;
        };
        if v.group_visible() {
            let stats: Vec<_> = shown_cols
                .clone()
                .map(|c| agg.cell(t, round, &stages[c].id, dim_id))
                .collect();
            let rows: Vec<(&str, Vec<String>)> = vec![
                ("median", stats.iter().map(|c| fmt(c.median)).collect()),
                ("IQR", stats.iter().map(|c| fmt(c.iqr)).collect()),
                (
                    "consensus",
                    stats
                        .iter()
                        .map(|c| {
                            if c.n == 0 {
                                "-".to_owned()
                            } else if c.consensus && cw >= 7 {
                                "✓ yes".to_owned()
                            } else if c.consensus {
                                "yes".to_owned()
                            } else {
                                "no".to_owned()
                            }
                        })
                        .collect(),
                ),
            ];
            for (label, values) in rows {
                group_line(buf, label, values, &mut gy);
            }
        } else {
            put(
                buf,
                inner,
                inner.x + 1,
                gy,
                &format!("round {round} group hidden: blind round (r reveals)"),
                theme.warn,
            );
            gy += 1;
        }
        if let Some(pr) = prev_round {
            let prev: Vec<_> = shown_cols
                .clone()
                .map(|c| agg.cell(t, pr, &stages[c].id, dim_id))
                .collect();
            group_line(
                buf,
                &format!("r{pr} median"),
                prev.iter().map(|c| fmt(c.median)).collect(),
                &mut gy,
            );
            group_line(
                buf,
                &format!("r{pr} IQR"),
                prev.iter()
                    .map(|c| match (c.q1, c.q3) {
                        (Some(a), Some(b)) => format!("{a:.1}-{b:.1}"),
                        _ => "-".to_owned(),
                    })
                    .collect(),
                &mut gy,
            );
        }
    }

    // The focused cell in words.
    let detail = match (participants.get(focus.row), stages.get(focus.col)) {
        (Some(p), Some(st)) => {
            let e = s.rating(&p.id, round, &st.id, dim_id);
            let score = match e.map(crate::domain::RatingEntry::score) {
                Some(Score::Value(x)) => x.to_string(),
                Some(Score::DontKnow) => "don't know".to_owned(),
                None => "not rated".to_owned(),
            };
            let mut comment = e
                .and_then(crate::domain::RatingEntry::comment)
                .map(|c| format!(" · comment: {c}"))
                .unwrap_or_default();
            if let Some(pr) = prev_round {
                let c = agg.cell(t, pr, &st.id, dim_id);
                if is_outlier(
                    e.map(RatingEntry::score),
                    c.q1,
                    c.q3,
                    t.consensus.outlier_margin,
                ) {
                    let _ = write!(
                        comment,
                        " · outside round {pr}'s middle range ({}-{}): ask for a reason (c; f next)",
                        c.q1.map_or_else(String::new, |q| format!("{q:.1}")),
                        c.q3.map_or_else(String::new, |q| format!("{q:.1}")),
                    );
                }
            }
            let comment = if e.is_some_and(|e| e.entered_by == crate::domain::EnteredBy::Device) {
                format!(" (from their device){comment}")
            } else {
                comment
            };
            format!(
                "{} × {}: {score}{comment} · row {} of {} · dk = don't know, · = not rated, * = comment{}",
                p.alias,
                st.name,
                focus.row + 1,
                participants.len(),
                if prev_round.is_some() {
                    ", ! = outside the last round's IQR"
                } else {
                    ""
                }
            )
        }
        _ => String::new(),
    };
    put(buf, inner, inner.x + 1, detail_y, &detail, theme.muted);
}
