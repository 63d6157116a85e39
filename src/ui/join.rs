//! The join panel: where participants go, the code, the QR code, and the
//! devices that joined (approve, remove, close joining).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::{Room, SessionView};
use crate::text_width::{pieces, width, wrap};

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
    for (t, style) in room_lines(v, room, usize::from(text.width), theme) {
        put(buf, text, text.x, y, &t, style);
        y += 1;
    }
    let mut line = |t: &str, style| {
        put(buf, text, text.x, y, t, style);
        y += 1;
    };
    line("", theme.base);
    let devices = &s.access.devices;
    let waiting = devices.iter().filter(|d| !d.approved).count();
    line(
        &crate::i18n::Tr::english().args(
            "terminal-devices-joined",
            &[
                ("devices", devices.len().into()),
                ("waiting", waiting.into()),
            ],
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
        "a/A approve · d remove · X remove joined · c joining · y copy board · N code",
        theme.muted,
    );
}

/// Where phones join and how, line by line in `w` columns. Addresses are
/// shown whole, over several lines when they must: a cut address typed or
/// copied from the screen does not work.
fn room_lines(v: &SessionView, room: &Room, w: usize, theme: &Theme) -> Vec<(String, Style)> {
    let mut out = vec![(
        "Open on a phone, or scan the code:".to_owned(),
        theme.header,
    )];
    out.extend(
        pieces(&room.url, w)
            .into_iter()
            .map(|p| (p.to_owned(), theme.key)),
    );
    out.push((format!("code {}", room.code), theme.key));
    if room.loopback {
        let mut warning = "only this computer can reach this address: start with \
                           --bind 0.0.0.0 to let phones in"
            .to_owned();
        if !room.lan.is_empty() {
            warning.push_str("; this computer in the room's network: ");
            warning.push_str(&room.lan.join(", "));
        }
        out.extend(wrap(&warning, w).into_iter().map(|l| (l, theme.warn)));
    }
    let s = v.session();
    out.push((
        format!(
            "joining: {} (c) · {} of at most {}",
            v.engine.roster_mode().name(),
            s.participants.len(),
            v.engine.max_participants()
        ),
        theme.base,
    ));
    out.push(("board (y copies):".to_owned(), theme.muted));
    out.extend(
        pieces(&room.board_url, w)
            .into_iter()
            .map(|p| (p.to_owned(), theme.muted)),
    );
    out
}
