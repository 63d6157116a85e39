//! Parsing and semantic validation of workshop templates (`loopshop template
//! check FILE`, `loopshop new --template FILE`). Pure: text in, problems out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use thiserror::Error;

use super::template::{Dimension, ExerciseKind, Template};
use super::text::{has_control, has_control_multiline, ron_problem, strip_bom};

/// A RON syntax or shape error, with the 1-based position it starts at.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{line}:{col}: {message}")]
pub struct TemplateSyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parses template RON text without validating it; see [`check`].
///
/// # Errors
/// A [`TemplateSyntaxError`] with the line and column of the first problem.
pub fn parse(text: &str) -> Result<Template, TemplateSyntaxError> {
    ron::from_str(strip_bom(text)).map_err(|e| TemplateSyntaxError {
        line: e.span.start.line,
        col: e.span.start.col,
        message: ron_problem(&e.code),
    })
}

/// One thing wrong with a template. Every problem names the id it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateProblem {
    /// `what` is a kind such as "stage" or "band of dimension 'maturity'".
    DuplicateId {
        what: String,
        id: String,
    },
    EmptyId {
        what: String,
        index: usize,
    },
    EmptyName {
        what: String,
        id: String,
    },
    NoStages,
    NoDimensions,
    NoExercises,
    UnknownDimensionInExercise {
        exercise: String,
        dimension: String,
    },
    DimensionRatedTwice {
        dimension: String,
        first: String,
        second: String,
    },
    ZeroTimebox {
        exercise: String,
    },
    EmptyScale {
        dimension: String,
        min: u8,
        max: u8,
    },
    NoBands {
        dimension: String,
    },
    BandNotFinite {
        dimension: String,
        band: String,
    },
    InvertedBand {
        dimension: String,
        band: String,
        from: f64,
        to: f64,
    },
    BandsStartLate {
        dimension: String,
        band: String,
        from: f64,
        min: u8,
    },
    BandsStartEarly {
        dimension: String,
        band: String,
        from: f64,
        min: u8,
    },
    BandsEndEarly {
        dimension: String,
        band: String,
        to: f64,
        max: u8,
    },
    BandsEndLate {
        dimension: String,
        band: String,
        to: f64,
        max: u8,
    },
    BandGap {
        dimension: String,
        before: String,
        after: String,
        from: f64,
        to: f64,
    },
    BandOverlap {
        dimension: String,
        before: String,
        after: String,
        from: f64,
        to: f64,
    },
    UnknownModelDimension {
        channel: &'static str,
        dimension: String,
    },
    UnratedModelDimension {
        channel: &'static str,
        dimension: String,
    },
    NoVotes {
        exercise: String,
    },
    FlowNodeIsStage {
        id: String,
    },
    ConsensusMaxIqr(f64),
    ConsensusOutlierMargin(f64),
    ConsensusMinAgreement(f64),
    ConsensusMinN,
    ControlCharacter {
        what: String,
        id: String,
    },
    TimeboxesTooLong,
}

impl fmt::Display for TemplateProblem {
    #[expect(clippy::too_many_lines, reason = "one arm per template problem")]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateId { what, id } => write!(f, "{what} id '{id}' is used more than once"),
            Self::EmptyId { what, index } => write!(f, "{what} number {index} has an empty id"),
            Self::EmptyName { what, id } => write!(f, "{what} '{id}' has an empty name"),
            Self::NoStages => write!(f, "the template has no stages"),
            Self::NoDimensions => write!(f, "the template has no dimensions"),
            Self::NoExercises => write!(f, "the template has no exercises"),
            Self::UnknownDimensionInExercise {
                exercise,
                dimension,
            } => write!(
                f,
                "exercise '{exercise}' rates unknown dimension '{dimension}'"
            ),
            Self::DimensionRatedTwice {
                dimension,
                first,
                second,
            } => write!(
                f,
                "dimension '{dimension}' is rated by both exercise '{first}' and exercise '{second}'"
            ),
            Self::ZeroTimebox { exercise } => {
                write!(f, "exercise '{exercise}' has a timebox of 0 minutes")
            }
            Self::EmptyScale {
                dimension,
                min,
                max,
            } => write!(
                f,
                "dimension '{dimension}' has an empty or inverted scale {min}..{max} (min must be below max)"
            ),
            Self::NoBands { dimension } => write!(f, "dimension '{dimension}' has no bands"),
            Self::BandNotFinite { dimension, band } => write!(
                f,
                "band '{band}' of dimension '{dimension}' has a bound that is not a finite number"
            ),
            Self::InvertedBand {
                dimension,
                band,
                from,
                to,
            } => write!(
                f,
                "band '{band}' of dimension '{dimension}' is empty or inverted (from {from} to {to})"
            ),
            Self::BandsStartLate {
                dimension,
                band,
                from,
                min,
            } => write!(
                f,
                "bands of dimension '{dimension}' start at {from} (band '{band}'), above the scale minimum {min}"
            ),
            Self::BandsStartEarly {
                dimension,
                band,
                from,
                min,
            } => write!(
                f,
                "bands of dimension '{dimension}' start at {from} (band '{band}'), below the scale minimum {min}"
            ),
            Self::BandsEndEarly {
                dimension,
                band,
                to,
                max,
            } => write!(
                f,
                "bands of dimension '{dimension}' end at {to} (band '{band}'), below the scale maximum {max}"
            ),
            Self::BandsEndLate {
                dimension,
                band,
                to,
                max,
            } => write!(
                f,
                "bands of dimension '{dimension}' end at {to} (band '{band}'), above the scale maximum {max}"
            ),
            Self::BandGap {
                dimension,
                before,
                after,
                from,
                to,
            } => write!(
                f,
                "bands '{before}' and '{after}' of dimension '{dimension}' leave a gap from {from} to {to}"
            ),
            Self::BandOverlap {
                dimension,
                before,
                after,
                from,
                to,
            } => write!(
                f,
                "bands '{before}' and '{after}' of dimension '{dimension}' overlap from {from} to {to}"
            ),
            Self::UnknownModelDimension { channel, dimension } => {
                write!(f, "model {channel} names unknown dimension '{dimension}'")
            }
            Self::UnratedModelDimension { channel, dimension } => write!(
                f,
                "model {channel} uses dimension '{dimension}', which no exercise rates"
            ),
            Self::NoVotes { exercise } => write!(
                f,
                "exercise '{exercise}' gives each participant 0 votes for the ideas"
            ),
            Self::FlowNodeIsStage { id } => {
                write!(f, "flow node id '{id}' is also a stage id")
            }
            Self::ConsensusMaxIqr(v) => write!(
                f,
                "consensus max_iqr {v} is out of range (a number of at least 0)"
            ),
            Self::ConsensusMinAgreement(v) => write!(
                f,
                "consensus min_agreement {v} is out of range (a share from 0 to 1)"
            ),
            Self::ConsensusMinN => write!(f, "consensus min_n must be at least 1"),
            Self::ConsensusOutlierMargin(v) => write!(
                f,
                "consensus outlier_margin {v} is out of range (scale points, at least 0)"
            ),
            Self::ControlCharacter { what, id } => write!(
                f,
                "a text of {what} '{id}' holds a control character (such as an escape sequence)"
            ),
            Self::TimeboxesTooLong => write!(
                f,
                "the timeboxes add up to more than {MAX_TOTAL_MINUTES} minutes (a year)"
            ),
        }
    }
}

/// Every semantic problem of a template, in file order; empty when valid.
#[must_use]
pub fn check(t: &Template) -> Vec<TemplateProblem> {
    let mut out = Vec::new();
    if let Some((what, id)) = control_text(t) {
        out.push(TemplateProblem::ControlCharacter { what, id });
    }
    if t.stages.is_empty() {
        out.push(TemplateProblem::NoStages);
    }
    if t.dimensions.is_empty() {
        out.push(TemplateProblem::NoDimensions);
    }
    if t.exercises.is_empty() {
        out.push(TemplateProblem::NoExercises);
    }
    ids(
        "stage",
        t.stages.iter().map(|s| (s.id.as_str(), s.name.as_str())),
        &mut out,
    );
    ids(
        "dimension",
        t.dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.name.as_str())),
        &mut out,
    );
    ids(
        "exercise",
        t.exercises
            .iter()
            .map(|e| (e.id.as_str(), e.title.as_str())),
        &mut out,
    );
    ids(
        "technology",
        t.technologies
            .iter()
            .map(|x| (x.id.as_str(), x.name.as_str())),
        &mut out,
    );
    ids(
        "flow node",
        t.flow_nodes
            .iter()
            .map(|n| (n.id.as_str(), n.name.as_str())),
        &mut out,
    );
    for node in &t.flow_nodes {
        if !node.id.is_empty() && t.stage(&node.id).is_some() {
            out.push(TemplateProblem::FlowNodeIsStage {
                id: node.id.clone(),
            });
        }
    }
    for d in &t.dimensions {
        check_dimension(d, &mut out);
    }
    check_exercises(t, &mut out);
    let m = &t.model;
    for (channel, dim) in [
        ("x", &m.x),
        ("y", &m.y),
        ("size", &m.size),
        ("colour", &m.colour),
    ] {
        if t.dimension(dim).is_none() {
            out.push(TemplateProblem::UnknownModelDimension {
                channel,
                dimension: dim.clone(),
            });
        } else if !t.exercises.is_empty()
            && !t
                .exercises
                .iter()
                .any(|e| e.kind.rated_dimensions().contains(dim))
        {
            out.push(TemplateProblem::UnratedModelDimension {
                channel,
                dimension: dim.clone(),
            });
        }
    }
    let c = &t.consensus;
    if !(c.max_iqr.is_finite() && c.max_iqr >= 0.0) {
        out.push(TemplateProblem::ConsensusMaxIqr(c.max_iqr));
    }
    if !(c.min_agreement.is_finite() && (0.0..=1.0).contains(&c.min_agreement)) {
        out.push(TemplateProblem::ConsensusMinAgreement(c.min_agreement));
    }
    if c.min_n == 0 {
        out.push(TemplateProblem::ConsensusMinN);
    }
    if !(c.outlier_margin.is_finite() && c.outlier_margin >= 0.0) {
        out.push(TemplateProblem::ConsensusOutlierMargin(c.outlier_margin));
    }
    out
}

fn ids<'a>(
    what: &str,
    items: impl Iterator<Item = (&'a str, &'a str)>,
    out: &mut Vec<TemplateProblem>,
) {
    let mut seen = BTreeSet::new();
    let mut reported = BTreeSet::new();
    for (i, (id, name)) in items.enumerate() {
        if id.trim().is_empty() {
            out.push(TemplateProblem::EmptyId {
                what: what.to_owned(),
                index: i + 1,
            });
            continue;
        }
        if name.trim().is_empty() {
            out.push(TemplateProblem::EmptyName {
                what: what.to_owned(),
                id: id.to_owned(),
            });
        }
        if !seen.insert(id) && reported.insert(id) {
            out.push(TemplateProblem::DuplicateId {
                what: what.to_owned(),
                id: id.to_owned(),
            });
        }
    }
}

/// A year of workshop: longer agendas are typing mistakes.
pub const MAX_TOTAL_MINUTES: u64 = 365 * 24 * 60;

fn check_exercises(t: &Template, out: &mut Vec<TemplateProblem>) {
    if t.total_timebox_minutes() > MAX_TOTAL_MINUTES {
        out.push(TemplateProblem::TimeboxesTooLong);
    }
    let mut rated_by: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &t.exercises {
        if e.timebox_minutes == 0 {
            out.push(TemplateProblem::ZeroTimebox {
                exercise: e.id.clone(),
            });
        }
        if let ExerciseKind::Ideas {
            votes_per_participant: 0,
            ..
        } = e.kind
        {
            out.push(TemplateProblem::NoVotes {
                exercise: e.id.clone(),
            });
        }
        let dims = match &e.kind {
            ExerciseKind::Rating { dimensions } | ExerciseKind::Ideas { dimensions, .. } => {
                dimensions.as_slice()
            }
            ExerciseKind::Briefing | ExerciseKind::MaterialFlow | ExerciseKind::ModelReview => &[],
        };
        for dim in dims {
            if t.dimension(dim).is_none() {
                out.push(TemplateProblem::UnknownDimensionInExercise {
                    exercise: e.id.clone(),
                    dimension: dim.clone(),
                });
            } else if let Some(first) = rated_by.get(dim.as_str()) {
                out.push(TemplateProblem::DimensionRatedTwice {
                    dimension: dim.clone(),
                    first: (*first).to_owned(),
                    second: e.id.clone(),
                });
            } else {
                rated_by.insert(dim, &e.id);
            }
        }
    }
}

fn check_dimension(d: &Dimension, out: &mut Vec<TemplateProblem>) {
    let dimension = || d.id.clone();
    ids(
        &format!("band of dimension '{}'", d.id),
        d.bands.iter().map(|b| (b.id.as_str(), b.name.as_str())),
        out,
    );
    if d.scale.min >= d.scale.max {
        out.push(TemplateProblem::EmptyScale {
            dimension: dimension(),
            min: d.scale.min,
            max: d.scale.max,
        });
        // Bands cannot be checked against a scale that does not exist.
        return;
    }
    let (Some(first), Some(last)) = (d.bands.first(), d.bands.last()) else {
        out.push(TemplateProblem::NoBands {
            dimension: dimension(),
        });
        return;
    };
    let mut finite = true;
    for b in &d.bands {
        if !(b.from.is_finite() && b.to.is_finite()) {
            out.push(TemplateProblem::BandNotFinite {
                dimension: dimension(),
                band: b.id.clone(),
            });
            finite = false;
        } else if b.from >= b.to {
            out.push(TemplateProblem::InvertedBand {
                dimension: dimension(),
                band: b.id.clone(),
                from: b.from,
                to: b.to,
            });
        }
    }
    if !finite {
        return;
    }
    let (min, max) = (f64::from(d.scale.min), f64::from(d.scale.max));
    if first.from > min {
        out.push(TemplateProblem::BandsStartLate {
            dimension: dimension(),
            band: first.id.clone(),
            from: first.from,
            min: d.scale.min,
        });
    } else if first.from < min {
        out.push(TemplateProblem::BandsStartEarly {
            dimension: dimension(),
            band: first.id.clone(),
            from: first.from,
            min: d.scale.min,
        });
    }
    for pair in d.bands.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.to < b.from {
            out.push(TemplateProblem::BandGap {
                dimension: dimension(),
                before: a.id.clone(),
                after: b.id.clone(),
                from: a.to,
                to: b.from,
            });
        } else if a.to > b.from {
            out.push(TemplateProblem::BandOverlap {
                dimension: dimension(),
                before: a.id.clone(),
                after: b.id.clone(),
                from: b.from,
                to: a.to,
            });
        }
    }
    if last.to < max {
        out.push(TemplateProblem::BandsEndEarly {
            dimension: dimension(),
            band: last.id.clone(),
            to: last.to,
            max: d.scale.max,
        });
    } else if last.to > max {
        out.push(TemplateProblem::BandsEndLate {
            dimension: dimension(),
            band: last.id.clone(),
            to: last.to,
            max: d.scale.max,
        });
    }
}

/// The first text of a template that holds a control character, as
/// `(what, id)`: one-line texts hold none, paragraphs only line breaks and tabs.
fn control_text(t: &Template) -> Option<(String, String)> {
    let mut texts: Vec<(String, &str, &str)> = vec![
        ("template".to_owned(), t.id.as_str(), t.id.as_str()),
        ("template".to_owned(), t.id.as_str(), t.name.as_str()),
    ];
    for x in &t.stages {
        texts.extend([("stage", &x.id, &x.id), ("stage", &x.id, &x.name)].map(own));
    }
    for d in &t.dimensions {
        texts.extend(
            [
                ("dimension", &d.id, &d.id),
                ("dimension", &d.id, &d.name),
                ("dimension", &d.id, &d.question),
                ("dimension", &d.id, &d.anchors.low),
                ("dimension", &d.id, &d.anchors.high),
            ]
            .map(own),
        );
        for b in &d.bands {
            texts.extend([("band", &b.id, &b.id), ("band", &b.id, &b.name)].map(own));
        }
    }
    for e in &t.exercises {
        texts.extend([("exercise", &e.id, &e.id), ("exercise", &e.id, &e.title)].map(own));
        texts.extend(
            e.kind
                .rated_dimensions()
                .iter()
                .map(|d| own(("exercise", &e.id, d))),
        );
    }
    for x in &t.technologies {
        texts.extend([("technology", &x.id, &x.id), ("technology", &x.id, &x.name)].map(own));
    }
    for n in &t.flow_nodes {
        texts.extend([("flow node", &n.id, &n.id), ("flow node", &n.id, &n.name)].map(own));
    }
    let m = &t.model;
    for channel in [&m.x, &m.y, &m.size, &m.colour] {
        texts.push(own(("model", channel, channel)));
    }
    let quadrant = "quadrants".to_owned();
    if let Some(q) = &m.quadrants {
        for label in [&q.top_left, &q.top_right, &q.bottom_left, &q.bottom_right] {
            texts.push(own(("model", &quadrant, label)));
        }
    }
    let one_line = texts
        .into_iter()
        .find(|(_, _, text)| has_control(text))
        .map(|(what, id, _)| (what, id.to_owned()));
    // Descriptions and instructions are paragraphs: line breaks are fine there.
    let paragraphs = std::iter::once(("template", t.id.as_str(), t.description.as_str()))
        .chain(
            t.stages
                .iter()
                .map(|x| ("stage", x.id.as_str(), x.description.as_str())),
        )
        .chain(
            t.exercises
                .iter()
                .map(|e| ("exercise", e.id.as_str(), e.instructions.as_str())),
        )
        .chain(t.exercises.iter().filter_map(|e| {
            e.prompt
                .as_deref()
                .map(|prompt| ("exercise", e.id.as_str(), prompt))
        }))
        .find(|(_, _, text)| has_control_multiline(text))
        .map(|(what, id, _)| (what.to_owned(), id.to_owned()));
    one_line.or(paragraphs)
}

fn own<'a>((what, id, text): (&str, &'a String, &'a String)) -> (String, &'a str, &'a str) {
    (what.to_owned(), id.as_str(), text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Band, ExerciseKind, default_template};

    fn messages(t: &Template) -> Vec<String> {
        check(t).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_default_template_is_valid() {
        assert_eq!(check(&default_template()), Vec::new());
    }

    #[test]
    fn duplicate_ids_are_named_once_each() {
        let mut t = default_template();
        let s = t.stages[1].clone();
        t.stages.push(s.clone());
        t.stages.push(s);
        let e = t.technologies[0].clone();
        t.technologies.push(e);
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "stage id 'mining' is used more than once",
                "technology id 'digital_twin' is used more than once"
            ]
        );
    }

    #[test]
    fn unknown_dimensions_in_exercises_and_model_are_named() {
        let mut t = default_template();
        t.exercises[2].kind = ExerciseKind::Rating {
            dimensions: vec!["maturty".to_owned()],
        };
        t.model.colour = "matur".to_owned();
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "exercise 'maturity' rates unknown dimension 'maturty'",
                "model colour names unknown dimension 'matur'"
            ]
        );
    }

    #[test]
    fn a_dimension_rated_by_two_exercises_is_a_problem() {
        let mut t = default_template();
        t.exercises[4].kind = ExerciseKind::Rating {
            dimensions: ["circularity_impact", "carbon_footprint", "maturity"]
                .map(String::from)
                .to_vec(),
        };
        assert_eq!(
            messages(&t),
            [
                "dimension 'maturity' is rated by both exercise 'maturity' and exercise 'circularity-carbon'"
            ]
        );
    }

    #[test]
    fn the_model_needs_rated_dimensions_and_ideas_need_votes() {
        let mut t = default_template();
        t.exercises[3].kind = ExerciseKind::Ideas {
            votes_per_participant: 0,
            dimensions: vec![],
        };
        assert_eq!(
            messages(&t),
            [
                "exercise 'digitalization' gives each participant 0 votes for the ideas",
                "model x uses dimension 'digitalization_difficulty', which no exercise rates"
            ]
        );
    }

    #[test]
    fn scales_must_not_be_empty_or_inverted() {
        let mut t = default_template();
        t.dimensions[0].scale.min = 5;
        t.dimensions[1].scale.max = 0;
        let problems = check(&t);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            matches!(&problems[0], TemplateProblem::EmptyScale { dimension, .. } if dimension == "circularity_impact")
        );
        assert!(
            matches!(&problems[1], TemplateProblem::EmptyScale { dimension, .. } if dimension == "carbon_footprint")
        );
    }

    fn band(id: &str, from: f64, to: f64) -> Band {
        Band {
            id: id.to_owned(),
            name: id.to_owned(),
            from,
            to,
        }
    }

    #[test]
    fn band_gaps_overlaps_and_ends_are_each_reported() {
        let mut t = default_template();
        t.dimensions[2].bands = vec![
            band("a", 1.5, 2.0),
            band("b", 2.5, 3.0),
            band("c", 2.8, 4.0),
        ];
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "bands of dimension 'maturity' start at 1.5 (band 'a'), above the scale minimum 1",
                "bands 'a' and 'b' of dimension 'maturity' leave a gap from 2 to 2.5",
                "bands 'b' and 'c' of dimension 'maturity' overlap from 2.8 to 3",
                "bands of dimension 'maturity' end at 4 (band 'c'), below the scale maximum 5",
            ]
        );
    }

    #[test]
    fn bands_beyond_the_scale_and_inverted_bands_are_reported() {
        let mut t = default_template();
        t.dimensions[0].bands = vec![band("a", 0.0, 3.0), band("b", 3.0, 6.0)];
        t.dimensions[1].bands = vec![
            band("x", 1.0, 3.0),
            band("y", 3.0, 3.0),
            band("z", 3.0, 5.0),
        ];
        t.dimensions[2].bands = vec![];
        t.dimensions[3].bands = vec![band("n", 1.0, f64::NAN)];
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "bands of dimension 'circularity_impact' start at 0 (band 'a'), below the scale minimum 1",
                "bands of dimension 'circularity_impact' end at 6 (band 'b'), above the scale maximum 5",
                "band 'y' of dimension 'carbon_footprint' is empty or inverted (from 3 to 3)",
                "dimension 'maturity' has no bands",
                "band 'n' of dimension 'digitalization_difficulty' has a bound that is not a finite number",
            ]
        );
    }

    #[test]
    fn consensus_timebox_and_empty_lists_are_checked() {
        let mut t = default_template();
        t.consensus.max_iqr = -1.0;
        t.consensus.min_agreement = 1.5;
        t.consensus.min_n = 0;
        t.exercises[0].timebox_minutes = 0;
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "exercise 'briefing' has a timebox of 0 minutes",
                "consensus max_iqr -1 is out of range (a number of at least 0)",
                "consensus min_agreement 1.5 is out of range (a share from 0 to 1)",
                "consensus min_n must be at least 1",
            ]
        );
        let mut empty = default_template();
        empty.stages.clear();
        empty.exercises.clear();
        let m = messages(&empty);
        assert_eq!(
            m,
            [
                "the template has no stages",
                "the template has no exercises"
            ]
        );
    }

    #[test]
    fn flow_nodes_must_not_reuse_stage_ids_and_ids_must_not_be_empty() {
        let mut t = default_template();
        t.flow_nodes[0].id = "mining".to_owned();
        t.stages[0].id = String::new();
        t.stages[1].name = " ".to_owned();
        let m = messages(&t);
        assert_eq!(
            m,
            [
                "stage number 1 has an empty id",
                "stage 'mining' has an empty name",
                "flow node id 'mining' is also a stage id",
            ]
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let text = "(\n  id: \"x\",\n  name: oops,\n)";
        let e = parse(text).err();
        let e = e.as_ref().map(|e| (e.line, e.col));
        assert_eq!(e.map(|(l, _)| l), Some(3));
        assert!(parse(crate::domain::DEFAULT_TEMPLATE_RON).is_ok());
    }
}
