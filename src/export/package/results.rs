//! `results.md`: the results, sentence by sentence, from the numbers the
//! figures and `summary.csv` hold: consensus per dimension, the stages in
//! each quadrant of the model, Kendall's W with its test, the changes
//! between rounds, and the ideas with the most dots.

use std::fmt::Write as _;

use super::Input;
use super::methods::which;
use crate::analysis::{Quadrant, kendall_test, quadrant};

/// How many ideas the results name.
const TOP_IDEAS: usize = 3;

/// The results as Markdown.
#[must_use]
pub fn render(input: &Input<'_>) -> String {
    let tr = input.tr;
    let mut out = format!("# {}\n\n", tr.text("package-results-title"));
    section(
        &mut out,
        &tr.text("package-results-consensus-title"),
        &consensus(input),
    );
    section(
        &mut out,
        &tr.text("package-results-model-title"),
        &model(input),
    );
    section(
        &mut out,
        &tr.text("package-results-w-title"),
        &concordance(input),
    );
    section(
        &mut out,
        &tr.text("package-results-changes-title"),
        &changes(input),
    );
    section(
        &mut out,
        &tr.text("package-results-ideas-title"),
        &ideas(input),
    );
    out
}

fn section(out: &mut String, title: &str, lines: &[String]) {
    let _ = write!(out, "## {title}\n\n");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn stage_name(input: &Input<'_>, id: &str) -> String {
    input
        .template()
        .stage(id)
        .map_or_else(|| id.to_owned(), |s| s.name.clone())
}

/// The overall count, then one line per dimension naming the stages that
/// reached consensus.
fn consensus(input: &Input<'_>) -> Vec<String> {
    let tr = input.tr;
    let rated: Vec<_> = input.data.cells.iter().filter(|c| c.n > 0).collect();
    let agreed = rated.iter().filter(|c| c.consensus).count();
    let mut lines = vec![tr.args(
        "package-results-consensus",
        &[("agreed", agreed.into()), ("rated", rated.len().into())],
    )];
    for d in crate::analysis::rated_dimensions(input.template()) {
        let cells: Vec<_> = rated.iter().filter(|c| c.dimension == d.id).collect();
        let with: Vec<String> = cells
            .iter()
            .filter(|c| c.consensus)
            .map(|c| stage_name(input, &c.stage))
            .collect();
        let list = if with.is_empty() {
            String::new()
        } else {
            format!(": {}", with.join(", "))
        };
        lines.push(format!(
            "- {}",
            tr.args(
                "package-results-consensus-dimension",
                &[
                    ("dimension", d.name.as_str().into()),
                    ("agreed", with.len().into()),
                    ("rated", cells.len().into()),
                    ("list", list.into()),
                ]
            )
        ));
    }
    lines
}

/// The stages in each quadrant of the model.
fn model(input: &Input<'_>) -> Vec<String> {
    let tr = input.tr;
    let t = input.template();
    let axis = |id: &str| {
        t.dimension(id)
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };
    let mut lines = vec![tr.args(
        "package-results-model",
        &[
            ("x", axis(&t.model.x).into()),
            ("y", axis(&t.model.y).into()),
        ],
    )];
    for q in [
        Quadrant::QuickWin,
        Quadrant::MajorProject,
        Quadrant::FillIn,
        Quadrant::ThanklessTask,
        Quadrant::Borderline,
    ] {
        let stages: Vec<String> = input
            .data
            .placements
            .iter()
            .filter(|p| quadrant(t, p) == Some(q))
            .map(|p| stage_name(input, &p.stage))
            .collect();
        if stages.is_empty() {
            continue;
        }
        let label = tr.text(&format!("quadrant-{}", q.label().replace(' ', "-")));
        lines.push(format!(
            "- {}",
            tr.args(
                "package-results-quadrant",
                &[
                    ("quadrant", label.into()),
                    ("stages", stages.join(", ").into())
                ]
            )
        ));
    }
    lines
}

/// Kendall's W per dimension with its chi-square test, as in
/// `concordance.csv`.
fn concordance(input: &Input<'_>) -> Vec<String> {
    let tr = input.tr;
    let t = input.template();
    let n = t.stages.len();
    input
        .data
        .concordance
        .iter()
        .map(|c| {
            let name = t
                .dimension(&c.dimension)
                .map_or(c.dimension.as_str(), |d| d.name.as_str());
            let line = match c.w.and_then(|w| kendall_test(w, c.m, n)) {
                Some(k) => tr.args(
                    "package-results-w",
                    &[
                        ("dimension", name.into()),
                        ("w", tr.decimal(k.w, 2).into()),
                        ("m", k.m.into()),
                        ("df", k.df.into()),
                        ("chi2", tr.decimal(k.chi2, 2).into()),
                        ("p", p_value(tr, k.p).into()),
                    ],
                ),
                None => tr.args("package-results-w-none", &[("dimension", name.into())]),
            };
            format!("- {line}")
        })
        .collect()
}

/// `= 0.012`, or `< 0.001`.
fn p_value(tr: crate::i18n::Tr, p: f64) -> String {
    if p < 0.001 {
        format!("< {}", tr.decimal(0.001, 3))
    } else {
        format!("= {}", tr.decimal(p, 3))
    }
}

/// One sentence per pair of consecutive rounds of each session.
fn changes(input: &Input<'_>) -> Vec<String> {
    let tr = input.tr;
    let mut lines = Vec::new();
    for (letter, s) in input.parts() {
        for c in crate::analysis::round_changes(s) {
            let compared = c.cells.iter().filter(|x| x.n > 0).count();
            lines.push(tr.args(
                "package-results-change",
                &[
                    ("from", c.from_round.into()),
                    ("to", c.to_round.into()),
                    ("which", which(input, letter, s).into()),
                    ("paired", c.paired_participants.into()),
                    ("moved", c.moved.into()),
                    ("compared", compared.into()),
                    ("reached", c.reached.into()),
                    ("lost", c.lost.into()),
                ],
            ));
        }
    }
    if lines.is_empty() {
        lines.push(tr.text("package-results-no-changes"));
    }
    lines
}

/// The ideas with the most dots, most first.
fn ideas(input: &Input<'_>) -> Vec<String> {
    let tr = input.tr;
    let mut all: Vec<_> = input.sessions.iter().flat_map(|s| &s.ideas).collect();
    all.sort_by(|a, b| b.votes.len().cmp(&a.votes.len()).then(a.id.cmp(&b.id)));
    let lines: Vec<String> = all
        .into_iter()
        .filter(|i| !i.votes.is_empty())
        .take(TOP_IDEAS)
        .map(|i| {
            format!(
                "- {}",
                tr.args(
                    "package-results-idea",
                    &[
                        ("text", i.text.as_str().into()),
                        ("stage", stage_name(input, &i.stage).into()),
                        ("dots", i.votes.len().into()),
                    ]
                )
            )
        })
        .collect();
    if lines.is_empty() {
        vec![tr.text("package-results-no-ideas")]
    } else {
        lines
    }
}
