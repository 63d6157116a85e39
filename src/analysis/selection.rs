//! Which round each dimension's values come from: the one rule every screen,
//! `show` and export follows. By default, per dimension, the latest round
//! in which that dimension was rated (so a Delphi round that re-rates one
//! dimension leaves the others at their earlier round); `--round N` means
//! exactly round N for every dimension.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::{Session, Template};

use super::{Aggregate, CellStats, Placement};

/// The round a reader asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum RoundChoice {
    /// Per dimension, the latest round that rated it.
    #[default]
    Latest,
    /// Exactly this round, for every dimension.
    Exactly(u32),
}

impl RoundChoice {
    /// `Latest` for `None`, else `Exactly(n)`.
    #[must_use]
    pub fn from_option(round: Option<u32>) -> Self {
        round.map_or(Self::Latest, Self::Exactly)
    }
}

/// The round each dimension of a template is read from (`None`: no round
/// that may be shown has rated it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundSelection {
    pub choice: RoundChoice,
    /// `(dimension id, round)` in template order.
    pub rounds: Vec<(String, Option<u32>)>,
}

impl RoundSelection {
    /// The selection for `choice`, reading only rounds for which `visible`
    /// holds (blind rounds not yet revealed are left out by the caller).
    #[must_use]
    pub fn new(
        agg: &Aggregate,
        template: &Template,
        choice: RoundChoice,
        visible: impl Fn(u32) -> bool,
    ) -> Self {
        let rounds = template
            .dimensions
            .iter()
            .map(|d| {
                let round = match choice {
                    RoundChoice::Exactly(n) => {
                        (visible(n) && agg.has_ratings_in(n, &d.id)).then_some(n)
                    }
                    RoundChoice::Latest => agg
                        .rounds()
                        .into_iter()
                        .rev()
                        .find(|&r| visible(r) && agg.has_ratings_in(r, &d.id)),
                };
                (d.id.clone(), round)
            })
            .collect();
        Self { choice, rounds }
    }

    /// The selection of a stored session, for reports: blind rounds that are
    /// not revealed stay out.
    #[must_use]
    pub fn of_session(session: &Session, agg: &Aggregate, choice: RoundChoice) -> Self {
        Self::new(agg, &session.template, choice, |r| {
            session
                .round(r)
                .is_none_or(crate::domain::Round::aggregate_visible)
        })
    }

    /// The round `dimension` is read from.
    #[must_use]
    pub fn round_of(&self, dimension: &str) -> Option<u32> {
        self.rounds
            .iter()
            .find(|(d, _)| d == dimension)
            .and_then(|(_, r)| *r)
    }

    /// The distinct rounds in use, ascending.
    #[must_use]
    pub fn rounds_used(&self) -> BTreeSet<u32> {
        self.rounds.iter().filter_map(|(_, r)| *r).collect()
    }

    /// Whether any dimension has a round to show.
    #[must_use]
    pub fn any(&self) -> bool {
        self.rounds.iter().any(|(_, r)| r.is_some())
    }

    /// Whether every dimension with a round comes from the same one.
    #[must_use]
    pub fn single_round(&self) -> Option<u32> {
        let used = self.rounds_used();
        (used.len() == 1).then(|| used.into_iter().next()).flatten()
    }

    /// Statistics of one cell in its dimension's round (empty, round 0,
    /// when the dimension has none).
    #[must_use]
    pub fn cell(
        &self,
        agg: &Aggregate,
        template: &Template,
        stage: &str,
        dimension: &str,
    ) -> CellStats {
        let round = self.round_of(dimension).unwrap_or(0);
        agg.cell(template, round, stage, dimension)
    }

    /// Every stage x reported dimension, each in its dimension's round, in
    /// template order.
    #[must_use]
    pub fn cells(&self, agg: &Aggregate, template: &Template) -> Vec<CellStats> {
        let dims = agg.dimensions(template);
        let mut out = Vec::with_capacity(template.stages.len() * dims.len());
        for position in 0..template.stages.len() {
            for dim in &dims {
                let round = self.round_of(&dim.id).unwrap_or(0);
                out.push(agg.cell_at(template, round, position, &dim.id));
            }
        }
        out
    }

    /// The model placement of every stage, each axis from its dimension's
    /// round.
    #[must_use]
    pub fn model(&self, agg: &Aggregate, template: &Template) -> Vec<Placement> {
        (0..template.stages.len())
            .map(|i| agg.place(template, i, |d| self.round_of(d).unwrap_or(0)))
            .collect()
    }

    /// Where the values come from, for a figure's caption: "round 2" when
    /// one round, else "round 2 (Impact on circularity); round 1 (others)",
    /// with dimension names from `template`; `None` when nothing is rated.
    #[must_use]
    pub fn describe(&self, template: &Template) -> Option<String> {
        let parts = self.parts(template);
        if let [(round, _)] = parts.as_slice() {
            return Some(format!("round {round}"));
        }
        let words: Vec<String> = parts
            .iter()
            .map(|(r, dims)| match dims {
                Some(dims) => format!("round {r} ({})", dims.join(", ")),
                None => format!("round {r} (others)"),
            })
            .collect();
        (!words.is_empty()).then(|| words.join("; "))
    }

    /// The rounds in use, latest first, each with the names of the
    /// dimensions read from it; the oldest (or only) round's are `None`,
    /// "the others". What a caption says, in whatever words.
    #[must_use]
    pub fn parts(&self, template: &Template) -> Vec<(u32, Option<Vec<String>>)> {
        let used = self.rounds_used();
        let oldest = used.iter().next().copied();
        used.iter()
            .rev()
            .map(|&r| {
                let dims = (Some(r) != oldest).then(|| {
                    self.rounds
                        .iter()
                        .filter(|(_, x)| *x == Some(r))
                        .map(|(d, _)| {
                            template
                                .dimension(d)
                                .map_or_else(|| d.clone(), |x| x.name.clone())
                        })
                        .collect()
                });
                (r, dims)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, EnteredBy, Round, Score};
    use crate::synthetic::{epoch, synthetic_session};

    fn start_round(s: &mut Session, number: u32, blind: bool) {
        let round = Round {
            number,
            started: epoch(),
            blind,
            revealed: false,
            absent: Vec::new(),
        };
        s.apply(&Change::StartRound(round)).expect("a new round");
    }

    /// One participant rates every stage `v` on `dim` in `round`.
    fn rate(s: &mut Session, round: u32, dim: &str, v: u8) {
        let stages: Vec<String> = s.template.stages.iter().map(|st| st.id.clone()).collect();
        for stage in stages {
            let change = Change::SetRating {
                participant: s.participants[0].id.clone(),
                round,
                stage,
                dimension: dim.to_owned(),
                score: Score::Value(v),
                comment: None,
                at: epoch(),
                entered_by: EnteredBy::Facilitator,
            };
            s.apply(&change).expect("a valid rating");
        }
    }

    fn dims(s: &Session) -> Vec<String> {
        s.template.dimensions.iter().map(|d| d.id.clone()).collect()
    }

    #[test]
    fn latest_is_per_dimension_and_exactly_is_exact() {
        let mut s = synthetic_session("t", 5, 7);
        let dims = dims(&s);
        start_round(&mut s, 2, false);
        rate(&mut s, 2, &dims[0], 5);
        let agg = Aggregate::new(&s);
        let stage = s.template.stages[0].id.clone();

        let latest = RoundSelection::of_session(&s, &agg, RoundChoice::Latest);
        assert_eq!(latest.round_of(&dims[0]), Some(2));
        assert_eq!(latest.round_of(&dims[1]), Some(1));
        let model = latest.model(&agg, &s.template);
        assert!(
            model
                .iter()
                .all(|p| p.x.is_some() && p.y.is_some() && p.size.is_some())
        );
        assert_eq!(
            latest.cell(&agg, &s.template, &stage, &dims[0]).median,
            Some(5.0)
        );
        let caption = latest.describe(&s.template).unwrap_or_default();
        assert!(
            caption.starts_with("round 2 (") && caption.ends_with("round 1 (others)"),
            "{caption}"
        );

        let exactly = RoundSelection::of_session(&s, &agg, RoundChoice::Exactly(2));
        assert_eq!(exactly.round_of(&dims[0]), Some(2));
        assert_eq!(exactly.round_of(&dims[1]), None);
        let first = RoundSelection::of_session(&s, &agg, RoundChoice::Exactly(1));
        assert_eq!(first.single_round(), Some(1));
        assert_ne!(
            first.cell(&agg, &s.template, &stage, &dims[0]).median,
            Some(5.0)
        );
    }

    #[test]
    fn a_hidden_round_is_skipped_for_the_one_before() {
        let mut s = synthetic_session("t", 5, 7);
        let dims = dims(&s);
        start_round(&mut s, 2, true);
        rate(&mut s, 2, &dims[0], 5);
        let agg = Aggregate::new(&s);
        let sel = RoundSelection::of_session(&s, &agg, RoundChoice::Latest);
        assert_eq!(sel.round_of(&dims[0]), Some(1));
        let exact = RoundSelection::of_session(&s, &agg, RoundChoice::Exactly(2));
        assert!(!exact.any());
    }
}
