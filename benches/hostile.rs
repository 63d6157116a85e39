//! The inputs issue 10 found quadratic: a 200,000-column CSV header (the
//! duplicate-header check), a 30,000-row wide import, and the Markdown and
//! HTML reports of a 10,000-stage template. Each must stay well under a
//! second. And the tidy CSV of a session under the longest title allowed
//! (the title is in every row, so sessions refuse titles over 1,000
//! characters: a 100 MB title once made this export take 24 GB).

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use loopshop::domain::{Change, EnteredBy, Participant, Score, Session, Stage, default_template};
use loopshop::export::{self, Format};
use loopshop::import::{participants, wide};
use loopshop::synthetic;

/// A participants file whose header has 200,000 columns, and one row.
fn wide_header(columns: usize) -> Vec<u8> {
    let mut text = String::from("alias,role,organisation");
    for i in 3..columns {
        let _ = write!(text, ",extra {i}");
    }
    text.push_str("\nAnn,industry,");
    text.push_str(&",".repeat(columns - 3));
    text.push('\n');
    text.into_bytes()
}

/// A wide CSV file of `rows` participants, each rating two stages.
fn wide_rows(rows: usize) -> Vec<u8> {
    let mut text = String::from("participant,role,mining:maturity,use:maturity\n");
    for i in 0..rows {
        let _ = writeln!(text, "Expert {i:05},industry,{},?", 1 + i % 5);
    }
    text.into_bytes()
}

/// A session whose template has `stages` stages, three participants rating
/// each of them on one dimension.
fn many_stages(stages: usize) -> Session {
    let mut t = default_template();
    t.stages = (0..stages)
        .map(|i| Stage {
            id: format!("stage-{i}"),
            name: format!("Stage {i}"),
            description: String::new(),
        })
        .collect();
    let mut s = Session::new("Many stages", "", t, synthetic::epoch());
    for p in 1..=3 {
        let id = format!("p{p:02}");
        let add = Change::AddParticipant(Participant {
            id: id.clone(),
            alias: format!("Expert {p}"),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        });
        s.apply(&add).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..stages {
            let rate = Change::SetRating {
                participant: id.clone(),
                round: 1,
                stage: format!("stage-{i}"),
                dimension: "maturity".into(),
                score: Score::Value(u8::try_from(1 + (i + p) % 5).unwrap_or(1)),
                comment: None,
                at: synthetic::epoch() + Duration::seconds(60),
                entered_by: EnteredBy::Facilitator,
            };
            s.apply(&rate).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    let header = wide_header(200_000);
    g.bench_function("read a CSV header of 200,000 columns", |b| {
        b.iter(|| participants::parse(black_box(&header)));
    });
    let rows = wide_rows(30_000);
    let empty = Session::new("Empty", "", default_template(), synthetic::epoch());
    g.bench_function("wide import of 30,000 rows", |b| {
        b.iter(|| {
            let changes = wide::parse_at(&empty, black_box(&rows), synthetic::epoch());
            assert!(changes.is_ok());
        });
    });
    let mut titled = synthetic::example_session();
    // The longest title a session may have, over the example's 765 ratings.
    titled.title = "T".repeat(loopshop::domain::MAX_TITLE_CHARS);
    g.bench_function("tidy CSV of 765 ratings under the longest title", |b| {
        b.iter(|| {
            export::render(
                Format::Csv,
                black_box(&titled),
                loopshop::analysis::RoundChoice::Latest,
            )
        });
    });
    drop(titled);
    let big = many_stages(10_000);
    for format in [Format::Md, Format::Html] {
        g.bench_function(format!("{} report of 10,000 stages", format.name()), |b| {
            b.iter(|| {
                export::render(
                    format,
                    black_box(&big),
                    loopshop::analysis::RoundChoice::Latest,
                )
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
