//! `loopshop serve`'s own output: honest answers about what it saved when
//! the final rewrite fails (the store's fault seam, `LOOPSHOP_TEST_FAULT`,
//! read by debug builds; see `tests/cli/honest.rs` for the other writing
//! commands), and log lines that go through the one terminal sanitizer.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::server::{BIN, Serve, request, session_at};
use loopshop::engine::Intent;
use loopshop::store::{FAULT_FOR_TESTS, side_path};

const MATURITY: usize = 2;

fn rate(stage: &str, value: u8) -> String {
    format!(r#"{{"stage":"{stage}","dimension":"maturity","value":{value}}}"#)
}

#[test]
fn a_right_to_left_override_in_an_alias_reaches_the_log_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Shown raw, the override would print "saved Eve" and then the rest
    // reversed, the score first: a line that lies about what was saved.
    let alias = "Eve\u{202e}1 ytirutam gninim";
    let add = Intent::AddParticipant {
        alias: alias.to_owned(),
        role: String::new(),
        organisation: String::new(),
    };
    let path = session_at(dir.path(), MATURITY, &[add]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join(alias);
    let saved = serve.send_json("PUT", "/api/ratings", &token, &rate("mining", 5));
    assert_eq!(saved.status, 200, "{}", saved.body);
    let line = serve
        .lines
        .recv_timeout(Duration::from_secs(10))
        .expect("the log line");
    assert_eq!(
        line,
        "saved Eve\\u{202e}1 ytirutam gninim mining maturity 5"
    );
}

/// Every file in `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// `serve` under `fault`, its standard output read line by line.
struct Faulty {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Faulty {
    fn start(dir: &Path, session: &Path, fault: &str) -> Self {
        let mut child = Command::new(BIN)
            .arg("serve")
            .arg(session)
            .args(["--port", "0"])
            .env("LOOPSHOP_DIR", dir)
            .env(FAULT_FOR_TESTS, fault)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The join line's address and code, once `serve` is up.
    fn address(&self) -> (String, String) {
        let first = self
            .lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the join line");
        let parts: Vec<&str> = first.split(' ').collect();
        assert_eq!(parts.len(), 4, "{first}");
        let host = parts[1]
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        (host, parts[3].to_owned())
    }

    /// Stops it with SIGINT; exit code and stderr.
    fn stop(self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        self.finish()
    }

    /// Waits for it to end by itself (killed after 10 s); exit code and
    /// stderr.
    fn finish(mut self) -> (Option<i32>, String) {
        for _ in 0..200 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let out = self.child.wait_with_output().expect("wait");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Joins as `alias` and rates mining 4; the status of a refused step.
fn join_and_rate(host: &str, code: &str, alias: &str) -> Result<(), u16> {
    let joined = request(
        host,
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"code":"{code}","alias":"{alias}"}}"#),
    );
    if joined.status != 200 {
        return Err(joined.status);
    }
    let token = joined.json()["token"].as_str().expect("token").to_owned();
    let saved = request(
        host,
        "PUT",
        "/api/ratings",
        &[
            ("Authorization", &format!("Bearer {token}")),
            ("Content-Type", "application/json"),
        ],
        &rate("mining", 4),
    );
    match saved.status {
        200 => Ok(()),
        other => Err(other),
    }
}

fn rated(path: &Path) -> bool {
    loopshop::store::load(path)
        .expect("load")
        .rating("p01", 1, "mining", "maturity")
        .is_some()
}

#[test]
fn serve_succeeds_exactly_when_what_it_acknowledged_is_on_disk() {
    // The rewrite failing: everything goes to the journal, `serve` ends
    // well and says in one line that the file was not compacted.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let before = std::fs::read(&path).expect("read");
    let serve = Faulty::start(dir.path(), &path, "rewrite");
    let (host, code) = serve.address();
    assert_eq!(join_and_rate(&host, &code, "Ann"), Ok(()));
    let (exit, stderr) = serve.stop();
    assert_eq!(exit, Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("loopshop: note: saved in the session's journal, but the session file could not be compacted (")
            && lines[0].contains("no space left on device (LOOPSHOP_TEST_FAULT=rewrite)"),
        "{stderr}"
    );
    assert!(rated(&path), "acknowledged, so on disk");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(side_path(&path, "journal").exists());

    // Both failing, with the join code and board key saved before: the
    // phone is told the laptop could not save, and `serve` ends with an
    // error and has changed nothing.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    assert_eq!(Serve::start(dir.path(), &path, &[]).stop(), Some(0));
    let before = snapshot(dir.path());
    let serve = Faulty::start(dir.path(), &path, "journal,rewrite");
    let (host, code) = serve.address();
    assert_eq!(join_and_rate(&host, &code, "Ann"), Err(503));
    let (exit, stderr) = serve.stop();
    assert_eq!(exit, Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("loopshop: the last changes could not be saved: "),
        "{stderr}"
    );
    assert!(before == snapshot(dir.path()), "the folder changed");

    // Both failing when `serve` must first save the join code: it stops
    // at once, having made nothing, even when the disk frees up after the
    // first try.
    for fault in ["journal,rewrite", "journal,rewrite:1"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = session_at(dir.path(), MATURITY, &[]);
        let before = snapshot(dir.path());
        let (exit, stderr) = Faulty::start(dir.path(), &path, fault).finish();
        assert_eq!(exit, Some(1), "{fault}: {stderr}");
        assert!(
            stderr.starts_with("loopshop: cannot save the session: "),
            "{fault}: {stderr}"
        );
        assert!(
            before == snapshot(dir.path()),
            "{fault}: the folder changed"
        );
    }
}
