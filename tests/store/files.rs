//! Session files: bad files never panic, never get overwritten, and always
//! say where they are broken; newer files are refused; everything
//! round-trips through the compact, readable format.

use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use loopshop::domain::{
    Change, EnteredBy, ExerciseKind, Idea, Note, Participant, RatingEntry, RatingSheet,
    SCHEMA_VERSION, Score, Session, default_template, session_check,
};
use loopshop::store::{self, OpenSession, Store, StoreError, side_path};
use loopshop::synthetic;
use proptest::prelude::*;

/// A small but complete session: every part of the file appears.
fn small_session() -> Session {
    let mut t = default_template();
    t.stages.truncate(2);
    t.dimensions.truncate(2);
    for d in &mut t.dimensions {
        "Q?".clone_into(&mut d.question);
    }
    t.exercises.truncate(2);
    // Still a valid template (sessions load only with one): the second
    // exercise rates both dimensions, which the model draws.
    let dims: Vec<String> = t.dimensions.iter().map(|d| d.id.clone()).collect();
    t.exercises[1].kind = ExerciseKind::Rating {
        dimensions: dims.clone(),
    };
    t.model.x.clone_from(&dims[0]);
    t.model.y.clone_from(&dims[1]);
    t.model.size.clone_from(&dims[0]);
    t.model.colour.clone_from(&dims[1]);
    t.technologies.truncate(1);
    t.flow_nodes.truncate(1);
    "d".clone_into(&mut t.description);
    for s in &mut t.stages {
        s.description = String::new();
    }
    for e in &mut t.exercises {
        "i".clone_into(&mut e.instructions);
    }
    let now = Utc
        .with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .expect("date");
    let mut s = Session::new("Small \"one\"", "Fac", t, now);
    for (id, alias) in [("p01", "Ann"), ("p02", "Bo")] {
        s.participants.push(Participant {
            id: id.to_owned(),
            alias: alias.to_owned(),
            role: "industry".to_owned(),
            organisation: String::new(),
            joined: false,
        });
    }
    let stages: Vec<String> = s.template.stages.iter().map(|x| x.id.clone()).collect();
    let dims: Vec<String> = s.template.dimensions.iter().map(|x| x.id.clone()).collect();
    for p in ["p01", "p02"] {
        let mut entries = Vec::new();
        for (i, st) in stages.iter().enumerate() {
            for (j, d) in dims.iter().enumerate() {
                let score = if i + j == 1 {
                    Score::DontKnow
                } else {
                    Score::Value(3)
                };
                let comment = (j == 0).then(|| format!("{p}: a \"quote\", x=y@z\nline 2"));
                entries.push(RatingEntry {
                    stage: st.into(),
                    dimension: d.into(),
                    score,
                    offset_seconds: 60,
                    comment,
                    entered_by: EnteredBy::Facilitator,
                });
            }
        }
        s.ratings.push(RatingSheet {
            participant: p.to_owned(),
            round: 1,
            entries,
        });
    }
    s.ideas.push(Idea {
        id: 1,
        stage: stages[0].clone(),
        technologies: vec![s.template.technologies[0].id.clone()],
        text: "idea".to_owned(),
        author: Some("p01".to_owned()),
        votes: vec!["p02".to_owned()],
    });
    s.notes.push(Note {
        id: 1,
        at: now,
        exercise: None,
        text: "note".to_owned(),
    });
    s
}

fn write_new(dir: &Path, s: &Session) -> PathBuf {
    Store::new(dir).create(s).expect("create")
}

/// `path:line:col: ` at the start of an error message.
fn has_position(msg: &str, path: &Path) -> bool {
    let Some(rest) = msg.strip_prefix(&format!("{}:", path.display())) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().and_then(|x| x.parse::<usize>().ok());
    let col = parts.next().and_then(|x| x.parse::<usize>().ok());
    line.is_some_and(|l| l >= 1) && col.is_some_and(|c| c >= 1) && parts.next().is_some()
}

#[test]
fn a_truncated_file_fails_with_its_position_and_is_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = small_session();
    let path = write_new(dir.path(), &original);
    let full = std::fs::read(&path).expect("read");
    assert!(full.len() > 1000, "the sample should be a real file");
    let mut loaded = 0;
    for cut in 0..full.len() {
        let bytes = &full[..cut];
        std::fs::write(&path, bytes).expect("write");
        match store::load(&path) {
            Ok(s) => {
                assert!(
                    full[cut..].iter().all(u8::is_ascii_whitespace),
                    "cut at {cut} loaded"
                );
                assert_eq!(s, original);
                loaded += 1;
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(has_position(&msg, &path), "cut at {cut}: {msg}");
            }
        }
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "load wrote");
        // Open is stricter still: it must fail the same way and write nothing.
        match OpenSession::open(&path) {
            Ok(o) => assert_eq!(o.session(), &original),
            Err(e) => assert!(has_position(&e.to_string(), &path), "{e}"),
        }
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "open wrote");
        assert!(!side_path(&path, "journal").exists());
    }
    assert!(loaded >= 1, "the complete file must load");
}

#[test]
fn garbage_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.ron");
    let good = store::to_ron(&small_session()).expect("ron");
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        vec![0xff, 0xfe, 0x00],
        good.replace("entries: [", "entries: [\"mining maturity\",")
            .into_bytes(),
        good.replace("=3@60", "=3@x").into_bytes(),
        good.replace("@60/f*", "@60/f").into_bytes(),
        good.replacen('(', "[", 1).into_bytes(),
        format!("{good}\u{0}").into_bytes(),
    ];
    for bytes in cases {
        std::fs::write(&path, &bytes).expect("write");
        let err = store::load(&path).expect_err("must fail");
        assert!(has_position(&err.to_string(), &path), "{err}");
        assert!(OpenSession::open(&path).is_err());
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
    }
}

#[test]
fn a_newer_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = store::to_ron(&small_session()).expect("ron");
    let current = format!("schema_version: {SCHEMA_VERSION},");
    assert!(good.contains(&current));
    let newer = good.replace(&current, "schema_version: 99,");
    // A newer file may also not parse with this build's types.
    let unparsable = newer.replace("kind: Briefing", "kind: Hologram(3)");
    assert_ne!(unparsable, newer);
    for (i, text) in [newer, unparsable].into_iter().enumerate() {
        let path = dir.path().join(format!("newer-{i}.ron"));
        std::fs::write(&path, &text).expect("write");
        let err = store::load(&path).expect_err("newer");
        assert!(
            matches!(err, StoreError::NewerVersion { found: 99, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("newer loopshop"), "{err}");
        let err = OpenSession::open(&path).expect_err("newer");
        assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
    // The same unknown variant in a current file is a plain parse error.
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, good.replace("kind: Briefing", "kind: Hologram(3)")).expect("write");
    let err = store::load(&path).expect_err("bad");
    assert!(has_position(&err.to_string(), &path), "{err}");
}

#[test]
fn create_never_overwrites_and_writes_readable_rating_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = synthetic::example_session();
    let first = write_new(dir.path(), &s);
    let before = std::fs::read(&first).expect("read");
    let second = write_new(dir.path(), &s);
    assert_ne!(first, second);
    assert_eq!(std::fs::read(&first).expect("read"), before);
    assert_eq!(store::load(&second).expect("load"), s);
    let text = String::from_utf8(before).expect("utf8");
    // One line per participant, round and stage.
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("\"mining: circularity_impact="))
        .expect("a rating line");
    assert_eq!(line.matches('@').count(), 5, "{line}");
    let listed = Store::new(dir.path()).list().expect("list");
    assert_eq!(listed.iter().filter(|r| r.is_ok()).count(), 2);
}

#[test]
fn a_big_import_is_one_commit_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = synthetic::synthetic_session("import", 120, 7);
    let mut empty = full.clone();
    empty.ratings.clear();
    let changes: Vec<Change> = full
        .ratings_iter()
        .map(|r| Change::SetRating {
            participant: r.participant.to_owned(),
            round: r.round,
            stage: r.stage.to_owned(),
            dimension: r.dimension.to_owned(),
            score: r.score,
            comment: r.comment.map(str::to_owned),
            at: r.recorded_at,
            entered_by: loopshop::domain::EnteredBy::Facilitator,
        })
        .collect();
    assert_eq!(changes.len(), 120 * 45);
    let path = write_new(dir.path(), &empty);
    let mut open = OpenSession::open(&path).expect("open");
    let now = full.updated + Duration::hours(1);
    open.commit_all(&changes, now).expect("saved");
    assert!(open.is_saved());
    let loaded = store::load(&path).expect("load");
    assert_eq!(&loaded, open.session());
    assert_eq!(loaded.ratings, full.ratings);
    assert_eq!(loaded.journal_seq, 1);
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ =@*%:\"\\\\\n\t#a-z]{0,12}".prop_map(|s| s),
        Just(String::new()),
    ]
}

fn score() -> impl Strategy<Value = Score> {
    prop_oneof![any::<u8>().prop_map(Score::Value), Just(Score::DontKnow)]
}

fn entry() -> impl Strategy<Value = RatingEntry> {
    (
        prop_oneof![Just("mining".to_owned()), text()],
        prop_oneof![Just("maturity".to_owned()), text()],
        score(),
        any::<i64>(),
        proptest::option::of(text()),
        proptest::sample::select(EnteredBy::ALL.to_vec()),
    )
        .prop_map(
            |(stage, dimension, score, offset_seconds, comment, entered_by)| RatingEntry {
                stage: stage.into(),
                dimension: dimension.into(),
                score,
                offset_seconds,
                comment,
                entered_by,
            },
        )
}

fn sheet() -> impl Strategy<Value = RatingSheet> {
    (
        text(),
        any::<u32>(),
        proptest::collection::vec(entry(), 0..8),
    )
        .prop_map(|(participant, round, entries)| RatingSheet {
            participant,
            round,
            entries,
        })
}

proptest! {
    #![proptest_config(crate::support::proptest_config(96))]

    #[test]
    fn sessions_round_trip_through_the_file(
        title in text(),
        facilitator in text(),
        note in text(),
        sheets in proptest::collection::vec(sheet(), 0..5),
        seq in any::<u64>(),
    ) {
        let mut s = small_session();
        s.title = title;
        s.facilitator = facilitator;
        s.notes[0].text = note;
        s.ratings = sheets;
        s.journal_seq = seq;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.ron");
        let text = store::to_ron(&s).expect("ron");
        std::fs::write(&path, &text).expect("write");
        // Any session survives the file's syntax exactly...
        let parsed: Session = ron::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&parsed, &s);
        // ...and loads when, and only when, it makes sense.
        match session_check::check(&s) {
            Ok(()) => {
                let back = store::load(&path).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
                prop_assert_eq!(&back, &s);
                prop_assert_eq!(store::to_ron(&back).expect("ron"), text);
            }
            Err(problem) => {
                let refused = matches!(store::load(&path), Err(StoreError::Invalid { problem: p, .. }) if *p == problem);
                prop_assert!(refused, "{problem}");
            }
        }
    }
}

#[test]
fn files_in_the_earlier_tuple_form_still_load() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/earlier-tuple-form.ron"
    ));
    let text = std::fs::read_to_string(path).expect("fixture");
    assert!(
        text.contains("(\"mining\", \"maturity\", Value("),
        "fixture form"
    );
    let s = store::load(path).expect("loads");
    assert_eq!(s.rating_count(), 17 * 45);
    let p01 = s
        .rating("p01", 1, "exploration", "circularity_impact")
        .expect("rated");
    assert_eq!((p01.score(), p01.offset_seconds()), (Score::Value(1), 3625));
    // Saved again, it is in the compact form and loads back the same.
    let dir = tempfile::tempdir().expect("tempdir");
    let again = dir.path().join("again.ron");
    let compact = store::to_ron(&s).expect("ron");
    assert!(!compact.contains("Value("));
    std::fs::write(&again, compact).expect("write");
    assert_eq!(store::load(&again).expect("load"), s);
    // A broken old file still reports where.
    let broken = text.replacen("Value(1), 3625", "Value(1), x3625", 1);
    std::fs::write(&again, broken).expect("write");
    let err = store::load(&again).expect_err("broken");
    let line = text[..text.find("Value(1), 3625").expect("there")]
        .lines()
        .count();
    assert!(
        err.to_string()
            .starts_with(&format!("{}:{line}:", again.display())),
        "{err} should point at line {line}"
    );
}

/// A file and a journal written by schema 1 (before who entered a rating
/// was recorded): the journal replays, the ratings read as "unknown", and
/// the first write stores the file as the current version.
#[test]
fn a_schema_1_file_and_its_journal_load_and_are_rewritten_in_the_current_version() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::copy(format!("{fixtures}/schema-1.ron"), &path).expect("copy");
    std::fs::copy(
        format!("{fixtures}/schema-1.ron.journal"),
        dir.path().join("old.ron.journal"),
    )
    .expect("copy journal");
    let s = store::load(&path).expect("schema 1 loads");
    let replayed = s.rating("p01", 1, "mining", "maturity").expect("replayed");
    assert_eq!(replayed.score, Score::Value(5));
    assert_eq!(replayed.comment(), Some("written by version 1"));
    assert!(s.ratings_iter().all(|r| r.entered_by == EnteredBy::Unknown));
    let open = OpenSession::open(&path).expect("open");
    open.close().expect("close");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.contains(&format!("schema_version: {SCHEMA_VERSION},")),
        "{}",
        &text[..80]
    );
    assert!(text.contains("maturity=5@12600*"), "unknown writes no mark");
    assert_eq!(store::load(&path).expect("reload"), s);
}

/// A schema 3 file (with a join code, a board key and a joined device, but
/// no card secret): it loads as it is, and opening it for facilitation
/// gives it the card secret its join cards are derived from, written in
/// the current schema with everything else kept.
#[test]
fn a_schema_3_file_loads_and_gets_its_card_secret_when_first_opened_for_writing() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-3.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 3,") && !text.contains("card_secret"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 3 loads");
    assert_eq!(s.access.join_code, "KQ7WMX");
    assert_eq!(s.access.devices.len(), 1);
    assert!(s.access.card_secret.is_empty());
    assert!(s.access.card_generations.is_empty());
    assert_eq!(s.rating_count(), 3);

    // Facilitation (the engine) gives it its card secret, kept on disk.
    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    let secret = engine.session().access.card_secret.clone();
    assert_eq!(secret.len(), 64);
    engine.close().expect("close");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert_eq!(SCHEMA_VERSION, 11);
    let written = store::load(&path).expect("reload");
    assert_eq!(written.ratings, s.ratings);
    assert_eq!(written.access.card_secret, secret);
    assert_eq!(written.access.devices, s.access.devices);
    let again = loopshop::engine::Engine::open(&path).expect("again");
    assert_eq!(again.session().access.card_secret, secret, "made once");
}

/// A schema 5 file (card secret and generations, no language): it loads in
/// English, the default; its first write (here the room's language set to
/// Swedish while facilitating) writes it in the current schema with the
/// language and everything else kept.
#[test]
fn a_schema_5_file_loads_in_english_and_is_written_in_the_current_version() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-5.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 5,") && !text.contains("language"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 5 loads");
    assert_eq!(s.language, "en");
    assert_eq!(s.access.card_generations.get("p02"), Some(&1));
    assert_eq!(s.timebox_extra.get("maturity"), Some(&5));
    assert_eq!(s.rating_count(), 3);

    let mut engine = loopshop::engine::Engine::open(&path).expect("engine");
    assert_eq!(engine.session().access.card_secret, s.access.card_secret);
    engine
        .apply(
            &loopshop::engine::Actor::Facilitator,
            loopshop::engine::Intent::SetLanguage("sv".to_owned()),
            chrono::Utc::now(),
        )
        .expect("set the language");
    engine.close().expect("close");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert!(text.contains("language: \"sv\","), "{}", &text[..300]);
    let written = store::load(&path).expect("reload");
    assert_eq!(written.language, "sv");
    assert_eq!(written.ratings, s.ratings);
    assert_eq!(written.access, s.access);
    assert_eq!(written.timebox_extra, s.timebox_extra);
}

/// A language that is not a language code is refused on load, naming it.
#[test]
fn a_session_file_with_a_malformed_language_is_refused() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-5.ron"
    );
    let text = std::fs::read_to_string(fixture)
        .expect("fixture")
        .replacen("schema_version: 5,", "schema_version: 6,", 1)
        .replacen(
            "anonymous: false,",
            "anonymous: false,\n  language: \"Svenska!\",",
            1,
        );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, &text).expect("write");
    let e = store::load(&path).expect_err("refused").to_string();
    assert!(e.contains("'Svenska!' is not a language code"), "{e}");
}

/// A schema 6 file (no quadrant labels in its template): it loads, and its
/// first write writes it in the current schema with everything kept.
#[test]
fn a_schema_6_file_loads_and_is_written_in_the_current_version() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-6.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 6,") && !text.contains("quadrants"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 6 loads");
    assert_eq!(s.language, "sv");
    assert!(s.template.model.quadrants.is_none());
    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    write_a_note_and_close(engine);
    let written = store::load(&path).expect("reload");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert_eq!(written.ratings, s.ratings);
    assert_eq!(written.template, s.template);
    assert_eq!(written.language, "sv");
}

/// A schema 7 file: `roster_open: false` reads as the `closed` roster, the
/// first write stores schema 8's `roster` and drops `roster_open`, and an
/// old journal's `SetRosterOpen` still replays.
#[test]
fn a_schema_7_file_loads_with_its_roster_and_is_written_in_the_current_version() {
    use loopshop::domain::{Change, RosterMode};
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-7.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 7,") && text.contains("roster_open: false"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 7 loads");
    assert_eq!(s.access.roster, Some(RosterMode::Closed));
    assert!(
        s.participants.iter().all(|p| !p.joined),
        "everyone is listed"
    );

    // A journal of schema 7 opened the roster again: it replays as `open`.
    let journal = format!(
        "(journal_of:\"2026-03-12T09:00:00Z\",title:\"Fixture\")\n\
         (seq:2,at:\"2026-03-12T10:05:00Z\",changes:[{}])\n",
        ron::to_string(&Change::SetRosterOpen(true)).expect("ron")
    );
    std::fs::write(store::side_path(&path, "journal"), journal).expect("journal");
    let replayed = store::load(&path).expect("reload");
    assert_eq!(replayed.access.roster, Some(RosterMode::Open));

    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    engine.close().expect("close");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert!(text.contains("roster: Some(open)"), "{text}");
    assert!(
        !text.contains("roster_open"),
        "the old field is not written"
    );
    let written = store::load(&path).expect("reload");
    assert_eq!(written.ratings, s.ratings);
    assert_eq!(written.access.devices, s.access.devices);
}

/// A schema 8 file (no record of the phones' server): it loads with none
/// and is written in the current version with everything kept.
#[test]
fn a_schema_8_file_loads_and_is_written_in_the_current_version() {
    use loopshop::domain::RosterMode;
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-8.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 8,") && !text.contains("server"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 8 loads");
    assert_eq!(s.access.roster, Some(RosterMode::Closed));
    assert_eq!(s.access.server, None);
    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    assert_eq!(engine.server_left_running(), None, "no unexpected stop");
    write_a_note_and_close(engine);
    let written = store::load(&path).expect("reload");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert_eq!(written.ratings, s.ratings);
    assert_eq!(written.access.roster, Some(RosterMode::Closed));
}

/// A schema 9 file (no outlier margin in its consensus rule, the phones'
/// server left running): the margin reads as one scale point, the server as
/// an unexpected stop, and the first write stores the current version.
#[test]
fn a_schema_9_file_loads_with_the_default_outlier_margin() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-9.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 9,") && !text.contains("outlier_margin"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 9 loads");
    assert!((s.template.consensus.outlier_margin - 1.0).abs() < f64::EPSILON);
    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    assert_eq!(
        engine.server_left_running(),
        Some("127.0.0.1:8787".parse().expect("addr"))
    );
    write_a_note_and_close(engine);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert!(text.contains("outlier_margin: 1.0"), "written out");
}

/// A schema 10 file (the example session before prompts): its exercises
/// have no participants' `prompt`, and the first write stores the current
/// version.
#[test]
fn a_schema_10_file_loads_without_prompts() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store/schema-10.ron"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    assert!(text.contains("schema_version: 10,") && !text.contains("prompt"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &text).expect("copy");
    let s = store::load(&path).expect("schema 10 loads");
    assert!(s.template.exercises.iter().all(|e| e.prompt.is_none()));
    let ratings = s.rating_count();
    let engine = loopshop::engine::Engine::open(&path).expect("engine");
    write_a_note_and_close(engine);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("schema_version: {SCHEMA_VERSION},")));
    assert!(!text.contains("prompt"), "no prompt is made up");
    assert_eq!(store::load(&path).expect("reload").rating_count(), ratings);
}

/// The first write (a note) stores an older file in the current version;
/// then the session is closed.
fn write_a_note_and_close(mut engine: loopshop::engine::Engine) {
    let note = loopshop::engine::Intent::Note {
        text: "rewritten".to_owned(),
    };
    engine
        .apply(
            &loopshop::engine::Actor::Facilitator,
            note,
            chrono::Utc::now(),
        )
        .expect("a note");
    engine.close().expect("close");
}
