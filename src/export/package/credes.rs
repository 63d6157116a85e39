//! `credes.md`: the CREDES checklist (Guidance on Conducting and
//! `REporting` `DElphi` Studies; Jünger, Payne, Brine, Radbruch and Brearley 2017,
//! Palliative Medicine 31(8), 684–706), each item with what loopshop can
//! answer from the session and where the report shows it, or what the
//! authors must add. In English, like the checklist itself.

use std::fmt::Write as _;

use super::Input;
use super::tables::{rate, response};
use crate::export::pdf_report::HeadingPage;
use crate::export::summary_csv::full_number;

/// What the authors write themselves.
const AUTHORS: &str = "To be completed by the authors";

/// One item: its number, domain, title, loopshop's answer (or what the
/// authors must say) and where the evidence is: the report's sections (by
/// catalogue id) and the package's files.
struct Item {
    number: u8,
    domain: &'static str,
    title: &'static str,
    answer: String,
    sections: &'static [&'static str],
    files: &'static str,
}

/// Where an item is shown: `report.pdf p. 3 (Consensus)` for each section
/// the report has, then the files.
fn shown(input: &Input<'_>, item: &Item, pages: &[HeadingPage]) -> String {
    let mut places: Vec<String> = item
        .sections
        .iter()
        .filter_map(|id| {
            let heading = input.tr.text(id);
            pages
                .iter()
                .find(|(text, _)| *text == heading)
                .map(|(text, page)| format!("report.pdf p. {page} ({text})"))
        })
        .collect();
    if !item.files.is_empty() {
        places.push(item.files.to_owned());
    }
    if places.is_empty() {
        "-".to_owned()
    } else {
        places.join("; ")
    }
}

/// The checklist as Markdown; `pages` are the report's headings with
/// their pages.
#[must_use]
pub fn render(input: &Input<'_>, pages: &[HeadingPage]) -> String {
    let mut out = String::from("# CREDES checklist\n\n");
    out.push_str("The CREDES guidance (Jünger S, Payne SA, Brine J, Radbruch L, Brearley SG. Guidance on Conducting and REporting DElphi Studies (CREDES) in palliative care: recommendations based on a methodological systematic review. *Palliative Medicine* 2017;31(8):684–706) lists what a Delphi study must report. Each item below has what loopshop can say from the session, and where `report.pdf` and this package show it; \"To be completed by the authors\" says what only the authors know. The DELPHISTAR guideline asks for much the same.\n\n");
    out.push_str("| # | domain | item | answer | shown in |\n|---|---|---|---|---|\n");
    for item in items(input) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            item.number,
            item.domain,
            item.title,
            item.answer.replace('|', "\\|"),
            shown(input, &item, pages)
        );
    }
    out
}

fn authors(what: &str) -> String {
    format!("{AUTHORS}: {what}")
}

fn items(input: &Input<'_>) -> Vec<Item> {
    let t = input.template();
    let rule = &t.consensus;
    let people: usize = input.sessions.iter().map(|s| s.participants.len()).sum();
    let rounds: Vec<String> = input
        .parts()
        .flat_map(|(letter, s)| {
            s.rounds.iter().map(move |r| {
                let (panel, answered) = response(s, r);
                let pct = rate(panel, answered.len())
                    .map_or_else(|| "-".to_owned(), |x| format!("{:.0}%", x * 100.0));
                let prefix = if input.pooled() {
                    format!("{letter} ")
                } else {
                    String::new()
                };
                format!(
                    "{prefix}round {}: {} of {panel} ({pct}){}",
                    r.number,
                    answered.len(),
                    if r.blind { ", blind" } else { "" }
                )
            })
        })
        .collect();
    let consensus = format!(
        "Defined in the template before the workshop: IQR ≤ {}, at least {}% of the numeric ratings in one level band, and at least {} numeric ratings (`consensus_rule.csv`).",
        full_number(rule.max_iqr),
        full_number(rule.min_agreement * 100.0),
        rule.min_n
    );
    let agreed = input
        .data
        .cells
        .iter()
        .filter(|c| c.n > 0 && c.consensus)
        .count();
    let rated = input.data.cells.iter().filter(|c| c.n > 0).count();
    vec![
        Item { number: 1, domain: "Rationale", title: "Justification of the Delphi technique", answer: authors("why a Delphi workshop suits the research question."), sections: &[], files: "" },
        Item { number: 2, domain: "Planning and design", title: "Planning and process", answer: format!("{} stages rated on {} dimensions in {} round(s); the exercises as run are in `exercises.csv`. {}", t.stages.len(), crate::analysis::rated_dimensions(t).len(), input.sessions.iter().map(|s| s.rounds.len()).max().unwrap_or(0), authors("any changes to the plan during the study.")), sections: &["report-timeline"], files: "methods.md" },
        Item { number: 3, domain: "Planning and design", title: "Definition of consensus", answer: consensus.clone(), sections: &["report-consensus"], files: "codebook.md" },
        Item { number: 4, domain: "Study conduct", title: "Informational input", answer: format!("The template's questions and scale anchors are in `template.ron` and `codebook.md`. {}", authors("the briefing and any material given to the panel.")), sections: &[], files: "codebook.md" },
        Item { number: 5, domain: "Study conduct", title: "Prevention of bias", answer: format!("{} {}", if input.sessions.iter().any(|s| s.rounds.iter().any(|r| r.blind)) { "Blind rounds hid the group's results until revealed (`rounds.csv`)." } else { "No round was blind (`rounds.csv`)." }, authors("the facilitator's role and how influence was avoided.")), sections: &[], files: "rounds.csv" },
        Item { number: 6, domain: "Study conduct", title: "Interpretation and processing of results", answer: format!("{agreed} of {rated} rated cells reached consensus; cells without it are listed in the report. {}", authors("how non-consensus is interpreted.")), sections: &["report-consensus"], files: "results.md" },
        Item { number: 7, domain: "Study conduct", title: "External validation", answer: authors("whether the results were reviewed by people outside the panel."), sections: &[], files: "" },
        Item { number: 8, domain: "Reporting", title: "Purpose and rationale", answer: authors("the aim of the study."), sections: &[], files: "" },
        Item { number: 9, domain: "Reporting", title: "Expert panel", answer: format!("{people} participants, by role in `participants.csv`. {}", authors("how the experts were chosen and recruited, and their expertise.")), sections: &["report-by-role"], files: "participants.csv; methods.md" },
        Item { number: 10, domain: "Reporting", title: "Description of the methods", answer: "The rating scales, the statistics (median, Q1–Q3 by R's type 7, Kendall's W with its chi-square test) and the round rule are in `methods.md`; `reproduce.py` and `reproduce.R` recompute them.".to_owned(), sections: &["report-reading"], files: "methods.md; codebook.md" },
        Item { number: 11, domain: "Reporting", title: "Procedure (flowchart)", answer: format!("Rounds and response: {}. {}", rounds.join("; "), authors("a flowchart of the steps, if the journal asks for one.")), sections: &["report-stability"], files: "rounds.csv" },
        Item { number: 12, domain: "Reporting", title: "Definition and attainment of consensus", answer: format!("{consensus} {agreed} of {rated} rated cells reached it."), sections: &["report-consensus"], files: "summary.csv; results.md" },
        Item { number: 13, domain: "Reporting", title: "Results", answer: format!("Response rates per round: {}. Per cell statistics in `summary.csv`, changes between rounds in `changes.csv`, Kendall's W in `concordance.csv`.", rounds.join("; ")), sections: &["report-consensus", "report-w", "report-stability"], files: "results.md; figures/" },
        Item { number: 14, domain: "Reporting", title: "Discussion of limitations", answer: authors("the limitations (panel size and composition, one workshop, the scales)."), sections: &[], files: "" },
        Item { number: 15, domain: "Reporting", title: "Adequacy of conclusions", answer: authors("whether the conclusions follow from the consensus reached."), sections: &[], files: "" },
        Item { number: 16, domain: "Reporting", title: "Publication and dissemination", answer: format!("This package is ready to deposit{}; `CITATION.cff` says how to cite it. {}", input.license.map_or_else(|| " once a licence is chosen".to_owned(), |l| format!(" under {l}")), authors("where the results will be published.")), sections: &[], files: "README.md" },
    ]
}
