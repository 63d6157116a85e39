//! Wide CSV import against the fixture files in tests/fixtures/wide: every
//! valid file imports with the counts in its `.expected` file, every invalid
//! file is refused with the message in its `.expected` file.

use std::fs;
use std::path::{Path, PathBuf};

use loopshop::domain::{Change, Score};
use loopshop::import::wide;
use loopshop::synthetic::{epoch, example_session};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wide")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    files
}

fn expected(csv: &Path) -> String {
    fs::read_to_string(csv.with_extension("expected"))
        .expect("every fixture has a .expected file")
        .trim()
        .to_owned()
}

#[test]
fn valid_files_import_with_the_expected_counts() {
    let files = fixtures("valid");
    assert!(files.len() >= 3);
    for file in files {
        let bytes = fs::read(&file).expect("readable");
        let session = example_session();
        let changes = wide::parse_at(&session, &bytes, epoch())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ratings: Vec<&Score> = changes
            .iter()
            .filter_map(|c| match c {
                Change::SetRating { score, .. } => Some(score),
                _ => None,
            })
            .collect();
        let added = changes
            .iter()
            .filter(|c| matches!(c, Change::AddParticipant(_)))
            .count();
        let dk = ratings.iter().filter(|s| ***s == Score::DontKnow).count();
        let got = format!("ratings={} added={added} dont_know={dk}", ratings.len());
        assert_eq!(got, expected(&file), "{}", file.display());
        // The changes apply in order to the session they were planned for.
        let mut s = session.clone();
        for c in &changes {
            s.apply(c)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
        assert_eq!(s.participants.len(), session.participants.len() + added);
    }
}

#[test]
fn invalid_files_are_refused_with_a_row_numbered_message() {
    let files = fixtures("invalid");
    assert!(files.len() >= 8);
    for file in files {
        let bytes = fs::read(&file).expect("readable");
        let err = wide::parse_at(&example_session(), &bytes, epoch())
            .err()
            .unwrap_or_else(|| panic!("{} was accepted", file.display()));
        let want = expected(&file);
        assert!(
            err.to_string().starts_with(&want),
            "{}:\n got: {err}\nwant: {want}",
            file.display()
        );
        assert!(!err.to_string().contains('\n'), "one line: {err}");
    }
}

#[test]
fn known_participants_are_matched_and_values_land_in_their_cells() {
    let bytes = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/wide/valid/bom_crlf_dont_know.csv"),
    )
    .expect("fixture");
    let mut s = example_session();
    for c in wide::parse_at(&s.clone(), &bytes, epoch()).expect("valid") {
        s.apply(&c).expect("applies");
    }
    let score = |p: &str, stage: &str| {
        s.rating(p, 1, stage, "maturity")
            .map(loopshop::domain::RatingEntry::score)
    };
    assert_eq!(score("p01", "mining"), Some(Score::Value(1)));
    assert_eq!(score("p02", "exploration"), Some(Score::DontKnow));
    assert_eq!(score("p02", "processing"), Some(Score::DontKnow));
    assert_eq!(score("p02", "design"), Some(Score::Value(5)));
    let new = s
        .participant_by_alias("New Person")
        .expect("added")
        .id
        .clone();
    assert_eq!(new, "p18");
    assert_eq!(score(&new, "design"), Some(Score::Value(4)));
    assert_eq!(score(&new, "mining"), None);
}
