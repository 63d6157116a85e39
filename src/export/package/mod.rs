//! `--format package`: a folder to deposit as it is, for a journal and a
//! data repository. A Frictionless Data Package (`datapackage.json`) of
//! pseudonymised tables, a codebook, the methods and results written from
//! the session, a CREDES checklist, the figures at journal widths, the
//! report without names, and scripts in Python and R that recompute the
//! summary from the ratings.
//!
//! Every file is rendered from one [`Input`]: the pseudonymised sessions
//! and the report's statistics, computed once.

pub mod codebook;
pub mod credes;
pub mod datapackage;
pub mod figures;
pub mod methods;
pub mod pseudonyms;
pub mod readme;
pub mod results;
pub mod schema;
pub mod tables;

use super::report::ReportData;
use super::{ExportError, Options, Subject};
use crate::analysis::pool::{Pooled, pool_for_report};
use crate::domain::{Session, Template};
use crate::i18n::Tr;

pub use pseudonyms::Keep;

/// The reproduction scripts, shipped as they are.
pub const REPRODUCE_PY: &str = include_str!("../../../assets/package/reproduce.py");
pub const REPRODUCE_R: &str = include_str!("../../../assets/package/reproduce.R");

/// What the package's own flags ask for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageOptions {
    /// The SPDX identifier of the data's licence (`--license`); none: the
    /// README says that one must be chosen before depositing.
    pub license: Option<String>,
    pub keep: Keep,
}

/// One file of the package: its path inside the folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl PackageFile {
    fn text(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            bytes: text.into().into_bytes(),
        }
    }
}

/// Everything the files are written from.
pub struct Input<'a> {
    /// The pseudonymised sessions, in the order given.
    pub sessions: &'a [Session],
    /// Each session's letter (`A`, `B`, ...).
    pub letters: Vec<String>,
    pub subject: Subject<'a>,
    pub data: &'a ReportData,
    pub opts: &'a Options,
    pub keep: Keep,
    pub license: Option<&'a str>,
    pub tr: Tr,
}

impl Input<'_> {
    /// Each session with its letter.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &Session)> {
        self.letters.iter().map(String::as_str).zip(self.sessions)
    }

    /// The template the statistics read (the first session's).
    #[must_use]
    pub fn template(&self) -> &Template {
        &self.subject.session.template
    }

    /// Whether several sessions are pooled.
    #[must_use]
    pub fn pooled(&self) -> bool {
        self.sessions.len() > 1
    }
}

/// The files of the package of `sessions` (one, or several pooled,
/// labelled `labels`), read as `opts` says, in `language` when given.
///
/// # Errors
/// Sessions that cannot be pooled; a format's own error.
pub fn render(
    sessions: &[Session],
    labels: &[String],
    language: Option<&str>,
    opts: &Options,
    package: &PackageOptions,
) -> Result<Vec<PackageFile>, ExportError> {
    let pool = sessions.len() > 1;
    let letters: Vec<String> = (0..sessions.len()).map(pseudonyms::letter).collect();
    let parts: Vec<Session> = sessions
        .iter()
        .zip(&letters)
        .map(|(s, letter)| {
            let prefix = if pool {
                format!("{letter}-")
            } else {
                String::new()
            };
            let mut p = pseudonyms::pseudonymise(s, &prefix, package.keep);
            if let Some(code) = language {
                code.clone_into(&mut p.language);
            }
            p
        })
        .collect();
    let first = parts
        .first()
        .ok_or_else(|| ExportError::Other("no session to package".to_owned()))?;
    let pooled: Option<Pooled> = if pool {
        Some(
            pool_for_report(&parts, labels, opts.round)
                .map_err(|e| ExportError::Other(format!("cannot pool these sessions: {e}")))?,
        )
    } else {
        None
    };
    let subject = pooled.as_ref().map_or(Subject::one(first), |p| Subject {
        session: &p.all,
        pool: Some(p),
    });
    let data = ReportData::build(subject, opts);
    let input = Input {
        sessions: &parts,
        letters,
        subject,
        data: &data,
        opts,
        keep: package.keep,
        license: package.license.as_deref(),
        tr: Tr::new(&first.language),
    };
    files(&input)
}

/// Every file of the package, in the order of [`datapackage`]'s listing
/// and then the texts, figures and scripts.
fn files(input: &Input<'_>) -> Result<Vec<PackageFile>, ExportError> {
    let mut out = Vec::new();
    for (table, csv) in datapackage::tables_with_data(input)? {
        out.push(PackageFile::text(table.file(), csv));
    }
    out.push(PackageFile::text(
        "datapackage.json",
        datapackage::render(input)?,
    ));
    out.push(PackageFile::text(
        "template.ron",
        datapackage::template_ron(input)?,
    ));
    out.push(PackageFile::text("codebook.md", codebook::render(input)));
    out.push(PackageFile::text("methods.md", methods::render(input)));
    out.push(PackageFile::text("results.md", results::render(input)));
    // The report is written from the pseudonymised sessions: pseudonyms
    // and roles, no names. The checklist points to its pages.
    let (report, pages) = super::pdf_report::render_paged(input.subject, input.opts, input.data)?;
    out.push(PackageFile::text(
        "credes.md",
        credes::render(input, &pages),
    ));
    out.extend(figures::render(input)?);
    out.push(PackageFile {
        path: "report.pdf".to_owned(),
        bytes: report,
    });
    out.push(PackageFile::text("reproduce.py", REPRODUCE_PY));
    out.push(PackageFile::text("reproduce.R", REPRODUCE_R));
    out.push(PackageFile::text("README.md", readme::render(input)));
    out.push(PackageFile::text("CITATION.cff", readme::citation(input)));
    Ok(out)
}
