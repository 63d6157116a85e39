//! The report functions on real statistics of the shipped example session
//! (through the analysis module), and `loopshop compare` end to end.

use std::process::Command;

use loopshop::analysis::Aggregate;
use loopshop::analysis::compare::compare;
use loopshop::analysis::pool::pool;
use loopshop::domain::Session;
use loopshop::export::{html, md, svg_matrix, svg_model};
use loopshop::store::Store;
use loopshop::synthetic::{example_session, synthetic_session};

fn other_people(mut s: Session) -> Session {
    for p in &mut s.participants {
        p.alias = format!("Second {}", p.alias);
    }
    s
}

#[test]
fn example_model_labels_do_not_overlap() {
    let s = example_session();
    let placements = Aggregate::new(&s).model(&s.template, 1);
    let lay = svg_model::layout(loopshop::i18n::Tr::english(), &s.template, &placements);
    assert_eq!(lay.bubbles.len(), s.template.stages.len());
    for (i, a) in lay.bubbles.iter().enumerate() {
        for b in &lay.bubbles[i + 1..] {
            assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
        }
        for (q, r) in &lay.quadrant_labels {
            assert!(!a.label.intersects(r), "{} / {q}", a.name);
        }
    }
}

#[test]
fn example_exports_name_every_stage() {
    let s = example_session();
    let model = svg_model::render(&s);
    let matrix = svg_matrix::render(&s);
    let report = md::render(&s);
    let page = html::render(&s);
    for st in &s.template.stages {
        assert!(
            model.contains(&format!(">{}</text>", st.name))
                || model.contains(&format!(">{} [", st.name))
                || model.contains(&format!(">{} n=", st.name)),
            "{}",
            st.name
        );
        assert!(
            matrix.contains(&format!(">{}</text>", st.name)),
            "{}",
            st.name
        );
        assert!(report.contains(&format!("| {} |", st.name)), "{}", st.name);
    }
    assert_eq!(page.matches("<figure>").count(), 3);
    // The figure and the tables agree: Design has the highest impact.
    assert!(
        report.contains("| Design | High 5.0 ✓ (IQR 1) |"),
        "{report}"
    );
}

#[test]
fn pooled_n_is_the_sum_of_the_sessions_n_per_cell() {
    let a = example_session();
    let b = other_people(synthetic_session("second workshop", 11, 99));
    let pooled = pool(&[a.clone(), b.clone()]).expect("same template");
    let (aa, ab, ap) = (
        Aggregate::new(&a),
        Aggregate::new(&b),
        Aggregate::new(&pooled),
    );
    let t = &a.template;
    for st in &t.stages {
        for d in &t.dimensions {
            let (ca, cb, cp) = (
                aa.cell(t, 1, &st.id, &d.id),
                ab.cell(t, 1, &st.id, &d.id),
                ap.cell(t, 1, &st.id, &d.id),
            );
            assert_eq!(cp.n, ca.n + cb.n, "{} {}", st.id, d.id);
            assert_eq!(cp.dont_know, ca.dont_know + cb.dont_know);
        }
    }
}

#[test]
fn compare_of_a_session_with_itself_shows_no_change() {
    let s = example_session();
    let c = compare(&s, &s);
    assert_eq!(c.changed().count(), 0);
    assert!(c.cells.iter().all(|x| x.n_a == x.n_b && x.n_a > 0));
}

#[test]
fn compare_command_prints_a_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path());
    let a = store.create(&example_session()).expect("write a");
    let mut other = synthetic_session("Second workshop", 12, 5);
    other.title = "Second workshop".into();
    let b = store.create(&other).expect("write b");
    let run = |x: &std::path::Path, y: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_loopshop"))
            .arg("--dir")
            .arg(dir.path())
            .arg("compare")
            .arg(x)
            .arg(y)
            .output()
            .expect("runs")
    };
    let same = run(&a, &a);
    let text = String::from_utf8_lossy(&same.stdout);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(text.contains("No change"), "{text}");
    assert!(text.contains("Kendall's W"));
    let diff = run(&a, &b);
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(diff.status.success());
    assert!(text.contains("cells changed (marked *)"), "{text}");
    for st in ["Exploration", "Recycling"] {
        assert!(text.contains(st));
    }
    let missing = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .arg("--dir")
        .arg(dir.path())
        .args(["compare", "nope", "nada"])
        .output()
        .expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such session"));
}
