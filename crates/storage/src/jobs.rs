//! A durable job queue in the database. Jobs are enqueued in the transaction of the change that
//! causes them, claimed with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so many replicas
//! can share the queue), and retried with backoff. A job whose worker died is claimed again
//! once its lease ends: nothing acknowledged is lost on a crash.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, Set, Statement, Value};
use uuid::Uuid;

use crate::entities::job;
use crate::{Backend, Db, StorageError, StorageResult};

/// States of a job.
pub mod status {
    /// Waiting for `run_at`.
    pub const PENDING: &str = "pending";
    /// Claimed by a worker until `locked_until`.
    pub const RUNNING: &str = "running";
    /// Done.
    pub const DONE: &str = "done";
    /// Gave up after `max_attempts`.
    pub const FAILED: &str = "failed";
}

/// A job to enqueue.
#[derive(Clone, Debug)]
pub struct NewJob {
    /// What to do, e.g. `send_email`.
    pub kind: String,
    /// The job's input.
    pub payload: serde_json::Value,
    /// Not before.
    pub run_at: DateTime<Utc>,
    /// Attempts before giving up.
    pub max_attempts: i32,
}

impl NewJob {
    /// A job to run as soon as possible, with 8 attempts.
    pub fn now(kind: &str, payload: serde_json::Value) -> Self {
        Self {
            kind: kind.to_owned(),
            payload,
            run_at: crate::now(),
            max_attempts: 8,
        }
    }
}

/// A job handed to a worker.
#[derive(Clone, Debug)]
pub struct ClaimedJob {
    /// The job.
    pub id: Uuid,
    /// What to do.
    pub kind: String,
    /// Its input.
    pub payload: serde_json::Value,
    /// This attempt's number (1 for the first).
    pub attempt: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
}

/// Adds a job (inside the caller's transaction).
pub async fn enqueue(conn: &impl ConnectionTrait, job: NewJob) -> StorageResult<Uuid> {
    let id = Uuid::new_v4();
    job::ActiveModel {
        id: Set(id),
        kind: Set(job.kind),
        payload: Set(job.payload.to_string()),
        status: Set(status::PENDING.to_owned()),
        run_at: Set(job.run_at),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        completed_at: Set(None),
        created_at: Set(crate::now()),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due jobs for `worker` for the length of `lease`.
pub async fn claim(
    db: &Db,
    worker: &str,
    limit: u32,
    lease: Duration,
) -> StorageResult<Vec<ClaimedJob>> {
    let now = crate::now();
    let values: Vec<Value> = vec![
        (now + lease).into(),
        worker.into(),
        now.into(),
        i64::from(limit).into(),
    ];
    let stmt = match db.backend() {
        Backend::Postgres => Statement::from_sql_and_values(
            DbBackend::Postgres,
            "UPDATE jobs SET status = 'running', locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs \
                 WHERE (status = 'pending' AND run_at <= $3) OR (status = 'running' AND locked_until < $3) \
                 ORDER BY run_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING id, kind, payload, attempts, max_attempts",
            values,
        ),
        // SQLite has one writer at a time: the UPDATE is atomic without row locks.
        Backend::Sqlite => Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "UPDATE jobs SET status = 'running', locked_until = ?1, locked_by = ?2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs \
                 WHERE (status = 'pending' AND run_at <= ?3) OR (status = 'running' AND locked_until < ?3) \
                 ORDER BY run_at LIMIT ?4) \
             RETURNING id, kind, payload, attempts, max_attempts",
            values,
        ),
    };
    let rows = db.conn().query_all_raw(stmt).await?;
    rows.into_iter()
        .map(|row| {
            let payload: String = row.try_get("", "payload")?;
            Ok(ClaimedJob {
                id: row.try_get("", "id")?,
                kind: row.try_get("", "kind")?,
                payload: serde_json::from_str(&payload)
                    .map_err(|e| StorageError::Corrupt(format!("job payload: {e}")))?,
                attempt: row.try_get("", "attempts")?,
                max_attempts: row.try_get("", "max_attempts")?,
            })
        })
        .collect()
}

/// Marks a job done and drops its payload (it may hold personal data or a link's secret).
pub async fn complete(db: &Db, id: Uuid) -> StorageResult<()> {
    let Some(model) = job::Entity::find_by_id(id).one(db.conn()).await? else {
        return Err(StorageError::NotFound);
    };
    let mut active: job::ActiveModel = model.into();
    active.status = Set(status::DONE.to_owned());
    active.completed_at = Set(Some(crate::now()));
    active.locked_until = Set(None);
    active.payload = Set("{}".to_owned());
    active.last_error = Set(None);
    active.update(db.conn()).await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or failed for good after the last attempt.
pub async fn fail(
    db: &Db,
    job: &ClaimedJob,
    error: &str,
    retry_at: DateTime<Utc>,
) -> StorageResult<()> {
    let Some(model) = job::Entity::find_by_id(job.id).one(db.conn()).await? else {
        return Err(StorageError::NotFound);
    };
    let give_up = job.attempt >= job.max_attempts;
    let mut active: job::ActiveModel = model.into();
    active.status = Set(if give_up {
        status::FAILED
    } else {
        status::PENDING
    }
    .to_owned());
    active.run_at = Set(retry_at);
    active.locked_until = Set(None);
    active.last_error = Set(Some(error.chars().take(2000).collect()));
    active.update(db.conn()).await?;
    Ok(())
}

/// Counts jobs by status (for readiness, tests and metrics).
pub async fn count(conn: &impl ConnectionTrait, kind: &str, status: &str) -> StorageResult<u64> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    Ok(job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .filter(job::Column::Status.eq(status))
        .count(conn)
        .await?)
}

/// Queues `kind` to run at `run_at` unless a job of that kind is already waiting or running
/// (recurring jobs: each run queues the next).
pub async fn ensure_scheduled(
    conn: &impl ConnectionTrait,
    kind: &str,
    run_at: DateTime<Utc>,
) -> StorageResult<bool> {
    let waiting =
        count(conn, kind, status::PENDING).await? + count(conn, kind, status::RUNNING).await?;
    if waiting > 0 {
        return Ok(false);
    }
    enqueue(
        conn,
        NewJob {
            kind: kind.to_owned(),
            payload: serde_json::Value::Null,
            run_at,
            max_attempts: 3,
        },
    )
    .await?;
    Ok(true)
}
