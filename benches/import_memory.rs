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
    println!("import_memory: {size} bytes of tidy CSV (90,000 rows)");
    for run in 1..=3 {
        write_session(dir, "empty", 0);
        let (mb, secs) = peak(dir, &["import", "empty", path_str(&csv)]);
        println!("import_memory: run {run}: max RSS {mb:.1} MiB, {secs} s");
    }
    // Where the memory goes: the imported session alone, and the process.
    let file = std::fs::metadata(dir.join("empty.ron")).map_or(0, |m| m.len());
    println!("import_memory: the imported session file: {file} bytes");
    let (mb, _) = peak(dir, &["show", "empty"]);
    println!("import_memory: `show` of the imported session: max RSS {mb:.1} MiB");
    let one = dir.join("one.csv");
    std::fs::write(
        &one,
        "round,participant,stage,dimension,value\n1,Ann,mining,maturity,3\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    write_session(dir, "empty", 0);
    let (mb, _) = peak(dir, &["import", "empty", path_str(&one)]);
    println!("import_memory: import of one row: max RSS {mb:.1} MiB");
}

fn path_str(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", path.display()))
}

/// GNU time's maximum resident set size of `loopshop --dir DIR ARGS`, in
/// MiB, and the elapsed seconds.
fn peak(dir: &Path, args: &[&str]) -> (f64, String) {
    let out = Command::new(TIME)
        .args(["-f", "%M %e"])
        .arg(env!("CARGO_BIN_EXE_loopshop"))
        .arg("--dir")
        .arg(dir)
        .args(args)
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
    let kib: f64 = fields.next().and_then(|k| k.parse().ok()).unwrap_or(0.0);
    (kib / 1024.0, fields.next().unwrap_or("?").to_owned())
}
