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
pub mod outlier_report;
pub mod package;
pub mod pdf;
pub mod pdf_doc;
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
    /// Printable join cards, one per participant (one session at a time;
    /// not among [`Format::ALL`], since they carry the room's address).
    JoinCards,
    /// A research data package: a folder (see [`package`]); not among
    /// [`Format::ALL`], whose formats are one file each, though
    /// `--out-dir` and the terminal's export write it too.
    Package,
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

    /// Every format by its command-line name, in the order `--help` lists
    /// them: `pdf` and `png` stand for their one-figure forms too
    /// ([`Format::with_figure`]).
    pub const CHOICES: [Self; 12] = [
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
        Self::JoinCards,
        Self::Package,
    ];

    /// What the format is, in one line (`export --help`).
    #[must_use]
    pub fn help(self) -> &'static str {
        match self {
            Self::Csv => "tidy CSV: one row per rating, every round",
            Self::SummaryCsv => {
                "one row per cell with its statistics, in the rounds the report reads"
            }
            Self::Json => "every cell's statistics and the rounds the figures read",
            Self::Md => "the report as Markdown",
            Self::SvgModel => "the model figure (bubble chart) as SVG",
            Self::SvgMatrix => "the matrix figure as SVG",
            Self::SvgFlow => "the material-flow figure as SVG",
            Self::Html => "the report as one HTML file with its figures",
            Self::Pdf => "the report with its figures as PDF; with --figure, one figure",
            Self::FigurePdf(_) => "one figure as a one-page PDF",
            Self::Png(_) => "one figure as PNG (needs --figure)",
            Self::JoinCards => "printable join cards, one per participant (one session)",
            Self::Package => {
                "a research data package (a folder, -o DIR): pseudonymised data, codebook, methods and results, CREDES checklist, figures, reproduction scripts"
            }
        }
    }

    /// The format with `--figure`: PDF and PNG of that one figure; `None`
    /// when the format draws no single figure, or PNG is given none.
    #[must_use]
    pub fn with_figure(self, figure: Option<Figure>) -> Option<Self> {
        match (self, figure) {
            (Self::Pdf | Self::FigurePdf(_), Some(f)) => Some(Self::FigurePdf(f)),
            (Self::Png(_), Some(f)) => Some(Self::Png(f)),
            (Self::Png(_), None) | (_, Some(_)) => None,
            (other, None) => Some(other),
        }
    }

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
            Self::JoinCards => "join-cards",
            Self::Package => "package",
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
            Self::JoinCards => "cards.html",
            Self::Package => "package",
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
    /// Which rounds the figures and reports read (and, when exactly one,
    /// the only round the tidy CSV holds).
    pub round: RoundChoice,
    /// The summary CSV lists every round instead of the selection.
    pub all_rounds: bool,
    /// Titles on the figures (off: the journal's caption says it).
    pub title: bool,
    /// The figures' printed width in millimetres.
    pub width_mm: f64,
    /// PNG resolution.
    pub dpi: u32,
    /// Quadrant labels on the model.
    pub quadrants: bool,
    /// Where the figures' legends and notes go (`--legend`).
    pub legend: svg_text::Legend,
    /// Statistics per role as well as overall.
    pub by_role: bool,
    /// The smallest role reported with `by_role`.
    pub min_group_n: usize,
    /// The address printed on join cards.
    pub card_url: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            round: RoundChoice::Latest,
            all_rounds: false,
            title: true,
            width_mm: 170.0,
            dpi: raster::DEFAULT_DPI,
            quadrants: true,
            legend: svg_text::Legend::Figure,
            by_role: false,
            min_group_n: crate::analysis::groups::DEFAULT_MIN_GROUP_N,
            card_url: crate::domain::cards::DEFAULT_URL.to_owned(),
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

/// Renders `session` in a text format, the figures, reports and summary
/// CSV from the rounds `round` picks (the tidy CSV carries every round, or
/// only round N; the JSON every round's cells and the selected ones).
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
/// The format's own error; a flow figure of a session without flows.
pub fn render_bytes(
    format: Format,
    subject: Subject<'_>,
    opts: &Options,
) -> Result<Vec<u8>, ExportError> {
    render_captioned(format, subject, opts).map(|(bytes, _)| bytes)
}

/// The figure a format draws, if it draws one.
#[must_use]
pub fn figure_of(format: Format) -> Option<Figure> {
    match format {
        Format::SvgModel => Some(Figure::Model),
        Format::SvgMatrix => Some(Figure::Matrix),
        Format::SvgFlow => Some(Figure::Flow),
        Format::Png(f) | Format::FigurePdf(f) => Some(f),
        _ => None,
    }
}

/// Whether `subject` has figure `f` to draw: a session without flows has
/// no flow figure.
#[must_use]
pub fn has_figure(subject: Subject<'_>, f: Figure) -> bool {
    f != Figure::Flow || !subject.session.flows.is_empty()
}

/// Renders `subject` in `format`, with the figure's caption when
/// `opts.legend` moves the legend into one or part of it left a figure too
/// tall with it (`None` for other formats and a figure that holds it all).
///
/// # Errors
/// The format's own error; a flow figure of a session without flows.
pub fn render_captioned(
    format: Format,
    subject: Subject<'_>,
    opts: &Options,
) -> Result<(Vec<u8>, Option<String>), ExportError> {
    // Cards and the raw data need no statistics.
    match format {
        Format::JoinCards => {
            let cards = join_cards::render(subject.session, &opts.card_url)?.into_bytes();
            return Ok((cards, None));
        }
        Format::Csv => return Ok((csv::render_subject(subject, opts.round)?.into_bytes(), None)),
        _ => {}
    }
    if let Some(f) = figure_of(format)
        && !has_figure(subject, f)
    {
        return Err(ExportError::Other(
            "the session has no flows: there is no flow figure to draw".to_owned(),
        ));
    }
    let data = if format == Format::SummaryCsv && !opts.all_rounds {
        report::ReportData::summary(subject, opts)
    } else {
        report::ReportData::build(subject, opts)
    };
    render_with(format, subject, opts, &data)
}

/// Renders `subject` in `format` from statistics already computed.
/// `format`'s bytes, and a figure's caption when it has one: what
/// `--legend caption` moved out of it, or what left a figure too tall with
/// its legend.
fn render_with(
    format: Format,
    subject: Subject<'_>,
    opts: &Options,
    data: &report::ReportData,
) -> Result<(Vec<u8>, Option<String>), ExportError> {
    let mut caption = None;
    let mut figure = |f: Figure| {
        let drawn = report::figure(subject, opts, data, f);
        caption = Some(drawn.caption).filter(|c| !c.is_empty());
        drawn.svg
    };
    let bytes = match format {
        Format::Csv => csv::render_subject(subject, opts.round)?.into_bytes(),
        Format::SummaryCsv => summary_csv::render_data(subject, data, opts.all_rounds).into_bytes(),
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
        Format::JoinCards => join_cards::render(subject.session, &opts.card_url)?.into_bytes(),
        Format::Package => {
            return Err(ExportError::Other(
                "the package is a folder of files: write it with -o DIR".to_owned(),
            ));
        }
    };
    Ok((bytes, caption))
}

/// Every format of [`Format::ALL`] with its bytes, in that order, but the
/// flow figure of a session without flows. The statistics are computed
/// once for all of them.
///
/// # Errors
/// The first format's own error.
pub fn render_all_subject(
    subject: Subject<'_>,
    opts: &Options,
) -> Result<Vec<(Format, Vec<u8>)>, ExportError> {
    render_all_captioned(subject, opts).map(|(files, _)| files)
}

/// Formats with their bytes.
pub type Rendered = Vec<(Format, Vec<u8>)>;

/// Figures with their captions.
pub type Captions = Vec<(Figure, String)>;

/// [`render_all_subject`], and each drawn figure's caption when it has one
/// (see [`render_captioned`]).
///
/// # Errors
/// The first format's own error.
pub fn render_all_captioned(
    subject: Subject<'_>,
    opts: &Options,
) -> Result<(Rendered, Captions), ExportError> {
    let data = report::ReportData::build(subject, opts);
    let mut files = Vec::new();
    let mut captions: Captions = Vec::new();
    for &format in Format::ALL
        .iter()
        .filter(|&&f| figure_of(f).is_none_or(|fig| has_figure(subject, fig)))
    {
        let (bytes, caption) = render_with(format, subject, opts, &data)?;
        // A figure is drawn as SVG and as PNG: one caption.
        if let (Some(figure), Some(text)) = (figure_of(format), caption)
            && !captions.iter().any(|(f, _)| *f == figure)
        {
            captions.push((figure, text));
        }
        files.push((format, bytes));
    }
    Ok((files, captions))
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
    fn each_command_line_name_is_one_format() {
        let names: Vec<&str> = Format::CHOICES.iter().map(|f| f.name()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for f in Format::ALL {
            assert!(
                names.contains(&f.name()),
                "{} has no command-line name",
                f.name()
            );
        }
    }

    #[test]
    fn a_figure_turns_pdf_and_png_into_that_figure_only() {
        let (model, flow) = (Some(Figure::Model), Some(Figure::Flow));
        assert_eq!(Format::Pdf.with_figure(None), Some(Format::Pdf));
        assert_eq!(
            Format::Pdf.with_figure(flow),
            Some(Format::FigurePdf(Figure::Flow))
        );
        assert_eq!(
            Format::Png(Figure::Model).with_figure(flow),
            Some(Format::Png(Figure::Flow))
        );
        assert_eq!(
            Format::Png(Figure::Model).with_figure(None),
            None,
            "PNG needs a figure"
        );
        assert_eq!(Format::Csv.with_figure(model), None);
        assert_eq!(Format::Csv.with_figure(None), Some(Format::Csv));
    }

    #[test]
    fn join_cards_render_through_the_one_entry_point() {
        let mut s = crate::synthetic::synthetic_session("t", 2, 1);
        s.access.card_secret = "0123456789abcdef0123456789abcdef".to_owned();
        let opts = Options {
            card_url: "http://192.0.2.7:8787/".to_owned(),
            ..Options::default()
        };
        let html = render_bytes(Format::JoinCards, Subject::one(&s), &opts).expect("cards");
        let html = String::from_utf8(html).expect("text");
        assert!(
            html.contains("192.0.2.7:8787"),
            "the address is on the cards"
        );
    }

    #[test]
    fn every_format_renders() {
        let mut s = crate::synthetic::synthetic_session("t", 2, 1);
        s.flows = crate::synthetic::example_session().flows;
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

    #[test]
    fn a_session_without_flows_has_no_flow_figure() {
        let s = crate::synthetic::synthetic_session("t", 2, 1);
        assert!(s.flows.is_empty());
        let all = render_all(&s, RoundChoice::Latest).expect("renders");
        let formats: Vec<Format> = all.iter().map(|(f, _)| *f).collect();
        assert!(!formats.contains(&Format::SvgFlow), "{formats:?}");
        assert!(!formats.contains(&Format::Png(Figure::Flow)));
        assert!(formats.contains(&Format::SvgModel));
        let refused = render_bytes(Format::SvgFlow, Subject::one(&s), &Options::default());
        assert!(
            refused.is_err_and(|e| e.to_string().contains("no flows")),
            "a flow figure of nothing is refused"
        );
        let md = render(Format::Md, &s, RoundChoice::Latest).expect("md");
        assert!(!md.contains("Material flow map"));
    }
}
