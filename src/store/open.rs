//! A session opened for changes by its one writer.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::error::{CommitError, StoreError, io_error};
use super::file::{read_session, write_session};
use super::input::refuse_symlink;
use super::{journal, lock, rollback, side_path};
use crate::domain::{Change, Session};

/// Folding the journal into the file rewrites the whole file, which takes
/// tens of milliseconds for a conference-sized session: it is done when the
/// writer is quiet ([`OpenSession::fold_when_quiet`]) once the journal has
/// this many records...
const QUIET_FOLD_RECORDS: usize = 500;
/// ...and, however busy, once it has this many records or bytes (replaying
/// that much after a crash still takes only a few seconds).
const CHECKPOINT_RECORDS: usize = 200_000;
const CHECKPOINT_BYTES: u64 = 64 << 20;
/// Batches larger than this go straight into the file, not the journal.
const BIG_BATCH: usize = 500;

/// A session opened for changes by this process (the one writer).
#[derive(Debug)]
pub struct OpenSession {
    /// Journal records replayed when the session was opened: changes a
    /// stop before the fold left only in the journal.
    replayed: usize,
    path: PathBuf,
    session: Session,
    _lock: lock::Lock,
    journal: PathBuf,
    /// Bytes of complete, durable records in the journal.
    journal_len: u64,
    journal_records: usize,
    /// False when the journal's contents are unknown after a failed write:
    /// the next save then goes to the file and empties the journal.
    journal_ok: bool,
    /// Journal lines of commits not yet durable.
    pending: String,
    pending_records: usize,
    /// A commit not yet durable that must go to the file.
    pending_checkpoint: bool,
    /// Sequence number of the last commit, durable or not.
    last_seq: u64,
    /// Durable writes made (journal appends and whole-file saves), each one
    /// fsync round: what group commit saves.
    durable_writes: u64,
    /// The journal's first line: which session it belongs to.
    identity: String,
    /// Where a journal that did not belong to this session was moved.
    set_aside: Option<PathBuf>,
    /// Closed or abandoned: dropping it writes nothing more.
    done: bool,
}

/// How [`OpenSession::close`] left a session whose changes are all durable.
#[derive(Debug)]
pub enum Closed {
    /// Everything is in the session file.
    Folded,
    /// Everything is durable in the journal, but folding it into the file
    /// failed (a full disk, a file held by another program): nothing is
    /// lost, and the next open folds it. The error says why.
    NotFolded(StoreError),
}

/// A session is changed only through its own name: not through a link (a
/// save would replace the link with a copy), not with several names (hard
/// links: two writers, one per name), and not when it is read-only.
fn check_writable(path: &Path) -> Result<(), StoreError> {
    refuse_symlink(path)?;
    let meta = fs::symlink_metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_file() {
        return Err(StoreError::Io {
            path: path.to_owned(),
            message: "is not a session file".to_owned(),
        });
    }
    if meta.permissions().readonly() {
        return Err(StoreError::ReadOnly {
            path: path.to_owned(),
        });
    }
    check_one_name(path)
}

/// A session with a second name (a hard link) could be opened by two
/// writers under two names: refused. Windows reports no link count here.
#[cfg_attr(
    not(unix),
    expect(
        clippy::unnecessary_wraps,
        reason = "the check can fail on Unix; Windows reports no link count"
    )
)]
fn check_one_name(path: &Path) -> Result<(), StoreError> {
    #[cfg(not(unix))]
    let _ = path;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::symlink_metadata(path).map_err(|e| io_error(path, &e))?;
        if meta.nlink() > 1 {
            return Err(StoreError::HardLinked {
                path: path.to_owned(),
                links: meta.nlink(),
            });
        }
    }
    Ok(())
}

impl OpenSession {
    /// Opens `path` for writing: locks it, replays its journal, and folds the
    /// journal into the file.
    ///
    /// # Errors
    /// When the file cannot be read or parsed, or another process (or another
    /// `OpenSession` here) has it open. A file that does not load is never
    /// written.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        check_writable(path)?;
        let journal = side_path(path, "journal");
        for side in [
            side_path(path, "lock"),
            journal.clone(),
            side_path(path, "tmp"),
        ] {
            refuse_symlink(&side)?;
        }
        let lock = lock::acquire(path)?;
        // Again under the lock: a second name made meanwhile counts too.
        check_one_name(path)?;
        let (session, mut recovered) = read_session(path)?;
        let mut set_aside = None;
        if let Some(why) = recovered.set_aside_as {
            // Kept for whoever wants it, never replayed nor appended to.
            let moved = journal::set_aside(&journal, why).map_err(|e| io_error(&journal, &e))?;
            set_aside = Some(moved);
            recovered.scan = journal::Scan::default();
        }
        let mut journal_ok = true;
        if recovered.scan.torn {
            // The torn line was never reported saved; new records must not
            // follow it.
            journal_ok = journal::truncate(&journal, recovered.scan.good_len).is_ok();
        }
        let mut open = Self {
            replayed: recovered.replayed,
            identity: journal::Identity::of(&session).line(),
            set_aside,
            path: path.to_owned(),
            last_seq: session.journal_seq,
            session,
            _lock: lock,
            journal,
            journal_len: recovered.scan.good_len,
            journal_records: recovered.scan.records.len(),
            journal_ok,
            pending: String::new(),
            pending_records: 0,
            pending_checkpoint: false,
            durable_writes: 0,
            done: false,
        };
        if recovered.replayed > 0 || open.journal_len > 0 || !open.journal_ok {
            // Best effort: if it fails, the journal still holds everything.
            let _ = open.checkpoint();
        }
        Ok(open)
    }

    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where a journal found beside the file that did not belong to this
    /// session was moved on opening (it was not replayed).
    #[must_use]
    pub fn journal_set_aside(&self) -> Option<&Path> {
        self.set_aside.as_deref()
    }

    /// True when everything in memory is durable on disk.
    #[must_use]
    pub fn is_saved(&self) -> bool {
        self.pending.is_empty() && !self.pending_checkpoint
    }

    /// Validates, applies and durably records one change. Returns its inverse.
    ///
    /// # Errors
    /// [`CommitError::Rejected`] leaves everything as it was;
    /// [`CommitError::NotSaved`] keeps the change in memory for a retry.
    pub fn commit(
        &mut self,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Option<Change>, CommitError> {
        let mut inverses = self.commit_all(&[change], now)?;
        Ok(inverses.pop().flatten())
    }

    /// Applies several changes all or nothing, recorded as one durable step.
    /// Returns their inverses in order.
    ///
    /// # Errors
    /// As [`OpenSession::commit`]; a rejected change rejects the whole batch.
    pub fn commit_all(
        &mut self,
        changes: &[Change],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<Change>>, CommitError> {
        let inverses = self.stage(changes, now)?;
        if let Err(error) = self.sync() {
            return Err(CommitError::NotSaved { error, inverses });
        }
        Ok(inverses)
    }

    /// Applies several changes all or nothing in memory and queues them as
    /// one journal record, without writing: [`OpenSession::sync`] then makes
    /// every staged record durable in one append and one fsync (group
    /// commit). Returns the inverses in order.
    ///
    /// # Errors
    /// A rejected change rejects the whole batch and changes nothing.
    pub fn stage(
        &mut self,
        changes: &[Change],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<Change>>, crate::domain::ChangeError> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let inverses = rollback::apply_all(&mut self.session, changes)?;
        self.record(now, (changes.len() <= BIG_BATCH).then_some(changes));
        Ok(inverses)
    }

    /// Queues a batch already applied in memory as one journal record, or
    /// as a whole-file save when `changes` is `None` (a big batch) or cannot
    /// be one journal line.
    fn record(&mut self, now: DateTime<Utc>, changes: Option<&[Change]>) {
        self.last_seq += 1;
        self.session.updated = now;
        self.session.journal_seq = self.last_seq;
        match changes.and_then(|c| journal::record_line(self.last_seq, now, c)) {
            Some(line) => {
                self.pending.push_str(&line);
                self.pending_records += 1;
            }
            None => self.pending_checkpoint = true,
        }
    }

    /// Starts a run of changes applied one at a time as they come (an
    /// import read row by row), all or nothing like
    /// [`OpenSession::commit_all`] but without holding them all first, nor
    /// a copy of the session: each change keeps only its exact way back.
    /// [`Run::commit`] makes the run durable; a run dropped without it is
    /// rolled back.
    pub fn run(&mut self) -> Run<'_> {
        Run {
            open: self,
            undo: rollback::Undo::default(),
            journal: Some(Vec::new()),
            applied: 0,
            finished: false,
        }
    }

    /// Makes everything staged durable: one journal append and one fsync for
    /// all of it (or one whole-file save when the journal is due to be
    /// folded). Nothing to do when everything is saved.
    ///
    /// # Errors
    /// When the write fails; the changes stay in memory and are retried by
    /// the next call.
    pub fn sync(&mut self) -> Result<(), StoreError> {
        self.retry()
    }

    /// Journal records replayed when the session was opened.
    #[must_use]
    pub fn replayed(&self) -> usize {
        self.replayed
    }

    /// Durable writes made so far (journal appends and whole-file saves):
    /// each is one fsync round, so group commit shows here.
    #[must_use]
    pub fn durable_writes(&self) -> u64 {
        self.durable_writes
    }

    /// Tries again to make pending changes durable.
    ///
    /// # Errors
    /// When the write fails again.
    pub fn retry(&mut self) -> Result<(), StoreError> {
        if self.is_saved() {
            return Ok(());
        }
        let fits = self.journal_records + self.pending_records <= CHECKPOINT_RECORDS
            && self.journal_len + self.pending.len() as u64 <= CHECKPOINT_BYTES;
        if !self.pending_checkpoint && self.journal_ok && fits {
            let appended = journal::append(
                &self.journal,
                self.journal_len,
                &self.identity,
                self.pending.as_bytes(),
            );
            match appended {
                Ok(written) => {
                    self.durable_writes += 1;
                    self.journal_len += written;
                    self.journal_records += self.pending_records;
                    self.pending.clear();
                    self.pending_records = 0;
                    return Ok(());
                }
                Err(e) => {
                    // Take back a partial line; if that fails too, the
                    // journal is not appended to again until it is emptied.
                    self.journal_ok = journal::cut_back(&self.journal, self.journal_len);
                    let taken_back = if self.journal_ok {
                        ""
                    } else {
                        // Its end is unknown: a whole line may have reached
                        // it before the fsync failed.
                        "; what reached it could not be taken back and may \
                         be replayed when the session is next opened"
                    };
                    // The session file may still be writable.
                    return self.checkpoint().map_err(|e2| match e2 {
                        StoreError::Io { path, message } => StoreError::Io {
                            path,
                            message: format!("{message} (and the journal: {e}{taken_back})"),
                        },
                        other => other,
                    });
                }
            }
        }
        self.checkpoint()
    }

    /// Saves the whole session to its file and empties the journal.
    fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.session.journal_seq = self.last_seq;
        write_session(&self.path, &self.session)?;
        self.durable_writes += 1;
        self.pending.clear();
        self.pending_records = 0;
        self.pending_checkpoint = false;
        // Every journal record is now in the file (seq <= journal_seq), so
        // the journal may be emptied; until it is, it is not appended to.
        self.journal_ok = journal::reset(&self.journal).is_ok();
        if self.journal_ok {
            self.journal_len = 0;
            self.journal_records = 0;
        }
        Ok(())
    }

    /// Folds the journal into the file if it has grown, now that nothing
    /// waits on the writer. A failure is left for the next save to report:
    /// the journal still holds everything.
    pub fn fold_when_quiet(&mut self) {
        if self.journal_records >= QUIET_FOLD_RECORDS && self.is_saved() {
            let _ = self.checkpoint();
        }
    }

    /// Makes every change durable, folds the journal into the session file
    /// and releases the lock.
    ///
    /// `Ok` means every change is on disk: in the file ([`Closed::Folded`]),
    /// or in the journal when only the fold failed ([`Closed::NotFolded`],
    /// which says why; the next open folds it).
    ///
    /// # Errors
    /// When changes not yet durable could not be written: they are dropped
    /// and the session stays as it is on disk (nothing is written after a
    /// close, so a command that reports this error has changed nothing
    /// beyond what was durable before).
    pub fn close(mut self) -> Result<Closed, StoreError> {
        self.done = true;
        self.retry()?;
        if self.journal_len == 0 && self.journal_ok {
            return Ok(Closed::Folded);
        }
        Ok(match self.checkpoint() {
            Ok(()) => Closed::Folded,
            Err(e) => Closed::NotFolded(e),
        })
    }

    /// Releases the lock without writing anything more: changes not yet
    /// durable are dropped, and the session stays as it is on disk (with
    /// whatever its journal holds). For a command whose change could not be
    /// saved and that says so: a later write must not make it true after
    /// all.
    pub fn abandon(mut self) {
        self.done = true;
    }
}

/// A run of changes under way (see [`OpenSession::run`]).
pub struct Run<'a> {
    open: &'a mut OpenSession,
    undo: rollback::Undo,
    /// The changes, while they still fit one journal record.
    journal: Option<Vec<Change>>,
    applied: usize,
    finished: bool,
}

impl Run<'_> {
    /// Validates and applies one more change in memory. Returns its inverse.
    ///
    /// # Errors
    /// A rejected change changes nothing; the run can go on or be dropped
    /// (rolling back every change before it).
    pub fn apply(&mut self, change: Change) -> Result<Option<Change>, crate::domain::ChangeError> {
        let inverse = self.undo.apply(&mut self.open.session, &change)?;
        self.applied += 1;
        if self.applied > BIG_BATCH {
            // Too many for the journal: the run is saved as a whole file.
            self.journal = None;
        } else if let Some(changes) = &mut self.journal {
            changes.push(change);
        }
        Ok(inverse)
    }

    /// The session with the changes applied so far.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.open.session
    }

    /// Makes every change of the run durable as one step (as
    /// [`OpenSession::commit_all`]). Returns how many there were.
    ///
    /// # Errors
    /// When the write fails; the changes stay in memory and the next save
    /// retries them, as with [`CommitError::NotSaved`].
    pub fn commit(mut self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        self.finished = true;
        // The ways back go before the save, which needs memory of its own.
        drop(std::mem::take(&mut self.undo));
        if self.applied == 0 {
            return Ok(0);
        }
        let changes = self.journal.take();
        self.open.record(now, changes.as_deref());
        drop(changes);
        self.open.sync()?;
        Ok(self.applied)
    }
}

impl Drop for Run<'_> {
    fn drop(&mut self) {
        if !self.finished {
            std::mem::take(&mut self.undo).roll_back(&mut self.open.session);
        }
    }
}

impl Drop for OpenSession {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if !self.is_saved() || self.journal_len > 0 || !self.journal_ok {
            let _ = self.checkpoint();
        }
    }
}
