use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::args::ImportArgs;
use super::{CliError, Context, note_if_not_folded, print_err_line, print_out, read_file};
use crate::domain::Change;
use crate::import::{Separator, tidy, wide};
use crate::store::OpenSession;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let path = ctx.store.resolve(&args.session)?;
    super::copy::refuse_example_at(&path, &args.session)?;
    // Opened (or read) before the lock is taken: a pipe or a device is
    // refused without waiting, and never while holding the session.
    if args.wide {
        let bytes = read_file(&args.file)?;
        let open = open_session(&path, &args.session)?;
        return import_wide(open, &bytes, args, Utc::now());
    }
    let input = crate::store::open_input(&args.file)?;
    let mut open = open_session(&path, &args.session)?;
    let now = Utc::now();
    // Row by row into the open session: neither the file nor the changes
    // are held whole, and a bad row takes back every row before it.
    let importer = tidy::Importer::new(open.session(), now).separated_by(separator(args));
    let mut run = open.run();
    let imported = importer
        .run(input, |change| run.apply(change))
        .map_err(|e| {
            CliError::msg(format!(
                "{}: {e}; nothing was imported",
                args.file.display()
            ))
        })?;
    if let Err(e) = run.commit(now) {
        // Not durable, so not imported: nothing more is written.
        open.abandon();
        return Err(CliError::msg(format!(
            "{}: not saved: {e}; nothing was imported",
            path.display()
        )));
    }
    let tidy::Imported {
        ratings,
        replaced,
        added,
        first_added,
        source,
        created_rounds,
        separator,
    } = imported;
    let from = source
        .filter(|s| *s != open.session().title)
        .map(|s| format!(" (from session '{s}')"))
        .unwrap_or_default();
    let mut text = format!("imported {ratings} ratings{from} into {}", path.display());
    if replaced > 0 {
        let _ = write!(text, ", {replaced} of them replacing earlier ratings");
    }
    if added > 0 {
        // Name a handful; a conference-sized import would print a wall.
        let mut names: Vec<&str> = first_added.iter().map(String::as_str).collect();
        let more = format!("and {} more", added.saturating_sub(names.len()));
        if added > names.len() {
            names.push(&more);
        }
        let s = if added == 1 { "" } else { "s" };
        let _ = write!(text, "; added {added} participant{s}: {}", names.join(", "));
    }
    for round in created_rounds {
        let _ = write!(text, "; created round {round}");
    }
    text.push_str(&read_as(separator));
    text.push('\n');
    close(open)?;
    print_out(&text)
}

/// Closes a session whose import is durable: a failed compaction is a
/// note, not a failure.
fn close(open: OpenSession) -> Result<(), CliError> {
    let closed = open
        .close()
        .map_err(|e| CliError::msg(format!("the import could not be saved: {e}")))?;
    note_if_not_folded(&closed);
    Ok(())
}

/// Opens the session to change it, saying so when a journal that was not
/// its own had to be moved aside; the shipped example (`arg`) is refused
/// again, in case it was put in place meanwhile.
fn open_session(path: &std::path::Path, arg: &str) -> Result<OpenSession, CliError> {
    let open = OpenSession::open(path)?;
    if let Err(e) = super::copy::refuse_example(open.session(), arg) {
        open.abandon();
        return Err(e);
    }
    if let Some(moved) = open.journal_set_aside() {
        let note = format!(
            "note: a journal that did not belong to this session was moved to {}",
            moved.display()
        );
        print_err_line(&note);
    }
    Ok(open)
}

/// `import --wide`: one row per participant, a column per stage:dimension.
fn import_wide(
    mut open: OpenSession,
    bytes: &[u8],
    args: &ImportArgs,
    now: DateTime<Utc>,
) -> Result<(), CliError> {
    let (changes, separator) = wide::parse_separated(open.session(), bytes, separator(args), now)
        .map_err(|e| {
        CliError::msg(format!(
            "{}: {e}; nothing was imported",
            args.file.display()
        ))
    })?;
    let ratings = changes
        .iter()
        .filter(|c| matches!(c, Change::SetRating { .. }))
        .count();
    let added = changes
        .iter()
        .filter(|c| matches!(c, Change::AddParticipant(_)))
        .count();
    let path = open.path().to_owned();
    if let Err(e) = open.commit_all(&changes, now) {
        // Not durable, so not imported: nothing more is written.
        open.abandon();
        return Err(CliError::msg(format!(
            "{}: {e}; nothing was imported",
            path.display()
        )));
    }
    close(open)?;
    let s = if added == 1 { "" } else { "s" };
    print_out(&format!(
        "imported {ratings} ratings into {}; added {added} participant{s}{}\n",
        path.display(),
        read_as(separator)
    ))
}

/// The separator `--delimiter` gives, or [`Separator::Sniff`].
fn separator(args: &ImportArgs) -> Separator {
    args.delimiter.unwrap_or_default()
}

/// What the import says of a separator other than the comma: which it read.
fn read_as(separator: u8) -> String {
    if separator == b',' {
        String::new()
    } else {
        format!(
            " (read as {}-separated)",
            crate::import::separator_name(separator)
        )
    }
}
