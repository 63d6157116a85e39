use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::args::{ListArgs, ListFormat};
use super::{CliError, Context, print_out};
use crate::store::{SessionSummary, StoreError};
use crate::text_width::table::{Column, Table};

pub fn run(ctx: &Context, args: &ListArgs) -> Result<(), CliError> {
    let entries = ctx.store.list()?;
    let text = match args.format {
        ListFormat::Table => table(ctx.store.dir(), &entries),
        ListFormat::Json => json(&entries)?,
    };
    print_out(&text)
}

fn table(dir: &Path, entries: &[Result<SessionSummary, StoreError>]) -> String {
    if entries.is_empty() && !dir.exists() {
        return format!(
            "no sessions: the sessions folder {} does not exist ({})\n",
            dir.display(),
            crate::store::folder_fix(dir)
        );
    }
    if entries.is_empty() {
        return format!(
            "no sessions in {} (create one with `loopshop new TITLE`)\n",
            dir.display()
        );
    }
    // Numbers right-aligned, text left-aligned.
    let mut table = Table::new(vec![
        Column::left("TITLE"),
        Column::left("DATE"),
        Column::right("PARTICIPANTS"),
        Column::right("RATINGS"),
        Column::left("FILE"),
    ]);
    let mut broken = Vec::new();
    for entry in entries {
        match entry {
            Ok(s) => table.push_row(&[
                s.title.clone(),
                s.created.format("%Y-%m-%d").to_string(),
                s.participants.to_string(),
                s.ratings.to_string(),
                s.path.display().to_string(),
            ]),
            Err(e) => broken.push(e.to_string()),
        }
    }
    let mut out = table.render();
    for e in broken {
        let _ = writeln!(out, "unreadable: {e}");
    }
    out
}

/// One element of `list --format json`: a session, or a file that did not load.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonEntry<'a> {
    Session {
        file: String,
        slug: &'a str,
        title: &'a str,
        created: String,
        participants: usize,
        ratings: usize,
        completeness: f64,
    },
    Unreadable {
        file: Option<String>,
        error: String,
    },
}

fn json(entries: &[Result<SessionSummary, StoreError>]) -> Result<String, CliError> {
    let items: Vec<JsonEntry<'_>> = entries
        .iter()
        .map(|entry| match entry {
            Ok(s) => JsonEntry::Session {
                file: s.path.display().to_string(),
                slug: &s.slug,
                title: &s.title,
                created: s.created.to_rfc3339(),
                participants: s.participants,
                ratings: s.ratings,
                completeness: s.completeness,
            },
            Err(e) => JsonEntry::Unreadable {
                file: error_path(e).map(|p| p.display().to_string()),
                error: e.to_string(),
            },
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&items).map_err(|e| CliError::msg(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

fn error_path(e: &StoreError) -> Option<&Path> {
    e.path()
}
