//! Reports a journal accepts: pools read each session in its own rounds,
//! figures keep their text apart and on the canvas whatever the names,
//! PNG and PDF open with their text drawn, and `--by role` is the overall
//! computation on each role's ratings.

use std::collections::HashMap;

use crate::support::cli::{run, s, tempdir, write_session};
use loopshop::analysis::groups::{by_role, group_of, subset};
use loopshop::analysis::{Aggregate, CellStats, RoundChoice, RoundSelection};
use loopshop::domain::{Change, EnteredBy, Round, Score, Session, Template};
use loopshop::export::svg_model::{ModelOptions, points_from_cells, render_points};
use loopshop::export::svg_text::Rect;
use loopshop::export::{font, raster, svg_matrix};
use loopshop::synthetic::{epoch, example_session, synthetic_session};

/// Workshop A: the example with a second round in which 6 of its experts
/// re-rate every cell of two dimensions.
pub(crate) fn workshop_a() -> Session {
    let mut a = example_session();
    a.title = "Workshop A".into();
    a.apply(&Change::StartRound(Round {
        number: 2,
        started: epoch(),
        blind: false,
        revealed: false,
        absent: Vec::new(),
    }))
    .expect("round 2");
    let people: Vec<String> = a
        .participants
        .iter()
        .take(6)
        .map(|p| p.id.clone())
        .collect();
    let stages: Vec<String> = a.template.stages.iter().map(|s| s.id.clone()).collect();
    for dim in ["maturity", "circularity_impact"] {
        for (i, p) in people.iter().enumerate() {
            for st in &stages {
                a.apply(&Change::SetRating {
                    participant: p.clone(),
                    round: 2,
                    stage: st.clone(),
                    dimension: dim.into(),
                    score: Score::Value(u8::try_from(1 + i % 5).unwrap_or(1)),
                    comment: None,
                    at: epoch(),
                    entered_by: EnteredBy::Facilitator,
                })
                .expect("rating");
            }
        }
    }
    a
}

pub(crate) fn workshop_b() -> Session {
    let mut b = synthetic_session("Workshop B", 12, 21);
    for p in &mut b.participants {
        p.alias = format!("B {}", p.alias);
    }
    b
}

/// n of every cell of `session` in `round`.
fn ns(session: &Session, round: u32) -> HashMap<(String, String), usize> {
    let agg = Aggregate::new(session);
    let t = &session.template;
    let mut out = HashMap::new();
    for st in &t.stages {
        for d in &t.dimensions {
            out.insert(
                (st.id.clone(), d.id.clone()),
                agg.cell(t, round, &st.id, &d.id).n,
            );
        }
    }
    out
}

fn selected_cells(json: &str) -> Vec<(String, String, usize)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    v["selected"]["cells"]
        .as_array()
        .expect("selected cells")
        .iter()
        .map(|c| {
            (
                c["stage"].as_str().unwrap_or("").to_owned(),
                c["dimension"].as_str().unwrap_or("").to_owned(),
                usize::try_from(c["n"].as_u64().unwrap_or(0)).unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_pool_reads_each_session_in_its_own_latest_round() {
    let dir = tempdir();
    let (a, b) = (workshop_a(), workshop_b());
    write_session(dir.path(), "a", &a);
    write_session(dir.path(), "b", &b);
    let (a1, a2, b1) = (ns(&a, 1), ns(&a, 2), ns(&b, 1));
    let json = run(dir.path(), &["export", "a", "b", "--format", "json"])
        .ok()
        .stdout;
    let cells = selected_cells(&json);
    assert_eq!(cells.len(), 9 * 5);
    for (stage, dim, n) in &cells {
        let key = (stage.clone(), dim.clone());
        // A's latest round for the dimension: round 2 where re-rated.
        let from_a = if a2[&key] > 0 { a2[&key] } else { a1[&key] };
        assert_eq!(*n, from_a + b1[&key], "{stage} {dim}");
    }
    // The subtitle names both sessions and their rounds.
    let pooled = "Workshop A: round 2 (Impact on circularity, Technological maturity); round 1 (others), 17 participants + Workshop B: round 1, 12 participants";
    let md = run(dir.path(), &["export", "a", "b", "--format", "md"])
        .ok()
        .stdout;
    assert!(md.contains(&format!("Statistics below: {pooled}")), "{md}");
    let svg = run(dir.path(), &["export", "a", "b", "--format", "svg-model"])
        .ok()
        .stdout;
    let (_, boxes) = text_boxes(&svg);
    let subtitle: Vec<&str> = boxes
        .iter()
        .filter(|(c, _, _)| c == "subtitle")
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert_eq!(subtitle.join(" "), format!("Pooled: {pooled}"));
    // --round 1 pools both round 1s.
    let json = run(
        dir.path(),
        &["export", "a", "b", "--format", "json", "--round", "1"],
    )
    .ok()
    .stdout;
    for (stage, dim, n) in selected_cells(&json) {
        let key = (stage.clone(), dim.clone());
        assert_eq!(n, a1[&key] + b1[&key], "{stage} {dim}");
    }
    // The pooled tidy CSV names each row's own session.
    let csv = run(dir.path(), &["export", "a", "b", "--format", "csv"])
        .ok()
        .stdout;
    let sessions: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(sessions, ["Workshop A", "Workshop B"].into_iter().collect());
    // --out-dir names the pool after both, and another pool does not
    // write over it.
    let out = dir.path().join("out");
    run(
        dir.path(),
        &["export", "a", "b", "--format", "md", "--out-dir", s(&out)],
    )
    .ok();
    run(
        dir.path(),
        &["export", "b", "a", "--format", "md", "--out-dir", s(&out)],
    )
    .ok();
    assert!(out.join("a+b.md").is_file() && out.join("b+a.md").is_file());
}

/// The rows of a summary CSV by column name.
fn summary_rows(csv: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let head: Vec<String> = r
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a row");
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The dimensions workshop A re-rated in round 2.
const RERATED: [&str; 2] = ["maturity", "circularity_impact"];

/// Workshops A (two rounds) and B (one) written as `a` and `b`.
fn two_workshops() -> (tempfile::TempDir, Session, Session) {
    let dir = tempdir();
    let (a, b) = (workshop_a(), workshop_b());
    write_session(dir.path(), "a", &a);
    write_session(dir.path(), "b", &b);
    (dir, a, b)
}

/// A pool of a two-round and a one-round session: the summary CSV holds
/// what the figures read (A's round 2 where re-rated, else round 1, plus
/// B's round 1) and says so; `--all-rounds` lists every round.
#[test]
fn the_summary_csv_holds_the_selection_the_figures_read() {
    let (dir, a, b) = two_workshops();
    let (a1, a2, b1) = (ns(&a, 1), ns(&a, 2), ns(&b, 1));
    let rerated = RERATED;

    let csv = run(dir.path(), &["export", "a", "b", "--format", "summary-csv"])
        .ok()
        .stdout;
    let rows = summary_rows(&csv);
    assert_eq!(rows.len(), 45, "one row per cell");
    for row in &rows {
        let key = (row["stage"].clone(), row["dimension"].clone());
        let again = rerated.contains(&key.1.as_str());
        let from_a = if again { a2[&key] } else { a1[&key] };
        assert_eq!(row["n"], (from_a + b1[&key]).to_string(), "{key:?}");
        if again {
            assert_eq!(row["rounds"], "Workshop A r2 + Workshop B r1");
            assert_eq!(row["round"], "", "no one round for a mix");
        } else {
            assert_eq!(row["rounds"], "Workshop A r1 + Workshop B r1");
            assert_eq!(row["round"], "1");
        }
        assert_eq!(row["group"], "all");
    }
    // The same as the selected cells of the JSON, and the figures' n.
    let json = run(dir.path(), &["export", "a", "b", "--format", "json"])
        .ok()
        .stdout;
    let from_json: Vec<(String, String, usize)> = selected_cells(&json);
    let from_csv: Vec<(String, String, usize)> = rows
        .iter()
        .map(|r| {
            (
                r["stage"].clone(),
                r["dimension"].clone(),
                r["n"].parse().unwrap_or(usize::MAX),
            )
        })
        .collect();
    assert_eq!(from_csv, from_json);

    // Every round, pooled by round number, each row saying whose.
    let all = run(
        dir.path(),
        &[
            "export",
            "a",
            "b",
            "--format",
            "summary-csv",
            "--all-rounds",
        ],
    )
    .ok()
    .stdout;
    let all = summary_rows(&all);
    assert_eq!(all.len(), 2 * 45);
    for row in &all {
        let key = (row["stage"].clone(), row["dimension"].clone());
        match row["round"].as_str() {
            "1" => {
                assert_eq!(row["n"], (a1[&key] + b1[&key]).to_string(), "{key:?}");
                assert_eq!(row["rounds"], "Workshop A r1 + Workshop B r1");
            }
            "2" => {
                assert_eq!(row["n"], a2[&key].to_string(), "{key:?}");
                let want = if rerated.contains(&key.1.as_str()) {
                    "Workshop A r2"
                } else {
                    ""
                };
                assert_eq!(row["rounds"], want, "{key:?}");
            }
            other => panic!("round {other}"),
        }
    }
}

/// `--round 1` gives round 1 only, in the summary and the tidy CSV;
/// `--round 2`, which B lacks, is refused naming B.
#[test]
fn round_n_is_exactly_round_n_or_refused_naming_the_session_without_it() {
    let (dir, a, b) = two_workshops();
    let (a1, b1) = (ns(&a, 1), ns(&b, 1));
    let one = run(
        dir.path(),
        &[
            "export",
            "a",
            "b",
            "--format",
            "summary-csv",
            "--round",
            "1",
        ],
    )
    .ok()
    .stdout;
    let one = summary_rows(&one);
    assert_eq!(one.len(), 45);
    for row in &one {
        let key = (row["stage"].clone(), row["dimension"].clone());
        assert_eq!(row["round"], "1");
        assert_eq!(row["n"], (a1[&key] + b1[&key]).to_string());
    }
    let tidy_rounds = |args: &[&str]| -> std::collections::BTreeSet<String> {
        let out = run(dir.path(), args).ok().stdout;
        summary_rows(&out)
            .into_iter()
            .map(|r| r["round"].clone())
            .collect()
    };
    assert_eq!(
        tidy_rounds(&["export", "a", "--format", "csv"]),
        ["1", "2"].map(str::to_owned).into_iter().collect()
    );
    assert_eq!(
        tidy_rounds(&["export", "a", "--format", "csv", "--round", "1"]),
        ["1"].map(str::to_owned).into_iter().collect()
    );
    let single = summary_rows(
        &run(
            dir.path(),
            &["export", "a", "--format", "summary-csv", "--round", "2"],
        )
        .ok()
        .stdout,
    );
    assert!(single.iter().all(|r| r["round"] == "2" || r["n"] == "0"));

    // --round 2 on the pool: B has no round 2, as B alone would be refused.
    let refused = run(
        dir.path(),
        &[
            "export",
            "a",
            "b",
            "--format",
            "summary-csv",
            "--round",
            "2",
        ],
    )
    .user_error();
    assert_eq!(
        refused,
        "loopshop: --round 2: 'Workshop B' has no round 2 (its rounds: 1)"
    );
    let alone = run(
        dir.path(),
        &["export", "b", "--format", "md", "--round", "2"],
    )
    .user_error();
    assert!(alone.contains("no round 2"), "{alone}");
    let shown = run(dir.path(), &["show", "a", "b", "--round", "2"]).user_error();
    assert!(shown.contains("'Workshop B' has no round 2"), "{shown}");
}

/// The JSON names what was asked and each session's round per dimension,
/// and keeps each session's changes between rounds its own.
#[test]
fn the_json_names_each_sessions_round_per_dimension() {
    let (dir, _, _) = two_workshops();
    let rerated = RERATED;
    let json = run(dir.path(), &["export", "a", "b", "--format", "json"])
        .ok()
        .stdout;
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let selected = &v["selected"];
    assert_eq!(selected["choice"], "Latest", "no Exactly for a mixed pool");
    let sessions = selected["sessions"].as_array().expect("per session");
    assert_eq!(sessions.len(), 2);
    for (s, name) in sessions.iter().zip(["Workshop A", "Workshop B"]) {
        assert_eq!(s["session"], name);
        for pair in s["rounds"].as_array().expect("rounds") {
            let dim = pair[0].as_str().unwrap_or("");
            let want = if name == "Workshop A" && rerated.contains(&dim) {
                2
            } else {
                1
            };
            assert_eq!(pair[1], want, "{name} {dim}");
        }
    }
    for c in selected["cells"].as_array().expect("cells") {
        let again = rerated.contains(&c["dimension"].as_str().unwrap_or(""));
        assert_eq!(c["round"].is_null(), again, "{c}");
        assert!(c["rounds"].as_str().is_some_and(|r| r.contains(" + ")));
    }
    // Each session's changes between rounds are its own.
    let parts = v["pooled"].as_array().expect("pooled");
    assert_eq!(parts[0]["round_changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(parts[1]["round_changes"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["round_changes"].as_array().map(Vec::len), Some(0));
}

/// The report of that pool counts the ratings it reads, and compares
/// rounds within each session, titled with it.
#[test]
fn a_pooled_report_counts_what_it_reads_and_compares_rounds_per_session() {
    let (dir, a, b) = two_workshops();
    let json = run(dir.path(), &["export", "a", "b", "--format", "json"])
        .ok()
        .stdout;
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let read: u64 = v["selected"]["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| c["n"].as_u64().unwrap_or(0) + c["dont_know"].as_u64().unwrap_or(0))
        .sum();
    // A's round 1 ratings of the two re-rated dimensions are not read.
    assert!(read < u64::try_from(a.rating_count() + b.rating_count()).unwrap_or(0));
    let md = run(dir.path(), &["export", "a", "b", "--format", "md"])
        .ok()
        .stdout;
    let people = a.participants.len() + b.participants.len();
    assert!(
        md.contains(&format!(
            "Ratings read: {read} ({:.0}% of {people} participants × 45 cells",
            read as f64 / (people * 45) as f64 * 100.0
        )),
        "{md}"
    );
    let stability: String = md
        .split("## Stability between rounds")
        .nth(1)
        .and_then(|t| t.split("\n## ").next())
        .expect("the stability section")
        .to_owned();
    assert!(
        stability.contains("### Workshop A: round 1 to round 2"),
        "{stability}"
    );
    assert!(
        stability.contains("Workshop B: only one round has ratings"),
        "{stability}"
    );
    assert_eq!(stability.matches("### ").count(), 1, "{stability}");
    // A's comparison is A's alone, W tables included: never B's round 1
    // beside A's round 2.
    let alone = run(dir.path(), &["export", "a", "--format", "md"])
        .ok()
        .stdout;
    let alone: String = alone
        .split("## Stability between rounds")
        .nth(1)
        .and_then(|t| t.split("\n## ").next())
        .expect("A's stability section")
        .replace(
            "### Round 1 to round 2",
            "### Workshop A: round 1 to round 2",
        );
    assert!(
        stability.starts_with(alone.trim_end()),
        "{stability}\n---\n{alone}"
    );
}

#[test]
fn equal_titles_are_told_apart_by_file_name() {
    let dir = tempdir();
    let mut b = workshop_b();
    b.title = "Workshop A".into();
    write_session(dir.path(), "a", &workshop_a());
    write_session(dir.path(), "b", &b);
    let csv = run(dir.path(), &["export", "a", "b", "--format", "csv"])
        .ok()
        .stdout;
    assert!(
        csv.contains("\na.ron,") && csv.contains("\nb.ron,"),
        "{}",
        &csv[..300]
    );
}

/// A template with 80-character stage names and 60-character dimension names.
fn long_names() -> Template {
    let mut t = example_session().template;
    for (i, st) in t.stages.iter_mut().enumerate() {
        st.name = format!("Stage {i} with a very long descriptive name that goes on and on ab{i}");
        st.name.truncate(80);
        while st.name.chars().count() < 80 {
            st.name.push('x');
        }
    }
    for (i, d) in t.dimensions.iter_mut().enumerate() {
        d.name = format!("Dimension {i} whose name is long enough to wrap badly {i}");
        while d.name.chars().count() < 60 {
            d.name.push('y');
        }
    }
    t
}

/// Cells putting every stage at one point (3, 3), size 5.
fn one_point(t: &Template) -> Vec<CellStats> {
    let mut out = Vec::new();
    for st in &t.stages {
        for d in &t.dimensions {
            out.push(CellStats {
                stage: st.id.clone(),
                dimension: d.id.clone(),
                round: 1,
                n: 12,
                median: Some(if d.id == t.model.size { 5.0 } else { 3.0 }),
                q1: Some(2.0),
                q3: Some(4.0),
                iqr: Some(2.0),
                agreement: Some(0.5),
                level: Some("medium".into()),
                consensus: false,
                ..CellStats::default()
            });
        }
    }
    out
}

/// Every `<text>` of an SVG as the box it covers (from the embedded font's
/// metrics), and the canvas: the layout test's reading of a figure.
fn text_boxes(svg: &str) -> (Rect, Vec<(String, String, Rect)>) {
    let read = crate::layout::read(svg);
    let boxes = read
        .texts
        .into_iter()
        .map(|(class, l)| {
            let b = l.bbox();
            (class, l.text, b)
        })
        .collect();
    (read.canvas, boxes)
}

/// No text leaves the canvas, and no two texts overlap (axis titles
/// included), with a safety margin of `m` points around each.
fn assert_texts_apart(svg: &str, m: f64) {
    let (canvas, boxes) = text_boxes(svg);
    assert!(canvas.w > 0.0 && boxes.len() > 20);
    let grow = |r: &Rect| Rect {
        x: r.x - m,
        y: r.y - m,
        w: r.w + 2.0 * m,
        h: r.h + 2.0 * m,
    };
    for (class, text, r) in &boxes {
        if text.trim().is_empty() {
            continue;
        }
        assert!(
            r.inside(&canvas),
            "{class} {text:?} leaves the canvas: {r:?} / {canvas:?}"
        );
    }
    for (i, (ca, ta, a)) in boxes.iter().enumerate() {
        for (cb, tb, b) in &boxes[i + 1..] {
            if ta.trim().is_empty() || tb.trim().is_empty() {
                continue;
            }
            assert!(
                !grow(a).intersects(b),
                "{ca} {ta:?} {a:?} overlaps {cb} {tb:?} {b:?}"
            );
        }
    }
}

#[test]
fn long_names_and_nine_stages_at_one_point_keep_every_text_apart() {
    let t = long_names();
    let cells = one_point(&t);
    let model = render_points(
        &t,
        &points_from_cells(&t, &cells),
        &ModelOptions {
            subtitle: "A very long subtitle ".repeat(8),
            ..ModelOptions::default()
        },
    );
    assert_texts_apart(&model, 0.3);
    // The names are in the key; the plot holds numbers.
    let (_, boxes) = text_boxes(&model);
    assert!(
        boxes
            .iter()
            .any(|(c, t, _)| c == "key" && t.starts_with("Stage 0 with"))
    );
    assert_eq!(boxes.iter().filter(|(c, _, _)| c == "stage").count(), 9);
    let matrix = svg_matrix::render_figure(
        &t,
        &cells,
        &loopshop::export::svg_text::FigureOptions {
            subtitle: "x".into(),
            ..loopshop::export::svg_text::FigureOptions::default()
        },
    );
    assert_texts_apart(&matrix, 0.3);
    // Narrower and wider pages hold too.
    for width_mm in [90.0, 250.0] {
        let model = render_points(
            &t,
            &points_from_cells(&t, &cells),
            &ModelOptions {
                width_mm,
                ..ModelOptions::default()
            },
        );
        assert_texts_apart(&model, 0.3);
    }
}

#[test]
fn the_example_figures_keep_every_text_apart_and_at_least_7_pt() {
    let s = example_session();
    for fig in ["svg-model", "svg-matrix", "svg-flow"] {
        let svg = String::from_utf8(
            loopshop::export::render_bytes(
                match fig {
                    "svg-model" => loopshop::export::Format::SvgModel,
                    "svg-matrix" => loopshop::export::Format::SvgMatrix,
                    _ => loopshop::export::Format::SvgFlow,
                },
                loopshop::export::Subject::one(&s),
                &loopshop::export::Options::default(),
            )
            .expect("renders"),
        )
        .expect("text");
        if fig != "svg-flow" {
            assert_texts_apart(&svg, 0.3);
        }
        // 170 mm wide, and no text under 7 pt at that width.
        assert!(svg.contains(r#"width="170.00mm""#), "{fig}");
        let (_, boxes) = text_boxes(&svg);
        for (class, text, r) in &boxes {
            assert!(
                r.h >= 7.0 * 1.17 - 1e-6 || r.w >= 7.0 * 1.17 - 1e-6,
                "{fig} {class} {text:?} is small"
            );
        }
    }
}

#[test]
fn png_and_pdf_open_at_their_size_with_their_text_drawn() {
    let dir = tempdir();
    write_session(dir.path(), "example", &example_session());
    for (figure, dpi) in [("model", 150u32), ("matrix", 300), ("flow", 96)] {
        let file = dir.path().join(format!("{figure}.png"));
        run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "png",
                "--figure",
                figure,
                "--dpi",
                &dpi.to_string(),
                "-o",
                s(&file),
            ],
        )
        .ok();
        let png = std::fs::read(&file).expect("the PNG");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{figure}");
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let expected = 170.0 / 25.4 * f64::from(dpi);
        assert!(
            (f64::from(w) - expected).abs() <= 1.5,
            "{figure}: {w} px at {dpi} dpi"
        );
        assert!(raster::ink(&png).expect("decodes") > 0.01, "{figure}");
    }
    // Text is drawn with the embedded font, not dropped: a picture of
    // words alone has ink.
    let words = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="10mm" viewBox="0 0 170 28"><text x="4" y="20" font-size="18" font-family="{}">Stages by dimension</text></svg>"#,
        font::SVG_FAMILY
    );
    let png = raster::png(&words, 150).expect("renders");
    assert!(
        raster::ink(&png).expect("decodes") > 0.03,
        "the text was drawn"
    );
    // --format png needs a figure; --figure needs png or pdf.
    let r = run(dir.path(), &["export", "example", "--format", "png"]);
    assert_eq!(r.code, Some(1));
    assert!(r.user_error().contains("--figure"), "{}", r.stderr);
    let r = run(
        dir.path(),
        &["export", "example", "--format", "md", "--figure", "model"],
    );
    assert_eq!(r.code, Some(1));
    // The whole report as PDF, and one figure as PDF.
    let report = dir.path().join("report.pdf");
    run(
        dir.path(),
        &["export", "example", "--format", "pdf", "-o", s(&report)],
    )
    .ok();
    let pdf = std::fs::read(&report).expect("the PDF");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF-"));
    let pages: usize = text
        .split("/Count ")
        .nth(1)
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!((4..60).contains(&pages), "{pages} pages");
    assert!(
        text.contains("DejaVuSans") && text.contains("/FontFile2"),
        "the font is embedded"
    );
    let one = dir.path().join("model.pdf");
    run(
        dir.path(),
        &[
            "export",
            "example",
            "--format",
            "pdf",
            "--figure",
            "model",
            "-o",
            s(&one),
        ],
    )
    .ok();
    let pdf = std::fs::read(&one).expect("the PDF");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Count 1"));
    // 170 mm = 481.9 pt wide.
    assert!(
        text.contains("/MediaBox [0 0 481.8"),
        "{}",
        &text[..400.min(text.len())]
    );
    // --out-dir writes the PDF report and the three PNGs too.
    let out = dir.path().join("all");
    run(dir.path(), &["export", "example", "--out-dir", s(&out)]).ok();
    for ext in ["pdf", "model.png", "matrix.png", "flow.png", "flow.svg"] {
        assert!(out.join(format!("example.{ext}")).is_file(), "{ext}");
    }
}

mod by_role {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::support::proptest_config(12))]
        /// A role's statistics are the overall statistics of the session
        /// cut down to that role's participants, for any roles and ratings.
        #[test]
        fn each_role_is_the_overall_computation_on_its_subset(
            seed in 0u64..1000,
            people in 4usize..14,
            roles in proptest::collection::vec(0usize..3, 14),
            min_n in 1usize..5,
        ) {
            let mut s = synthetic_session("t", people, seed);
            let names = ["industry", "academia", " "];
            for (p, r) in s.participants.iter_mut().zip(&roles) {
                p.role = names[*r].to_owned();
            }
            let agg = Aggregate::new(&s);
            let sel = RoundSelection::of_session(&s, &agg, RoundChoice::Latest);
            let groups = by_role(&s, &sel, min_n);
            let total: usize = groups.iter().map(|g| g.participants).sum();
            prop_assert_eq!(total, s.participants.len());
            for g in &groups {
                let members: Vec<&str> = s
                    .participants
                    .iter()
                    .filter(|p| group_of(&p.role) == g.role)
                    .map(|p| p.id.as_str())
                    .collect();
                prop_assert_eq!(g.participants, members.len());
                prop_assert_eq!(g.too_few, members.len() < min_n);
                if g.too_few {
                    prop_assert!(g.cells.is_empty());
                    continue;
                }
                // Independently: the session with only these people.
                let mut only = s.clone();
                only.participants.retain(|p| members.contains(&p.id.as_str()));
                only.ratings.retain(|r| members.contains(&r.participant.as_str()));
                let a = Aggregate::new(&only);
                prop_assert_eq!(&g.cells, &sel.cells(&a, &only.template));
                prop_assert_eq!(&subset(&s, &g.role).ratings, &only.ratings);
                // And a median by hand for one cell.
                let c = &g.cells[0];
                let mut v: Vec<f64> = only
                    .ratings_iter()
                    .filter(|r| r.round == c.round && r.stage == c.stage && r.dimension == c.dimension)
                    .filter_map(|r| match r.score { Score::Value(x) => Some(f64::from(x)), Score::DontKnow => None })
                    .collect();
                v.sort_by(f64::total_cmp);
                let median = (!v.is_empty()).then(|| {
                    let h = (v.len() - 1) as f64 * 0.5;
                    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let lo = h.floor() as usize;
                    v[lo] + (h - h.floor()) * (v[(lo + 1).min(v.len() - 1)] - v[lo])
                });
                prop_assert_eq!(c.median, median);
            }
        }
    }

    #[test]
    fn by_role_reaches_show_summary_csv_and_the_reports() {
        let dir = tempdir();
        write_session(dir.path(), "example", &example_session());
        let shown = run(dir.path(), &["show", "example", "--by", "role"])
            .ok()
            .stdout;
        assert!(shown.contains("participants)"), "{shown}");
        let csv = run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "summary-csv",
                "--by",
                "role",
            ],
        )
        .ok()
        .stdout;
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.ends_with(",group,rounds"))
        );
        let group = |l: &str| l.split(',').nth(14).unwrap_or("").to_owned();
        let groups: std::collections::BTreeSet<String> = csv.lines().skip(1).map(group).collect();
        assert!(groups.contains("all") && groups.len() > 1, "{groups:?}");
        // A minimum above every role leaves only the overall rows.
        let csv = run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "summary-csv",
                "--by",
                "role",
                "--min-group-n",
                "100",
            ],
        )
        .ok()
        .stdout;
        assert!(csv.lines().skip(1).all(|l| group(l) == "all"));
        let md = run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "md",
                "--by",
                "role",
                "--min-group-n",
                "100",
            ],
        )
        .ok()
        .stdout;
        assert!(
            md.contains("## By role") && md.contains("Too few participants (fewer than 100)"),
            "{md}"
        );
    }
}

#[test]
fn the_stability_section_draws_each_re_rated_cell_from_one_round_to_the_next() {
    let a = workshop_a();
    let html = loopshop::export::html::render(&a);
    let start = html
        .find(r#"aria-labelledby="shift-title""#)
        .and_then(|i| html[..i].rfind("<svg"))
        .expect("the round-by-round figure in the HTML report");
    let end = start + html[start..].find("</svg>").expect("closed") + "</svg>".len();
    let svg = &html[start..end];
    assert!(svg.contains("Change between round 1 and round 2"), "{svg}");
    // Two dimensions re-rated at every stage: 18 cells, each with both
    // medians, in two panels.
    assert_eq!(svg.matches(r#"class="later""#).count(), 18);
    assert_eq!(svg.matches(r#"class="earlier""#).count(), 18);
    assert_eq!(svg.matches(r#"class="dimension""#).count(), 2);
    assert!(svg.contains("Impact on circularity") && svg.contains("Technological maturity"));
    assert_texts_apart(svg, 0.3);
    // Text for the journal: no figure in the Markdown, the table is there.
    let md = loopshop::export::md::render(&a);
    assert!(!md.contains("<svg"));
    assert!(md.contains("Round 1 to round 2"));
    // And it is a page of the PDF.
    let pdf = loopshop::export::pdf_report::render(
        loopshop::export::Subject::one(&a),
        &loopshop::export::Options::default(),
        &loopshop::export::report::ReportData::build(
            loopshop::export::Subject::one(&a),
            &loopshop::export::Options::default(),
        ),
    )
    .expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}
