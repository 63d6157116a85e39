//! The PDF report read back page by page with poppler's `pdftotext -bbox`
//! (each word with its box): a report of 300 participants in four roles,
//! 70-character stage names and two rounds. Every stage name and every
//! role is found whole (no word of them cut or split), no two words
//! overlap (a word running out of its table cell lands on its neighbour),
//! no word leaves the page, a figure's heading is on its figure's page,
//! and a list cut for length says how many more. Skipped loudly without
//! pdftotext; a failure with `LOOPSHOP_REQUIRE_BROWSER=1` (CI installs it).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::support::webdriver::{REQUIRE, on_path};
use loopshop::domain::{Change, EnteredBy, Round, Score, Session};
use loopshop::export::report::ReportData;
use loopshop::export::{Options, Subject, pdf_report};
use loopshop::synthetic::{epoch, example_session, synthetic_session};

/// One word on a page, with its box in points.
#[derive(Debug)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Every page's words, read back with `pdftotext -bbox`.
fn pages(pdf: &Path) -> Vec<(f64, f64, Vec<Word>)> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    assert!(out.status.success(), "pdftotext failed");
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, k: &str| -> f64 {
        tag.split(&format!("{k}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let unescape = |t: &str| {
        t.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
    };
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let head = page.split('>').next().unwrap_or("");
        let (w, h) = (attr(head, "width"), attr(head, "height"));
        let words = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let tag = w.split('>').next().unwrap_or("");
                let text = w
                    .split('>')
                    .nth(1)
                    .and_then(|t| t.split("</word").next())
                    .unwrap_or("");
                Word {
                    text: unescape(text),
                    x0: attr(tag, "xMin"),
                    y0: attr(tag, "yMin"),
                    x1: attr(tag, "xMax"),
                    y1: attr(tag, "yMax"),
                }
            })
            .collect();
        pages.push((w, h, words));
    }
    pages
}

/// The session: 300 synthetic experts, stage names of 70 characters, a
/// second round in which some re-rated one dimension, and the example's
/// flows, ideas and notes.
fn session() -> Session {
    let ex = example_session();
    let mut s = synthetic_session("Three hundred experts", 300, 11);
    let words = [
        "Extraction",
        "and",
        "concentration",
        "of",
        "primary",
        "raw",
        "materials",
        "from",
        "ore",
        "deposits",
        "across",
        "the",
        "regional",
        "value",
        "chain",
    ];
    for (i, st) in s.template.stages.iter_mut().enumerate() {
        let mut name = format!("Stage {}", i + 1);
        let mut k = i * 2;
        while name.len() + 1 + words[k % words.len()].len() <= 70 {
            name.push(' ');
            name.push_str(words[k % words.len()]);
            k += 1;
        }
        while name.len() < 70 {
            name.push_str(if name.len() <= 67 { " of" } else { "s" });
        }
        st.name = name;
    }
    s.flows.clone_from(&ex.flows);
    s.ideas.clone_from(&ex.ideas);
    s.apply(&Change::StartRound(Round {
        number: 2,
        started: epoch(),
        blind: false,
        revealed: false,
        absent: Vec::new(),
    }))
    .expect("round 2");
    let people: Vec<String> = s
        .participants
        .iter()
        .take(40)
        .map(|p| p.id.clone())
        .collect();
    let stages: Vec<String> = s.template.stages.iter().map(|st| st.id.clone()).collect();
    for (i, p) in people.iter().enumerate() {
        for st in &stages {
            s.apply(&Change::SetRating {
                participant: p.clone(),
                round: 2,
                stage: st.clone(),
                dimension: "maturity".into(),
                score: Score::Value(u8::try_from(1 + i % 5).unwrap_or(1)),
                comment: None,
                at: epoch(),
                entered_by: EnteredBy::Facilitator,
            })
            .expect("a rating");
        }
    }
    s
}

/// The words of a text, as `pdftotext` splits them (at spaces).
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn every_page_reads_back_whole_and_figures_keep_their_headings() {
    if on_path("pdftotext").is_none() {
        let required = std::env::var(REQUIRE).is_ok_and(|v| v == "1");
        assert!(!required, "pdftotext (poppler-utils) is not on PATH");
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not on PATH");
        return;
    }
    let s = session();
    let opts = Options {
        by_role: true,
        ..Options::default()
    };
    let subject = Subject::one(&s);
    let data = ReportData::build(subject, &opts);
    let pdf = pdf_report::render(subject, &opts, &data).expect("the PDF");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).expect("write");
    let pages = pages(&file);
    assert!(pages.len() > 4, "{} pages", pages.len());

    // Every word on its page, and no two words on top of each other.
    for (n, (w, h, words)) in pages.iter().enumerate() {
        for a in words {
            assert!(
                a.x0 >= -0.5 && a.y0 >= -0.5 && a.x1 <= w + 0.5 && a.y1 <= h + 0.5,
                "page {}: {a:?} leaves the page",
                n + 1
            );
        }
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let overlap_x = a.x1.min(b.x1) - a.x0.max(b.x0);
                let overlap_y = a.y1.min(b.y1) - a.y0.max(b.y0);
                assert!(
                    overlap_x <= 0.5 || overlap_y <= 0.5,
                    "page {}: {:?} and {:?} overlap",
                    n + 1,
                    a,
                    b
                );
            }
        }
    }

    // Every stage name and every role, word for word.
    let all: BTreeSet<String> = pages
        .iter()
        .flat_map(|(_, _, words)| words.iter().map(|w| w.text.clone()))
        .collect();
    let roles: BTreeSet<&str> = s.participants.iter().map(|p| p.role.as_str()).collect();
    assert!(roles.contains("research institute"));
    for name in s
        .template
        .stages
        .iter()
        .map(|st| st.name.as_str())
        .chain(roles.iter().copied())
    {
        for t in tokens(name) {
            assert!(
                all.contains(&t),
                "{t:?} of {name:?} is not whole in the PDF"
            );
        }
    }
    // Each role's row names its first 40 people and counts the rest.
    let text: String = pages
        .iter()
        .flat_map(|(_, _, words)| words.iter().map(|w| w.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    for role in &roles {
        let count = s.participants.iter().filter(|p| p.role == *role).count();
        if count > 40 {
            let more = format!("and {} more", count - 40);
            assert!(text.contains(&more), "{role}: {more:?}");
        }
    }

    // A figure's heading is on its figure's page: the figure's own title.
    for (heading, figure) in [
        ("Figure 1", "Stages by dimension"),
        ("Figure 2", "Conceptual model"),
        ("Figure 3", "Material flow map"),
    ] {
        let page = pages
            .iter()
            .map(|(_, _, words)| {
                words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .find(|t| t.contains(&format!("{heading}:")))
            .unwrap_or_else(|| panic!("{heading} is in the report"));
        assert!(
            page.contains(figure),
            "{heading} without {figure} on its page"
        );
    }
}
