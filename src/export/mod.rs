//! Export formats, from domain and analysis only.
//!
//! Every format module exposes `render(session)`; [`render`] dispatches on
//! [`Format`], and [`render_all`] writes every format from one aggregate.
//! Adding a format is one arm in each.

pub mod csv;
pub mod html;
pub mod json;
pub mod labels;
pub mod md;
pub mod report;
pub mod summary_csv;
pub mod svg_matrix;
pub mod svg_model;
pub mod text;

use thiserror::Error;

use crate::analysis::Aggregate;
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

/// Renders `session` in `format`.
///
/// # Errors
/// The format's own error (CSV or JSON writing).
pub fn render(format: Format, session: &Session) -> Result<String, ExportError> {
    match format {
        Format::Csv => csv::render(session),
        Format::SummaryCsv => Ok(summary_csv::render(session)),
        Format::Json => json::render(session).map_err(|e| ExportError::Other(e.to_string())),
        Format::Md => Ok(md::render(session)),
        Format::SvgModel => Ok(svg_model::render(session)),
        Format::SvgMatrix => Ok(svg_matrix::render(session)),
        Format::Html => Ok(html::render(session)),
    }
}

/// Every format with its text, in [`Format::ALL`] order. The statistics are
/// computed once for all of them.
///
/// # Errors
/// The first format's own error.
pub fn render_all(session: &Session) -> Result<Vec<(Format, String)>, ExportError> {
    let agg = Aggregate::new(session);
    let data = report::ReportData::from_aggregate(session, &agg);
    let t = &session.template;
    let subtitle = labels::subtitle(session, data.round);
    let mut out = Vec::new();
    for format in Format::ALL {
        let text = match format {
            Format::SummaryCsv => Ok(summary_csv::render_aggregate(session, &agg)),
            Format::Json => {
                json::render_aggregate(session, &agg).map_err(|e| ExportError::Other(e.to_string()))
            }
            Format::Md => Ok(md::to_markdown(&report::document(session, &data))),
            Format::SvgModel => Ok(svg_model::render_placements(t, &data.placements, &subtitle)),
            Format::SvgMatrix => Ok(svg_matrix::render_cells(t, &data.cells, &subtitle)),
            Format::Html => Ok(html::render_with(session, &data)),
            Format::Csv => render(format, session),
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
        let all = render_all(&s).map(|v| v.iter().map(|(f, _)| *f).collect::<Vec<_>>());
        assert_eq!(all.ok(), Some(Format::ALL.to_vec()));
        // Sharing the statistics changes nothing: each text is what the
        // format renders on its own.
        let one_by_one: Vec<(Format, String)> = Format::ALL
            .iter()
            .filter_map(|&f| render(f, &s).ok().map(|t| (f, t)))
            .collect();
        assert_eq!(render_all(&s).ok(), Some(one_by_one));
        assert_eq!(
            render(Format::SummaryCsv, &s).ok(),
            Some(summary_csv::render(&s))
        );
    }
}
