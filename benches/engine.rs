//! Acknowledgement latency of the session engine: N intents that arrive
//! together are applied and made durable with one journal append and one
//! fsync (group commit); every one is acknowledged when the batch is on
//! disk. Measured for N = 1, 16 and 256 on the paper-sized session.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use loopshop::domain::Score;
use loopshop::engine::{Actor, Engine, Intent, Openness};
use loopshop::store::Store;
use loopshop::synthetic;

fn group_commit(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = synthetic::synthetic_session("bench", 300, 7);
    let path = Store::new(dir.path()).create(&session).expect("create");
    let mut engine = Engine::open(&path).expect("open");
    engine.set_openness(Openness::All);
    let people: Vec<String> = session.participants.iter().map(|p| p.id.clone()).collect();
    let stages: Vec<String> = session
        .template
        .stages
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let now = session.created + chrono::Duration::hours(2);
    let mut turn = 0usize;
    let mut g = c.benchmark_group("engine");
    g.sample_size(30).measurement_time(Duration::from_secs(5));
    for n in [1usize, 16, 256] {
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("acknowledge a batch", n), &n, |b, &n| {
            b.iter(|| {
                let batch: Vec<(Actor, Intent)> = (0..n)
                    .map(|i| {
                        turn += 1;
                        let who = &people[(turn + i) % people.len()];
                        let value = u8::try_from(1 + turn % 5).unwrap_or(3);
                        (
                            Actor::Participant(who.clone()),
                            Intent::Rate {
                                participant: who.clone(),
                                stage: stages[turn % stages.len()].clone(),
                                dimension: "maturity".to_owned(),
                                score: Score::Value(value),
                                comment: None,
                            },
                        )
                    })
                    .collect();
                let (results, durable) = engine.apply_batch(batch, now);
                assert!(durable.is_ok() && results.iter().all(Result::is_ok));
            });
        });
    }
    g.finish();
}

criterion_group!(benches, group_commit);
criterion_main!(benches);
