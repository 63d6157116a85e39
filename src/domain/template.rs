//! The workshop template: what is rated, asked and drawn. Pure data, no UI.

use serde::{Deserialize, Serialize};

/// Unknown fields are refused (not silently dropped) so that a typo in a
/// custom template is reported by `loopshop template check`.
///
/// A workshop template: the value-chain stages, the rating dimensions, the
/// exercises in running order, and how the conceptual model is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub stages: Vec<Stage>,
    pub dimensions: Vec<Dimension>,
    pub exercises: Vec<Exercise>,
    pub technologies: Vec<Technology>,
    /// Nodes of the material-flow map that are not stages (landfill, export, import...).
    #[serde(default)]
    pub flow_nodes: Vec<FlowNode>,
    pub model: ModelMapping,
    pub consensus: ConsensusRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    /// The question put to the room.
    pub question: String,
    pub scale: Scale,
    /// Plain words for the low and the high end of the scale.
    pub anchors: Anchors,
    /// Level bands on the median, in ascending order.
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
}

impl Scale {
    #[must_use]
    pub fn contains(self, value: u8) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    pub low: String,
    pub high: String,
}

/// A half-open band `[from, to)` of medians; the last band of a dimension is
/// closed at the top so that the scale maximum belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub name: String,
    pub from: f64,
    pub to: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// For the facilitator: never shown on the participants' phones.
    pub instructions: String,
    /// For the participants: what their phones show under the exercise's
    /// title (schema 11); without it, the title alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    pub timebox_minutes: u32,
    pub kind: ExerciseKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExerciseKind {
    Briefing,
    /// Rate every stage on the listed dimensions.
    Rating {
        dimensions: Vec<String>,
    },
    /// Ideas per stage, tagged with technologies, with dot voting.
    Ideas {
        votes_per_participant: u32,
        /// Dimensions rated alongside the ideas (may be empty).
        #[serde(default)]
        dimensions: Vec<String>,
    },
    MaterialFlow,
    ModelReview,
}

impl ExerciseKind {
    /// The dimensions this exercise asks the room to rate.
    #[must_use]
    pub fn rated_dimensions(&self) -> &[String] {
        match self {
            Self::Rating { dimensions } | Self::Ideas { dimensions, .. } => dimensions,
            _ => &[],
        }
    }

    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::Briefing => "briefing",
            Self::Rating { .. } => "rating",
            Self::Ideas { .. } => "ideas",
            Self::MaterialFlow => "material flow",
            Self::ModelReview => "model review",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowNode {
    pub id: String,
    pub name: String,
    pub role: FlowNodeRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlowNodeRole {
    Source,
    Sink,
}

/// Which dimension drives which visual channel of the conceptual model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMapping {
    pub x: String,
    pub y: String,
    pub size: String,
    pub colour: String,
    /// The words in the four corners of the model (schema 7); without them
    /// the figure words each corner from the mapped dimensions' anchors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quadrants: Option<QuadrantLabels>,
}

/// What the template calls each quadrant of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuadrantLabels {
    /// High y, low x.
    pub top_left: String,
    /// High y, high x.
    pub top_right: String,
    /// Low y, low x.
    pub bottom_left: String,
    /// Low y, high x.
    pub bottom_right: String,
}

/// When the group is said to agree on a cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusRule {
    pub max_iqr: f64,
    pub min_agreement: f64,
    pub min_n: u32,
    /// How far outside the previous round's Q1-Q3 an answer must lie to be
    /// flagged as an outlier whose reason is asked for, in scale points
    /// (schema 10; absent in older files: 1).
    #[serde(default = "default_outlier_margin")]
    pub outlier_margin: f64,
}

/// The outlier margin of a rule that does not say: one scale point, so that
/// a tight interquartile range does not flag a sixth of the grid.
#[must_use]
pub fn default_outlier_margin() -> f64 {
    1.0
}

impl Template {
    #[must_use]
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    #[must_use]
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    #[must_use]
    pub fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }

    #[must_use]
    pub fn technology(&self, id: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.id == id)
    }

    /// Whether `id` names a node of the flow map: a stage or a flow node.
    #[must_use]
    pub fn is_flow_node(&self, id: &str) -> bool {
        self.stage(id).is_some() || self.flow_nodes.iter().any(|n| n.id == id)
    }

    /// Where a flow may start: sources and stages (nothing flows out of a
    /// sink), as `(id, name)` in map order.
    #[must_use]
    pub fn flow_origins(&self) -> Vec<(String, String)> {
        self.nodes_around(&[FlowNodeRole::Source], &[])
    }

    /// Where a flow may end: stages and sinks (nothing flows into a source).
    #[must_use]
    pub fn flow_targets(&self) -> Vec<(String, String)> {
        self.nodes_around(&[], &[FlowNodeRole::Sink])
    }

    /// Where a flow from `from` may end: every target but `from` itself.
    #[must_use]
    pub fn flow_targets_from(&self, from: &str) -> Vec<(String, String)> {
        let mut targets = self.flow_targets();
        targets.retain(|(id, _)| id != from);
        targets
    }

    /// The kinds of flow that make sense into `to`: material that ends in a
    /// sink (landfill, export, hoarding) leaves the chain, a loss; material
    /// that reaches a stage moves on or comes back, never a loss.
    #[must_use]
    pub fn flow_kinds_to(&self, to: &str) -> Vec<super::FlowKind> {
        let sink = self
            .flow_nodes
            .iter()
            .any(|n| n.id == to && n.role == FlowNodeRole::Sink);
        super::FlowKind::ALL
            .into_iter()
            .filter(|k| (*k == super::FlowKind::Loss) == sink)
            .collect()
    }

    /// Every node of the flow map: sources, stages, then sinks.
    #[must_use]
    pub fn flow_map_nodes(&self) -> Vec<(String, String)> {
        self.nodes_around(&[FlowNodeRole::Source], &[FlowNodeRole::Sink])
    }

    /// The nodes of the `before` roles, the stages, then those of the `after` roles.
    fn nodes_around(
        &self,
        before: &[FlowNodeRole],
        after: &[FlowNodeRole],
    ) -> Vec<(String, String)> {
        let nodes = |roles: &[FlowNodeRole]| {
            self.flow_nodes
                .iter()
                .filter(|n| roles.contains(&n.role))
                .map(|n| (n.id.clone(), n.name.clone()))
                .collect::<Vec<_>>()
        };
        nodes(before)
            .into_iter()
            .chain(self.stages.iter().map(|s| (s.id.clone(), s.name.clone())))
            .chain(nodes(after))
            .collect()
    }

    /// Display name of a stage or flow node.
    #[must_use]
    pub fn node_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.stage(id)
            .map(|s| s.name.as_str())
            .or_else(|| {
                self.flow_nodes
                    .iter()
                    .find(|n| n.id == id)
                    .map(|n| n.name.as_str())
            })
            .unwrap_or(id)
    }

    #[must_use]
    pub fn total_timebox_minutes(&self) -> u64 {
        // u64: a sum of u32 timeboxes cannot wrap.
        self.exercises
            .iter()
            .map(|e| u64::from(e.timebox_minutes))
            .sum()
    }
}

impl Dimension {
    /// The band that holds `median`: half-open `[from, to)`, the top band closed.
    #[must_use]
    pub fn band_of(&self, median: f64) -> Option<&Band> {
        let last = self.bands.len().checked_sub(1)?;
        self.bands.iter().enumerate().find_map(|(i, b)| {
            let inside = median >= b.from && (median < b.to || (i == last && median <= b.to));
            inside.then_some(b)
        })
    }

    /// Index of the band that holds `value`.
    #[must_use]
    pub fn band_index(&self, value: f64) -> Option<usize> {
        let band = self.band_of(value)?;
        self.bands.iter().position(|b| std::ptr::eq(b, band))
    }
}
