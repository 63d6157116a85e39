//! What the report says: session metadata, participants by role, the
//! matrix (Figure 1) and the model (Figure 2) as tables, the consensus
//! summary, Kendall's W, ideas by stage with votes, the flow map and the
//! notes as a timeline.
//!
//! The report is built once as a list of [`Block`]s of plain text, then
//! written as Markdown by [`super::md`] or as HTML by [`super::html`], so
//! that both carry the same content and each escapes text its own way.
//! It speaks the session's language (see [`crate::i18n`]).

use std::collections::{BTreeMap, HashMap};

use super::labels::{CONSENSUS_MARK, DASH, cell_band, dim_name, fmt_value, model_head};
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
    /// Statistics per role (with `--by role`).
    pub groups: Vec<Group>,
    pub min_group_n: usize,
    pub distributions: Vec<Distribution>,
    pub comments: Vec<Comment>,
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
        data.more.reads = match subject.pool {
            Some(p) => Some(p.describe()),
            None => data.selection.describe(t),
        };
        data.more.subtitle = Some(match subject.pool {
            Some(p) => format!("{} {}", words::POOLED, p.describe()),
            None => super::labels::subtitle(stats, &data.selection),
        });
        data.more.changes = round_changes(subject.session);
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
                    stage: e.stage.clone(),
                    dimension: e.dimension.clone(),
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
            super::svg_model::render_points(
                t,
                &points,
                &super::svg_model::ModelOptions {
                    title: opts.title,
                    subtitle,
                    width_mm: opts.width_mm,
                    quadrants: opts.quadrants,
                    groups: reported.iter().map(|g| g.role.clone()).collect(),
                },
            )
        }
        Figure::Matrix => super::svg_matrix::render_figure(
            t,
            &data.cells,
            &super::svg_matrix::MatrixOptions {
                title: opts.title,
                subtitle,
                width_mm: opts.width_mm,
            },
        ),
        Figure::Flow => super::svg_flow::render_figure(
            t,
            &subject.session.flows,
            &super::svg_flow::FlowOptions {
                title: opts.title,
                subtitle: subject.session.title.clone(),
                width_mm: opts.width_mm,
            },
        ),
    }
}

/// Words for Kendall's W, in bands that start at Schmidt's (1997) values:
/// below 0.3 very weak, 0.3 to 0.5 weak, 0.5 to 0.7 moderate, 0.7 to 0.9
/// strong, 0.9 and above unusually strong.
#[must_use]
pub fn w_words(w: f64) -> &'static str {
    if w < 0.3 {
        "very weak agreement"
    } else if w < 0.5 {
        "weak agreement"
    } else if w < 0.7 {
        "moderate agreement"
    } else if w < 0.9 {
        "strong agreement"
    } else {
        "unusually strong agreement"
    }
}

/// Every word the report prints, in one place (for translation).
pub mod words {
    pub const POOLED: &str = "Pooled:";
    pub const SESSION: &str = "Session";
    pub const READING: &str = "How to read this report";
    pub const PARTICIPANTS_BY_ROLE: &str = "Participants by role";
    pub const UNSPECIFIED: &str = "unspecified";
    pub const ROLE: &str = "Role";
    pub const PARTICIPANTS: &str = "Participants";
    pub const WHO: &str = "Who";
    pub const FIGURE_MATRIX: &str = "Figure 1: stages by dimension";
    pub const MATRIX_NOTE: &str = "Level and median of every cell, then the interquartile range (IQR); \u{2713} marks consensus; \u{2014} means not rated.";
    pub const FIGURE_MODEL: &str = "Figure 2: conceptual model";
    pub const FIGURE_FLOW: &str = "Figure 3: material flows";
    pub const FLOW_NOTE: &str = "The value chain's stages in order, with the flows between them: width is strength today, letters name the kind.";
    pub const NO_FLOWS: &str = "No flows were recorded.";
    pub const CONSENSUS: &str = "Consensus";
    pub const NO_OPEN: &str = "No rated cell is without consensus.";
    pub const OPEN: &str = "Cells without consensus:";
    pub const W_HEADING: &str = "Agreement on the ranking of stages (Kendall's W)";
    pub const W_TOO_FEW: &str = "too few complete rankings";
    pub const DIMENSION: &str = "Dimension";
    pub const STAGE: &str = "Stage";
    pub const STABILITY: &str = "Stability between rounds";
    pub const ONE_ROUND: &str =
        "Only one round has ratings: there is no change between rounds to report.";
    pub const DISTRIBUTIONS: &str = "Answers per cell";
    pub const DISTRIBUTIONS_NOTE: &str = "How many participants gave each value, and how many answered \"don't know\" (?), in the rounds reported above.";
    pub const COMMENTS: &str = "Comments by stage and dimension";
    pub const NO_COMMENTS: &str = "No comments were left with the ratings.";
    pub const ANONYMOUS_COMMENTS: &str =
        "Comments are shown without names: the session is anonymous.";
    pub const BY_ROLE: &str = "By role";
    pub const IDEAS: &str = "Ideas by stage";
    pub const NO_IDEAS: &str = "No ideas were recorded.";
    pub const VOTES: &str = "Votes";
    pub const IDEA: &str = "Idea";
    pub const TECHNOLOGIES: &str = "Technologies";
    pub const AUTHOR: &str = "Author";
    pub const FLOW_HEAD: [&str; 6] = ["From", "To", "Kind", "Strength", "Materials", "Note"];
    pub const TIMELINE: &str = "Timeline";
    pub const NO_EVENTS: &str = "No exercises or notes were recorded.";
    pub const TIME: &str = "Time (UTC)";
    pub const EVENT: &str = "Event";
    pub const ROLE_ONLY: &str = "Participants are reported by role only.";

    pub fn template(name: &str) -> String {
        format!("Template: {name}")
    }
    pub fn facilitator(name: &str) -> String {
        format!("Facilitator: {name}")
    }
    pub fn dates(from: &str, to: &str) -> String {
        format!("Date: {from} to {to} (UTC)")
    }
    pub fn participants(n: usize) -> String {
        format!("Participants: {n}")
    }
    pub fn ratings(n: usize, pct: f64) -> String {
        format!("Ratings: {n} ({pct:.0}% of the current round's grid)")
    }
    pub fn rounds(list: &str) -> String {
        format!("Rounds: {list}")
    }
    pub const BLIND_REVEALED: &str = " (blind, revealed)";
    pub const BLIND_HIDDEN: &str = " (blind, not revealed)";
    pub fn statistics(reads: &str) -> String {
        format!("Statistics below: {reads}")
    }
    pub const NO_RATINGS: &str = "no ratings yet";

    /// The definitions every report gives before its figures.
    pub fn definitions(max_iqr: f64, min_agreement: f64, min_n: u32) -> Vec<String> {
        vec![
            "Median and IQR: the middle rating of a cell and its interquartile range (Q3 - Q1, type-7 quartiles); \"don't know\" is left out, and n counts the numeric ratings.".to_owned(),
            "Level: the band of the scale (for example Low, Medium, High) that holds the median.".to_owned(),
            "Agreement: the share of a cell's ratings that fall in the level holding most of them.".to_owned(),
            format!("Consensus: a cell reaches consensus when its IQR is at most {max_iqr}, its agreement at least {min_agreement:.0}% and it has at least {min_n} ratings."),
            "Kendall's W: how far participants rank the stages alike on a dimension, from 0 (no agreement) to 1 (the same ranking), over those who rated every stage. Read in bands that start at Schmidt's (1997) values: below 0.3 very weak, 0.3 to 0.5 weak, 0.5 to 0.7 moderate, 0.7 to 0.9 strong, 0.9 and above unusually strong (Schmidt, R. C. (1997). Managing Delphi surveys using nonparametric statistical techniques. Decision Sciences, 28(3), 763-774).".to_owned(),
            "Changes between rounds are computed over the participants who rated a cell in both rounds.".to_owned(),
        ]
    }
    pub fn model_note(x: &str, y: &str, size: &str, colour: &str) -> String {
        format!(
            "Each stage placed by the medians of {x} (x) and {y} (y), with whiskers from Q1 to Q3 on both, sized by {size} and coloured by {colour}."
        )
    }
    pub fn consensus_count(
        agreed: usize,
        rated: usize,
        max_iqr: f64,
        min_agreement: f64,
        min_n: u32,
    ) -> String {
        format!(
            "{agreed} of {rated} rated cells reach consensus (IQR \u{2264} {max_iqr}, agreement \u{2265} {min_agreement:.0}%, at least {min_n} ratings)."
        )
    }
    pub fn open_cell(dimension: &str, iqr: &str, agreement: &str) -> String {
        format!("{dimension} (IQR {iqr}, agreement {agreement})")
    }
    pub const W_HEAD: [&str; 4] = ["Dimension", "Participants (m)", "W", "Reading"];
    pub fn change_heading(from: u32, to: u32) -> String {
        format!("Round {from} to round {to}")
    }
    #[allow(clippy::too_many_arguments)]
    pub fn change_summary(
        cells: usize,
        people: usize,
        to: usize,
        from: usize,
        reached: usize,
        lost: usize,
        moved: usize,
        shift: &str,
    ) -> String {
        format!(
            "{cells} cells rated in both rounds by {people} participants: consensus in {to} (was {from}), reached in {reached}, lost in {lost}; {moved} medians moved (mean |shift| {shift})."
        )
    }
    pub fn change_left_out(not_rerated: usize, unpaired: usize) -> String {
        format!(
            "Left out: {not_rerated} cells not re-rated, {unpaired} cells rated in both rounds but by different people."
        )
    }
    pub fn change_head(from: u32, to: u32) -> Vec<String> {
        vec![
            "Stage".into(),
            "Dimension".into(),
            "n (both)".into(),
            format!("Median {from} \u{2192} {to}"),
            "Shift".into(),
            format!("IQR {from} \u{2192} {to}"),
            "Consensus".into(),
        ]
    }
    pub const REACHED: &str = "reached";
    pub const LOST: &str = "lost";
    pub const KEPT: &str = "kept";
    pub const NONE: &str = "none";
    pub fn w_change_head(from: u32, to: u32) -> Vec<String> {
        vec![
            "Dimension".into(),
            format!("W round {from} (m)"),
            format!("W round {to} (m)"),
            format!("Reading in round {to}"),
        ]
    }
    pub fn group_heading(role: &str, n: usize) -> String {
        format!("{role} ({n} participants)")
    }
    pub fn too_few(min: usize) -> String {
        format!("Too few participants (fewer than {min}) to report without pointing at them.")
    }
    pub fn by_role_note(min: usize) -> String {
        format!(
            "The statistics above, computed on each role's ratings alone. Roles with fewer than {min} participants are not reported."
        )
    }
    pub fn exercise_started(title: &str) -> String {
        format!("Exercise started: {title}")
    }
    pub fn note(text: &str) -> String {
        format!("Note: {text}")
    }
}

/// A number without trailing zeros (`1`, `1.5`, `0.25`).
fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The text of one matrix cell: level, median, consensus mark and IQR.
#[must_use]
pub fn cell_text(tr: Tr, t: &Template, cell: Option<&CellStats>) -> String {
    match cell {
        Some(c) if c.median.is_some() => {
            let level = cell_band(t, c).map_or("", |b| b.name.as_str());
            let mut s = format!("{level} {}", fmt_value_in(tr, c.median));
            if c.consensus {
                s.push(' ');
                s.push_str(CONSENSUS_MARK);
            }
            if let Some(i) = c.iqr {
                s.push_str(&format!(" (IQR {})", trim_num(i)));
            }
            s.trim().to_owned()
        }
        _ => DASH.to_owned(),
    }
}

/// The matrix as a table: a row per stage, a column per dimension.
fn matrix_table(t: &Template, cells: &[CellStats]) -> Block {
    let index: HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    let mut head = vec![words::STAGE.to_owned()];
    head.extend(t.dimensions.iter().map(|d| d.name.clone()));
    let rows = t
        .stages
        .iter()
        .map(|st| {
            let mut row = vec![st.name.clone()];
            row.extend(
                t.dimensions
                    .iter()
                    .map(|d| cell_text(t, index.get(&(st.id.as_str(), d.id.as_str())).copied())),
            );
            row
        })
        .collect();
    Block::Table { head, rows }
}

/// The report's content.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn document(session: &Session, data: &ReportData) -> Vec<Block> {
    let t = &session.template;
    let tr = Tr::new(&session.language);
    let index = data.cell_index();
    let cell = |stage: &str, dimension: &str| index.get(&(stage, dimension)).copied();
    let rule = t.consensus;
    let mut out = vec![Block::Heading(1, session.title.clone())];

    // Metadata.
    let mut meta = vec![
        words::template(&t.name),
        words::dates(
            &session.created.format("%Y-%m-%d %H:%M").to_string(),
            &session.updated.format("%Y-%m-%d %H:%M").to_string(),
        ),
        words::participants(session.participants.len()),
        words::ratings(session.rating_count(), session.completeness() * 100.0),
        words::rounds(
            &session
                .rounds
                .iter()
                .map(|r| {
                    let mut s = r.number.to_string();
                    if r.blind {
                        s.push_str(if r.revealed {
                            words::BLIND_REVEALED
                        } else {
                            words::BLIND_HIDDEN
                        });
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        words::statistics(
            &data
                .more
                .reads
                .clone()
                .or_else(|| data.selection.describe(t))
                .unwrap_or_else(|| words::NO_RATINGS.to_owned()),
        ),
    ];
    if !session.facilitator.trim().is_empty() {
        meta.insert(0, words::facilitator(&session.facilitator));
    }
    if session.anonymous {
        meta.push(words::ROLE_ONLY.to_owned());
    }
    out.push(Block::Heading(2, words::SESSION.into()));
    out.push(Block::List(meta));
    out.push(Block::Heading(2, words::READING.into()));
    out.push(Block::List(words::definitions(
        rule.max_iqr,
        rule.min_agreement * 100.0,
        rule.min_n,
    )));

    // Participants by role.
    out.push(Block::Heading(2, words::PARTICIPANTS_BY_ROLE.into()));
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &session.participants {
        let role = if p.role.trim().is_empty() {
            words::UNSPECIFIED.to_owned()
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
            vec![words::ROLE.into(), words::PARTICIPANTS.into()],
            roles
                .iter()
                .map(|(r, v)| vec![r.clone(), v.len().to_string()])
                .collect(),
        )
    } else {
        (
            vec![
                words::ROLE.into(),
                words::PARTICIPANTS.into(),
                words::WHO.into(),
            ],
            roles
                .iter()
                .map(|(r, v)| vec![r.clone(), v.len().to_string(), v.join(", ")])
                .collect(),
        )
    };
    out.push(Block::Table { head, rows });

    // Figure 1.
    out.push(Block::Heading(2, words::FIGURE_MATRIX.into()));
    out.push(Block::Paragraph(words::MATRIX_NOTE.into()));
    out.push(Block::Figure(Figure::Matrix));
    out.push(matrix_table(t, &data.cells));

    // Figure 2.
    let m = &t.model;
    out.push(Block::Heading(2, words::FIGURE_MODEL.into()));
    out.push(Block::Paragraph(words::model_note(
        &dim_name(t, &m.x),
        &dim_name(t, &m.y),
        &dim_name(t, &m.size),
        &dim_name(t, &m.colour),
    )));
    out.push(Block::Figure(Figure::Model));
    out.push(Block::Table {
        head: model_head(tr, t),
        rows: model_rows(tr, t, &data.placements),
    });

    // Figure 3.
    out.push(Block::Heading(2, words::FIGURE_FLOW.into()));
    if session.flows.is_empty() {
        out.push(Block::Paragraph(words::NO_FLOWS.into()));
    } else {
        out.push(Block::Paragraph(words::FLOW_NOTE.into()));
        out.push(Block::Figure(Figure::Flow));
        out.push(Block::Table {
            head: words::FLOW_HEAD.iter().map(|h| (*h).to_owned()).collect(),
            rows: session
                .flows
                .iter()
                .map(|f| {
                    vec![
                        t.node_name(&f.from).to_owned(),
                        t.node_name(&f.to).to_owned(),
                        f.kind.label().to_owned(),
                        f.strength.label().to_owned(),
                        f.materials.join(", "),
                        f.note.clone(),
                    ]
                })
                .collect(),
        });
    }

    // Consensus.
    out.push(Block::Heading(2, words::CONSENSUS.into()));
    let rated: Vec<&CellStats> = data.cells.iter().filter(|c| c.median.is_some()).collect();
    let agreed = rated.iter().filter(|c| c.consensus).count();
    out.push(Block::Paragraph(words::consensus_count(
        agreed,
        rated.len(),
        rule.max_iqr,
        rule.min_agreement * 100.0,
        rule.min_n,
    )));
    let mut open = Vec::new();
    for st in &t.stages {
        let missing: Vec<String> = t
            .dimensions
            .iter()
            .filter(|d| cell(&st.id, &d.id).is_some_and(|c| c.median.is_some() && !c.consensus))
            .map(|d| {
                let c = cell(&st.id, &d.id);
                words::open_cell(
                    &d.name,
                    &c.and_then(|c| c.iqr)
                        .map_or_else(|| DASH.to_owned(), trim_num),
                    &c.and_then(|c| c.agreement)
                        .map_or_else(|| DASH.to_owned(), |a| format!("{:.0}%", a * 100.0)),
                )
            })
            .collect();
        if !missing.is_empty() {
            open.push(format!("{}: {}", st.name, missing.join("; ")));
        }
    }
    if open.is_empty() {
        out.push(Block::Paragraph(words::NO_OPEN.into()));
    } else {
        out.push(Block::Paragraph(words::OPEN.into()));
        out.push(Block::List(open));
    }

    // Kendall's W.
    out.push(Block::Heading(2, words::W_HEADING.into()));
    out.push(Block::Table {
        head: words::W_HEAD.iter().map(|h| (*h).to_owned()).collect(),
        rows: t
            .dimensions
            .iter()
            .filter_map(|d| {
                let c = data.concordance.iter().find(|c| c.dimension == d.id)?;
                Some(vec![
                    d.name.clone(),
                    c.m.to_string(),
                    c.w.map_or_else(|| DASH.into(), |w| format!("{w:.2}")),
                    c.w.map_or_else(|| words::W_TOO_FEW.into(), |w| w_words(w).to_owned()),
                ])
            })
            .collect(),
    });

    // Stability between rounds.
    out.push(Block::Heading(2, words::STABILITY.into()));
    if data.more.changes.is_empty() {
        out.push(Block::Paragraph(words::ONE_ROUND.into()));
    }
    for rc in &data.more.changes {
        stability(&mut out, t, rc);
    }

    // Answers per cell.
    out.push(Block::Heading(2, words::DISTRIBUTIONS.into()));
    out.push(Block::Paragraph(words::DISTRIBUTIONS_NOTE.into()));
    {
        let by: HashMap<(&str, &str), &Distribution> = data
            .more
            .distributions
            .iter()
            .map(|d| ((d.stage.as_str(), d.dimension.as_str()), d))
            .collect();
        let mut head = vec![words::STAGE.to_owned()];
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
    out.push(Block::Heading(2, words::COMMENTS.into()));
    if data.more.comments.is_empty() {
        out.push(Block::Paragraph(words::NO_COMMENTS.into()));
    } else if session.anonymous {
        out.push(Block::Paragraph(words::ANONYMOUS_COMMENTS.into()));
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
        out.push(Block::Heading(2, words::BY_ROLE.into()));
        out.push(Block::Paragraph(words::by_role_note(data.more.min_group_n)));
        for g in &data.more.groups {
            out.push(Block::Heading(
                3,
                words::group_heading(&g.role, g.participants),
            ));
            if g.too_few {
                out.push(Block::Paragraph(words::too_few(data.more.min_group_n)));
            } else {
                out.push(matrix_table(t, &g.cells));
            }
        }
    }

    // Ideas.
    out.push(Block::Heading(2, words::IDEAS.into()));
    if session.ideas.is_empty() {
        out.push(Block::Paragraph(words::NO_IDEAS.into()));
    }
    for st in &t.stages {
        let mut ideas: Vec<_> = session.ideas.iter().filter(|i| i.stage == st.id).collect();
        if ideas.is_empty() {
            continue;
        }
        ideas.sort_by_key(|i| (std::cmp::Reverse(i.votes.len()), i.id));
        out.push(Block::Heading(3, st.name.clone()));
        let mut head = vec![
            words::VOTES.into(),
            words::IDEA.into(),
            words::TECHNOLOGIES.into(),
        ];
        if !session.anonymous {
            head.push(words::AUTHOR.into());
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
    out.push(Block::Heading(2, words::TIMELINE.into()));
    let mut events: Vec<(chrono::DateTime<chrono::Utc>, u8, String)> = Vec::new();
    for run in &session.exercise_log {
        let title = t
            .exercises
            .iter()
            .find(|e| e.id == run.exercise)
            .map_or(run.exercise.as_str(), |e| e.title.as_str());
        events.push((run.started, 0, words::exercise_started(title)));
    }
    for n in &session.notes {
        events.push((n.at, 1, words::note(&n.text)));
    }
    events.sort_by_key(|e| (e.0, e.1));
    if events.is_empty() {
        out.push(Block::Paragraph(words::NO_EVENTS.into()));
    } else {
        out.push(Block::Table {
            head: vec![words::TIME.into(), words::EVENT.into()],
            rows: events
                .into_iter()
                .map(|(at, _, text)| vec![at.format("%H:%M").to_string(), text])
                .collect(),
        });
    }
    out
}

/// One pair of rounds: a summary, the cells, and Kendall's W of both.
fn stability(out: &mut Vec<Block>, t: &Template, rc: &RoundChange) {
    out.push(Block::Heading(
        3,
        words::change_heading(rc.from_round, rc.to_round),
    ));
    out.push(Block::Paragraph(words::change_summary(
        rc.cells.len(),
        rc.paired_participants,
        rc.consensus_to,
        rc.consensus_from,
        rc.reached,
        rc.lost,
        rc.moved,
        &rc.mean_abs_shift
            .map_or_else(|| DASH.to_owned(), |s| format!("{s:.2}")),
    )));
    if rc.not_rerated + rc.unpaired > 0 {
        out.push(Block::Paragraph(words::change_left_out(
            rc.not_rerated,
            rc.unpaired,
        )));
    }
    let stage = |id: &str| {
        t.stage(id)
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    let num = |v: Option<f64>| v.map_or_else(|| DASH.to_owned(), trim_num);
    let signed = |v: Option<f64>| {
        v.map_or_else(
            || DASH.to_owned(),
            |d| {
                let r = (d * 100.0).round() / 100.0;
                if r > 0.0 {
                    format!("+{}", trim_num(r))
                } else {
                    trim_num(r)
                }
            },
        )
    };
    out.push(Block::Table {
        head: words::change_head(rc.from_round, rc.to_round),
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
                    match (c.from_consensus, c.to_consensus) {
                        (false, true) => words::REACHED,
                        (true, false) => words::LOST,
                        (true, true) => words::KEPT,
                        (false, false) => words::NONE,
                    }
                    .to_owned(),
                ]
            })
            .collect(),
    });
    let w = |m: usize, w: Option<f64>| {
        w.map_or_else(|| format!("{DASH} ({m})"), |w| format!("{w:.2} ({m})"))
    };
    out.push(Block::Table {
        head: words::w_change_head(rc.from_round, rc.to_round),
        rows: rc
            .concordance
            .iter()
            .map(|k| {
                vec![
                    dim_name(t, &k.dimension),
                    w(k.from_m, k.from_w),
                    w(k.to_m, k.to_w),
                    k.to_w
                        .map_or_else(|| words::W_TOO_FEW.to_owned(), |x| w_words(x).to_owned()),
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
                #[allow(clippy::cast_precision_loss)]
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
        assert_eq!(cell_text(t, None), "\u{2014}");
        assert_eq!(w_words(0.29), "very weak agreement");
        assert_eq!(w_words(0.3), "weak agreement");
        assert_eq!(w_words(0.54), "moderate agreement");
        assert_eq!(w_words(0.7), "strong agreement");
        assert_eq!(w_words(0.9), "unusually strong agreement");
    }
}
