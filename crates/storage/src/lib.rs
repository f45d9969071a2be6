//! Persistence for Passerelle: sea-orm entities and the repositories that read and write them.
//!
//! - Every query on tenant data takes the [`domain::Scope`] granted by the access policy and
//!   applies it as a `WHERE` clause ([`scope`]), so a caller can only reach what the policy
//!   grants; a record outside the scope is simply not found.
//! - Every change, and every read of a young person's file, writes its audit entry in the same
//!   transaction ([`audit`]).
//! - Work for later (e-mails…) is queued in the same transaction as the change that causes it
//!   ([`jobs`]), and claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL.
//! - The same code runs on SQLite (embedded, the default) and PostgreSQL (production).

pub mod accompaniment;
pub mod accounts;
pub mod agenda;
pub mod audit;
mod bulk;
pub mod demo;
pub mod entities;
pub mod geocache;
pub mod invitations;
pub mod jobs;
pub mod offers;
pub mod partners;
pub mod password_resets;
pub mod preregistrations;
pub mod retention;
pub mod scope;
pub mod sessions;
pub mod structures;
pub mod throttle;
pub mod youths;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions,
};

pub use sea_orm::{DatabaseTransaction, TransactionTrait};

/// A pool of connections to the database (SQLite or PostgreSQL, chosen by the URL).
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
}

/// Which database engine is behind a [`Db`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// No such record within the caller's scope.
    #[error("record not found")]
    NotFound,
    /// The change conflicts with existing data.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// An invitation or reset link that expired or was used.
    #[error("link expired or already used")]
    LinkExpired,
    /// The database failed.
    #[error("database error")]
    Database(#[from] DbErr),
    /// A stored value could not be read back (an unknown role code…).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// Some fields of the change are invalid (checked inside the transaction).
    #[error("invalid fields")]
    Invalid(Vec<domain::FieldError>),
    /// The record changed since the caller read it; the fields changed meanwhile.
    #[error("edited meanwhile")]
    EditConflict(Vec<domain::FieldError>),
    /// The operation is not allowed in the record's current state (a closed request…).
    #[error("not allowed now: {0}")]
    NotNow(&'static str),
}

/// The kinds of conflicts a caller can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Another account already uses this e-mail address.
    EmailTaken,
    /// The young person already has an active account.
    AccountAlreadyActive,
    /// The commune (with this postcode) is already covered by a Mission Locale.
    CommuneAlreadyCovered,
    /// The referenced site does not belong to the structure.
    UnknownSite,
    /// The slot was taken meanwhile (the host's agenda).
    SlotTaken,
    /// The young person already has something at that time.
    YouthBusy,
    /// No seat left and the waiting list was not accepted.
    WorkshopFull,
    /// Already registered to this workshop.
    AlreadyRegistered,
    /// Feedback already given.
    FeedbackGiven,
    /// No place left on the offer or session (the waiting list is open).
    OfferFull,
    /// The young person already has a referral under way to this offer.
    AlreadyReferred,
}

/// Result of a storage operation.
pub type StorageResult<T> = Result<T, StorageError>;

impl StorageError {
    /// Maps a unique-constraint violation to `conflict`, anything else to a database error.
    pub(crate) fn unique_or(err: DbErr, conflict: Conflict) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StorageError::Conflict(conflict),
            _ => StorageError::Database(err),
        }
    }
}

/// Connection settings.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// `sqlite://path/to/file.db?mode=rwc` or `postgres://user@host:port/db`.
    pub url: String,
    /// Largest pool size.
    pub max_connections: u32,
    /// How long a request waits for a free connection.
    pub acquire_timeout: Duration,
}

impl Db {
    /// A migrated database in memory, for unit tests.
    #[cfg(test)]
    pub(crate) async fn in_memory() -> Self {
        let db = Self::connect(&DbOptions {
            url: "sqlite::memory:".to_owned(),
            max_connections: 1,
            acquire_timeout: Duration::from_secs(5),
        })
        .await
        .expect("connect");
        db.migrate().await.expect("migrate");
        db
    }

    /// Opens the pool. SQLite files are switched to WAL so readers do not block the writer;
    /// `synchronous` stays FULL, so an acknowledged commit survives a crash.
    pub async fn connect(options: &DbOptions) -> StorageResult<Self> {
        let mut opts = ConnectOptions::new(options.url.clone());
        opts.max_connections(options.max_connections)
            .min_connections(1)
            .acquire_timeout(options.acquire_timeout)
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Reads of large tables through the OS page cache rather than copies.
                    .pragma("mmap_size", "268435456")
                    .pragma("cache_size", "-16384")
                    // Rows cross from SQLite's worker thread in batches rather than 50 at a
                    // time: a scan of thousands of rows no longer ping-pongs between threads.
                    .row_buffer_size(4096)
            });
        let conn = Database::connect(opts).await?;
        Ok(Self { conn })
    }

    /// Wraps an existing connection.
    pub fn from_connection(conn: DatabaseConnection) -> Self {
        Self { conn }
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN
    /// IMMEDIATE`: a deferred transaction that reads, then writes after another connection
    /// committed, fails at once with `SQLITE_BUSY_SNAPSHOT` instead of waiting its turn.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> StorageResult<()> {
        Migrator::up(&self.conn, None).await?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// The underlying connection.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The engine.
    pub fn backend(&self) -> Backend {
        backend_of(&self.conn)
    }

    /// Closes the pool.
    pub async fn close(self) -> StorageResult<()> {
        self.conn.close().await?;
        Ok(())
    }
}

pub(crate) fn backend_of(conn: &impl ConnectionTrait) -> Backend {
    match conn.get_database_backend() {
        DbBackend::Postgres => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Current time, truncated to microseconds so that values read back compare equal on both
/// engines (PostgreSQL keeps microseconds).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(6)
}
