//! Lists the room's languages and the built-in templates, so that adding a
//! language is adding files, with no code to change:
//!
//! - `assets/i18n/LANG.ftl`: a message catalogue (LANG: two or three lower-case
//!   letters, such as `sv`), embedded as `i18n::CATALOGUES`;
//! - `assets/templates/NAME-LANG.ron`: a built-in template in that language,
//!   embedded as `domain::BUILTIN_TEMPLATES` (`--template NAME-LANG`).
//!
//! Both lists are sorted by file name, English first.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn is_language(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// The files of `dir` ending in `.ext`, by stem, English first.
fn files(dir: &Path, ext: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
        .collect();
    out.sort_by_key(|(stem, _)| (!(stem == "en" || stem.ends_with("-en")), stem.clone()));
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let i18n = root.join("assets/i18n");
    let templates = root.join("assets/templates");
    println!("cargo::rerun-if-changed={}", i18n.display());
    println!("cargo::rerun-if-changed={}", templates.display());

    let mut catalogues = String::from(
        "/// Every message catalogue: (language code, Fluent text), English first.\n\
         pub const CATALOGUES: &[(&str, &str)] = &[\n",
    );
    for (code, path) in files(&i18n, "ftl") {
        assert!(
            is_language(&code),
            "{}: a catalogue is named after its language, such as sv.ftl",
            path.display()
        );
        let _ = writeln!(
            catalogues,
            "    ({code:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    catalogues.push_str("];\n");
    std::fs::write(out.join("catalogues.rs"), catalogues).expect("write catalogues.rs");

    let mut list = String::from(
        "/// Every built-in template: (name, language code, RON text), English first.\n\
         pub const BUILTIN_TEMPLATES: &[(&str, &str, &str)] = &[\n",
    );
    for (name, path) in files(&templates, "ron") {
        let lang = name.rsplit_once('-').map(|(_, l)| l).unwrap_or_default();
        assert!(
            is_language(lang),
            "{}: a built-in template is named NAME-LANG, such as default-sv.ron",
            path.display()
        );
        let _ = writeln!(
            list,
            "    ({name:?}, {lang:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    list.push_str("];\n");
    std::fs::write(out.join("templates.rs"), list).expect("write templates.rs");
}
