use super::template::Template;

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The default template as shipped, RON text (what `template show` prints
/// without `--name`): the English one.
pub const DEFAULT_TEMPLATE_RON: &str = include_str!("../../assets/templates/default-en.ron");

/// The default template, parsed from the embedded RON.
///
/// # Panics
/// Never in a released build: the embedded text is parsed by a unit test.
#[must_use]
pub fn default_template() -> Template {
    ron::from_str(DEFAULT_TEMPLATE_RON).expect("the embedded default template is valid RON")
}

/// A built-in template by name (`default-en`, `default-sv`): its language
/// and RON text.
#[must_use]
pub fn builtin_template(name: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, lang, text)| (*lang, *text))
}

/// The name of the built-in default template in `language`, if it has one.
#[must_use]
pub fn default_template_name(language: &str) -> Option<&'static str> {
    BUILTIN_TEMPLATES
        .iter()
        .find(|(n, lang, _)| *lang == language && n.starts_with("default-"))
        .map(|(n, _, _)| *n)
}

/// The built-in default template in `language`, or the English one when
/// that language has none.
#[must_use]
pub fn default_template_in(language: &str) -> Template {
    default_template_name(language)
        .and_then(builtin_template)
        .and_then(|(_, text)| super::template_check::parse(text).ok())
        .unwrap_or_else(default_template)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Template {
        ron::from_str(text).expect("a built-in template is valid RON")
    }

    #[test]
    fn the_default_template_in_a_language_falls_back_to_english() {
        let sv = default_template_in("sv");
        assert_ne!(sv, default_template());
        assert_eq!(sv.stages.len(), default_template().stages.len());
        assert_eq!(default_template_in("en"), default_template());
        assert_eq!(default_template_in("xx"), default_template());
    }

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

    /// Every built-in template has the English default's ids, scales,
    /// bands, timeboxes, model and consensus rule: only its words differ,
    /// so that sessions in any language pool and compare.
    #[test]
    fn every_builtin_default_template_has_the_same_ids_as_the_english_one() {
        let en = default_template();
        assert_eq!(builtin_template("default-en").map(|(l, _)| l), Some("en"));
        assert_eq!(default_template_name("sv"), Some("default-sv"));
        assert!(BUILTIN_TEMPLATES.len() >= 2);
        for (name, lang, text) in BUILTIN_TEMPLATES {
            let t = parse(text);
            let ids = |t: &Template| {
                (
                    t.id.clone(),
                    t.stages.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                    t.dimensions
                        .iter()
                        .map(|d| {
                            let bands: Vec<_> = d
                                .bands
                                .iter()
                                .map(|b| (b.id.clone(), b.from, b.to))
                                .collect();
                            (d.id.clone(), d.scale, format!("{bands:?}"))
                        })
                        .collect::<Vec<_>>(),
                    t.exercises
                        .iter()
                        .map(|e| (e.id.clone(), e.timebox_minutes, e.kind.clone()))
                        .collect::<Vec<_>>(),
                    t.technologies
                        .iter()
                        .map(|x| x.id.clone())
                        .collect::<Vec<_>>(),
                    t.flow_nodes
                        .iter()
                        .map(|x| (x.id.clone(), x.role))
                        .collect::<Vec<_>>(),
                    t.model.clone(),
                    format!("{:?}", t.consensus),
                )
            };
            assert_eq!(ids(&t), ids(&en), "{name} ({lang})");
            assert!(
                crate::domain::template_check::check(&t).is_empty(),
                "{name}: {:?}",
                crate::domain::template_check::check(&t)
            );
            if *lang != "en" {
                assert_ne!(t.stages[0].name, en.stages[0].name, "{name} is translated");
            }
        }
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
