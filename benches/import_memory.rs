//! Peak memory (maximum resident set size) of the real release binary
//! importing the 2,000-participant session's 90,000 tidy CSV rows into an
//! empty session, as GNU time reports it (`/usr/bin/time -f %M`).
//!
//! `cargo bench --bench import_memory`. Not criterion: it prints one number
//! per run (three runs) for BENCHMARKS.md; it asserts nothing about it.

use std::path::Path;
use std::process::{Command, Stdio};

use loopshop::synthetic::synthetic_session;

const TIME: &str = "/usr/bin/time";

fn write_session(dir: &Path, name: &str, participants: usize) {
    let session = synthetic_session(name, participants, 1);
    let text = loopshop::store::to_ron(&session).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.ron")), text).unwrap_or_else(|e| panic!("{e}"));
}

fn loopshop(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loopshop"));
    c.arg("--dir").arg(dir);
    c
}

fn main() {
    if !Path::new(TIME).exists() {
        println!("import_memory: {TIME} (GNU time) is not installed; nothing measured");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = dir.path();
    write_session(dir, "big", 2000);
    let csv = dir.join("big.csv");
    let exported = loopshop(dir)
        .args(["export", "big", "--format", "csv", "-o"])
        .arg(&csv)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(exported.success());
    let size = std::fs::metadata(&csv).map_or(0, |m| m.len());
    println!("import_memory: {} bytes of tidy CSV (90,000 rows)", size);
    for run in 1..=3 {
        write_session(dir, "empty", 0);
        let out = Command::new(TIME)
            .args(["-f", "%M %e"])
            .arg(env!("CARGO_BIN_EXE_loopshop"))
            .arg("--dir")
            .arg(dir)
            .args(["import", "empty"])
            .arg(&csv)
            .stdout(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = String::from_utf8_lossy(&out.stderr);
        let last = report.lines().last().unwrap_or_default();
        let mut fields = last.split_whitespace();
        let kb: f64 = fields.next().and_then(|k| k.parse().ok()).unwrap_or(0.0);
        let secs = fields.next().unwrap_or("?");
        println!(
            "import_memory: run {run}: max RSS {:.1} MB, {secs} s",
            kb / 1024.0
        );
    }
}
