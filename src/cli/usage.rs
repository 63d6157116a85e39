//! Usage mistakes (clap's errors) as the one line the hostile-input rules
//! ask for, naming the fix: the argument that is missing and how to give
//! it, the valid values and the closest one, the subcommands there are.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::text_width::terminal::one_line_for_terminal;

/// A usage mistake as the one line printed, starting with the command it
/// is in (`loopshop show: which session? ...`, `loopshop: unrecognized
/// subcommand ...`); `args` is the command line it was made on (the
/// program's name first), which tells in which subcommand.
#[must_use]
pub fn usage_line(e: &clap::Error, args: &[String]) -> String {
    let (command, found) = command_path(args);
    let line = match e.kind() {
        ErrorKind::MissingRequiredArgument => missing_argument(e, &command),
        ErrorKind::InvalidValue => invalid_value(e, &command),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            missing_subcommand(&found, &command)
        }
        _ => None,
    };
    let line = line.unwrap_or_else(|| {
        let first = first_line(e);
        let first = first.trim_end_matches('.');
        match suggestion(e) {
            Some(s) => format!("{first}: did you mean {s}? (`{command} --help` lists them)"),
            None => format!("{first}; see `{command} --help`"),
        }
    });
    one_line_for_terminal(&format!("{command}: {line}")).into_owned()
}

/// The first line of clap's own message, without its `error: `.
fn first_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("bad command line");
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// The usage clap prints, without `Usage: `: `loopshop show [OPTIONS] <SESSIONS>...`.
fn usage(e: &clap::Error) -> Option<String> {
    match e.get(ContextKind::Usage)? {
        ContextValue::StyledStr(s) => {
            let text = s.to_string();
            let line = text.lines().find(|l| !l.trim().is_empty())?.trim();
            Some(
                line.strip_prefix("Usage:")
                    .unwrap_or(line)
                    .trim()
                    .to_owned(),
            )
        }
        _ => None,
    }
}

/// The command the mistake is in, read from the command line along
/// loopshop's subcommands: `loopshop show`, `loopshop round new`.
fn command_path(args: &[String]) -> (String, clap::Command) {
    use clap::CommandFactory as _;
    let mut command = super::Cli::command();
    let mut path = vec!["loopshop".to_owned()];
    for arg in args.iter().skip(1) {
        if arg == "--" {
            break;
        }
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_owned());
        command = sub;
    }
    (path.join(" "), command)
}

/// The command with its arguments as a person types them:
/// `loopshop import SESSION FILE` (options left out).
fn example(e: &clap::Error, command: &str) -> String {
    let args: Vec<String> = usage(e)
        .unwrap_or_default()
        .split_whitespace()
        .filter(|w| w.starts_with('<'))
        .map(placeholder)
        .collect();
    if args.is_empty() {
        command.to_owned()
    } else {
        format!("{command} {}", args.join(" "))
    }
}

/// `<SESSIONS>...` as `SESSION`, `<FILE>` as `FILE`.
fn placeholder(word: &str) -> String {
    let name = word.trim_end_matches("...").trim_matches(['<', '>']);
    if name == "SESSIONS" {
        "SESSION".to_owned()
    } else {
        name.to_owned()
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// `loopshop show: which session? (loopshop show SESSION; loopshop list shows them)`.
fn missing_argument(e: &clap::Error, command: &str) -> Option<String> {
    let missing = strings(e, ContextKind::InvalidArg);
    let first = placeholder(missing.first()?.split_whitespace().last()?);
    let example = example(e, command);
    let line = match first.as_str() {
        "SESSION" => format!("which session? ({example}; loopshop list shows them)"),
        "A" | "B" => format!(
            "which two sessions? ({example}, or one session twice to compare its \
             rounds; loopshop list shows them)"
        ),
        "TITLE" => format!("what title? ({command} \"Workshop 1\")"),
        "FILE" if command.ends_with("import") => {
            format!("which CSV file? ({command} SESSION FILE.csv)")
        }
        "FILE" => format!("which file? ({example})"),
        other => format!("{other} is missing ({example})"),
    };
    Some(line)
}

/// `loopshop round: which command? (loopshop round new; ...)`.
fn missing_subcommand(found: &clap::Command, command: &str) -> Option<String> {
    let example: Vec<String> = found
        .get_subcommands()
        .map(|c| format!("{command} {}", c.get_name()))
        .collect();
    if example.is_empty() {
        return None;
    }
    Some(format!(
        "which command? ({}; `{command} --help` says what each does)",
        example.join(", ")
    ))
}

/// `unknown format 'pfd': did you mean pdf? formats: csv, summary-csv, ...`.
fn invalid_value(e: &clap::Error, command: &str) -> Option<String> {
    let valid = strings(e, ContextKind::ValidValue);
    if valid.is_empty() {
        // A number or an address that does not parse: clap's line says why.
        return None;
    }
    let value = strings(e, ContextKind::InvalidValue)
        .into_iter()
        .next()
        .unwrap_or_default();
    let arg = strings(e, ContextKind::InvalidArg)
        .into_iter()
        .next()
        .unwrap_or_default();
    let name = arg
        .split_whitespace()
        .next()
        .unwrap_or("value")
        .trim_start_matches('-')
        .to_owned();
    let plural = match name.as_str() {
        "format" | "figure" => format!("{name}s"),
        "roster" => "roster modes".to_owned(),
        _ => "choices".to_owned(),
    };
    let candidates: Vec<&str> = valid.iter().map(String::as_str).collect();
    let closest = closest(&value, &candidates)
        .map(|c| format!(" did you mean {c}?"))
        .unwrap_or_default();
    Some(format!(
        "unknown {name} '{value}':{closest} {plural}: {} (`{command} --help` says what each does)",
        valid.join(", ")
    ))
}

/// clap's own "did you mean" for an argument or a subcommand.
fn suggestion(e: &clap::Error) -> Option<String> {
    [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .flat_map(|k| strings(e, k))
        .next()
}

/// The candidates closest to `given` (edit distance, a swap of two
/// neighbours counting one; or the candidates it begins), written `a`,
/// `a or b`, `a, b or c`; `None` when nothing is close.
#[must_use]
pub fn closest(given: &str, candidates: &[&str]) -> Option<String> {
    let given = given.to_lowercase();
    if given.is_empty() {
        return None;
    }
    let limit = (given.chars().count() / 3).max(1);
    let scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (distance(&given, c), *c))
        .collect();
    let best = scored.iter().map(|(d, _)| *d).min()?;
    let mut picked: Vec<&str> = if best <= limit {
        scored
            .iter()
            .filter(|(d, _)| *d == best)
            .map(|(_, c)| *c)
            .collect()
    } else {
        candidates
            .iter()
            .filter(|c| given.chars().count() >= 2 && c.starts_with(given.as_str()))
            .copied()
            .collect()
    };
    picked.dedup();
    match picked.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [rest @ .., last] => Some(format!("{} or {last}", rest.join(", "))),
    }
}

/// The optimal string alignment distance: insertions, deletions,
/// substitutions and swaps of two neighbours.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_names_are_suggested() {
        let formats = [
            "csv",
            "summary-csv",
            "json",
            "md",
            "svg-model",
            "pdf",
            "png",
        ];
        assert_eq!(closest("pfd", &formats).as_deref(), Some("pdf"));
        assert_eq!(closest("PDF", &formats).as_deref(), Some("pdf"));
        assert_eq!(closest("summary", &formats).as_deref(), Some("summary-csv"));
        assert_eq!(closest("pnf", &formats).as_deref(), Some("pdf or png"));
        assert_eq!(closest("tiff", &formats), None);
        assert_eq!(closest("", &formats), None);
        assert_eq!(
            closest("svg", &["svg-model", "svg-matrix", "svg-flow"]).as_deref(),
            Some("svg-model, svg-matrix or svg-flow")
        );
    }
}
