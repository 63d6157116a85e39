//! The report exports: the SVGs parse as XML and name every stage, the
//! Markdown tables have a row per stage, the HTML is one self-contained,
//! well-formed file with both figures, and all text is escaped.

use loopshop::analysis::{CellStats, Concordance, Placement};
use loopshop::domain::Session;
use loopshop::export::md;
use loopshop::export::report::{self, ReportData};
use loopshop::export::{html, svg_matrix, svg_model};
use loopshop::synthetic::example_session;
use quick_xml::Reader;
use quick_xml::events::Event;

/// Statistics shaped like the example's, by hand (independent of analysis).
fn hand_data(s: &Session) -> ReportData {
    let t = &s.template;
    let mut cells = Vec::new();
    for (i, st) in t.stages.iter().enumerate() {
        for (j, d) in t.dimensions.iter().enumerate() {
            let median = 1.0 + ((i * 2 + j) % 9) as f64 / 2.0;
            cells.push(CellStats {
                stage: st.id.clone(),
                dimension: d.id.clone(),
                round: 1,
                n: 16,
                dont_know: 1,
                median: Some(median),
                iqr: Some(1.0),
                agreement: Some(0.8),
                level: d.band_of(median).map(|b| b.id.clone()),
                consensus: (i + j) % 4 != 0,
                ..CellStats::default()
            });
        }
    }
    let profile = [
        ("exploration", 3.0, 1.5, 2.5, 1.5, true),
        ("mining", 4.0, 2.0, 4.5, 2.0, false),
        ("processing", 3.0, 2.0, 4.0, 3.0, true),
        ("design", 1.5, 4.5, 2.0, 4.0, true),
        ("production", 2.0, 4.0, 5.0, 4.0, true),
        ("use", 3.0, 2.0, 2.0, 4.0, false),
        ("reuse", 4.0, 4.0, 1.5, 3.0, true),
        ("collection", 4.5, 4.5, 1.5, 2.0, true),
        ("recycling", 4.5, 4.5, 3.0, 2.0, false),
    ];
    let placements = profile
        .iter()
        .map(|&(stage, x, y, size, colour, consensus)| Placement {
            stage: stage.into(),
            x: Some(x),
            y: Some(y),
            size: Some(size),
            colour: Some(colour),
            consensus,
        })
        .collect();
    let concordance = t
        .dimensions
        .iter()
        .map(|d| Concordance {
            dimension: d.id.clone(),
            round: 1,
            m: 14,
            w: Some(0.71),
        })
        .collect();
    ReportData {
        selection: loopshop::analysis::RoundSelection {
            choice: loopshop::analysis::RoundChoice::Exactly(1),
            rounds: t
                .dimensions
                .iter()
                .map(|d| (d.id.clone(), Some(1)))
                .collect(),
        },
        cells,
        placements,
        concordance,
        more: report::More::default(),
    }
}

/// Parses `text` as XML; returns the text content of every element (entity
/// references resolved) and the names of all elements, or the parse error.
fn parse_xml(text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut reader = Reader::from_str(text);
    let mut texts = Vec::new();
    let mut names = Vec::new();
    let mut current = String::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                if !current.trim().is_empty() {
                    texts.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            Event::End(_) => {
                if !current.trim().is_empty() {
                    texts.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            Event::Text(t) => current.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    current.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    current.push(match name.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    });
                }
            }
            _ => {}
        }
    }
    Ok((texts, names))
}

#[test]
fn model_svg_parses_and_names_every_stage() {
    let s = example_session();
    let d = hand_data(&s);
    let svg = svg_model::render_placements(
        loopshop::i18n::Tr::english(),
        &s.template,
        &d.placements,
        &s.title,
    );
    let (texts, names) = parse_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(names.first().map(String::as_str), Some("svg"));
    for st in &s.template.stages {
        // The name, then the mapped dimensions without consensus.
        assert!(
            texts
                .iter()
                .any(|t| t == &st.name || t.starts_with(&format!("{} [", st.name))),
            "{} not labelled",
            st.name
        );
    }
    // Axis titles with anchor words, quadrant labels, legend.
    for want in [
        "Difficulty of adopting digitalization",
        "Impact on circularity",
        "\u{2190} easy to adopt",
        "very hard to adopt \u{2192}",
        "Size: Carbon footprint",
        "Colour: Technological maturity",
        "dashed outline: no consensus",
    ] {
        assert!(texts.iter().any(|t| t.contains(want)), "{want} missing");
    }
    // Quadrants are worded from the anchors, not "quick wins".
    assert!(texts.iter().any(|t| t == "decisive for circularity"));
    assert!(!texts.iter().any(|t| t.contains("Thankless")));
    // One dashed bubble per stage without consensus, plus the legend's.
    let dashed = svg
        .lines()
        .filter(|l| l.starts_with("<circle") && l.contains("stroke-dasharray"))
        .count();
    let without = d.placements.iter().filter(|p| !p.consensus).count();
    assert_eq!(dashed, without + 1);
}

#[test]
fn model_labels_do_not_overlap() {
    let s = example_session();
    let d = hand_data(&s);
    let lay = svg_model::layout(loopshop::i18n::Tr::english(), &s.template, &d.placements);
    assert_eq!(lay.bubbles.len(), 9);
    for (i, a) in lay.bubbles.iter().enumerate() {
        for b in &lay.bubbles[i + 1..] {
            assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
        }
        assert!(a.label.x >= lay.plot.x && a.label.x + a.label.w <= lay.plot.x + lay.plot.w);
    }
}

#[test]
fn matrix_svg_parses_and_names_every_stage_and_cell() {
    let s = example_session();
    let d = hand_data(&s);
    let svg = svg_matrix::render_cells(
        loopshop::i18n::Tr::english(),
        &s.template,
        &d.cells,
        &s.title,
    );
    let (texts, _) = parse_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    for st in &s.template.stages {
        assert!(texts.iter().any(|t| t == &st.name), "{}", st.name);
    }
    let medians = texts
        .iter()
        .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains('.'))
        .count();
    assert_eq!(medians, 9 * 5, "one median per cell");
    let marks = texts
        .iter()
        .filter(|t| t.ends_with(svg_matrix::CONSENSUS_MARK))
        .count();
    assert_eq!(marks, d.cells.iter().filter(|c| c.consensus).count());
}

/// The rows of the Markdown table that follows the heading `heading`.
fn table_after(md: &str, heading: &str) -> Vec<String> {
    let mut lines = md.lines().skip_while(|l| !l.starts_with(heading));
    lines.next();
    lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn markdown_tables_have_a_row_per_stage() {
    let s = example_session();
    let text = md::to_markdown(&report::document(&s, &hand_data(&s)));
    for heading in ["## Figure 1", "## Figure 2"] {
        let rows = table_after(&text, heading);
        assert_eq!(rows.len(), s.template.stages.len(), "{heading}\n{text}");
        for (row, st) in rows.iter().zip(&s.template.stages) {
            assert!(row.starts_with(&format!("| {} |", st.name)), "{row}");
        }
    }
    for heading in [
        "## Session",
        "## Participants by role",
        "## Consensus",
        "## Agreement on the ranking of stages (Kendall's W)",
        "## Ideas by stage",
        "## Figure 3: material flows",
        "## How to read this report",
        "## Stability between rounds",
        "## Answers per cell",
        "## Comments by stage and dimension",
        "## Timeline",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert_eq!(table_after(&text, "## Figure 3").len(), s.flows.len());
    // Ideas with their votes, most voted first within a stage.
    assert!(text.contains("### Design"));
    assert!(text.contains("| 6 | Simulate disassembly in the design twin before release |"));
    // The notes are in the timeline.
    for n in &s.notes {
        assert!(text.contains(&md::escape(&n.text)), "{}", n.text);
    }
}

/// The small charts of answers the hand-made data has (none: it has no
/// histograms); the real example has one per cell.
fn d_charts(s: &Session) -> usize {
    let real = report::ReportData::of(s, loopshop::analysis::RoundChoice::Latest);
    assert_eq!(real.more.distributions.len(), 9 * 5);
    hand_data(s).more.distributions.len()
}

#[test]
fn html_is_self_contained_well_formed_and_has_both_figures() {
    let s = example_session();
    let page = html::render_with(&s, &hand_data(&s));
    let (texts, names) = parse_xml(&page).unwrap_or_else(|e| panic!("{e}"));
    // The three figures, and a small chart per rated cell.
    assert_eq!(names.iter().filter(|n| *n == "figure").count(), 3);
    assert_eq!(
        names.iter().filter(|n| *n == "svg").count(),
        3 + d_charts(&s)
    );
    assert!(names.iter().filter(|n| *n == "table").count() >= 6);
    for banned in ["script", "link", "img", "iframe"] {
        assert!(!names.iter().any(|n| n == banned), "<{banned}> in html");
    }
    assert!(!page.contains("src=") && !page.contains("href="));
    // Only references inside the page (patterns, arrow heads).
    assert_eq!(page.matches("url(").count(), page.matches("url(#").count());
    for st in &s.template.stages {
        assert!(
            texts.iter().filter(|t| *t == &st.name).count() >= 3,
            "{}",
            st.name
        );
    }
    assert!(texts.iter().any(|t| t == &s.title));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let mut s = example_session();
    s.title = "<script>alert('x')</script> & \"co\" | *bold*".into();
    s.template.stages[0].name = "R&D <lab>".into();
    s.notes[0].text = "a </svg> b".into();
    // Characters XML forbids, from a file written before they were refused.
    s.template.stages[1].name = "Mi\u{fffe}ni\u{ffff}ng\u{1}".into();
    let d = hand_data(&s);
    for text in [
        svg_model::render_placements(
            loopshop::i18n::Tr::english(),
            &s.template,
            &d.placements,
            &s.title,
        ),
        svg_matrix::render_cells(
            loopshop::i18n::Tr::english(),
            &s.template,
            &d.cells,
            &s.title,
        ),
        html::render_with(&s, &d),
    ] {
        let (texts, names) = parse_xml(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(!names.iter().any(|n| n == "script"));
        assert!(texts.iter().any(|t| t.contains("R&D <lab>")));
        assert!(!text.contains(['\u{fffe}', '\u{ffff}', '\u{1}']));
        assert!(texts.iter().any(|t| t.contains("Mining")));
    }
    let text = md::to_markdown(&report::document(&s, &d));
    assert!(text.contains("\\<script\\>"));
    assert!(text.contains("| R&amp;D \\<lab\\> |"));
}

#[test]
fn anonymous_sessions_name_no_one_anywhere() {
    let mut s = example_session();
    s.anonymous = true;
    let d = hand_data(&s);
    let outputs = [
        md::to_markdown(&report::document(&s, &d)),
        html::render_with(&s, &d),
    ];
    for out in outputs {
        for p in &s.participants {
            assert!(!out.contains(&p.alias), "{} named", p.alias);
            assert!(!out.contains(&p.organisation), "{} named", p.organisation);
        }
    }
}

#[test]
fn snapshots_of_the_figures_and_the_report() {
    let s = example_session();
    let d = hand_data(&s);
    insta::assert_snapshot!(
        "model_svg",
        svg_model::render_placements(
            loopshop::i18n::Tr::english(),
            &s.template,
            &d.placements,
            &s.title
        )
    );
    insta::assert_snapshot!(
        "matrix_svg",
        svg_matrix::render_cells(
            loopshop::i18n::Tr::english(),
            &s.template,
            &d.cells,
            &s.title
        )
    );
    insta::assert_snapshot!("report_md", md::to_markdown(&report::document(&s, &d)));
}

proptest::proptest! {
    #![proptest_config(crate::support::proptest_config(64))]
    /// Whatever the medians (half steps, many ties), no two labels overlap
    /// and no label covers a quadrant label.
    #[test]
    fn labels_never_overlap(points in proptest::collection::vec((2u8..=10, 2u8..=10, 2u8..=10, proptest::bool::ANY), 9)) {
        let s = example_session();
        let placements: Vec<Placement> = s
            .template
            .stages
            .iter()
            .zip(&points)
            .map(|(st, &(x, y, size, consensus))| Placement {
                stage: st.id.clone(),
                x: Some(f64::from(x) / 2.0),
                y: Some(f64::from(y) / 2.0),
                size: Some(f64::from(size) / 2.0),
                colour: Some(3.0),
                consensus,
            })
            .collect();
        let lay = svg_model::layout(loopshop::i18n::Tr::english(), &s.template, &placements);
        for (i, a) in lay.bubbles.iter().enumerate() {
            for b in &lay.bubbles[i + 1..] {
                proptest::prop_assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
            }
            for (q, r) in &lay.quadrant_labels {
                proptest::prop_assert!(!a.label.intersects(r), "{} / {}", a.name, q);
            }
        }
    }
}
