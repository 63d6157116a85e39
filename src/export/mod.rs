//! Export formats, from domain and analysis only.
//!
//! Every format module exposes `render(session)`; [`render`] dispatches on
//! [`Format`], and [`render_all`] writes every format from one aggregate.
//! Adding a format is one arm in each.

pub mod csv;
pub mod font;
pub mod html;
pub mod join_cards;
pub mod json;
pub mod labels;
pub mod md;
pub mod pdf;
pub mod raster;
pub mod report;
pub mod summary_csv;
pub mod svg_flow;
pub mod svg_matrix;
pub mod svg_model;
pub mod svg_text;
pub mod text;

use thiserror::Error;

use crate::analysis::{Aggregate, RoundChoice};
use crate::domain::Session;

/// The export formats, in the order `--out-dir` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Tidy CSV: one row per rating (see [`csv`]).
    Csv,
    /// One row per cell with its statistics.
    SummaryCsv,
    Json,
    Md,
    SvgModel,
    SvgMatrix,
    Html,
}

impl Format {
    pub const ALL: [Self; 7] = [
        Self::Csv,
        Self::SummaryCsv,
        Self::Json,
        Self::Md,
        Self::SvgModel,
        Self::SvgMatrix,
        Self::Html,
    ];

    /// The name used on the command line (`--format NAME`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::SummaryCsv => "summary-csv",
            Self::Json => "json",
            Self::Md => "md",
            Self::SvgModel => "svg-model",
            Self::SvgMatrix => "svg-matrix",
            Self::Html => "html",
        }
    }

    /// File extension used by `--out-dir`: `<slug>.<extension>`.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::SummaryCsv => "summary.csv",
            Self::Json => "json",
            Self::Md => "md",
            Self::SvgModel => "model.svg",
            Self::SvgMatrix => "matrix.svg",
            Self::Html => "html",
        }
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write CSV: {0}")]
    Csv(String),
    #[error("{0}")]
    Other(String),
}

/// Renders `session` in `format`, the figures and reports from the rounds
/// `round` picks (the tidy CSV, summary CSV and JSON carry every round, each
/// row with its round; the JSON also names the rounds picked).
///
/// # Errors
/// The format's own error (CSV or JSON writing).
pub fn render(
    format: Format,
    session: &Session,
    round: RoundChoice,
) -> Result<String, ExportError> {
    match format {
        Format::Csv => csv::render(session),
        Format::SummaryCsv => Ok(summary_csv::render(session)),
        Format::Json => json::render_aggregate(session, &Aggregate::new(session), round)
            .map_err(|e| ExportError::Other(e.to_string())),
        Format::Md => Ok(md::to_markdown(&report::document(
            session,
            &report::ReportData::of(session, round),
        ))),
        Format::SvgModel => Ok(svg_model::render_round(session, round)),
        Format::SvgMatrix => Ok(svg_matrix::render_round(session, round)),
        Format::Html => Ok(html::render_with(
            session,
            &report::ReportData::of(session, round),
        )),
    }
}

/// Every format with its text, in [`Format::ALL`] order. The statistics are
/// computed once for all of them.
///
/// # Errors
/// The first format's own error.
pub fn render_all(
    session: &Session,
    round: RoundChoice,
) -> Result<Vec<(Format, String)>, ExportError> {
    let agg = Aggregate::new(session);
    let data = report::ReportData::from_aggregate(session, &agg, round);
    let t = &session.template;
    let subtitle = labels::subtitle(session, &data.selection);
    let tr = crate::i18n::Tr::new(&session.language);
    let mut out = Vec::new();
    for format in Format::ALL {
        let text = match format {
            Format::SummaryCsv => Ok(summary_csv::render_aggregate(session, &agg)),
            Format::Json => json::render_aggregate(session, &agg, round)
                .map_err(|e| ExportError::Other(e.to_string())),
            Format::Md => Ok(md::to_markdown(&report::document(session, &data))),
            Format::SvgModel => Ok(svg_model::render_placements(
                tr,
                t,
                &data.placements,
                &subtitle,
            )),
            Format::SvgMatrix => Ok(svg_matrix::render_cells(tr, t, &data.cells, &subtitle)),
            Format::Html => Ok(html::render_with(session, &data)),
            Format::Csv => render(format, session, round),
        };
        out.push((format, text?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_renders() {
        let s = crate::synthetic::synthetic_session("t", 2, 1);
        let all = render_all(&s, RoundChoice::Latest)
            .map(|v| v.iter().map(|(f, _)| *f).collect::<Vec<_>>());
        assert_eq!(all.ok(), Some(Format::ALL.to_vec()));
        // Sharing the statistics changes nothing: each text is what the
        // format renders on its own.
        let one_by_one: Vec<(Format, String)> = Format::ALL
            .iter()
            .filter_map(|&f| render(f, &s, RoundChoice::Latest).ok().map(|t| (f, t)))
            .collect();
        assert_eq!(render_all(&s, RoundChoice::Latest).ok(), Some(one_by_one));
        assert_eq!(
            render(Format::SummaryCsv, &s, RoundChoice::Latest).ok(),
            Some(summary_csv::render(&s))
        );
    }
}
