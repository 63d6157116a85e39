//! Reading the conceptual model: which quadrant a stage falls in.

use serde::Serialize;

use crate::domain::Template;

use super::Placement;

/// Where a stage sits against the midpoints of the model's x and y scales,
/// reading y as impact and x as difficulty (the default template's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High impact, low difficulty.
    QuickWin,
    /// High impact, high difficulty.
    MajorProject,
    /// Low impact, low difficulty.
    FillIn,
    /// Low impact, high difficulty.
    ThanklessTask,
    /// On the midpoint of either axis.
    Borderline,
}

impl Quadrant {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::QuickWin => "quick win",
            Self::MajorProject => "major project",
            Self::FillIn => "fill-in",
            Self::ThanklessTask => "thankless task",
            Self::Borderline => "borderline",
        }
    }
}

/// The quadrant of a placement; `None` when x or y has no median.
#[must_use]
pub fn quadrant(template: &Template, placement: &Placement) -> Option<Quadrant> {
    const EPS: f64 = 1e-9;
    let mid = |dim: &str| {
        template.dimension(dim).map_or(3.0, |d| {
            f64::midpoint(f64::from(d.scale.min), f64::from(d.scale.max))
        })
    };
    let x = placement.x? - mid(&template.model.x);
    let y = placement.y? - mid(&template.model.y);
    if x.abs() < EPS || y.abs() < EPS {
        return Some(Quadrant::Borderline);
    }
    Some(match (y > 0.0, x > 0.0) {
        (true, false) => Quadrant::QuickWin,
        (true, true) => Quadrant::MajorProject,
        (false, false) => Quadrant::FillIn,
        (false, true) => Quadrant::ThanklessTask,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_template;

    fn at(x: f64, y: f64) -> Placement {
        Placement {
            stage: "s".into(),
            x: Some(x),
            y: Some(y),
            size: None,
            colour: None,
            consensus: false,
        }
    }

    #[test]
    fn quadrants_split_at_the_scale_midpoint() {
        let t = default_template(); // x: digitalization difficulty, y: circularity impact, 1..5
        assert_eq!(quadrant(&t, &at(1.5, 4.5)), Some(Quadrant::QuickWin));
        assert_eq!(quadrant(&t, &at(4.5, 4.5)), Some(Quadrant::MajorProject));
        assert_eq!(quadrant(&t, &at(2.0, 2.0)), Some(Quadrant::FillIn));
        assert_eq!(quadrant(&t, &at(4.0, 1.0)), Some(Quadrant::ThanklessTask));
        assert_eq!(quadrant(&t, &at(3.0, 5.0)), Some(Quadrant::Borderline));
        let mut p = at(1.0, 1.0);
        p.y = None;
        assert_eq!(quadrant(&t, &p), None);
        assert_eq!(Quadrant::QuickWin.label(), "quick win");
    }
}
