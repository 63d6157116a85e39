//! `list`, `show`, `export` and argument handling through the binary.

use crate::support::cli::{as_printed, fixture_session, read, run, s, tempdir, write_session};
use loopshop::synthetic;
use loopshop::text_width::width;
use std::fmt::Write as _;

#[test]
fn list_shows_every_session_and_unreadable_files_with_their_error() {
    let dir = tempdir();
    write_session(dir.path(), "example", &synthetic::example_session());
    write_session(dir.path(), "fixture", &fixture_session());
    std::fs::write(dir.path().join("broken.ron"), "(title: oops").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("notes.txt"), "not a session").unwrap_or_else(|e| panic!("{e}"));
    let r = run(dir.path(), &["list"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(lines[0].starts_with("TITLE "), "{}", lines[0]);
    assert!(
        lines[0].contains("DATE")
            && lines[0].contains("PARTICIPANTS")
            && lines[0].contains("RATINGS")
    );
    let example = lines
        .iter()
        .find(|l| l.starts_with("LIB circular value chain workshop (synthetic example)"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    let cells: Vec<&str> = example
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[1..4], ["2026-03-12", "17", "765"], "{example}");
    assert!(cells[4].ends_with("example.ron"), "{example}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Fixture ") && l.contains(" 2 ") && l.contains(" 0 "))
    );
    assert!(
        lines[3].starts_with("unreadable: ") && lines[3].contains("broken.ron:1:"),
        "{}",
        lines[3]
    );
    // Column alignment: every table line puts FILE at the same place.
    let at = lines[0].find("FILE").unwrap_or(0);
    assert!(lines[1..3].iter().all(|l| l.get(at..).is_some_and(|f| {
        std::path::Path::new(f)
            .extension()
            .is_some_and(|e| e == "ron")
    })));
}

/// The display column where `needle` first starts in `line`.
fn column_of(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|at| width(&line[..at]))
}

/// The display columns where the cells of a table line start: after the
/// line's start or after two spaces or more (cells hold single spaces).
fn cell_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut spaces = 2;
    for (at, c) in line.char_indices() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                starts.push(width(&line[..at]));
            }
            spaces = 0;
        }
    }
    starts
}

/// The lines of `text` from the one after `first` up to the one before
/// the first line starting with `end`.
fn section<'t>(text: &'t str, first: &str, end: &str) -> Vec<&'t str> {
    text.lines()
        .skip_while(|l| *l != first)
        .skip(1)
        .take_while(|l| !l.starts_with(end))
        .collect()
}

/// CJK text takes two columns a character: the columns after a wide title
/// or stage name still line up, in `list` and in `show`'s matrix and model.
#[test]
fn wide_titles_and_stage_names_keep_the_table_columns_aligned() {
    let dir = tempdir();
    let mut wide = synthetic::example_session();
    wide.title = "電池ワークショップ café".into();
    wide.template.stages[1].name = "採掘".into();
    wide.template.stages[6].name = "再利用（リユース）".into();
    write_session(dir.path(), "wide", &wide);
    write_session(dir.path(), "example", &synthetic::example_session());

    let list = run(dir.path(), &["list"]).ok().stdout;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    let folder = s(dir.path());
    for (heading, cell) in [("DATE", "2026-03-12"), ("FILE", folder)] {
        let at = column_of(lines[0], heading);
        assert!(at.is_some(), "{list}");
        for line in &lines[1..] {
            assert_eq!(column_of(line, cell), at, "{heading} in\n{list}");
        }
    }

    let show = run(dir.path(), &["show", "wide"]).ok().stdout;
    let names: Vec<&str> = wide
        .template
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    for (first, end) in [
        ("Rating matrix, round 1", "Legend:"),
        ("Conceptual model, round 1", "x = "),
    ] {
        let rows: Vec<&str> = section(&show, first, end)
            .into_iter()
            .filter(|l| names.iter().any(|n| l.starts_with(n)))
            .collect();
        assert_eq!(rows.len(), names.len(), "{first}:\n{show}");
        let starts = cell_starts(rows[0]);
        assert!(starts.len() >= 6, "{first}:\n{show}");
        for row in &rows {
            assert_eq!(cell_starts(row), starts, "{row:?} in\n{show}");
        }
    }
    // The title's underline is as wide as the title: 9 ideographs, a space
    // and four letters.
    let underlined = format!("{}\n{}\n", wide.title, "=".repeat(2 * 9 + 1 + 4));
    assert!(show.starts_with(&underlined), "{show}");
}

#[test]
fn list_as_json_has_one_object_per_file() {
    let dir = tempdir();
    write_session(dir.path(), "example", &synthetic::example_session());
    std::fs::write(dir.path().join("broken.ron"), "nope").unwrap_or_else(|e| panic!("{e}"));
    let r = run(dir.path(), &["list", "--format", "json"]).ok();
    let v: serde_json::Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    let items = v.as_array().unwrap_or_else(|| panic!("not an array"));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["slug"], "example");
    assert_eq!(items[0]["participants"], 17);
    assert_eq!(items[0]["ratings"], 765);
    assert_eq!(items[0]["created"], "2026-03-12T09:00:00+00:00");
    assert!(
        items[1]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("broken.ron"))
    );
    assert!(
        items[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("broken.ron"))
    );
}

#[test]
fn list_of_an_empty_or_missing_folder_says_so() {
    let dir = tempdir();
    let none = dir.path().join("none");
    let r = run(&none, &["list"]).ok();
    assert_eq!(
        r.stdout,
        format!(
            "no sessions: the sessions folder {} does not exist (`loopshop new TITLE` makes it \
             with a first session, or `mkdir {}`; --dir DIR or LOOPSHOP_DIR reads another \
             folder)\n",
            none.display(),
            none.display()
        )
    );
    let r = run(dir.path(), &["list"]).ok();
    assert!(r.stdout.starts_with("no sessions in "), "{}", r.stdout);
    let r = run(&dir.path().join("none"), &["list", "--format", "json"]).ok();
    assert_eq!(r.stdout.trim(), "[]");
}

#[test]
fn show_summarises_a_session_by_slug_or_path() {
    let dir = tempdir();
    let path = write_session(dir.path(), "example", &synthetic::example_session());
    let by_slug = run(dir.path(), &["show", "example"]).ok();
    // As the binary prints it (with `\` after the folder on Windows), so
    // that both print the same `File:` line.
    let by_path = run(
        dir.path(),
        &["show", &as_printed(dir.path(), "example.ron")],
    )
    .ok();
    assert_eq!(by_slug.stdout, by_path.stdout);
    assert!(path.is_file());
    for needle in [
        "Facilitator:   Synthetic facilitator",
        "Created:       2026-03-12 09:00 UTC",
        "Template:      Circular lithium-ion battery value chain (lib-circular-value-chain): 9 stages, 5 dimensions, 6 exercises, 180 minutes",
        "Participants:  17",
        "  industry (8): Expert 02, Expert 04,",
        "  round 1: started 2026-03-12 09:00 UTC, open, 765 ratings",
        "Ratings:       765 recorded",
        "Technological maturity of each stage [maturity]: 153/153 in round 1 (100%)",
        "Ideas:         10 (41 votes)",
        "Flows:         12",
        "Notes:         4",
        "\nRating matrix, round 1\n",
        "\nConceptual model, round 1\n",
    ] {
        assert!(
            by_slug.stdout.contains(needle),
            "missing {needle:?} in\n{}",
            by_slug.stdout
        );
    }
}

#[test]
fn show_of_a_session_without_ratings_has_no_analysis() {
    let dir = tempdir();
    write_session(dir.path(), "fixture", &fixture_session());
    let r = run(dir.path(), &["show", "fixture"]).ok();
    assert!(
        r.stdout.contains("Ratings:       0 recorded"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Rating matrix"), "{}", r.stdout);
}

#[test]
fn show_and_export_refuse_unknown_and_pool_several_sessions() {
    let dir = tempdir();
    write_session(dir.path(), "a", &synthetic::synthetic_session("A", 4, 1));
    // The same workshop run again with other people: pooled, n doubles.
    let mut other = synthetic::synthetic_session("A", 4, 1);
    for p in &mut other.participants {
        p.alias.push_str(" (workshop 2)");
    }
    write_session(dir.path(), "b", &other);
    let line = run(dir.path(), &["show", "zzz"]).user_error();
    assert_eq!(
        line,
        "loopshop: zzz: no such session (give a path to a .ron file or a slug in the sessions folder)"
    );
    // A folder where the session file would be is no session either, and
    // is named as what it is.
    std::fs::create_dir(dir.path().join("folder.ron")).unwrap_or_else(|e| panic!("{e}"));
    let line = run(dir.path(), &["show", "folder"]).user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: {} is not a regular file (a pipe, a device or a folder); give a file",
            as_printed(dir.path(), "folder.ron")
        )
    );
    let single = run(dir.path(), &["export", "a", "--format", "summary-csv"])
        .ok()
        .stdout;
    let pooled = run(dir.path(), &["export", "a", "b", "--format", "summary-csv"])
        .ok()
        .stdout;
    let n_of = |csv: &str| -> Vec<u64> {
        csv.lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .nth(3)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0)
            })
            .collect()
    };
    let doubled: Vec<u64> = n_of(&single).iter().map(|n| n * 2).collect();
    assert!(doubled.iter().any(|n| *n > 0));
    assert_eq!(n_of(&pooled), doubled);
    let shown = run(dir.path(), &["show", "a", "b"]).ok().stdout;
    assert!(shown.contains("a.ron, "), "{shown}");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(\n  title: 3,\n)").unwrap_or_else(|e| panic!("{e}"));
    let line = run(dir.path(), &["show", "broken"]).user_error();
    assert!(line.contains("broken.ron:2:"), "{line}");
}

#[test]
fn export_writes_stdout_a_file_or_a_folder() {
    let dir = tempdir();
    let session = write_session(dir.path(), "example", &synthetic::example_session());
    let before = read(&session);
    let stdout = run(dir.path(), &["export", "example", "--format", "csv"])
        .ok()
        .stdout;
    assert_eq!(stdout.lines().count(), 766);
    assert_eq!(
        stdout,
        loopshop::export::csv::render(&synthetic::example_session()).unwrap_or_default()
    );
    let file = dir.path().join("out.csv");
    let r = run(
        dir.path(),
        &["export", "example", "--format", "csv", "-o", s(&file)],
    )
    .ok();
    assert_eq!(r.stdout, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), stdout);
    let dash = run(
        dir.path(),
        &["export", "example", "--format", "csv", "-o", "-"],
    )
    .ok();
    assert_eq!(dash.stdout, stdout);
    let out_dir = dir.path().join("reports");
    let r = run(dir.path(), &["export", "example", "--out-dir", s(&out_dir)]).ok();
    // Every format the library renders today, each in <name>.<ext>, nothing else.
    let available = loopshop::export::render_all(
        &synthetic::example_session(),
        loopshop::analysis::RoundChoice::Latest,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!available.is_empty());
    let mut listed = String::new();
    for (format, text) in &available {
        let name = format!("example.{}", format.extension());
        let file = out_dir.join(&name);
        let _ = writeln!(listed, "{}", as_printed(&out_dir, &name));
        // svg2pdf numbers a PDF's fonts and resources in hash-map order:
        // the same report differs from run to run in those names (and so
        // in its compressed streams' sizes), never in its pages.
        let pages = |pdf: &[u8]| {
            String::from_utf8_lossy(pdf)
                .split("/Count ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next().map(str::to_owned))
        };
        let same = |t: Vec<u8>| {
            if *format == loopshop::export::Format::Pdf {
                let ratio = t.len() as f64 / text.len().max(1) as f64;
                t.starts_with(b"%PDF-")
                    && pages(&t).is_some()
                    && pages(&t) == pages(text)
                    && (0.98..=1.02).contains(&ratio)
            } else {
                t == *text
            }
        };
        assert!(std::fs::read(&file).is_ok_and(same), "{}", file.display());
    }
    // Then the research data package, a folder (tests/reports/package.rs).
    let _ = writeln!(listed, "{}", as_printed(&out_dir, "example.package"));
    assert!(out_dir.join("example.package/datapackage.json").is_file());
    assert_eq!(r.stdout, listed);
    assert_eq!(
        std::fs::read_to_string(out_dir.join("example.csv")).unwrap_or_default(),
        stdout
    );
    let names: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(
        names.len(),
        available.len() + 1,
        "no temporary files left (the files and the package): {names:?}"
    );
    // With --format, only that one.
    let one = dir.path().join("one");
    let r = run(
        dir.path(),
        &["export", "example", "--out-dir", s(&one), "--format", "csv"],
    )
    .ok();
    assert_eq!(r.stdout, format!("{}\n", as_printed(&one, "example.csv")));
    assert!(read(&session) == before, "export changed the session");
}

#[test]
fn export_errors_are_one_line() {
    let dir = tempdir();
    let session = write_session(dir.path(), "example", &fixture_session());
    let before = read(&session);
    let line = run(dir.path(), &["export", "example"]).user_error();
    assert_eq!(
        line,
        "loopshop: give --format FORMAT (csv, summary-csv, json, md, svg-model, svg-matrix, svg-flow, html, pdf, png) or --out-dir DIR"
    );
    let line = run(
        dir.path(),
        &["export", "example", "--format", "csv", "-o", s(&session)],
    )
    .user_error();
    // Refused as the session itself, or (where the two paths cannot be
    // compared, as under Wine) for its `.ron` name: either way, one line.
    assert!(
        line.ends_with("that is the session file itself; choose another output file")
            || line.ends_with("a .ron name is kept for session files; choose another output file"),
        "{line}"
    );
    let nowhere = dir.path().join("no/such/dir/out.csv");
    let line = run(
        dir.path(),
        &["export", "example", "--format", "csv", "-o", s(&nowhere)],
    )
    .user_error();
    assert!(line.contains("out.csv: "), "{line}");
    assert!(read(&session) == before);
}

#[test]
fn usage_mistakes_exit_1_and_help_exits_0() {
    let dir = tempdir();
    let r = run(dir.path(), &["frobnicate"]);
    assert_eq!(r.code, Some(1));
    r.no_panic();
    assert!(
        r.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["export", "x", "--format", "tiff"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("unknown format 'tiff'"), "{}", r.stderr);
    let r = run(dir.path(), &["--help"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains("Usage: loopshop"), "{}", r.stdout);
}

#[test]
fn a_session_is_found_by_its_name_without_the_date_and_ambiguity_is_an_error() {
    let dir = tempdir();
    write_session(
        dir.path(),
        "2026-11-29-my-workshop",
        &synthetic::synthetic_session("Mine", 3, 1),
    );
    write_session(
        dir.path(),
        "2026-11-29-my-workshop-2",
        &synthetic::synthetic_session("Second", 3, 2),
    );
    let r = run(dir.path(), &["show", "my-workshop"]).ok();
    assert!(r.stdout.contains("Mine"), "{}", r.stdout);
    assert!(!r.stdout.contains("Second"), "{}", r.stdout);
    let r = run(dir.path(), &["show", "my-workshop-2"]).ok();
    assert!(r.stdout.contains("Second"), "{}", r.stdout);
    // Not a prefix or substring match: only `<date>-<name>.ron`.
    let line = run(dir.path(), &["show", "workshop"]).user_error();
    assert!(line.contains("workshop: no such session"), "{line}");

    write_session(
        dir.path(),
        "2026-12-01-my-workshop",
        &synthetic::synthetic_session("Later", 3, 3),
    );
    let line = run(dir.path(), &["show", "my-workshop"]).user_error();
    assert!(
        line.contains(
            "'my-workshop' matches 2 sessions (2026-11-29-my-workshop.ron, 2026-12-01-my-workshop.ron); give the file name"
        ),
        "{line}"
    );
    // The full file name still works.
    let r = run(dir.path(), &["show", "2026-12-01-my-workshop"]).ok();
    assert!(r.stdout.contains("Later"), "{}", r.stdout);
}

/// The fixture session with round 1: Ann and Bo rate mining maturity 2 and 2,
/// and round 2: 4 and 4.
fn two_round_session() -> loopshop::domain::Session {
    use loopshop::domain::{Change, Round, Score};
    let mut s = fixture_session();
    let rate = |s: &mut loopshop::domain::Session, round: u32, v: u8| {
        for p in ["p01", "p02"] {
            let c = Change::SetRating {
                participant: p.into(),
                round,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(v),
                comment: None,
                at: s.created,
                entered_by: loopshop::domain::EnteredBy::Facilitator,
            };
            s.apply(&c).unwrap_or_else(|e| panic!("{e}"));
        }
    };
    rate(&mut s, 1, 2);
    let r2 = Round {
        number: 2,
        started: s.created,
        blind: false,
        revealed: false,
        absent: Vec::new(),
    };
    s.apply(&Change::StartRound(r2))
        .unwrap_or_else(|e| panic!("{e}"));
    rate(&mut s, 2, 4);
    s
}

#[test]
fn compare_shows_two_rounds_of_one_session() {
    let dir = tempdir();
    write_session(dir.path(), "2026-03-12-delphi", &two_round_session());
    let r = run(
        dir.path(),
        &[
            "compare",
            "delphi",
            "delphi",
            "--round-a",
            "1",
            "--round-b",
            "2",
        ],
    )
    .ok();
    assert!(
        r.stdout
            .starts_with("A: Fixture (round 1)\nB: Fixture (round 2)\n"),
        "{}",
        r.stdout
    );
    let mining: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("Mining") && l.contains("maturity"))
        .collect();
    assert_eq!(mining.len(), 1, "{}", r.stdout);
    assert!(mining[0].starts_with('*'), "{}", mining[0]);
    assert!(
        mining[0].contains("2.0 (n=2)")
            && mining[0].contains("4.0 (n=2)")
            && mining[0].contains("+2.0"),
        "{}",
        mining[0]
    );
    assert!(
        r.stdout
            .contains("1 cells changed (marked *): 1 medians moved"),
        "{}",
        r.stdout
    );

    // Without round options both sides are the latest rated round: no change.
    let same = run(dir.path(), &["compare", "delphi", "delphi"]).ok();
    assert!(
        same.stdout.contains("(round 2)\nB: Fixture (round 2)"),
        "{}",
        same.stdout
    );
    assert!(same.stdout.contains("No change"), "{}", same.stdout);

    let line = run(
        dir.path(),
        &["compare", "delphi", "delphi", "--round-b", "3"],
    )
    .user_error();
    assert_eq!(
        line,
        "loopshop: --round-b: delphi has no round 3 (its rounds: 1, 2)"
    );
}
