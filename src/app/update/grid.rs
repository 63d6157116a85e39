//! The rating grid: digits, don't know, clear, comments, participants,
//! rounds and reveal. Each grid keeps its own focus (see
//! [`crate::app::GridCursor`]); typing past the last cell never overwrites it.

use crate::domain::{EnteredBy, Score};
use crate::engine::Intent;

use super::ideas::ideas_cmd;
use crate::app::keys::Cmd;
use crate::app::state::{
    App, EntryOrder, Focus, InputPurpose, InputState, Modal, PickPurpose, PickState, SessionView,
};
use crate::app::status::{Handled, cannot};

/// A cell of the grid on screen, by ids.
pub(super) struct CellIds {
    pub participant: String,
    pub stage: String,
    pub dimension: String,
}

impl SessionView {
    /// The ids of the focused cell, if the grid has one there.
    fn focused_cell(&self, focus: Focus) -> Option<CellIds> {
        Some(CellIds {
            participant: self.session().participants.get(focus.row)?.id.clone(),
            stage: self.template().stages.get(focus.col)?.id.clone(),
            dimension: self.dimension_id()?.to_owned(),
        })
    }

    /// "Expert 03 × Mining", for status lines.
    pub(super) fn cell_words(&self, participant: &str, stage: &str) -> String {
        let who = self
            .session()
            .participant(participant)
            .map_or(participant, |p| p.alias.as_str());
        let stage = self
            .template()
            .stage(stage)
            .map_or(stage, |s| s.name.as_str());
        format!("{who} × {stage}")
    }

    /// The cell after `f` in the entry order, or `None` at the grid's end.
    fn next_cell(&self, f: Focus) -> Option<Focus> {
        let rows = self.session().participants.len();
        let cols = self.template().stages.len();
        match self.grid.order {
            EntryOrder::AlongRow if f.col + 1 < cols => Some(Focus {
                col: f.col + 1,
                ..f
            }),
            EntryOrder::AlongRow if f.row + 1 < rows => Some(Focus {
                row: f.row + 1,
                col: 0,
            }),
            EntryOrder::DownColumn if f.row + 1 < rows => Some(Focus {
                row: f.row + 1,
                ..f
            }),
            EntryOrder::DownColumn if f.col + 1 < cols => Some(Focus {
                row: 0,
                col: f.col + 1,
            }),
            _ => None,
        }
    }

    /// The grid's last cell in the entry order.
    fn last_cell(&self) -> Focus {
        let rows = self.session().participants.len().saturating_sub(1);
        let cols = self.template().stages.len().saturating_sub(1);
        Focus {
            row: rows,
            col: cols,
        }
    }

    /// Cells of the grid on screen not rated in the current round.
    fn empty_cells(&self) -> usize {
        let Some(dim) = self.dimension_id() else {
            return 0;
        };
        let round = self.round();
        let s = self.session();
        s.participants
            .iter()
            .map(|p| {
                s.template
                    .stages
                    .iter()
                    .filter(|st| s.rating(&p.id, round, &st.id, dim).is_none())
                    .count()
            })
            .sum()
    }

    /// Moves the focus of the grid on screen; any move ends "just typed".
    fn move_to(&mut self, focus: Focus) {
        self.set_focus(focus);
        self.grid.forget_typing();
    }

    /// The grid's answers flagged as outliers: outside the previous round's
    /// Q1-Q3 by more than the consensus rule's margin, row by row.
    fn flagged_cells(&self) -> Vec<Focus> {
        let Some(dim) = self.dimension_id() else {
            return Vec::new();
        };
        let Some(previous) = self.previous_round_of(dim) else {
            return Vec::new();
        };
        let s = self.session();
        let t = &s.template;
        let agg = self.engine.aggregate();
        let round = self.round();
        let mut out = Vec::new();
        for (row, p) in s.participants.iter().enumerate() {
            for (col, st) in t.stages.iter().enumerate() {
                let cell = agg.cell(t, previous, &st.id, dim);
                let score = s
                    .rating(&p.id, round, &st.id, dim)
                    .map(crate::domain::RatingEntry::score);
                if crate::analysis::is_outlier(score, cell.q1, cell.q3, t.consensus.outlier_margin)
                {
                    out.push(Focus { row, col });
                }
            }
        }
        out
    }

    /// Who answered a cell in this round, when it was not the facilitator
    /// (a participant's phone, or an import): digits skip such a cell.
    fn answered_elsewhere(&self, f: Focus) -> Option<EnteredBy> {
        let cell = self.focused_cell(f)?;
        let by = self
            .session()
            .rating(
                &cell.participant,
                self.round(),
                &cell.stage,
                &cell.dimension,
            )?
            .entered_by;
        matches!(by, EnteredBy::Device | EnteredBy::Import).then_some(by)
    }
}

#[expect(clippy::too_many_lines, reason = "one arm per grid command")]
pub(super) fn grid_cmd(app: &mut App, cmd: Cmd) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let rows = v.session().participants.len();
    let cols = v.template().stages.len();
    let ndims = v.dimensions().len().max(1);
    let round = v.round();
    let f = v.focus();
    match cmd {
        Cmd::Up => v.move_to(Focus {
            row: f.row.saturating_sub(1),
            ..f
        }),
        Cmd::Down => v.move_to(Focus {
            row: (f.row + 1).min(rows.saturating_sub(1)),
            ..f
        }),
        Cmd::Left => v.move_to(Focus {
            col: f.col.saturating_sub(1),
            ..f
        }),
        Cmd::Right => v.move_to(Focus {
            col: (f.col + 1).min(cols.saturating_sub(1)),
            ..f
        }),
        Cmd::FirstCell => v.move_to(Focus::default()),
        Cmd::LastCell => {
            let last = v.last_cell();
            v.move_to(last);
        }
        Cmd::EntryOrder => {
            v.grid.order = match v.grid.order {
                EntryOrder::AlongRow => EntryOrder::DownColumn,
                EntryOrder::DownColumn => EntryOrder::AlongRow,
            };
            v.grid.just_typed = None;
            return Ok(Some(format!("scores now go {}", v.grid.order.label())));
        }
        Cmd::FindParticipant => {
            app.modal = Some(Modal::input(
                "Jump to participant (part of the name)",
                InputPurpose::FindParticipant,
            ));
        }
        Cmd::NextDimension | Cmd::PrevDimension => {
            let d = v.dimension_index();
            let next = if cmd == Cmd::NextDimension {
                (d + 1) % ndims
            } else {
                (d + ndims - 1) % ndims
            };
            let exercise = v.exercise();
            v.grid.set_dimension(exercise, next, now);
        }
        Cmd::IdeasView => return ideas_cmd(app, cmd),
        Cmd::EditParticipant => {
            let Some(p) = v.session().participants.get(f.row).cloned() else {
                return Err(no_cell(rows));
            };
            let absent = v
                .session()
                .round(round)
                .is_some_and(|r| r.absent.contains(&p.id));
            let or_none = |t: &str| {
                if t.is_empty() {
                    "(none)".to_owned()
                } else {
                    t.to_owned()
                }
            };
            app.modal = Some(Modal::Pick(PickState {
                title: format!("{} (participant)", p.alias),
                items: vec![
                    "Rename".to_owned(),
                    format!("Role: {}", or_none(&p.role)),
                    format!("Organisation: {}", or_none(&p.organisation)),
                    if absent {
                        format!("Present again in round {round}")
                    } else {
                        format!("Absent from round {round} (left out of complete)")
                    },
                    format!("Remove {} (u undoes)", p.alias),
                    "Cancel".to_owned(),
                ],
                selected: 0,
                ticked: None,
                purpose: PickPurpose::Participant { id: p.id },
            }));
        }
        Cmd::AddParticipant => {
            app.modal = Some(Modal::input(
                "Alias of the new participant",
                InputPurpose::ParticipantAlias,
            ));
        }
        Cmd::Reveal => {
            let (blind, revealed) = v
                .session()
                .round(round)
                .map_or((false, false), |r| (r.blind, r.revealed));
            if blind && !revealed {
                // Showing the group cannot be taken back from the room.
                app.modal = Some(Modal::Pick(PickState {
                    title: format!(
                        "Reveal round {round}'s group? Everyone who sees this screen sees it"
                    ),
                    items: vec![format!("Reveal round {round}"), "Cancel".to_owned()],
                    selected: 0,
                    ticked: None,
                    purpose: PickPurpose::Reveal,
                }));
                return Ok(None);
            }
            v.act(Intent::Reveal(!revealed), now)?;
            return Ok(Some(if revealed {
                format!("round {round}: group hidden")
            } else {
                format!("round {round}: group revealed")
            }));
        }
        Cmd::NewRound => {
            let next = round + 1;
            app.modal = Some(Modal::Pick(PickState {
                title: format!("Start round {next}? Every grid starts empty for it."),
                items: vec![
                    format!("Start round {next}, blind: the group stays hidden until r"),
                    format!("Start round {next}, open: the group is shown as it rates"),
                    "Cancel".to_owned(),
                ],
                selected: 0,
                ticked: None,
                purpose: PickPurpose::NewRound,
            }));
        }
        Cmd::Rate(_) | Cmd::DontKnow => return rate(v, cmd, now),
        Cmd::NextOutlier | Cmd::PrevOutlier => {
            let flagged = v.flagged_cells();
            let order = |x: &Focus| (x.row, x.col);
            let next = if cmd == Cmd::NextOutlier {
                flagged
                    .iter()
                    .find(|x| order(x) > order(&f))
                    .or(flagged.first())
            } else {
                flagged
                    .iter()
                    .rev()
                    .find(|x| order(x) < order(&f))
                    .or(flagged.last())
            };
            let Some(&to) = next else {
                return Err(cannot(
                    "no answer is outside the last round's middle range by more than the margin",
                ));
            };
            v.move_to(to);
            let at = flagged.iter().position(|x| *x == to).map_or(0, |i| i + 1);
            let cell = v.focused_cell(to).ok_or_else(|| no_cell(rows))?;
            return Ok(Some(format!(
                "{}: flagged {at} of {}: ask for a reason (c)",
                v.cell_words(&cell.participant, &cell.stage),
                flagged.len()
            )));
        }
        Cmd::Overwrite => {
            let Some(cell) = v.focused_cell(f) else {
                return Err(no_cell(rows));
            };
            let words = v.cell_words(&cell.participant, &cell.stage);
            v.move_to(f);
            v.grid.overwrite = Some(f);
            return Ok(Some(match v.answered_elsewhere(f) {
                Some(by) => format!(
                    "{words}: {} — the next score replaces it (u undoes)",
                    elsewhere_words(by)
                ),
                None => format!("{words}: the next score goes here"),
            }));
        }
        Cmd::Clear if v.grid.typed_over && v.grid.just_typed.is_some() => {
            // A slip over a value: the value that was there comes back.
            let target = v.grid.just_typed.unwrap_or(f);
            v.act(Intent::Undo, now)?;
            v.move_to(target);
            let Some(cell) = v.focused_cell(target) else {
                return Ok(None);
            };
            let back = v
                .session()
                .rating(&cell.participant, round, &cell.stage, &cell.dimension)
                .map_or_else(|| "empty".to_owned(), |e| score_words(e.score()));
            return Ok(Some(format!(
                "{}: back to {back}",
                v.cell_words(&cell.participant, &cell.stage)
            )));
        }
        Cmd::Clear => {
            let target = v.grid.just_typed.unwrap_or(f);
            let Some(cell) = v.focused_cell(target) else {
                return Err(no_cell(rows));
            };
            v.act(
                Intent::Clear {
                    participant: cell.participant.clone(),
                    stage: cell.stage.clone(),
                    dimension: cell.dimension,
                },
                now,
            )?;
            v.move_to(target);
            return Ok(Some(format!(
                "{}: cleared",
                v.cell_words(&cell.participant, &cell.stage)
            )));
        }
        Cmd::Comment => {
            let Some(cell) = v.focused_cell(f) else {
                return Err(no_cell(rows));
            };
            let words = v.cell_words(&cell.participant, &cell.stage);
            match v
                .session()
                .rating(&cell.participant, round, &cell.stage, &cell.dimension)
            {
                Some(e) => {
                    app.modal = Some(Modal::Input(InputState {
                        prompt: format!("Comment on {words}"),
                        text: e.comment().unwrap_or_default().to_owned(),
                        purpose: InputPurpose::Comment {
                            participant: cell.participant,
                            stage: cell.stage,
                            dimension: cell.dimension,
                        },
                    }));
                }
                // A comment belongs to a score: ask for it first, in a box
                // that takes the keys, so nothing typed next runs as a command.
                None => app.modal = Some(score_first(v, cell, &words)),
            }
        }
        _ => {}
    }
    Ok(None)
}

/// The box that asks for a cell's score before its comment.
fn score_first(v: &SessionView, cell: CellIds, words: &str) -> Modal {
    let scale = v.template().dimension(&cell.dimension).map(|d| {
        (
            d.scale.min,
            d.scale.max,
            d.anchors.low.clone(),
            d.anchors.high.clone(),
        )
    });
    let mut items: Vec<String> = Vec::new();
    if let Some((min, max, low, high)) = scale {
        for x in min..=max {
            let anchor = if x == min {
                format!(" ({low})")
            } else if x == max {
                format!(" ({high})")
            } else {
                String::new()
            };
            items.push(format!("score {x}{anchor}"));
        }
    }
    items.push("don't know".to_owned());
    Modal::Pick(PickState {
        title: format!("{words} is not rated: its score first, then the comment"),
        items,
        selected: 0,
        ticked: None,
        purpose: PickPurpose::ScoreThenComment {
            participant: cell.participant,
            stage: cell.stage,
            dimension: cell.dimension,
        },
    })
}

fn no_cell(rows: usize) -> crate::app::status::AppError {
    cannot(if rows == 0 {
        "no participants yet: press a to add one"
    } else {
        "no cell to rate here"
    })
}

/// Records a score in the focused cell and moves on in the entry order; at
/// the grid's last cell the focus stays and a further score is refused.
fn rate(v: &mut SessionView, cmd: Cmd, now: chrono::DateTime<chrono::Utc>) -> Handled {
    let rows = v.session().participants.len();
    let f = v.focus();
    if v.grid.at_end {
        return Err(cannot(format!(
            "the grid is complete up to its last cell ({} still empty): \
             arrows, Home or Backspace to change a cell",
            v.empty_cells()
        )));
    }
    // Cells a phone or an import answered this round are skipped, unless
    // Enter armed this one.
    let mut f = f;
    let mut skipped = Vec::new();
    if v.grid.overwrite != Some(f) {
        while let Some(by) = v.answered_elsewhere(f) {
            let cell = v.focused_cell(f).ok_or_else(|| no_cell(rows))?;
            let who = v
                .session()
                .participant(&cell.participant)
                .map_or(cell.participant.clone(), |p| p.alias.clone());
            skipped.push((who, by));
            let Some(next) = v.next_cell(f) else {
                v.grid.at_end = true;
                return Err(cannot(format!(
                    "not recorded: {} to the grid's end (Enter on a cell overwrites it)",
                    skipped_words(&skipped)
                )));
            };
            f = next;
        }
    }
    let Some(cell) = v.focused_cell(f) else {
        return Err(no_cell(rows));
    };
    let before = v
        .session()
        .rating(&cell.participant, v.round(), &cell.stage, &cell.dimension)
        .map(crate::domain::RatingEntry::score);
    let score = match cmd {
        // The scale is the domain's rule: an off-scale digit is refused there.
        Cmd::Rate(d) => Score::Value(d),
        _ => Score::DontKnow,
    };
    v.act(
        Intent::Rate {
            participant: cell.participant.clone(),
            stage: cell.stage.clone(),
            dimension: cell.dimension,
            score,
            comment: None,
        },
        now,
    )?;
    let words = v.cell_words(&cell.participant, &cell.stage);
    let shown = score_words(score);
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!("{} · ", skipped_words(&skipped))
    };
    let words = format!("{skipped}{words}");
    v.grid.overwrite = None;
    v.grid.just_typed = Some(f);
    v.grid.typed_over = before.is_some_and(|b| b != score);
    match v.next_cell(f) {
        Some(next) => {
            v.set_focus(next);
            Ok(Some(format!("{words}: {shown}")))
        }
        None => {
            v.grid.at_end = true;
            let empty = v.empty_cells();
            let rest = if empty == 0 {
                "every cell is rated".to_owned()
            } else {
                format!("{empty} cells still empty")
            };
            Ok(Some(format!(
                "{words}: {shown} · last cell: the grid is complete ({rest}); \
                 arrows, Home or Backspace to change a cell"
            )))
        }
    }
}

fn score_words(score: Score) -> String {
    match score {
        Score::Value(x) => x.to_string(),
        Score::DontKnow => "don't know".to_owned(),
    }
}

fn elsewhere_words(by: EnteredBy) -> &'static str {
    match by {
        EnteredBy::Import => "answered by the import",
        _ => "answered on their phone",
    }
}

/// "skipped Hans: answered on their phone", for every skipped cell.
fn skipped_words(skipped: &[(String, EnteredBy)]) -> String {
    let each: Vec<String> = skipped
        .iter()
        .map(|(who, by)| format!("{who}: {}", elsewhere_words(*by)))
        .collect();
    format!("skipped {}", each.join(", "))
}
