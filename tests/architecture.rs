//! The layering the README promises, checked on the source: each module may
//! use only the layers below it, and only app, ui and cli touch the terminal.
//! Unit-test modules (`#[cfg(test)]`, at the end of a file) are exempt.

use std::path::Path;

/// (module, crate modules it may use, may it use ratatui/crossterm)
const LAYERS: [(&str, &[&str], bool); 9] = [
    // Display width of text and plain-text tables: beside every layer,
    // using none of them.
    ("text_width", &["text_width"], false),
    ("domain", &["domain"], false),
    ("analysis", &["domain", "analysis"], false),
    ("store", &["domain", "store"], false),
    ("import", &["domain", "import"], false),
    (
        "export",
        &["domain", "analysis", "export", "text_width"],
        false,
    ),
    (
        "app",
        &["domain", "analysis", "store", "import", "export", "app"],
        true,
    ),
    (
        "ui",
        &[
            "domain",
            "analysis",
            "store",
            "export",
            "app",
            "ui",
            "text_width",
        ],
        true,
    ),
    (
        "cli",
        &[
            "domain",
            "analysis",
            "store",
            "import",
            "export",
            "app",
            "ui",
            "cli",
            "text_width",
        ],
        true,
    ),
];

const ALL: [&str; 9] = [
    "text_width",
    "domain",
    "analysis",
    "store",
    "import",
    "export",
    "app",
    "ui",
    "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (module, allowed, terminal) in LAYERS {
        let mut files = Vec::new();
        rust_files(&root.join(module), &mut files);
        assert!(!files.is_empty(), "src/{module} has no files");
        for file in files {
            checked += 1;
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            // Unit tests (at the end of a file) may reach across layers.
            let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in shipped.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for other in ALL {
                    let uses = code.contains(&format!("crate::{other}::"))
                        || code.contains(&format!("crate::{other};"))
                        || code.contains(&format!("crate::{{{other}"))
                        || code.contains(&format!("loopshop::{other}"));
                    if uses && !allowed.contains(&other) {
                        problems.push(format!("{}:{}: uses {other}", file.display(), n + 1));
                    }
                }
                if !terminal && (code.contains("ratatui") || code.contains("crossterm")) {
                    problems.push(format!("{}:{}: uses the terminal", file.display(), n + 1));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} files checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
