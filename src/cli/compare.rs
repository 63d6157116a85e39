//! `loopshop compare A B [--round-a N] [--round-b N]`: a round of each of two
//! sessions (by default the latest rated one) side by side, cell by cell, as
//! a plain-text table. `compare S S --round-a 1 --round-b 2` shows how one
//! session moved between its rounds.

use std::fmt::Write as _;

use super::args::{CompareArgs, CompareFormat};
use super::{CliError, Context, print_data, print_out};
use crate::analysis::compare::{Comparison, ConsensusChange, compare_rounds, latest_rated_round};
use crate::domain::{Session, Template};
use crate::export::labels::{DASH, fmt_value};
use crate::store;
use crate::text_width::table::{Column, Table};

/// Each `--format` of `compare` with the extensions its files may have.
const EXTENSIONS: [(&str, &[&str]); 4] = [
    ("text", &["txt"]),
    ("md", &["md", "markdown"]),
    ("csv", &["csv"]),
    ("json", &["json"]),
];

pub fn run(ctx: &Context, args: &CompareArgs) -> Result<(), CliError> {
    if let Some(file) = &args.output {
        let (name, fits) = EXTENSIONS[match args.format {
            CompareFormat::Text => 0,
            CompareFormat::Md => 1,
            CompareFormat::Csv => 2,
            CompareFormat::Json => 3,
        }];
        super::extension::check(file, name, fits, &EXTENSIONS)?;
    }
    let path_a = ctx.store.resolve(&args.a)?;
    let path_b = ctx.store.resolve(&args.b)?;
    let a = store::load(&path_a)?;
    let same = path_a == path_b
        || std::fs::canonicalize(&path_a).ok() == std::fs::canonicalize(&path_b).ok();
    let b = if same {
        None
    } else {
        Some(store::load(&path_b)?)
    };
    let b_ref = b.as_ref().unwrap_or(&a);
    let round_a = pick_round(&a, args.round_a, "A", &args.a)?;
    let round_b = pick_round(b_ref, args.round_b, "B", &args.b)?;
    let c = compare_rounds(&a, round_a, b_ref, round_b);
    let text = match args.format {
        CompareFormat::Text => format_comparison(&c, &a.template, &b_ref.template),
        CompareFormat::Md => format_markdown(&c, &a.template, &b_ref.template),
        CompareFormat::Csv => format_csv(&c)?,
        CompareFormat::Json => {
            let mut j = serde_json::to_string_pretty(&c)
                .map_err(|e| CliError::msg(format!("cannot write JSON: {e}")))?;
            j.push('\n');
            j
        }
    };
    let mut inputs = vec![path_a.clone()];
    if !same {
        inputs.push(path_b.clone());
    }
    match &args.output {
        Some(file) if file.as_os_str() != "-" => {
            ctx.store.check_output(file, &inputs)?;
            crate::store::write_file(file, text.as_bytes())
                .map_err(|e| CliError::msg(e.to_string()))
        }
        _ if args.format == CompareFormat::Text => print_out(&text),
        _ => print_data(&text),
    }
}

/// `v` rounded to `decimals`, as printed: changes are computed from the
/// printed values, so that a reader's subtraction gives the printed change.
fn rounded(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

/// The change from `a` to `b` as printed with `decimals`.
fn printed_change(a: Option<f64>, b: Option<f64>, decimals: i32) -> Option<f64> {
    a.zip(b)
        .map(|(a, b)| rounded(b, decimals) - rounded(a, decimals))
}

/// Names of a comparison's stages and dimensions, from either template.
fn namer<'t>(
    ta: &'t Template,
    tb: &'t Template,
) -> (impl Fn(&str) -> String + 't, impl Fn(&str) -> String + 't) {
    let stage = move |id: &str| {
        ta.stage(id)
            .or_else(|| tb.stage(id))
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    let dim = move |id: &str| {
        ta.dimension(id)
            .or_else(|| tb.dimension(id))
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };
    (stage, dim)
}

/// The comparison as Markdown: the cells, Kendall's W and the summary.
#[must_use]
pub fn format_markdown(c: &Comparison, ta: &Template, tb: &Template) -> String {
    use crate::export::md::escape;
    let (stage, dim) = namer(ta, tb);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} (round {}) and {} (round {})\n",
        escape(&c.title_a),
        c.round_a,
        escape(&c.title_b),
        c.round_b
    );
    out.push_str("| Stage | Dimension | Median A (n) | Median B (n) | Change | Level | Consensus |\n|---|---|---|---|---|---|---|\n");
    for x in &c.cells {
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) | {} ({}) | {} | {} | {} |",
            escape(&stage(&x.stage)),
            escape(&dim(&x.dimension)),
            median(x.median_a),
            x.n_a,
            median(x.median_b),
            x.n_b,
            printed_change(x.median_a, x.median_b, 1)
                .map_or_else(|| DASH.to_owned(), |d| format!("{d:+.1}")),
            escape(&level_text(x, ta, tb)),
            escape(&consensus_text(c, x)),
        );
    }
    out.push_str("\n| Dimension | W in A (m) | W in B (m) | Change |\n|---|---|---|---|\n");
    for k in &c.concordance {
        let w = |m: usize, w: Option<f64>| {
            w.map_or_else(|| format!("{DASH} ({m})"), |w| format!("{w:.2} ({m})"))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&dim(&k.dimension)),
            w(k.m_a, k.w_a),
            w(k.m_b, k.w_b),
            printed_change(k.w_a, k.w_b, 2).map_or_else(|| DASH.to_owned(), |d| format!("{d:+.2}"))
        );
    }
    out.push('\n');
    out.push_str(&escape(&summary_line(c)));
    out.push('\n');
    out
}

/// The comparison as CSV: one row per cell.
fn format_csv(c: &Comparison) -> Result<String, CliError> {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let err = |e: ::csv::Error| CliError::msg(format!("cannot write CSV: {e}"));
    w.write_record([
        "stage",
        "dimension",
        "n_a",
        "n_b",
        "median_a",
        "median_b",
        "change",
        "level_a",
        "level_b",
        "consensus",
    ])
    .map_err(err)?;
    let num = |v: Option<f64>| {
        v.map(crate::export::summary_csv::plain_number)
            .unwrap_or_default()
    };
    for x in &c.cells {
        w.write_record([
            crate::domain::guard_formula(&x.stage).as_ref(),
            crate::domain::guard_formula(&x.dimension).as_ref(),
            &x.n_a.to_string(),
            &x.n_b.to_string(),
            &num(x.median_a),
            &num(x.median_b),
            &num(x.change),
            x.level_a.as_deref().unwrap_or(""),
            x.level_b.as_deref().unwrap_or(""),
            if x.rated_in_both() {
                x.consensus.label()
            } else {
                ""
            },
        ])
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| CliError::msg(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| CliError::msg(e.to_string()))
}

/// The cell's level, or its change of level ("medium → high").
fn level_text(x: &crate::analysis::compare::CellChange, ta: &Template, tb: &Template) -> String {
    if x.rated_in_both() && x.level_changed() {
        format!(
            "{} \u{2192} {}",
            band_name(ta, &x.dimension, x.level_a.as_deref()),
            band_name(tb, &x.dimension, x.level_b.as_deref())
        )
    } else {
        band_name(ta, &x.dimension, x.level_a.as_deref())
    }
}

fn consensus_text(c: &Comparison, x: &crate::analysis::compare::CellChange) -> String {
    if x.rated_in_both() {
        x.consensus.label().to_owned()
    } else {
        c.one_side_label()
    }
}

/// The closing lines: cells left out, and what changed.
fn summary_line(c: &Comparison) -> String {
    let mut out = String::new();
    let changed = c.changed().count();
    let one_side = c.rated_in_one();
    if one_side > 0 {
        let _ = writeln!(
            out,
            "{one_side} cells {}: left out of the counts below.",
            c.one_side_label()
        );
    }
    if changed == 0 {
        let _ = writeln!(
            out,
            "No change: every median, level and consensus is the same."
        );
    } else {
        let moved = c.compared().filter(|x| x.median_moved()).count();
        let _ = writeln!(
            out,
            "{changed} cells changed (marked *): {moved} medians moved, {} levels changed, consensus reached in {} and lost in {}.",
            c.level_changes(),
            c.count(ConsensusChange::Reached),
            c.count(ConsensusChange::Lost)
        );
    }
    out
}

/// The asked round if the session has it, else its latest rated round.
fn pick_round(
    session: &Session,
    asked: Option<u32>,
    which: &str,
    arg: &str,
) -> Result<u32, CliError> {
    let Some(round) = asked else {
        return Ok(latest_rated_round(session));
    };
    if session.round(round).is_some() {
        return Ok(round);
    }
    let known: Vec<String> = session
        .rounds
        .iter()
        .map(|r| r.number.to_string())
        .collect();
    Err(CliError::msg(format!(
        "--round-{}: {arg} has no round {round} (its rounds: {})",
        which.to_lowercase(),
        if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        }
    )))
}

fn median(v: Option<f64>) -> String {
    fmt_value(v)
}

fn band_name(t: &Template, dimension: &str, id: Option<&str>) -> String {
    let Some(id) = id else {
        return DASH.to_owned();
    };
    t.dimension(dimension)
        .and_then(|d| d.bands.iter().find(|b| b.id == id))
        .map_or_else(|| id.to_owned(), |b| b.name.clone())
}

/// A left-aligned table with a rule under its headings.
fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let columns = head.iter().map(|h| Column::left(h)).collect();
    out.push_str(&Table::new(columns).with_rule().with_rows(rows).render());
}

/// The comparison as text: a row per stage and dimension, Kendall's W per
/// dimension, and a summary line.
#[must_use]
pub fn format_comparison(c: &Comparison, ta: &Template, tb: &Template) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A: {} (round {})\nB: {} (round {})\n",
        c.title_a, c.round_a, c.title_b, c.round_b
    );
    let (stage, dim) = namer(ta, tb);
    let rows: Vec<Vec<String>> = c
        .cells
        .iter()
        .map(|x| {
            vec![
                if x.rated_in_both() && x.changed() {
                    "*".into()
                } else {
                    String::new()
                },
                stage(&x.stage),
                dim(&x.dimension),
                format!("{} (n={})", median(x.median_a), x.n_a),
                format!("{} (n={})", median(x.median_b), x.n_b),
                printed_change(x.median_a, x.median_b, 1)
                    .map_or_else(|| DASH.to_owned(), |d| format!("{d:+.1}")),
                level_text(x, ta, tb),
                consensus_text(c, x),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "",
            "Stage",
            "Dimension",
            "Median A",
            "Median B",
            "Change",
            "Level",
            "Consensus",
        ],
        &rows,
    );
    out.push('\n');
    let w = |m: usize, w: Option<f64>| {
        w.map_or_else(|| format!("{DASH} (m={m})"), |w| format!("{w:.2} (m={m})"))
    };
    let wrows: Vec<Vec<String>> = c
        .concordance
        .iter()
        .map(|k| {
            vec![
                dim(&k.dimension),
                w(k.m_a, k.w_a),
                w(k.m_b, k.w_b),
                printed_change(k.w_a, k.w_b, 2)
                    .map_or_else(|| DASH.to_owned(), |d| format!("{d:+.2}")),
            ]
        })
        .collect();
    let _ = writeln!(out, "Agreement on the ranking of stages (Kendall's W)");
    table(
        &mut out,
        &["Dimension", "W in A", "W in B", "Change"],
        &wrows,
    );
    out.push('\n');
    out.push_str(&summary_line(c));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::{CellChange, ConcordanceChange};
    use crate::domain::default_template;

    fn comparison(b_median: f64, b_consensus: bool) -> Comparison {
        Comparison {
            title_a: "A".into(),
            title_b: "B".into(),
            round_a: 1,
            round_b: 2,
            same_session: false,
            cells: vec![CellChange {
                stage: "mining".into(),
                dimension: "maturity".into(),
                n_a: 10,
                n_b: 9,
                median_a: Some(2.0),
                median_b: Some(b_median),
                change: Some(b_median - 2.0),
                level_a: Some("low".into()),
                level_b: Some(if b_median >= 3.5 { "high" } else { "low" }.into()),
                consensus: ConsensusChange::of(true, b_consensus),
            }],
            concordance: vec![ConcordanceChange {
                dimension: "maturity".into(),
                m_a: 10,
                m_b: 9,
                w_a: Some(0.5),
                w_b: Some(0.62),
            }],
        }
    }

    #[test]
    fn changes_are_marked_and_summed_up() {
        let t = default_template();
        let text = format_comparison(&comparison(4.0, false), &t, &t);
        assert!(text.contains("Low \u{2192} High"), "{text}");
        assert!(text.contains("+2.0"));
        assert!(text.contains("lost"));
        assert!(text.contains("0.50 (m=10)") && text.contains("+0.12"));
        // Changes are those of the printed values: 0.544 and 0.665 print
        // as 0.54 and 0.67, so the change prints as +0.13, not +0.12.
        let mut c = comparison(4.0, false);
        c.concordance[0].w_a = Some(0.544);
        c.concordance[0].w_b = Some(0.665);
        let text = format_comparison(&c, &t, &t);
        assert!(text.contains("+0.13"), "{text}");
        let md = format_markdown(&c, &t, &t);
        assert!(
            md.contains("| Mining | Technological maturity | 2.0 (10) | 4.0 (9) | +2.0 |"),
            "{md}"
        );
        assert!(format_csv(&c).is_ok_and(|csv| csv.starts_with("stage,dimension,n_a")));
        assert!(text.contains("1 cells changed (marked *): 1 medians moved, 1 levels changed, consensus reached in 0 and lost in 1."));
        let same = format_comparison(&comparison(2.0, true), &t, &t);
        assert!(same.contains("No change"), "{same}");
        assert!(same.contains("+0.0") && same.contains("kept"));
    }
}
