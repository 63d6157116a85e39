//! The room's board as HTML: a full-screen page for the projector, read
//! from 10 m (no text under 28 px but the footer's, at most two panels),
//! from the engine's board projection, which has already left out what the
//! room may not see. The page, its style and its script are templates in
//! `assets/web` (`board.html`, `board_content.html`, `board.css`, `board.js`); this
//! module only puts the projection into words. The model is the exports'
//! own SVG figure, drawn narrow so that its text is large once scaled to
//! the screen; the matrix is a table in large type (the exports' figure,
//! scaled into half a screen, has text of 16 px); the flow map is
//! `export::svg_flow`.

use askama::Template;

use crate::analysis::CellStats;
use crate::engine::{
    BoardClock, BoardContent, BoardDistributions, BoardIdea, BoardView, StageAnswers,
};
use crate::export::join_cards::qr_svg;
use crate::export::svg_model::{ModelOptions, points_from_placements, render_points};
use crate::export::svg_text::{FigureOptions, Legend};
use crate::export::{svg_flow, svg_matrix};
use crate::i18n::Tr;

/// Ideas a page of the ranking holds; the page turns every 10 s (board.js).
pub const IDEAS_PER_PAGE: usize = 10;

/// The width the board's figures are drawn at: their text (7 pt at least)
/// is then about 30 px once the figure fills half the screen.
const FIGURE_WIDTH_MM: f64 = 60.0;

/// The flow map is high rather than wide: its text is as large at this
/// width, where the nodes have room for their names.
const FLOW_WIDTH_MM: f64 = 95.0;

#[derive(Template)]
#[template(path = "board.html")]
struct Page<'a> {
    lang: &'a str,
    title: String,
    key: &'a str,
    live: String,
    reconnecting: String,
    content: String,
}

#[derive(Template)]
#[template(path = "board_refused.html")]
struct Refused<'a> {
    lang: &'a str,
    title: String,
    heading: String,
    message: &'a str,
}

#[derive(Template)]
#[template(path = "board_content.html")]
struct Content {
    title: String,
    exercise: String,
    round_note: String,
    clock: Option<Clock>,
    /// `data-content` of `main`: what it shows.
    kind: &'static str,
    welcome: Option<Welcome>,
    message: Option<String>,
    distributions: Option<Distributions>,
    figures: Vec<Figure>,
    matrix: Option<Matrix>,
    ideas: Option<Ideas>,
    discussion: Option<Discussion>,
    footer: Footer,
}

struct Clock {
    left_seconds: i64,
    running: bool,
    time: String,
    word: String,
    left_word: String,
    over_word: String,
    paused_word: String,
}

struct Welcome {
    qr: String,
    open: String,
    url: String,
    type_code: String,
    code: String,
    card: String,
}

struct Distributions {
    dimension: String,
    heading: String,
    /// Why no stage's answers show (a blind round before the reveal).
    hidden: Option<String>,
    legend: Vec<LegendKey>,
    rows: Vec<Row>,
    progress_heading: String,
    tiles: Vec<Tile>,
}

struct LegendKey {
    class: String,
    label: String,
}

/// One stage's stacked bar.
struct Row {
    stage: String,
    name: String,
    /// Why its answers are not shown yet (fewer than the minimum).
    withheld: Option<String>,
    segments: Vec<Segment>,
    /// Where the median falls along the bar, in percent.
    median_at: Option<String>,
    median_text: String,
}

struct Segment {
    class: String,
    count: usize,
    /// Percent of the bar.
    width: String,
    /// The count, when the segment is wide enough to hold it.
    label: String,
}

struct Tile {
    stage: String,
    name: String,
    text: String,
    share: String,
}

struct Figure {
    id: &'static str,
    svg: String,
}

/// The matrix as a table: a row per stage, a column per dimension, each
/// cell its median coloured by level, ✓ on consensus.
struct Matrix {
    heading: String,
    dimensions: Vec<String>,
    rows: Vec<MatrixRow>,
    note: String,
}

struct MatrixRow {
    stage: String,
    cells: Vec<MatrixCell>,
}

struct MatrixCell {
    text: String,
    style: String,
}

struct Ideas {
    heading: String,
    /// "page 1 of 4", one per page.
    pages: Vec<String>,
    empty: Option<String>,
    items: Vec<IdeaLine>,
}

struct IdeaLine {
    page: usize,
    rank: usize,
    dots: String,
    text: String,
    stage: String,
}

struct Discussion {
    label: String,
    question: String,
}

struct Footer {
    live: String,
    join: String,
    url: String,
    code_label: String,
    code: String,
    card: String,
}

/// A template that cannot fail to render (its fields are plain text);
/// should it, the page says so rather than the server failing.
fn render(t: &impl Template) -> String {
    t.render()
        .unwrap_or_else(|e| format!("<p>the board could not be drawn: {e}</p>"))
}

/// The whole board page.
#[must_use]
pub fn board_page(view: &BoardView, key: &str, join_url: &str) -> String {
    let tr = Tr::new(&view.language);
    render(&Page {
        lang: tr.code(),
        title: tr.args("board-page-title", &[("title", (&view.title).into())]),
        key,
        live: tr.text("board-live"),
        reconnecting: tr.text("board-reconnecting"),
        content: board_content(view, join_url),
    })
}

/// A refusal, as a page (a wrong or missing key).
#[must_use]
pub fn refused_page(tr: Tr, message: &str) -> String {
    render(&Refused {
        lang: tr.code(),
        title: tr.text("board-refused-title"),
        heading: tr.text("board-heading"),
        message,
    })
}

/// What `#board` holds: the header, the main area and the join line.
#[must_use]
pub fn board_content(view: &BoardView, join_url: &str) -> String {
    let tr = Tr::new(&view.language);
    let round_note = match (view.blind, view.revealed) {
        (true, false) => tr.text("board-blind-hidden"),
        (true, true) => tr.text("board-blind-revealed"),
        _ => String::new(),
    };
    let mut content = Content {
        title: view.title.clone(),
        exercise: view
            .exercise
            .as_ref()
            .map_or_else(|| tr.text("board-waiting"), |e| e.title.clone()),
        round_note,
        clock: view.clock.map(|c| clock(tr, c)),
        kind: content_kind(&view.content),
        welcome: None,
        message: None,
        distributions: None,
        figures: Vec::new(),
        matrix: None,
        ideas: None,
        discussion: None,
        footer: Footer {
            live: tr.text("board-live"),
            join: tr.text("board-footer-join"),
            url: join_url.to_owned(),
            code_label: tr.text("board-footer-code"),
            code: view.join_code.clone(),
            card: tr.text("board-footer-card"),
        },
    };
    match &view.content {
        BoardContent::Welcome => content.welcome = Some(welcome(tr, view, join_url)),
        BoardContent::Progress => content.message = Some(tr.text("board-no-progress")),
        BoardContent::Distributions(d) => {
            content.distributions = Some(distributions(tr, view, d));
        }
        BoardContent::Group {
            cells,
            placements,
            model,
            matrix,
        } => {
            let subtitle = tr.args(
                "board-figure-subtitle",
                &[
                    ("title", (&view.title).into()),
                    ("participants", view.participants.into()),
                ],
            );
            if *model {
                let opts = ModelOptions {
                    tr,
                    subtitle: subtitle.clone(),
                    width_mm: FIGURE_WIDTH_MM,
                    legend: Legend::None,
                    ..ModelOptions::default()
                };
                let svg = render_points(&view.template, &points_from_placements(placements), &opts);
                content.figures.push(Figure { id: "model", svg });
            }
            if *matrix {
                content.matrix = Some(matrix_table(tr, view, cells));
            }
        }
        BoardContent::Ideas(ideas) => content.ideas = Some(ranking(tr, view, ideas)),
        BoardContent::Flows(flows) => {
            // The header names the exercise: the figure's own title would
            // take height that its text needs.
            let opts = FigureOptions {
                tr,
                title: false,
                width_mm: FLOW_WIDTH_MM,
                legend: Legend::None,
                ..FigureOptions::default()
            };
            content.figures.push(Figure {
                id: "flows",
                svg: svg_flow::render_figure(&view.template, flows, &opts),
            });
        }
        BoardContent::Discussion { question } => {
            content.discussion = Some(Discussion {
                label: tr.text("board-discussion"),
                question: question.clone(),
            });
        }
    }
    render(&content)
}

fn content_kind(content: &BoardContent) -> &'static str {
    match content {
        BoardContent::Welcome => "welcome",
        BoardContent::Progress => "progress",
        BoardContent::Distributions(_) => "distributions",
        BoardContent::Group {
            model: true,
            matrix: true,
            ..
        } => "group",
        BoardContent::Group { model: true, .. } => "model",
        BoardContent::Group { .. } => "matrix",
        BoardContent::Ideas(_) => "ideas",
        BoardContent::Flows(_) => "flows",
        BoardContent::Discussion { .. } => "discussion",
    }
}

/// `12:05`, `1:02:03`: the countdown as the script writes it too.
fn clock_time(seconds: i64) -> String {
    let s = seconds.abs();
    let (h, m, r) = (s / 3600, s % 3600 / 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{r:02}")
    } else {
        format!("{m}:{r:02}")
    }
}

fn clock(tr: Tr, c: BoardClock) -> Clock {
    let (left_word, over_word, paused_word) = (
        tr.text("board-clock-left"),
        tr.text("board-clock-over"),
        tr.text("board-clock-paused"),
    );
    let word = if !c.running {
        paused_word.clone()
    } else if c.left_seconds < 0 {
        over_word.clone()
    } else {
        left_word.clone()
    };
    Clock {
        left_seconds: c.left_seconds,
        running: c.running,
        time: clock_time(c.left_seconds),
        word,
        left_word,
        over_word,
        paused_word,
    }
}

fn welcome(tr: Tr, view: &BoardView, join_url: &str) -> Welcome {
    let link = format!("{join_url}?code={}", view.join_code);
    Welcome {
        qr: qr_svg(tr, &link, 110.0).unwrap_or_default(),
        open: tr.text("board-welcome-open"),
        url: join_url.to_owned(),
        type_code: tr.text("board-welcome-type"),
        code: view.join_code.clone(),
        card: tr.text("board-welcome-card"),
    }
}

fn stage_name<'a>(view: &'a BoardView, id: &'a str) -> &'a str {
    view.template.stage(id).map_or(id, |s| s.name.as_str())
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64 * 100.0).min(100.0)
    }
}

/// A dimension's answers: a bar per stage, and a progress tile per stage.
fn distributions(tr: Tr, view: &BoardView, d: &BoardDistributions) -> Distributions {
    let dimension = view.template.dimension(&d.dimension);
    let name = dimension.map_or(d.dimension.as_str(), |x| x.name.as_str());
    let mut legend: Vec<LegendKey> = dimension
        .map(|x| x.scale.min..=x.scale.max)
        .into_iter()
        .flatten()
        .map(|v| LegendKey {
            class: format!("v{v}"),
            label: v.to_string(),
        })
        .collect();
    legend.push(LegendKey {
        class: "dk".to_owned(),
        label: tr.text("board-dont-know"),
    });
    let min = view.template.consensus.min_n;
    Distributions {
        dimension: d.dimension.clone(),
        heading: tr.args(
            "board-answers-heading",
            &[("dimension", name.into()), ("round", d.round.into())],
        ),
        hidden: d.blind.then(|| tr.text("board-blind-answers")),
        legend,
        rows: d.stages.iter().map(|s| bar_row(tr, view, s, min)).collect(),
        progress_heading: tr.text("board-progress-heading"),
        tiles: d
            .stages
            .iter()
            .map(|s| Tile {
                stage: s.stage.clone(),
                name: stage_name(view, &s.stage).to_owned(),
                text: tr.args(
                    "board-tile",
                    &[
                        ("rated", s.rated.into()),
                        ("participants", view.participants.into()),
                    ],
                ),
                share: format!("{:.0}", percent(s.rated, view.participants)),
            })
            .collect(),
    }
}

/// One stage's stacked bar: the values low to high, then "don't know", the
/// median marked halfway through the numeric answers.
fn bar_row(tr: Tr, view: &BoardView, s: &StageAnswers, min: u32) -> Row {
    let name = stage_name(view, &s.stage).to_owned();
    let Some(dist) = &s.distribution else {
        return Row {
            stage: s.stage.clone(),
            name,
            withheld: Some(tr.args(
                "board-too-few",
                &[("rated", s.rated.into()), ("min", min.into())],
            )),
            segments: Vec::new(),
            median_at: None,
            median_text: String::new(),
        };
    };
    let numeric: usize = dist.counts.iter().map(|(_, c)| c).sum();
    let total = numeric + dist.dont_know;
    let segment = |class: String, count: usize| {
        let width = percent(count, total);
        Segment {
            class,
            count,
            width: format!("{width:.2}"),
            // A count needs about 3% of the bar to be read.
            label: if width >= 3.0 {
                count.to_string()
            } else {
                String::new()
            },
        }
    };
    let mut segments: Vec<Segment> = dist
        .counts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(v, c)| segment(format!("v{v}"), *c))
        .collect();
    if dist.dont_know > 0 {
        segments.push(segment("dk".to_owned(), dist.dont_know));
    }
    Row {
        stage: s.stage.clone(),
        name,
        withheld: None,
        segments,
        median_at: dist
            .median
            .map(|_| format!("{:.2}", percent(numeric, total) / 2.0)),
        median_text: dist.median.map_or_else(String::new, |m| {
            tr.args("board-median", &[("median", tr.decimal(m, 1).into())])
        }),
    }
}

/// The ideas ranked by dots, in pages of [`IDEAS_PER_PAGE`].
fn ranking(tr: Tr, view: &BoardView, ideas: &[BoardIdea]) -> Ideas {
    let pages = ideas.len().div_ceil(IDEAS_PER_PAGE).max(1);
    Ideas {
        heading: tr.text("board-ideas-heading"),
        pages: (1..=pages)
            .map(|p| {
                tr.args(
                    "board-ideas-page",
                    &[("page", p.into()), ("pages", pages.into())],
                )
            })
            .collect(),
        empty: ideas.is_empty().then(|| tr.text("board-no-ideas")),
        items: ideas
            .iter()
            .enumerate()
            .map(|(i, idea)| IdeaLine {
                page: i / IDEAS_PER_PAGE,
                rank: i + 1,
                dots: tr.args("board-dots", &[("dots", idea.dots.into())]),
                text: idea.text.clone(),
                stage: stage_name(view, &idea.stage).to_owned(),
            })
            .collect(),
    }
}

/// The matrix in large type: each cell's median (✓ on consensus) on its
/// level's colour; a cell below the minimum says only how many rated it.
fn matrix_table(tr: Tr, view: &BoardView, cells: &[CellStats]) -> Matrix {
    let t = &view.template;
    let rows = t
        .stages
        .iter()
        .map(|stage| MatrixRow {
            stage: stage.name.clone(),
            cells: t
                .dimensions
                .iter()
                .map(|d| {
                    let cell = cells
                        .iter()
                        .find(|c| c.stage == stage.id && c.dimension == d.id);
                    let n = cell.map_or(0, |c| c.n);
                    match cell.and_then(|c| c.median.map(|m| (c, m))) {
                        Some((c, median)) => {
                            let band = c
                                .level
                                .as_ref()
                                .and_then(|l| d.bands.iter().position(|b| &b.id == l))
                                .unwrap_or(0);
                            let (fill, white) = svg_matrix::level_fill(band, d.bands.len());
                            let ink = if white { "#fff" } else { "#0b0d12" };
                            MatrixCell {
                                text: format!(
                                    "{}{}",
                                    tr.decimal(median, 1),
                                    if c.consensus { " ✓" } else { "" }
                                ),
                                style: format!("background:{fill};color:{ink}"),
                            }
                        }
                        None if n > 0 => MatrixCell {
                            text: format!("n={n}"),
                            style: String::new(),
                        },
                        None => MatrixCell {
                            text: "—".to_owned(),
                            style: String::new(),
                        },
                    }
                })
                .collect(),
        })
        .collect();
    Matrix {
        heading: tr.text("board-matrix-heading"),
        dimensions: t.dimensions.iter().map(|d| d.name.clone()).collect(),
        rows,
        note: tr.args("board-matrix-note", &[("min", t.consensus.min_n.into())]),
    }
}
