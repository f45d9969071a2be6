//! What every handler can reach.

use std::sync::Arc;

use domain::throttle::ThrottlePolicy;
use storage::Db;
use tokio::sync::Notify;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordHasher;
use crate::config::Settings;

/// Shared, read-only application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database pool.
    pub db: Db,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// Password hashing.
    pub hasher: PasswordHasher,
    /// Settings.
    pub settings: Arc<Settings>,
    /// Failed-login limits per e-mail address.
    pub email_throttle: ThrottlePolicy,
    /// Failed-login limits per client address.
    pub ip_throttle: ThrottlePolicy,
    /// Wakes this process's job worker when a job is queued.
    pub jobs_waker: Arc<Notify>,
    /// Locates addresses (with its cache).
    pub geocoder: crate::geocode::Geocoder,
}

impl AppState {
    /// Tells the local worker a job is waiting (other replicas find it by polling).
    pub fn wake_jobs(&self) {
        self.jobs_waker.notify_one();
    }
}
