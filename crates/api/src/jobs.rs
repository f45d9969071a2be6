//! The job worker: claims due jobs from the database queue and runs them. Each server process
//! runs one; with PostgreSQL, replicas share the queue through `SKIP LOCKED`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use storage::Db;
use storage::jobs::{self, ClaimedJob};
use tokio::sync::{Notify, watch};

use crate::config::FilesSettings;
use crate::mail::{EmailMessage, Mailer, SEND_EMAIL};

/// The nightly retention purge (G2).
pub const RETENTION_PURGE: &str = "retention_purge";

/// The next purge time: 03:00 UTC after `now`.
pub fn next_purge_at(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    let today_3am = now
        .date_naive()
        .and_hms_opt(3, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(now);
    if today_3am > now {
        today_3am
    } else {
        today_3am + Duration::days(1)
    }
}

/// How long a claimed job is reserved before another worker may take it over.
const LEASE: Duration = Duration::minutes(5);
/// Jobs claimed at once.
const BATCH: u32 = 10;

/// Runs jobs until told to stop.
#[derive(Debug)]
pub struct JobWorker {
    db: Db,
    mailer: Mailer,
    from: String,
    name: String,
    poll: StdDuration,
    waker: Arc<Notify>,
    files: FilesSettings,
}

impl JobWorker {
    /// A worker over `db`.
    pub fn new(
        db: Db,
        mailer: Mailer,
        from: String,
        poll: StdDuration,
        waker: Arc<Notify>,
        files: FilesSettings,
    ) -> Self {
        let name = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        Self {
            db,
            mailer,
            from,
            name,
            poll,
            waker,
            files,
        }
    }

    /// Claims and runs due jobs until none is left; returns how many ran.
    pub async fn drain(&self) -> usize {
        let mut ran = 0;
        loop {
            let batch = match jobs::claim(&self.db, &self.name, BATCH, LEASE).await {
                Ok(batch) => batch,
                Err(err) => {
                    tracing::warn!(error = ?err, "claiming jobs failed");
                    return ran;
                }
            };
            if batch.is_empty() {
                return ran;
            }
            for job in batch {
                self.run_one(job).await;
                ran += 1;
            }
        }
    }

    async fn run_one(&self, job: ClaimedJob) {
        let outcome = match job.kind.as_str() {
            SEND_EMAIL => match serde_json::from_value::<EmailMessage>(job.payload.clone()) {
                Ok(message) => self.mailer.send(&self.from, &message).await,
                Err(err) => Err(anyhow::anyhow!("bad e-mail payload: {err}")),
            },
            RETENTION_PURGE => self.purge().await,
            other => Err(anyhow::anyhow!("unknown job kind {other}")),
        };
        let recorded = match outcome {
            Ok(()) => {
                tracing::info!(job = %job.id, kind = %job.kind, "job done");
                jobs::complete(&self.db, job.id).await
            }
            Err(err) => {
                let backoff =
                    Duration::seconds(30 * 2_i64.pow(job.attempt.clamp(0, 7).unsigned_abs()))
                        .min(Duration::hours(1));
                tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempt, error = %format!("{err:#}"), "job failed");
                jobs::fail(
                    &self.db,
                    &job,
                    &format!("{err:#}"),
                    storage::now() + backoff,
                )
                .await
            }
        };
        if let Err(err) = recorded {
            tracing::error!(job = %job.id, error = ?err, "recording the job outcome failed; it will run again after its lease");
        }
    }

    async fn purge(&self) -> anyhow::Result<()> {
        let report = storage::retention::purge(
            &self.db,
            self.files.purge(false),
            chrono::Utc::now().date_naive(),
        )
        .await?;
        tracing::info!(?report, "retention purge done");
        let next = next_purge_at(chrono::Utc::now());
        jobs::enqueue(
            self.db.conn(),
            jobs::NewJob {
                kind: RETENTION_PURGE.to_owned(),
                payload: serde_json::Value::Null,
                run_at: next,
                max_attempts: 3,
            },
        )
        .await?;
        Ok(())
    }

    /// Runs until `stop` turns true: drains, then waits for a wake-up or the poll interval.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        if self.files.nightly_purge
            && let Err(err) = jobs::ensure_scheduled(
                self.db.conn(),
                RETENTION_PURGE,
                next_purge_at(chrono::Utc::now()),
            )
            .await
        {
            tracing::warn!(error = ?err, "scheduling the retention purge failed");
        }
        loop {
            self.drain().await;
            tokio::select! {
                _ = self.waker.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }
}
