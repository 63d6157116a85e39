//! The command-line tests' helpers: run the real binary, list fixtures.
//!
//! `LOOPSHOP_BIN` runs them against another build of the binary: `.ci/run`
//! points it at a wrapper that starts the Windows `loopshop.exe` under Wine,
//! and sets `LOOPSHOP_BIN_WINDOWS=1` so that paths the binary prints are
//! read back as Windows paths (see [`printed_path`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use loopshop::domain::{Change, Participant, Session, default_template};
use loopshop::synthetic;

/// The binary under test: `LOOPSHOP_BIN`, or the one cargo built.
pub fn bin() -> PathBuf {
    std::env::var_os("LOOPSHOP_BIN")
        .filter(|v| !v.is_empty())
        .map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_loopshop")),
            PathBuf::from,
        )
}

/// Whether the binary under test is a Windows build run under Wine.
pub fn windows_binary() -> bool {
    cfg!(windows) || std::env::var_os("LOOPSHOP_BIN_WINDOWS").is_some_and(|v| v == "1")
}

/// A path as the binary printed it, as this test process can open it. A
/// Windows build under Wine prints what it was given (`/tmp/x`) joined with
/// backslashes (`/tmp/x\a.ron`), or Wine's `Z:\` for the Unix root.
pub fn printed_path(printed: &str) -> PathBuf {
    if !windows_binary() || cfg!(windows) {
        return PathBuf::from(printed);
    }
    let unix = printed.replace('\\', "/");
    let unix = match unix.get(..2) {
        Some("Z:" | "z:") => unix[2..].to_owned(),
        _ => unix,
    };
    PathBuf::from(unix)
}

/// `path` as the binary under test prints it when it joined it from `dir`
/// (given on its command line) and a file name.
pub fn as_printed(dir: &Path, file: &str) -> String {
    let sep = if windows_binary() { '\\' } else { '/' };
    format!("{}{sep}{file}", dir.display())
}

pub fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub)
}

/// Files in a fixture folder ending in `ext`, sorted; fails if there are none.
pub fn fixture_files(sub: &str, ext: &str) -> Vec<PathBuf> {
    let dir = fixtures(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.{ext} fixtures in {}",
        dir.display()
    );
    files
}

/// The text of the fixture beside `file` with extension `ext`.
pub fn sibling(file: &Path, ext: &str) -> String {
    let path = file.with_extension(ext);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} needs {}: {e}", file.display(), path.display()))
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: &Output) -> Self {
        Self {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Exit 0, nothing on stderr.
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert_eq!(self.stderr, "", "unexpected stderr");
        self
    }

    /// Exit 1 with exactly one `loopshop: ...` line on stderr (a usage
    /// mistake's names its command: `loopshop show: ...`), no panic;
    /// returns that line.
    pub fn user_error(&self) -> String {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self.no_panic();
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one stderr line, got {:?}",
            self.stderr
        );
        let command = lines[0]
            .strip_prefix("loopshop")
            .and_then(|rest| rest.split_once(": "))
            .map(|(command, _)| command);
        assert!(
            command.is_some_and(|c| c
                .chars()
                .all(|ch| ch == ' ' || ch == '-' || ch.is_ascii_lowercase())),
            "{:?}",
            self.stderr
        );
        lines[0].to_owned()
    }

    pub fn no_panic(&self) {
        for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
            assert!(!self.stderr.contains(bad), "panic output: {}", self.stderr);
        }
    }
}

/// Runs `loopshop ARGS` with the sessions folder `dir` and a clean environment.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

/// [`run`] with more environment variables.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let bin = bin();
    let mut command = Command::new(&bin);
    command
        .env_remove("LOOPSHOP_DIR")
        .env("RUST_BACKTRACE", "0")
        .envs(env.iter().copied())
        .arg("--dir")
        .arg(dir)
        .args(args);
    let out = started_again(|| command.output())
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    Run::from(&out)
}

/// `start()`, tried again a few times when Wine's `CreateProcess` fails
/// with `ERROR_INTERNAL_ERROR` (1359), as it now and then does when many
/// tests start programs at once (the fresh-clone CI met it once). A program
/// that did not start did nothing, so starting it again is safe.
fn started_again<T>(mut start: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    const WINE_INTERNAL_ERROR: i32 = 1359;
    let mut tries: u64 = 0;
    loop {
        match start() {
            Err(e)
                if cfg!(windows) && e.raw_os_error() == Some(WINE_INTERNAL_ERROR) && tries < 5 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(200 * tries));
            }
            other => return other,
        }
    }
}

/// [`run`], killed after `limit` (a command that should have refused at
/// once but serves or waits fails the test instead of hanging it).
pub fn run_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    let bin = bin();
    let mut command = Command::new(&bin);
    command
        .env_remove("LOOPSHOP_DIR")
        .env("RUST_BACKTRACE", "0")
        .arg("--dir")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = started_again(|| command.spawn())
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    // Read as it comes: a full pipe would stop the program.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().ok().flatten() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("loopshop {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run::from(&Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// A small session: default template, round 1, participants Ann (industry) and Bo (academia).
pub fn fixture_session() -> Session {
    let mut s = Session::new("Fixture", "Fay", default_template(), synthetic::epoch());
    for (id, alias, role) in [("p01", "Ann", "industry"), ("p02", "Bo", "academia")] {
        let p = Participant {
            id: id.into(),
            alias: alias.into(),
            role: role.into(),
            organisation: String::new(),
            joined: false,
        };
        s.apply(&Change::AddParticipant(p))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

/// Writes `session` as `<dir>/<name>.ron` and returns the path.
pub fn write_session(dir: &Path, name: &str, session: &Session) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(format!("{name}.ron"));
    let text = loopshop::store::to_ron(session).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn load(path: &Path) -> Session {
    loopshop::store::load(path).unwrap_or_else(|e| panic!("{e}"))
}

pub fn s(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("non-UTF-8 path {}", p.display()))
}
