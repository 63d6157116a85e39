//! Generous rate limits: a device may send about 20 requests a second, and
//! one address may guess wrong (a join code, a personal card's code, the
//! board's key) [`FAILED_GUESSES`] times a minute, so that a code cannot be
//! guessed while a room joining from behind one router is fine.
//!
//! A guess is reserved before it is evaluated ([`Limits::guess`]): the
//! check and the count are one step under one lock, so however many wrong
//! guesses arrive at once, at most the limit are evaluated. A reserved
//! guess counts as wrong unless it is refunded ([`Guess::refund`], for a
//! right one); while the address's reserved and wrong guesses fill the
//! limit, further guesses wait for those in flight to be decided (right
//! ones joining at once from one router are delayed, not refused).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// Requests a device may send per second, on average.
const PER_SECOND: f64 = 20.0;
/// A burst a device may send at once.
const BURST: f64 = 40.0;
/// Wrong guesses an address may make per minute.
pub const FAILED_GUESSES: usize = 10;
/// How long wrong guesses count.
const WINDOW: Duration = Duration::from_secs(60);
/// How long a guess waits for others of its address to be decided.
const WAIT: Duration = Duration::from_secs(10);

/// One address's guesses: the wrong ones of the last minute, and those
/// being evaluated.
#[derive(Debug, Default)]
struct Guesses {
    wrong: Vec<Instant>,
    in_flight: usize,
}

#[derive(Debug, Default)]
pub struct Limits {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
    guesses: Mutex<HashMap<IpAddr, Guesses>>,
    /// A guess was decided: waiting ones look again.
    decided: Notify,
}

/// Why a guess may not be made now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoGuess {
    /// The address has guessed wrong too often this minute.
    TooMany,
    /// The address's guesses in flight did not end in time.
    Busy,
}

/// A guess reserved against its address's limit: it counts as wrong unless
/// [`Guess::refund`]ed, also when the request is dropped half-way.
#[derive(Debug)]
pub struct Guess<'a> {
    limits: &'a Limits,
    ip: IpAddr,
    right: bool,
}

impl Guess<'_> {
    /// The guess was right (or never evaluated as a guess): it does not
    /// count.
    pub fn refund(mut self) {
        self.right = true;
    }
}

impl Drop for Guess<'_> {
    fn drop(&mut self) {
        let mut all = self.limits.lock_guesses();
        if let Some(g) = all.get_mut(&self.ip) {
            g.in_flight = g.in_flight.saturating_sub(1);
            if !self.right {
                g.wrong.push(Instant::now());
            }
        }
        drop(all);
        self.limits.decided.notify_waiters();
    }
}

impl Limits {
    /// Whether the device with this token hash may send one more request.
    pub fn allow(&self, key: &str) -> bool {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() > 100_000 {
            buckets.retain(|_, (_, at)| now.duration_since(*at) < Duration::from_secs(10));
        }
        let (tokens, at) = buckets.entry(key.to_owned()).or_insert((BURST, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND).min(BURST);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn lock_guesses(&self) -> MutexGuard<'_, HashMap<IpAddr, Guesses>> {
        // A panic elsewhere while holding it leaves only counts behind.
        self.guesses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reserves one guess of this address, or says why not: the check and
    /// the count in one step.
    fn try_guess(&self, ip: IpAddr) -> Result<Guess<'_>, NoGuess> {
        let now = Instant::now();
        let mut all = self.lock_guesses();
        if all.len() > 10_000 {
            all.retain(|_, g| {
                g.in_flight > 0 || g.wrong.iter().any(|t| now.duration_since(*t) < WINDOW)
            });
        }
        let g = all.entry(ip).or_default();
        g.wrong.retain(|t| now.duration_since(*t) < WINDOW);
        if g.wrong.len() >= FAILED_GUESSES {
            return Err(NoGuess::TooMany);
        }
        if g.wrong.len() + g.in_flight >= FAILED_GUESSES {
            return Err(NoGuess::Busy);
        }
        g.in_flight += 1;
        Ok(Guess {
            limits: self,
            ip,
            right: false,
        })
    }

    /// Reserves one guess of this address before it is evaluated; waits
    /// (at most [`WAIT`]) while the address's guesses in flight could still
    /// use up its limit.
    ///
    /// # Errors
    /// When the address has guessed wrong too often this minute, or its
    /// guesses in flight were not decided in time.
    pub async fn guess(&self, ip: IpAddr) -> Result<Guess<'_>, NoGuess> {
        let until = tokio::time::Instant::now() + WAIT;
        loop {
            // Listening before looking: a decision in between is not missed.
            let decided = self.decided.notified();
            tokio::pin!(decided);
            decided.as_mut().enable();
            match self.try_guess(ip) {
                Err(NoGuess::Busy) => {}
                other => return other,
            }
            if tokio::time::timeout_at(until, decided).await.is_err() {
                return Err(NoGuess::Busy);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_a_flood_is_held_back() {
        let l = Limits::default();
        let passed = (0..200).filter(|_| l.allow("t")).count();
        assert!((40..60).contains(&passed), "{passed}");
        assert!(l.allow("another device"));
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    }

    #[test]
    fn guesses_are_counted_before_they_are_evaluated() {
        let l = Limits::default();
        let ip: IpAddr = [127, 0, 0, 1].into();
        let other: IpAddr = [127, 0, 0, 2].into();
        // Many at once: only the limit is let through to be evaluated.
        let held: Vec<Guess<'_>> = (0..500).filter_map(|_| l.try_guess(ip).ok()).collect();
        assert_eq!(held.len(), FAILED_GUESSES);
        assert_eq!(l.try_guess(ip).err(), Some(NoGuess::Busy));
        assert!(l.try_guess(other).is_ok(), "per address");
        // Right ones give their place back.
        let mut held = held.into_iter();
        held.next().expect("one").refund();
        let again = l.try_guess(ip).expect("a place was given back");
        drop(again);
        // Dropped ones count as wrong: the address is done for a minute.
        drop(held);
        assert_eq!(l.try_guess(ip).err(), Some(NoGuess::TooMany));
    }

    #[test]
    fn a_guess_waits_for_those_in_flight_and_right_ones_are_not_refused() {
        let l = Limits::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        runtime().block_on(async {
            let first: Vec<Guess<'_>> = (0..FAILED_GUESSES)
                .map(|_| l.try_guess(ip).expect("within the limit"))
                .collect();
            // The eleventh waits until one of them is decided right...
            let waiting = l.guess(ip);
            tokio::pin!(waiting);
            assert!(
                futures_poll_once(waiting.as_mut()).await.is_none(),
                "it waits"
            );
            let mut first = first.into_iter();
            first.next().expect("one").refund();
            let eleventh = waiting.await.expect("a place was given back");
            eleventh.refund();
            for g in first {
                g.refund();
            }
            assert!(l.guess(ip).await.is_ok());
        });
    }

    /// Polls a future once: its output if it is ready.
    async fn futures_poll_once<F: std::future::Future + Unpin>(f: F) -> Option<F::Output> {
        let mut f = f;
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut f).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
