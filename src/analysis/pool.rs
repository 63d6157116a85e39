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

use serde::Serialize;

use super::{Aggregate, RoundChange, RoundChoice, RoundSelection, round_changes};
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
    #[error("'{session}' has no round {round} (its rounds: {rounds})")]
    NoRound {
        session: String,
        round: u32,
        rounds: String,
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
    pool_tracked(sessions).map(|(s, _)| s)
}

/// [`pool`], with the session each rating came from: `origins[i][j]` is
/// the position in `sessions` of entry `j` of sheet `i` of the pool.
///
/// # Errors
/// As [`pool`].
#[expect(
    clippy::too_many_lines,
    reason = "one pass over the sessions' parts, each step commented"
)]
pub fn pool_tracked(sessions: &[Session]) -> Result<(Session, Vec<Vec<usize>>), PoolError> {
    let (first, rest) = sessions.split_first().ok_or(PoolError::Empty)?;
    for other in rest {
        check_compatible(first, other)?;
    }
    if rest.is_empty() {
        let origins = first
            .ratings
            .iter()
            .map(|s| vec![0; s.entries.len()])
            .collect();
        return Ok((first.clone(), origins));
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
    let mut sheets: BTreeMap<(String, u32), Vec<(RatingEntry, usize)>> = BTreeMap::new();
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
                    .find(|(x, _)| x.stage == e.stage && x.dimension == e.dimension)
                {
                    Some(old) if old.0.offset_seconds <= moved.offset_seconds => {
                        *old = (moved, si);
                    }
                    Some(_) => {}
                    None => entries.push((moved, si)),
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
    let mut origins = Vec::with_capacity(sheet_order.len());
    out.ratings = sheet_order
        .into_iter()
        .filter_map(|key| {
            let (entries, from): (Vec<RatingEntry>, Vec<usize>) =
                sheets.remove(&key)?.into_iter().unzip();
            origins.push(from);
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
    Ok((out, origins))
}

/// What one pooled session contributes to the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolPart {
    /// The session's title, or its file name when two titles are equal.
    pub label: String,
    /// The round each dimension is read from in this session.
    pub selection: RoundSelection,
    /// Participants with a rating in those rounds.
    pub participants: usize,
    /// The session's own changes between consecutive rounds: rounds are
    /// compared within a session, never across a pool.
    pub round_changes: Vec<RoundChange>,
}

/// Sessions pooled for a report: every round (matched by number) for the
/// tidy data and the round-over-round changes, and, for the figures, each
/// session's own rounds under the round rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    /// Every rating of every session; rounds matched by number.
    pub all: Session,
    /// The ratings the figures read: per session and dimension the round
    /// the choice picks (its latest rated round, or exactly round N), all
    /// in one round numbered [`Pooled::round`], so that every cell's n is
    /// the sum of the sessions' picked rounds.
    pub selected: Session,
    /// The round number the selected ratings carry.
    pub round: u32,
    pub parts: Vec<PoolPart>,
    /// `origins[i][j]`: the part that entry `j` of sheet `i` of `all` came from.
    pub origins: Vec<Vec<usize>>,
}

impl Pooled {
    /// What the figures pool: "Workshop A round 2 (17) + Workshop B round 1 (12)".
    #[must_use]
    pub fn describe(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                let rounds = p.selection.describe(&self.all.template).map_or_else(
                    || "no ratings".to_owned(),
                    // "round 2 (Maturity); round 1 (others)" reads as
                    // "rounds 2 (Maturity) and 1 (others)" inside the list.
                    |d| {
                        if d.contains("; ") {
                            format!(
                                "rounds {}",
                                d.replace("; round ", " and ").replacen("round ", "", 1)
                            )
                        } else {
                            d
                        }
                    },
                );
                format!("{} {rounds} ({})", p.label, p.participants)
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// What the selected cells of `dimension` pool, session by session:
    /// `Workshop A r2 + Workshop B r1` (sessions without a round for it
    /// left out).
    #[must_use]
    pub fn selected_rounds(&self, dimension: &str) -> String {
        self.parts
            .iter()
            .filter_map(|p| {
                p.selection
                    .round_of(dimension)
                    .map(|r| format!("{} r{r}", p.label))
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The one round number every session reads `dimension` from, if they
    /// agree (`None` for a mix such as A's round 2 and B's round 1).
    #[must_use]
    pub fn common_round(&self, dimension: &str) -> Option<u32> {
        let mut rounds = self
            .parts
            .iter()
            .filter_map(|p| p.selection.round_of(dimension));
        let first = rounds.next()?;
        rounds.all(|r| r == first).then_some(first)
    }

    /// The sessions whose ratings of `dimension` in round `round` are in
    /// [`Pooled::all`]: `Workshop A r2`, or `Workshop A r1 + Workshop B r1`
    /// (what a pooled row of every round holds).
    #[must_use]
    pub fn contributors(&self, round: u32, dimension: &str) -> String {
        let mut parts: BTreeSet<usize> = BTreeSet::new();
        for (i, sheet) in self.all.ratings.iter().enumerate() {
            if sheet.round != round {
                continue;
            }
            for (j, e) in sheet.entries.iter().enumerate() {
                if e.dimension == dimension
                    && let Some(&part) = self.origins.get(i).and_then(|o| o.get(j))
                {
                    parts.insert(part);
                }
            }
        }
        parts
            .into_iter()
            .filter_map(|k| self.parts.get(k))
            .map(|p| format!("{} r{round}", p.label))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The label of the session that entry `entry` of sheet `sheet` of
    /// [`Pooled::all`] came from.
    #[must_use]
    pub fn origin(&self, sheet: usize, entry: usize) -> Option<&str> {
        let part = *self.origins.get(sheet)?.get(entry)?;
        self.parts.get(part).map(|p| p.label.as_str())
    }
}

/// One session reduced to the ratings `selection` picks, all moved into
/// round `round` (an open round), one sheet per participant.
fn reduced(session: &Session, selection: &RoundSelection, round: u32) -> Session {
    let mut out = session.clone();
    let mut sheets: BTreeMap<&str, Vec<RatingEntry>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for sheet in &session.ratings {
        for e in &sheet.entries {
            if selection.round_of(&e.dimension) == Some(sheet.round) {
                sheets
                    .entry(sheet.participant.as_str())
                    .or_insert_with(|| {
                        order.push(sheet.participant.as_str());
                        Vec::new()
                    })
                    .push(e.clone());
            }
        }
    }
    out.ratings = order
        .into_iter()
        .filter_map(|p| {
            Some(RatingSheet {
                participant: p.to_owned(),
                round,
                entries: sheets.remove(p)?,
            })
        })
        .collect();
    let started = session
        .rounds
        .iter()
        .map(|r| r.started)
        .min()
        .unwrap_or(session.created);
    out.rounds = vec![Round {
        number: round,
        started,
        blind: false,
        revealed: false,
        absent: Vec::new(),
    }];
    out
}

/// Pools `sessions` (labelled `labels`, one each) for a report in the
/// rounds `choice` picks, session by session.
///
/// # Errors
/// As [`pool`]; and [`PoolError::NoRound`] when `choice` is exactly a
/// round that one of the sessions does not have (as one session alone
/// would be refused).
pub fn pool_for_report(
    sessions: &[Session],
    labels: &[String],
    choice: RoundChoice,
) -> Result<Pooled, PoolError> {
    let label = |i: usize| {
        labels
            .get(i)
            .cloned()
            .unwrap_or_else(|| sessions[i].title.clone())
    };
    if let RoundChoice::Exactly(n) = choice
        && let Some(i) = sessions.iter().position(|s| s.round(n).is_none())
    {
        return Err(PoolError::NoRound {
            session: label(i),
            round: n,
            rounds: sessions[i]
                .rounds
                .iter()
                .map(|r| r.number.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let (all, origins) = pool_tracked(sessions)?;
    let selections: Vec<RoundSelection> = sessions
        .iter()
        .map(|s| RoundSelection::of_session(s, &Aggregate::new(s), choice))
        .collect();
    let round = match choice {
        RoundChoice::Exactly(n) => n,
        RoundChoice::Latest => selections
            .iter()
            .flat_map(RoundSelection::rounds_used)
            .max()
            .unwrap_or(1),
    };
    let parts_sessions: Vec<Session> = sessions
        .iter()
        .zip(&selections)
        .map(|(s, sel)| reduced(s, sel, round))
        .collect();
    let selected = pool(&parts_sessions)?;
    let parts = parts_sessions
        .iter()
        .zip(selections)
        .enumerate()
        .map(|(i, (s, selection))| PoolPart {
            label: label(i),
            round_changes: round_changes(&sessions[i]),
            participants: s
                .ratings
                .iter()
                .filter(|sh| !sh.entries.is_empty())
                .map(|sh| sh.participant.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            selection,
        })
        .collect();
    Ok(Pooled {
        all,
        selected,
        round,
        parts,
        origins,
    })
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
    fn each_session_is_read_in_its_own_latest_round() {
        let a = example_session();
        let mut a2 = a.clone();
        a2.apply(&Change::StartRound(Round {
            number: 2,
            started: a.created,
            blind: false,
            revealed: false,
            absent: Vec::new(),
        }))
        .expect("round 2");
        for p in a.participants.iter().take(5) {
            a2.apply(&Change::SetRating {
                participant: p.id.clone(),
                round: 2,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(5),
                comment: None,
                at: a.created,
                entered_by: crate::domain::EnteredBy::Facilitator,
            })
            .expect("rating");
        }
        let b = other_people(synthetic_session("b", 4, 5));
        let labels = vec!["A".to_owned(), "B".to_owned()];
        let p =
            pool_for_report(&[a2.clone(), b.clone()], &labels, RoundChoice::Latest).expect("pools");
        let r = p.round;
        // maturity: A's round 2 (5 people) + B's round 1 (4).
        assert_eq!(count(&p.selected, r, "mining", "maturity"), 5 + 4);
        // Other dimensions: both round 1s.
        assert_eq!(
            count(&p.selected, r, "mining", "circularity_impact"),
            count(&a, 1, "mining", "circularity_impact") + 4
        );
        let text = p.describe();
        assert_eq!(
            text,
            "A rounds 2 (Technological maturity) and 1 (others) (17) + B round 1 (4)"
        );
        let exact = pool_for_report(&[a2, b], &labels, RoundChoice::Exactly(1)).expect("pools");
        assert_eq!(
            count(&exact.selected, 1, "mining", "maturity"),
            count(&a, 1, "mining", "maturity") + 4
        );
        assert!(exact.origin(0, 0).is_some());
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
