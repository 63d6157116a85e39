//! Every connection's timeouts, and the budget of open connections.
//!
//! A room's network is open: anyone on it can open connections and say
//! nothing. Each connection therefore has
//!
//! - a header-read timeout ([`HEADER_READ`], 5 s): from its acceptance until
//!   its first request's headers are in, and from the first byte of each
//!   later request until its headers are in;
//! - a body-read timeout ([`BODY_READ`], 10 s), kept by the server's
//!   service while it reads a body (`super::serve_request`);
//! - an idle keep-alive timeout ([`IDLE`], 60 s) between requests: hyper's
//!   own `header_read_timeout`, which since hyper 1.6 (hyperium/hyper#3828)
//!   starts as soon as a connection is idle after its response, so it is an
//!   idle timeout as well (set to 5 s it would close a phone's keep-alive
//!   connection 5 s after each answer; hence the 5 s rule here, which knows
//!   when a request's first byte came);
//! - nothing for event streams, which keep their heartbeat (a comment every
//!   15 s) and end when their device goes.
//!
//! At start the server raises its soft limit of open files to the hard limit
//! ([`raise_open_files`]) and keeps its connections within a budget below
//! it ([`budget_for`]). A connection over the budget closes another one:
//! first one that has not completed a request (the oldest first; a newly
//! accepted one is closed itself only when nothing else can be), then the
//! oldest idle keep-alive one, then one being answered, and the event
//! streams of signed-in devices last. There is no cap per address: a room
//! behind one router, or a reverse proxy, is one address.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// From a connection's acceptance, or from the first byte of a later
/// request, until the request's headers are in.
pub const HEADER_READ: Duration = Duration::from_secs(5);
/// From a request's headers until its whole body is in.
pub const BODY_READ: Duration = Duration::from_secs(10);
/// Between two requests of a keep-alive connection.
pub const IDLE: Duration = Duration::from_secs(60);

/// Descriptors kept for everything but connections: the session's files,
/// the terminal, the runtime, an export.
const RESERVED: u64 = 64;
/// Connections closed by the budget that have not finished closing yet:
/// the listener waits rather than exceed the budget by more.
const SLACK: usize = 16;
/// The most connections ever kept open, whatever the limit (each costs a
/// few KB of buffers): 2,000 phones with an event stream, a keep-alive
/// connection and more to spare.
pub const MOST: usize = 16_384;

/// Raises this process's soft limit of open files to its hard limit (on
/// macOS, to the kernel's limit per process); the soft limit now in force,
/// or `None` where there is no such limit (Windows).
#[must_use]
pub fn raise_open_files() -> Option<u64> {
    #[cfg(unix)]
    {
        rlimit::increase_nofile_limit(u64::MAX)
            .or_else(|_| rlimit::Resource::NOFILE.get().map(|(soft, _)| soft))
            .ok()
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// How many connections may be open under a soft limit of `limit` open
/// files: the limit less what the process needs besides, at most [`MOST`].
#[must_use]
pub fn budget_for(limit: Option<u64>) -> usize {
    let Some(limit) = limit else {
        return MOST;
    };
    let usable = limit
        .saturating_sub(RESERVED + SLACK as u64)
        .max(limit / 2)
        .max(1);
    usize::try_from(usable).map_or(MOST, |n| n.min(MOST))
}

/// Where a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    /// Accepted; its first request's headers are not in yet.
    Opening = 0,
    /// A request's headers are in; its body is arriving.
    Body = 1,
    /// The server is answering a request.
    Answering = 2,
    /// Between requests (keep-alive).
    Idle = 3,
    /// Its answer is an event stream.
    Stream = 4,
}

impl Phase {
    fn from_u8(v: u8) -> Self {
        match v {
            0 => Self::Opening,
            1 => Self::Body,
            2 => Self::Answering,
            3 => Self::Idle,
            _ => Self::Stream,
        }
    }
}

/// The order in which the budget closes connections: the lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// Has not completed the request it is sending (or any yet).
    Incomplete,
    /// Idle between requests.
    Idle,
    /// Being answered.
    Answering,
    /// An event stream (its device, or the board, is signed in).
    Stream,
}

/// What the budget and the timeouts know of one connection. Its fields are
/// atomics: the connection's task, its service and its reads update them,
/// the listener reads them when it must choose one to close.
#[derive(Debug)]
pub struct Conn {
    epoch: Instant,
    phase: AtomicU8,
    /// When the phase began, in µs since `epoch`.
    since: AtomicU64,
    /// When idle: the first byte of the next request, µs since `epoch`
    /// plus one; 0 for none yet.
    next_request: AtomicU64,
    evicted: AtomicBool,
    /// Wakes the connection's task: closed by the budget, or the next
    /// request has begun.
    wake: Notify,
}

impl Conn {
    fn new(epoch: Instant) -> Self {
        Self {
            epoch,
            phase: AtomicU8::new(Phase::Opening as u8),
            since: AtomicU64::new(micros(epoch.elapsed())),
            next_request: AtomicU64::new(0),
            evicted: AtomicBool::new(false),
            wake: Notify::new(),
        }
    }

    fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::Acquire))
    }

    fn set(&self, phase: Phase) {
        self.next_request.store(0, Ordering::Release);
        self.since
            .store(micros(self.epoch.elapsed()), Ordering::Release);
        self.phase.store(phase as u8, Ordering::Release);
    }

    /// A request's headers are in: its body is read next.
    pub fn request_began(&self) {
        self.set(Phase::Body);
    }

    /// The request's body is in: the server answers it.
    pub fn answering(&self) {
        self.set(Phase::Answering);
    }

    /// The answer is given: an event stream, or idle until the next
    /// request.
    pub fn answered(&self, stream: bool) {
        self.set(if stream { Phase::Stream } else { Phase::Idle });
    }

    /// Bytes arrived: while idle, the next request has begun, and its
    /// headers have [`HEADER_READ`] from now.
    fn bytes_arrived(&self) {
        if self.phase() == Phase::Idle {
            let now = micros(self.epoch.elapsed()) + 1;
            if self
                .next_request
                .compare_exchange(0, now, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                self.wake.notify_one();
            }
        }
    }

    /// Whether the budget has closed this connection.
    #[must_use]
    pub fn evicted(&self) -> bool {
        self.evicted.load(Ordering::Acquire)
    }

    /// Waits until the connection is closed by the budget or its next
    /// request begins (then its deadline is asked again).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    fn class(&self) -> (Class, u64) {
        let since = self.since.load(Ordering::Acquire);
        let next = self.next_request.load(Ordering::Acquire);
        let class = match self.phase() {
            Phase::Opening | Phase::Body => Class::Incomplete,
            Phase::Idle if next != 0 => Class::Incomplete,
            Phase::Idle => Class::Idle,
            Phase::Answering => Class::Answering,
            Phase::Stream => Class::Stream,
        };
        (class, if next != 0 { next - 1 } else { since })
    }

    /// When the connection must be closed unless it moves on: its headers'
    /// deadline; `None` while a body is read (the service keeps that time),
    /// answered, idle (hyper keeps [`IDLE`]) or streamed.
    #[must_use]
    pub fn deadline(&self) -> Option<Instant> {
        let at = |us: u64| self.epoch + Duration::from_micros(us) + HEADER_READ;
        match self.phase() {
            Phase::Opening => Some(at(self.since.load(Ordering::Acquire))),
            Phase::Idle => match self.next_request.load(Ordering::Acquire) {
                0 => None,
                next => Some(at(next - 1)),
            },
            Phase::Body | Phase::Answering | Phase::Stream => None,
        }
    }

    /// Whether the connection's deadline has passed at `now`.
    #[must_use]
    pub fn expired(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| now >= d)
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

#[derive(Debug, Default)]
struct Open {
    /// By acceptance, oldest first.
    conns: BTreeMap<u64, Arc<Conn>>,
    next_id: u64,
    /// Closed by the budget, not yet gone.
    evicting: usize,
}

/// The open connections and their budget.
#[derive(Debug)]
pub struct Connections {
    budget: usize,
    epoch: Instant,
    open: Mutex<Open>,
    /// A connection has gone: the listener may accept again.
    gone: Notify,
}

/// An open connection, counted until dropped.
#[derive(Debug)]
pub struct Held {
    connections: Arc<Connections>,
    id: u64,
    pub conn: Arc<Conn>,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = self.connections.lock();
        if open.conns.remove(&self.id).is_some() && self.conn.evicted() {
            open.evicting = open.evicting.saturating_sub(1);
        }
        drop(open);
        self.connections.gone.notify_one();
    }
}

impl Connections {
    #[must_use]
    pub fn new(budget: usize) -> Arc<Self> {
        Arc::new(Self {
            budget: budget.max(1),
            epoch: Instant::now(),
            open: Mutex::new(Open::default()),
            gone: Notify::new(),
        })
    }

    /// The most connections kept open.
    #[must_use]
    pub fn budget(&self) -> usize {
        self.budget
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // A panic elsewhere while holding it leaves only counts behind.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many connections are open, those still closing included.
    #[must_use]
    pub fn open(&self) -> usize {
        self.lock().conns.len()
    }

    /// Whether the listener should wait before accepting: the connections
    /// closed by the budget have not gone yet.
    #[must_use]
    pub fn full(&self) -> bool {
        self.open() >= self.budget + SLACK
    }

    /// Waits until a connection has gone.
    pub async fn one_gone(&self) {
        self.gone.notified().await;
    }

    /// Counts a newly accepted connection; over the budget, closes another
    /// (see the module's documentation), or this one (`conn.evicted()`)
    /// when every other is being answered.
    #[must_use]
    pub fn admit(self: &Arc<Self>) -> Held {
        let conn = Arc::new(Conn::new(self.epoch));
        let mut open = self.lock();
        let id = open.next_id;
        open.next_id += 1;
        open.conns.insert(id, Arc::clone(&conn));
        if open.conns.len() - open.evicting > self.budget {
            let victim = victim(&open.conns, id).unwrap_or(id);
            if let Some(c) = open.conns.get(&victim) {
                c.evicted.store(true, Ordering::Release);
                c.wake.notify_one();
                open.evicting += 1;
            }
        }
        drop(open);
        Held {
            connections: Arc::clone(self),
            id,
            conn,
        }
    }
}

/// The connection to close for `newest`: the lowest class, the oldest in
/// it; never one being answered; `None` when only those are open (then the
/// newcomer itself is closed).
fn victim(conns: &BTreeMap<u64, Arc<Conn>>, newest: u64) -> Option<u64> {
    let mut best: Option<((Class, u64), u64)> = None;
    for (&id, c) in conns {
        if id == newest || c.evicted() {
            continue;
        }
        // In order of acceptance: the first still opening is the oldest
        // connection that has not completed a request.
        if c.phase() == Phase::Opening {
            return Some(id);
        }
        let rank = c.class();
        if rank.0 != Class::Answering && best.is_none_or(|(b, _)| rank < b) {
            best = Some((rank, id));
        }
    }
    best.map(|(_, id)| id)
}

/// A connection's socket, telling its [`Conn`] when bytes arrive.
#[derive(Debug)]
pub struct Watched<S> {
    stream: S,
    conn: Arc<Conn>,
}

impl<S> Watched<S> {
    pub fn new(stream: S, conn: Arc<Conn>) -> Self {
        Self { stream, conn }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.conn.bytes_arrived();
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_stays_below_the_limit() {
        assert_eq!(budget_for(Some(1024)), 1024 - 80);
        assert_eq!(budget_for(Some(256)), 176);
        assert_eq!(budget_for(Some(100)), 50);
        assert_eq!(budget_for(Some(1_048_576)), MOST);
        assert_eq!(budget_for(None), MOST);
        assert_eq!(budget_for(Some(0)), 1);
    }

    fn evicted(held: &[Held]) -> Vec<usize> {
        held.iter()
            .enumerate()
            .filter(|(_, h)| h.conn.evicted())
            .map(|(i, _)| i)
            .collect()
    }

    fn rest(h: &Held, stream: bool) {
        h.conn.request_began();
        h.conn.answering();
        h.conn.answered(stream);
    }

    #[test]
    fn over_budget_the_silent_go_first_then_the_oldest_idle_then_streams() {
        let c = Connections::new(4);
        let mut held: Vec<Held> = (0..4).map(|_| c.admit()).collect();
        // 0: a stream, 1: idle, 2: idle since later, 3: silent.
        rest(&held[0], true);
        rest(&held[1], false);
        std::thread::sleep(Duration::from_millis(2));
        rest(&held[2], false);
        assert!(evicted(&held).is_empty(), "within the budget");
        // A fifth: the silent one goes.
        held.push(c.admit());
        assert_eq!(evicted(&held), [3]);
        // A sixth: the fifth, silent and older, goes.
        held.push(c.admit());
        assert_eq!(evicted(&held), [3, 4]);
        // Once the sixth has completed a request, a seventh closes the
        // oldest idle one, then an eighth the newer idle one.
        rest(&held[5], false);
        std::thread::sleep(Duration::from_millis(2));
        held.push(c.admit());
        assert_eq!(evicted(&held), [1, 3, 4]);
        rest(&held[6], false);
        held.push(c.admit());
        assert_eq!(evicted(&held), [1, 2, 3, 4]);
        // Closed connections go; the count follows.
        held.retain(|h| !h.conn.evicted());
        assert_eq!(c.open(), 4);
        // held: the stream, idle 6th, idle 7th, the silent 8th. A ninth
        // closes the silent 8th, not the stream.
        held.push(c.admit());
        assert_eq!(evicted(&held), [3]);
    }

    #[test]
    fn streams_go_only_when_nothing_else_can_and_answers_never() {
        let c = Connections::new(2);
        let held: Vec<Held> = (0..2).map(|_| c.admit()).collect();
        rest(&held[0], true);
        std::thread::sleep(Duration::from_millis(2));
        rest(&held[1], true);
        // Streams only: the oldest one goes for the newcomer.
        let third = c.admit();
        assert_eq!(evicted(&held), [0]);
        assert!(!third.conn.evicted());
        // A fourth closes the silent third, not the other stream.
        let fourth = c.admit();
        assert!(third.conn.evicted() && !held[1].conn.evicted() && !fourth.conn.evicted());
        drop((held, third));
        // Answers in progress are never cut: the newcomer is refused.
        let c = Connections::new(1);
        let answering = c.admit();
        answering.conn.request_began();
        answering.conn.answering();
        let late = c.admit();
        assert!(late.conn.evicted() && !answering.conn.evicted());
        drop(late);
        assert_eq!(c.open(), 1);
        drop(fourth);
    }

    #[test]
    fn a_keep_alive_connection_sending_its_next_request_slowly_is_incomplete() {
        let c = Connections::new(2);
        let held: Vec<Held> = (0..2).map(|_| c.admit()).collect();
        for h in &held {
            rest(h, false);
        }
        // The older one stays idle; the newer one has begun a request and
        // stalled: it goes first, as a request not completed.
        held[1].conn.bytes_arrived();
        assert!(held[0].conn.deadline().is_none());
        assert!(held[1].conn.deadline().is_some());
        let third = c.admit();
        assert_eq!(evicted(&held), [1]);
        assert!(!third.conn.evicted());
    }

    #[test]
    fn headers_have_their_deadline_and_nothing_else_does() {
        let c = Connections::new(8);
        let h = c.admit();
        let opened = Instant::now();
        let deadline = h.conn.deadline().expect("opening");
        assert!(deadline > opened && deadline <= opened + HEADER_READ);
        assert!(!h.conn.expired(opened));
        assert!(h.conn.expired(opened + HEADER_READ));
        h.conn.request_began();
        assert_eq!(h.conn.deadline(), None, "the body's time is the service's");
        h.conn.answering();
        assert_eq!(h.conn.deadline(), None);
        h.conn.answered(false);
        assert_eq!(h.conn.deadline(), None, "idle: hyper's timer");
        assert!(!h.conn.expired(opened + IDLE));
        h.conn.bytes_arrived();
        let next = h.conn.deadline().expect("the next request's headers");
        assert!(next >= deadline);
        h.conn.answered(true);
        assert_eq!(h.conn.deadline(), None, "streams keep their heartbeat");
    }
}
