//! Whole-process timings of the real binary, as a facilitator runs it:
//! `loopshop export SESSION --format summary-csv` (start-up, load, analysis,
//! output) on a 17- and a 2,000-participant session, the research data
//! package of the 2,000-participant session (`--format package -o DIR`:
//! tables, texts, six figures in three forms and the report), and the
//! import of the 2,000-participant session's 90,000 tidy CSV rows.

use std::path::Path;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use loopshop::synthetic::synthetic_session;

fn write(dir: &Path, name: &str, participants: usize) {
    let session = synthetic_session(name, participants, 1);
    let text = loopshop::store::to_ron(&session).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(format!("{name}.ron")), text).unwrap_or_else(|e| panic!("{e}"));
}

fn export(dir: &Path, name: &str, format: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .args(["--dir"])
        .arg(dir)
        .args(["export", name, "--format", format])
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}

fn process(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "small", 17);
    write(dir.path(), "big", 2000);
    let mut g = c.benchmark_group("process");
    g.sample_size(20);
    for (name, label) in [("small", "17"), ("big", "2000")] {
        g.bench_function(format!("export summary-csv, {label} participants"), |b| {
            b.iter(|| export(dir.path(), name, "summary-csv"));
        });
    }
    g.bench_function("export json, 2000 participants", |b| {
        b.iter(|| export(dir.path(), "big", "json"));
    });
    // The package goes into a new folder each time.
    let mut n = 0u32;
    g.sample_size(10);
    g.bench_function("export package, 2000 participants", |b| {
        b.iter(|| {
            n += 1;
            let out = dir.path().join(format!("package-{n}"));
            let status = Command::new(env!("CARGO_BIN_EXE_loopshop"))
                .arg("--dir")
                .arg(dir.path())
                .args(["export", "big", "--format", "package", "-o"])
                .arg(&out)
                .stdout(Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(status.success());
        });
    });
    g.sample_size(20);
    // The conference-sized import: 90,000 tidy rows into an empty session.
    let csv = dir.path().join("big.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .arg("--dir")
        .arg(dir.path())
        .args(["export", "big", "--format", "csv", "-o"])
        .arg(&csv)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.success());
    let empty = synthetic_session("empty", 0, 1);
    let empty = loopshop::store::to_ron(&empty).unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("import 90k tidy rows into an empty session", |b| {
        b.iter_batched(
            || std::fs::write(dir.path().join("empty.ron"), &empty),
            |written| {
                written.unwrap_or_else(|e| panic!("{e}"));
                let status = Command::new(env!("CARGO_BIN_EXE_loopshop"))
                    .arg("--dir")
                    .arg(dir.path())
                    .args(["import", "empty"])
                    .arg(&csv)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(status.success());
            },
            criterion::BatchSize::PerIteration,
        );
    });
    g.finish();
}

criterion_group!(benches, process);
criterion_main!(benches);
