//! The shipped example session must be exactly what the generator makes.
//!
//! After changing the synthetic example or the file format, regenerate it:
//! `UPDATE_EXAMPLE=1 cargo test --test project example_session::`.
//!
//! The file lives in the sessions folder that `cargo run --release` opens, so
//! a newcomer who facilitates it changes it. When git says the working copy
//! differs from the commit, the committed text is what was shipped and is
//! what gets checked; the working copy must still load.

use std::path::Path;
use std::process::Command;

use loopshop::store;
use loopshop::synthetic::example_session;

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
    let working = std::fs::read_to_string(Path::new(SHIPPED)).unwrap_or_default();
    let used_locally = working != generated && committed().is_some();
    let shipped = if used_locally {
        committed().unwrap_or_default()
    } else {
        working
    };
    assert!(
        shipped == generated,
        "{SHIPPED} differs from the generated example; run UPDATE_EXAMPLE=1 cargo test --test project example_session::"
    );
    match store::load(Path::new(SHIPPED)) {
        // Unless someone facilitated it here, it loads back as the same session.
        Ok(s) if !used_locally => assert_eq!(s, example_session()),
        Ok(s) => assert_eq!(s.title, example_session().title),
        Err(e) => panic!("the shipped example does not load: {e}"),
    }
}

/// The committed text of the example when the working copy was changed
/// since (git reports it modified); `None` outside git or when unchanged.
fn committed() -> Option<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let file = "sessions/example-lib-workshop.ron";
    let diff = Command::new("git")
        .args(["-C", root, "diff", "--quiet", "HEAD", "--", file])
        .output()
        .ok()?;
    if diff.status.code() != Some(1) {
        return None;
    }
    let show = Command::new("git")
        .args(["-C", root, "show", &format!("HEAD:{file}")])
        .output()
        .ok()?;
    show.status
        .success()
        .then(|| String::from_utf8_lossy(&show.stdout).into_owned())
}
