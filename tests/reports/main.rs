//! Analysis and reports: the aggregate, its exports, the figures and the
//! report files, the TUI's figure widgets, wide CSV, and the reports in
//! another language.

#[path = "../support/mod.rs"]
mod support;

mod analysis_example;
mod analysis_exports;
mod analysis_incremental;
mod export;
mod i18n_rendering;
mod journal;
mod layout;
// Python, R and pdftotext: Linux only (not in the Wine run).
#[cfg(unix)]
mod package;
mod pdf_readback;
mod real;
mod ui;
mod wide;
