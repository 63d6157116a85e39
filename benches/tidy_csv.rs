//! Tidy CSV export and import planning on a large synthetic session
//! (200 participants x 45 cells = 9,000 ratings).

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use loopshop::domain::{Session, default_template};
use loopshop::export;
use loopshop::import::tidy;
use loopshop::synthetic;

fn bench(c: &mut Criterion) {
    let big = synthetic::synthetic_session("Bench", 200, 7);
    let text = export::csv::render(&big).unwrap_or_default();
    let empty = Session::new("Empty", "", default_template(), synthetic::epoch());
    c.bench_function("export csv 9000 ratings", |b| {
        b.iter(|| export::csv::render(black_box(&big)));
    });
    c.bench_function("plan import of 9000 ratings into an empty session", |b| {
        b.iter(|| tidy::plan(black_box(text.as_bytes()), &empty, Utc::now()));
    });
    c.bench_function("plan import of 9000 ratings over existing ones", |b| {
        b.iter(|| tidy::plan(black_box(text.as_bytes()), &big, Utc::now()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
