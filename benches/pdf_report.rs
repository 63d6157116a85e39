//! The PDF report of a session with many imported comments (issue 20):
//! its time must be linear in its content, at most 50 ms a page. The
//! session is the 2,000-participant synthetic one whose ratings carry
//! comments of ~110 bytes, up to 1.4, 2.8 and 7 MB of them; each report
//! is rendered three times in the process (the library's
//! `pdf_report::render`, statistics included) and the best is printed
//! with its pages, milliseconds a page and the PDF's size.
//!
//! `cargo bench --bench pdf_report`. Not criterion: a report of 2,000
//! pages takes seconds, and what matters is time per page at each size. It
//! fails (exit 101) when a page takes more than 50 ms, or the largest
//! report's time per page is more than twice the smallest's (not linear).

use std::time::Instant;

use loopshop::domain::Session;
use loopshop::export::report::ReportData;
use loopshop::export::{Options, Subject, pdf_report};
use loopshop::synthetic::synthetic_session;

/// The 2,000-participant session with `bytes` of comments on its ratings.
fn with_comments(bytes: usize) -> Session {
    let mut s = synthetic_session("Comments", 2000, 5);
    let mut total = 0;
    let mut k = 0usize;
    'sheets: for sheet in &mut s.ratings {
        for e in &mut sheet.entries {
            let text = format!(
                "Comment {k}: the recycling rate of cobalt depends on collection, and the design for disassembly matters a lot here."
            );
            total += text.len();
            e.comment = Some(text);
            k += 1;
            if total >= bytes {
                break 'sheets;
            }
        }
    }
    s
}

/// Pages of a PDF: its page tree's `/Count`.
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.split("/Count ")
        .filter_map(|t| {
            t.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .max()
        .unwrap_or(0)
}

fn main() {
    let mut per_page = Vec::new();
    for mb in [1.4, 2.8, 7.0] {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a few million bytes"
        )]
        let session = with_comments((mb * 1_000_000.0) as usize);
        let opts = Options::default();
        let subject = Subject::one(&session);
        let mut best = f64::MAX;
        let mut pdf = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let data = ReportData::build(subject, &opts);
            pdf = pdf_report::render(subject, &opts, &data).unwrap_or_else(|e| panic!("{e}"));
            best = best.min(start.elapsed().as_secs_f64());
        }
        let pages = page_count(&pdf);
        let ms = best * 1000.0 / pages.max(1) as f64;
        println!(
            "pdf_report: {mb} MB of comments: {pages} pages in {best:.2} s, {ms:.2} ms a page, {:.1} MB of PDF",
            pdf.len() as f64 / 1e6
        );
        per_page.push(ms);
    }
    let (first, last) = (per_page[0], per_page[per_page.len() - 1]);
    assert!(
        per_page.iter().all(|ms| *ms <= 50.0),
        "more than 50 ms a page: {per_page:?}"
    );
    assert!(
        last <= 2.0 * first,
        "not linear: {first:.2} ms a page at 1.4 MB, {last:.2} at 7 MB"
    );
}
