//! The job worker: claims due jobs from the database queue and runs them. Each server process
//! runs one; with PostgreSQL, replicas share the queue through `SKIP LOCKED`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use storage::Db;
use storage::jobs::{self, ClaimedJob};
use tokio::sync::{Notify, watch};

use storage::agenda::messages::{self, SEND_MESSAGE};

use crate::config::FilesSettings;
use crate::mail::{EmailMessage, Mailer, SEND_EMAIL};
use crate::sms::SmsSender;

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
    sms: SmsSender,
    lease: Duration,
    geocoder: crate::geocode::Geocoder,
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
            sms: SmsSender::Disabled,
            lease: Duration::minutes(5),
            geocoder: crate::geocode::Geocoder::Disabled,
        }
    }

    /// Sends SMS through `sms`.
    #[must_use]
    pub fn with_sms(mut self, sms: SmsSender) -> Self {
        self.sms = sms;
        self
    }

    /// Locates addresses with `geocoder` (`geocode` jobs).
    #[must_use]
    pub fn with_geocoder(mut self, geocoder: crate::geocode::Geocoder) -> Self {
        self.geocoder = geocoder;
        self
    }

    /// Reserves claimed jobs for `lease` (a job whose worker died runs again after it).
    #[must_use]
    pub fn with_lease(mut self, lease: StdDuration) -> Self {
        self.lease = Duration::from_std(lease).unwrap_or(Duration::minutes(5));
        self
    }

    /// Claims due jobs without running them, as a worker that dies at once would (tests).
    pub async fn claim_and_forget(&self) -> usize {
        jobs::claim(&self.db, &self.name, BATCH, self.lease)
            .await
            .map(|batch| batch.len())
            .unwrap_or(0)
    }

    /// Claims and runs due jobs until none is left; returns how many ran.
    pub async fn drain(&self) -> usize {
        let mut ran = 0;
        loop {
            let batch = match jobs::claim(&self.db, &self.name, BATCH, self.lease).await {
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
            SEND_MESSAGE => self.deliver(&job).await,
            storage::offers::GEOCODE => self.geocode(&job).await,
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

    /// Locates the address of an offer, a partner or a young person; fails (and is retried
    /// with backoff) while the geocoding service cannot answer.
    async fn geocode(&self, job: &ClaimedJob) -> anyhow::Result<()> {
        let entity = job
            .payload
            .get("entity")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let id = job
            .payload
            .get("id")
            .and_then(|v| v.as_str())
            .and_then(|v| uuid::Uuid::parse_str(v).ok())
            .ok_or_else(|| anyhow::anyhow!("bad geocode payload"))?;
        let Some((key, line, postcode, commune)) =
            storage::offers::address_to_locate(self.db.conn(), &entity, id).await?
        else {
            return Ok(());
        };
        let query =
            crate::places::query_of(line.as_deref(), postcode.as_deref(), commune.as_deref());
        match self.geocoder.locate(&self.db, &query).await {
            crate::geocode::Located::Found(hit) => {
                storage::offers::set_point(self.db.conn(), &entity, id, &key, hit.point).await?;
                Ok(())
            }
            crate::geocode::Located::NotFound => Ok(()),
            crate::geocode::Located::Unavailable(why) => Err(anyhow::anyhow!("geocoder: {why}")),
        }
    }

    /// Delivers a message to a young person once: a message already sent or cancelled is
    /// skipped, the provider gets the message id as its idempotency key, and the last failed
    /// attempt marks the message failed on the file.
    async fn deliver(&self, job: &ClaimedJob) -> anyhow::Result<()> {
        let id = job
            .payload
            .get("message_id")
            .and_then(|v| v.as_str())
            .and_then(|v| uuid::Uuid::parse_str(v).ok())
            .ok_or_else(|| anyhow::anyhow!("bad message payload"))?;
        let Some(out) = messages::start_sending(&self.db, id).await? else {
            return Ok(());
        };
        let sent = match out.channel {
            domain::agenda::MessageChannel::Email => {
                let calendar = if matches!(
                    out.kind,
                    domain::agenda::MessageKind::Confirmation
                        | domain::agenda::MessageKind::PlaceLiberee
                ) {
                    storage::agenda::feeds::entry(&self.db, out.event_id, out.workshop_id)
                        .await?
                        .map(|e| crate::ics::calendar("Passerelle", &[e]))
                } else {
                    None
                };
                let message = EmailMessage {
                    to: out.recipient.clone(),
                    to_name: None,
                    subject: out.subject.clone(),
                    body: format!(
                        "{}\n\n— Passerelle, le service numérique des Missions Locales",
                        out.body
                    ),
                    calendar,
                };
                self.mailer.send(&self.from, &message).await
            }
            domain::agenda::MessageChannel::Sms => {
                self.sms.send(out.id, &out.recipient, &out.body).await
            }
        };
        match sent {
            Ok(()) => {
                messages::mark_sent(&self.db, id, storage::now()).await?;
                Ok(())
            }
            Err(err) => {
                let last = job.attempt >= job.max_attempts;
                messages::mark_failed(&self.db, id, &format!("{err:#}"), last).await?;
                Err(err)
            }
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
        // Files opened before matching existed get their profile here, off the start-up path.
        if let Err(err) = storage::offers::profiles::backfill(self.db.conn(), 10_000).await {
            tracing::warn!(error = ?err, "creating the missing match profiles failed");
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
