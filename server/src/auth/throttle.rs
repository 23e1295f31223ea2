//! Failed logins slowed per account name and per client address: after [`FREE_FAILURES`]
//! failures in a row, each further attempt must wait twice as long as the one before (1 s,
//! 2 s, 4 s, … up to [`MAX_WAIT`]); an attempt made during the wait is refused without
//! checking the password. A success clears the account's and the address's counts. Names
//! that do not exist count like names that do, so the answer never tells which exist.
//!
//! Counts live in memory (a restart clears them) and at most [`MAX_TRACKED`] names and
//! addresses are tracked; the oldest are forgotten first.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed in a row before attempts are slowed.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait imposed.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Names or addresses tracked at most.
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// How long from `now` until the next attempt may be made.
    fn wait(self, now: Instant) -> Duration {
        if self.count < FREE_FAILURES {
            return Duration::ZERO;
        }
        let exponent = (self.count - FREE_FAILURES).min(20);
        let delay = Duration::from_secs(1u64 << exponent).min(MAX_WAIT);
        (self.last + delay).saturating_duration_since(now)
    }
}

/// The failure counts of names and addresses.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    names: HashMap<String, Failures>,
    addresses: HashMap<IpAddr, Failures>,
}

impl LoginThrottle {
    /// How long an attempt for `name` from `address` must still wait (zero: go ahead).
    pub fn wait(&self, name: &str, address: IpAddr) -> Duration {
        let state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let by_name = state
            .names
            .get(name)
            .map_or(Duration::ZERO, |f| f.wait(now));
        let by_address = state
            .addresses
            .get(&address)
            .map_or(Duration::ZERO, |f| f.wait(now));
        by_name.max(by_address)
    }

    /// Counts a failed attempt.
    pub fn failed(&self, name: &str, address: IpAddr) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        count(&mut state.names, name.to_owned(), now);
        count(&mut state.addresses, address, now);
    }

    /// Clears the counts after a successful login.
    pub fn succeeded(&self, name: &str, address: IpAddr) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.names.remove(name);
        state.addresses.remove(&address);
    }
}

fn count<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, Failures>, key: K, now: Instant) {
    if map.len() >= MAX_TRACKED && !map.contains_key(&key) {
        let oldest = map
            .iter()
            .min_by_key(|(_, failures)| failures.last)
            .map(|(key, _)| key.clone());
        if let Some(oldest) = oldest {
            map.remove(&oldest);
        }
    }
    let entry = map.entry(key).or_insert(Failures {
        count: 0,
        last: now,
    });
    entry.count = entry.count.saturating_add(1);
    entry.last = now;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_beyond_the_free_ones_wait_and_a_success_clears_them() {
        let throttle = LoginThrottle::default();
        let here: IpAddr = [10, 0, 0, 1].into();
        let elsewhere: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.wait("张三", here), Duration::ZERO);
            throttle.failed("张三", here);
        }
        assert!(throttle.wait("张三", here) > Duration::ZERO);
        assert!(
            throttle.wait("张三", elsewhere) > Duration::ZERO,
            "the account is slowed from any address"
        );
        assert!(
            throttle.wait("李四", here) > Duration::ZERO,
            "the address is slowed for any account"
        );
        assert_eq!(throttle.wait("李四", elsewhere), Duration::ZERO);
        throttle.succeeded("张三", here);
        assert_eq!(throttle.wait("张三", here), Duration::ZERO);
    }
}
