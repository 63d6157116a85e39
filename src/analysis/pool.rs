//! Pooling several sessions into one, so that reports and statistics can be
//! drawn over all workshops of a study at once.
//!
//! Identity: participants of different sessions are different people, and
//! their ids are prefixed with the session's position (`s1:p01`, `s2:p01`).
//! A participant whose id *and* alias appear in more than one session is
//! taken to be the same person and keeps the plain id. (Matching on the id
//! alone would merge `p01` of every workshop, since ids are handed out per
//! session, and silently drop ratings.) When the same person rated the same
//! cell in the same round of two sessions, the later rating is kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Duration;
use thiserror::Error;

use crate::domain::{Idea, Note, Participant, RatingEntry, RatingSheet, Round, Session};

/// Why sessions cannot be pooled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PoolError {
    #[error("no sessions to pool")]
    Empty,
    #[error(
        "'{other}' rates other stages than '{first}' (stages differ: {difference}); only sessions of the same template can be pooled"
    )]
    StagesDiffer {
        first: String,
        other: String,
        difference: String,
    },
    #[error(
        "'{other}' rates other dimensions than '{first}' (dimensions differ: {difference}); only sessions of the same template can be pooled"
    )]
    DimensionsDiffer {
        first: String,
        other: String,
        difference: String,
    },
    #[error(
        "dimension '{dimension}' has the scale {a} in '{first}' but {b} in '{other}'; only sessions with the same scales can be pooled"
    )]
    ScalesDiffer {
        dimension: String,
        first: String,
        other: String,
        a: String,
        b: String,
    },
}

fn ids<'a>(items: impl Iterator<Item = &'a String>) -> BTreeSet<&'a str> {
    items.map(String::as_str).collect()
}

fn difference(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> String {
    a.symmetric_difference(b)
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_compatible(first: &Session, other: &Session) -> Result<(), PoolError> {
    let (ta, tb) = (&first.template, &other.template);
    let (sa, sb) = (
        ids(ta.stages.iter().map(|s| &s.id)),
        ids(tb.stages.iter().map(|s| &s.id)),
    );
    if sa != sb {
        return Err(PoolError::StagesDiffer {
            first: first.title.clone(),
            other: other.title.clone(),
            difference: difference(&sa, &sb),
        });
    }
    let (da, db) = (
        ids(ta.dimensions.iter().map(|d| &d.id)),
        ids(tb.dimensions.iter().map(|d| &d.id)),
    );
    if da != db {
        return Err(PoolError::DimensionsDiffer {
            first: first.title.clone(),
            other: other.title.clone(),
            difference: difference(&da, &db),
        });
    }
    for d in &ta.dimensions {
        if let Some(e) = tb.dimension(&d.id)
            && e.scale != d.scale
        {
            return Err(PoolError::ScalesDiffer {
                dimension: d.id.clone(),
                first: first.title.clone(),
                other: other.title.clone(),
                a: format!("{}..{}", d.scale.min, d.scale.max),
                b: format!("{}..{}", e.scale.min, e.scale.max),
            });
        }
    }
    Ok(())
}

/// One session whose ratings, ideas, flows and notes are those of all
/// `sessions`; see the module documentation for how people are matched.
/// A single session is returned unchanged.
///
/// # Errors
/// [`PoolError`] when there is nothing to pool or the sessions do not share
/// their stages, dimensions and scales.
pub fn pool(sessions: &[Session]) -> Result<Session, PoolError> {
    let (first, rest) = sessions.split_first().ok_or(PoolError::Empty)?;
    for other in rest {
        check_compatible(first, other)?;
    }
    if rest.is_empty() {
        return Ok(first.clone());
    }

    // Which (id, alias) pairs occur in more than one session: the same person.
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for s in sessions {
        let here: BTreeSet<(&str, &str)> = s
            .participants
            .iter()
            .map(|p| (p.id.as_str(), p.alias.as_str()))
            .collect();
        for key in here {
            *seen.entry(key).or_default() += 1;
        }
    }
    let shared = |p: &Participant| seen.get(&(p.id.as_str(), p.alias.as_str())) > Some(&1);

    let created = sessions
        .iter()
        .map(|s| s.created)
        .min()
        .unwrap_or(first.created);
    let updated = sessions
        .iter()
        .map(|s| s.updated)
        .max()
        .unwrap_or(first.updated);

    let mut template = first.template.clone();
    for s in rest {
        for t in &s.template.technologies {
            if template.technology(&t.id).is_none() {
                template.technologies.push(t.clone());
            }
        }
        for n in &s.template.flow_nodes {
            if !template.flow_nodes.iter().any(|m| m.id == n.id) {
                template.flow_nodes.push(n.clone());
            }
        }
        for e in &s.template.exercises {
            if !template.exercises.iter().any(|x| x.id == e.id) {
                template.exercises.push(e.clone());
            }
        }
    }

    let mut facilitators: Vec<&str> = Vec::new();
    for s in sessions {
        let f = s.facilitator.trim();
        if !f.is_empty() && !facilitators.contains(&f) {
            facilitators.push(f);
        }
    }

    let title = sessions
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let mut out = Session {
        schema_version: first.schema_version,
        updated,
        anonymous: sessions.iter().any(|s| s.anonymous),
        // The first session's language (`export --lang` may override it).
        language: first.language.clone(),
        rounds: Vec::new(),
        ..Session::new(&title, &facilitators.join(", "), template, created)
    };

    // Rounds: the union; a pooled round is hidden while any of its parts is.
    let mut rounds: BTreeMap<u32, Round> = BTreeMap::new();
    for s in sessions {
        for r in &s.rounds {
            rounds
                .entry(r.number)
                .and_modify(|p| {
                    p.started = p.started.min(r.started);
                    let hidden = !p.aggregate_visible() || !r.aggregate_visible();
                    p.blind |= r.blind;
                    p.revealed = !hidden;
                })
                .or_insert_with(|| r.clone());
        }
    }
    out.rounds = rounds.into_values().collect();

    // Ratings keyed by (participant, round) then (stage, dimension).
    let mut sheets: BTreeMap<(String, u32), Vec<RatingEntry>> = BTreeMap::new();
    let mut sheet_order: Vec<(String, u32)> = Vec::new();
    for (si, s) in sessions.iter().enumerate() {
        let mut rename: HashMap<&str, String> = HashMap::new();
        for p in &s.participants {
            let id = if shared(p) {
                p.id.clone()
            } else {
                format!("s{}:{}", si + 1, p.id)
            };
            rename.insert(p.id.as_str(), id.clone());
            if out.participant(&id).is_none() {
                let mut q = p.clone();
                q.id = id;
                if !shared(p) && out.participant_by_alias(&q.alias).is_some() {
                    q.alias = format!("{} ({})", q.alias, si + 1);
                }
                out.participants.push(q);
            }
        }
        let map = |id: &str| {
            rename
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("s{}:{id}", si + 1))
        };
        let shift = (s.created - created).num_seconds();
        for sheet in &s.ratings {
            let key = (map(&sheet.participant), sheet.round);
            let entries = sheets.entry(key.clone()).or_insert_with(|| {
                sheet_order.push(key);
                Vec::new()
            });
            for e in &sheet.entries {
                let moved = RatingEntry {
                    offset_seconds: e.offset_seconds.saturating_add(shift),
                    ..e.clone()
                };
                match entries
                    .iter_mut()
                    .find(|x| x.stage == e.stage && x.dimension == e.dimension)
                {
                    Some(old) if old.offset_seconds <= moved.offset_seconds => *old = moved,
                    Some(_) => {}
                    None => entries.push(moved),
                }
            }
        }
        for idea in &s.ideas {
            out.ideas.push(Idea {
                id: u32::try_from(out.ideas.len() + 1).unwrap_or(u32::MAX),
                stage: idea.stage.clone(),
                technologies: idea.technologies.clone(),
                text: idea.text.clone(),
                author: idea.author.as_deref().map(map),
                votes: idea.votes.iter().map(|v| map(v)).collect(),
            });
        }
        for flow in &s.flows {
            let mut f = flow.clone();
            f.id = u32::try_from(out.flows.len() + 1).unwrap_or(u32::MAX);
            out.flows.push(f);
        }
        for note in &s.notes {
            out.notes.push(Note {
                id: 0,
                at: note.at,
                exercise: note.exercise.clone(),
                text: note.text.clone(),
            });
        }
        out.exercise_log.extend(s.exercise_log.iter().cloned());
    }
    out.ratings = sheet_order
        .into_iter()
        .filter_map(|key| {
            let entries = sheets.remove(&key)?;
            Some(RatingSheet {
                participant: key.0,
                round: key.1,
                entries,
            })
        })
        .collect();
    out.notes.sort_by_key(|n| n.at);
    for (i, n) in out.notes.iter_mut().enumerate() {
        n.id = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    out.exercise_log.sort_by_key(|r| r.started);
    // Keep `updated` consistent with shifted ratings.
    let last = out
        .ratings
        .iter()
        .flat_map(|s| &s.entries)
        .filter_map(|e| created.checked_add_signed(Duration::try_seconds(e.offset_seconds)?))
        .max();
    if let Some(last) = last {
        out.updated = out.updated.max(last);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, Score};
    use crate::synthetic::{example_session, synthetic_session};

    fn count(s: &Session, round: u32, stage: &str, dim: &str) -> usize {
        s.ratings_iter()
            .filter(|r| {
                r.round == round
                    && r.stage == stage
                    && r.dimension == dim
                    && matches!(r.score, Score::Value(_))
            })
            .count()
    }

    /// Synthetic sessions reuse ids and aliases; give these people their own names.
    fn other_people(mut s: Session) -> Session {
        for p in &mut s.participants {
            p.alias = format!("Second {}", p.alias);
        }
        s
    }

    #[test]
    fn ratings_of_distinct_people_add_up_per_cell() {
        let a = example_session();
        let b = other_people(synthetic_session("second workshop", 9, 7));
        let pooled = pool(&[a.clone(), b.clone()]).expect("same template");
        assert_eq!(pooled.participants.len(), 17 + 9);
        for st in &a.template.stages {
            for d in &a.template.dimensions {
                assert_eq!(
                    count(&pooled, 1, &st.id, &d.id),
                    count(&a, 1, &st.id, &d.id) + count(&b, 1, &st.id, &d.id),
                    "{} {}",
                    st.id,
                    d.id
                );
            }
        }
        assert!(pooled.participant("s1:p01").is_some());
        assert!(pooled.participant("s2:p09").is_some());
        assert_eq!(pooled.ideas.len(), a.ideas.len() + b.ideas.len());
        assert_eq!(pooled.rating_count(), a.rating_count() + b.rating_count());
        // Idea ids stay unique and votes follow the renamed people.
        let ids: BTreeSet<u32> = pooled.ideas.iter().map(|i| i.id).collect();
        assert_eq!(ids.len(), pooled.ideas.len());
        for v in pooled.ideas.iter().flat_map(|i| &i.votes) {
            assert!(pooled.participant(v).is_some(), "{v}");
        }
    }

    #[test]
    fn same_id_and_alias_is_the_same_person() {
        let a = synthetic_session("a", 3, 1);
        let mut b = synthetic_session("b", 3, 2);
        // Only p01 keeps the alias it has in `a`.
        for p in &mut b.participants[1..] {
            p.alias = format!("Other {}", p.id);
        }
        let pooled = pool(&[a, b]).expect("same template");
        assert_eq!(pooled.participants.len(), 5);
        assert!(pooled.participant("p01").is_some());
        assert!(pooled.participant("s1:p01").is_none());
        assert!(pooled.participant("s2:p02").is_some());
        // p01 rated every cell once: 45 entries, not 90.
        let sheet = pooled.sheet("p01", 1).expect("p01 rated");
        assert_eq!(sheet.entries.len(), 45);
        // Only one sheet per person and round.
        let keys: BTreeSet<(&str, u32)> = pooled
            .ratings
            .iter()
            .map(|s| (s.participant.as_str(), s.round))
            .collect();
        assert_eq!(keys.len(), pooled.ratings.len());
    }

    #[test]
    fn the_later_of_two_ratings_by_the_same_person_is_kept() {
        let a = synthetic_session("a", 1, 1);
        let mut b = synthetic_session("b", 1, 2);
        let late = b.created + chrono::Duration::days(1);
        b.apply(&Change::SetRating {
            participant: "p01".into(),
            round: 1,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score: Score::Value(5),
            comment: Some("changed my mind".into()),
            at: late,
            entered_by: crate::domain::EnteredBy::Facilitator,
        })
        .expect("rating");
        let mut early = a.clone();
        early
            .apply(&Change::SetRating {
                participant: "p01".into(),
                round: 1,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(1),
                comment: None,
                at: a.created,
                entered_by: crate::domain::EnteredBy::Facilitator,
            })
            .expect("rating");
        for order in [[early.clone(), b.clone()], [b.clone(), early.clone()]] {
            let pooled = pool(&order).expect("pools");
            let e = pooled
                .rating("p01", 1, "mining", "maturity")
                .expect("rated");
            assert_eq!(e.score(), Score::Value(5));
            assert_eq!(pooled.time_at(e.offset_seconds()), late);
        }
    }

    #[test]
    fn different_stages_are_refused_with_a_clear_error() {
        let a = example_session();
        let mut b = example_session();
        b.template.stages.pop();
        let err = pool(&[a, b]).expect_err("stages differ");
        assert!(err.to_string().contains("recycling"), "{err}");
        let mut c = example_session();
        c.template.dimensions[0].id = "other".into();
        let err = pool(&[example_session(), c]).expect_err("dimensions differ");
        assert!(matches!(err, PoolError::DimensionsDiffer { .. }));
        assert_eq!(pool(&[]), Err(PoolError::Empty));
    }

    #[test]
    fn pooled_session_accepts_further_changes() {
        let mut pooled = pool(&[
            example_session(),
            other_people(synthetic_session("b", 2, 5)),
        ])
        .expect("pools");
        let change = Change::SetRating {
            participant: "s2:p01".into(),
            round: 1,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score: Score::Value(5),
            comment: None,
            at: pooled.created,
            entered_by: crate::domain::EnteredBy::Facilitator,
        };
        assert!(pooled.apply(&change).is_ok());
        assert_eq!(pool(&[example_session()]), Ok(example_session()));
    }
}
