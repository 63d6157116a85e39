//! Generous rate limits: a device may send about 20 requests a second, and
//! one address may fail to join a few times a minute (so a code cannot be
//! guessed, while a room joining from behind one router is fine).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests a device may send per second, on average.
const PER_SECOND: f64 = 20.0;
/// A burst a device may send at once.
const BURST: f64 = 40.0;
/// Failed joins an address may make per minute.
const FAILED_JOINS: usize = 10;

#[derive(Debug, Default)]
pub struct Limits {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
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

    /// Whether this address may try to join again.
    pub fn may_join(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        self.failures.lock().map_or(true, |mut f| {
            let list = f.entry(ip).or_default();
            list.retain(|t| now.duration_since(*t) < Duration::from_secs(60));
            list.len() < FAILED_JOINS
        })
    }

    /// Counts a failed join of this address.
    pub fn failed_join(&self, ip: IpAddr) {
        if let Ok(mut f) = self.failures.lock() {
            f.entry(ip).or_default().push(Instant::now());
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
        let ip: IpAddr = [127, 0, 0, 1].into();
        for _ in 0..FAILED_JOINS {
            assert!(l.may_join(ip));
            l.failed_join(ip);
        }
        assert!(!l.may_join(ip));
    }
}
