//! The codebook: every column of every file, its type and allowed values,
//! the scales with their anchors, the consensus rule, how "don't know" is
//! coded and the round rule; from the same descriptions as the Table
//! Schemas ([`super::schema`]). Written as `codebook.md` in the package;
//! the HTML report ends with the codebook of its statistics and the
//! summary CSV in its own language ([`for_report`]).

use super::Input;
use super::datapackage::context;
use super::methods::places;
use super::schema::{self, Table};
use crate::domain::Template;
use crate::export::md;
use crate::export::report::Block;
use crate::export::summary_csv::full_number;
use crate::i18n::Tr;

/// `codebook.md`.
#[must_use]
pub fn render(input: &Input<'_>) -> String {
    let tables = schema::tables(context(input));
    let mut blocks = vec![
        Block::Heading(1, "Codebook".to_owned()),
        Block::Paragraph(
            "Every file of this data package, column by column. The same descriptions are the Table Schemas in datapackage.json.".to_owned(),
        ),
    ];
    blocks.extend(blocks_of(input.template(), &tables, 2, true));
    md::to_markdown(&blocks)
}

/// The codebook of the summary CSV, for the end of the HTML report, in
/// the report's language: the coding, the scales with their anchors and
/// bands, and the summary's columns.
#[must_use]
pub fn for_report(template: &Template, tr: Tr) -> Vec<Block> {
    let rule = &template.consensus;
    let number = |x: f64| tr.decimal(x, places(x));
    let scales = template
        .dimensions
        .iter()
        .map(|d| {
            let bands: Vec<String> = d
                .bands
                .iter()
                .map(|b| format!("{} ({}; {})", b.name, number(b.from), number(b.to)))
                .collect();
            vec![
                d.name.clone(),
                d.question.clone(),
                tr.args(
                    "codebook-scale-range",
                    &[("min", d.scale.min.into()), ("max", d.scale.max.into())],
                ),
                d.anchors.low.clone(),
                d.anchors.high.clone(),
                bands.join(", "),
            ]
        })
        .collect();
    let columns = crate::export::summary_csv::HEADER
        .split(',')
        .map(|c| vec![c.to_owned(), tr.text(&format!("codebook-col-{c}"))])
        .collect();
    let head = |ids: &[&str]| ids.iter().map(|id| tr.text(id)).collect();
    vec![
        Block::Heading(2, tr.text("codebook-title")),
        Block::Paragraph(tr.text("codebook-intro")),
        Block::List(vec![
            tr.text("codebook-dont-know"),
            tr.text("codebook-rounds"),
            tr.args(
                "codebook-consensus",
                &[
                    ("n", rule.min_n.into()),
                    ("iqr", number(rule.max_iqr).into()),
                    ("agreement", number(rule.min_agreement * 100.0).into()),
                ],
            ),
        ]),
        Block::Heading(3, tr.text("codebook-scales")),
        Block::Table {
            head: head(&[
                "codebook-dimension",
                "codebook-question",
                "codebook-scale",
                "codebook-low",
                "codebook-high",
                "codebook-bands",
            ]),
            rows: scales,
        },
        Block::Heading(3, tr.text("codebook-columns")),
        Block::Table {
            head: head(&["codebook-column", "codebook-meaning"]),
            rows: columns,
        },
    ]
}

/// The coding rules, the scales, then each table's columns, with headings
/// at `level`; `package`: the rules of the package's files too.
fn blocks_of(template: &Template, tables: &[Table], level: u8, package: bool) -> Vec<Block> {
    let rule = &template.consensus;
    let mut coding = if package {
        vec![
            "Participants are known by pseudonyms: their ids in the session (p01, ...; in a pool prefixed with the session's letter, A-p01). The mapping to names is not written.".to_owned(),
            "\"Don't know\" is an empty value in ratings.csv: counted in dont_know and left out of every statistic.".to_owned(),
        ]
    } else {
        vec![
            "\"Don't know\" answers are counted in dont_know and left out of every statistic."
                .to_owned(),
        ]
    };
    coding.extend([
            "The round rule: per session and dimension, the latest round that rated the dimension (or exactly the round asked for with --round). Only the rounds a report may show are read: a blind round never revealed stays out.".to_owned(),
            "Statistics: median and quartiles by linear interpolation between order statistics (R's quantile type 7, pandas' default), the mean, the sample standard deviation (n - 1), the interquartile range q3 - q1; the level is the band that holds the median; agreement is the share of numeric ratings in the band that holds most of them.".to_owned(),
            format!(
                "Consensus: at least {} numeric ratings, an interquartile range of at most {}, and a share of at least {} of the ratings in one band.",
                rule.min_n,
                full_number(rule.max_iqr),
                full_number(rule.min_agreement),
            ),
            "Kendall's W per dimension, over the participants who gave a number to every stage, mid-ranks with the tie correction: W = 12 S / (m² (n³ - n) - m Σ T), tested with chi2 = m (n - 1) W on n - 1 degrees of freedom.".to_owned(),
    ]);
    let mut out = vec![
        Block::Heading(level, "Coding".to_owned()),
        Block::List(coding),
        Block::Heading(level, "Scales".to_owned()),
        Block::Table {
            head: [
                "dimension",
                "question",
                "scale",
                "low end",
                "high end",
                "bands",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: template
                .dimensions
                .iter()
                .map(|d| {
                    let bands: Vec<String> = d
                        .bands
                        .iter()
                        .map(|b| {
                            format!("{} [{}, {})", b.id, full_number(b.from), full_number(b.to))
                        })
                        .collect();
                    vec![
                        d.id.clone(),
                        d.question.clone(),
                        format!("{} to {}", d.scale.min, d.scale.max),
                        d.anchors.low.clone(),
                        d.anchors.high.clone(),
                        bands.join(", "),
                    ]
                })
                .collect(),
        },
    ];
    for table in tables {
        out.push(Block::Heading(
            level,
            format!("{} ({})", table.title, table.file()),
        ));
        out.push(Block::Paragraph(table.description.clone()));
        out.push(Block::Table {
            head: ["column", "type", "required", "allowed values", "meaning"]
                .map(str::to_owned)
                .to_vec(),
            rows: table
                .fields
                .iter()
                .map(|f| {
                    vec![
                        f.name.to_owned(),
                        f.kind.name().to_owned(),
                        if f.required { "yes" } else { "no" }.to_owned(),
                        f.allowed.as_ref().map(|v| v.join(", ")).unwrap_or_default(),
                        f.description.clone(),
                    ]
                })
                .collect(),
        });
    }
    out
}
