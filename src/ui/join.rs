//! The join panel: where participants go, the code, the QR code, and the
//! devices that joined (approve, remove, close joining).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Clear, Widget};

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::SessionView;
use crate::text_width::width;

pub fn render(v: &SessionView, selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(room) = &v.room else {
        return;
    };
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(2).min(100)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    Clear.render(popup, buf);
    let inner = panel("Participants' devices", popup, buf, theme);
    let s = v.session();
    let qr_w = room.qr.first().map_or(0, |l| width(l));
    // The QR code on the left when it fits beside the text, else the text alone.
    let qr_fits = u16::try_from(room.qr.len()).is_ok_and(|h| h <= inner.height)
        && qr_w + 30 <= usize::from(inner.width);
    let text_x = if qr_fits {
        for (i, line) in room.qr.iter().enumerate() {
            let y = inner.y + u16::try_from(i).unwrap_or(u16::MAX);
            put(buf, inner, inner.x + 1, y, line, theme.base);
        }
        inner.x + 3 + u16::try_from(qr_w).unwrap_or(0)
    } else {
        inner.x + 1
    };
    let text = Rect::new(
        text_x,
        inner.y,
        inner.right().saturating_sub(text_x),
        inner.height,
    );
    let mut y = text.y;
    let mut line = |t: &str, style| {
        put(buf, text, text.x, y, t, style);
        y += 1;
    };
    line("Open on a phone, or scan the code:", theme.header);
    line(&room.url, theme.key);
    line(&format!("code {}", room.code), theme.key);
    line(
        &format!(
            "joining: {} (c) · {} of at most {}",
            v.engine.roster_mode().name(),
            s.participants.len(),
            v.engine.max_participants()
        ),
        theme.base,
    );
    line(&format!("board {}", room.board_url), theme.muted);
    line("", theme.base);
    let devices = &s.access.devices;
    let waiting = devices.iter().filter(|d| !d.approved).count();
    line(
        &format!(
            "{} devices joined, {waiting} waiting for approval",
            devices.len()
        ),
        theme.header,
    );
    let rows = usize::from(text.bottom().saturating_sub(y + 1));
    let off = scroll_offset(selected, rows, devices.len());
    for (i, d) in devices.iter().enumerate().skip(off).take(rows) {
        let alias = s
            .participant(&d.participant)
            .map_or(d.participant.as_str(), |p| p.alias.as_str());
        let state = if d.approved {
            "joined"
        } else {
            "WAITING: a approves"
        };
        let mark = if i == selected { "▶" } else { " " };
        let text_line = format!(
            "{mark}{} · {state} · {}",
            cut(alias, 24),
            d.joined.with_timezone(&chrono::Local).format("%H:%M")
        );
        let style = if i == selected {
            theme.focus
        } else if d.approved {
            theme.base
        } else {
            theme.warn
        };
        put(buf, text, text.x, y, &text_line, style);
        y += 1;
    }
    put(
        buf,
        text,
        text.x,
        text.bottom().saturating_sub(1),
        "a/A approve · d remove · X remove joined · c joining · N code",
        theme.muted,
    );
}
