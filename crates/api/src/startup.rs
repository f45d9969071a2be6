//! Building and running the server: state, migrations, demo data, the job worker, HTTP.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine as _;
use chrono::Duration;
use domain::throttle::ThrottlePolicy;
use rand::RngCore as _;
use storage::{Db, DbOptions};
use tokio::sync::{Notify, watch};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt as _;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordHasher;
use crate::config::Settings;
use crate::error::ApiError;
use crate::jobs::JobWorker;
use crate::mail::Mailer;
use crate::state::AppState;
use crate::{openapi, routes, spa};

/// Installs the log subscriber (once per process).
pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// The JWT secret: configured, or read from (first generated into) `<data_dir>/jwt-secret`.
pub fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &settings.auth.jwt_secret {
        anyhow::ensure!(
            secret.expose().len() >= 32,
            "auth.jwt_secret must be at least 32 characters"
        );
        return Ok(secret.expose().as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt-secret");
    if !path.exists() {
        let mut bytes = [0u8; 48];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        write_private(
            &path,
            &base64::engine::general_purpose::STANDARD.encode(bytes),
        )?;
        tracing::info!(path = %path.display(), "generated a new JWT secret");
    }
    let secret = std::fs::read_to_string(&path)?.trim().to_owned();
    anyhow::ensure!(secret.len() >= 32, "{} is too short", path.display());
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())?;
    Ok(())
}

/// Connects to the database and builds the shared state; migrates and seeds as configured.
pub async fn prepare_state(settings: Settings) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let db = Db::connect(&DbOptions {
        url: settings.database_url(),
        max_connections: settings.database.max_connections,
        acquire_timeout: StdDuration::from_secs(10),
    })
    .await?;
    if settings.database.migrate_on_start {
        db.migrate().await?;
    }
    let hasher = PasswordHasher::new(
        settings.auth.argon2_memory_kib,
        settings.auth.argon2_iterations,
    )?;
    if settings.demo {
        seed_demo(&db, &hasher).await?;
    }
    let jwt = JwtKeys::new(
        &jwt_secret(&settings)?,
        Duration::minutes(settings.auth.access_token_minutes),
    );
    let window = Duration::minutes(settings.auth.failure_window_minutes);
    let lockout = Duration::minutes(settings.auth.lockout_minutes);
    let geocoder = crate::geocode::Geocoder::from_settings(&settings.geocoder)?;
    Ok(AppState {
        geocoder,
        db,
        jwt,
        hasher,
        email_throttle: ThrottlePolicy {
            max_failures: settings.auth.max_failures_per_email,
            window,
            lockout,
        },
        ip_throttle: ThrottlePolicy {
            max_failures: settings.auth.max_failures_per_ip,
            window,
            lockout,
        },
        settings: Arc::new(settings),
        jobs_waker: Arc::new(Notify::new()),
    })
}

/// Loads the demo Mission Locale unless it is already there.
pub async fn seed_demo(db: &Db, hasher: &PasswordHasher) -> anyhow::Result<()> {
    let hash = hasher.hash_trusted(storage::demo::DEMO_PASSWORD)?;
    for seed in [&storage::demo::DEMO, &storage::demo::NEIGHBOUR] {
        match storage::demo::seed(db, seed, &hash).await? {
            Some(seeded) => {
                storage::demo::seed_accompaniment(db, &seeded).await?;
                storage::demo::seed_agenda(db, &seeded).await?;
                storage::demo::seed_offers(db, &seeded).await?;
                tracing::info!(structure = seed.code, "demo data loaded");
            }
            None => tracing::debug!(structure = seed.code, "demo data already present"),
        }
    }
    Ok(())
}

/// A built server, listening, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    worker: Option<(JobWorker, watch::Sender<bool>, watch::Receiver<bool>)>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Prepares everything and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let state = prepare_state(settings).await?;
        Self::with_state(state)
    }

    /// Binds the listener for an already prepared state.
    pub fn with_state(state: AppState) -> anyhow::Result<Self> {
        let settings = state.settings.clone();
        let listener = TcpListener::bind((settings.http.host.as_str(), settings.http.port))?;
        let port = listener.local_addr()?.port();
        let spec = openapi::document();
        let data = web::Data::new(state.clone());
        let static_dir = settings.web.static_dir.clone();
        let mut server = HttpServer::new(move || {
            let spec_json = spec.clone();
            let static_dir = static_dir.clone();
            App::new()
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .app_data(data.clone())
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()),
                )
                .app_data(
                    web::QueryConfig::default()
                        .error_handler(|e, _| ApiError::MalformedRequest(e.to_string()).into()),
                )
                .route(
                    "/api/openapi.json",
                    web::get().to(move || {
                        let spec = spec_json.clone();
                        async move { HttpResponse::Ok().json(spec) }
                    }),
                )
                .route(
                    "/api/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header((actix_web::http::header::LOCATION, "/api/docs/"))
                            .finish()
                    }),
                )
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec.clone()))
                .service(web::scope("/api").default_service(web::to(routes::api_not_found)))
                .configure(move |cfg| spa::configure(cfg, &static_dir))
                .wrap(from_fn(spa::headers))
                .wrap(Compress::default())
                .wrap(TracingLogger::default())
        })
        .listen(listener)?
        .shutdown_timeout(10);
        if let Some(workers) = settings.http.workers {
            server = server.workers(workers);
        }
        let server = server.run();

        let worker = if settings.jobs.enabled {
            let mailer = Mailer::from_settings(&settings.mail, &settings.outbox_dir())?;
            let worker = JobWorker::new(
                state.db.clone(),
                mailer,
                settings.mail.from.clone(),
                StdDuration::from_millis(settings.jobs.poll_interval_ms),
                state.jobs_waker.clone(),
                settings.files.clone(),
            )
            .with_sms(crate::sms::SmsSender::from_settings(
                &settings.sms,
                settings.outbox_dir(),
            )?)
            .with_lease(StdDuration::from_secs(settings.jobs.lease_seconds.max(1)))
            .with_geocoder(state.geocoder.clone());
            let (tx, rx) = watch::channel(false);
            Some((worker, tx, rx))
        } else {
            None
        };
        Ok(Self {
            port,
            server,
            state,
            worker,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach the database through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the server stops (Ctrl-C / SIGTERM), then stops the job worker.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let worker = self
            .worker
            .map(|(worker, tx, rx)| (tokio::spawn(worker.run(rx)), tx));
        let served = self.server.await;
        if let Some((handle, tx)) = worker {
            let _ = tx.send(true);
            let _ = handle.await;
        }
        Ok(served?)
    }
}
