//! Mutated inputs, many of them, in the normal suite (issue 10): valid
//! session, journal, template and CSV files are mutated with a fixed seed
//! and fed to the commands, in-process through `loopshop::cli::dispatch`
//! (the binary's entry point, output captured) and a few hundred times
//! through the real binary. Nothing may panic or hang, a read-only command
//! may change no file, and no escape byte may reach the terminal.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use loopshop::cli::{Cli, capture, dispatch, error_line};
use loopshop::domain::{Change, EnteredBy, Score};

/// Per case, in-process: generous for a debug build on a busy machine.
const CASE_LIMIT: Duration = Duration::from_secs(5);
const ESC: u8 = 0x1b;

/// splitmix64: small, fixed-seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// Bits that make files interesting: escapes, brackets, big numbers, ids.
const TOKENS: &[&str] = &[
    "\u{1b}[2J",
    "\u{1b}]52;c;aGk=\u{7}",
    "\\u{1b}]0;t\\u{7}",
    "\u{feff}",
    "\u{fffe}",
    "\"",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\n",
    "255",
    "-1",
    "9223372036854775807",
    "entries: [\"use: maturity=9@1\"],",
    "participant: \"p09\",",
    "weight: 1,",
    "?",
    "=",
    "@",
    "*",
    "%ZZ",
    "'=1+1",
    "(journal_of:\"2020-01-01T00:00:00Z\",title:\"x\")\n",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 | 2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn base_session() -> Vec<u8> {
    std::fs::read(crate::support::cli::fixtures("session/valid/base.ron")).expect("base")
}

/// A journal of the base session: its identity, then three records.
fn base_journal() -> Vec<u8> {
    let mut text = String::from("(journal_of:\"2026-03-12T09:00:00Z\",title:\"Fixture\")\n");
    for (seq, stage) in [(2, "design"), (3, "production"), (4, "reuse")] {
        let change = Change::SetRating {
            participant: "p02".into(),
            round: 1,
            stage: stage.into(),
            dimension: "maturity".into(),
            score: Score::Value(2),
            comment: Some("from the journal".into()),
            at: loopshop::synthetic::epoch(),
            entered_by: EnteredBy::Facilitator,
        };
        let changes = ron::to_string(&[change]).expect("ron");
        let _ = writeln!(
            text,
            "(seq:{seq},at:\"2026-03-12T10:05:00Z\",changes:{changes})"
        );
    }
    text.into_bytes()
}

fn base_csv() -> Vec<u8> {
    b"session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by\n\
Fixture,1,Ann,industry,mining,maturity,2,\"a, b\",2026-03-12T10:00:00Z,facilitator\n\
Fixture,1,Cy,academia,use,circularity_impact,,,2026-03-12T10:01:00Z,device\n\
Fixture,1,Bo,academia,design,carbon_footprint,5,'=1+1,,import\n"
        .to_vec()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Runs one command in-process; returns what reached the terminal.
fn in_process(dir: &Path, args: &[&str]) -> Vec<u8> {
    let cli = Cli::try_parse_from(
        ["loopshop", "--dir", dir.to_str().expect("utf8")]
            .iter()
            .chain(args),
    )
    .expect("valid command line");
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| capture(|| dispatch(cli))));
    let elapsed = started.elapsed();
    let Ok((result, captured)) = outcome else {
        panic!("panic running {args:?} in {}", dir.display());
    };
    assert!(elapsed < CASE_LIMIT, "{args:?} took {elapsed:?}");
    let mut shown = captured.stdout;
    shown.extend(captured.stderr);
    if let Err(e) = result {
        let line = error_line(&e);
        assert!(!line.contains('\n'), "a message of several lines: {line}");
        shown.extend(line.into_bytes());
    }
    shown
}

/// Read-only commands on a folder: nothing panics, nothing changes, and no
/// escape byte is printed.
fn read_only_commands_hold(dir: &Path) {
    let before = snapshot(dir);
    for args in [
        &["show", "s"][..],
        &["list"],
        &["compare", "s", "s"],
        &["export", "s", "--format", "md"],
    ] {
        let shown = in_process(dir, args);
        if args[0] != "export" {
            assert!(!shown.contains(&ESC), "escape byte from {args:?}");
        }
    }
    assert!(
        snapshot(dir) == before,
        "a read-only command changed a file"
    );
}

#[test]
fn thousands_of_mutated_files_in_process() {
    let mut rng = Rng(0x1005_u64);
    let session = base_session();
    let journal = base_journal();
    let template = loopshop::domain::DEFAULT_TEMPLATE_RON.as_bytes().to_vec();
    let csv = base_csv();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.ron");
    let side = dir.path().join("s.ron.journal");
    let input = dir.path().join("in.txt");
    let mut cases = 0;
    for round in 0..1500 {
        // Sessions, then sessions with a mutated journal beside them.
        let _ = std::fs::remove_file(&side);
        std::fs::write(&path, mutate(&mut rng, &session)).expect("write");
        if round % 3 == 0 {
            std::fs::write(&path, &session).expect("write");
            std::fs::write(&side, mutate(&mut rng, &journal)).expect("write");
        }
        read_only_commands_hold(dir.path());
        cases += 1;
    }
    let _ = std::fs::remove_file(&side);
    for _ in 0..600 {
        std::fs::write(&input, mutate(&mut rng, &template)).expect("write");
        let shown = in_process(
            dir.path(),
            &["template", "check", input.to_str().expect("utf8")],
        );
        assert!(!shown.contains(&ESC));
        cases += 1;
    }
    for _ in 0..900 {
        std::fs::write(&path, &session).expect("write");
        std::fs::write(&input, mutate(&mut rng, &csv)).expect("write");
        let before = std::fs::read(&path).expect("read");
        let shown = in_process(dir.path(), &["import", "s", input.to_str().expect("utf8")]);
        assert!(!shown.contains(&ESC));
        // All or nothing: a refused import leaves the file as it was.
        if !shown.starts_with(b"imported") {
            assert_eq!(std::fs::read(&path).expect("read"), before);
        }
        cases += 1;
    }
    assert!(cases >= 3000);
    eprintln!(
        "{cases} mutated files in-process in {:?}",
        started.elapsed()
    );
}

/// Runs the binary with a deadline; a hang fails the test.
fn binary(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut child = Command::new(crate::support::cli::bin())
        .env_remove("LOOPSHOP_DIR")
        .env("RUST_BACKTRACE", "0")
        .arg("--dir")
        .arg(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{args:?} hung in {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().expect("output");
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn hundreds_of_mutated_files_through_the_binary() {
    let mut rng = Rng(0x0010_ca11);
    let session = base_session();
    let journal = base_journal();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.ron");
    let side = dir.path().join("s.ron.journal");
    for round in 0..100 {
        let _ = std::fs::remove_file(&side);
        if round % 2 == 0 {
            std::fs::write(&path, mutate(&mut rng, &session)).expect("write");
        } else {
            std::fs::write(&path, &session).expect("write");
            std::fs::write(&side, mutate(&mut rng, &journal)).expect("write");
        }
        let before = snapshot(dir.path());
        for args in [&["show", "s"][..], &["list"], &["compare", "s", "s"]] {
            let (code, stdout, stderr) = binary(dir.path(), args);
            assert!(matches!(code, Some(0 | 1)), "{args:?}: {code:?}");
            let stderr_text = String::from_utf8_lossy(&stderr);
            assert!(!stderr_text.contains("panicked"), "{stderr_text}");
            assert!(!stdout.contains(&ESC) && !stderr.contains(&ESC), "{args:?}");
            if code == Some(1) {
                assert_eq!(stderr_text.lines().count(), 1, "{stderr_text}");
            }
        }
        assert!(snapshot(dir.path()) == before, "a read-only command wrote");
    }
}
