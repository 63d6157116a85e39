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
