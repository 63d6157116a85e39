//! The 2,000-participant session's summary beside pandas, in one run: the
//! whole process of `loopshop export big --format summary-csv` and of
//! `benches/reference/pandas_summary.py` on the same session's tidy CSV,
//! alternated, median of the runs; then `export --format csv` of the same
//! session, its time and its peak memory (GNU time).
//!
//! `cargo bench --bench versus_pandas`; the Python with pandas is
//! `LOOPSHOP_PANDAS_PYTHON` (default `target/venv/bin/python`; without one,
//! loopshop alone is measured). `LOOPSHOP_BENCH_DIR=DIR` keeps the session
//! and its CSV in DIR (to profile by hand), and uses them when they are
//! there already; `LOOPSHOP_BENCH_BIN=FILE` measures another build of
//! loopshop (an earlier commit's, for a before and after on one session
//! file). Not criterion, and it asserts nothing: it prints the lines
//! BENCHMARKS.md quotes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use loopshop::synthetic::synthetic_session;

/// Runs of each program; the median is reported.
const RUNS: usize = 21;
const TIME: &str = "/usr/bin/time";

fn main() {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let kept = std::env::var_os("LOOPSHOP_BENCH_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let csv = dir.join("big.csv");
    if dir.join("big.ron").exists() && csv.exists() {
        println!(
            "versus_pandas: the session and CSV already in {}",
            dir.display()
        );
    } else {
        let session = synthetic_session("big", 2000, 1);
        let text = loopshop::store::to_ron(&session).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("big.ron"), text).unwrap_or_else(|e| panic!("{e}"));
        let mut export_csv = loopshop(dir);
        export_csv
            .args(["export", "big", "--format", "csv", "-o"])
            .arg(&csv);
        run_ok(&mut export_csv);
    }

    let python = pandas_python();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..RUNS {
        ours.push(timed(loopshop(dir).args([
            "export",
            "big",
            "--format",
            "summary-csv",
        ])));
        if let Some(py) = &python {
            theirs.push(timed(Command::new(py).arg(reference()).arg(&csv)));
        }
    }
    let ours = median(&mut ours);
    println!(
        "versus_pandas: loopshop export summary-csv, 90,000 ratings: median {:.1} ms of {RUNS}",
        ms(ours)
    );
    match python {
        Some(py) => {
            let theirs = median(&mut theirs);
            println!(
                "versus_pandas: pandas ({}) from the tidy CSV: median {:.0} ms of {RUNS}; loopshop is {:.1}x faster",
                pandas_version(&py),
                ms(theirs),
                theirs.as_secs_f64() / ours.as_secs_f64()
            );
        }
        None => println!(
            "versus_pandas: no Python with pandas (LOOPSHOP_PANDAS_PYTHON, target/venv); pandas not measured"
        ),
    }

    let mut csv_times: Vec<Duration> = (0..RUNS)
        .map(|_| timed(loopshop(dir).args(["export", "big", "--format", "csv"])))
        .collect();
    println!(
        "versus_pandas: loopshop export csv, 90,000 ratings: median {:.1} ms of {RUNS}",
        ms(median(&mut csv_times))
    );
    if Path::new(TIME).exists() {
        let mut peak = Command::new(TIME);
        peak.args(["-f", "%M"])
            .arg(binary())
            .arg("--dir")
            .arg(dir)
            .args(["export", "big", "--format", "csv"]);
        let out = peak
            .stdout(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let kib: f64 = String::from_utf8_lossy(&out.stderr)
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("GNU time: {e}"));
        println!(
            "versus_pandas: loopshop export csv: max RSS {:.1} MiB",
            kib / 1024.0
        );
    }
}

/// The loopshop measured: this build's, or `LOOPSHOP_BENCH_BIN`.
fn binary() -> PathBuf {
    std::env::var_os("LOOPSHOP_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_loopshop")),
        PathBuf::from,
    )
}

fn loopshop(dir: &Path) -> Command {
    let mut c = Command::new(binary());
    c.arg("--dir").arg(dir);
    c
}

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/reference/pandas_summary.py")
}

/// The Python that has pandas, if any.
fn pandas_python() -> Option<PathBuf> {
    let py = std::env::var_os("LOOPSHOP_PANDAS_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python"),
        PathBuf::from,
    );
    let ok = Command::new(&py)
        .args(["-c", "import pandas"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(py)
}

fn pandas_version(py: &Path) -> String {
    let out = Command::new(py)
        .args(["-c", "import pandas; print(pandas.__version__)"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    format!("pandas {}", String::from_utf8_lossy(&out.stdout).trim())
}

fn run_ok(c: &mut Command) {
    let status = c.status().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "{c:?}: {status}");
}

/// The wall time of one whole run, output discarded.
fn timed(c: &mut Command) -> Duration {
    let start = Instant::now();
    run_ok(c.stdout(Stdio::null()));
    start.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
