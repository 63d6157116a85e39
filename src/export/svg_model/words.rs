//! Every word the model figure prints, from the session's language's
//! catalogue (see [`crate::i18n`]).

use crate::i18n::Tr;

/// The figure's title.
#[must_use]
pub fn title(tr: Tr) -> String {
    tr.text("figure-model-title")
}

/// The accessible title: "Conceptual model: {y} against {x}".
#[must_use]
pub fn accessible_title(tr: Tr, y: &str, x: &str) -> String {
    tr.args(
        "figure-model-title-long",
        &[("y", y.into()), ("x", x.into())],
    )
}

/// "Size: {dimension}".
#[must_use]
pub fn size(tr: Tr, dimension: &str) -> String {
    tr.args("figure-legend-size", &[("dimension", dimension.into())])
}

/// "Colour: {dimension}".
#[must_use]
pub fn colour(tr: Tr, dimension: &str) -> String {
    tr.args("figure-legend-colour", &[("dimension", dimension.into())])
}

/// The legend's words without arguments, by catalogue id.
#[must_use]
pub fn text(tr: Tr, id: &str) -> String {
    tr.text(id)
}

pub const NO_SIZE: &str = "figure-legend-no-size";
pub const NO_COLOUR: &str = "figure-legend-no-colour";
pub const MARKS: &str = "figure-legend-marks";
pub const MARKS_TEXT: &str = "figure-legend-marks-text";
pub const NUDGED: &str = "figure-model-nudged";
pub const KEY: &str = "figure-legend-key";
pub const ROLES: &str = "figure-legend-roles";

/// The shapes of the roles' marks (`--by role`), in order: none is a
/// circle or a square, which the legend gives other meanings.
pub const SHAPES: [&str; 6] = [
    "triangle",
    "diamond",
    "down-triangle",
    "plus",
    "cross",
    "star",
];

/// The shape of role `g`'s mark in words.
#[must_use]
pub fn shape(tr: Tr, g: usize) -> String {
    tr.text(&format!("figure-shape-{}", SHAPES[g % SHAPES.len()]))
}

/// An axis's anchors in a note: "x: 1 easy to adopt … 5 very hard to adopt".
#[must_use]
pub fn axis_anchors(tr: Tr, axis: &str, words: &str) -> String {
    tr.args(
        "figure-model-axis-anchors",
        &[("axis", axis.into()), ("anchors", words.into())],
    )
}

/// The quadrants named in a note (when their labels do not fit the plot).
#[must_use]
pub fn quadrants(tr: Tr, labels: &str) -> String {
    tr.args("figure-model-quadrants", &[("labels", labels.into())])
}

/// The consensus rule and what agreement means.
#[must_use]
pub fn consensus(tr: Tr, iqr: &str, agreement: f64, n: u32) -> String {
    tr.args(
        "figure-legend-consensus-rule",
        &[
            ("iqr", iqr.into()),
            ("agreement", format!("{agreement:.0}").into()),
            ("n", n.into()),
        ],
    )
}

/// The usual n per stage.
#[must_use]
pub fn usual_n(tr: Tr, n: usize) -> String {
    tr.args("figure-legend-n", &[("n", n.into())])
}

/// The stages that could not be placed.
#[must_use]
pub fn unplaced(tr: Tr, stages: &str) -> String {
    tr.args("figure-model-unplaced", &[("stages", stages.into())])
}

/// The description read out for one stage.
#[must_use]
pub fn describe_stage(tr: Tr, name: &str, values: [&str; 4], lacking: &str) -> String {
    let [x, y, size, colour] = values;
    let args = [
        ("stage", name.into()),
        ("x", x.into()),
        ("y", y.into()),
        ("size", size.into()),
        ("colour", colour.into()),
        ("lacking", lacking.into()),
    ];
    let mut s = if lacking.is_empty() {
        tr.args("figure-model-desc", &args)
    } else {
        tr.args("figure-model-desc-lacking", &args)
    };
    s.push(' ');
    s
}
