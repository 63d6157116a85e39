//! Hostile folders through the real binary (issue 10): links planted beside
//! a session, hard links, read-only files, orphaned and foreign journals,
//! pipes and devices, inputs over the size limit, outputs over side files.
#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::cli::{self, fixture_session, load, read, run, s, tempdir, write_session};
use loopshop::domain::{Change, Participant};
use loopshop::store::side_path;

fn ratings_csv(dir: &Path) -> PathBuf {
    let csv = dir.join("r.csv");
    std::fs::write(
        &csv,
        "round,participant,stage,dimension,value\n1,Ann,use,maturity,2\n",
    )
    .expect("csv");
    csv
}

#[test]
fn a_link_planted_at_a_side_file_is_refused_and_its_target_untouched() {
    for ext in ["journal", "lock", "tmp"] {
        let dir = tempdir();
        let session = write_session(dir.path(), "s", &fixture_session());
        let target = dir.path().join("precious.txt");
        std::fs::write(&target, "precious").expect("write");
        symlink(&target, side_path(&session, ext)).expect("symlink");
        let before = read(&session);
        let line = run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]).user_error();
        assert_eq!(
            line,
            format!(
                "loopshop: {} is a symbolic link; use the file it points to, {}",
                side_path(&session, ext).display(),
                target.canonicalize().expect("real").display()
            ),
            "{ext}"
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
        assert_eq!(read(&session), before, "{ext}");
    }
}

#[test]
fn a_session_reached_through_a_link_is_not_written_and_the_message_names_the_real_file() {
    let dir = tempdir();
    let real = write_session(&dir.path().join("elsewhere"), "real", &fixture_session());
    let link = dir.path().join("s.ron");
    symlink(&real, &link).expect("symlink");
    let before = read(&real);
    let line = run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]).user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: {} is a symbolic link; use the file it points to, {}",
            link.display(),
            real.canonicalize().expect("real").display()
        )
    );
    assert_eq!(read(&real), before);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    // Reading through the link is harmless and still works.
    run(dir.path(), &["show", "s"]).ok();
}

#[test]
fn a_hard_linked_session_cannot_get_a_second_writer() {
    let dir = tempdir();
    let a = write_session(dir.path(), "a", &fixture_session());
    let b = dir.path().join("b.ron");
    std::fs::hard_link(&a, &b).expect("link");
    let before = read(&a);
    for name in ["a", "b"] {
        let path = dir.path().join(format!("{name}.ron"));
        let line = run(dir.path(), &["import", name, s(&ratings_csv(dir.path()))]).user_error();
        assert_eq!(
            line,
            format!(
                "loopshop: {} has 2 names (hard links); a save would split them, so loopshop changes only a session file with one name (copy it to a new name to change it)",
                path.display()
            )
        );
    }
    assert_eq!(read(&a), before);
}

#[test]
fn a_read_only_session_is_refused_and_keeps_its_mode() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = read(&session);
    let line = run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]).user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: {} is read-only; make it writable to change it (`loopshop review` reads it as it is)",
            session.display()
        )
    );
    let mode = std::fs::metadata(&session)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o444);
    assert_eq!(read(&session), before);
    run(dir.path(), &["show", "s"]).ok();
}

#[test]
fn a_save_keeps_the_mode_of_a_private_session() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]).ok();
    let mode = std::fs::metadata(&session)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

/// A journal of another session: one line naming it, then one record.
fn foreign_journal(title: &str) -> String {
    format!(
        "(journal_of:\"2020-01-01T00:00:00Z\",title:\"{title}\")\n\
         (seq:1,at:\"2026-03-12T09:10:00Z\",changes:[AddParticipant((id:\"p03\",alias:\"Mallory\",role:\"\",organisation:\"\"))])\n"
    )
}

#[test]
fn a_journal_of_another_session_is_never_replayed_and_is_set_aside_by_a_writer() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let journal = side_path(&session, "journal");
    std::fs::write(&journal, foreign_journal("Someone else's")).expect("journal");
    let before = read(&session);
    // Readers ignore it and change nothing.
    let r = run(dir.path(), &["show", "s"]).ok();
    assert!(!r.stdout.contains("Mallory"), "{}", r.stdout);
    assert_eq!(read(&session), before);
    assert!(journal.exists());
    // The one writer moves it aside under a name that says why.
    let r = run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let aside = side_path(&journal, "not-this-session");
    assert_eq!(
        r.stderr,
        format!(
            "loopshop: note: a journal that did not belong to this session was moved to {}\n",
            aside.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&aside).expect("kept"),
        foreign_journal("Someone else's")
    );
    let after = load(&session);
    assert!(after.participant_by_alias("Mallory").is_none());
    assert_eq!(after.rating_count(), 1);
}

#[test]
fn an_orphaned_journal_of_an_earlier_version_applies_only_whole() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let journal = side_path(&session, "journal");
    // No identity line; its second record names a participant nobody added.
    std::fs::write(
        &journal,
        "(seq:1,at:\"2026-03-12T09:10:00Z\",changes:[AddParticipant((id:\"p03\",alias:\"Mallory\",role:\"\",organisation:\"\"))])\n\
         (seq:2,at:\"2026-03-12T09:11:00Z\",changes:[ClearRating(participant:\"p77\",round:1,stage:\"use\",dimension:\"maturity\")])\n",
    )
    .expect("journal");
    let r = run(dir.path(), &["show", "s"]).ok();
    assert!(!r.stdout.contains("Mallory"));
    run(dir.path(), &["import", "s", s(&ratings_csv(dir.path()))]);
    assert!(side_path(&journal, "did-not-apply").exists());
    assert!(load(&session).participant_by_alias("Mallory").is_none());
}

#[test]
fn new_never_reuses_a_name_whose_journal_or_lock_is_there() {
    for ext in ["journal", "lock"] {
        let dir = tempdir();
        let first = run(dir.path(), &["new", "Workshop"]).ok();
        let first = PathBuf::from(first.stdout.trim());
        std::fs::remove_file(&first).expect("rm");
        std::fs::write(side_path(&first, ext), foreign_journal("Workshop")).expect("orphan");
        let second = run(dir.path(), &["new", "Workshop"]).ok();
        let second = PathBuf::from(second.stdout.trim());
        assert_ne!(second, first, "{ext}");
        assert!(
            s(&second).ends_with("-workshop-2.ron"),
            "{}",
            second.display()
        );
        assert_eq!(load(&second).participants.len(), 0);
    }
}

#[test]
fn export_never_writes_over_a_session_or_its_side_files() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let other = write_session(dir.path(), "other", &fixture_session());
    let linked = dir.path().join("linked.csv");
    std::fs::hard_link(&other, &linked).expect("link");
    let before = (read(&session), read(&other));
    for (out, why) in [
        (
            side_path(&session, "journal"),
            "a name ending in .journal is kept for loopshop's own files",
        ),
        (
            side_path(&session, "lock"),
            "a name ending in .lock is kept for loopshop's own files",
        ),
        (
            side_path(&session, "tmp"),
            "a name ending in .tmp is kept for loopshop's own files",
        ),
        (other.clone(), "that is the session file itself"),
        (linked.clone(), "that is the session file itself"),
        (
            dir.path().join("new.ron"),
            "a .ron name is kept for session files",
        ),
    ] {
        let line = run(
            dir.path(),
            &["export", "s", "--format", "csv", "-o", s(&out)],
        )
        .user_error();
        assert_eq!(
            line,
            format!(
                "loopshop: {}: {why}; choose another output file",
                out.display()
            )
        );
    }
    assert_eq!((read(&session), read(&other)), before);
    assert!(!side_path(&session, "journal").exists());
}

#[test]
fn a_pipe_or_a_device_is_refused_at_once_without_taking_the_lock() {
    let dir = tempdir();
    write_session(dir.path(), "s", &fixture_session());
    let fifo = dir.path().join("ratings.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for input in [fifo.as_path(), Path::new("/dev/zero")] {
        let started = Instant::now();
        let line = run(dir.path(), &["import", "s", s(input)]).user_error();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(
            line,
            format!(
                "loopshop: {} is not a regular file (a pipe, a device or a folder); give a file",
                input.display()
            )
        );
        let line = run(dir.path(), &["template", "check", s(input)]).user_error();
        assert!(line.contains("is not a regular file"), "{line}");
    }
}

#[test]
fn inputs_over_the_size_limit_are_refused_never_truncated() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let big = dir.path().join("big.csv");
    let mut text = String::from("round,participant,stage,dimension,value\n");
    while text.len() < (3 << 20) {
        text.push_str("1,Ann,use,maturity,2\n");
    }
    std::fs::write(&big, &text).expect("big");
    let before = read(&session);
    let line = run(dir.path(), &["--max-input-mb", "2", "import", "s", s(&big)]).user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: {} is 3 MB, over the 2 MB limit for input files; raise it with --max-input-mb N (or LOOPSHOP_MAX_INPUT_MB) if the file is right",
            big.display()
        )
    );
    assert_eq!(read(&session), before);
    // The session file itself is an input too; the environment sets the limit.
    let out = std::process::Command::new(cli::bin())
        .env("LOOPSHOP_MAX_INPUT_MB", "1")
        .arg("--dir")
        .arg(dir.path())
        .args(["show", s(&big)])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("over the 1 MB limit"), "{stderr}");
}

#[test]
fn aliases_are_unique_ignoring_case_in_the_tidy_import_too() {
    let dir = tempdir();
    let session = write_session(dir.path(), "s", &fixture_session());
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "round,participant,stage,dimension,value\n1,Cy,use,maturity,2\n1,CY,mining,maturity,3\n1,cy,design,maturity,4\n1,ANN,exploration,maturity,5\n",
    )
    .expect("csv");
    run(dir.path(), &["import", "s", s(&csv)]).ok();
    let after = load(&session);
    let aliases: Vec<&str> = after
        .participants
        .iter()
        .map(|p| p.alias.as_str())
        .collect();
    assert_eq!(aliases, ["Ann", "Bo", "Cy"]);
    assert_eq!(after.rating_count(), 4);
    // The domain refuses a second person named alike, whoever asks.
    let mut s2 = fixture_session();
    let err = s2.apply(&Change::AddParticipant(Participant {
        id: "p09".into(),
        alias: "bO".into(),
        role: String::new(),
        organisation: String::new(),
        joined: false,
    }));
    assert!(err.is_err());
}

/// A file of `mb` MiB and a little more: `head`, then `fill` repeated.
fn big_file(path: &Path, head: &str, fill: &str, mb: usize) -> Vec<u8> {
    let mut text = String::from(head);
    while text.len() <= mb << 20 {
        text.push_str(fill);
    }
    std::fs::write(path, &text).expect("big file");
    text.into_bytes()
}

#[test]
fn templates_participants_and_journals_over_the_limit_are_refused_never_truncated() {
    let dir = tempdir();
    let over = |path: &Path| {
        format!(
            "loopshop: {} is 2 MB, over the 1 MB limit for input files; raise it with --max-input-mb N (or LOOPSHOP_MAX_INPUT_MB) if the file is right",
            path.display()
        )
    };
    let template = dir.path().join("big.ron");
    big_file(
        &template,
        "// padding\n",
        "//////////////////////////////\n",
        1,
    );
    let line = run(
        dir.path(),
        &["--max-input-mb", "1", "template", "check", s(&template)],
    )
    .user_error();
    assert_eq!(line, over(&template));
    let sessions = dir.path().join("sessions");
    let line = run(
        &sessions,
        &[
            "--max-input-mb",
            "1",
            "new",
            "T",
            "--template",
            s(&template),
        ],
    )
    .user_error();
    assert_eq!(line, over(&template));
    let people = dir.path().join("people.csv");
    big_file(&people, "alias,role,organisation\n", ",,\n", 1);
    let line = run(
        &sessions,
        &[
            "--max-input-mb",
            "1",
            "new",
            "T",
            "--participants",
            s(&people),
        ],
    )
    .user_error();
    assert_eq!(line, over(&people));
    assert!(!sessions.exists());

    // A journal over the limit: neither replayed in part nor cut.
    let session = write_session(dir.path(), "s", &fixture_session());
    let journal = side_path(&session, "journal");
    let record = "(seq:1,at:\"2026-03-12T09:10:00Z\",changes:[])\n";
    let journal_bytes = big_file(&journal, "", record, 1);
    let before = read(&session);
    for args in [
        vec!["--max-input-mb", "1", "show", "s"],
        vec![
            "--max-input-mb",
            "1",
            "import",
            "s",
            s(&ratings_csv(dir.path())),
        ],
    ] {
        let line = run(dir.path(), &args).user_error();
        assert_eq!(line, over(&journal), "{args:?}");
        assert_eq!(read(&session), before, "{args:?}");
        assert_eq!(read(&journal), journal_bytes, "{args:?}");
    }
}

#[test]
fn a_link_planted_at_an_export_s_temporary_name_is_not_written_through() {
    let dir = tempdir();
    write_session(dir.path(), "s", &fixture_session());
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "precious").expect("write");
    let out = dir.path().join("out.csv");
    symlink(&target, side_path(&out, "tmp")).expect("symlink");
    let line = run(
        dir.path(),
        &["export", "s", "--format", "csv", "-o", s(&out)],
    )
    .user_error();
    assert_eq!(
        line,
        format!(
            "loopshop: {}: is in the way of saving and is not a file loopshop left; move it away",
            side_path(&out, "tmp").display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
    assert!(!out.exists());
}

#[test]
fn a_link_planted_at_a_new_session_s_temporary_name_is_not_written_through() {
    // `new` writes `<file>.<process id>.tmp`: planted for this process,
    // which creates the session through the same store.
    let dir = tempdir();
    let store = loopshop::store::Store::new(dir.path());
    let session = fixture_session();
    let name = format!("{}-fixture.ron", session.created.format("%Y-%m-%d"));
    let planned = dir.path().join(&name);
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "precious").expect("write");
    let tmp = side_path(&planned, &format!("{}.tmp", std::process::id()));
    symlink(&target, &tmp).expect("symlink");
    let e = store.create(&session).map(|p| p.display().to_string());
    assert_eq!(
        e.map_err(|e| e.to_string()),
        Err(format!(
            "{}: is in the way of saving and is not a file loopshop left; move it away",
            tmp.display()
        ))
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
    assert!(!planned.exists());
}

#[test]
fn a_pipe_a_folder_or_a_device_at_a_session_s_path_is_not_a_regular_file() {
    let dir = tempdir();
    let inputs = tempdir();
    let csv = ratings_csv(inputs.path());
    let at = |name: &str| dir.path().join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(at("pipe.ron"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let made = std::process::Command::new("mkfifo")
        .arg(at("2026-03-12-dated-pipe.ron"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::create_dir(at("folder.ron")).expect("mkdir");
    symlink("/dev/null", at("device.ron")).expect("symlink");
    let (pipe, folder) = (at("pipe.ron"), at("folder.ron"));
    let cases = [
        // A slug whose file in the sessions folder is a pipe, a folder, a
        // device (through a link); a dated name that is a pipe.
        ("pipe", at("pipe.ron")),
        ("folder", at("folder.ron")),
        ("device", at("device.ron")),
        ("dated-pipe", at("2026-03-12-dated-pipe.ron")),
        // Paths given as they are.
        (s(&pipe), pipe.clone()),
        (s(&folder), folder.clone()),
        ("/dev/null", PathBuf::from("/dev/null")),
    ];
    for (arg, path) in &cases {
        let commands: [&[&str]; 4] = [
            &["show", arg],
            &["export", arg, "--format", "csv"],
            &["round", "new", arg],
            &["import", arg, s(&csv)],
        ];
        for args in commands {
            // Refused at once: a pipe is never waited on.
            let started = Instant::now();
            let line = run(dir.path(), args).user_error();
            assert!(started.elapsed() < Duration::from_secs(10), "{args:?}");
            assert_eq!(
                line,
                format!(
                    "loopshop: {} is not a regular file (a pipe, a device or a folder); give a file",
                    path.display()
                ),
                "{args:?}"
            );
        }
    }
    // Nothing there at all is still no such session.
    let line = run(dir.path(), &["show", "nothing"]).user_error();
    assert!(line.contains("nothing: no such session"), "{line}");
    // A dated session file is found beside a pipe of the same slug.
    let mut s = fixture_session();
    s.title = "Found".to_owned();
    write_session(dir.path(), "2026-03-13-dated-pipe", &s);
    let r = run(dir.path(), &["show", "dated-pipe"]).ok();
    assert!(r.stdout.contains("Found"), "{}", r.stdout);
}
