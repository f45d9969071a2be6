//! The job worker: claims due jobs from the database queue and runs them. Each server process
//! runs one; with PostgreSQL, replicas share the queue through `SKIP LOCKED`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use storage::Db;
use storage::jobs::{self, ClaimedJob};
use tokio::sync::{Notify, watch};

use crate::mail::{EmailMessage, Mailer, SEND_EMAIL};

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
}

impl JobWorker {
    /// A worker over `db`.
    pub fn new(
        db: Db,
        mailer: Mailer,
        from: String,
        poll: StdDuration,
        waker: Arc<Notify>,
    ) -> Self {
        let name = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        Self {
            db,
            mailer,
            from,
            name,
            poll,
            waker,
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

    /// Runs until `stop` turns true: drains, then waits for a wake-up or the poll interval.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
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
