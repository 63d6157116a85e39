//! Speed of the analysis: full aggregate, incremental update, exports.
//! `cargo bench --bench analysis -- --quick`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use loopshop::analysis::{Aggregate, ConcordanceTracker, concordance};
use loopshop::domain::Score;
use loopshop::export::{json, summary_csv, text};
use loopshop::synthetic::{example_session, synthetic_session};

fn bench_aggregate(c: &mut Criterion) {
    let small = example_session();
    let big = synthetic_session("big", 2000, 1);
    c.bench_function("aggregate_new/17", |b| {
        b.iter(|| Aggregate::new(black_box(&small)));
    });
    c.bench_function("aggregate_new/2000", |b| {
        b.iter(|| Aggregate::new(black_box(&big)));
    });

    for (name, s) in [("17", &small), ("2000", &big)] {
        let mut agg = Aggregate::new(s);
        let t = &s.template;
        // Flip one rating 4 <-> 5 and read the cell back, as the app does after a key press.
        let mut flip = false;
        c.bench_function(&format!("record_and_cell/{name}"), |b| {
            b.iter(|| {
                let (old, new) = if flip { (5, 4) } else { (4, 5) };
                flip = !flip;
                agg.record(
                    t,
                    1,
                    "mining",
                    "maturity",
                    Some(Score::Value(old)),
                    Some(Score::Value(new)),
                );
                black_box(agg.cell(t, 1, "mining", "maturity"))
            });
        });
    }
    for (name, s) in [("17", &small), ("2000", &big)] {
        let mut live = ConcordanceTracker::new(s);
        let t = &s.template;
        let mut flip = false;
        c.bench_function(&format!("tracker_record_and_results/{name}"), |b| {
            b.iter(|| {
                let (old, new) = if flip { (5, 4) } else { (4, 5) };
                flip = !flip;
                let p = "p01";
                live.record(
                    t,
                    p,
                    1,
                    "mining",
                    "maturity",
                    Some(Score::Value(old)),
                    Some(Score::Value(new)),
                );
                black_box(live.results())
            });
        });
    }
    let agg = Aggregate::new(&big);
    c.bench_function("cells/2000", |b| {
        b.iter(|| black_box(agg.cells(&big.template)));
    });
    c.bench_function("model/2000", |b| {
        b.iter(|| black_box(agg.model(&big.template, 1)));
    });
    c.bench_function("concordance/17", |b| {
        b.iter(|| concordance(black_box(&small)));
    });
    c.bench_function("concordance/2000", |b| {
        b.iter(|| concordance(black_box(&big)));
    });
}

fn bench_exports(c: &mut Criterion) {
    let big = synthetic_session("big", 2000, 1);
    c.bench_function("summary_csv/2000", |b| {
        b.iter(|| summary_csv::render(black_box(&big)));
    });
    c.bench_function("json/2000", |b| b.iter(|| json::render(black_box(&big))));
    c.bench_function("text/2000", |b| b.iter(|| text::render(black_box(&big))));
}

criterion_group!(benches, bench_aggregate, bench_exports);
criterion_main!(benches);
