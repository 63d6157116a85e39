use chrono::{DateTime, Utc};

use super::args::ImportArgs;
use super::{CliError, Context, print_err_line, print_out, read_file};
use crate::domain::Change;
use crate::import::{tidy, wide};
use crate::store::OpenSession;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let path = ctx.store.resolve(&args.session)?;
    // Read before the lock is taken: a pipe or a device is refused without
    // waiting, and a slow read never holds the session.
    let bytes = read_file(&args.file)?;
    let mut open = OpenSession::open(&path)?;
    if let Some(moved) = open.journal_set_aside() {
        let note = format!(
            "note: a journal that did not belong to this session was moved to {}",
            moved.display()
        );
        print_err_line(&note);
    }
    let now = Utc::now();
    if args.wide {
        return import_wide(&mut open, &bytes, args, now);
    }
    let plan = tidy::plan(&bytes, open.session(), now).map_err(|e| {
        CliError::msg(format!(
            "{}: {e}; nothing was imported",
            args.file.display()
        ))
    })?;
    // The plan holds all it needs: the file's bytes go before the commit.
    drop(bytes);
    let tidy::ImportPlan {
        changes,
        ratings,
        replaced,
        added,
        source,
    } = plan;
    open.commit_all(changes, now)
        .map_err(|e| CliError::msg(format!("{}: {e}; nothing was imported", path.display())))?;
    let from = source
        .filter(|s| *s != open.session().title)
        .map(|s| format!(" (from session '{s}')"))
        .unwrap_or_default();
    let mut text = format!("imported {ratings} ratings{from} into {}", path.display());
    if replaced > 0 {
        text.push_str(&format!(", {replaced} of them replacing earlier ratings"));
    }
    if !added.is_empty() {
        // Name a handful; a conference-sized import would print a wall.
        const NAMED: usize = 10;
        let mut names: Vec<&str> = added.iter().take(NAMED).map(|p| p.alias.as_str()).collect();
        let more = added.len().saturating_sub(NAMED);
        let more = format!("and {more} more");
        if added.len() > NAMED {
            names.push(&more);
        }
        let s = if added.len() == 1 { "" } else { "s" };
        text.push_str(&format!(
            "; added {} participant{s}: {}",
            added.len(),
            names.join(", ")
        ));
    }
    text.push('\n');
    print_out(&text)
}

/// `import --wide`: one row per participant, a column per stage:dimension.
fn import_wide(
    open: &mut OpenSession,
    bytes: &[u8],
    args: &ImportArgs,
    now: DateTime<Utc>,
) -> Result<(), CliError> {
    let changes = wide::parse_at(open.session(), bytes, now).map_err(|e| {
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
    open.commit_all(changes, now)
        .map_err(|e| CliError::msg(format!("{}: {e}; nothing was imported", path.display())))?;
    let s = if added == 1 { "" } else { "s" };
    print_out(&format!(
        "imported {ratings} ratings into {}; added {added} participant{s}\n",
        path.display()
    ))
}
