//! `loopshop template show|check` and `new --template`, through the binary,
//! one fixture per valid or invalid template under tests/fixtures/template/.

use crate::support::cli::{self, fixture_files, run, s, sibling, tempdir};
use std::fmt::Write as _;

#[test]
fn template_show_prints_the_default_template_which_checks_clean() {
    let dir = tempdir();
    let shown = run(dir.path(), &["template", "show"]).ok();
    assert_eq!(shown.stdout, loopshop::domain::DEFAULT_TEMPLATE_RON);
    let file = dir.path().join("copy.ron");
    std::fs::write(&file, &shown.stdout).unwrap_or_else(|e| panic!("{e}"));
    let checked = run(dir.path(), &["template", "check", s(&file)]).ok();
    assert!(
        checked
            .stdout
            .contains("ok: 'Circular lithium-ion battery value chain', 9 stages, 5 dimensions"),
        "{}",
        checked.stdout
    );
}

#[test]
fn every_valid_template_fixture_passes_and_can_start_a_session() {
    for file in fixture_files("template/valid", "ron") {
        let dir = tempdir();
        let r = run(dir.path(), &["template", "check", s(&file)]).ok();
        assert!(
            r.stdout.contains(": ok: "),
            "{}: {}",
            file.display(),
            r.stdout
        );
        let sessions = dir.path().join("sessions");
        let created = run(&sessions, &["new", "From template", "--template", s(&file)]).ok();
        let path = cli::printed_path(created.stdout.trim());
        let session = cli::load(&path);
        let expected = loopshop::domain::template_check::parse(
            &std::fs::read_to_string(&file).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(session.template, expected, "{}", file.display());
    }
}

#[test]
fn every_invalid_template_fixture_reports_each_problem_and_exits_1() {
    for file in fixture_files("template/invalid", "ron") {
        let expected = sibling(&file, "err");
        let dir = tempdir();
        let r = run(dir.path(), &["template", "check", s(&file)]);
        assert_eq!(r.code, Some(1), "{}: {}", file.display(), r.stderr);
        r.no_panic();
        assert_eq!(r.stdout, "", "{}", file.display());
        for line in r.stderr.lines() {
            assert!(
                line.starts_with(&format!("loopshop: {}", file.display())),
                "{}: every line names the file: {line}",
                file.display()
            );
        }
        for want in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                r.stderr.lines().any(|l| l.contains(want)),
                "{}: expected a line containing {want:?}, got\n{}",
                file.display(),
                r.stderr
            );
        }
        // One line per problem plus the summary, or one syntax error line.
        let problems = expected
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains(" problem"))
            .count();
        let summary = usize::from(r.stderr.contains("the template is not valid"));
        assert_eq!(
            r.stderr.lines().count(),
            problems + summary,
            "{}: {}",
            file.display(),
            r.stderr
        );

        // `new --template` rejects it the same way and creates nothing.
        let sessions = dir.path().join("sessions");
        let n = run(&sessions, &["new", "Bad", "--template", s(&file)]);
        assert_eq!(n.code, Some(1), "{}", file.display());
        assert_eq!(n.stderr, r.stderr, "{}", file.display());
        assert!(
            !sessions.exists(),
            "{}: a session was created",
            file.display()
        );
    }
}

#[test]
fn a_missing_or_non_utf8_template_file_is_a_one_line_error() {
    let dir = tempdir();
    let missing = dir.path().join("nope.ron");
    let line = run(dir.path(), &["template", "check", s(&missing)]).user_error();
    assert!(line.contains("nope.ron: "), "{line}");
    let latin = dir.path().join("latin.ron");
    std::fs::write(&latin, b"(id: \"caf\xe9\")").unwrap_or_else(|e| panic!("{e}"));
    let line = run(dir.path(), &["template", "check", s(&latin)]).user_error();
    assert!(
        line.ends_with("latin.ron: the file is not UTF-8 text"),
        "{line}"
    );
}

/// Issue 10: a very long stage name passed `template check`, then panicked
/// `show`. The templates with a name of 70,001 characters, one of 68,000
/// columns and names of wide and joined characters go through every
/// command, and every report holds the names whole.
#[test]
fn long_and_wide_stage_names_go_through_every_command() {
    for name in [
        "long_stage_name",
        "long_wide_stage_name",
        "wide_stage_names",
    ] {
        let file = cli::fixtures(&format!("template/valid/{name}.ron"));
        let template = loopshop::domain::template_check::parse(
            &std::fs::read_to_string(&file).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let dir = tempdir();
        let created = run(dir.path(), &["new", "Names", "--template", s(&file)]).ok();
        let path = cli::printed_path(created.stdout.trim());
        let mut csv = String::from("round,participant,stage,dimension,value,comment\n");
        for (i, alias) in ["Ann", "Bo", "Cy"].into_iter().enumerate() {
            for stage in &template.stages {
                for dimension in &template.dimensions {
                    let value = 1 + (i + stage.id.len() + dimension.id.len()) % 5;
                    let _ = writeln!(csv, "1,{alias},{},{},{value},", stage.id, dimension.id);
                }
            }
        }
        let ratings = dir.path().join("ratings.csv");
        std::fs::write(&ratings, csv).unwrap_or_else(|e| panic!("{e}"));
        run(dir.path(), &["import", s(&path), s(&ratings)]).ok();
        let shown = run(dir.path(), &["show", s(&path)]).ok();
        run(dir.path(), &["list"]).ok();
        run(dir.path(), &["compare", s(&path), s(&path)]).ok();
        for format in [
            "csv",
            "summary-csv",
            "json",
            "md",
            "svg-model",
            "svg-matrix",
            "html",
        ] {
            let out = run(dir.path(), &["export", s(&path), "--format", format]);
            // A figure too tall with its key of such names keeps the key
            // in its caption, and says so.
            let moved = "loopshop: at 170 mm the figure holds what fits 1.5 widths";
            assert!(
                out.code == Some(0)
                    && (out.stderr.is_empty()
                        || format.starts_with("svg") && out.stderr.starts_with(moved)),
                "{name}: {format}: {}",
                out.stderr
            );
            if matches!(format, "md" | "html" | "svg-matrix") {
                for stage in &template.stages {
                    // Markdown escapes and XML entities aside, the name is whole.
                    let plain = stage.name.replace('&', "");
                    assert!(
                        out.stdout.replace("&amp;", "").contains(&plain),
                        "{name}: {format} lacks the name of {}",
                        stage.id
                    );
                }
            }
        }
        let all = dir.path().join("all");
        run(dir.path(), &["export", s(&path), "--out-dir", s(&all)]).ok();
        for stage in &template.stages {
            assert!(
                shown.stdout.contains(&stage.name),
                "{name}: show lacks {}",
                stage.id
            );
        }
    }
}
