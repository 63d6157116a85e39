//! The release archives that `.ci/package` builds: unpacked, they hold a
//! binary that runs, the shell completions and the man pages, and nothing
//! that is only for the tests (the Wine stand-in DLL).
//!
//! Ignored by a plain `cargo test` (building release archives takes minutes):
//! `.ci/run` builds them into a folder, names it in `LOOPSHOP_DIST_DIR`, and
//! runs `cargo test --test project -- --ignored dist_archive::`.
//! `LOOPSHOP_WINE`, when set, is a program that runs a Windows executable (a
//! Wine wrapper), to run the Windows binary too.

use std::path::{Path, PathBuf};
use std::process::Command;

const COMPLETIONS: [&str; 4] = [
    "loopshop.bash",
    "_loopshop",
    "loopshop.fish",
    "_loopshop.ps1",
];
const COMMANDS: [&str; 10] = [
    "new", "copy", "list", "show", "import", "export", "template", "run", "review", "compare",
];

fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("LOOPSHOP_DIST_DIR").map_or_else(
        || panic!("LOOPSHOP_DIST_DIR must name the folder .ci/package wrote"),
        PathBuf::from,
    );
    assert!(dir.is_dir(), "{} is not a folder", dir.display());
    dir
}

/// The one archive in the dist folder for `target`.
fn archive(target: &str, ext: &str) -> PathBuf {
    let version = env!("CARGO_PKG_VERSION");
    let path = dist_dir().join(format!("loopshop-{version}-{target}.{ext}"));
    assert!(path.is_file(), "no archive {}", path.display());
    let sum = PathBuf::from(format!("{}.sha256", path.display()));
    let sum = std::fs::read_to_string(&sum).unwrap_or_else(|e| panic!("{}: {e}", sum.display()));
    assert!(
        sum.trim_end()
            .ends_with(&format!("  loopshop-{version}-{target}.{ext}")),
        "{sum}"
    );
    path
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Checks an unpacked archive's folder `root`; `exe` is the binary's name.
fn check_contents(root: &Path, exe: &str) {
    let bin = root.join(exe);
    assert!(bin.is_file(), "no {}", bin.display());
    for name in COMPLETIONS {
        let file = root.join("completions").join(name);
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Every command can be completed.
        for command in COMMANDS {
            assert!(text.contains(command), "{}: no {command}", file.display());
        }
    }
    let page = |name: &str| {
        let file = root.join("man").join(name);
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    };
    let main = page("loopshop.1");
    assert!(main.contains(".TH loopshop 1"), "{main}");
    assert!(
        main.contains(&format!("loopshop {}", env!("CARGO_PKG_VERSION"))),
        "{main}"
    );
    for command in COMMANDS {
        let sub = page(&format!("loopshop-{command}.1"));
        assert!(sub.contains(&format!(".TH loopshop-{command} 1")), "{sub}");
    }
    for doc in ["README.md", "LICENSE", "docs/CLI.md", "docs/PLATFORMS.md"] {
        assert!(root.join(doc).is_file(), "no {doc}");
    }
    assert!(root.join("sessions/example-lib-workshop.ron").is_file());
    for example in ["examples/experts.csv", "examples/ratings.csv"] {
        assert!(root.join(example).is_file(), "no {example}");
    }
    // What only the tests under Wine use never ships.
    let mut all = Vec::new();
    walk(root, &mut all);
    assert!(
        !all.iter().any(|p| p
            .to_string_lossy()
            .to_lowercase()
            .contains("bcryptprimitives")),
        "{all:?}"
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            walk(&path, out);
        }
        out.push(path);
    }
}

#[test]
#[ignore = "needs the archives of .ci/package in LOOPSHOP_DIST_DIR (.ci/run)"]
fn the_linux_archive_unpacks_to_a_binary_its_completions_and_man_pages() {
    let target = "x86_64-unknown-linux-musl";
    let archive = archive(target, "tar.gz");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.path()));
    let root = dir
        .path()
        .join(format!("loopshop-{}-{target}", env!("CARGO_PKG_VERSION")));
    check_contents(&root, "loopshop");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.join("loopshop")).map_or(0, |m| m.permissions().mode());
        assert_eq!(mode & 0o111, 0o111, "not executable: {mode:o}");
    }
    // It runs, on its own (static), and finds the example beside it.
    let bin = root.join("loopshop");
    let version = run(Command::new(&bin).arg("--version"));
    assert_eq!(
        version.trim(),
        format!("loopshop {}", env!("CARGO_PKG_VERSION"))
    );
    let list = run(Command::new(&bin).arg("list").current_dir(&root));
    assert!(list.contains("LIB circular value chain workshop"), "{list}");
    // The bash completion is valid bash.
    run(Command::new("bash")
        .arg("-n")
        .arg(root.join("completions/loopshop.bash")));
}

#[test]
#[ignore = "needs the archives of .ci/package in LOOPSHOP_DIST_DIR (.ci/run)"]
fn the_windows_archive_unpacks_to_loopshop_exe_its_completions_and_man_pages() {
    let target = "x86_64-pc-windows-gnu";
    let archive = archive(target, "zip");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    run(Command::new("unzip")
        .arg("-q")
        .arg(&archive)
        .arg("-d")
        .arg(dir.path()));
    let root = dir
        .path()
        .join(format!("loopshop-{}-{target}", env!("CARGO_PKG_VERSION")));
    check_contents(&root, "loopshop.exe");
    let exe = root.join("loopshop.exe");
    let head = std::fs::read(&exe).unwrap_or_default();
    assert!(head.starts_with(b"MZ"), "not a Windows executable");
    if let Some(wine) = std::env::var_os("LOOPSHOP_WINE").filter(|w| !w.is_empty()) {
        let version = run(Command::new(&wine).arg(&exe).arg("--version"));
        assert_eq!(
            version.trim(),
            format!("loopshop {}", env!("CARGO_PKG_VERSION"))
        );
        let list = run(Command::new(&wine).arg(&exe).arg("list").current_dir(&root));
        assert!(
            list.contains("sessions\\example-lib-workshop.ron"),
            "{list}"
        );
    }
}
