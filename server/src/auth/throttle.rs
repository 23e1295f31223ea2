//! Failed logins slowed per account name and per client address: after [`FREE_FAILURES`]
//! failures in a row, each further attempt must wait twice as long as the one before (1 s,
//! 2 s, 4 s, … up to [`MAX_WAIT`]); an attempt made during the wait is refused without
//! checking the password. A success clears the account's and the address's counts. Names
//! that do not exist count like names that do, so the answer never tells which exist.
//!
//! This module is the rule; the counts live in the database (`login_failures`, through the
//! store), so every server on one database — and a restarted one — sees the same counts.
//! Counts not moved for [`FORGET_AFTER`] are forgotten.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fundlens_store::{LoginFailures, StorageError, Store};

/// Failures allowed in a row before attempts are slowed.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait imposed.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Counts untouched for this long are dropped (a day: far beyond the longest wait).
pub const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How long from `now_ms` until the next attempt may be made after `failures`.
fn wait_after(failures: LoginFailures, now_ms: i64) -> Duration {
    let count = u32::try_from(failures.count).unwrap_or(u32::MAX);
    if count < FREE_FAILURES {
        return Duration::ZERO;
    }
    let exponent = (count - FREE_FAILURES).min(20);
    let delay = Duration::from_secs(1u64 << exponent).min(MAX_WAIT);
    let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    let remaining = failures
        .last_at_ms
        .saturating_add(delay_ms)
        .saturating_sub(now_ms);
    Duration::from_millis(u64::try_from(remaining).unwrap_or(0))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The keys an attempt is counted under: the account name and the client address.
fn keys(name: &str, address: IpAddr) -> [String; 2] {
    [format!("name:{name}"), format!("address:{address}")]
}

/// The login throttle over the store's counts.
#[derive(Debug, Clone)]
pub struct LoginThrottle {
    store: Store,
}

impl LoginThrottle {
    /// The throttle keeping its counts in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// How long an attempt for `name` from `address` must still wait (zero: go ahead).
    ///
    /// # Errors
    /// When the store fails.
    pub async fn wait(&self, name: &str, address: IpAddr) -> Result<Duration, StorageError> {
        let now = now_ms();
        let counts = self.store.login_failures(&keys(name, address)).await?;
        Ok(counts
            .into_iter()
            .map(|failures| wait_after(failures, now))
            .max()
            .unwrap_or(Duration::ZERO))
    }

    /// Counts a failed attempt.
    ///
    /// # Errors
    /// When the store fails.
    pub async fn failed(&self, name: &str, address: IpAddr) -> Result<(), StorageError> {
        let now = now_ms();
        let forget = i64::try_from(FORGET_AFTER.as_millis()).unwrap_or(i64::MAX);
        self.store
            .login_failed(&keys(name, address), now, now.saturating_sub(forget))
            .await
    }

    /// Clears the counts after a successful login.
    ///
    /// # Errors
    /// When the store fails.
    pub async fn succeeded(&self, name: &str, address: IpAddr) -> Result<(), StorageError> {
        self.store.login_succeeded(&keys(name, address)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn failures_beyond_the_free_ones_wait_and_a_success_clears_them_for_every_server() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db.sqlite");
        let throttle = LoginThrottle::new(Store::open_sqlite(&path).expect("store"));
        // A second server on the same database.
        let other = LoginThrottle::new(Store::open_sqlite(&path).expect("store"));
        let here: IpAddr = [10, 0, 0, 1].into();
        let elsewhere: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..FREE_FAILURES {
            assert_eq!(
                throttle.wait("张三", here).await.expect("wait"),
                Duration::ZERO
            );
            throttle.failed("张三", here).await.expect("counted");
        }
        assert!(throttle.wait("张三", here).await.expect("wait") > Duration::ZERO);
        assert!(
            other.wait("张三", elsewhere).await.expect("wait") > Duration::ZERO,
            "the account is slowed from any address, on any server"
        );
        assert!(
            other.wait("李四", here).await.expect("wait") > Duration::ZERO,
            "the address is slowed for any account"
        );
        assert_eq!(
            other.wait("李四", elsewhere).await.expect("wait"),
            Duration::ZERO
        );
        other.succeeded("张三", here).await.expect("cleared");
        assert_eq!(
            throttle.wait("张三", here).await.expect("wait"),
            Duration::ZERO
        );
    }

    #[test]
    fn the_wait_doubles_from_one_second_and_stops_at_the_longest() {
        let at = |count| LoginFailures {
            count,
            last_at_ms: 1_000_000,
        };
        assert_eq!(wait_after(at(4), 1_000_000), Duration::ZERO);
        assert_eq!(wait_after(at(5), 1_000_000), Duration::from_secs(1));
        assert_eq!(wait_after(at(7), 1_000_000), Duration::from_secs(4));
        assert_eq!(wait_after(at(7), 1_003_000), Duration::from_secs(1));
        assert_eq!(wait_after(at(60), 1_000_000), MAX_WAIT);
    }
}
