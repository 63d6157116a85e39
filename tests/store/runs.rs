//! Runs of changes applied one at a time as they come (`OpenSession::run`,
//! what a streaming import uses): all or nothing like `commit_all`, one
//! durable step when committed, nothing at all when dropped.

use chrono::Duration;
use loopshop::domain::{Change, EnteredBy, Participant, Score, Session};
use loopshop::store::{self, OpenSession, Store, side_path};
use loopshop::synthetic;

fn rate(s: &Session, participant: &str, stage: usize, dimension: usize, v: u8) -> Change {
    Change::SetRating {
        participant: participant.to_owned(),
        round: 1,
        stage: s.template.stages[stage].id.clone(),
        dimension: s.template.dimensions[dimension].id.clone(),
        score: Score::Value(v),
        comment: Some(format!("{participant} {stage} {dimension}")),
        at: s.created + Duration::minutes(5),
        entered_by: EnteredBy::Import,
    }
}

fn person(id: &str, alias: &str) -> Change {
    Change::AddParticipant(Participant {
        id: id.to_owned(),
        alias: alias.to_owned(),
        role: "industry".to_owned(),
        organisation: String::new(),
        joined: false,
    })
}

/// New people, new cells, cells that had a rating, a cell set twice.
fn mixed(s: &Session) -> Vec<Change> {
    let first = s.participants[0].id.clone();
    let mut changes = vec![person("n1", "Newcomer"), rate(s, "n1", 0, 0, 2)];
    for stage in 0..s.template.stages.len() {
        changes.push(rate(s, &first, stage, 1, 1));
    }
    changes.push(rate(s, "n1", 0, 0, 4));
    changes.push(person("n2", "Second"));
    changes.push(rate(s, "n2", 3, 2, 5));
    changes
}

#[test]
fn a_run_dropped_after_a_refused_change_leaves_memory_and_disk_as_they_were() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Store::new(dir.path())
        .create(&synthetic::example_session())
        .expect("create");
    let on_disk = std::fs::read(&path).expect("read");
    let mut open = OpenSession::open(&path).expect("open");
    let before = open.session().clone();
    let changes = mixed(&before);
    {
        let mut run = open.run();
        for change in changes {
            run.apply(change).expect("valid");
        }
        assert_ne!(run.session(), &before);
        // A person named like one already there (aliases ignore case).
        let alias = before.participants[0].alias.to_uppercase();
        assert!(run.apply(person("n3", &alias)).is_err());
    }
    assert_eq!(open.session(), &before);
    assert!(open.is_saved());
    drop(open);
    assert_eq!(std::fs::read(&path).expect("read"), on_disk);
    assert!(!side_path(&path, "journal").exists());
}

#[test]
fn a_committed_run_is_one_durable_step_in_the_journal_or_when_big_in_the_file() {
    for big in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let full = synthetic::synthetic_session("run", if big { 40 } else { 3 }, 3);
        let mut empty = full.clone();
        empty.ratings.clear();
        let path = Store::new(dir.path()).create(&empty).expect("create");
        let mut open = OpenSession::open(&path).expect("open");
        let writes = open.durable_writes();
        let now = full.updated + Duration::hours(1);
        let mut run = open.run();
        let mut count = 0;
        for r in full.ratings_iter() {
            let change = Change::SetRating {
                participant: r.participant.to_owned(),
                round: r.round,
                stage: r.stage.to_owned(),
                dimension: r.dimension.to_owned(),
                score: r.score,
                comment: r.comment.map(str::to_owned),
                at: r.recorded_at,
                entered_by: r.entered_by,
            };
            run.apply(change).expect("valid");
            count += 1;
        }
        assert_eq!(run.commit(now).expect("saved"), count);
        assert_eq!(open.durable_writes(), writes + 1, "big: {big}");
        let journal = std::fs::read(side_path(&path, "journal")).unwrap_or_default();
        // 135 ratings are one journal line; 1,800 go into the file.
        assert_eq!(journal.is_empty(), big, "big: {big}");
        let loaded = store::load(&path).expect("load");
        assert_eq!(&loaded, open.session());
        assert_eq!(loaded.ratings, full.ratings);
        assert_eq!(loaded.journal_seq, 1);
    }
}

#[test]
fn an_empty_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Store::new(dir.path())
        .create(&synthetic::example_session())
        .expect("create");
    let mut open = OpenSession::open(&path).expect("open");
    let writes = open.durable_writes();
    let now = open.session().updated + Duration::hours(1);
    assert_eq!(open.run().commit(now).expect("nothing to save"), 0);
    assert_eq!(open.durable_writes(), writes);
    assert_eq!(open.session().journal_seq, 0);
}
