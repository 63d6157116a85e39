//! Session store speed: loading small and big files, importing 90,000
//! ratings through `commit_all`, and opening a session whose journal must be
//! replayed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use loopshop::domain::{Change, Score, Session};
use loopshop::store::{self, OpenSession, Store};
use loopshop::synthetic;

fn side(path: &Path, ext: &str) -> PathBuf {
    PathBuf::from(format!("{}.{ext}", path.display()))
}

fn set_ratings(s: &Session) -> Vec<Change> {
    s.ratings_iter()
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
        .collect()
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::new(dir.path());
    let small = store.create(&synthetic::example_session()).expect("create");
    let big = store
        .create(&synthetic::synthetic_session("big", 2000, 1))
        .expect("create");
    let mut g = c.benchmark_group("store");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("load 17 participants", |b| {
        b.iter(|| store::load(&small).expect("load"));
    });
    g.bench_function("load 2000 participants (90k ratings)", |b| {
        b.iter(|| store::load(&big).expect("load"));
    });
    // What a one-shot command (export) pays if it skips freeing at exit.
    g.bench_function("load 2000 participants, drop not timed", |b| {
        b.iter_with_large_drop(|| store::load(&big).expect("load"));
    });
    g.bench_function("to_ron 2000 participants", |b| {
        let s = store::load(&big).expect("load");
        b.iter(|| store::to_ron(&s).expect("ron"));
    });
    g.finish();
}

fn import(c: &mut Criterion) {
    let full = synthetic::synthetic_session("big", 2000, 1);
    let changes = set_ratings(&full);
    let mut empty = full.clone();
    empty.ratings.clear();
    let now = full.updated;
    let mut g = c.benchmark_group("store");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("import 90k ratings via commit_all (incl. save)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let path = Store::new(dir.path()).create(&empty).expect("create");
                let open = OpenSession::open(&path).expect("open");
                (dir, open, changes.clone())
            },
            |(dir, mut open, changes)| {
                open.commit_all(&changes, now).expect("saved");
                (dir, open)
            },
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

fn recover(c: &mut Criterion) {
    let mut g = c.benchmark_group("store");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for participants in [17usize, 2000] {
        // A session killed after 300 keystroke commits: all in the journal.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Store::new(dir.path())
            .create(&synthetic::synthetic_session("j", participants, 1))
            .expect("create");
        {
            let mut open = OpenSession::open(&path).expect("open");
            let cells: Vec<(String, String, String)> = open
                .session()
                .ratings_iter()
                .map(|r| {
                    (
                        r.participant.to_owned(),
                        r.stage.to_owned(),
                        r.dimension.to_owned(),
                    )
                })
                .take(300)
                .collect();
            for (i, (p, st, d)) in cells.into_iter().enumerate() {
                let at = open.session().updated;
                let change = Change::SetRating {
                    participant: p,
                    round: 1,
                    stage: st,
                    dimension: d,
                    score: Score::Value(1 + u8::try_from(i % 5).unwrap_or(0)),
                    comment: Some(format!("edit {i}")),
                    at,
                    entered_by: loopshop::domain::EnteredBy::Facilitator,
                };
                open.commit(change, at).expect("saved");
            }
            let crashed = dir.path().join("crashed.ron");
            std::fs::copy(&path, &crashed).expect("copy");
            std::fs::copy(side(&path, "journal"), side(&crashed, "journal")).expect("copy");
        }
        let crashed = dir.path().join("crashed.ron");
        let name = format!("open + recover 300 journal records, {participants} participants");
        g.bench_function(&name, |b| {
            b.iter_batched(
                || {
                    let work = tempfile::tempdir().expect("tempdir");
                    let p = work.path().join("s.ron");
                    std::fs::copy(&crashed, &p).expect("copy");
                    std::fs::copy(side(&crashed, "journal"), side(&p, "journal")).expect("copy");
                    (work, p)
                },
                |(work, p)| {
                    let open = OpenSession::open(&p).expect("open");
                    (work, open)
                },
                BatchSize::PerIteration,
            );
        });
    }
    g.finish();
}

criterion_group!(benches, load, import, recover);
criterion_main!(benches);
