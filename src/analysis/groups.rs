//! Statistics per stakeholder group (a participant's role): each group's
//! cells are the overall computation run on that group's ratings alone,
//! in the rounds the overall figures use. A group with fewer than the
//! minimum of participants is reported as too few: its statistics would
//! point at the people in it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Aggregate, CellStats, Concordance, RoundSelection, concordance};
use crate::domain::Session;

/// The smallest group reported by default.
pub const DEFAULT_MIN_GROUP_N: usize = 3;

/// The word for participants without a role.
pub const UNSPECIFIED: &str = "unspecified";

/// A participant's group: the role, trimmed, or [`UNSPECIFIED`].
#[must_use]
pub fn group_of(role: &str) -> String {
    let r = role.trim();
    if r.is_empty() {
        UNSPECIFIED.to_owned()
    } else {
        r.to_owned()
    }
}

/// One group's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub role: String,
    /// Participants of the session in this role.
    pub participants: usize,
    /// Fewer participants than the minimum: no statistics are given.
    pub too_few: bool,
    /// Every stage x reported dimension in the selection's rounds (empty
    /// when too few).
    pub cells: Vec<CellStats>,
    pub concordance: Vec<Concordance>,
}

/// `session` with only the participants (and their ratings) of `role`.
#[must_use]
pub fn subset(session: &Session, role: &str) -> Session {
    let mut out = session.clone();
    out.participants.retain(|p| group_of(&p.role) == role);
    let keep: std::collections::HashSet<&str> =
        out.participants.iter().map(|p| p.id.as_str()).collect();
    out.ratings = session
        .ratings
        .iter()
        .filter(|s| keep.contains(s.participant.as_str()))
        .cloned()
        .collect();
    out
}

/// Every group of `session`, in name order, with its statistics in the
/// rounds `selection` picks; groups under `min_n` participants are too few.
#[must_use]
pub fn by_role(session: &Session, selection: &RoundSelection, min_n: usize) -> Vec<Group> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in &session.participants {
        *counts.entry(group_of(&p.role)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(role, participants)| {
            if participants < min_n.max(1) {
                return Group {
                    role,
                    participants,
                    too_few: true,
                    cells: Vec::new(),
                    concordance: Vec::new(),
                };
            }
            let part = subset(session, &role);
            let agg = Aggregate::new(&part);
            Group {
                cells: selection.cells(&agg, &part.template),
                concordance: concordance(&part)
                    .into_iter()
                    .filter(|c| selection.round_of(&c.dimension) == Some(c.round))
                    .collect(),
                role,
                participants,
                too_few: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::RoundChoice;
    use crate::synthetic::example_session;

    #[test]
    fn small_groups_are_too_few_and_others_add_up() {
        let s = example_session();
        let agg = Aggregate::new(&s);
        let sel = RoundSelection::of_session(&s, &agg, RoundChoice::Latest);
        let groups = by_role(&s, &sel, 3);
        assert!(!groups.is_empty());
        let total: usize = groups.iter().map(|g| g.participants).sum();
        assert_eq!(total, s.participants.len());
        let all = sel.cells(&agg, &s.template);
        // The groups' n add up to the overall n (when none is too few).
        if groups.iter().all(|g| !g.too_few) {
            for (i, c) in all.iter().enumerate() {
                let sum: usize = groups.iter().map(|g| g.cells[i].n).sum();
                assert_eq!(sum, c.n, "{} {}", c.stage, c.dimension);
            }
        }
        let huge = by_role(&s, &sel, 1000);
        assert!(huge.iter().all(|g| g.too_few && g.cells.is_empty()));
    }
}
