//! The README shows what the program does: its key table is the generated
//! one in docs/TUI.md (itself tested against src/app/keys.rs), and it names
//! the commands a newcomer needs.

fn read(path: &str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn readme_key_table_is_the_generated_one() {
    let readme = read("README.md");
    let tui = read("docs/TUI.md");
    let marker = "<!-- README key table";
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has no key table marker"));
    let table: Vec<&str> = readme[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with('|') || l.starts_with("###"))
        .collect();
    assert!(table.len() > 10, "{table:?}");
    let section = table[0];
    let at = tui
        .find(section)
        .unwrap_or_else(|| panic!("docs/TUI.md has no '{section}'"));
    let generated: Vec<&str> = tui[at..]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(table.len())
        .collect();
    assert_eq!(table, generated);
}

#[test]
fn readme_shows_how_to_run_and_test() {
    let readme = read("README.md");
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
    assert!(readme.contains("docs/example-model.svg"));
}

#[test]
fn readme_screen_capture_is_the_current_one() {
    // docs/TUI.md's captures are tested against real renders; the README
    // shows the first of them.
    let first_capture = |text: &str| -> String {
        let start = text
            .find("```text")
            .unwrap_or_else(|| panic!("no text capture"));
        let end = text[start + 7..]
            .find("```")
            .map_or(text.len(), |e| start + 7 + e);
        text[start..end].to_owned()
    };
    let readme = read("README.md");
    let tui = read("docs/TUI.md");
    assert!(first_capture(&readme).contains("✓ saved"));
    assert_eq!(first_capture(&readme), first_capture(&tui));
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

/// Runs every line of `docs`' `sh` blocks in order, in one scratch copy
/// of the repository, with the built binary for `cargo run --release --`
/// and `loopshop`; returns what ran and what was skipped.
fn run_sh_blocks(docs: &[&str]) -> (Vec<String>, Vec<(String, &'static str)>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = scratch.path().join("loopshop");
    copy_tree(root, &repo);
    let bin = env!("CARGO_BIN_EXE_loopshop");
    let (mut ran, mut skipped) = (Vec::new(), Vec::new());
    for doc in docs {
        for line in sh_lines(&read(doc)) {
            if let Some(why) = skip_reason(&line) {
                skipped.push((line, why));
                continue;
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
    }
    (ran, skipped)
}

#[test]
fn every_line_of_the_readme_sh_blocks_runs_as_typed() {
    let (ran, skipped) = run_sh_blocks(&["README.md"]);
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
