//! The room's language on the command line, through the binary: `new
//! --lang`, built-in templates by name (`--template`, `template list`,
//! `template show --name`), `export --lang`, and pooling sessions in two
//! languages.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::cli::{
    bin, fixture_session, fixtures, load, printed_path, run, s, tempdir, write_session,
};

fn created(stdout: &str) -> PathBuf {
    let path = printed_path(stdout.trim_end_matches('\n'));
    assert!(
        path.is_file(),
        "printed path {} is not a file",
        path.display()
    );
    path
}

fn swedish_template() -> loopshop::domain::Template {
    let (_, text) = loopshop::domain::builtin_template("default-sv").expect("default-sv");
    loopshop::domain::template_check::parse(text).expect("parses")
}

#[test]
fn template_list_names_the_built_in_templates_and_show_prints_one() {
    let dir = tempdir();
    let list = run(dir.path(), &["template", "list"]).ok().stdout;
    assert!(
        list.contains("default-en") && list.contains("default-sv"),
        "{list}"
    );
    assert!(
        list.contains("Cirkulär värdekedja för litiumjonbatterier"),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("default-sv") && l.contains(" sv ")),
        "{list}"
    );

    let sv = run(dir.path(), &["template", "show", "--name", "default-sv"])
        .ok()
        .stdout;
    assert!(sv.contains("name: \"Prospektering\"") && sv.contains("name: \"Återvinning\""));
    let en = run(dir.path(), &["template", "show"]).ok().stdout;
    assert_eq!(en, loopshop::domain::DEFAULT_TEMPLATE_RON);
    let line = run(dir.path(), &["template", "show", "--name", "default-de"]).user_error();
    assert!(
        line.contains("'default-de'") && line.contains("default-en, default-sv"),
        "{line}"
    );
}

#[test]
fn new_with_lang_sv_picks_the_swedish_template_and_keeps_the_language() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let path = created(
        &run(&sessions, &["new", "Verkstad", "--lang", "sv"])
            .ok()
            .stdout,
    );
    let session = load(&path);
    assert_eq!(session.language, "sv");
    assert_eq!(session.template, swedish_template());
    assert_eq!(session.template.stages[1].name, "Gruvbrytning");

    // A built-in template by name brings its language; --lang wins over it.
    let path = created(
        &run(&sessions, &["new", "B", "--template", "default-sv"])
            .ok()
            .stdout,
    );
    assert_eq!(load(&path).language, "sv");
    let path = created(
        &run(
            &sessions,
            &["new", "C", "--template", "default-sv", "--lang", "en"],
        )
        .ok()
        .stdout,
    );
    let c = load(&path);
    assert_eq!(
        (c.language.as_str(), c.template.stages[0].name.as_str()),
        ("en", "Prospektering")
    );
    // Without either: English and the English default template.
    let path = created(&run(&sessions, &["new", "D"]).ok().stdout);
    let d = load(&path);
    assert_eq!(d.language, "en");
    assert_eq!(d.template, loopshop::domain::default_template());
}

#[test]
fn an_unknown_language_or_template_is_refused_with_the_known_ones() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let line = run(&sessions, &["new", "X", "--lang", "de"]).user_error();
    assert!(
        line.contains("'de'") && line.contains("en (English), sv (svenska)"),
        "{line}"
    );
    let line = run(&sessions, &["new", "X", "--template", "nowhere"]).user_error();
    assert!(
        line.contains("--template nowhere") && line.contains("default-sv"),
        "{line}"
    );
    assert!(!sessions.exists() || std::fs::read_dir(&sessions).map_or(0, Iterator::count) == 0);
    let path = write_session(&sessions, "s", &fixture_session());
    let line = run(
        &sessions,
        &["export", s(&path), "--format", "md", "--lang", "xx"],
    )
    .user_error();
    assert!(
        line.contains("'xx'") && line.contains("sv (svenska)"),
        "{line}"
    );
}

/// A file named like a built-in template, in the working folder, is the
/// template used: an existing path wins over a name.
#[test]
fn an_existing_file_wins_over_a_built_in_name() {
    let dir = tempdir();
    let own = fixtures("template/valid/minimal.ron");
    std::fs::copy(&own, dir.path().join("default-sv")).expect("copy");
    let sessions = dir.path().join("sessions");
    let out = Command::new(bin())
        .current_dir(dir.path())
        .env_remove("LOOPSHOP_DIR")
        .arg("--dir")
        .arg(&sessions)
        .args(["new", "Own", "--template", "default-sv"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = created(&String::from_utf8_lossy(&out.stdout));
    let expected =
        loopshop::domain::template_check::parse(&std::fs::read_to_string(&own).expect("read"))
            .expect("parses");
    let session = load(&path);
    assert_eq!(session.template, expected);
    assert_eq!(session.language, "en", "a file brings no language");
}

fn rated_session(
    language: &str,
    template: loopshop::domain::Template,
) -> loopshop::domain::Session {
    let mut s = loopshop::synthetic::synthetic_session("Study", 6, 7);
    s.template = template;
    language.clone_into(&mut s.language);
    s
}

fn export(dir: &Path, args: &[&str]) -> String {
    run(dir, args).ok().stdout
}

/// CSV, summary CSV and JSON are data: the same bytes whatever the language.
#[test]
fn csv_and_json_exports_are_byte_identical_in_every_language() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let path = write_session(&sessions, "sv", &rated_session("sv", swedish_template()));
    for format in ["csv", "summary-csv", "json"] {
        let en = export(
            &sessions,
            &["export", s(&path), "--format", format, "--lang", "en"],
        );
        let sv = export(
            &sessions,
            &["export", s(&path), "--format", format, "--lang", "sv"],
        );
        let own = export(&sessions, &["export", s(&path), "--format", format]);
        assert!(en.len() > 100, "{format}");
        assert_eq!(en, sv, "{format}");
        assert_eq!(en, own, "{format}");
        assert!(
            !en.contains("\"language\""),
            "{format} says nothing of the language"
        );
    }
    // And the session file itself is untouched by --lang.
    assert_eq!(load(&path).language, "sv");
}

/// A Swedish and an English session of the same study pool and compare:
/// the built-in templates share their ids.
#[test]
fn sessions_in_swedish_and_english_pool_and_compare() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let sv = write_session(&sessions, "sv", &rated_session("sv", swedish_template()));
    let en = write_session(
        &sessions,
        "en",
        &rated_session("en", loopshop::domain::default_template()),
    );
    let ratings = |args: &[&str]| -> u64 {
        let json: serde_json::Value = serde_json::from_str(&export(&sessions, args)).expect("json");
        json["session"]["ratings"].as_u64().expect("ratings")
    };
    let pooled = ratings(&["export", s(&sv), s(&en), "--format", "json"]);
    let one = ratings(&["export", s(&sv), "--format", "json"]);
    assert!(one > 0);
    // The same synthetic people rated both: the later rating of each cell
    // is kept, so the pool has every cell of both and no more.
    assert_eq!(pooled, one);
    run(&sessions, &["compare", s(&sv), s(&en)]).ok();
    run(&sessions, &["show", s(&en), s(&sv)]).ok();
}

#[test]
fn join_cards_follow_the_session_or_lang() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let mut session = fixture_session();
    session.access.card_secret = "ab".repeat(32);
    "sv".clone_into(&mut session.language);
    let path = write_session(&sessions, "cards", &session);
    let url = "http://10.0.0.2:8787/";
    let sv = export(
        &sessions,
        &["export", s(&path), "--format", "join-cards", "--url", url],
    );
    assert!(sv.contains("<html lang=sv>") && sv.contains("Skanna det med telefonens kamera"));
    let en = export(
        &sessions,
        &[
            "export",
            s(&path),
            "--format",
            "join-cards",
            "--url",
            url,
            "--lang",
            "en",
        ],
    );
    assert!(en.contains("<html lang=en>") && en.contains("Scan it with your phone"));
}

/// Reports speak the session's language; `--lang` overrides it for one
/// export; a pool speaks its first session's.
#[test]
fn reports_follow_the_session_lang_and_the_first_of_a_pool() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let sv = write_session(&sessions, "sv", &rated_session("sv", swedish_template()));
    let en = write_session(
        &sessions,
        "en",
        &rated_session("en", loopshop::domain::default_template()),
    );
    let md = |args: &[&str]| export(&sessions, args);
    let swedish = md(&["export", s(&sv), "--format", "md"]);
    assert!(
        swedish.contains("## Figur 2: konceptuell modell"),
        "{swedish}"
    );
    let english = md(&["export", s(&sv), "--format", "md", "--lang", "en"]);
    assert!(english.contains("## Figure 2: conceptual model"));
    assert!(
        english.contains("Gruvbrytning"),
        "the template's words stay"
    );
    let pooled = md(&["export", s(&sv), s(&en), "--format", "md"]);
    assert!(
        pooled.contains("## Figur 2"),
        "the first session's language"
    );
    let pooled = md(&["export", s(&en), s(&sv), "--format", "md"]);
    assert!(pooled.contains("## Figure 2"));
    let pooled = md(&["export", s(&en), s(&sv), "--format", "md", "--lang", "sv"]);
    assert!(pooled.contains("## Figur 2"));
    let svg = md(&["export", s(&sv), "--format", "svg-matrix"]);
    assert!(svg.contains("Medianens nivå"));
}
