//! The README shows what the program does: its key table is the generated
//! one in docs/TUI.md (itself tested against src/app/keys.rs), and it names
//! the commands a newcomer needs.

fn read(path: &str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn readme_is_read_in_five_minutes_and_points_to_the_key_table() {
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 200, "README.md has {lines} lines; at most 200");
    // The key table is generated into docs/TUI.md (tested against
    // src/app/keys.rs there); the README links to it.
    assert!(readme.contains("(docs/TUI.md#keys)"));
    assert!(read("docs/TUI.md").contains("<!-- key table: generated from src/app/keys.rs -->"));
    // What it does, in at most ten lines, before Install.
    let what = readme
        .split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no 'What it does'"));
    let said = what
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("Contents:") && !l.starts_with('['))
        .count();
    assert!(said <= 10, "{said} lines: {what}");
    for heading in [
        "## Install",
        "## Quick start",
        "## Run a workshop",
        "## Publish",
    ] {
        assert!(readme.contains(&format!("\n{heading}\n")), "{heading}");
    }
}

#[test]
fn readme_shows_how_to_run_and_test() {
    let readme = read("README.md");
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
    assert!(readme.contains("docs/example-model.svg"));
}

#[test]
fn readme_opens_with_the_picture_of_the_facilitation_screen() {
    // The picture is a real screen (tests/tui/picture.rs keeps it current),
    // shown before the first section.
    let readme = read("README.md");
    let first_section = readme.find("\n## ").unwrap_or(readme.len());
    assert!(
        readme[..first_section].contains("](docs/facilitation.png)"),
        "{}",
        &readme[..first_section]
    );
    // docs/TUI.md keeps the text captures, tested against real renders.
    assert!(read("docs/TUI.md").contains("✓ saved"));
}

/// Lines of the docs' `sh` blocks that cannot run in a scratch copy of the
/// repository, each with its reason: a line starting with the first, or a
/// loopshop command (after `cargo run --release --` or `loopshop`)
/// starting with the second.
const SKIPPED: &[(Skip, &str)] = &[
    (
        Skip::Line("cargo test"),
        "the test suite, this test among it",
    ),
    (Skip::Line("UPDATE_EXAMPLE=1 cargo test"), "the test suite"),
    (
        Skip::Exact("cargo run --release"),
        "the home screen needs a terminal",
    ),
    (Skip::Exact("loopshop"), "the home screen needs a terminal"),
    (
        Skip::Line("cargo install"),
        "installs into the user's cargo folder",
    ),
    (Skip::Command("run "), "facilitating needs a terminal"),
    (Skip::Command("review "), "reviewing needs a terminal"),
    (Skip::Command("serve "), "serves until it is stopped"),
    (Skip::Line("sudo "), "changes the machine"),
    (Skip::Line("install "), "installs into the user's folders"),
    (Skip::Line("tar "), "needs a release archive"),
    (
        Skip::Line("cd loopshop-"),
        "the folder of a release archive",
    ),
    (Skip::Line("./loopshop"), "the binary of a release archive"),
    (Skip::Line("xattr "), "macOS only"),
];

#[derive(Debug, Clone, Copy)]
enum Skip {
    /// The whole line.
    Exact(&'static str),
    /// The line's start.
    Line(&'static str),
    /// The loopshop command's start.
    Command(&'static str),
}

/// A line's loopshop arguments, when it runs loopshop.
fn loopshop_args(line: &str) -> Option<&str> {
    line.strip_prefix("cargo run --release -- ")
        .or_else(|| line.strip_prefix("loopshop "))
}

/// Why `line` is not run, if it is not.
fn skip_reason(line: &str) -> Option<&'static str> {
    SKIPPED.iter().find_map(|(skip, why)| {
        let hit = match skip {
            Skip::Exact(s) => line.split('#').next().is_some_and(|l| l.trim() == *s),
            Skip::Line(s) => line.starts_with(s),
            Skip::Command(s) => loopshop_args(line).is_some_and(|a| a.starts_with(s)),
        };
        hit.then_some(*why)
    })
}

/// The lines of `text`'s `sh` blocks, in order (comments and blank lines
/// left out, `\` continuations joined).
fn sh_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
            continue;
        }
        if !in_sh || trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(trimmed);
        lines.push(std::mem::take(&mut pending));
    }
    lines
}

/// A copy of the repository's files (not `target/` nor `.git`) in `to`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        match entry.file_type() {
            Ok(t) if t.is_dir() => copy_tree(&src, &dst),
            Ok(t) if t.is_file() => {
                std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
            }
            _ => {}
        }
    }
}

/// Runs every line of `doc`'s `sh` blocks in order, in a scratch copy of
/// the repository, with the built binary for `cargo run --release --` and
/// `loopshop`; returns what ran and what was skipped.
fn run_sh_blocks(doc: &str) -> (Vec<String>, Vec<(String, &'static str)>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = scratch.path().join("loopshop");
    let bin = env!("CARGO_BIN_EXE_loopshop");
    let (mut ran, mut skipped) = (Vec::new(), Vec::new());
    for line in sh_lines(&read(doc)) {
        if let Some(why) = skip_reason(&line) {
            skipped.push((line, why));
            continue;
        }
        // Copied once, for the first line that runs.
        if !repo.exists() {
            copy_tree(root, &repo);
        }
        let command = match loopshop_args(&line) {
            Some(args) => format!("'{bin}' {args}"),
            None => line.clone(),
        };
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .current_dir(&repo)
            .env_remove("LOOPSHOP_DIR")
            .env("HOME", scratch.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("sh: {e}"));
        assert!(
            out.status.success(),
            "{doc}: `{line}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran.push(line);
    }
    (ran, skipped)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "the docs' sh blocks are POSIX shell; Linux runs them"
)]
fn every_line_of_the_readme_sh_blocks_runs_as_typed() {
    let (ran, skipped) = run_sh_blocks("README.md");
    // Not a test that runs nothing: the commands a newcomer copies ran.
    for wanted in [
        "--participants examples/experts.csv",
        "import workshop-1 examples/ratings.csv",
    ] {
        assert!(
            ran.iter().any(|l| l.contains(wanted)),
            "no line with {wanted} ran: {ran:#?}"
        );
    }
    assert!(ran.len() >= 6, "{ran:#?}");
    // The two commands of the quick start are there, skipped for their reasons.
    for line in ["cargo run --release", "cargo test"] {
        assert!(
            skipped
                .iter()
                .any(|(l, _)| l.split('#').next().map(str::trim) == Some(line)),
            "{line} not in the README's sh blocks: {skipped:#?}"
        );
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "the docs' sh blocks are POSIX shell; Linux runs them"
)]
fn every_line_of_the_docs_sh_blocks_runs_as_typed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut docs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e == "md")
        })
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    let mut ran = Vec::new();
    for doc in &docs {
        ran.extend(run_sh_blocks(doc).0);
    }
    // The Swedish workshop of docs/WORKSHOP.md, as typed.
    assert!(
        ran.iter().any(|l| l.contains("new \"Workshop Västerås\"")),
        "{ran:#?}"
    );
    assert!(
        ran.iter().any(|l| l.contains("export workshop-vasteras")),
        "{ran:#?}"
    );
}
