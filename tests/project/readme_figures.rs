//! The figures the README shows are the real output for the shipped example:
//! regenerated with `UPDATE_EXAMPLE=1 cargo test --test project readme_figures::`.

use std::path::Path;

use loopshop::export::{svg_matrix, svg_model};
use loopshop::synthetic::example_session;

fn check(path: &str, generated: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_EXAMPLE").is_some_and(|v| v == "1")
        && let Err(e) = std::fs::write(&file, generated)
    {
        panic!("cannot write {}: {e}", file.display());
    }
    let shipped = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        shipped == generated,
        "{path} differs from the generated figure; run UPDATE_EXAMPLE=1 cargo test --test project readme_figures::"
    );
}

#[test]
fn readme_model_figure_is_the_example_sessions_model() {
    let svg = svg_model::render(&example_session());
    for stage in ["Design", "Production", "Collection", "Recycling"] {
        assert!(svg.contains(stage), "{stage}");
    }
    check("docs/example-model.svg", &svg);
}

#[test]
fn readme_matrix_figure_is_the_example_sessions_matrix() {
    check(
        "docs/example-matrix.svg",
        &svg_matrix::render(&example_session()),
    );
}

/// The PNG pictures in docs/ are made by the same code as `--format png`
/// (regenerated with `UPDATE_EXAMPLE=1`); pixels differ between machines'
/// floating point, so only their size at 150 dpi is checked.
#[test]
fn docs_pictures_are_the_example_figures_as_png() {
    let s = example_session();
    let figures = [
        ("docs/example-model.png", svg_model::render(&s)),
        ("docs/example-matrix.png", svg_matrix::render(&s)),
        (
            "docs/example-flow.png",
            loopshop::export::svg_flow::render_session(
                &s,
                &loopshop::export::svg_text::FigureOptions::default(),
            ),
        ),
    ];
    for (path, svg) in figures {
        let png = loopshop::export::raster::png(&svg, 150).unwrap_or_else(|e| panic!("{e}"));
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if std::env::var_os("UPDATE_EXAMPLE").is_some_and(|v| v == "1") {
            std::fs::write(&file, &png).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
        let shipped = std::fs::read(&file).unwrap_or_default();
        assert!(shipped.len() > 24, "{path} is missing: UPDATE_EXAMPLE=1");
        assert_eq!(shipped[16..24], png[16..24], "{path}: another size");
    }
}
