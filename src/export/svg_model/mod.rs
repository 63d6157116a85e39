//! Figure 2, the conceptual model, as a standalone SVG picture for papers:
//! each stage a bubble placed by the medians of the model mapping's `x` and
//! `y` dimensions (a dot at the true point, Q1-Q3 whiskers on both axes),
//! sized by `size`, coloured by `colour`, with axes, anchor words, quadrant
//! labels worded from the anchors, a legend and stage labels that overlap
//! nothing (numbers with a key when the names do not fit). Stages without
//! consensus get a dashed outline and the letters of the dimensions that
//! lack it. Units are points at the printed width (`--width-mm`).
//!
//! Two steps: [`layout`] decides where everything goes (pure geometry, which
//! the tests check without reading SVG), `emit` writes it as SVG text.

mod emit;
mod layout;
pub mod words;

pub use super::labels::{escape_xml as escape, fmt_value};
pub use super::svg_text::Rect;
pub use emit::{render, render_drawn, render_placements, render_points, render_round};
pub use layout::{
    Bubble, GroupMark, GroupPoint, Layout, ModelOptions, ModelPoint, Spread, layout, layout_points,
    n_text, outline_of, points_from_cells, points_from_placements, ramp, step_colour, unit,
};

#[cfg(test)]
mod tests {
    use crate::analysis::Placement;

    /// The example session's profile, as placements.
    pub(super) fn example_placements() -> Vec<Placement> {
        let rows: [(&str, f64, f64, f64, f64, bool); 9] = [
            ("exploration", 3.0, 2.0, 2.0, 2.0, true),
            ("mining", 4.0, 2.0, 5.0, 2.0, false),
            ("processing", 3.0, 2.0, 4.0, 3.0, true),
            ("design", 2.0, 5.0, 2.0, 4.0, true),
            ("production", 2.0, 4.0, 5.0, 4.0, true),
            ("use", 3.0, 2.0, 2.0, 4.0, false),
            ("reuse", 4.0, 4.0, 2.0, 3.0, true),
            ("collection", 4.0, 5.0, 2.0, 2.0, true),
            ("recycling", 5.0, 5.0, 3.0, 2.0, false),
        ];
        rows.iter()
            .map(|&(stage, x, y, size, colour, consensus)| Placement {
                stage: stage.to_owned(),
                x: Some(x),
                y: Some(y),
                size: Some(size),
                colour: Some(colour),
                consensus,
            })
            .collect()
    }
}
