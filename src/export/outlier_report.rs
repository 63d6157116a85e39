//! The reports' "Outliers and their reasons": per round, each answer
//! outside the previous round's middle range by more than the consensus
//! rule's margin, with the reason its expert gave (the answer's comment),
//! or that none was given. An anonymous session names no one.

use crate::analysis::Outlier;
use crate::domain::Session;
use crate::i18n::Tr;

use super::labels::fmt_number;
use super::report::Block;

/// The section's blocks, appended to `out`.
pub fn section(out: &mut Vec<Block>, tr: Tr, session: &Session, outliers: &[Outlier]) {
    let t = &session.template;
    out.push(Block::Heading(2, tr.text("report-outliers")));
    if outliers.is_empty() {
        out.push(Block::Paragraph(tr.args(
            "report-outliers-none",
            &[("margin", fmt_number(tr, t.consensus.outlier_margin).into())],
        )));
        return;
    }
    out.push(Block::Paragraph(tr.args(
        "report-outliers-caption",
        &[("margin", fmt_number(tr, t.consensus.outlier_margin).into())],
    )));
    let mut rounds: Vec<u32> = outliers.iter().map(|o| o.round).collect();
    rounds.dedup();
    for round in rounds {
        out.push(Block::Heading(
            3,
            tr.args("report-outliers-round", &[("round", round.into())]),
        ));
        let mut head = vec![
            tr.text("model-stage"),
            tr.text("report-outliers-dimension"),
            tr.text("report-outliers-answer"),
            tr.text("report-outliers-range"),
            tr.text("report-outliers-reason"),
        ];
        if !session.anonymous {
            head.insert(0, tr.text("report-outliers-who"));
        }
        let rows = outliers
            .iter()
            .filter(|o| o.round == round)
            .map(|o| {
                let mut row = vec![
                    t.stage(&o.stage)
                        .map_or(o.stage.clone(), |s| s.name.clone()),
                    t.dimension(&o.dimension)
                        .map_or(o.dimension.clone(), |d| d.name.clone()),
                    o.value.to_string(),
                    tr.args(
                        "report-outliers-range-value",
                        &[
                            ("round", o.previous_round.into()),
                            ("q1", fmt_number(tr, o.q1).into()),
                            ("q3", fmt_number(tr, o.q3).into()),
                        ],
                    ),
                    o.reason
                        .clone()
                        .unwrap_or_else(|| tr.text("report-outliers-no-reason")),
                ];
                if !session.anonymous {
                    let who = session
                        .participant(&o.participant)
                        .map_or(o.participant.clone(), |p| p.alias.clone());
                    row.insert(0, who);
                }
                row
            })
            .collect();
        out.push(Block::Table { head, rows });
    }
}
