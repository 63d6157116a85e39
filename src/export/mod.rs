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
pub mod pdf_report;
pub mod raster;
pub mod report;
pub mod summary_csv;
pub mod svg_flow;
pub mod svg_matrix;
pub mod svg_model;
pub mod svg_shift;
pub mod svg_text;
pub mod text;

use thiserror::Error;

use crate::analysis::RoundChoice;
use crate::analysis::pool::Pooled;
use crate::domain::Session;

pub use report::Figure;

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
    SvgFlow,
    Html,
    /// The whole report as PDF, with its three figures.
    Pdf,
    /// One figure as PNG.
    Png(Figure),
    /// One figure as a one-page PDF.
    FigurePdf(Figure),
}

impl Format {
    /// What `--out-dir` and the terminal's export write.
    pub const ALL: [Self; 12] = [
        Self::Csv,
        Self::SummaryCsv,
        Self::Json,
        Self::Md,
        Self::SvgModel,
        Self::SvgMatrix,
        Self::SvgFlow,
        Self::Html,
        Self::Pdf,
        Self::Png(Figure::Model),
        Self::Png(Figure::Matrix),
        Self::Png(Figure::Flow),
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
            Self::SvgFlow => "svg-flow",
            Self::Html => "html",
            Self::Pdf | Self::FigurePdf(_) => "pdf",
            Self::Png(_) => "png",
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
            Self::SvgFlow => "flow.svg",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Png(Figure::Model) => "model.png",
            Self::Png(Figure::Matrix) => "matrix.png",
            Self::Png(Figure::Flow) => "flow.png",
            Self::FigurePdf(Figure::Model) => "model.pdf",
            Self::FigurePdf(Figure::Matrix) => "matrix.pdf",
            Self::FigurePdf(Figure::Flow) => "flow.pdf",
        }
    }

    /// Whether the format is bytes rather than text.
    #[must_use]
    pub fn binary(self) -> bool {
        matches!(self, Self::Pdf | Self::Png(_) | Self::FigurePdf(_))
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("could not write CSV: {0}")]
    Csv(String),
    #[error("{0}")]
    Other(String),
}

/// How reports and figures are made.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Which rounds the figures and reports read.
    pub round: RoundChoice,
    /// Titles on the figures (off: the journal's caption says it).
    pub title: bool,
    /// The figures' printed width in millimetres.
    pub width_mm: f64,
    /// PNG resolution.
    pub dpi: u32,
    /// Quadrant labels on the model.
    pub quadrants: bool,
    /// Statistics per role as well as overall.
    pub by_role: bool,
    /// The smallest role reported with `by_role`.
    pub min_group_n: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            round: RoundChoice::Latest,
            title: true,
            width_mm: 170.0,
            dpi: raster::DEFAULT_DPI,
            quadrants: true,
            by_role: false,
            min_group_n: crate::analysis::groups::DEFAULT_MIN_GROUP_N,
        }
    }
}

impl Options {
    /// The defaults, reading `round`.
    #[must_use]
    pub fn round(round: RoundChoice) -> Self {
        Self {
            round,
            ..Self::default()
        }
    }
}

/// What is exported: one session, or several pooled.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Every rating, every round (pooled sessions matched by round number).
    pub session: &'a Session,
    /// For pooled sessions: each session's contribution and the ratings the
    /// figures read.
    pub pool: Option<&'a Pooled>,
}

impl<'a> Subject<'a> {
    /// One session.
    #[must_use]
    pub fn one(session: &'a Session) -> Self {
        Self {
            session,
            pool: None,
        }
    }
}

/// Renders `session` in a text format, the figures and reports from the
/// rounds `round` picks (the tidy CSV, summary CSV and JSON carry every
/// round, each row with its round; the JSON also names the rounds picked).
///
/// # Errors
/// The format's own error; a binary format (PDF, PNG) is refused: use
/// [`render_bytes`].
pub fn render(
    format: Format,
    session: &Session,
    round: RoundChoice,
) -> Result<String, ExportError> {
    if format.binary() {
        return Err(ExportError::Other(format!("{} is not text", format.name())));
    }
    let bytes = render_bytes(format, Subject::one(session), &Options::round(round))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Other(e.to_string()))
}

/// Renders `subject` in `format`.
///
/// # Errors
/// The format's own error.
pub fn render_bytes(
    format: Format,
    subject: Subject<'_>,
    opts: &Options,
) -> Result<Vec<u8>, ExportError> {
    let data = report::ReportData::build(subject, opts);
    render_with(format, subject, opts, &data)
}

/// Renders `subject` in `format` from statistics already computed.
fn render_with(
    format: Format,
    subject: Subject<'_>,
    opts: &Options,
    data: &report::ReportData,
) -> Result<Vec<u8>, ExportError> {
    let figure = |f: Figure| report::figure_svg(subject, opts, data, f);
    Ok(match format {
        Format::Csv => csv::render_subject(subject)?.into_bytes(),
        Format::SummaryCsv => summary_csv::render_data(subject.session, data).into_bytes(),
        Format::Json => json::render_data(subject, opts, data)
            .map_err(|e| ExportError::Other(e.to_string()))?
            .into_bytes(),
        Format::Md => md::to_markdown(&report::document(subject.session, data)).into_bytes(),
        Format::SvgModel => figure(Figure::Model).into_bytes(),
        Format::SvgMatrix => figure(Figure::Matrix).into_bytes(),
        Format::SvgFlow => figure(Figure::Flow).into_bytes(),
        Format::Html => html::render_subject(subject, opts, data).into_bytes(),
        Format::Pdf => pdf_report::render(subject, opts, data)?,
        Format::Png(f) => raster::png(&figure(f), opts.dpi)?,
        Format::FigurePdf(f) => pdf::figure(&figure(f))?,
    })
}

/// Every format of [`Format::ALL`] with its bytes, in that order. The
/// statistics are computed once for all of them.
///
/// # Errors
/// The first format's own error.
pub fn render_all_subject(
    subject: Subject<'_>,
    opts: &Options,
) -> Result<Vec<(Format, Vec<u8>)>, ExportError> {
    let data = report::ReportData::build(subject, opts);
    Format::ALL
        .iter()
        .map(|&f| render_with(f, subject, opts, &data).map(|b| (f, b)))
        .collect()
}

/// [`render_all_subject`] of one session with default options.
///
/// # Errors
/// The first format's own error.
pub fn render_all(
    session: &Session,
    round: RoundChoice,
) -> Result<Vec<(Format, Vec<u8>)>, ExportError> {
    render_all_subject(Subject::one(session), &Options::round(round))
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
        let one_by_one: Vec<(Format, Vec<u8>)> = Format::ALL
            .iter()
            .filter(|f| !f.binary())
            .filter_map(|&f| {
                render(f, &s, RoundChoice::Latest)
                    .ok()
                    .map(|t| (f, t.into_bytes()))
            })
            .collect();
        let shared: Vec<(Format, Vec<u8>)> = render_all(&s, RoundChoice::Latest)
            .unwrap_or_default()
            .into_iter()
            .filter(|(f, _)| !f.binary())
            .collect();
        assert_eq!(shared, one_by_one);
        assert_eq!(
            render(Format::SummaryCsv, &s, RoundChoice::Latest).ok(),
            Some(summary_csv::render(&s))
        );
        assert!(render(Format::Pdf, &s, RoundChoice::Latest).is_err());
    }
}
