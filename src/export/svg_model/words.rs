//! Every word the model figure prints, in one place (for translation).

/// The figure's title.
pub const TITLE: &str = "Conceptual model";

/// The accessible title: "Conceptual model: {y} against {x}".
pub fn accessible_title(y: &str, x: &str) -> String {
    format!("Conceptual model: {y} against {x}")
}

/// The legend's words.
pub struct Legend {
    pub size: &'static str,
    pub colour: &'static str,
    pub no_size: &'static str,
    pub no_colour: &'static str,
    pub marks: &'static str,
    pub marks_text: &'static str,
    pub consensus: &'static str,
    pub agreement: &'static str,
    pub n_all: &'static str,
    pub n_unless: &'static str,
    pub nudged: &'static str,
    pub unplaced: &'static str,
    pub key: &'static str,
}

pub const LEGEND: Legend = Legend {
    size: "Size",
    colour: "Colour",
    no_size: "square: size not rated",
    no_colour: "hatched: not rated",
    marks: "Marks",
    marks_text: "dot: the stage's medians; whiskers: Q1 to Q3 (interquartile range) on x and y; \
                 dashed outline: no consensus on a mapped dimension, named in brackets after the \
                 stage (x, y, s = size, c = colour).",
    consensus: "Consensus:",
    agreement: "Agreement: the share of ratings in the level (band) that holds most of them.",
    n_all: "Ratings per stage on x and y: n =",
    n_unless: "unless given after the stage's name.",
    nudged: "Stages with the same medians share one dot; their bubbles are drawn around it, \
             each joined to it by a line.",
    unplaced: "Not placed (x or y not rated yet):",
    key: "Stages",
};

/// The description read out for one stage.
pub fn describe_stage(name: &str, values: [&str; 4], lacking: &str) -> String {
    let [x, y, size, colour] = values;
    let mut s = format!("{name}: x {x}, y {y}, size {size}, colour {colour}");
    if !lacking.is_empty() {
        s.push_str(&format!(", no consensus on {lacking}"));
    }
    s.push_str(". ");
    s
}
