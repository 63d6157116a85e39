//! The TUI widgets for Figure 1 and Figure 2: snapshots at two sizes, every
//! stage named, consensus marks as text, and no panic at tiny sizes.

use loopshop::analysis::{CellStats, Placement};
use loopshop::domain::{Template, default_template};
use loopshop::ui::matrix_table::{CONSENSUS_MARK, MatrixTable};
use loopshop::ui::model_chart::{ModelChart, NO_CONSENSUS_MARK, text_header, text_rows};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Placements like the example session's profile (by hand, so the snapshots
/// do not depend on the statistics code).
fn placements() -> Vec<Placement> {
    let rows: [(&str, f64, f64, f64, f64, bool); 9] = [
        ("exploration", 3.0, 2.0, 2.0, 2.0, true),
        ("mining", 4.0, 2.0, 5.0, 2.0, false),
        ("processing", 3.0, 2.0, 4.0, 3.0, true),
        ("design", 2.0, 5.0, 2.0, 4.0, true),
        ("production", 2.0, 4.0, 5.0, 4.0, true),
        ("use", 3.0, 2.0, 2.0, 4.0, false),
        ("reuse", 4.0, 4.0, 2.0, 3.0, true),
        ("collection", 4.0, 5.0, 2.0, 2.0, true),
        ("recycling", 4.5, 4.5, 3.0, 2.0, false),
    ];
    rows.iter()
        .map(|&(stage, x, y, size, colour, consensus)| Placement {
            stage: stage.into(),
            x: Some(x),
            y: Some(y),
            size: Some(size),
            colour: Some(colour),
            consensus,
        })
        .collect()
}

fn cells(t: &Template) -> Vec<CellStats> {
    let mut out = Vec::new();
    for (i, st) in t.stages.iter().enumerate() {
        for (j, d) in t.dimensions.iter().enumerate() {
            if i == 8 && j == 4 {
                continue; // one cell not rated
            }
            let median = 1.0 + ((i * 3 + j) % 9) as f64 / 2.0;
            out.push(CellStats {
                stage: st.id.clone(),
                dimension: d.id.clone(),
                round: 1,
                n: 17,
                median: Some(median),
                level: d.band_of(median).map(|b| b.id.clone()),
                consensus: (i + j) % 3 != 0,
                ..CellStats::default()
            });
        }
    }
    out
}

fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

fn draw_model(w: u16, h: u16, monochrome: bool) -> Terminal<TestBackend> {
    let t = default_template();
    let p = placements();
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    term.draw(|f| f.render_widget(ModelChart::new(&p, &t, monochrome), f.area()))
        .expect("draws");
    term
}

fn draw_matrix(w: u16, h: u16, monochrome: bool) -> Terminal<TestBackend> {
    let t = default_template();
    let c = cells(&t);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    term.draw(|f| f.render_widget(MatrixTable::new(&c, &t, monochrome), f.area()))
        .expect("draws");
    term
}

#[test]
fn model_chart_snapshots() {
    insta::assert_snapshot!("model_80x24", draw_model(80, 24, true).backend());
    insta::assert_snapshot!("model_160x48", draw_model(160, 48, true).backend());
}

#[test]
fn model_chart_names_every_stage_and_marks_missing_consensus() {
    let term = draw_model(160, 48, false);
    let screen = text(term.backend().buffer());
    let t = default_template();
    for p in placements() {
        let name = &t.stage(&p.stage).expect("stage").name;
        let labelled = if p.consensus {
            format!("{name} ")
        } else {
            format!("{name}{NO_CONSENSUS_MARK}")
        };
        assert!(
            screen.contains(&labelled),
            "{labelled:?} missing:\n{screen}"
        );
    }
    assert!(screen.contains("quick wins"));
}

#[test]
fn monochrome_model_uses_no_colour() {
    let term = draw_model(80, 24, true);
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
    let coloured = draw_model(80, 24, false);
    assert!(
        coloured
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset)
    );
}

#[test]
fn matrix_table_snapshots() {
    insta::assert_snapshot!("matrix_80x24", draw_matrix(80, 24, true).backend());
    insta::assert_snapshot!("matrix_160x48", draw_matrix(160, 48, true).backend());
}

#[test]
fn matrix_rows_carry_level_median_and_mark() {
    let term = draw_matrix(160, 48, true);
    let screen = text(term.backend().buffer());
    let t = default_template();
    for st in &t.stages {
        assert!(screen.contains(&st.name), "{}", st.name);
    }
    // exploration x circularity_impact: median 1.0, (0+0)%3 == 0: no consensus.
    assert!(screen.contains("L 1.0 "));
    // exploration x carbon_footprint: median 1.5, consensus.
    assert!(screen.contains(&format!("L 1.5 {CONSENSUS_MARK}")));
    assert!(screen.contains('\u{2014}'), "the unrated cell shows a dash");
}

#[test]
fn tiny_and_empty_areas_do_not_panic() {
    for (w, h) in [(20, 5), (0, 0), (1, 1), (8, 3), (3, 30)] {
        let _ = draw_model(w, h, false);
        let _ = draw_matrix(w, h, false);
    }
    // Nothing placed at all still draws the frame.
    let t = default_template();
    let mut term = Terminal::new(TestBackend::new(40, 12)).expect("backend");
    term.draw(|f| f.render_widget(ModelChart::new(&[], &t, false), f.area()))
        .expect("draws");
    assert!(text(term.backend().buffer()).contains("Conceptual model"));
}

#[test]
fn text_alternative_has_a_row_per_stage() {
    let t = default_template();
    let mut p = placements();
    p[0].x = None;
    let rows = text_rows(&t, &p);
    assert_eq!(rows.len(), t.stages.len());
    assert_eq!(text_header(&t).len(), rows[0].len());
    assert_eq!(rows[0][0], "Exploration");
    assert_eq!(rows[0][1], "\u{2014}");
    assert_eq!(rows[3][2], "5.0 High");
    assert_eq!(rows[3][5], "quick win");
    assert_eq!(rows[1][5], "thankless task");
    assert_eq!(rows[0][5], "\u{2014}");
    assert_eq!(rows[1][6], "no");
    assert_eq!(rows[3][6], "yes");
}
