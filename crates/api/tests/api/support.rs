//! Test harness: the real server on a random port, a fresh database per test (SQLite in a
//! temporary folder, or a new PostgreSQL database when `PASSERELLE_TEST_PG_URL` is set), two
//! seeded Missions Locales, and a local SMTP sink that collects the e-mails.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api::config::{MailTransport, Secret, Settings};
use api::{Application, startup};
use domain::Role;
use domain::dto::Session;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use sea_orm::ConnectionTrait as _;
use serde_json::Value;
use storage::demo::{self, DEMO_PASSWORD, SeededStructure};

/// One running server and what it was seeded with.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: api::state::AppState,
    /// The demo Mission Locale ("ours").
    pub ours: SeededStructure,
    /// Another Mission Locale ("theirs").
    pub theirs: SeededStructure,
    pub mail: MailSink,
    _data: tempfile::TempDir,
}

async fn database_url(data: &std::path::Path) -> String {
    match std::env::var("PASSERELLE_TEST_PG_URL") {
        Ok(server) => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(format!("{server}/postgres"))
                .await
                .expect("connect to the PostgreSQL test server");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create the test database");
            admin.close().await.ok();
            format!("{server}/{name}")
        }
        Err(_) => format!("sqlite://{}?mode=rwc", data.join("test.db").display()),
    }
}

/// The settings of a test server; `adjust` can change them before start.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    startup::init_tracing("warn");
    let data = tempfile::tempdir().expect("temp dir");
    let mail = MailSink::start();
    let mut settings = Settings {
        data_dir: data.path().to_path_buf(),
        ..Settings::default()
    };
    settings.http.port = 0;
    settings.http.workers = Some(1);
    settings.http.public_url = "http://passerelle.test".to_owned();
    settings.database.url = Some(database_url(data.path()).await);
    settings.database.max_connections = 5;
    settings.auth.jwt_secret = Some(Secret::new("test-secret-test-secret-test-secret-0123"));
    settings.auth.argon2_memory_kib = 256;
    settings.auth.argon2_iterations = 1;
    settings.mail.transport = MailTransport::Smtp;
    settings.mail.smtp_url = Some(Secret::new(format!("smtp://127.0.0.1:{}", mail.port)));
    settings.jobs.poll_interval_ms = 100;
    settings.web.static_dir = data.path().join("no-spa");
    settings.files.preregistration_min_seconds = 0;
    // No geocoding service unless a test starts its fake one (`fake_ban`).
    settings.geocoder.provider = api::config::GeocoderProvider::Disabled;
    adjust(&mut settings);

    let state = startup::prepare_state(settings)
        .await
        .expect("prepare state");
    let hash = state.hasher.hash_trusted(DEMO_PASSWORD).expect("hash");
    let ours = demo::seed(&state.db, &demo::DEMO, &hash)
        .await
        .expect("seed")
        .expect("fresh");
    let theirs = demo::seed(&state.db, &demo::NEIGHBOUR, &hash)
        .await
        .expect("seed")
        .expect("fresh");
    for seeded in [&ours, &theirs] {
        demo::seed_offers(&state.db, seeded)
            .await
            .expect("seed offers");
    }
    let app = Application::with_state(state.clone()).expect("build");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        state,
        ours,
        theirs,
        mail,
        _data: data,
    }
}

/// A test server with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The demo e-mail of a seeded account.
pub fn email_of(structure: &demo::StructureSeed, role: Role) -> &'static str {
    match role {
        Role::Jeune => structure.youths[0].person.email,
        Role::Partenaire => structure.partner_user.email,
        staff => {
            let index = Role::STAFF
                .iter()
                .position(|r| *r == staff)
                .expect("staff role");
            structure.staff[index].email
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.client.request(method, self.url(path));
        match token {
            Some(t) => builder.bearer_auth(t),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token))
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Session {
        let response = self.login_response(email, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {email}");
        response.json().await.expect("session")
    }

    /// An access token for the seeded account with `role` in ours (`mine = true`) or theirs.
    pub async fn token(&self, role: Role, mine: bool) -> String {
        let seed = if mine { &demo::DEMO } else { &demo::NEIGHBOUR };
        self.login(email_of(seed, role), DEMO_PASSWORD)
            .await
            .access_token
    }
}

/// Reads the error envelope and checks its code.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let body: Value = response.json().await.expect("json error body");
    assert_eq!(body["code"], code, "error code in {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message in {body}"
    );
    assert!(body["fields"].is_array(), "fields in {body}");
    body
}

/// A local SMTP server that keeps every message it receives.
#[derive(Clone)]
pub struct MailSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Vec<u8>>>>,
}

#[derive(Clone)]
struct SinkHandler {
    current: Vec<u8>,
    messages: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl mailin_embedded::Handler for SinkHandler {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> mailin_embedded::Response {
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        self.messages
            .lock()
            .expect("lock")
            .push(std::mem::take(&mut self.current));
        mailin_embedded::response::OK
    }
}

/// A received message, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mail {
    /// The token after `marker` (e.g. `/invitation#`) in the body.
    pub fn token_after(&self, marker: &str) -> String {
        let start = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} in {}", self.body))
            + marker.len();
        self.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

impl MailSink {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp sink");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let handler = SinkHandler {
            current: Vec::new(),
            messages: messages.clone(),
        };
        let mut server = mailin_embedded::Server::new(handler);
        server.with_name("sink.test").with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { port, messages }
    }

    pub fn all(&self) -> Vec<Mail> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .map(|raw| {
                let parsed = mailparse::parse_mail(raw).expect("parse mail");
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.get_key().eq_ignore_ascii_case(name))
                        .map(|h| h.get_value())
                        .unwrap_or_default()
                };
                Mail {
                    to: header("To"),
                    subject: header("Subject"),
                    // A multipart message (text and a calendar) reads as its parts in order.
                    body: if parsed.subparts.is_empty() {
                        parsed.get_body().expect("body")
                    } else {
                        parsed
                            .subparts
                            .iter()
                            .map(|p| p.get_body().expect("part body"))
                            .collect::<Vec<_>>()
                            .join("\n")
                    },
                }
            })
            .collect()
    }

    /// Waits (up to 10 s) for a message to `to`.
    pub async fn wait_for(&self, to: &str) -> Mail {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(mail) = self.all().into_iter().rev().find(|m| m.to.contains(to)) {
                return mail;
            }
            assert!(Instant::now() < deadline, "no e-mail to {to} within 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Opens a file directly in storage (no HTTP, no duplicate check).
pub async fn open_file(
    app: &TestApp,
    structure: domain::StructureId,
    first: &str,
    last: &str,
    birth: (i32, u32, u32),
) -> domain::YouthId {
    let data = domain::file::YouthFileData {
        birth_name: last.to_owned(),
        first_names: first.to_owned(),
        birth_date: chrono::NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2),
        ..Default::default()
    };
    storage::youths::create(
        &app.state.db,
        &storage::audit::AuditContext::default(),
        &domain::Scope::Structure(structure),
        storage::youths::NewFile {
            data,
            origin: domain::file::Origin::MissionLocale,
            counsellor_id: None,
        },
        chrono::Utc::now().date_naive(),
    )
    .await
    .expect("open file")
    .id
}

/// The current version of a file.
pub async fn version_of(app: &TestApp, id: domain::YouthId) -> i32 {
    use sea_orm::EntityTrait as _;
    storage::entities::youth::Entity::find_by_id(id.as_uuid())
        .one(app.state.db.conn())
        .await
        .expect("read")
        .expect("file")
        .version
}
