//! Configuration: built-in defaults, then an optional TOML file, then `PASSERELLE_…`
//! environment variables (nested keys joined by `__`, e.g. `PASSERELLE_DATABASE__URL`).
//! `config/passerelle.example.toml` documents every key.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A value that must never be printed (the JWT secret, SMTP credentials…).
#[derive(Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// All settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// Folder for the embedded database, the generated JWT secret and the mail outbox.
    pub data_dir: PathBuf,
    /// Load the demo data at start-up (idempotent).
    pub demo: bool,
    /// Log filter (`tracing` syntax).
    pub log: String,
    /// HTTP server.
    pub http: HttpSettings,
    /// Database.
    pub database: DatabaseSettings,
    /// Authentication.
    pub auth: AuthSettings,
    /// Outgoing e-mail.
    pub mail: MailSettings,
    /// The single-page app.
    pub web: WebSettings,
    /// Background jobs.
    pub jobs: JobSettings,
    /// Outgoing SMS (reminders).
    pub sms: SmsSettings,
    /// Young people's files: pre-registration limits and retention.
    pub files: FilesSettings,
    /// Geocoding of addresses (partners, offers, young people) for distances.
    pub geocoder: GeocoderSettings,
}

/// HTTP server settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpSettings {
    /// Address to listen on.
    pub host: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Worker threads (default: one per core).
    pub workers: Option<usize>,
    /// The address users reach the app at, for links in e-mails.
    pub public_url: String,
    /// Largest accepted JSON body, in bytes.
    pub body_limit_bytes: usize,
    /// Trust `X-Forwarded-For` / `Forwarded` for the client address (behind a proxy only).
    pub trust_proxy_headers: bool,
}

/// Database settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct DatabaseSettings {
    /// `postgres://…` for PostgreSQL; by default an SQLite file in the data folder.
    pub url: Option<String>,
    /// Largest pool size.
    pub max_connections: u32,
    /// Apply pending migrations at start-up.
    pub migrate_on_start: bool,
}

/// Authentication settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct AuthSettings {
    /// HMAC secret for access tokens; generated into the data folder when absent. Every
    /// replica behind a load balancer must share it.
    pub jwt_secret: Option<Secret>,
    /// Lifetime of an access token, in minutes.
    pub access_token_minutes: i64,
    /// Lifetime of a refresh token, in days.
    pub refresh_token_days: i64,
    /// Lifetime of an invitation link, in days.
    pub invitation_days: i64,
    /// Lifetime of a password reset link, in minutes.
    pub password_reset_minutes: i64,
    /// Argon2id memory cost in KiB (OWASP: 19456).
    pub argon2_memory_kib: u32,
    /// Argon2id iterations (OWASP: 2).
    pub argon2_iterations: u32,
    /// Failed logins allowed per e-mail address within the window.
    pub max_failures_per_email: u32,
    /// Failed logins allowed per client address within the window.
    pub max_failures_per_ip: u32,
    /// Window of the failure counters, in minutes.
    pub failure_window_minutes: i64,
    /// How long a throttled key stays locked, in minutes.
    pub lockout_minutes: i64,
}

/// How e-mail leaves.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MailTransport {
    /// Write each message as an `.eml` file in `outbox_dir` (development).
    Outbox,
    /// Send through the SMTP server at `smtp_url`.
    Smtp,
}

/// Outgoing e-mail settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct MailSettings {
    /// `outbox` (files) or `smtp`.
    pub transport: MailTransport,
    /// Folder of the outbox (default `<data_dir>/outbox`).
    pub outbox_dir: Option<PathBuf>,
    /// `smtp://host:port`, `smtps://user:pass@host` or `smtp://host?tls=required`.
    pub smtp_url: Option<Secret>,
    /// Sender address.
    pub from: String,
}

/// Single-page app settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct WebSettings {
    /// Folder of the built SPA (`index.html`, `assets/`…).
    pub static_dir: PathBuf,
    /// Map tiles, as a URL template (`https://tile.example.org/{z}/{x}/{y}.png`); none: the
    /// maps draw their points without a background, and the list beside them says the same.
    pub map_tile_url: Option<String>,
    /// The tiles' attribution, shown under the map ("© OpenStreetMap contributors").
    pub map_tile_attribution: Option<String>,
}

/// Background job settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct JobSettings {
    /// Run a worker in this process.
    pub enabled: bool,
    /// How often an idle worker looks for due jobs, in milliseconds.
    pub poll_interval_ms: u64,
    /// How long a claimed job is reserved before another worker may take it over (a worker
    /// that died mid-job), in seconds.
    pub lease_seconds: u64,
}

/// How SMS leave.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SmsTransport {
    /// Write each SMS as a JSON file in `<outbox_dir>/sms` (development).
    Outbox,
    /// POST each SMS to the provider at `url` (see `docs/ARCHITECTURE.md`, "SMS provider").
    Http,
    /// Send none (the message is marked failed with the reason).
    Disabled,
}

/// Outgoing SMS settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct SmsSettings {
    /// `outbox`, `http` or `disabled`.
    pub transport: SmsTransport,
    /// The provider's endpoint, for `http`.
    pub url: Option<String>,
    /// The provider's key, sent as a bearer token (from the environment, never committed).
    pub api_key: Option<Secret>,
    /// The sender name shown on phones (11 characters at most).
    pub sender: String,
    /// Seconds to wait for the provider.
    pub timeout_seconds: u64,
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            transport: SmsTransport::Outbox,
            url: None,
            api_key: None,
            sender: "MissionLoc".to_owned(),
            timeout_seconds: 10,
        }
    }
}

/// Which service locates addresses.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GeocoderProvider {
    /// The Base Adresse Nationale on the IGN Géoplateforme (`GET {url}/search`, GeoCodeJSON).
    Ban,
    /// None: addresses are not located (distances are then unknown).
    Disabled,
}

/// Geocoding settings (`rules.md` §4.1). Answers are cached in the database; when the service
/// is slow or down, addresses are simply not located and nothing else fails.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct GeocoderSettings {
    /// `ban` or `disabled`.
    pub provider: GeocoderProvider,
    /// The service's base URL; `/search` is appended.
    pub url: String,
    /// Milliseconds to wait for an answer before giving up on it.
    pub timeout_ms: u64,
    /// After a failure (timeout, connection refused, 5xx, 429), milliseconds during which the
    /// service is not asked again, so that a batch does not wait for every address in turn.
    /// A 429's `Retry-After` takes precedence (5 minutes at most).
    pub pause_after_failure_ms: u64,
}

impl Default for GeocoderSettings {
    fn default() -> Self {
        Self {
            provider: GeocoderProvider::Ban,
            url: "https://data.geopf.fr/geocodage".to_owned(),
            timeout_ms: 3000,
            pause_after_failure_ms: 30_000,
        }
    }
}

/// Young people's files: online pre-registration and retention (décret 2015-59).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct FilesSettings {
    /// Seconds a pre-registration form must stay open before it is sent (robots are faster).
    pub preregistration_min_seconds: u64,
    /// Pre-registrations accepted per client address and hour.
    pub preregistrations_per_ip_per_hour: u32,
    /// Age after which the retention clock starts (25 under L5314-2).
    pub retention_max_age: u32,
    /// Years a file is kept after that age or the last contact.
    pub retention_years: u32,
    /// Years a file is kept after the end of a CEJ.
    pub retention_cej_years: u32,
    /// Days a pre-registration is kept after its last status change.
    pub preregistration_days: u32,
    /// Run the retention purge every night from the job queue.
    pub nightly_purge: bool,
}

impl Default for FilesSettings {
    fn default() -> Self {
        Self {
            preregistration_min_seconds: 3,
            preregistrations_per_ip_per_hour: 20,
            retention_max_age: 25,
            retention_years: 2,
            retention_cej_years: 10,
            preregistration_days: 90,
            nightly_purge: true,
        }
    }
}

impl FilesSettings {
    /// The retention rule with these durations.
    pub fn retention(&self) -> domain::file::RetentionPolicy {
        domain::file::RetentionPolicy {
            max_age: self.retention_max_age,
            years_after: self.retention_years,
            cej_years_after: self.retention_cej_years,
        }
    }

    /// The purge settings.
    pub fn purge(&self, dry_run: bool) -> storage::retention::PurgeSettings {
        storage::retention::PurgeSettings {
            policy: self.retention(),
            preregistration_days: self.preregistration_days,
            dry_run,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            demo: false,
            log: "info,sqlx=warn,sea_orm=warn".to_owned(),
            http: HttpSettings::default(),
            database: DatabaseSettings::default(),
            auth: AuthSettings::default(),
            mail: MailSettings::default(),
            web: WebSettings::default(),
            jobs: JobSettings::default(),
            sms: SmsSettings::default(),
            files: FilesSettings::default(),
            geocoder: GeocoderSettings::default(),
        }
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            workers: None,
            public_url: "http://127.0.0.1:8080".to_owned(),
            body_limit_bytes: 256 * 1024,
            trust_proxy_headers: false,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 10,
            migrate_on_start: true,
        }
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            access_token_minutes: 10,
            refresh_token_days: 30,
            invitation_days: 7,
            password_reset_minutes: 60,
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            max_failures_per_email: 5,
            max_failures_per_ip: 30,
            failure_window_minutes: 15,
            lockout_minutes: 15,
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            transport: MailTransport::Outbox,
            outbox_dir: None,
            smtp_url: None,
            from: "Passerelle <ne-pas-repondre@passerelle.invalid>".to_owned(),
        }
    }
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            map_tile_url: None,
            map_tile_attribution: None,
            static_dir: PathBuf::from("frontend/dist"),
        }
    }
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            poll_interval_ms: 1000,
            lease_seconds: 300,
        }
    }
}

impl Settings {
    /// Loads the layers: defaults, then `file` if given (it must exist) or `passerelle.toml`
    /// if present, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("passerelle.toml")),
        }
        figment
            .merge(Env::prefixed("PASSERELLE_").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL: the configured one, or the SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("passerelle.db").display()
            ),
        }
    }

    /// The mail outbox folder.
    pub fn outbox_dir(&self) -> PathBuf {
        self.mail
            .outbox_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("outbox"))
    }

    /// The public URL without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.http.public_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment::Jail's closure returns figment::Error"
    )]
    fn layers_apply_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "demo = true\n[http]\nport = 9000\n[database]\nurl = \"postgres://file\"\n",
            )?;
            jail.set_env("PASSERELLE_DATABASE__URL", "postgres://env");
            jail.set_env("PASSERELLE_AUTH__JWT_SECRET", "s3cret");
            let s = Settings::load(Some(Path::new("custom.toml"))).map_err(|e| e.to_string())?;
            assert!(s.demo);
            assert_eq!(s.http.port, 9000);
            assert_eq!(s.database_url(), "postgres://env");
            assert_eq!(
                s.auth.jwt_secret.as_ref().map(Secret::expose),
                Some("s3cret")
            );
            assert!(!format!("{s:?}").contains("s3cret"));
            Ok(())
        });
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment::Jail's closure returns figment::Error"
    )]
    fn geocoder_settings_have_defaults_and_follow_the_environment() {
        let s = Settings::default();
        assert_eq!(s.geocoder.provider, GeocoderProvider::Ban);
        assert_eq!(s.geocoder.url, "https://data.geopf.fr/geocodage");
        assert_eq!(s.geocoder.timeout_ms, 3000);
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "[geocoder]\nprovider = \"disabled\"\ntimeout_ms = 500\n",
            )?;
            jail.set_env("PASSERELLE_GEOCODER__URL", "http://127.0.0.1:9/ban");
            let s = Settings::load(Some(Path::new("custom.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(s.geocoder.provider, GeocoderProvider::Disabled);
            assert_eq!(s.geocoder.url, "http://127.0.0.1:9/ban");
            assert_eq!(s.geocoder.timeout_ms, 500);
            assert_eq!(s.geocoder.pause_after_failure_ms, 30_000);
            Ok(())
        });
    }

    #[test]
    fn the_default_database_is_sqlite_in_the_data_folder() {
        let s = Settings::default();
        assert_eq!(s.database_url(), "sqlite://data/passerelle.db?mode=rwc");
        assert_eq!(s.outbox_dir(), PathBuf::from("data/outbox"));
    }
}
