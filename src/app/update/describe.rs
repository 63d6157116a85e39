//! Changes in words, for the status line: what an undo or a redo is about
//! to take back ("Expert 03 × Mining (Maturity) = 4").

use std::fmt::Write as _;

use crate::app::state::SessionView;
use crate::domain::{Change, Score};

impl SessionView {
    /// The first of `changes` in words, read before they are applied (so a
    /// cell shows the value about to go), with how many more there are.
    #[must_use]
    pub fn describe_changes(&self, changes: &[Change]) -> String {
        // Cards and devices that go with another change (removing a
        // participant retires them) are bookkeeping, not news.
        let told: Vec<&Change> = changes
            .iter()
            .filter(|c| {
                !matches!(
                    c,
                    Change::SetCardGeneration { .. }
                        | Change::AddDevice(_)
                        | Change::RemoveDevice { .. }
                )
            })
            .collect();
        let told = if told.is_empty() {
            changes.iter().collect()
        } else {
            told
        };
        let Some(first) = told.first() else {
            return "nothing".to_owned();
        };
        let mut words = self.describe_change(first);
        if told.len() > 1 {
            let _ = write!(words, " and {} more changes", told.len() - 1);
        }
        words
    }

    fn describe_change(&self, change: &Change) -> String {
        let s = self.session();
        let alias = |id: &str| {
            s.participant(id)
                .map_or_else(|| id.to_owned(), |p| p.alias.clone())
        };
        match change {
            Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                ..
            }
            | Change::ClearRating {
                participant,
                round,
                stage,
                dimension,
            } => {
                let value = match s
                    .rating(participant, *round, stage, dimension)
                    .map(crate::domain::RatingEntry::score)
                {
                    Some(Score::Value(x)) => x.to_string(),
                    Some(Score::DontKnow) => "don't know".to_owned(),
                    None => "not rated".to_owned(),
                };
                let dim = s
                    .template
                    .dimension(dimension)
                    .map_or(dimension.as_str(), |d| d.name.as_str());
                format!("{} ({dim}) = {value}", self.cell_words(participant, stage))
            }
            Change::AddParticipant(p) | Change::UpdateParticipant(p) => {
                format!("participant {}", p.alias)
            }
            Change::RemoveParticipant { id } => format!("participant {}", alias(id)),
            Change::AddIdea(i) | Change::UpdateIdea(i) => format!("idea #{}", i.id),
            Change::RemoveIdea { id } => format!("idea #{id}"),
            Change::Vote { idea, participant } | Change::Unvote { idea, participant } => {
                format!("{}'s dot on idea #{idea}", alias(participant))
            }
            Change::AddFlow(f) | Change::UpdateFlow(f) => format!("flow {}", f.id),
            Change::RemoveFlow { id } => format!("flow {id}"),
            Change::AddNote(n) => format!("note {}", n.id),
            Change::RemoveNote { id } => format!("note {id}"),
            Change::StartRound(r) => format!("round {}", r.number),
            Change::RemoveRound { number } => format!("round {number}"),
            Change::SetRevealed { round, .. } => format!("the reveal of round {round}"),
            Change::SetAnonymous(_) => "anonymity".to_owned(),
            Change::SetLanguage(_) => "the room's language".to_owned(),
            _ => "a change".to_owned(),
        }
    }
}
