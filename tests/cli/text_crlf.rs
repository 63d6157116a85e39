//! CRLF line ends (Windows editors, Excel, Notepad) everywhere loopshop reads
//! text: session files, journals, templates, participant lists, tidy and wide
//! CSV. Each input, with LF and with CRLF, must read the same; so must a
//! session or template file that starts with a UTF-8 byte-order mark, as
//! Notepad and PowerShell 5 write them (CSV files already may). (A line break
//! inside a quoted CSV cell is data, not a line end, and is kept as written:
//! export and import round-trip it exactly.)

use std::path::{Path, PathBuf};

use crate::support::cli::{self, fixture_files, fixture_session};
use chrono::TimeZone;
use loopshop::domain::{Score, template_check};
use loopshop::import::{participants, tidy, wide};
use loopshop::store::{self, OpenSession, Store, side_path};
use loopshop::synthetic;

fn lf(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text).replace("\r\n", "\n");
    text.into_bytes()
}

fn crlf(text: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(&lf(text))
        .replace('\n', "\r\n")
        .into_bytes()
}

/// CSV line ends as LF (`crlf == false`) or CRLF, leaving quoted cells alone.
fn csv_line_ends(text: &[u8], crlf: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    let mut quoted = false;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'"' {
            quoted = !quoted;
        }
        if !quoted && b == b'\r' && text.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        if !quoted && b == b'\n' && crlf {
            out.push(b'\r');
        }
        out.push(b);
        i += 1;
    }
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_session_file_and_its_journal_with_crlf_read_the_same() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = Store::new(dir.path())
        .create(&synthetic::example_session())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut open = OpenSession::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let base = open.session().clone();
    for (n, (p, stage)) in [("p01", "mining"), ("p02", "use"), ("p03", "reuse")]
        .into_iter()
        .enumerate()
    {
        let when = base.created + chrono::Duration::seconds(100 + i64::try_from(n).unwrap_or(0));
        let change = loopshop::domain::Change::SetRating {
            participant: p.to_owned(),
            round: 1,
            stage: stage.to_owned(),
            dimension: "maturity".to_owned(),
            score: Score::Value(1),
            comment: Some("line one".to_owned()),
            at: when,
            entered_by: loopshop::domain::EnteredBy::Facilitator,
        };
        open.commit(change, when).unwrap_or_else(|e| panic!("{e}"));
    }
    // As a crash would leave them: the file and three journal records
    // after the journal's header line.
    let (file, journal) = (read(&path), read(&side_path(&path, "journal")));
    assert_eq!(journal.iter().filter(|&&b| b == b'\n').count(), 4);
    drop(open);
    let expected = {
        let d = dir.path().join("lf");
        std::fs::create_dir(&d).unwrap_or_else(|e| panic!("{e}"));
        let p = d.join("s.ron");
        std::fs::write(&p, &file).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(side_path(&p, "journal"), &journal).unwrap_or_else(|e| panic!("{e}"));
        store::load(&p).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(
        expected
            .rating("p03", 1, "reuse", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        Some(Score::Value(1))
    );

    let d = dir.path().join("crlf");
    std::fs::create_dir(&d).unwrap_or_else(|e| panic!("{e}"));
    let p = d.join("s.ron");
    std::fs::write(&p, crlf(&file)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(side_path(&p, "journal"), crlf(&journal)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store::load(&p).unwrap_or_else(|e| panic!("{e}")), expected);
    // Opening it replays the journal and writes the file back, with LF.
    let open = OpenSession::open(&p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(open.session(), &expected);
    open.close().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store::load(&p).unwrap_or_else(|e| panic!("{e}")), expected);
    assert!(!read(&p).contains(&b'\r'));

    // With a byte-order mark too.
    let bom = d.join("bom.ron");
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend(crlf(&file));
    std::fs::write(&bom, text).unwrap_or_else(|e| panic!("{e}"));
    let without_journal =
        store::load(&lf_copy(dir.path(), &file)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store::load(&bom).unwrap_or_else(|e| panic!("{e}")),
        without_journal
    );

    // A mistake in a CRLF file is reported at the same line and column.
    let broken = String::from_utf8_lossy(&file).replacen("title:", "title =", 1);
    let lf_path = d.join("broken-lf.ron");
    let crlf_path = d.join("broken-crlf.ron");
    std::fs::write(&lf_path, lf(broken.as_bytes())).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&crlf_path, crlf(broken.as_bytes())).unwrap_or_else(|e| panic!("{e}"));
    let at = |p: &Path| match store::load(p) {
        Err(store::StoreError::Parse { line, col, .. }) => (line, col),
        other => panic!("{}: expected a parse error, got {other:?}", p.display()),
    };
    assert_eq!(at(&lf_path), at(&crlf_path));
}

/// `file` alone (no journal) in a folder of its own under `dir`.
fn lf_copy(dir: &Path, file: &[u8]) -> PathBuf {
    let d = dir.join("alone");
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    let p = d.join("s.ron");
    std::fs::write(&p, file).unwrap_or_else(|e| panic!("{e}"));
    p
}

#[test]
fn templates_with_crlf_or_a_byte_order_mark_read_the_same() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for file in fixture_files("template/valid", "ron") {
        let bytes = read(&file);
        let with_lf = template_check::parse(&String::from_utf8_lossy(&lf(&bytes)))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let with_crlf = template_check::parse(&String::from_utf8_lossy(&crlf(&bytes)))
            .unwrap_or_else(|e| panic!("{} with CRLF: {e}", file.display()));
        assert_eq!(with_lf, with_crlf, "{}", file.display());
        assert!(
            template_check::check(&with_crlf).is_empty(),
            "{}",
            file.display()
        );
        // Through the binary, which also takes off a byte-order mark.
        let windows = dir.path().join("windows.ron");
        let mut text = b"\xEF\xBB\xBF".to_vec();
        text.extend(crlf(&bytes));
        std::fs::write(&windows, text).unwrap_or_else(|e| panic!("{e}"));
        let checked = cli::run(dir.path(), &["template", "check", cli::s(&windows)]).ok();
        assert!(checked.stdout.contains(": ok: "), "{}", checked.stdout);
    }
}

#[test]
fn participant_lists_with_crlf_read_the_same() {
    for file in fixture_files("participants/valid", "csv") {
        let bytes = read(&file);
        let with_lf = participants::parse(&csv_line_ends(&bytes, false))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let with_crlf = participants::parse(&csv_line_ends(&bytes, true))
            .unwrap_or_else(|e| panic!("{} with CRLF: {e}", file.display()));
        assert_eq!(with_lf, with_crlf, "{}", file.display());
    }
}

#[test]
fn tidy_and_wide_csv_with_crlf_read_the_same() {
    let session = fixture_session();
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 3, 12, 12, 0, 0)
        .single()
        .unwrap_or_else(|| panic!("date"));
    for file in fixture_files("import/valid", "csv") {
        let bytes = read(&file);
        let with_lf = tidy::plan(&csv_line_ends(&bytes, false), &session, now)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let with_crlf = tidy::plan(&csv_line_ends(&bytes, true), &session, now)
            .unwrap_or_else(|e| panic!("{} with CRLF: {e}", file.display()));
        assert_eq!(with_lf, with_crlf, "{}", file.display());
    }
    for file in fixture_files("wide/valid", "csv") {
        let bytes = read(&file);
        let with_lf = wide::parse_at(&session, &csv_line_ends(&bytes, false), now)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let with_crlf = wide::parse_at(&session, &csv_line_ends(&bytes, true), now)
            .unwrap_or_else(|e| panic!("{} with CRLF: {e}", file.display()));
        assert_eq!(with_lf, with_crlf, "{}", file.display());
    }
}
