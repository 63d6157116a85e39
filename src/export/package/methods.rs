//! `methods.md`: a methods section a researcher can adapt, in the
//! session's language, every number filled in from the same tables the
//! package holds (participants, rounds, exercises, the consensus rule).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Input;
use super::tables::{rate, response};
use crate::analysis::groups::UNSPECIFIED;
use crate::domain::Session;
use crate::i18n::Arg;

/// The methods as Markdown.
#[must_use]
pub fn render(input: &Input<'_>) -> String {
    let tr = input.tr;
    let mut out = format!("# {}\n\n", tr.text("package-methods-title"));
    if input.pooled() {
        let sessions: Vec<String> = input
            .parts()
            .map(|(letter, s)| format!("{letter} ({})", s.title))
            .collect();
        paragraph(
            &mut out,
            &tr.args(
                "package-methods-pool",
                &[
                    ("count", input.sessions.len().into()),
                    ("sessions", sessions.join(", ").into()),
                ],
            ),
        );
    }
    let mut text = panel(input);
    text.push(' ');
    text.push_str(&tr.text("package-methods-pseudonyms"));
    paragraph(&mut out, &text);
    let sessions: Vec<String> = input.parts().map(|(l, s)| workshop(input, l, s)).collect();
    paragraph(&mut out, &sessions.join(" "));
    paragraph(&mut out, &scales(input));
    paragraph(&mut out, &rounds(input));
    let rule = &input.template().consensus;
    paragraph(
        &mut out,
        &tr.args(
            "package-methods-consensus",
            &[
                ("iqr", tr.decimal(rule.max_iqr, places(rule.max_iqr)).into()),
                (
                    "agreement",
                    tr.decimal(
                        rule.min_agreement * 100.0,
                        places(rule.min_agreement * 100.0),
                    )
                    .into(),
                ),
                ("n", rule.min_n.into()),
            ],
        ),
    );
    paragraph(&mut out, &tr.text("package-methods-statistics"));
    paragraph(
        &mut out,
        &tr.args(
            "package-methods-software",
            &[("version", env!("CARGO_PKG_VERSION").into())],
        ),
    );
    out
}

fn paragraph(out: &mut String, text: &str) {
    let _ = write!(out, "{text}\n\n");
}

/// Decimals enough for a rule's value (`1`, `0.5`, `0.75`).
pub(super) fn places(x: f64) -> usize {
    (0..=3)
        .find(|&p| {
            let scale = 10f64.powi(i32::try_from(p).unwrap_or(0));
            ((x * scale).round() - x * scale).abs() < 1e-9
        })
        .unwrap_or(3)
}

/// `(session A, Workshop A)` in a pool, nothing for one session.
pub(super) fn which(input: &Input<'_>, letter: &str, session: &Session) -> String {
    if input.pooled() {
        input.tr.args(
            "package-session",
            &[
                ("letter", letter.into()),
                ("title", session.title.as_str().into()),
            ],
        )
    } else {
        String::new()
    }
}

/// The panel by role, largest first (ties in name order).
fn panel(input: &Input<'_>) -> String {
    let tr = input.tr;
    let mut roles: BTreeMap<String, usize> = BTreeMap::new();
    for s in input.sessions {
        for p in &s.participants {
            *roles
                .entry(crate::analysis::groups::group_of(&p.role))
                .or_default() += 1;
        }
    }
    let total: usize = roles.values().sum();
    let mut roles: Vec<(String, usize)> = roles.into_iter().collect();
    roles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let listed: Vec<String> = roles
        .iter()
        .map(|(role, count)| {
            if role == UNSPECIFIED {
                tr.args(
                    "package-methods-role-unspecified",
                    &[("count", (*count).into())],
                )
            } else {
                tr.args(
                    "package-methods-role",
                    &[("count", (*count).into()), ("role", role.as_str().into())],
                )
            }
        })
        .collect();
    tr.args(
        "package-methods-panel",
        &[
            ("participants", total.into()),
            ("roles", listed.join(", ").into()),
        ],
    )
}

/// When the workshop was held, how long it lasted and its exercises.
fn workshop(input: &Input<'_>, letter: &str, s: &Session) -> String {
    let tr = input.tr;
    let which = which(input, letter, s);
    let date = s.created.format("%Y-%m-%d").to_string();
    let start = s.exercise_log.iter().map(|r| r.started).min();
    let stop = s.exercise_log.iter().filter_map(|r| r.stopped).max();
    let (Some(start), Some(stop)) = (start, stop) else {
        return tr.args(
            "package-methods-session-unlogged",
            &[("which", which.into()), ("date", date.into())],
        );
    };
    let minutes = (stop - start).num_minutes().max(0);
    let names: Vec<String> = s
        .exercise_log
        .iter()
        .map(|r| {
            s.template
                .exercises
                .iter()
                .find(|e| e.id == r.exercise)
                .map_or_else(|| r.exercise.clone(), |e| e.title.clone())
        })
        .collect();
    let date = start.format("%Y-%m-%d").to_string();
    tr.args(
        "package-methods-session",
        &[
            ("which", which.into()),
            ("date", date.into()),
            ("hours", Arg::Count(minutes / 60)),
            ("minutes", Arg::Count(minutes % 60)),
            ("count", names.len().into()),
            ("exercises", names.join(", ").into()),
        ],
    )
}

/// The stages and the rated dimensions with their scales.
fn scales(input: &Input<'_>) -> String {
    let tr = input.tr;
    let t = input.template();
    let stages: Vec<&str> = t.stages.iter().map(|s| s.name.as_str()).collect();
    let dims = crate::analysis::rated_dimensions(t);
    let scales: Vec<String> = dims
        .iter()
        .map(|d| {
            tr.args(
                "package-methods-scale",
                &[
                    ("name", d.name.as_str().into()),
                    ("min", Arg::Count(i64::from(d.scale.min))),
                    ("low", d.anchors.low.as_str().into()),
                    ("max", Arg::Count(i64::from(d.scale.max))),
                    ("high", d.anchors.high.as_str().into()),
                ],
            )
        })
        .collect();
    tr.args(
        "package-methods-scales",
        &[
            ("stages", stages.len().into()),
            ("stage-list", stages.join(", ").into()),
            ("dimensions", dims.len().into()),
            ("dimension-list", scales.join("; ").into()),
        ],
    )
}

/// The rounds, their response rates and the feedback between them.
fn rounds(input: &Input<'_>) -> String {
    let tr = input.tr;
    let most = input
        .sessions
        .iter()
        .map(|s| s.rounds.len())
        .max()
        .unwrap_or(0);
    let mut text = tr.args("package-methods-rounds", &[("rounds", most.into())]);
    for (letter, s) in input.parts() {
        for r in &s.rounds {
            let (panel, answered) = response(s, r);
            let percent =
                rate(panel, answered.len()).map_or_else(String::new, |x| tr.decimal(x * 100.0, 0));
            let id = if r.blind {
                "package-methods-round-blind"
            } else {
                "package-methods-round-open"
            };
            text.push(' ');
            text.push_str(&tr.args(
                id,
                &[
                    ("round", r.number.into()),
                    ("which", which(input, letter, s).into()),
                    ("answered", answered.len().into()),
                    ("panel", panel.into()),
                    ("rate", percent.into()),
                ],
            ));
        }
    }
    if most > 1 {
        let margin = input.template().consensus.outlier_margin;
        text.push(' ');
        text.push_str(&tr.args(
            "package-methods-feedback",
            &[("margin", tr.decimal(margin, places(margin)).into())],
        ));
    }
    text
}
