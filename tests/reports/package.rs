//! The research data package (`export --format package`): it passes the
//! Frictionless validator, its scripts reproduce the summary in Python and
//! R and catch one changed rating, it names no one, every number of its
//! methods and results is one of its tables', and Swedish needs no
//! English. The tests that need Python (a venv with `frictionless` and
//! `pandas`), R or pdftotext say loudly that they were skipped without
//! them, and fail instead with `LOOPSHOP_REQUIRE_TOOLS=1` (set by
//! `.ci/run`, which installs them).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::journal::{workshop_a, workshop_b};
use crate::support::cli::{run, tempdir, write_session};
use loopshop::domain::Session;
use loopshop::synthetic::example_session;

/// Set (by `.ci/run`) to turn a missing tool into a failure.
const REQUIRE: &str = "LOOPSHOP_REQUIRE_TOOLS";

/// `tool` if found, or `None` after saying loudly that `test` skipped it;
/// panics instead with `LOOPSHOP_REQUIRE_TOOLS=1`.
fn tool_or_skip(found: Option<PathBuf>, tool: &str, install: &str, test: &str) -> Option<PathBuf> {
    if found.is_some() {
        return found;
    }
    let rule = "=".repeat(76);
    let message = format!(
        "\n{rule}\n{}: {test} did NOT run {tool}: it is not installed.\n{install}\n{REQUIRE}=1 (set by .ci/run) turns this skip into a failure.\n{rule}\n",
        if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
            "FAILED"
        } else {
            "SKIPPED"
        }
    );
    assert!(!std::env::var(REQUIRE).is_ok_and(|v| v == "1"), "{message}");
    eprintln!("{message}");
    None
}

fn on_path(name: &str) -> Option<PathBuf> {
    crate::support::webdriver::on_path(name)
}

/// The virtual environment with `frictionless` and `pandas`: `LOOPSHOP_VENV`,
/// else `venv` in the target folder (`.ci/run` makes `target/venv`).
fn venv(test: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("LOOPSHOP_VENV").map(PathBuf::from),
        std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("venv")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv")),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|v| v.join("bin/frictionless").is_file() && v.join("bin/python").is_file());
    tool_or_skip(
        found,
        "Python's frictionless and pandas",
        "Make the venv: python3 -m venv target/venv && target/venv/bin/pip install frictionless pandas (or set LOOPSHOP_VENV).",
        test,
    )
}

fn rscript(test: &str) -> Option<PathBuf> {
    tool_or_skip(
        on_path("Rscript"),
        "R",
        "Install it: apt-get install -y r-base-core.",
        test,
    )
}

fn pdftotext(test: &str) -> Option<PathBuf> {
    tool_or_skip(
        on_path("pdftotext"),
        "pdftotext",
        "Install it: apt-get install -y poppler-utils.",
        test,
    )
}

/// Names no package may hold: every participant gets a distinctive alias
/// and organisation, the facilitator a name.
fn named(mut s: Session, tag: &str) -> Session {
    s.facilitator = format!("Facilitator Quimby{tag}");
    for (i, p) in s.participants.iter_mut().enumerate() {
        p.alias = format!("Zebulon{tag} Quaxley{i:02}");
        p.organisation = format!("Vandelay{tag} Industries{i:02}");
    }
    s
}

/// The names and aliases of `sessions` (and the facilitators').
fn names_of(sessions: &[&Session]) -> Vec<String> {
    let mut out = Vec::new();
    for s in sessions {
        out.push(s.facilitator.clone());
        for p in &s.participants {
            out.push(p.alias.clone());
            out.push(p.organisation.clone());
        }
    }
    out
}

/// The example, and a pool of a two-round workshop and a one-round one,
/// written into one folder as `ex`, `a` and `b`.
fn sessions() -> (tempfile::TempDir, Vec<Session>) {
    let dir = tempdir();
    let ex = named(example_session(), "E");
    let a = named(workshop_a(), "A");
    let b = named(workshop_b(), "B");
    write_session(dir.path(), "ex", &ex);
    write_session(dir.path(), "a", &a);
    write_session(dir.path(), "b", &b);
    (dir, vec![ex, a, b])
}

/// Writes the package of `sessions` (`ex`, or `a b`) into `dir/name`.
fn package(dir: &Path, sessions: &[&str], name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["export"];
    args.extend(sessions);
    args.extend([
        "--format",
        "package",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    args.extend(extra);
    run(dir, &args).ok();
    out
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `program args` in `dir`: (exit code, stdout and stderr).
fn exec(program: &Path, args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// A CSV file as rows of named cells (no quoted commas in the columns read).
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = read(path);
    let mut reader = csv_reader(&text);
    let header: Vec<String> = reader.next().unwrap_or_default();
    reader
        .map(|row| header.iter().cloned().zip(row).collect())
        .collect()
}

/// A small CSV reader (quotes, doubled quotes, line breaks inside quotes).
fn csv_reader(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows.into_iter()
}

/// Changes the value of the last rating (in its session's latest round,
/// which the summary reads) to another one of the scale.
fn change_one_rating(pkg: &Path) {
    let path = pkg.join("ratings.csv");
    let text = read(&path);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let last = lines.len() - 1;
    let mut cells: Vec<String> = lines[last].split(',').map(str::to_owned).collect();
    // session,round,participant,role,stage,dimension,value,...
    cells[6] = if cells[6] == "1" {
        "5".into()
    } else {
        "1".into()
    };
    lines[last] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
}

/// The validator finds no error, both scripts reproduce every number, and
/// both exit 1 naming the cell once one rating is changed.
fn validates_and_reproduces(pkg: &Path, test: &str) {
    let Some(venv) = venv(test) else { return };
    let (code, out) = exec(
        &venv.join("bin/frictionless"),
        &["validate", "datapackage.json"],
        pkg,
    );
    assert_eq!(code, Some(0), "frictionless validate:\n{out}");
    assert!(!out.contains("INVALID"), "{out}");
    let python = venv.join("bin/python");
    let (code, out) = exec(&python, &["reproduce.py"], pkg);
    assert_eq!(code, Some(0), "reproduce.py:\n{out}");
    let r = rscript(test);
    if let Some(r) = &r {
        let (code, out) = exec(r, &["reproduce.R"], pkg);
        assert_eq!(code, Some(0), "reproduce.R:\n{out}");
    }
    change_one_rating(pkg);
    let (code, out) = exec(&python, &["reproduce.py"], pkg);
    assert_eq!(code, Some(1), "reproduce.py after a change:\n{out}");
    assert!(
        out.contains("summary.csv") && out.contains("differ"),
        "{out}"
    );
    if let Some(r) = &r {
        let (code, out) = exec(r, &["reproduce.R"], pkg);
        assert_eq!(code, Some(1), "reproduce.R after a change:\n{out}");
        assert!(
            out.contains("summary.csv") && out.contains("differ"),
            "{out}"
        );
    }
}

#[test]
fn the_example_package_validates_and_its_scripts_reproduce_it() {
    let (dir, _) = sessions();
    let pkg = package(dir.path(), &["ex"], "pkg", &["--license", "CC-BY-4.0"]);
    validates_and_reproduces(
        &pkg,
        "the_example_package_validates_and_its_scripts_reproduce_it",
    );
}

#[test]
fn a_two_round_pool_validates_and_its_scripts_reproduce_it() {
    let (dir, _) = sessions();
    let pkg = package(dir.path(), &["a", "b"], "pool", &["--by", "role"]);
    let summary = csv_rows(&pkg.join("summary.csv"));
    assert!(
        summary
            .iter()
            .any(|r| r["rounds"] == "Workshop A r2 + Workshop B r1"),
        "A's round 2 is read"
    );
    assert!(
        summary.iter().any(|r| r["group"] != "all"),
        "--by role adds the roles' rows"
    );
    let participants = csv_rows(&pkg.join("participants.csv"));
    assert!(participants.iter().any(|r| r["participant"] == "A-p01"));
    assert!(participants.iter().any(|r| r["participant"] == "B-p01"));
    validates_and_reproduces(
        &pkg,
        "a_two_round_pool_validates_and_its_scripts_reproduce_it",
    );
}

/// No alias, name, organisation or facilitator in any file: text files as
/// they are, the SVG sources, and the PDFs' text read back; `--names` puts
/// them in (so the search would find them).
#[test]
fn no_name_or_alias_is_anywhere_in_the_package() {
    let (dir, all) = sessions();
    let names = names_of(&all.iter().collect::<Vec<_>>());
    let pdf = pdftotext("no_name_or_alias_is_anywhere_in_the_package");
    for (sessions, name) in [(&["ex"][..], "ex"), (&["a", "b"][..], "pool")] {
        let pkg = package(dir.path(), sessions, name, &["--by", "role", "--notes"]);
        let mut read_pdfs = 0;
        for file in files(&pkg) {
            let text = match file.extension().and_then(|e| e.to_str()) {
                Some("png") => continue,
                Some("pdf") => {
                    let Some(pdf) = &pdf else { continue };
                    read_pdfs += 1;
                    let (code, text) = exec(pdf, &[file.to_str().unwrap_or_default(), "-"], &pkg);
                    assert_eq!(code, Some(0), "{text}");
                    text
                }
                _ => read(&file),
            };
            for n in &names {
                assert!(!text.contains(n.as_str()), "{n} in {}", file.display());
            }
        }
        assert!(
            pdf.is_none() || read_pdfs >= 7,
            "the report and the figures' PDFs were read"
        );
        // The report's PDF does name the pseudonyms: the search reads text.
        if let Some(pdf) = &pdf {
            let (_, text) = exec(pdf, &["report.pdf", "-"], &pkg);
            assert!(text.contains("p01"), "pseudonyms in the report:\n{text}");
        }
    }
    let with = package(dir.path(), &["ex"], "named", &["--names"]);
    assert!(read(&with.join("participants.csv")).contains("ZebulonE Quaxley00"));
}

/// A number as written in the text (`0.86`, `0,86`, `100`), with its decimals.
fn numbers_in(text: &str) -> Vec<(f64, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let after_letter = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if chars[i].is_ascii_digit() && !after_letter {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let mut decimals = 0;
            if i + 1 < chars.len()
                && (chars[i] == '.' || chars[i] == ',')
                && chars[i + 1].is_ascii_digit()
            {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                    decimals += 1;
                }
            }
            let token: String = chars[start..i].iter().collect();
            let value = token.replace(',', ".").parse().unwrap_or(f64::NAN);
            out.push((value, decimals, token));
        } else {
            i += 1;
        }
    }
    out
}

/// Every value the package's tables name, and the counts derived from them.
fn values_of(pkg: &Path) -> Vec<f64> {
    let mut out = Vec::new();
    let number = |s: &str| s.parse::<f64>().ok();
    for table in [
        "summary",
        "rounds",
        "participants",
        "concordance",
        "consensus_rule",
        "bands",
        "ideas",
        "changes",
    ] {
        for row in csv_rows(&pkg.join(format!("{table}.csv"))) {
            for v in row.values().filter_map(|v| number(v)) {
                out.extend([v, v * 100.0]);
            }
        }
    }
    let summary = csv_rows(&pkg.join("summary.csv"));
    let all: Vec<_> = summary.iter().filter(|r| r["group"] == "all").collect();
    let rated: Vec<_> = all.iter().filter(|r| r["n"] != "0").collect();
    let count = |f: &dyn Fn(&BTreeMap<String, String>) -> bool| {
        rated.iter().filter(|r| f(r)).count() as f64
    };
    out.push(rated.len() as f64);
    out.push(count(&|r| r["consensus"] == "true"));
    let dims: HashSet<&str> = all.iter().map(|r| r["dimension"].as_str()).collect();
    let stages: HashSet<&str> = all.iter().map(|r| r["stage"].as_str()).collect();
    out.extend([dims.len() as f64, stages.len() as f64]);
    for d in &dims {
        out.push(count(&|r| r["dimension"] == *d));
        out.push(count(&|r| r["dimension"] == *d && r["consensus"] == "true"));
    }
    // The panel by role and in all.
    let people = csv_rows(&pkg.join("participants.csv"));
    out.push(people.len() as f64);
    let mut roles: BTreeMap<String, usize> = BTreeMap::new();
    for p in &people {
        *roles.entry(p["role"].trim().to_owned()).or_default() += 1;
    }
    out.extend(roles.values().map(|&n| n as f64));
    // Per pair of rounds: cells compared, moved, reached and lost.
    let changes = csv_rows(&pkg.join("changes.csv"));
    let mut pairs: BTreeMap<(String, String), Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for c in &changes {
        pairs
            .entry((c["session"].clone(), c["from_round"].clone()))
            .or_default()
            .push(c);
    }
    for cells in pairs.values() {
        let n = |f: &dyn Fn(&BTreeMap<String, String>) -> bool| {
            cells.iter().filter(|c| f(c)).count() as f64
        };
        out.push(n(&|c| c["n"] != "0"));
        out.push(n(&|c| number(&c["shift"]).is_some_and(|s| s.abs() > 1e-12)));
        out.push(n(&|c| {
            c["to_consensus"] == "true" && c["from_consensus"] == "false"
        }));
        out.push(n(&|c| {
            c["to_consensus"] == "false" && c["from_consensus"] == "true"
        }));
    }
    // The exercises: how many, and the workshop's length in hours and minutes.
    let exercises = csv_rows(&pkg.join("exercises.csv"));
    let mut by_session: BTreeMap<String, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for e in &exercises {
        by_session.entry(e["session"].clone()).or_default().push(e);
    }
    for runs in by_session.values() {
        out.push(runs.len() as f64);
        let minutes = |t: &str| {
            // 2026-03-12T09:00:00Z: minutes since midnight of that day.
            let h: f64 = t[11..13].parse().unwrap_or(0.0);
            let m: f64 = t[14..16].parse().unwrap_or(0.0);
            h * 60.0 + m
        };
        let start = runs
            .iter()
            .map(|r| minutes(&r["started"]))
            .fold(f64::MAX, f64::min);
        let stop = runs
            .iter()
            .filter(|r| !r["stopped"].is_empty())
            .map(|r| minutes(&r["stopped"]))
            .fold(0.0, f64::max);
        let length = stop - start;
        out.extend([(length / 60.0).floor(), length % 60.0]);
    }
    let rounds = csv_rows(&pkg.join("rounds.csv"));
    out.push(
        rounds
            .iter()
            .filter_map(|r| number(&r["round"]))
            .fold(0.0, f64::max),
    );
    out
}

/// The constants the method names (n − 1, R's type 7, p < 0.001).
const METHOD_CONSTANTS: [f64; 3] = [1.0, 7.0, 0.001];

/// Text that quotes the template or the participants, not the numbers:
/// scale anchors (TRL 1-3), ideas, stage, dimension and exercise names.
fn quoted_text(pkg: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for row in csv_rows(&pkg.join("bands.csv")) {
        out.extend([row["anchor_low"].clone(), row["anchor_high"].clone()]);
    }
    for row in csv_rows(&pkg.join("ideas.csv")) {
        out.push(row["text"].clone());
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// Checks that every number of `methods.md` and `results.md` is a value
/// of the package's tables at the precision written.
fn numbers_come_from_the_tables(pkg: &Path) {
    let values = values_of(pkg);
    let quoted = quoted_text(pkg);
    for file in ["methods.md", "results.md"] {
        let mut text = read(&pkg.join(file));
        for q in &quoted {
            text = text.replace(q.as_str(), "");
        }
        // Dates (2026-03-12) and loopshop's version are not statistics.
        let version = env!("CARGO_PKG_VERSION");
        text = text.replace(version, "");
        let text: String = text
            .split(' ')
            .map(|w| {
                if w.len() >= 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
                    ""
                } else {
                    w
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let found = numbers_in(&text);
        assert!(found.len() > 20, "{file} writes numbers:\n{text}");
        for (value, decimals, token) in found {
            let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
            let known = values
                .iter()
                .chain(&METHOD_CONSTANTS)
                .any(|v| ((v * scale).round() / scale - value).abs() < 1e-9);
            assert!(
                known,
                "{file}: {token} is no value of the package's tables\n{text}"
            );
        }
    }
}

#[test]
fn every_number_of_the_methods_and_results_is_one_of_the_tables() {
    let (dir, _) = sessions();
    for (sessions, name, lang) in [
        (&["ex"][..], "en", "en"),
        (&["ex"][..], "sv", "sv"),
        (&["a", "b"][..], "pool-en", "en"),
        (&["a", "b"][..], "pool-sv", "sv"),
    ] {
        let pkg = package(dir.path(), sessions, name, &["--lang", lang]);
        numbers_come_from_the_tables(&pkg);
    }
    // The named numbers, one by one, in the example's English text.
    let pkg = dir.path().join("en");
    let methods = read(&pkg.join("methods.md"));
    let results = read(&pkg.join("results.md"));
    let people = csv_rows(&pkg.join("participants.csv")).len();
    assert!(
        methods.contains(&format!("A panel of {people} participants")),
        "{methods}"
    );
    for r in csv_rows(&pkg.join("rounds.csv")) {
        let rate: f64 = r["response_rate"].parse().unwrap_or(f64::NAN);
        let line = format!(
            "Round {} was answered by {} of {} participants ({:.0} %)",
            r["round"],
            r["answered"],
            r["panel"],
            rate * 100.0
        );
        assert!(methods.contains(&line), "{line}\n{methods}");
    }
    let summary = csv_rows(&pkg.join("summary.csv"));
    let rated = summary.iter().filter(|r| r["n"] != "0").count();
    let agreed = summary
        .iter()
        .filter(|r| r["n"] != "0" && r["consensus"] == "true")
        .count();
    assert!(
        results.contains(&format!(
            "{agreed} of {rated} rated cells reached consensus"
        )),
        "{results}"
    );
    for c in csv_rows(&pkg.join("concordance.csv")) {
        let w: f64 = c["w"].parse().unwrap_or(f64::NAN);
        let line = format!("Kendall's W = {w:.2} (m = {}, χ²({}) =", c["m"], c["df"]);
        assert!(results.contains(&line), "{line}\n{results}");
    }
}

/// The Swedish package asks its catalogue for nothing it lacks, and its
/// texts are not the English ones.
#[test]
fn the_swedish_package_needs_no_english() {
    let s = example_session();
    let opts = loopshop::export::Options::default();
    let render = |lang: &str| {
        loopshop::export::package::render(
            std::slice::from_ref(&s),
            std::slice::from_ref(&s.title),
            Some(lang),
            &opts,
            &loopshop::export::package::PackageOptions::default(),
        )
        .expect("renders")
    };
    let (sv, fallbacks) = loopshop::i18n::record_fallbacks(|| render("sv"));
    assert_eq!(
        fallbacks,
        Vec::<String>::new(),
        "messages the Swedish catalogue lacks"
    );
    let en = render("en");
    let text = |files: &[loopshop::export::package::PackageFile], name: &str| {
        files
            .iter()
            .find(|f| f.path == name)
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_default()
    };
    for name in ["methods.md", "results.md"] {
        let (sv, en) = (text(&sv, name), text(&en, name));
        assert!(!sv.is_empty() && sv != en, "{name}");
        assert!(
            sv.contains("deltagare") || sv.contains("konsensus"),
            "{name} in Swedish:\n{sv}"
        );
    }
}

/// `-o DIR` must be new or empty; the flags are the package's; the licence
/// goes into the descriptor, and without one the README says to choose.
#[test]
fn the_package_folder_and_flags_are_checked() {
    let (dir, _) = sessions();
    let full = dir.path().join("full");
    std::fs::create_dir_all(&full).expect("mkdir");
    std::fs::write(full.join("x.txt"), "x").expect("write");
    let line = run(
        dir.path(),
        &[
            "export",
            "ex",
            "--format",
            "package",
            "-o",
            full.to_str().unwrap_or_default(),
        ],
    )
    .user_error();
    assert!(line.contains("new or empty folder"), "{line}");
    let line = run(dir.path(), &["export", "ex", "--format", "csv", "--names"]).user_error();
    assert!(line.contains("--format package"), "{line}");
    let line = run(dir.path(), &["export", "ex", "--format", "package"]).user_error();
    assert!(line.contains("-o DIR"), "{line}");
    let line = run(
        dir.path(),
        &[
            "export",
            "ex",
            "--format",
            "package",
            "-o",
            "p",
            "--license",
            "not a licence",
        ],
    )
    .user_error();
    assert!(line.contains("not an SPDX licence identifier"), "{line}");

    let licensed = package(dir.path(), &["ex"], "licensed", &["--license", "CC0-1.0"]);
    assert!(read(&licensed.join("datapackage.json")).contains("\"name\": \"CC0-1.0\""));
    assert!(read(&licensed.join("CITATION.cff")).contains("license: \"CC0-1.0\""));
    let unlicensed = package(dir.path(), &["ex"], "unlicensed", &[]);
    assert!(!read(&unlicensed.join("datapackage.json")).contains("licenses"));
    assert!(read(&unlicensed.join("README.md")).contains("No licence has been chosen yet"));
    // Notes only when asked for.
    assert!(!unlicensed.join("notes.csv").exists());
    let noted = package(dir.path(), &["ex"], "noted", &["--notes"]);
    assert!(noted.join("notes.csv").exists());
    assert!(read(&noted.join("datapackage.json")).contains("\"notes.csv\""));
    // Every file the README lists is there, and the figures at both widths.
    for f in [
        "codebook.md",
        "credes.md",
        "reproduce.py",
        "reproduce.R",
        "template.ron",
        "report.pdf",
        "figures/model-85mm.svg",
        "figures/matrix-170mm.png",
        "figures/flow-85mm.pdf",
        "figures/model-170mm.caption.txt",
    ] {
        assert!(unlicensed.join(f).is_file(), "{f}");
    }
}

/// `--out-dir` writes the package as a folder beside the other files.
#[test]
fn out_dir_writes_the_package_too() {
    let (dir, _) = sessions();
    let out = dir.path().join("out");
    run(
        dir.path(),
        &[
            "export",
            "ex",
            "--out-dir",
            out.to_str().unwrap_or_default(),
        ],
    )
    .ok();
    assert!(out.join("ex.csv").is_file());
    assert!(out.join("ex.package/datapackage.json").is_file());
    assert!(out.join("ex.package/reproduce.R").is_file());
    // Again: the folder is refreshed, not refused.
    run(
        dir.path(),
        &[
            "export",
            "ex",
            "--out-dir",
            out.to_str().unwrap_or_default(),
        ],
    )
    .ok();
}

/// The CREDES checklist points to the report's pages, and each page it
/// names holds that section's heading (read back with pdftotext).
#[test]
fn the_checklist_names_the_pages_of_the_report_that_show_each_item() {
    let (dir, _) = sessions();
    let pkg = package(dir.path(), &["a", "b"], "pool", &[]);
    let credes = read(&pkg.join("credes.md"));
    assert_eq!(
        credes.matches("\n| ").count(),
        17,
        "the header and 16 items:\n{credes}"
    );
    assert!(credes.contains("To be completed by the authors"));
    let places: Vec<(usize, String)> = credes
        .split("report.pdf p. ")
        .skip(1)
        .filter_map(|rest| {
            let (page, rest) = rest.split_once(" (")?;
            let (heading, _) = rest.split_once(')')?;
            Some((page.parse().ok()?, heading.to_owned()))
        })
        .collect();
    let headings: HashSet<&str> = places.iter().map(|(_, h)| h.as_str()).collect();
    for h in [
        "Consensus",
        "Timeline",
        "Participants by role",
        "Stability between rounds",
    ] {
        assert!(headings.contains(h), "{h} in\n{credes}");
    }
    let Some(pdf) = pdftotext("the_checklist_names_the_pages_of_the_report_that_show_each_item")
    else {
        return;
    };
    for (page, heading) in places {
        let n = page.to_string();
        let (code, text) = exec(&pdf, &["-f", &n, "-l", &n, "report.pdf", "-"], &pkg);
        assert_eq!(code, Some(0), "{text}");
        assert!(
            text.contains(&heading),
            "page {page} shows {heading}:\n{text}"
        );
    }
}
