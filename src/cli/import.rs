use chrono::Utc;

use super::args::ImportArgs;
use super::{CliError, Context, print_out, read_file};
use crate::import::tidy;
use crate::store::OpenSession;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    if args.wide {
        return Err(CliError::msg(
            "--wide is not available yet; import the tidy CSV format (one rating per row)",
        ));
    }
    let path = ctx.store.resolve(&args.session)?;
    let mut open = OpenSession::open(&path)?;
    let bytes = read_file(&args.file)?;
    let now = Utc::now();
    let plan = tidy::plan(&bytes, open.session(), now).map_err(|e| {
        CliError::msg(format!(
            "{}: {e}; nothing was imported",
            args.file.display()
        ))
    })?;
    let tidy::ImportPlan {
        changes,
        ratings,
        replaced,
        added,
    } = plan;
    open.commit_all(changes, now)?;
    let mut text = format!("imported {ratings} ratings into {}", path.display());
    if replaced > 0 {
        text.push_str(&format!(", {replaced} of them replacing earlier ratings"));
    }
    if !added.is_empty() {
        let names: Vec<&str> = added.iter().map(|p| p.alias.as_str()).collect();
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
