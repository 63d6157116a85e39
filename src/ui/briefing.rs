//! Briefing: the instructions, the stages and the scales.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, panel};
use crate::app::SessionView;

pub fn render(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let title = v.current().map_or("Briefing", |e| e.title.as_str());
    let inner = panel(title, area, buf, theme);
    let t = v.template();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = v.current() {
        lines.push(Line::raw(e.instructions.clone()));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Stages", theme.header));
    let stages: Vec<String> = t.stages.iter().map(|s| s.name.clone()).collect();
    lines.push(Line::raw(stages.join(" → ")));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Dimensions", theme.header));
    for d in &t.dimensions {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", d.name), theme.header),
            Span::raw(format!(
                "{} = {} … {} = {}",
                d.scale.min, d.anchors.low, d.scale.max, d.anchors.high
            )),
        ]));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
