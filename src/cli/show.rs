use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::args::ShowArgs;
use super::{CliError, Context, load_sessions, print_out};
use crate::analysis::RoundChoice;
use crate::domain::{Score, Session};
use crate::i18n::Tr;
use crate::text_width::width;

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<(), CliError> {
    let loaded = load_sessions(ctx, &args.sessions, "show")?;
    let files: Vec<String> = loaded
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let round = super::round_choice(&loaded.session, args.round)?;
    let mut text = summary(&loaded.session, &files.join(", "));
    let pooled = loaded.pooled(round)?;
    let (stats, choice) = match &pooled {
        Some(p) => (&p.selected, RoundChoice::Exactly(p.round)),
        None => (&loaded.session, round),
    };
    if let Some(p) = &pooled {
        let _ = writeln!(
            text,
            "\n{}",
            Tr::english().args(
                "report-pooled",
                &[(
                    "parts",
                    crate::export::labels::describe_pool(Tr::english(), p).into()
                )]
            )
        );
        // Rounds are compared within each session, never across the pool.
        for part in &p.parts {
            for rc in &part.round_changes {
                let _ = write!(
                    text,
                    "{}: {}",
                    part.label,
                    crate::export::text::round_summary(rc)
                );
            }
        }
    }
    if let Some(more) = analysis_section(stats, choice) {
        text.push_str(&more);
    }
    if args.groups.by.is_some() && stats.rating_count() > 0 {
        text.push_str(&by_role(stats, choice, args.groups.min_group_n as usize));
    }
    // A one-shot command: the process ends right after, and the OS takes the
    // memory back at once; freeing a big session piece by piece only costs time.
    std::mem::forget(loaded);
    print_out(&text)
}

/// The analysis: the stage x dimension matrix (Figure 1) and the model
/// placement (Figure 2) as text, appended after the summary.
fn analysis_section(session: &Session, round: RoundChoice) -> Option<String> {
    (session.rating_count() > 0).then(|| {
        let agg = crate::analysis::Aggregate::new(session);
        crate::export::text::figures(session, &agg, round)
    })
}

/// The matrix of every role with enough participants, in the overall rounds.
fn by_role(session: &Session, choice: RoundChoice, min_n: usize) -> String {
    let agg = crate::analysis::Aggregate::new(session);
    let selection = crate::analysis::RoundSelection::of_session(session, &agg, choice);
    let mut out = String::new();
    for g in crate::analysis::groups::by_role(session, &selection, min_n) {
        let _ = writeln!(
            out,
            "\n{}",
            Tr::english().args(
                "report-group",
                &[
                    ("role", (&g.role).into()),
                    ("participants", g.participants.into())
                ]
            )
        );
        if g.too_few {
            let _ = writeln!(
                out,
                "{}",
                Tr::english().args("report-group-too-few", &[("min", min_n.into())])
            );
            continue;
        }
        let part = crate::analysis::groups::subset(session, &g.role);
        let part_agg = crate::analysis::Aggregate::new(&part);
        out.push_str(&crate::export::text::matrix(
            &part_agg,
            &part.template,
            &selection,
        ));
    }
    out
}

const TIME: &str = "%Y-%m-%d %H:%M UTC";

/// The plain-text summary of `loopshop show`.
#[must_use]
pub fn summary(s: &Session, file: &str) -> String {
    let mut o = String::new();
    let t = &s.template;
    let _ = writeln!(o, "{}", s.title);
    let _ = writeln!(o, "{}", "=".repeat(width(&s.title).clamp(1, 80)));
    let facilitator = if s.facilitator.is_empty() {
        "(not given)"
    } else {
        &s.facilitator
    };
    let _ = writeln!(o, "File:          {file}");
    let _ = writeln!(o, "Facilitator:   {facilitator}");
    let _ = writeln!(o, "Created:       {}", s.created.format(TIME));
    let _ = writeln!(o, "Last change:   {}", s.updated.format(TIME));
    let _ = writeln!(
        o,
        "Template:      {} ({}): {} stages, {} dimensions, {} exercises, {} minutes",
        t.name,
        t.id,
        t.stages.len(),
        t.dimensions.len(),
        t.exercises.len(),
        t.total_timebox_minutes()
    );
    let anonymous = if s.anonymous { "yes" } else { "no" };
    let _ = writeln!(o, "Anonymous:     {anonymous}");

    let _ = writeln!(o, "\nParticipants:  {}", s.participants.len());
    let mut by_role: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &s.participants {
        let role = if p.role.is_empty() {
            "(no role)"
        } else {
            p.role.as_str()
        };
        let name = if s.anonymous { &p.id } else { &p.alias };
        by_role.entry(role).or_default().push(name);
    }
    for (role, names) in &by_role {
        let _ = writeln!(o, "  {role} ({}): {}", names.len(), names.join(", "));
    }

    let _ = writeln!(o, "\nRounds:        {}", s.rounds.len());
    for r in &s.rounds {
        let mode = match (r.blind, r.revealed) {
            (false, _) => "open",
            (true, false) => "blind, not revealed",
            (true, true) => "blind, revealed",
        };
        let n = s
            .ratings
            .iter()
            .filter(|sh| sh.round == r.number)
            .map(|sh| sh.entries.len())
            .sum::<usize>();
        let _ = writeln!(
            o,
            "  round {}: started {}, {mode}, {n} ratings",
            r.number,
            r.started.format(TIME)
        );
    }

    let dont_know = s
        .ratings_iter()
        .filter(|r| r.score == Score::DontKnow)
        .count();
    let _ = writeln!(
        o,
        "\nRatings:       {} recorded ({dont_know} \"don't know\")",
        s.rating_count()
    );
    let round = s.current_round();
    for e in &t.exercises {
        let dims = e.kind.rated_dimensions();
        if dims.is_empty() {
            continue;
        }
        let expected = s.participants.len() * t.stages.len() * dims.len();
        let filled = s
            .ratings_iter()
            .filter(|r| r.round == round && dims.iter().any(|d| d == r.dimension))
            .count();
        let share = if expected == 0 {
            String::from("-")
        } else {
            let pct = 100.0 * filled as f64 / expected as f64;
            format!("{pct:.0}%")
        };
        let _ = writeln!(
            o,
            "  {} [{}]: {filled}/{expected} in round {round} ({share})",
            e.title,
            dims.join(", ")
        );
    }
    let votes: usize = s.ideas.iter().map(|i| i.votes.len()).sum();
    let _ = writeln!(o, "\nIdeas:         {} ({votes} votes)", s.ideas.len());
    let _ = writeln!(o, "Flows:         {}", s.flows.len());
    let _ = writeln!(o, "Notes:         {}", s.notes.len());
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_summary_counts_everything() {
        let s = crate::synthetic::example_session();
        let text = summary(&s, "x.ron");
        for needle in [
            "LIB circular value chain workshop (synthetic example)\n",
            "Participants:  17\n",
            "Ratings:       765 recorded",
            "[maturity]: 153/153 in round 1 (100%)",
            "[circularity_impact, carbon_footprint, circularity_difficulty]: 459/459 in round 1 (100%)",
            "Ideas:         10 (41 votes)\n",
            "Flows:         12\n",
            "Notes:         4\n",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }
}
