//! `README.md` (what each file is, how to run the scripts, how to cite)
//! and `CITATION.cff`.

use std::fmt::Write as _;

use super::Input;
use super::datapackage::{context, title};
use super::schema;

/// The package's README.
#[must_use]
pub fn render(input: &Input<'_>) -> String {
    let mut out = format!("# {}\n\n", title(input));
    let _ = writeln!(
        out,
        "A research data package written by loopshop {} from the workshop's session file: the ratings with pseudonyms, the statistics the figures read, the methods and results as text, a CREDES checklist, the figures at journal widths and scripts that recompute every statistic. It is a [Frictionless Data Package](https://specs.frictionlessdata.io/data-package/): `datapackage.json` describes every table for machines, `codebook.md` for people.\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("## Licence\n\n");
    match input.license {
        Some(id) => {
            let _ = writeln!(out, "The data are licensed under {id} (SPDX identifier; see `datapackage.json`).\n");
        }
        None => out.push_str("**No licence has been chosen yet.** Choose one before depositing (for data, CC-BY-4.0 or CC0-1.0 are common) and write the package again with `loopshop export ... --format package --license SPDX-ID`.\n\n"),
    }
    out.push_str("## Privacy\n\nParticipants are known by pseudonyms: their ids in the session (`p01`; in a pool `A-p01`). Names, aliases, organisations and the facilitator's name are not in the package");
    out.push_str(if input.keep.names { ", except that this package was written with `--names`: it holds names and must not be deposited openly.\n\n" } else { ", and the mapping from pseudonyms to names is not written. Free-text comments and ideas are as participants wrote them: read them before depositing.\n\n" });
    out.push_str("## Files\n\n| file | what it holds |\n|---|---|\n");
    for t in schema::tables(context(input)) {
        let _ = writeln!(
            out,
            "| `{}` | {} |",
            t.file(),
            t.description.replace('|', "\\|")
        );
    }
    for (file, what) in [
        (
            "datapackage.json",
            "The Data Package descriptor: every table's columns, types, allowed values and keys.",
        ),
        (
            "template.ron",
            "The workshop's template (stages, dimensions, scales, exercises, consensus rule) as loopshop reads it.",
        ),
        (
            "codebook.md",
            "Every column of every file, the scales with their anchors, the consensus rule, how \"don't know\" is coded and the round rule.",
        ),
        (
            "methods.md",
            "A methods paragraph with every number filled in from the session, in the session's language.",
        ),
        (
            "results.md",
            "The results, sentence by sentence from the same numbers as the figures.",
        ),
        (
            "credes.md",
            "The CREDES checklist for reporting Delphi studies, answered where loopshop can.",
        ),
        (
            "figures/",
            "The model, matrix and flow figures at 85 and 170 mm as SVG, PDF and 300 dpi PNG, each with its caption.",
        ),
        (
            "report.pdf",
            "The report, with pseudonyms and roles instead of names.",
        ),
        (
            "reproduce.py",
            "Recomputes summary.csv and concordance.csv from ratings.csv (Python with pandas).",
        ),
        ("reproduce.R", "The same in base R."),
        ("CITATION.cff", "How to cite the data."),
    ] {
        let _ = writeln!(out, "| `{file}` | {what} |");
    }
    out.push_str("\n## Reproducing the statistics\n\nFrom this folder:\n\n```\npython3 reproduce.py     # needs pandas\nRscript reproduce.R      # base R, no packages\n```\n\nEach reads `ratings.csv`, `bands.csv` and `consensus_rule.csv`, recomputes every row of `summary.csv` and Kendall's W in `concordance.csv`, and exits 0 when all agree to 1e-9; otherwise it lists each differing cell and exits 1.\n\n");
    out.push_str("To check the package against the Data Package specification: `pip install frictionless` and `frictionless validate datapackage.json`.\n\n");
    out.push_str("## Citing\n\nCite the deposit (its DOI) and the article; `CITATION.cff` holds the data's citation for GitHub, Zenodo and reference managers. Fill in the authors before depositing.\n");
    out
}

/// `CITATION.cff` (Citation File Format 1.2.0).
#[must_use]
pub fn citation(input: &Input<'_>) -> String {
    let date = input
        .sessions
        .iter()
        .map(|s| s.updated)
        .max()
        .unwrap_or_default()
        .format("%Y-%m-%d");
    let mut out = String::from(
        "cff-version: 1.2.0\nmessage: \"If you use these data, please cite them as below.\"\ntype: dataset\n",
    );
    let _ = writeln!(out, "title: {}", yaml_string(&title(input)));
    out.push_str("authors:\n  - name: \"To be completed by the authors\"\n");
    let _ = writeln!(out, "date-released: {date}");
    if let Some(id) = input.license {
        let _ = writeln!(out, "license: {}", yaml_string(id));
    }
    let _ = writeln!(
        out,
        "keywords:\n  - Delphi\n  - expert workshop\n  - circular economy\nnotes: {}",
        yaml_string(&format!(
            "Written by loopshop {}",
            env!("CARGO_PKG_VERSION")
        ))
    );
    out
}

/// A double-quoted YAML string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
