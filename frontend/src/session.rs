//! Who is logged in, for the whole app. The access token lives in memory only; the refresh
//! token is an HttpOnly cookie the browser sends to `/api/v1/auth`. At start-up the session is
//! restored from that cookie, and the access token is refreshed silently before it expires.

use std::time::Duration;

use domain::dto::{Me, Session as SessionDto};
use leptos::prelude::*;

use crate::api::{self, ApiError};

/// Where the session stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// Asking the server whether the browser still has a session.
    Restoring,
    /// The server could not be reached to find out (offline).
    Unreachable,
    /// No session: log in.
    Anonymous,
    /// Logged in.
    Active(Box<ActiveSession>),
}

/// A live session.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveSession {
    /// The account.
    pub me: Me,
    /// The current access token.
    pub access_token: String,
}

/// Handle to the session, copied into every component that needs it.
#[derive(Clone, Copy)]
pub struct Session {
    /// The state, to read reactively.
    pub state: RwSignal<SessionState>,
    /// Bumped at each new access token, to tell whether a concurrent refresh already ran.
    generation: RwSignal<u64>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl Session {
    /// A session in the `Restoring` state.
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(SessionState::Restoring),
            generation: RwSignal::new(0),
            timer: StoredValue::new_local(None),
        }
    }

    /// The session from the context.
    pub fn use_context() -> Self {
        expect_context::<Session>()
    }

    /// The account, if logged in (reactive).
    pub fn me(&self) -> Option<Me> {
        self.state.with(|s| match s {
            SessionState::Active(active) => Some(active.me.clone()),
            _ => None,
        })
    }

    /// The current access token (not reactive).
    pub fn access_token(&self) -> Option<String> {
        self.state.with_untracked(|s| match s {
            SessionState::Active(active) => Some(active.access_token.clone()),
            _ => None,
        })
    }

    /// Starts using a session the server just opened (login, invitation, refresh).
    pub fn start(&self, session: SessionDto) {
        let expires_in = session.expires_in;
        self.state.set(SessionState::Active(Box::new(ActiveSession {
            me: session.account,
            access_token: session.access_token,
        })));
        self.generation.update(|g| *g += 1);
        self.schedule_refresh(expires_in);
    }

    fn schedule_refresh(&self, expires_in: u64) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        // Refresh a minute before expiry (or at 80 % of a short lifetime).
        let lead = 60.min(expires_in / 5);
        let delay = Duration::from_secs(expires_in.saturating_sub(lead).max(5));
        let session = *self;
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    let _ = session.refresh().await;
                });
            },
            delay,
        )
        .ok();
        self.timer.set_value(handle);
    }

    /// Asks the server for a session from the refresh cookie.
    pub async fn restore(self) {
        match api::auth::refresh_session().await {
            Ok(session) => self.start(session),
            Err(ApiError::Network) => self.state.set(SessionState::Unreachable),
            Err(_) => self.state.set(SessionState::Anonymous),
        }
    }

    /// Renews the access token; on refusal the session ends.
    pub async fn refresh(self) -> Result<(), ApiError> {
        match api::auth::refresh_session().await {
            Ok(session) => {
                self.start(session);
                Ok(())
            }
            Err(ApiError::Network) => Err(ApiError::Network),
            Err(err) => {
                self.end();
                Err(err)
            }
        }
    }

    /// After the server refused `rejected_token`: refresh, unless another request already did.
    pub async fn refresh_after_rejection(
        self,
        rejected_token: Option<String>,
    ) -> Result<(), ApiError> {
        if rejected_token.is_some() && self.access_token() != rejected_token {
            return Ok(());
        }
        let before = self.generation.get_untracked();
        match self.refresh().await {
            Ok(()) => Ok(()),
            // Another tab or request rotated the cookie first: its token is in place now.
            Err(_) if self.generation.get_untracked() != before => Ok(()),
            Err(err) => Err(err),
        }
    }

    fn end(&self) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        self.timer.set_value(None);
        self.state.set(SessionState::Anonymous);
    }

    /// Logs out of this browser.
    pub async fn logout(self) {
        let _ = api::auth::close_session().await;
        self.end();
    }

    /// Logs out of every device.
    pub async fn logout_everywhere(self) -> Result<(), ApiError> {
        if let Some(token) = self.access_token() {
            api::auth::close_all_sessions(&token).await?;
        }
        self.end();
        Ok(())
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}
