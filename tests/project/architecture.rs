//! The layering the README promises, checked on the parsed source: every
//! `use` tree and every path of each module may name only the layers below
//! it, and only the front ends touch the terminal or the network. Grouped
//! imports (`use crate::{domain, app}`), `super::super::` and paths written
//! inline are all resolved. Unit-test modules (`#[cfg(test)]`) are exempt.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// (module, crate modules it may use, may it use the terminal or network)
const LAYERS: [(&str, &[&str], bool); 12] = [
    // Display width of text and plain-text tables: beside every layer,
    // using none of them.
    ("text_width", &["text_width"], false),
    // The room's language (message catalogues): likewise beside them all.
    ("i18n", &["i18n"], false),
    ("domain", &["domain"], false),
    // Made-up sessions for the example, tests and benchmarks.
    ("synthetic", &["domain", "synthetic"], false),
    ("analysis", &["domain", "analysis"], false),
    ("store", &["domain", "store"], false),
    ("import", &["domain", "import"], false),
    (
        "export",
        &["domain", "analysis", "export", "text_width", "i18n"],
        false,
    ),
    ("engine", &["domain", "analysis", "store", "engine"], false),
    (
        "app",
        &[
            "domain", "analysis", "store", "import", "export", "engine", "app", "i18n",
        ],
        false,
    ),
    (
        "ui",
        &[
            "domain",
            "analysis",
            "store",
            "export",
            "engine",
            "app",
            "ui",
            "text_width",
            "i18n",
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
            "engine",
            "app",
            "ui",
            "cli",
            "text_width",
            "i18n",
        ],
        true,
    ),
];

/// Crates only front ends may use.
const FRONT_END_CRATES: [&str; 4] = ["ratatui", "crossterm", "axum", "tokio"];

/// Collects every path a file names, with `use` trees flattened.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn flatten(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.flatten(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                path.push(n.ident.to_string());
                self.found.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.found.push(path);
            }
            syn::UseTree::Glob(_) => self.found.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.flatten(prefix, t);
                }
            }
        }
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = Vec::new();
        if item.leading_colon.is_some() {
            prefix.push(String::new());
        }
        self.flatten(&mut prefix, &item.tree);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_test_only(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test_only(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() {
            segments.insert(0, String::new());
        }
        // A lone name (`store`, `app`) is a local item or variable, not a module.
        if segments.len() > 1 {
            self.found.push(segments);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        // Paths inside macro calls (`matches!(x, crate::app::Y)`) are tokens.
        self.scan_tokens(mac.tokens.clone());
    }
}

impl Paths {
    /// Finds `a::b::c` runs in a token stream, groups included.
    fn scan_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let mut run: Vec<String> = Vec::new();
        let mut colons = 0;
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    if colons < 2 && !run.is_empty() {
                        self.push_run(std::mem::take(&mut run));
                    }
                    run.push(ident.to_string());
                    colons = 0;
                }
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' => colons += 1,
                other => {
                    self.push_run(std::mem::take(&mut run));
                    colons = 0;
                    if let proc_macro2::TokenTree::Group(g) = other {
                        self.scan_tokens(g.stream());
                    }
                }
            }
        }
        self.push_run(run);
    }

    fn push_run(&mut self, run: Vec<String>) {
        if run.len() > 1 {
            self.found.push(run);
        }
    }
}

/// What a path names, seen from the module at `module` (e.g. `["app",
/// "update", "grid"]`): `Some("app")` for a module of this crate, or the
/// extern crate's name.
fn target(module: &[String], path: &[String]) -> Option<String> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => path.get(1).cloned(),
        "loopshop" => path.get(1).cloned(),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            if ups < module.len() {
                module.first().cloned()
            } else {
                path.get(ups).cloned()
            }
        }
        "self" => module.first().cloned(),
        "" => path.get(1).cloned(),
        other => Some(other.to_owned()),
    }
}

/// Problems of one file of `layer`, whose module path is `module`.
fn violations(layer: &str, module: &[String], source: &str) -> Result<Vec<String>, String> {
    let (_, allowed, front_end) = LAYERS
        .iter()
        .find(|(name, _, _)| *name == layer)
        .ok_or_else(|| format!("unknown layer {layer}"))?;
    let file = syn::parse_file(source).map_err(|e| e.to_string())?;
    let mut paths = Paths::default();
    paths.visit_file(&file);
    let layers: Vec<&str> = LAYERS.iter().map(|(n, _, _)| *n).collect();
    let mut out = Vec::new();
    for path in &paths.found {
        let Some(t) = target(module, path) else {
            continue;
        };
        let uses_layer = layers.contains(&t.as_str()) && !allowed.contains(&t.as_str());
        let uses_front_end = !front_end && FRONT_END_CRATES.contains(&t.as_str());
        if uses_layer || uses_front_end {
            out.push(format!("{layer} uses {t} ({})", path.join("::")));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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

/// `src/app/update/grid.rs` -> `["app", "update", "grid"]`; `mod.rs` names its folder.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (layer, _, _) in LAYERS {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        let single = src.join(format!("{layer}.rs"));
        if single.is_file() {
            files.push(single);
        }
        assert!(!files.is_empty(), "src/{layer} has no files");
        for file in files {
            checked += 1;
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            match violations(layer, &module_of(&src, &file), &text) {
                Ok(v) => problems.extend(v.into_iter().map(|p| format!("{}: {p}", file.display()))),
                Err(e) => problems.push(format!("{}: does not parse: {e}", file.display())),
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each fixture is a file that some layer must not contain; its first line
/// says where it pretends to live: `// module: domain/x`.
#[test]
fn upward_imports_in_every_form_are_caught() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/architecture");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 4, "fixtures missing");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("fixture");
        let module: Vec<String> = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// module: "))
            .expect("first line: // module: LAYER/...")
            .split('/')
            .map(str::to_owned)
            .collect();
        let expected = text
            .lines()
            .nth(1)
            .and_then(|l| l.strip_prefix("// expect: "))
            .expect("second line: // expect: LAYER uses X");
        let found = violations(&module[0], &module, &text).expect("parses");
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "{}: expected '{expected}', found {found:?}",
            file.display()
        );
    }
}

#[test]
fn allowed_paths_pass() {
    let ok = "use crate::{domain::Session, analysis::Aggregate};\nuse super::Foo;\n\
              fn f(app: u8) -> u8 { let _ = crate::store::load; println!(\"{}\", app); app }";
    let module = vec!["engine".to_owned(), "x".to_owned()];
    assert_eq!(violations("engine", &module, ok), Ok(Vec::new()));
    // The same file in the domain names two layers above it.
    let module = vec!["domain".to_owned(), "x".to_owned()];
    assert_eq!(violations("domain", &module, ok).map(|v| v.len()), Ok(2));
}
