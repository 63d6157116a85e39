//! Figures laid out for the page (issue 22): the model, the matrix and the
//! flow map at 85 mm (one column), 120 mm and 170 mm (the whole page), for
//! the example, a template whose stage names have 70 characters, and nine
//! stages at one point, each with its legend in the figure and in a
//! caption. Read back from the SVG, with every text's box from the
//! embedded font's metrics: no text leaves the canvas, no two texts
//! overlap, no word is split or cut, no text is under 7 pt at the printed
//! width, the figure keeps to its height (1.5 times its width with the
//! legend, 1.2 with it in the caption), and with the caption the plot is
//! at least 70% of the figure.

use std::collections::BTreeSet;

use loopshop::analysis::{Aggregate, CellStats, RoundChoice, RoundSelection};
use loopshop::domain::{Session, Template};
use loopshop::export::svg_text::{Anchor, FigureOptions, Label, Legend, PT_PER_MM, Rect};
use loopshop::export::{svg_flow, svg_matrix, svg_model};
use loopshop::synthetic::example_session;
use quick_xml::Reader;
use quick_xml::events::Event;

/// What the test reads back from one figure.
pub(crate) struct Read {
    /// The viewBox, in the figure's units (points).
    pub(crate) canvas: Rect,
    /// Printed points per unit: the width attribute over the viewBox's.
    scale: f64,
    pub(crate) texts: Vec<(String, Label)>,
    /// The rectangle the figure marks as its plot.
    plot: Option<Rect>,
}

fn attr_f64(v: &[u8]) -> f64 {
    String::from_utf8_lossy(v).parse().unwrap_or(f64::NAN)
}

/// Every `<text>` with its class, font size and anchor; the canvas; the
/// plot area.
#[expect(clippy::too_many_lines, reason = "one walk over the XML's events")]
pub(crate) fn read(svg: &str) -> Read {
    let mut reader = Reader::from_str(svg);
    let mut out = Read {
        canvas: Rect::default(),
        scale: 0.0,
        texts: Vec::new(),
        plot: None,
    };
    let mut open: Option<(String, Label)> = None;
    let mut depth = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"svg" => {
                depth += 1;
                if depth > 1 {
                    continue;
                }
                let mut width_mm = 0.0;
                for a in e.attributes().flatten() {
                    match a.key.as_ref() {
                        b"viewBox" => {
                            let v: Vec<f64> = String::from_utf8_lossy(&a.value)
                                .split_whitespace()
                                .filter_map(|x| x.parse().ok())
                                .collect();
                            out.canvas = Rect {
                                x: v[0],
                                y: v[1],
                                w: v[2],
                                h: v[3],
                            };
                        }
                        b"width" => {
                            width_mm = String::from_utf8_lossy(&a.value)
                                .trim_end_matches("mm")
                                .parse()
                                .unwrap_or(0.0);
                        }
                        _ => {}
                    }
                }
                out.scale = width_mm * PT_PER_MM / out.canvas.w;
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == b"rect" => {
                let attrs: Vec<(Vec<u8>, Vec<u8>)> = e
                    .attributes()
                    .flatten()
                    .map(|a| (a.key.as_ref().to_vec(), a.value.to_vec()))
                    .collect();
                let get = |k: &[u8]| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                if get(b"class").is_some_and(|c| c == b"plot-area") {
                    out.plot = Some(Rect {
                        x: attr_f64(&get(b"x").unwrap_or_default()),
                        y: attr_f64(&get(b"y").unwrap_or_default()),
                        w: attr_f64(&get(b"width").unwrap_or_default()),
                        h: attr_f64(&get(b"height").unwrap_or_default()),
                    });
                }
            }
            Ok(Event::Start(e)) if e.name().as_ref() == b"text" => {
                let mut l = Label::new("", 0.0, 0.0, 0.0);
                let mut class = String::new();
                for a in e.attributes().flatten() {
                    let v = String::from_utf8_lossy(&a.value).into_owned();
                    match a.key.as_ref() {
                        b"x" => l.x = v.parse().unwrap_or(f64::NAN),
                        b"y" => l.y = v.parse().unwrap_or(f64::NAN),
                        b"font-size" => l.size = v.parse().unwrap_or(0.0),
                        b"font-weight" => l.bold = v == "bold",
                        b"class" => class = v,
                        b"text-anchor" => {
                            l.anchor = if v == "middle" {
                                Anchor::Middle
                            } else {
                                Anchor::End
                            };
                        }
                        b"transform" => l.vertical = v.starts_with("rotate(-90"),
                        _ => {}
                    }
                }
                open = Some((class, l));
            }
            Ok(Event::Text(t)) => {
                if let Some((_, l)) = open.as_mut() {
                    l.text.push_str(
                        &t.decode()
                            .map(std::borrow::Cow::into_owned)
                            .unwrap_or_default(),
                    );
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some((_, l)) = open.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        l.text.push(c);
                    } else {
                        let name = r
                            .decode()
                            .map(std::borrow::Cow::into_owned)
                            .unwrap_or_default();
                        l.text.push_str(match name.as_str() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            _ => "'",
                        });
                    }
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"text" => {
                if let Some(t) = open.take() {
                    out.texts.push(t);
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"svg" => depth -= 1,
            Ok(Event::Eof) => break,
            Err(e) => panic!("not XML: {e}"),
            _ => {}
        }
    }
    out
}

/// The words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Every word a figure may print: the template's and session's own, and
/// the catalogue's. A word split or cut ("digitalizatio n", "cir…")
/// leaves pieces that are none of them.
fn vocabulary(t: &Template, s: &Session, subtitle: &str) -> BTreeSet<String> {
    let mut v = BTreeSet::new();
    let mut add = |text: &str| v.extend(words(text));
    add(include_str!("../../assets/i18n/en.ftl"));
    add(subtitle);
    add(&s.title);
    for st in &t.stages {
        add(&st.name);
    }
    for d in &t.dimensions {
        add(&d.name);
        add(&d.anchors.low);
        add(&d.anchors.high);
        for b in &d.bands {
            add(&b.name);
        }
    }
    for n in &t.flow_nodes {
        add(&n.name);
    }
    for f in &s.flows {
        for m in &f.materials {
            add(m);
        }
    }
    if let Some(q) = &t.model.quadrants {
        for w in [&q.top_left, &q.top_right, &q.bottom_left, &q.bottom_right] {
            add(w);
        }
    }
    v
}

/// A word of the vocabulary, a number, or a single letter (the keys'
/// letters: dimension A, kind F); a piece of a split or cut word is none.
fn known(vocabulary: &BTreeSet<String>, w: &str) -> bool {
    vocabulary.contains(w) || w.chars().all(|c| c.is_ascii_digit()) || w.chars().count() == 1
}

/// The example's template with every stage name 70 characters of real
/// words (no word of them longer than "concentration").
fn seventy_character_names() -> Template {
    let mut t = example_session().template;
    let words = [
        "Extraction",
        "and",
        "concentration",
        "of",
        "primary",
        "raw",
        "materials",
        "from",
        "ore",
        "deposits",
        "across",
        "the",
        "regional",
        "value",
        "chain",
        "for",
        "batteries",
        "in",
        "Europe",
    ];
    for (i, st) in t.stages.iter_mut().enumerate() {
        // Words from a different start for each stage, then padded with
        // short words to exactly 70 characters.
        let mut name = format!("Stage {}", i + 1);
        let mut k = i * 3;
        loop {
            let next = words[k % words.len()];
            if name.len() + 1 + next.len() > 70 {
                break;
            }
            name.push(' ');
            name.push_str(next);
            k += 1;
        }
        let fill = ["of", "a", "to", "in"];
        let mut j = 0;
        while name.len() < 70 {
            let w = fill
                .iter()
                .copied()
                .cycle()
                .skip(j)
                .take(fill.len())
                .find(|w| name.len() + 1 + w.len() <= 70);
            match w {
                Some(w) => {
                    name.push(' ');
                    name.push_str(w);
                }
                None => name.push('s'),
            }
            j += 1;
        }
        assert_eq!(name.chars().count(), 70, "{name}");
        st.name = name;
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

/// The most a figure's height may be, as a share of its width (issue 22):
/// 1.2 with the legend in the caption, 1.5 with it in the figure.
fn height_limit(legend: Legend) -> f64 {
    match legend {
        Legend::Caption => 1.2,
        _ => 1.5,
    }
}

/// Every check on one figure; returns its height over its width.
fn check(
    name: &str,
    svg: &str,
    vocabulary: &BTreeSet<String>,
    width_mm: f64,
    legend: Legend,
) -> f64 {
    let r = read(svg);
    // Printed at the width asked for.
    assert!(
        (r.canvas.w * r.scale - width_mm * PT_PER_MM).abs() < 0.1,
        "{name}: {} pt printed, {width_mm} mm asked",
        r.canvas.w * r.scale
    );
    assert!(r.texts.len() > 5, "{name}: {} texts", r.texts.len());
    let shown: Vec<&(String, Label)> = r
        .texts
        .iter()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .collect();
    for (class, l) in &shown {
        let b = l.bbox();
        assert!(
            b.inside(&r.canvas),
            "{name}: {class} {:?} leaves the canvas: {b:?} / {:?}",
            l.text,
            r.canvas
        );
        assert!(
            l.size * r.scale >= 7.0 - 1e-3,
            "{name}: {class} {:?} is {} pt",
            l.text,
            l.size * r.scale
        );
        // An ellipsis right after a letter is a cut ("cir…"); one between
        // spaces is a range ("1 low … 5 high").
        let cut = l.text.char_indices().any(|(i, c)| {
            c == '\u{2026}'
                && l.text[..i]
                    .chars()
                    .last()
                    .is_some_and(char::is_alphanumeric)
        });
        assert!(!cut, "{name}: {class} {:?} is cut", l.text);
        for w in words(&l.text) {
            assert!(
                known(vocabulary, &w),
                "{name}: {class} {:?}: {w:?} is no whole word",
                l.text
            );
        }
    }
    for (i, (ca, a)) in shown.iter().enumerate() {
        for (cb, b) in &shown[i + 1..] {
            assert!(
                !a.bbox().intersects(&b.bbox()),
                "{name}: {ca} {:?} {:?} overlaps {cb} {:?} {:?}",
                a.text,
                a.bbox(),
                b.text,
                b.bbox()
            );
        }
    }
    let plot = r.plot.unwrap_or_else(|| panic!("{name}: no plot area"));
    assert!(plot.inside(&r.canvas), "{name}: the plot leaves the canvas");
    if legend == Legend::Caption {
        let share = plot.w * plot.h / (r.canvas.w * r.canvas.h);
        assert!(
            share >= 0.70,
            "{name}: the plot is {:.0}% of the figure",
            share * 100.0
        );
    }
    r.canvas.h / r.canvas.w
}

#[test]
fn figures_fit_one_column_two_columns_and_the_page() {
    let s = example_session();
    let agg = Aggregate::new(&s);
    let cells = RoundSelection::of_session(&s, &agg, RoundChoice::Latest).cells(&agg, &s.template);
    let long = seventy_character_names();
    let subtitle =
        "LIB circular value chain workshop (synthetic example) \u{2014} round 1, 17 participants";
    let cases: [(&str, &Template, Vec<CellStats>); 3] = [
        ("example", &s.template, cells.clone()),
        ("70-character names", &long, cells),
        (
            "nine stages at one point",
            &s.template,
            one_point(&s.template),
        ),
    ];
    let mut checked = 0;
    let mut too_tall = Vec::new();
    let mut captions = std::collections::BTreeMap::new();
    for (case, t, c) in &cases {
        let vocabulary = vocabulary(t, &s, subtitle);
        for width_mm in [85.0, 120.0, 170.0] {
            for legend in [Legend::Figure, Legend::Caption] {
                let model = svg_model::render_drawn(
                    t,
                    &svg_model::points_from_cells(t, c),
                    &svg_model::ModelOptions {
                        width_mm,
                        legend,
                        subtitle: subtitle.to_owned(),
                        ..svg_model::ModelOptions::default()
                    },
                );
                let opts = FigureOptions {
                    width_mm,
                    legend,
                    subtitle: subtitle.to_owned(),
                    ..FigureOptions::default()
                };
                let matrix = svg_matrix::render_drawn(t, c, &opts);
                let flow = svg_flow::render_drawn(t, &s.flows, &opts);
                for (figure, drawn) in [("model", model), ("matrix", matrix), ("flow", flow)] {
                    let name = format!("{figure}, {case}, {width_mm} mm, {legend:?}");
                    let ratio = check(&name, &drawn.svg, &vocabulary, width_mm, legend);
                    let limit = height_limit(legend);
                    if ratio > limit + 1e-9 {
                        too_tall.push(format!("{name}: {ratio:.2} (at most {limit})"));
                    }
                    for w in words(&drawn.caption) {
                        assert!(known(&vocabulary, &w), "{name}: caption word {w:?}");
                    }
                    captions.insert(
                        (figure, *case, width_mm.to_bits(), legend.name()),
                        drawn.caption,
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 3 * 3 * 2 * 3);
    assert!(
        too_tall.is_empty(),
        "higher than allowed:\n{}",
        too_tall.join("\n")
    );
    // With the legend in the caption, the caption holds it; in the
    // figure, the caption holds only what left a figure too tall with it,
    // in the same words, and nothing leaves a figure that fits.
    for ((figure, case, width, legend), caption) in &captions {
        let name = format!("{figure}, {case}, {} mm", f64::from_bits(*width));
        match *legend {
            "caption" => assert!(!caption.is_empty(), "{name}: no caption"),
            _ => {
                let whole = &captions[&(*figure, *case, *width, "caption")];
                for paragraph in caption.lines() {
                    assert!(
                        whole.lines().any(|p| p == paragraph),
                        "{name}: {paragraph:?} is not in the caption of --legend caption"
                    );
                }
            }
        }
    }
    for figure in ["model", "matrix", "flow"] {
        let key = (figure, "example", 170.0_f64.to_bits(), "figure");
        assert_eq!(captions[&key], "", "{figure} at 170 mm moved words");
    }
    // At one column something had to leave the model: its notes first.
    let moved = &captions[&("model", "example", 85.0_f64.to_bits(), "figure")];
    assert!(moved.contains("Consensus: IQR"), "{moved}");
}

/// Below 60 mm and above 1000 mm the command line refuses the width with
/// the range (40 to 53 mm made the matrix panic); every width in between
/// renders.
#[test]
fn widths_out_of_range_are_refused_with_the_range() {
    let dir = crate::support::cli::tempdir();
    crate::support::cli::write_session(dir.path(), "example", &example_session());
    for w in ["40", "53", "59", "1001", "abc"] {
        let line = crate::support::cli::run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "svg-matrix",
                "--width-mm",
                w,
            ],
        )
        .user_error();
        assert!(line.contains("60 to 1000 mm"), "{w}: {line}");
    }
    for w in ["60", "85", "170", "1000"] {
        let run = crate::support::cli::run(
            dir.path(),
            &[
                "export",
                "example",
                "--format",
                "svg-matrix",
                "--width-mm",
                w,
            ],
        );
        assert_eq!(run.code, Some(0), "{w}: {}", run.stderr);
        assert!(run.stdout.contains(&format!(r#"width="{w}.00mm""#)), "{w}");
        // A one-column matrix cannot hold its notes within 1.5 widths: the
        // command says how to get them.
        let narrow = w == "60" || w == "85";
        assert_eq!(
            run.stderr,
            if narrow {
                format!(
                    "loopshop: at {w} mm the figure holds what fits 1.5 widths; give -o FILE for the rest of its legend in FILE.caption.txt, or a wider --width-mm\n"
                )
            } else {
                String::new()
            },
            "{w}"
        );
    }
}

/// With the legend in the figure, a figure that would be taller than 1.5
/// widths keeps what fits and writes the rest beside it (the notes first),
/// saying where; a figure that fits writes no caption.
#[test]
fn a_legend_too_tall_for_the_figure_goes_beside_it() {
    use crate::support::cli::{run, s, tempdir, write_session};
    let dir = tempdir();
    write_session(dir.path(), "example", &example_session());
    let file = dir.path().join("model.svg");
    let beside = dir.path().join("model.caption.txt");
    let told = run(
        dir.path(),
        &[
            "export",
            "example",
            "--format",
            "svg-model",
            "--width-mm",
            "85",
            "-o",
            s(&file),
        ],
    );
    assert_eq!(told.code, Some(0), "{}", told.stderr);
    assert!(
        told.stderr
            .contains("at 85 mm the figure holds what fits 1.5 widths")
            && told.stderr.contains(&beside.display().to_string()),
        "{}",
        told.stderr
    );
    let caption = std::fs::read_to_string(&beside).expect("caption");
    let svg = std::fs::read_to_string(&file).expect("figure");
    assert!(caption.contains("Consensus: IQR"), "{caption}");
    assert!(
        !svg.contains("Consensus: IQR"),
        "the notes are in the figure too"
    );
    for (drawn, captioned) in [
        (">Size: Carbon footprint<", "Size: Carbon footprint"),
        (">Stages<", "Stages: 1"),
    ] {
        assert!(svg.contains(drawn), "{drawn} left the figure");
        assert!(
            !caption.contains(captioned),
            "{captioned} is in the caption too"
        );
    }
    // Two columns hold it all: no caption, nothing said.
    std::fs::remove_file(&beside).expect("remove");
    run(
        dir.path(),
        &["export", "example", "--format", "svg-model", "-o", s(&file)],
    )
    .ok();
    assert!(!beside.exists(), "a caption for a figure that holds it all");
    assert!(
        std::fs::read_to_string(&file).is_ok_and(|svg| svg.contains("Consensus: IQR")),
        "the notes at 170 mm"
    );
}

/// `--legend caption` writes the legend, notes and key beside the figure
/// (`-o FILE` gives `FILE`'s name with `.caption.txt`; without `-o` it is
/// refused), each figure's caption into `--out-dir`, and the captions
/// into the HTML report; a session without flows has no flow figure.
#[test]
fn legend_caption_writes_the_caption_beside_the_figure() {
    use crate::support::cli::{run, s, tempdir, write_session};
    let dir = tempdir();
    write_session(dir.path(), "example", &example_session());
    let file = dir.path().join("model.svg");
    run(
        dir.path(),
        &[
            "export",
            "example",
            "--format",
            "svg-model",
            "--width-mm",
            "85",
            "--legend",
            "caption",
            "-o",
            s(&file),
        ],
    )
    .ok();
    let caption = std::fs::read_to_string(dir.path().join("model.caption.txt")).expect("caption");
    let svg = std::fs::read_to_string(&file).expect("figure");
    for words in [
        "Conceptual model.",
        "Size: Carbon footprint",
        "Consensus: IQR",
        "Stages: 1 Exploration",
    ] {
        assert!(caption.contains(words), "{words}: {caption}");
        assert!(!svg.contains(words), "{words} is in the figure too");
    }
    let refused = run(
        dir.path(),
        &[
            "export",
            "example",
            "--format",
            "svg-model",
            "--legend",
            "caption",
        ],
    )
    .user_error();
    assert!(refused.contains("-o FILE"), "{refused}");
    let out = dir.path().join("out");
    let listed = run(
        dir.path(),
        &[
            "export",
            "example",
            "--out-dir",
            s(&out),
            "--legend",
            "caption",
        ],
    )
    .ok()
    .stdout;
    for figure in ["model", "matrix", "flow"] {
        let path = out.join(format!("example.{figure}.caption.txt"));
        assert!(listed.contains(&path.display().to_string()), "{listed}");
        assert!(
            std::fs::read_to_string(&path).is_ok_and(|t| t.len() > 50),
            "{figure}"
        );
    }
    let html = std::fs::read_to_string(out.join("example.html")).expect("html");
    assert_eq!(
        html.matches("<figcaption>").count(),
        3,
        "one caption per figure"
    );

    // No flows: no flow figure anywhere, and asking for one is refused.
    let mut quiet = example_session();
    quiet.flows.clear();
    write_session(dir.path(), "quiet", &quiet);
    let listed = run(dir.path(), &["export", "quiet", "--out-dir", s(&out)])
        .ok()
        .stdout;
    assert!(!listed.contains("flow"), "{listed}");
    assert!(listed.contains("quiet.model.svg"), "{listed}");
    let refused = run(dir.path(), &["export", "quiet", "--format", "svg-flow"]).user_error();
    assert!(refused.contains("no flows"), "{refused}");
}
