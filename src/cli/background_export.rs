//! Export from the session screens without interrupting them: the session is
//! snapshotted (cloned) and every available format, and the research data
//! package as a folder, is rendered and written on a background thread; the result comes back as [`Action::Exported`] on the
//! loop's queue.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::app::{Action, Exported};
use crate::domain::Session;
use crate::export;

/// Renders every available format of `session` into `dir` as
/// `<stem>.<extension>`, each written atomically ([`crate::store::write_file`]),
/// so that a reader never sees half a file.
///
/// # Errors
/// A one-line message when the folder cannot be made, a format fails to
/// render, or a file cannot be written.
pub fn write_all(session: &Session, dir: &Path, stem: &str) -> Result<Exported, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("export failed: cannot make {}: {e}", dir.display()))?;
    let opts = export::Options::round(crate::analysis::RoundChoice::Latest);
    let (rendered, captions) = export::render_all_captioned(export::Subject::one(session), &opts)
        .map_err(|e| format!("export failed: {e}"))?;
    // A figure too tall with all its legend keeps the rest beside it.
    let captions = captions
        .into_iter()
        .map(|(figure, text)| (format!("{}.caption.txt", figure.name()), text.into_bytes()));
    let count = rendered.len();
    let files = rendered
        .into_iter()
        .map(|(format, bytes)| (format.extension().to_owned(), bytes))
        .chain(captions);
    for (extension, bytes) in files {
        let name = format!("{stem}.{extension}");
        crate::store::write_file(&dir.join(&name), &bytes)
            .map_err(|e| format!("export failed: {e}"))?;
    }
    let package = format!("{stem}.package");
    write_package(session, &dir.join(&package))?;
    Ok(Exported {
        files: count,
        dir: dir.to_owned(),
        package: Some(package),
    })
}

/// The research data package as the folder `dir` (pseudonyms only, no
/// notes, no licence chosen: the README says to choose one); returns the
/// number of files written.
fn write_package(session: &Session, dir: &Path) -> Result<usize, String> {
    let failed = |e: &dyn std::fmt::Display| format!("export failed: {e}");
    let files = export::package::render(
        std::slice::from_ref(session),
        std::slice::from_ref(&session.title),
        None,
        &export::Options::default(),
        &export::package::PackageOptions::default(),
    )
    .map_err(|e| failed(&e))?;
    for f in &files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed(&e))?;
        }
        crate::store::write_file(&path, &f.bytes).map_err(|e| failed(&e))?;
    }
    Ok(files.len())
}

/// Debug builds only: set, it makes the background export panic, so that
/// the end-to-end tests can check that a panic off the screen's thread
/// leaves the terminal to the screen (tests/e2e/tui.rs). Release builds
/// do not read it.
pub const PANIC_FOR_TESTS: &str = "LOOPSHOP_TEST_PANIC_IN_EXPORT";

#[cfg(debug_assertions)]
fn panic_if_asked_for_tests() {
    assert!(
        std::env::var_os(PANIC_FOR_TESTS).is_none(),
        "{PANIC_FOR_TESTS} is set: the background export panics"
    );
}

#[cfg(not(debug_assertions))]
fn panic_if_asked_for_tests() {}

/// Starts an export of `session` on a background thread; its result is sent
/// to `outbox` as [`Action::Exported`]. Without an outbox (tests driving
/// the app without a loop) the export runs now and its action is returned.
#[must_use]
pub fn start(
    session: Session,
    dir: PathBuf,
    stem: String,
    outbox: Option<&Sender<Action>>,
) -> Option<Action> {
    let Some(tx) = outbox else {
        return Some(Action::Exported(write_all(&session, &dir, &stem)));
    };
    let tx = tx.clone();
    std::thread::spawn(move || {
        // A bug in a renderer must not leave the app waiting forever.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            panic_if_asked_for_tests();
            write_all(&session, &dir, &stem)
        }))
        .unwrap_or_else(|_| Err("export failed: internal error".to_owned()));
        // The app is gone when the queue is closed: nothing to tell.
        let _ = tx.send(Action::Exported(result));
    });
    None
}
