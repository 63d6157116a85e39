//! The layering the README promises, checked on the parsed source of every
//! file under `src/`, `lib.rs` and `main.rs` included:
//! - each module names only the layers below it ([`LAYERS`]), whichever way
//!   it names them: grouped imports (`use crate::{domain, app}`),
//!   `super::super::`, paths written inline or inside macro calls, and
//!   names re-exported at the crate root (`crate::X` is resolved through
//!   `lib.rs`'s `pub use`);
//! - every top-level module is in the table, so a new one cannot slip past;
//! - only the front ends use the terminal and network crates, and every
//!   dependency in Cargo.toml is classified as front-end-only or not;
//! - no `#[path]` module and no `include!` of source, which would let a
//!   file live in one layer and be compiled into another;
//! - no import cycle between the terminal app's files.
//!
//! Unit-test modules (`#[cfg(test)]`) are exempt. Each form of violation has
//! a fixture under `tests/fixtures/architecture/` that must fail the check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// (top-level module, crate modules it may use, may it use front-end crates)
const LAYERS: [(&str, &[&str], bool); 14] = [
    // Display width of text and plain-text tables: beside every layer,
    // using none of them.
    ("text_width", &[], false),
    // The room's language (message catalogues): likewise beside them all.
    ("i18n", &[], false),
    ("domain", &[], false),
    // Made-up sessions for the example, tests and benchmarks.
    ("synthetic", &["domain"], false),
    ("analysis", &["domain"], false),
    ("store", &["domain"], false),
    ("import", &["domain"], false),
    (
        "export",
        &["domain", "analysis", "text_width", "i18n"],
        false,
    ),
    ("engine", &["domain", "analysis", "store"], false),
    // The terminal's state and update: no terminal library, no I/O (its
    // effects are data that `cli` runs).
    (
        "app",
        &["domain", "analysis", "store", "engine", "i18n"],
        false,
    ),
    // The terminal's rendering.
    (
        "ui",
        &[
            "domain",
            "analysis",
            "store",
            "export",
            "engine",
            "app",
            "text_width",
            "i18n",
        ],
        true,
    ),
    // The participants' pages, the API and the board.
    (
        "server",
        &[
            "domain",
            "analysis",
            "engine",
            "export",
            "i18n",
            "text_width",
        ],
        true,
    ),
    // Arguments, wiring and the one runner of effects.
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
            "server",
            "text_width",
            "i18n",
        ],
        true,
    ),
    // The binary: parses the arguments and hands them to `cli`.
    ("main", &["cli"], true),
];

/// Crates only front ends (and `cli`, `main`) may use: the terminal, the
/// network, the command line and the process's signals.
const FRONT_END_CRATES: [&str; 16] = [
    "ratatui",
    "crossterm",
    "axum",
    "tokio",
    "tokio_stream",
    "hyper",
    "hyper_util",
    "tower_service",
    "if_addrs",
    "clap",
    "color_eyre",
    "ctrlc",
    "signal_hook",
    "serde_urlencoded",
    // The server's limit of open files (src/server/connections.rs).
    "rlimit",
    // The board's and the pages' HTML templates (assets/web).
    "askama",
];

/// Crates every layer may use: data, text, numbers, files' formats.
const CORE_CRATES: [&str; 23] = [
    "serde",
    "serde_json",
    "ron",
    "chrono",
    "csv",
    "csv_core",
    "thiserror",
    "unicode_width",
    "sha2",
    "hmac",
    "getrandom",
    "qrcode",
    "fluent_bundle",
    "unic_langid",
    "resvg",
    "svg2pdf",
    "pdf_writer",
    "ttf_parser",
    // Text folded to ASCII (domain::fold).
    "deunicode",
    // O_NOFOLLOW, for the store (Unix only).
    "libc",
    "subsetter",
    "miniz_oxide",
    "std",
];

/// Layers whose files must not import each other in a cycle.
const ACYCLIC: [&str; 1] = ["app"];

/// One source file: where it lives under `src/`, and its text.
struct Source {
    rel: PathBuf,
    text: String,
}

/// What one file names: its paths (use trees flattened) and what it does
/// that no layer may do.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
    /// Child modules the file declares (`mod x;` and inline `mod x {}`).
    children: BTreeSet<String>,
    forbidden: Vec<String>,
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

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        self.found
            .push(vec![String::new(), item.ident.to_string(), String::new()]);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if is_test_only(&item.attrs) {
            return;
        }
        if item.attrs.iter().any(|a| a.path().is_ident("path")) {
            self.forbidden
                .push(format!("#[path] on mod {}", item.ident));
        }
        self.children.insert(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
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
        // The build script's output (`include!(concat!(env!("OUT_DIR"), ..))`)
        // is generated data; any other included file is source in disguise.
        if mac.path.is_ident("include") && !mac.tokens.to_string().contains("OUT_DIR") {
            self.forbidden.push("include! of source".to_owned());
        }
        self.visit_path(&mac.path);
        // Paths inside macro calls (`matches!(x, crate::app::Y)`) are tokens.
        self.scan_tokens(mac.tokens.clone());
    }
}

/// `app/update/grid.rs` -> `["app", "update", "grid"]`; `mod.rs` names its
/// folder; `lib.rs` is the crate root (`[]`), `main.rs` the binary.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The crate as parsed: each file's module and what it names, and the
/// names `lib.rs` re-exports at the root.
struct Crate {
    files: Vec<(PathBuf, Vec<String>, Paths)>,
    /// Per module, the names its `use` items bring in, as absolute paths
    /// (`lib.rs`'s `pub use app::X` makes `crate::X` stand for `app::X`).
    exports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    modules: BTreeSet<Vec<String>>,
    problems: Vec<String>,
}

impl Crate {
    fn parse(sources: &[Source]) -> Self {
        let mut krate = Self {
            files: Vec::new(),
            exports: BTreeMap::new(),
            modules: BTreeSet::new(),
            problems: Vec::new(),
        };
        for source in sources {
            let module = module_of(&source.rel);
            match syn::parse_file(&source.text) {
                Ok(file) => {
                    let mut paths = Paths::default();
                    paths.visit_file(&file);
                    let exports = use_names(&file)
                        .into_iter()
                        .filter_map(|(name, path)| {
                            raw_absolute(&module, &paths.children, &path).map(|abs| (name, abs))
                        })
                        .collect();
                    krate.exports.insert(module.clone(), exports);
                    for child in &paths.children {
                        let mut m = module.clone();
                        m.push(child.clone());
                        krate.modules.insert(m);
                    }
                    krate.modules.insert(module.clone());
                    krate.files.push((source.rel.clone(), module, paths));
                }
                Err(e) => krate
                    .problems
                    .push(format!("{}: does not parse: {e}", source.rel.display())),
            }
        }
        krate
    }

    /// The absolute path (from the crate root) that `path` names in
    /// `module`, names brought in by `use` followed to where they live; or
    /// `None` for a path outside the crate.
    fn absolute(
        &self,
        module: &[String],
        children: &BTreeSet<String>,
        path: &[String],
    ) -> Option<Vec<String>> {
        // A name the module brought in with `use` (an alias of a module
        // included) stands for what it names.
        let imported = path
            .first()
            .filter(|first| !matches!(first.as_str(), "crate" | "super" | "self"))
            .and_then(|first| self.exports.get(module)?.get(first));
        let mut abs = match imported {
            Some(target) => {
                let mut abs = target.clone();
                abs.extend_from_slice(&path[1..]);
                abs
            }
            None => raw_absolute(module, children, path)?,
        };
        // Bounded: a chain of re-exports is short, and a cycle of them ends.
        for _ in 0..16 {
            let Some(m) = self.module_file(&abs) else {
                break;
            };
            let Some(target) = abs
                .get(m.len())
                .and_then(|name| self.exports.get(&m)?.get(name))
            else {
                break;
            };
            let mut resolved = target.clone();
            resolved.extend_from_slice(&abs[m.len() + 1..]);
            if resolved == abs {
                break;
            }
            abs = resolved;
        }
        Some(abs)
    }

    /// The module file that `abs` falls in: its longest known prefix.
    fn module_file(&self, abs: &[String]) -> Option<Vec<String>> {
        (0..=abs.len())
            .rev()
            .map(|n| abs[..n].to_vec())
            .find(|m| self.modules.contains(m))
    }

    /// Every layering problem of the crate.
    fn violations(&self) -> Vec<String> {
        let mut out = self.problems.clone();
        let layers: Vec<&str> = LAYERS.iter().map(|(n, _, _)| *n).collect();
        for (rel, module, paths) in &self.files {
            let at = rel.display();
            for f in &paths.forbidden {
                out.push(format!("{at}: {f}"));
            }
            let Some(layer) = module.first() else {
                // lib.rs: every top-level module it declares is a layer.
                for child in &paths.children {
                    if !layers.contains(&child.as_str()) {
                        out.push(format!("{at}: {child} is not in the layering table"));
                    }
                }
                continue;
            };
            let Some((_, allowed, front_end)) = LAYERS.iter().find(|(n, _, _)| n == layer) else {
                out.push(format!("{at}: {layer} is not in the layering table"));
                continue;
            };
            for path in &paths.found {
                let target = match self.absolute(module, &paths.children, path) {
                    Some(abs) => abs.first().cloned(),
                    None => path
                        .iter()
                        .find(|s| !s.is_empty())
                        .cloned()
                        .filter(|_| path[0].is_empty() || path.len() > 1),
                };
                let Some(t) = target else {
                    continue;
                };
                let uses_layer =
                    t != *layer && layers.contains(&t.as_str()) && !allowed.contains(&t.as_str());
                let uses_front_end = !front_end && FRONT_END_CRATES.contains(&t.as_str());
                if uses_layer || uses_front_end {
                    out.push(format!("{at}: {layer} uses {t} ({})", path.join("::")));
                }
            }
        }
        out.extend(self.cycles());
        out.sort();
        out.dedup();
        out
    }

    /// Import cycles between the files of the [`ACYCLIC`] layers.
    fn cycles(&self) -> Vec<String> {
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (_, module, paths) in &self.files {
            if !module
                .first()
                .is_some_and(|l| ACYCLIC.contains(&l.as_str()))
            {
                continue;
            }
            let targets = edges.entry(module.clone()).or_default();
            for path in &paths.found {
                let Some(to) = self
                    .absolute(module, &paths.children, path)
                    .and_then(|abs| self.module_file(&abs))
                else {
                    continue;
                };
                if to != *module && to.first() == module.first() {
                    targets.insert(to);
                }
            }
        }
        let mut out = Vec::new();
        for (from, targets) in &edges {
            for to in targets {
                if reaches(&edges, to, from) {
                    out.push(format!(
                        "{} and {} import each other (directly or through others)",
                        from.join("::"),
                        to.join("::")
                    ));
                }
            }
        }
        out
    }
}

/// The absolute path that `path` names in `module`, as written (a name
/// brought in by `use` is not followed); `None` outside the crate.
fn raw_absolute(
    module: &[String],
    children: &BTreeSet<String>,
    path: &[String],
) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut abs = match first.as_str() {
        "crate" => Vec::new(),
        "loopshop" if module == ["main"] => Vec::new(),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            let keep = module.len().checked_sub(ups)?;
            let mut abs = module[..keep].to_vec();
            abs.extend_from_slice(&path[ups..]);
            return Some(abs);
        }
        "self" => module.to_vec(),
        name if children.contains(name) => {
            let mut abs = module.to_vec();
            abs.extend_from_slice(path);
            return Some(abs);
        }
        _ => return None,
    };
    abs.extend_from_slice(&path[1..]);
    Some(abs)
}

/// The names a file's top-level `use` items bring in (`use a::b::X;` as
/// `X` -> `[a, b, X]`, `use a::Y as Z;` as `Z` -> `[a, Y]`); glob imports
/// name nothing in particular.
fn use_names(file: &syn::File) -> BTreeMap<String, Vec<String>> {
    let mut paths = Paths::default();
    let mut out = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            if matches!(u.tree, syn::UseTree::Glob(_)) {
                continue;
            }
            let mut prefix = Vec::new();
            paths.flatten(&mut prefix, &u.tree);
            let renamed = renames(&u.tree);
            for path in std::mem::take(&mut paths.found) {
                if let Some(last) = path.last() {
                    let name = renamed.get(last).cloned().unwrap_or_else(|| last.clone());
                    out.insert(name, path);
                }
            }
        }
    }
    out
}

/// `use a as b` pairs of a use tree.
fn renames(tree: &syn::UseTree) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match tree {
        syn::UseTree::Path(p) => out.extend(renames(&p.tree)),
        syn::UseTree::Rename(r) => {
            out.insert(r.ident.to_string(), r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| out.extend(renames(t))),
        syn::UseTree::Name(_) | syn::UseTree::Glob(_) => {}
    }
    out
}

fn reaches(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &Vec<String>,
    to: &Vec<String>,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(m) = stack.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m) {
            stack.extend(edges.get(m).into_iter().flatten());
        }
    }
    false
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

fn real_sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| Source {
            rel: file.strip_prefix(&src).unwrap_or(&file).to_owned(),
            text: std::fs::read_to_string(&file).unwrap_or_default(),
        })
        .collect()
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let sources = real_sources();
    assert!(sources.len() > 100, "only {} files found", sources.len());
    for special in ["lib.rs", "main.rs"] {
        assert!(
            sources.iter().any(|s| s.rel == Path::new(special)),
            "{special} is scanned"
        );
    }
    let problems = Crate::parse(&sources).violations();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_layer_of_the_table_has_files() {
    let sources = real_sources();
    for (layer, _, _) in LAYERS {
        assert!(
            sources
                .iter()
                .any(|s| module_of(&s.rel).first().is_some_and(|m| m == layer)),
            "src/{layer} has no files"
        );
    }
}

/// Every dependency is classified: a crate added later is either one only
/// the front ends may use, or one for every layer.
#[test]
fn every_dependency_is_classified() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let mut in_dependencies = false;
    let mut unclassified = Vec::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]"
                || line.ends_with(".dependencies]") && !line.contains("dev-");
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim().replace('-', "_");
        if in_dependencies
            && !name.starts_with('#')
            && !FRONT_END_CRATES.contains(&name.as_str())
            && !CORE_CRATES.contains(&name.as_str())
        {
            unclassified.push(name);
        }
    }
    assert!(
        unclassified.is_empty(),
        "add these to FRONT_END_CRATES or CORE_CRATES: {unclassified:?}"
    );
}

/// A fixture is a small crate in one file: `// file: PATH` starts each of
/// its files (relative to `src/`), and `// expect: TEXT` says what the check
/// must report. Without a `lib.rs` of its own, the real one is used.
fn fixture_sources(text: &str) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("// file: ") {
            sources.push(Source {
                rel: PathBuf::from(path.trim()),
                text: String::new(),
            });
        } else if let Some(current) = sources.last_mut() {
            current.text.push_str(line);
            current.text.push('\n');
        }
    }
    if !sources.iter().any(|s| s.rel == Path::new("lib.rs")) {
        let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
        sources.push(Source {
            rel: PathBuf::from("lib.rs"),
            text: std::fs::read_to_string(lib).expect("src/lib.rs"),
        });
    }
    sources
}

#[test]
fn every_form_of_violation_is_caught() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/architecture");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 15, "fixtures missing: {}", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("fixture");
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("// expect: "))
            .collect();
        assert!(
            !expected.is_empty(),
            "{}: no '// expect: ' line",
            file.display()
        );
        let found = Crate::parse(&fixture_sources(&text)).violations();
        for e in expected {
            assert!(
                found.iter().any(|f| f.contains(e)),
                "{}: expected '{e}', found {found:?}",
                file.display()
            );
        }
    }
}

#[test]
fn allowed_paths_pass() {
    let ok = "use crate::{domain::Session, analysis::Aggregate};\nuse super::Foo;\n\
              fn f(app: u8) -> u8 { let _ = crate::store::load; println!(\"{}\", app); app }";
    let lib = "pub mod domain; pub mod analysis; pub mod store; pub mod engine; pub mod app;";
    let sources = |module: &str| {
        vec![
            Source {
                rel: PathBuf::from("lib.rs"),
                text: lib.to_owned(),
            },
            Source {
                rel: PathBuf::from(format!("{module}/x.rs")),
                text: ok.to_owned(),
            },
        ]
    };
    assert_eq!(
        Crate::parse(&sources("engine")).violations(),
        Vec::<String>::new()
    );
    // The same file in the domain names two layers above it.
    assert_eq!(Crate::parse(&sources("domain")).violations().len(), 2);
}
