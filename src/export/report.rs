//! What the report says: session metadata, participants by role, the
//! matrix (Figure 1) and the model (Figure 2) as tables, the consensus
//! summary, Kendall's W, ideas by stage with votes, the flow map and the
//! notes as a timeline.
//!
//! The report is built once as a list of [`Block`]s of plain text, then
//! written as Markdown by [`super::md`] or as HTML by [`super::html`], so
//! that both carry the same content and each escapes text its own way.
//! It speaks the session's language (see [`crate::i18n`]).

use std::fmt::Write as _;

use std::collections::{BTreeMap, HashMap};

use super::labels::{
    CONSENSUS_MARK, DASH, cell_band, describe_pool, describe_rounds, dim_name, flow_kind_words,
    fmt_number, fmt_value_in, list_cut, model_head, strength_words,
};

/// The most participants named in a role's row of the report; the rest
/// are counted ("and 1,983 more").
const WHO_SHOWN: usize = 40;
use super::{Options, Subject};
use crate::analysis::groups::{Group, by_role};
use crate::analysis::{
    Aggregate, CellStats, Concordance, Placement, RoundChange, RoundChoice, RoundSelection,
    concordance, round_changes,
};
use crate::domain::{Session, Template};
use crate::i18n::Tr;

/// A figure of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    Matrix,
    Model,
    Flow,
}

impl Figure {
    /// Every figure, in the order `--figure` lists them.
    pub const ALL: [Self; 3] = [Self::Model, Self::Matrix, Self::Flow];

    /// The name on the command line (`--figure NAME`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Matrix => "matrix",
            Self::Model => "model",
            Self::Flow => "flow",
        }
    }
}

/// One block of the report. All text is plain (not yet escaped).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A picture: left out of Markdown, drawn inline in HTML and PDF.
    Figure(Figure),
    /// A picture drawn already (the stability section's round-by-round
    /// figure, an SVG): left out of Markdown, inline in HTML and PDF.
    Picture(String),
    /// The answers of every cell: small bar charts in HTML, this table of
    /// counts in Markdown.
    Distributions {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// The answers given in one cell: how many gave each value, and "don't know".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Distribution {
    pub stage: String,
    pub dimension: String,
    /// `(value, count)` for every value of the scale.
    pub counts: Vec<(u8, usize)>,
    pub dont_know: usize,
}

/// One comment left with a rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub stage: String,
    pub dimension: String,
    pub text: String,
    /// Who wrote it; `None` in an anonymous session.
    pub who: Option<String>,
}

/// What a report shows beyond the cells: set by [`ReportData::build`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct More {
    /// What the statistics read: "round 2", or each pooled session's rounds.
    pub reads: Option<String>,
    /// The line under each figure's title.
    pub subtitle: Option<String>,
    /// Every pair of consecutive rounds, over the participants of both.
    pub changes: Vec<RoundChange>,
    /// For pooled sessions, each session's own pairs of rounds, by label
    /// (rounds are compared within a session, never across the pool);
    /// `changes` is then empty.
    pub pooled_changes: Option<Vec<(String, Vec<RoundChange>)>>,
    /// Statistics per role (with `--by role`).
    pub groups: Vec<Group>,
    pub min_group_n: usize,
    pub distributions: Vec<Distribution>,
    pub comments: Vec<Comment>,
    /// The language of the report (the session's).
    pub tr: Tr,
}

/// The statistics a report shows: each dimension's cells, placements and W
/// from the round the selection picked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    pub selection: RoundSelection,
    pub cells: Vec<CellStats>,
    pub placements: Vec<Placement>,
    pub concordance: Vec<Concordance>,
    pub more: More,
}

impl ReportData {
    /// The statistics of `session` in the rounds `choice` picks.
    #[must_use]
    pub fn of(session: &Session, choice: RoundChoice) -> Self {
        Self::build(Subject::one(session), &Options::round(choice))
    }

    /// The same, from an aggregate already computed for `session`.
    #[must_use]
    pub fn from_aggregate(session: &Session, agg: &Aggregate, choice: RoundChoice) -> Self {
        let t = &session.template;
        let selection = RoundSelection::of_session(session, agg, choice);
        Self {
            cells: selection.cells(agg, t),
            placements: selection.model(agg, t),
            concordance: concordance(session)
                .into_iter()
                .filter(|c| selection.round_of(&c.dimension) == Some(c.round))
                .collect(),
            selection,
            more: More::default(),
        }
    }

    /// Only what the summary CSV reads: the selection, its cells and the
    /// roles' cells (none of the report's agreement, changes or comments,
    /// which are most of a big session's export time).
    #[must_use]
    pub fn summary(subject: Subject<'_>, opts: &Options) -> Self {
        let stats = subject.pool.map_or(subject.session, |p| &p.selected);
        let choice = subject
            .pool
            .map_or(opts.round, |p| RoundChoice::Exactly(p.round));
        let agg = Aggregate::new(stats);
        let selection = RoundSelection::of_session(stats, &agg, choice);
        let mut more = More::default();
        if opts.by_role {
            more.groups = by_role(stats, &selection, opts.min_group_n);
        }
        Self {
            cells: selection.cells(&agg, &stats.template),
            placements: Vec::new(),
            concordance: Vec::new(),
            selection,
            more,
        }
    }

    /// Everything a report of `subject` shows, under `opts`.
    #[must_use]
    pub fn build(subject: Subject<'_>, opts: &Options) -> Self {
        let stats = subject.pool.map_or(subject.session, |p| &p.selected);
        let choice = subject
            .pool
            .map_or(opts.round, |p| RoundChoice::Exactly(p.round));
        let agg = Aggregate::new(stats);
        let mut data = Self::from_aggregate(stats, &agg, choice);
        let t = &stats.template;
        let tr = Tr::new(&subject.session.language);
        data.more.tr = tr;
        data.more.reads = match subject.pool {
            Some(p) => Some(describe_pool(tr, p)),
            None => describe_rounds(tr, &data.selection, t),
        };
        data.more.subtitle = Some(match subject.pool {
            Some(p) => tr.args("report-pooled", &[("parts", describe_pool(tr, p).into())]),
            None => super::labels::subtitle(stats, &data.selection),
        });
        match subject.pool {
            Some(p) => {
                data.more.pooled_changes = Some(
                    p.parts
                        .iter()
                        .map(|part| (part.label.clone(), part.round_changes.clone()))
                        .collect(),
                );
            }
            None => data.more.changes = round_changes(subject.session),
        }
        data.more.min_group_n = opts.min_group_n;
        if opts.by_role {
            data.more.groups = by_role(stats, &data.selection, opts.min_group_n);
        }
        for c in &data.cells {
            if let Some(h) = agg.histogram(c.round, &c.stage, &c.dimension) {
                let scale = t.dimension(&c.dimension).map(|d| d.scale);
                let counts = scale.map_or_else(
                    || h.values().collect(),
                    |sc| {
                        (sc.min..=sc.max)
                            .map(|v| (v, h.values().find(|x| x.0 == v).map_or(0, |x| x.1)))
                            .collect()
                    },
                );
                data.more.distributions.push(Distribution {
                    stage: c.stage.clone(),
                    dimension: c.dimension.clone(),
                    counts,
                    dont_know: h.dont_know(),
                });
            }
        }
        for sheet in &stats.ratings {
            for e in &sheet.entries {
                let Some(text) = e
                    .comment
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                else {
                    continue;
                };
                if data.selection.round_of(&e.dimension) != Some(sheet.round) {
                    continue;
                }
                let who = (!stats.anonymous)
                    .then(|| {
                        stats
                            .participant(&sheet.participant)
                            .map(|p| p.alias.clone())
                    })
                    .flatten();
                data.more.comments.push(Comment {
                    stage: e.stage.to_string(),
                    dimension: e.dimension.to_string(),
                    text: text.to_owned(),
                    who,
                });
            }
        }
        data
    }

    /// The cells by (stage, dimension): a report looks each one up, and a
    /// 10,000-stage template must not scan them all every time.
    fn cell_index(&self) -> HashMap<(&str, &str), &CellStats> {
        self.cells
            .iter()
            .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
            .collect()
    }

    /// The session the statistics are read from (for pooled sessions, the
    /// ratings each session's rounds contribute).
    #[must_use]
    pub fn stats_session<'a>(&self, subject: Subject<'a>) -> &'a Session {
        subject.pool.map_or(subject.session, |p| &p.selected)
    }
}

/// The SVG of figure `f` of `subject`.
#[must_use]
pub fn figure_svg(subject: Subject<'_>, opts: &Options, data: &ReportData, f: Figure) -> String {
    figure(subject, opts, data, f).svg
}

/// Figure `f` of `subject` and its caption (the legend and notes when
/// `opts.legend` puts them there).
#[must_use]
pub fn figure(
    subject: Subject<'_>,
    opts: &Options,
    data: &ReportData,
    f: Figure,
) -> super::svg_text::Drawn {
    let session = data.stats_session(subject);
    let t = &session.template;
    let subtitle = data.more.subtitle.clone().unwrap_or_default();
    match f {
        Figure::Model => {
            let mut points = super::svg_model::points_from_cells(t, &data.cells);
            let reported: Vec<&Group> = data.more.groups.iter().filter(|g| !g.too_few).collect();
            for (gi, g) in reported.iter().enumerate() {
                let spread = super::svg_model::points_from_cells(t, &g.cells);
                for (p, q) in points.iter_mut().zip(spread) {
                    if let (Some(x), Some(y)) = (q.x.median, q.y.median) {
                        p.groups
                            .push(super::svg_model::GroupPoint { group: gi, x, y });
                    }
                }
            }
            super::svg_model::render_drawn(
                t,
                &points,
                &super::svg_model::ModelOptions {
                    title: opts.title,
                    subtitle,
                    width_mm: opts.width_mm,
                    quadrants: opts.quadrants,
                    groups: reported.iter().map(|g| g.role.clone()).collect(),
                    tr: data.more.tr,
                    legend: opts.legend,
                },
            )
        }
        Figure::Matrix => super::svg_matrix::render_drawn(
            t,
            &data.cells,
            &super::svg_text::FigureOptions {
                title: opts.title,
                subtitle,
                width_mm: opts.width_mm,
                tr: data.more.tr,
                legend: opts.legend,
            },
        ),
        Figure::Flow => super::svg_flow::render_drawn(
            t,
            &subject.session.flows,
            &super::svg_text::FigureOptions {
                title: opts.title,
                subtitle: subject.session.title.clone(),
                width_mm: opts.width_mm,
                tr: data.more.tr,
                legend: opts.legend,
            },
        ),
    }
}

/// Words for Kendall's W, in bands that start at Schmidt's (1997) values:
/// below 0.3 very weak, 0.3 to 0.5 weak, 0.5 to 0.7 moderate, 0.7 to 0.9
/// strong, 0.9 and above unusually strong.
#[must_use]
pub fn w_words(tr: Tr, w: f64) -> String {
    tr.text(w_key(w))
}

/// How W of `m` complete rankings of `stages` stages reads: its band, or
/// why it is undefined (fewer than two complete rankings or stages; or
/// every ranking tied all stages, which leaves nothing to agree on).
#[must_use]
pub fn w_reading(tr: Tr, m: usize, stages: usize, w: Option<f64>) -> String {
    match w {
        Some(w) => w_words(tr, w),
        None if m >= 2 && stages >= 2 => tr.text("report-w-all-tied"),
        None => tr.text("report-w-too-few"),
    }
}

/// The catalogue id of [`w_words`].
#[must_use]
pub fn w_key(w: f64) -> &'static str {
    if w < 0.3 {
        "w-very-weak"
    } else if w < 0.5 {
        "w-weak"
    } else if w < 0.7 {
        "w-moderate"
    } else if w < 0.9 {
        "w-strong"
    } else {
        "w-unusually-strong"
    }
}

/// A number as short as it goes, at most two decimals, in the language's
/// way (`1`, `1,5`, `0,25`).
fn trim_num(tr: Tr, v: f64) -> String {
    fmt_number(tr, (v * 100.0).round() / 100.0)
}

/// The text of one matrix cell: level, median, consensus mark and IQR.
#[must_use]
pub fn cell_text(tr: Tr, t: &Template, cell: Option<&CellStats>) -> String {
    cell_text_n(tr, t, cell, false)
}

/// [`cell_text`], with the cell's n when `with_n` (a role's table: its
/// cells' n differ from the overall ones).
fn cell_text_n(tr: Tr, t: &Template, cell: Option<&CellStats>, with_n: bool) -> String {
    match cell {
        Some(c) if c.median.is_some() => {
            let level = cell_band(t, c).map_or("", |b| b.name.as_str());
            let mut s = format!("{level} {}", fmt_value_in(tr, c.median));
            if c.consensus {
                s.push(' ');
                s.push_str(CONSENSUS_MARK);
            }
            match (c.iqr, with_n) {
                (Some(i), true) => {
                    let _ = write!(s, " (IQR {}, n={})", trim_num(tr, i), c.n);
                }
                (Some(i), false) => {
                    let _ = write!(s, " (IQR {})", trim_num(tr, i));
                }
                (None, true) => {
                    let _ = write!(s, " (n={})", c.n);
                }
                (None, false) => {}
            }
            s.trim().to_owned()
        }
        Some(c) if with_n && c.n + c.dont_know > 0 => format!("{DASH} (n={})", c.n),
        _ => DASH.to_owned(),
    }
}

/// "Ratings: N (P% of ...)": the ratings the statistics read (the
/// selected rounds, "don't know" included), of the grid of every
/// participant and reported cell.
fn ratings_line(tr: Tr, session: &Session, data: &ReportData) -> String {
    let ratings: usize = data.cells.iter().map(|c| c.n + c.dont_know).sum();
    let grid = session.participants.len() * data.cells.len();
    let percent = if grid == 0 {
        0.0
    } else {
        ratings as f64 / grid as f64 * 100.0
    };
    tr.args(
        "report-ratings",
        &[
            ("ratings", ratings.into()),
            ("percent", format!("{percent:.0}").into()),
            ("participants", session.participants.len().into()),
            ("cells", data.cells.len().into()),
        ],
    )
}

/// The matrix as a table: a row per stage, a column per dimension; with
/// `with_n`, each cell's n.
fn matrix_table(tr: Tr, t: &Template, cells: &[CellStats], with_n: bool) -> Block {
    let index: HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    let mut head = vec![tr.text("model-stage")];
    head.extend(t.dimensions.iter().map(|d| d.name.clone()));
    let rows = t
        .stages
        .iter()
        .map(|st| {
            let mut row = vec![st.name.clone()];
            row.extend(t.dimensions.iter().map(|d| {
                cell_text_n(
                    tr,
                    t,
                    index.get(&(st.id.as_str(), d.id.as_str())).copied(),
                    with_n,
                )
            }));
            row
        })
        .collect();
    Block::Table { head, rows }
}

/// The definitions every report gives before its figures.
fn definitions(tr: Tr, t: &Template) -> Vec<String> {
    let rule = t.consensus;
    vec![
        tr.text("report-def-median"),
        tr.text("report-def-level"),
        tr.text("report-def-agreement"),
        tr.args(
            "report-def-consensus",
            &[
                ("iqr", fmt_number(tr, rule.max_iqr).into()),
                (
                    "agreement",
                    format!("{:.0}", rule.min_agreement * 100.0).into(),
                ),
                ("n", rule.min_n.into()),
            ],
        ),
        tr.text("report-def-w"),
        tr.text("report-def-changes"),
    ]
}

/// The report's content, in the session's language.
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn document(session: &Session, data: &ReportData) -> Vec<Block> {
    let t = &session.template;
    let tr = Tr::new(&session.language);
    let index = data.cell_index();
    let cell = |stage: &str, dimension: &str| index.get(&(stage, dimension)).copied();
    let rule = t.consensus;
    let mut out = vec![Block::Heading(1, session.title.clone())];

    // Metadata.
    let reads = data
        .more
        .reads
        .clone()
        .or_else(|| describe_rounds(tr, &data.selection, t))
        .unwrap_or_else(|| tr.text("rounds-none"));
    let mut meta = vec![
        tr.args("report-template", &[("name", (&t.name).into())]),
        tr.args(
            "report-date",
            &[
                (
                    "from",
                    session.created.format("%Y-%m-%d %H:%M").to_string().into(),
                ),
                (
                    "to",
                    session.updated.format("%Y-%m-%d %H:%M").to_string().into(),
                ),
            ],
        ),
        tr.args(
            "report-participants",
            &[("participants", session.participants.len().into())],
        ),
        ratings_line(tr, session, data),
        tr.args(
            "report-rounds",
            &[(
                "rounds",
                session
                    .rounds
                    .iter()
                    .map(|r| {
                        let n = r.number.into();
                        match (r.blind, r.revealed) {
                            (true, true) => tr.args("report-round-blind-revealed", &[("round", n)]),
                            (true, false) => tr.args("report-round-blind-hidden", &[("round", n)]),
                            _ => r.number.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into(),
            )],
        ),
        tr.args("report-statistics", &[("rounds", reads.into())]),
    ];
    if !session.facilitator.trim().is_empty() {
        meta.insert(
            0,
            tr.args(
                "report-facilitator",
                &[("name", (&session.facilitator).into())],
            ),
        );
    }
    if session.anonymous {
        meta.push(tr.text("report-anonymous"));
    }
    out.push(Block::Heading(2, tr.text("report-session")));
    out.push(Block::List(meta));
    out.push(Block::Heading(2, tr.text("report-reading")));
    out.push(Block::List(definitions(tr, t)));

    // Participants by role.
    out.push(Block::Heading(2, tr.text("report-by-role")));
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &session.participants {
        let role = if p.role.trim().is_empty() {
            tr.text("report-role-unspecified")
        } else {
            p.role.clone()
        };
        let who = if p.organisation.trim().is_empty() {
            p.alias.clone()
        } else {
            format!("{} ({})", p.alias, p.organisation)
        };
        roles.entry(role).or_default().push(who);
    }
    let (head, rows) = if session.anonymous {
        (
            vec![tr.text("report-role"), tr.text("report-role-participants")],
            roles
                .iter()
                .map(|(r, v)| vec![r.clone(), v.len().to_string()])
                .collect(),
        )
    } else {
        (
            vec![
                tr.text("report-role"),
                tr.text("report-role-participants"),
                tr.text("report-role-who"),
            ],
            roles
                .iter()
                .map(|(r, v)| {
                    // A long list says how many it leaves out.
                    vec![r.clone(), v.len().to_string(), list_cut(tr, v, WHO_SHOWN)]
                })
                .collect(),
        )
    };
    out.push(Block::Table { head, rows });

    // Figure 1.
    out.push(Block::Heading(2, tr.text("report-figure-1")));
    out.push(Block::Paragraph(tr.text("report-figure-1-caption")));
    out.push(Block::Figure(Figure::Matrix));
    out.push(matrix_table(tr, t, &data.cells, false));

    // Figure 2.
    let m = &t.model;
    out.push(Block::Heading(2, tr.text("report-figure-2")));
    out.push(Block::Paragraph(tr.args(
        "report-figure-2-caption",
        &[
            ("x", dim_name(t, &m.x).into()),
            ("y", dim_name(t, &m.y).into()),
            ("size", dim_name(t, &m.size).into()),
            ("colour", dim_name(t, &m.colour).into()),
        ],
    )));
    out.push(Block::Figure(Figure::Model));
    // Each mapped dimension's n: the figure gives x and y's per stage,
    // this table all four.
    let mut head = model_head(tr, t);
    head.push(tr.text("model-n"));
    let mut rows = model_rows(tr, t, &data.placements);
    for (row, st) in rows.iter_mut().zip(&t.stages) {
        let n = |d: &str| cell(&st.id, d).map_or(0, |c| c.n).to_string();
        row.push([n(&m.x), n(&m.y), n(&m.size), n(&m.colour)].join(" / "));
    }
    out.push(Block::Table { head, rows });

    // Figure 3.
    out.push(Block::Heading(2, tr.text("report-figure-3")));
    if session.flows.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-flows")));
    } else {
        out.push(Block::Paragraph(tr.text("report-figure-3-caption")));
        out.push(Block::Figure(Figure::Flow));
        out.push(Block::Table {
            head: vec![
                tr.text("report-flow-from"),
                tr.text("report-flow-to"),
                tr.text("report-flow-kind"),
                tr.text("report-flow-strength"),
                tr.text("report-flow-materials"),
                tr.text("report-flow-note"),
            ],
            rows: session
                .flows
                .iter()
                .map(|f| {
                    vec![
                        t.node_name(&f.from).to_owned(),
                        t.node_name(&f.to).to_owned(),
                        flow_kind_words(tr, f.kind),
                        strength_words(tr, f.strength),
                        f.materials.join(", "),
                        f.note.clone(),
                    ]
                })
                .collect(),
        });
    }

    // Consensus.
    out.push(Block::Heading(2, tr.text("report-consensus")));
    let rated: Vec<&CellStats> = data.cells.iter().filter(|c| c.median.is_some()).collect();
    let agreed = rated.iter().filter(|c| c.consensus).count();
    out.push(Block::Paragraph(tr.args(
        "report-consensus-summary",
        &[
            ("agreed", agreed.into()),
            ("rated", rated.len().into()),
            ("iqr", fmt_number(tr, rule.max_iqr).into()),
            (
                "agreement",
                format!("{:.0}", rule.min_agreement * 100.0).into(),
            ),
            ("n", rule.min_n.into()),
        ],
    )));
    let mut open = Vec::new();
    for st in &t.stages {
        let missing: Vec<String> = t
            .dimensions
            .iter()
            .filter(|d| cell(&st.id, &d.id).is_some_and(|c| c.median.is_some() && !c.consensus))
            .map(|d| {
                let c = cell(&st.id, &d.id);
                tr.args(
                    "report-open-cell",
                    &[
                        ("dimension", (&d.name).into()),
                        (
                            "iqr",
                            c.and_then(|c| c.iqr)
                                .map_or_else(|| DASH.to_owned(), |v| trim_num(tr, v))
                                .into(),
                        ),
                        (
                            "agreement",
                            c.and_then(|c| c.agreement)
                                .map_or_else(
                                    || DASH.to_owned(),
                                    |a| {
                                        tr.args(
                                            "report-percent",
                                            &[("percent", format!("{:.0}", a * 100.0).into())],
                                        )
                                    },
                                )
                                .into(),
                        ),
                    ],
                )
            })
            .collect();
        if !missing.is_empty() {
            open.push(format!("{}: {}", st.name, missing.join("; ")));
        }
    }
    if open.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-open-cells")));
    } else {
        out.push(Block::Paragraph(tr.text("report-open-cells")));
        out.push(Block::List(open));
    }

    // Kendall's W.
    out.push(Block::Heading(2, tr.text("report-w")));
    out.push(Block::Table {
        head: vec![
            tr.text("report-w-dimension"),
            tr.text("report-w-participants"),
            "W".into(),
            tr.text("report-w-reading"),
        ],
        rows: t
            .dimensions
            .iter()
            .filter_map(|d| {
                let c = data.concordance.iter().find(|c| c.dimension == d.id)?;
                Some(vec![
                    d.name.clone(),
                    c.m.to_string(),
                    tr.decimal_or(c.w, 2, DASH),
                    w_reading(tr, c.m, t.stages.len(), c.w),
                ])
            })
            .collect(),
    });

    // Stability between rounds: within each session.
    out.push(Block::Heading(2, tr.text("report-stability")));
    match &data.more.pooled_changes {
        Some(parts) => {
            if parts.iter().all(|(_, changes)| changes.is_empty()) {
                out.push(Block::Paragraph(tr.text("report-pool-one-round")));
            }
            for (label, changes) in parts {
                if changes.is_empty() {
                    out.push(Block::Paragraph(
                        tr.args("report-one-round-session", &[("session", label.into())]),
                    ));
                }
                for rc in changes {
                    stability(&mut out, tr, t, rc, Some(label));
                }
            }
        }
        None => {
            if data.more.changes.is_empty() {
                out.push(Block::Paragraph(tr.text("report-one-round")));
            }
            for rc in &data.more.changes {
                stability(&mut out, tr, t, rc, None);
            }
        }
    }
    super::outlier_report::section(&mut out, tr, session, &crate::analysis::outliers(session));

    // Answers per cell.
    out.push(Block::Heading(2, tr.text("report-distributions")));
    out.push(Block::Paragraph(tr.text("report-distributions-caption")));
    {
        let by: HashMap<(&str, &str), &Distribution> = data
            .more
            .distributions
            .iter()
            .map(|d| ((d.stage.as_str(), d.dimension.as_str()), d))
            .collect();
        let mut head = vec![tr.text("model-stage")];
        head.extend(t.dimensions.iter().map(|d| d.name.clone()));
        let rows = t
            .stages
            .iter()
            .map(|st| {
                let mut row = vec![st.name.clone()];
                row.extend(t.dimensions.iter().map(|d| {
                    by.get(&(st.id.as_str(), d.id.as_str())).map_or_else(
                        || DASH.to_owned(),
                        |x| {
                            let counts: Vec<String> =
                                x.counts.iter().map(|(v, c)| format!("{v}:{c}")).collect();
                            format!("{} ?:{}", counts.join(" "), x.dont_know)
                        },
                    )
                }));
                row
            })
            .collect();
        out.push(Block::Distributions { head, rows });
    }

    // Comments.
    out.push(Block::Heading(2, tr.text("report-comments")));
    if data.more.comments.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-comments")));
    } else if session.anonymous {
        out.push(Block::Paragraph(tr.text("report-comments-anonymous")));
    }
    for st in &t.stages {
        let mut items = Vec::new();
        for d in &t.dimensions {
            for c in data
                .more
                .comments
                .iter()
                .filter(|c| c.stage == st.id && c.dimension == d.id)
            {
                items.push(match &c.who {
                    Some(w) => format!("{}: \u{201c}{}\u{201d} ({w})", d.name, c.text),
                    None => format!("{}: \u{201c}{}\u{201d}", d.name, c.text),
                });
            }
        }
        if !items.is_empty() {
            out.push(Block::Heading(3, st.name.clone()));
            out.push(Block::List(items));
        }
    }

    // By role.
    if !data.more.groups.is_empty() {
        let min = data.more.min_group_n;
        out.push(Block::Heading(2, tr.text("report-groups")));
        out.push(Block::Paragraph(
            tr.args("report-groups-caption", &[("min", min.into())]),
        ));
        for g in &data.more.groups {
            out.push(Block::Heading(
                3,
                tr.args(
                    "report-group",
                    &[
                        ("role", (&g.role).into()),
                        ("participants", g.participants.into()),
                    ],
                ),
            ));
            if g.too_few {
                out.push(Block::Paragraph(
                    tr.args("report-group-too-few", &[("min", min.into())]),
                ));
            } else {
                out.push(matrix_table(tr, t, &g.cells, true));
            }
        }
    }

    // Ideas.
    out.push(Block::Heading(2, tr.text("report-ideas")));
    if session.ideas.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-ideas")));
    }
    for st in &t.stages {
        let mut ideas: Vec<_> = session.ideas.iter().filter(|i| i.stage == st.id).collect();
        if ideas.is_empty() {
            continue;
        }
        ideas.sort_by_key(|i| (std::cmp::Reverse(i.votes.len()), i.id));
        out.push(Block::Heading(3, st.name.clone()));
        let mut head = vec![
            tr.text("report-idea-votes"),
            tr.text("report-idea"),
            tr.text("report-idea-technologies"),
        ];
        if !session.anonymous {
            head.push(tr.text("report-idea-author"));
        }
        let rows = ideas
            .iter()
            .map(|i| {
                let techs = i
                    .technologies
                    .iter()
                    .map(|x| t.technology(x).map_or(x.as_str(), |x| x.name.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut row = vec![i.votes.len().to_string(), i.text.clone(), techs];
                if !session.anonymous {
                    row.push(
                        i.author
                            .as_deref()
                            .and_then(|a| session.participant(a))
                            .map_or_else(String::new, |p| p.alias.clone()),
                    );
                }
                row
            })
            .collect();
        out.push(Block::Table { head, rows });
    }

    // Timeline of exercises and notes.
    out.push(Block::Heading(2, tr.text("report-timeline")));
    let mut events: Vec<(chrono::DateTime<chrono::Utc>, u8, String)> = Vec::new();
    for run in &session.exercise_log {
        let title = t
            .exercises
            .iter()
            .find(|e| e.id == run.exercise)
            .map_or(run.exercise.as_str(), |e| e.title.as_str());
        events.push((
            run.started,
            0,
            tr.args("report-exercise-started", &[("title", title.into())]),
        ));
    }
    for n in &session.notes {
        events.push((
            n.at,
            1,
            tr.args("report-note", &[("text", (&n.text).into())]),
        ));
    }
    events.sort_by_key(|e| (e.0, e.1));
    if events.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-timeline")));
    } else {
        out.push(Block::Table {
            head: vec![tr.text("report-time"), tr.text("report-event")],
            rows: events
                .into_iter()
                .map(|(at, _, text)| vec![at.format("%H:%M").to_string(), text])
                .collect(),
        });
    }
    out
}

/// One pair of rounds: a summary, the cells, and Kendall's W of both.
#[expect(
    clippy::too_many_lines,
    reason = "the stability section's blocks in reading order"
)]
fn stability(out: &mut Vec<Block>, tr: Tr, t: &Template, rc: &RoundChange, session: Option<&str>) {
    let (from, to) = (rc.from_round, rc.to_round);
    let rounds = [("from", from.into()), ("to", to.into())];
    out.push(Block::Heading(
        3,
        match session {
            Some(label) => tr.args(
                "report-change-heading-session",
                &[
                    ("session", label.into()),
                    ("from", from.into()),
                    ("to", to.into()),
                ],
            ),
            None => tr.args("report-change-heading", &rounds),
        },
    ));
    out.push(Block::Paragraph(tr.args(
        "report-change-summary",
        &[
            ("cells", rc.cells.len().into()),
            ("people", rc.paired_participants.into()),
            ("now", rc.consensus_to.into()),
            ("before", rc.consensus_from.into()),
            ("reached", rc.reached.into()),
            ("lost", rc.lost.into()),
            ("moved", rc.moved.into()),
            ("shift", tr.decimal_or(rc.mean_abs_shift, 2, DASH).into()),
        ],
    )));
    let picture = super::svg_shift::render(tr, t, rc, 170.0);
    if !picture.is_empty() {
        out.push(Block::Picture(picture));
    }
    if rc.not_rerated + rc.unpaired > 0 {
        out.push(Block::Paragraph(tr.args(
            "report-change-left-out",
            &[
                ("not", rc.not_rerated.into()),
                ("unpaired", rc.unpaired.into()),
            ],
        )));
    }
    let stage = |id: &str| {
        t.stage(id)
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    let num = |v: Option<f64>| v.map_or_else(|| DASH.to_owned(), |x| trim_num(tr, x));
    let signed = |v: Option<f64>| {
        v.map_or_else(
            || DASH.to_owned(),
            |d| {
                let r = (d * 100.0).round() / 100.0;
                if r > 0.0 {
                    format!("+{}", trim_num(tr, r))
                } else {
                    trim_num(tr, r)
                }
            },
        )
    };
    out.push(Block::Table {
        head: vec![
            tr.text("model-stage"),
            tr.text("report-w-dimension"),
            tr.text("report-change-n"),
            tr.args("report-change-median", &rounds),
            tr.text("report-change-shift"),
            tr.args("report-change-iqr", &rounds),
            tr.text("model-consensus"),
        ],
        rows: rc
            .cells
            .iter()
            .map(|c| {
                vec![
                    stage(&c.stage),
                    dim_name(t, &c.dimension),
                    c.n.to_string(),
                    format!("{} \u{2192} {}", num(c.from_median), num(c.to_median)),
                    signed(c.shift),
                    format!("{} \u{2192} {}", num(c.from_iqr), num(c.to_iqr)),
                    tr.text(match (c.from_consensus, c.to_consensus) {
                        (false, true) => "report-change-reached",
                        (true, false) => "report-change-lost",
                        (true, true) => "report-change-kept",
                        (false, false) => "report-change-none",
                    }),
                ]
            })
            .collect(),
    });
    let w = |m: usize, w: Option<f64>| format!("{} ({m})", tr.decimal_or(w, 2, DASH));
    out.push(Block::Table {
        head: vec![
            tr.text("report-w-dimension"),
            tr.args("report-w-round", &[("round", from.into())]),
            tr.args("report-w-round", &[("round", to.into())]),
            tr.args("report-w-reading-round", &[("round", to.into())]),
        ],
        rows: rc
            .concordance
            .iter()
            .map(|k| {
                vec![
                    dim_name(t, &k.dimension),
                    w(k.from_m, k.from_w),
                    w(k.to_m, k.to_w),
                    w_reading(tr, k.to_m, t.stages.len(), k.to_w),
                ]
            })
            .collect(),
    });
}

/// One row per stage of the model, in template order: the text alternative
/// of Figure 2.
#[must_use]
pub fn model_rows(tr: Tr, t: &Template, placements: &[Placement]) -> Vec<Vec<String>> {
    super::labels::model_rows(tr, t, placements, |_, v| fmt_value_in(tr, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::md::to_markdown;
    use crate::synthetic::example_session;

    fn hand_data(session: &Session) -> ReportData {
        let t = &session.template;
        let mut cells = Vec::new();
        for (i, st) in t.stages.iter().enumerate() {
            for (j, d) in t.dimensions.iter().enumerate() {
                let median = 1.0 + ((i + j) % 5) as f64;
                cells.push(CellStats {
                    stage: st.id.clone(),
                    dimension: d.id.clone(),
                    round: 1,
                    n: 17,
                    median: Some(median),
                    iqr: Some(if i % 2 == 0 { 1.0 } else { 2.0 }),
                    agreement: Some(0.8),
                    level: d.band_of(median).map(|b| b.id.clone()),
                    consensus: i % 2 == 0,
                    ..CellStats::default()
                });
            }
        }
        let placements = t
            .stages
            .iter()
            .map(|st| Placement {
                stage: st.id.clone(),
                x: Some(3.0),
                y: Some(4.0),
                size: Some(2.0),
                colour: Some(1.0),
                consensus: st.id != "mining",
            })
            .collect();
        let concordance = t
            .dimensions
            .iter()
            .map(|d| Concordance {
                dimension: d.id.clone(),
                round: 1,
                m: 15,
                w: Some(0.62),
            })
            .collect();
        ReportData {
            selection: crate::analysis::RoundSelection {
                choice: crate::analysis::RoundChoice::Exactly(1),
                rounds: t
                    .dimensions
                    .iter()
                    .map(|d| (d.id.clone(), Some(1)))
                    .collect(),
            },
            cells,
            placements,
            concordance,
            more: More::default(),
        }
    }

    #[test]
    fn anonymous_reports_name_no_one() {
        let mut s = example_session();
        let named = to_markdown(&document(&s, &hand_data(&s)));
        assert!(named.contains("Expert 01"));
        s.anonymous = true;
        let anon = to_markdown(&document(&s, &hand_data(&s)));
        for p in &s.participants {
            assert!(!anon.contains(&p.alias), "{} leaked", p.alias);
        }
        assert!(anon.contains("| industry |"));
    }

    #[test]
    fn cell_text_shows_level_median_and_mark() {
        let s = example_session();
        let d = hand_data(&s);
        let t = &s.template;
        assert_eq!(
            cell_text(
                Tr::english(),
                t,
                d.cell_index()
                    .get(&("exploration", "circularity_impact"))
                    .copied()
            ),
            "Low 1.0 \u{2713} (IQR 1)"
        );
        assert_eq!(
            cell_text(
                Tr::english(),
                t,
                d.cell_index()
                    .get(&("mining", "circularity_impact"))
                    .copied()
            ),
            "Low 2.0 (IQR 2)"
        );
        assert_eq!(cell_text(Tr::english(), t, None), "\u{2014}");
        assert_eq!(w_words(Tr::english(), 0.29), "very weak agreement");
        assert_eq!(w_words(Tr::english(), 0.3), "weak agreement");
        assert_eq!(w_words(Tr::english(), 0.54), "moderate agreement");
        assert_eq!(w_words(Tr::english(), 0.7), "strong agreement");
        assert_eq!(w_words(Tr::english(), 0.9), "unusually strong agreement");
        assert_eq!(w_words(Tr::new("sv"), 0.95), "ovanligt stark enighet");
    }

    #[test]
    fn an_undefined_w_says_why() {
        use crate::domain::{Change, EnteredBy, Score};
        let mut s = crate::synthetic::synthetic_session("tied", 10, 1);
        let people: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
        let stages: Vec<String> = s.template.stages.iter().map(|st| st.id.clone()).collect();
        for p in &people {
            for st in &stages {
                s.apply(&Change::SetRating {
                    participant: p.clone(),
                    round: 1,
                    stage: st.clone(),
                    dimension: "maturity".into(),
                    score: Score::Value(3),
                    comment: None,
                    at: s.created,
                    entered_by: EnteredBy::Facilitator,
                })
                .expect("a rating");
            }
        }
        let md = to_markdown(&document(&s, &ReportData::of(&s, RoundChoice::Latest)));
        let row = md
            .lines()
            .find(|l| l.starts_with("| Technological maturity | 10 |"))
            .unwrap_or_else(|| panic!("{md}"));
        assert!(
            row.contains("every complete ranking ties all stages"),
            "{row}"
        );
        let en = Tr::english();
        assert_eq!(w_reading(en, 1, 9, None), "too few complete rankings");
        assert_eq!(w_reading(en, 10, 1, None), "too few complete rankings");
        assert_eq!(w_reading(en, 10, 9, Some(0.8)), "strong agreement");
    }
}
