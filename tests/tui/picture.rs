//! The README's picture of the facilitation screen: the screen the app
//! draws (the same `&App` rendering as the terminal's, at 120x30, the
//! shipped example's rating grid, the agenda beside it), every cell with
//! its colours drawn as SVG in the embedded font and made a PNG by the
//! figures' own rasterizer. `UPDATE_DOCS=1 cargo test --test tui picture::`
//! writes docs/facilitation.svg and docs/facilitation.png; the test checks
//! that the SVG is today's screen and the PNG its picture.

use std::fmt::Write as _;
use std::path::Path;

use chrono::Duration;
use loopshop::app::App;
use loopshop::engine::Engine;
use loopshop::export::{font, raster};
use loopshop::store::Store;
use loopshop::synthetic::{epoch, example_session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::support::tui::goto;

const COLS: u16 = 120;
const ROWS: u16 = 30;
/// Text size in the SVG's pixels.
const SIZE: f64 = 14.0;
/// The picture's resolution: 1.5 pixels per SVG pixel.
const DPI: u32 = 144;
const BACKGROUND: &str = "#1e1e1e";
const FOREGROUND: &str = "#d4d4d4";

/// The colour a dark terminal shows for `c`; `None` for its default.
fn colour(c: Color) -> Option<String> {
    let named = match c {
        Color::Reset => return None,
        Color::Black => "#000000",
        Color::Red => "#cd3131",
        Color::Green => "#0dbc79",
        Color::Yellow => "#e5e510",
        Color::Blue => "#2472c8",
        Color::Magenta => "#bc3fbc",
        Color::Cyan => "#11a8cd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#767676",
        Color::LightRed => "#f14c4c",
        Color::LightGreen => "#23d18b",
        Color::LightYellow => "#f5f543",
        Color::LightBlue => "#3b8eea",
        Color::LightMagenta => "#d670d6",
        Color::LightCyan => "#29b8db",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) => return Some(format!("#{i:02x}{i:02x}{i:02x}")),
    };
    Some(named.to_owned())
}

fn escape(c: &str) -> String {
    c.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Every cell of `buffer` as SVG: its background, then its character at
/// its cell (narrowed to the cell when the font draws it wider), in its
/// colour, bold when bold.
fn svg(buffer: &Buffer) -> String {
    // The cell is as wide as a box-drawing line, so that borders join.
    let cell = font::text_width("─", SIZE, false);
    let line = (SIZE * 1.3).round();
    let (w, h) = (cell * f64::from(COLS), line * f64::from(ROWS));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.1}\" height=\"{h:.1}\" \
         viewBox=\"0 0 {w:.1} {h:.1}\" font-family=\"{}\" font-size=\"{SIZE}\">\n\
         <rect width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{BACKGROUND}\"/>\n",
        font::SVG_FAMILY
    );
    for y in 0..ROWS {
        for x in 0..COLS {
            let Some(c) = buffer.cell((x, y)) else {
                continue;
            };
            let reversed = c.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (colour(c.fg), colour(c.bg));
            if reversed {
                (fg, bg) = (
                    bg.or_else(|| Some(BACKGROUND.to_owned())),
                    fg.or_else(|| Some(FOREGROUND.to_owned())),
                );
            }
            let (px, py) = (f64::from(x) * cell, f64::from(y) * line);
            let symbol = c.symbol();
            let wide = unicode_width::UnicodeWidthStr::width(symbol).max(1);
            let span = cell * wide as f64;
            if let Some(bg) = bg {
                let _ = writeln!(
                    out,
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{span:.1}\" height=\"{line:.1}\" fill=\"{bg}\"/>"
                );
            }
            if symbol.trim().is_empty() {
                continue;
            }
            let bold = c.modifier.contains(Modifier::BOLD);
            let fill = fg.unwrap_or_else(|| FOREGROUND.to_owned());
            let weight = if bold { " font-weight=\"bold\"" } else { "" };
            let opacity = if c.modifier.contains(Modifier::DIM) {
                " fill-opacity=\"0.6\""
            } else {
                ""
            };
            let drawn = font::text_width(symbol, SIZE, bold);
            let base = py + line * 0.76;
            let text = escape(symbol);
            if drawn > span {
                let squeeze = span / drawn;
                let _ = writeln!(
                    out,
                    "<text transform=\"translate({px:.1} {base:.1}) scale({squeeze:.3} 1)\" \
                     fill=\"{fill}\"{weight}{opacity}>{text}</text>"
                );
            } else {
                let left = px + (span - drawn) / 2.0;
                let _ = writeln!(
                    out,
                    "<text x=\"{left:.1}\" y=\"{base:.1}\" fill=\"{fill}\"{weight}{opacity}>{text}</text>"
                );
            }
            if c.modifier.contains(Modifier::UNDERLINED) {
                let under = py + line * 0.88;
                let _ = writeln!(
                    out,
                    "<rect x=\"{px:.1}\" y=\"{under:.1}\" width=\"{span:.1}\" height=\"1\" fill=\"{fill}\"/>"
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The screen of the README: the example's technological maturity grid.
fn screen() -> Buffer {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path());
    let mut session = example_session();
    // Facilitated as a copy would be: the example itself opens read-only.
    session.example = false;
    let path = store.create(&session).expect("create");
    let engine = Engine::open(&path).expect("open");
    let mut app = App::with_session(store, engine, epoch() + Duration::hours(4), true);
    goto(&mut app, 3);
    let mut t = Terminal::new(TestBackend::new(COLS, ROWS)).expect("terminal");
    t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
    t.backend().buffer().clone()
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    let be = |at: usize| {
        png.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    (be(16), be(20))
}

#[test]
fn readme_picture_is_the_facilitation_screen() {
    let buffer = screen();
    let text: String = (0..ROWS)
        .flat_map(|y| (0..COLS).map(move |x| (x, y)))
        .filter_map(|at| buffer.cell(at).map(|c| c.symbol().to_owned()))
        .collect();
    // The screen it should be: the grid, the agenda, the footer's keys.
    for wanted in [
        "Technological maturity",
        "Expert 01",
        "consensus",
        "0-9 rate",
        "✓ saved",
    ] {
        assert!(text.contains(wanted), "{wanted}: {text}");
    }
    let svg = svg(&buffer);
    let png = raster::png(&svg, DPI).unwrap_or_else(|e| panic!("{e}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (svg_path, png_path) = (
        root.join("docs/facilitation.svg"),
        root.join("docs/facilitation.png"),
    );
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&svg_path, &svg).expect("write the SVG");
        std::fs::write(&png_path, &png).expect("write the PNG");
    }
    let committed = std::fs::read_to_string(&svg_path).unwrap_or_default();
    assert!(
        committed == svg,
        "docs/facilitation.svg is not today's screen: UPDATE_DOCS=1 cargo test --test tui picture::"
    );
    // Pixels differ with machines' floating point: a PNG of the same size.
    let shipped = std::fs::read(&png_path).unwrap_or_default();
    assert!(
        raster::ink(&shipped).is_ok(),
        "docs/facilitation.png is no PNG"
    );
    assert_eq!(png_size(&shipped), png_size(&png), "docs/facilitation.png");
}
