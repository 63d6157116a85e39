//! Messages that name the fix, each on one line through the real binary: a
//! missing argument says which and how to give it, a misspelt value lists
//! the valid ones and the closest, a sessions folder that does not exist
//! says how to make one, `-o` named for another format is refused naming
//! both, and a session is found with `.ron` after its name.

use crate::support::cli::{fixture_session, read, run, s, tempdir, write_session};

#[test]
fn a_missing_argument_names_it_and_how_to_give_it() {
    let dir = tempdir();
    let cases: [(&[&str], &str); 6] = [
        (
            &["show"],
            "loopshop show: which session? (loopshop show SESSION; loopshop list shows them)",
        ),
        (
            &["round", "new"],
            "loopshop round new: which session? (loopshop round new SESSION; loopshop list \
             shows them)",
        ),
        (
            &["new"],
            "loopshop new: what title? (loopshop new \"Workshop 1\")",
        ),
        (
            &["import", "s"],
            "loopshop import: which CSV file? (loopshop import SESSION FILE.csv)",
        ),
        (
            &["compare", "a"],
            "loopshop compare: which two sessions? (loopshop compare A B, or one session twice \
             to compare its rounds; loopshop list shows them)",
        ),
        (
            &["template"],
            "loopshop template: which command? (loopshop template list, loopshop template show, \
             loopshop template check; `loopshop template --help` says what each does)",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(run(dir.path(), args).user_error(), expected, "{args:?}");
    }
}

#[test]
fn a_misspelt_value_lists_the_valid_ones_and_the_closest() {
    let dir = tempdir();
    write_session(dir.path(), "s", &fixture_session());
    let line = run(dir.path(), &["export", "s", "--format", "pfd"]).user_error();
    assert_eq!(
        line,
        "loopshop export: unknown format 'pfd': did you mean pdf? formats: csv, summary-csv, \
         json, md, svg-model, svg-matrix, svg-flow, html, pdf, png, join-cards, package (`loopshop \
         export --help` says what each does)"
    );
    let line = run(dir.path(), &["serve", "s", "--roster", "lsited"]).user_error();
    assert!(
        line.starts_with(
            "loopshop serve: unknown roster 'lsited': did you mean listed? roster modes: open, \
             listed, cards, closed"
        ),
        "{line}"
    );
    // Nothing close: the list alone.
    let line = run(dir.path(), &["export", "s", "--format", "tiff"]).user_error();
    assert!(
        line.starts_with("loopshop export: unknown format 'tiff': formats: csv, "),
        "{line}"
    );
    let line = run(dir.path(), &["shwo"]).user_error();
    assert_eq!(
        line,
        "loopshop: unrecognized subcommand 'shwo': did you mean show? (`loopshop --help` lists \
         them)"
    );
    // export --help lists every format with a line each.
    let help = run(dir.path(), &["export", "--help"]).ok().stdout;
    for format in loopshop::export::Format::CHOICES {
        let line = format!("- {}:", format.name());
        assert!(help.contains(&line), "{line} in\n{help}");
    }
}

#[test]
fn a_sessions_folder_that_does_not_exist_says_so_and_how_to_make_one() {
    let dir = tempdir();
    let missing = dir.path().join("nowhere");
    let line = run(&missing, &["show", "workshop-1"]).user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: workshop-1: no such session: the sessions folder {} does not exist \
             (`loopshop new TITLE` makes it with a first session, or `mkdir {}`; --dir DIR or \
             LOOPSHOP_DIR reads another folder)",
            missing.display(),
            missing.display()
        )
    );
    // In a folder that exists, the old message.
    let line = run(dir.path(), &["show", "workshop-1"]).user_error();
    assert!(
        line.contains("workshop-1: no such session (give a path"),
        "{line}"
    );
}

#[test]
fn a_session_is_found_with_ron_after_its_name() {
    let dir = tempdir();
    write_session(dir.path(), "2026-11-29-workshop-1", &fixture_session());
    for name in ["workshop-1.ron", "2026-11-29-workshop-1.ron", "workshop-1"] {
        let r = run(dir.path(), &["show", name]).ok();
        assert!(r.stdout.contains("Fixture"), "{name}: {}", r.stdout);
    }
    let line = run(dir.path(), &["show", "workshop-2.ron"]).user_error();
    assert!(line.contains("workshop-2.ron: no such session"), "{line}");
}

#[test]
fn an_output_named_for_another_format_is_refused_naming_both() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let before = read(&session);
    let jpg = dir.path().join("model.jpg");
    let line = run(
        dir.path(),
        &[
            "export",
            "s",
            "--format",
            "png",
            "--figure",
            "model",
            "-o",
            s(&jpg),
        ],
    )
    .user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: -o {}: a .jpg name, but --format png writes .png (loopshop writes no \
             .jpg): name it {}",
            jpg.display(),
            dir.path().join("model.png").display()
        )
    );
    assert!(!jpg.exists());
    let pdf = dir.path().join("report.pdf");
    let line = run(
        dir.path(),
        &["export", "s", "--format", "md", "-o", s(&pdf)],
    )
    .user_error();
    assert!(
        line.ends_with(&format!(
            "a .pdf name, but --format md writes .md: name it {}, or give --format pdf",
            dir.path().join("report.md").display()
        )),
        "{line}"
    );
    assert!(!pdf.exists());
    let csv = dir.path().join("changes.csv");
    let line = run(dir.path(), &["compare", "s", "s", "-o", s(&csv)]).user_error();
    assert!(
        line.contains("a .csv name, but --format text writes .txt")
            && line.ends_with("or give --format csv"),
        "{line}"
    );
    assert!(!csv.exists());
    // A name of the format, or of none, is written.
    let png = dir.path().join("MODEL.PNG");
    run(
        dir.path(),
        &[
            "export",
            "s",
            "--format",
            "png",
            "--figure",
            "model",
            "-o",
            s(&png),
        ],
    )
    .ok();
    assert!(png.exists());
    assert!(read(&session) == before);
}
