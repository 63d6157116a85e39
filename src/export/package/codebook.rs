//! `codebook.md`: every column of every file, its type and allowed values,
//! the scales with their anchors, the consensus rule, how "don't know" is
//! coded and the round rule; from the same descriptions as the Table
//! Schemas ([`super::schema`]).

use std::fmt::Write as _;

use super::Input;
use super::datapackage::context;
use super::schema::{self, Table};
use crate::export::summary_csv::full_number;

/// The codebook as Markdown.
#[must_use]
pub fn render(input: &Input<'_>) -> String {
    let t = input.template();
    let rule = &t.consensus;
    let mut out = String::from("# Codebook\n\n");
    out.push_str("Every file of this data package, column by column. The same descriptions are the Table Schemas in `datapackage.json`.\n\n");
    out.push_str("## Coding\n\n");
    out.push_str("- **Participants** are known by pseudonyms: their ids in the session (`p01`, ...; in a pool prefixed with the session's letter, `A-p01`). Names are not in the package, and the mapping to names is not written.\n");
    out.push_str("- **\"Don't know\"** is an empty `value` in `ratings.csv`: counted in `dont_know` of `summary.csv` and left out of every statistic.\n");
    out.push_str("- **The round rule**: per session and dimension, the latest round that rated the dimension (or exactly the round asked for with `--round`). `ratings.csv` holds only the rounds a report may show: a blind round never revealed stays out.\n");
    out.push_str("- **Statistics**: median and quartiles by linear interpolation between order statistics (R's `quantile(type = 7)`, pandas' default), the mean, the sample standard deviation (n - 1), the interquartile range q3 - q1; the level is the band that holds the median; agreement is the share of numeric ratings in the band that holds most of them.\n");
    let _ = writeln!(
        out,
        "- **Consensus** (`consensus_rule.csv`): at least {} numeric ratings, an interquartile range of at most {}, and at least {} of the ratings in one band.",
        rule.min_n,
        full_number(rule.max_iqr),
        full_number(rule.min_agreement),
    );
    out.push_str("- **Kendall's W** per dimension, over the participants who gave a number to every stage, mid-ranks with the tie correction: W = 12 S / (m² (n³ - n) - m Σ T), tested with chi2 = m (n - 1) W on n - 1 degrees of freedom.\n\n");
    out.push_str("## Scales\n\n| dimension | question | scale | low end | high end | bands |\n|---|---|---|---|---|---|\n");
    for d in &t.dimensions {
        let bands: Vec<String> = d
            .bands
            .iter()
            .map(|b| format!("{} [{}, {})", b.id, full_number(b.from), full_number(b.to)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} to {} | {} | {} | {} |",
            cell(&d.id),
            cell(&d.question),
            d.scale.min,
            d.scale.max,
            cell(&d.anchors.low),
            cell(&d.anchors.high),
            bands.join(", ")
        );
    }
    out.push('\n');
    for table in schema::tables(context(input)) {
        push_table(&mut out, &table);
    }
    out
}

fn push_table(out: &mut String, table: &Table) {
    let _ = writeln!(
        out,
        "## {} (`{}`)\n\n{}\n",
        table.title,
        table.file(),
        table.description
    );
    out.push_str(
        "| column | type | required | allowed values | meaning |\n|---|---|---|---|---|\n",
    );
    for f in &table.fields {
        let allowed = f.allowed.as_ref().map(|v| v.join(", ")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            f.name,
            f.kind.name(),
            if f.required { "yes" } else { "no" },
            cell(&allowed),
            cell(&f.description)
        );
    }
    out.push('\n');
}

/// Text inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
