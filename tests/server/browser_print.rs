//! The HTML report printed by a real headless Chromium (`WebDriver`'s print
//! endpoint, A4): each figure lands on the page of its heading, whole.
//! Chromium's PDF is read back page by page with poppler's `pdftotext`.
//! Skipped loudly without Chromium, chromedriver or pdftotext; a failure
//! with `LOOPSHOP_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs them).

use std::path::Path;
use std::process::Command;

use crate::support::webdriver::{ChromeDriver, REQUIRE, on_path, tools_or_skip};
use serde_json::json;

/// Decodes standard base64 (what `WebDriver`'s print answers).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    out
}

/// The text of page `page` (1-based), whitespace collapsed.
fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_figure_prints_on_the_page_of_its_heading() {
    let Some(tools) = tools_or_skip("each_figure_prints_on_the_page_of_its_heading") else {
        return;
    };
    if on_path("pdftotext").is_none() {
        let required = std::env::var(REQUIRE).is_ok_and(|v| v == "1");
        assert!(!required, "pdftotext (poppler-utils) is not on PATH");
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("report.html");
    let s = loopshop::synthetic::example_session();
    std::fs::write(&html, loopshop::export::html::render(&s)).expect("write the report");
    let driver = ChromeDriver::start(&tools, dir.path());
    let browser = driver.desktop(&tools, 1280, 900);
    browser.open(&format!("file://{}", html.display()));
    let printed = browser
        .call(
            "POST",
            "/print",
            Some(&json!({
                "page": {"width": 21.0, "height": 29.7},
                "margin": {"top": 1.5, "bottom": 1.5, "left": 1.5, "right": 1.5},
                "background": true,
            })),
        )
        .unwrap_or_else(|e| panic!("print: {e}\n{}", driver.log_text()));
    let pdf = base64(printed.as_str().expect("base64 PDF"));
    assert!(pdf.starts_with(b"%PDF-"));
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).expect("write the PDF");
    if let Some(keep) = std::env::var_os("LOOPSHOP_SCREENSHOTS") {
        let _ = std::fs::write(Path::new(&keep).join("report-printed.pdf"), &pdf);
    }
    let pages: Vec<String> = (1..=60)
        .map(|p| page_text(&file, p))
        .take_while(|t| !t.is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let page_of = |needle: &str| -> Vec<usize> {
        pages
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains(needle))
            .map(|(i, _)| i + 1)
            .collect()
    };
    // (heading, the figure's first words, its last words)
    for (heading, first, last) in [
        (
            "Figure 1: stages by dimension",
            "Stages by dimension",
            "Level of the median:",
        ),
        (
            "Figure 2: conceptual model",
            "Conceptual model",
            "Consensus: IQR",
        ),
        (
            "Figure 3: material flows",
            "Material flow map",
            "Line width: low, medium, high strength today.",
        ),
    ] {
        let h = page_of(heading);
        assert_eq!(h.len(), 1, "{heading} on pages {h:?}");
        for part in [first, last] {
            assert_eq!(
                page_of(part),
                h,
                "{part:?} is not (only) on the page of {heading:?} ({h:?})"
            );
        }
    }
}
