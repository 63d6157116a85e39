//! Figure 2, the conceptual model, as a standalone SVG picture for papers:
//! each stage a bubble placed by the medians of the model mapping's `x` and
//! `y` dimensions, sized by `size`, coloured by `colour`, with axes, anchor
//! words, quadrant labels, a legend and non-overlapping stage labels. Stages
//! without consensus get a dashed outline.
//!
//! Two steps: [`layout`] decides where everything goes (pure geometry, which
//! the tests check without reading SVG), `emit` writes that layout, the axes
//! and the legend as SVG text.

mod emit;
mod layout;

pub use super::labels::{escape_xml as escape, fmt_value};
pub use emit::{render, render_placements, render_round};
pub use layout::{Bubble, HEIGHT, Layout, Rect, WIDTH, layout, ramp, text_width, unit};

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
