use super::template::Template;

/// The default template as shipped, RON text (also what `template show` prints).
pub const DEFAULT_TEMPLATE_RON: &str = include_str!("../../assets/default-template.ron");

/// The default template, parsed from the embedded RON.
///
/// # Panics
/// Never in a released build: the embedded text is parsed by a unit test.
#[must_use]
pub fn default_template() -> Template {
    ron::from_str(DEFAULT_TEMPLATE_RON).expect("the embedded default template is valid RON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_matches_the_paper() {
        let t = default_template();
        let stages: Vec<&str> = t.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            stages,
            [
                "exploration",
                "mining",
                "processing",
                "design",
                "production",
                "use",
                "reuse",
                "collection",
                "recycling"
            ]
        );
        let dims: Vec<&str> = t.dimensions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            dims,
            [
                "circularity_impact",
                "carbon_footprint",
                "maturity",
                "digitalization_difficulty",
                "circularity_difficulty"
            ]
        );
        assert_eq!(t.total_timebox_minutes(), 180);
        assert_eq!(t.technologies.len(), 7);
        assert_eq!(t.model.x, "digitalization_difficulty");
        assert_eq!(t.model.y, "circularity_impact");
        assert_eq!(t.model.size, "carbon_footprint");
        assert_eq!(t.model.colour, "maturity");
        assert!((t.consensus.max_iqr - 1.0).abs() < f64::EPSILON);
        assert_eq!(t.consensus.min_n, 3);
    }

    #[test]
    fn bands_are_half_open_with_a_closed_top() {
        let t = default_template();
        let d = &t.dimensions[0];
        assert_eq!(d.band_of(1.0).map(|b| b.id.as_str()), Some("low"));
        assert_eq!(d.band_of(2.49).map(|b| b.id.as_str()), Some("low"));
        assert_eq!(d.band_of(2.5).map(|b| b.id.as_str()), Some("medium"));
        assert_eq!(d.band_of(3.5).map(|b| b.id.as_str()), Some("high"));
        assert_eq!(d.band_of(5.0).map(|b| b.id.as_str()), Some("high"));
        assert_eq!(d.band_of(5.5), None);
        assert_eq!(d.band_of(0.5), None);
    }
}
