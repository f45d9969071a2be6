//! Failed-login counters, shared by every server replica through the database.

use chrono::{DateTime, Utc};
use domain::throttle::{ThrottlePolicy, ThrottleState};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set};

use crate::StorageResult;
use crate::entities::login_throttle;

fn state_of(model: &login_throttle::Model) -> ThrottleState {
    ThrottleState {
        failures: u32::try_from(model.failures).unwrap_or(0),
        window_started_at: model.window_started_at,
        locked_until: model.locked_until,
    }
}

/// Seconds to wait if any of the keys is locked at `now`.
pub async fn retry_after(
    conn: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> StorageResult<Option<u64>> {
    let mut wait = None;
    for key in keys {
        if let Some(model) = login_throttle::Entity::find_by_id(key.clone())
            .one(conn)
            .await?
        {
            wait = wait.max(state_of(&model).retry_after(now));
        }
    }
    Ok(wait)
}

/// Counts one failure for `key`; returns the wait if the key is now locked.
pub async fn register_failure(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &ThrottlePolicy,
    now: DateTime<Utc>,
) -> StorageResult<Option<u64>> {
    // Two failures racing on a new key: the loser of the insert counts on the winner's row.
    for _ in 0..2 {
        let existing = login_throttle::Entity::find_by_id(key.to_owned())
            .one(conn)
            .await?;
        let next = policy.after_failure(existing.as_ref().map(state_of), now);
        let failures = i32::try_from(next.failures).unwrap_or(i32::MAX);
        let written = match existing {
            Some(model) => {
                let mut active = model.into_active_model();
                active.failures = Set(failures);
                active.window_started_at = Set(next.window_started_at);
                active.locked_until = Set(next.locked_until);
                active.update(conn).await.map(|_| ())
            }
            None => login_throttle::ActiveModel {
                key: Set(key.to_owned()),
                failures: Set(failures),
                window_started_at: Set(next.window_started_at),
                locked_until: Set(next.locked_until),
            }
            .insert(conn)
            .await
            .map(|_| ()),
        };
        match written {
            Ok(()) => return Ok(next.retry_after(now)),
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(None)
}

/// Forgets the failures of `key` (after a successful login).
pub async fn clear(conn: &impl ConnectionTrait, key: &str) -> StorageResult<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}
