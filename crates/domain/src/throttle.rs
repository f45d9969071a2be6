//! Throttling of repeated failed logins: after too many failures within a window, the key
//! (an e-mail address or a client address) is locked for a while. Pure state transitions; the
//! storage layer keeps the state in the database so every server replica shares it.

use chrono::{DateTime, Duration, Utc};

/// Limits for one kind of key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed within the window; the next one locks the key.
    pub max_failures: u32,
    /// How far back failures count.
    pub window: Duration,
    /// How long a key stays locked.
    pub lockout: Duration,
}

/// The recorded failures of one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleState {
    /// Failures in the current window.
    pub failures: u32,
    /// When the current window opened.
    pub window_started_at: DateTime<Utc>,
    /// Locked until then, if locked.
    pub locked_until: Option<DateTime<Utc>>,
}

impl ThrottlePolicy {
    /// The state after one more failure at `now`.
    pub fn after_failure(&self, state: Option<ThrottleState>, now: DateTime<Utc>) -> ThrottleState {
        let fresh = ThrottleState {
            failures: 0,
            window_started_at: now,
            locked_until: None,
        };
        let mut next = match state {
            Some(s) if now - s.window_started_at < self.window => s,
            _ => fresh,
        };
        next.failures = next.failures.saturating_add(1);
        if next.failures >= self.max_failures {
            next.locked_until = Some(now + self.lockout);
            // The lock is the penalty; counting starts again once it ends.
            next.failures = 0;
            next.window_started_at = now + self.lockout;
        }
        next
    }
}

impl ThrottleState {
    /// Seconds to wait before trying again, if the key is locked at `now`.
    pub fn retry_after(&self, now: DateTime<Utc>) -> Option<u64> {
        self.locked_until.filter(|until| *until > now).map(|until| {
            u64::try_from((until - now).num_seconds())
                .unwrap_or(0)
                .max(1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: 3,
            window: Duration::minutes(15),
            lockout: Duration::minutes(10),
        }
    }

    #[test]
    fn locks_after_the_maximum_and_unlocks_after_the_lockout() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let s1 = policy().after_failure(None, t0);
        let s2 = policy().after_failure(Some(s1), t0 + Duration::minutes(1));
        assert_eq!(s2.retry_after(t0 + Duration::minutes(1)), None);
        let s3 = policy().after_failure(Some(s2), t0 + Duration::minutes(2));
        assert_eq!(s3.retry_after(t0 + Duration::minutes(2)), Some(600));
        assert_eq!(s3.retry_after(t0 + Duration::minutes(11)), Some(60));
        assert_eq!(s3.retry_after(t0 + Duration::minutes(12)), None);
    }

    #[test]
    fn old_failures_fall_out_of_the_window() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let s = policy().after_failure(None, t0);
        let s = policy().after_failure(Some(s), t0 + Duration::minutes(1));
        let s = policy().after_failure(Some(s), t0 + Duration::minutes(20));
        assert_eq!(s.failures, 1);
        assert_eq!(s.locked_until, None);
    }
}
