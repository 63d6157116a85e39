//! The shipped example session must be exactly what the generator makes.
//!
//! After changing the synthetic example or the file format, regenerate it:
//! `UPDATE_EXAMPLE=1 cargo test --test example_session`.

use std::path::Path;

use loopshop::domain::synthetic::example_session;
use loopshop::store;

const SHIPPED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/example-lib-workshop.ron"
);

#[test]
fn shipped_example_equals_the_generated_session() {
    let generated = match store::to_ron(&example_session()) {
        Ok(text) => text,
        Err(e) => panic!("the example does not serialize: {e}"),
    };
    if std::env::var_os("UPDATE_EXAMPLE").is_some_and(|v| v == "1")
        && let Err(e) = std::fs::write(SHIPPED, &generated)
    {
        panic!("cannot write {SHIPPED}: {e}");
    }
    let shipped = std::fs::read_to_string(Path::new(SHIPPED)).unwrap_or_default();
    assert!(
        shipped == generated,
        "{SHIPPED} differs from the generated example; run UPDATE_EXAMPLE=1 cargo test --test example_session"
    );
    // And it loads back as the same session.
    match store::load(Path::new(SHIPPED)) {
        Ok(s) => assert_eq!(s, example_session()),
        Err(e) => panic!("the shipped example does not load: {e}"),
    }
}
