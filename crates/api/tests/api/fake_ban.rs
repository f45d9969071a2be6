//! A fake Base Adresse Nationale for the tests: `GET /search` on 127.0.0.1, answering from a
//! built-in table of communes keyed by the INSEE `citycode` parameter (or a word of `q`: a
//! commune's name or code), in GeoCodeJSON. Its mode switches it to slow, garbage, down or
//! throttling, and it counts the requests it received, so that tests prove what the cache saves.
//!
//! The tests of `api::geocode::Geocoder` against it follow.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use api::config::{GeocoderProvider, GeocoderSettings};
use api::geocode::{AddressQuery, Geocoder, Located};
use sea_orm::ConnectionTrait as _;
use storage::{Db, DbOptions};

/// How the fake answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// From the table.
    Normal,
    /// From the table, after sleeping this long (longer than the client's timeout).
    Slow(Duration),
    /// `<html>` with 200, as a proxy or a maintenance page would.
    Garbage,
    /// 503.
    Down,
    /// 429 with `Retry-After: 1`, as the Géoplateforme past 50 requests per second.
    Throttled,
}

/// The communes the fake knows: INSEE code, name, postcode, latitude, longitude.
pub const COMMUNES: [(&str, &str, &str, f64, f64); 5] = [
    ("59512", "Roubaix", "59100", 50.6942, 3.1746),
    ("59350", "Lille", "59000", 50.6292, 3.0573),
    ("59599", "Tourcoing", "59200", 50.7239, 3.1612),
    ("62041", "Arras", "62000", 50.2910, 2.7775),
    ("75056", "Paris", "75001", 48.8566, 2.3522),
];

struct Shared {
    mode: Mutex<Mode>,
    requests: AtomicUsize,
    last_query: Mutex<Option<String>>,
}

/// A running fake; it stops when dropped.
pub struct FakeBan {
    /// Its base URL (`http://127.0.0.1:<port>`), for `geocoder.url`.
    pub url: String,
    shared: Arc<Shared>,
    handle: actix_web::dev::ServerHandle,
}

impl FakeBan {
    /// Starts a fake in `Normal` mode on a free port.
    pub async fn start() -> Self {
        let shared = Arc::new(Shared {
            mode: Mutex::new(Mode::Normal),
            requests: AtomicUsize::new(0),
            last_query: Mutex::new(None),
        });
        let data = web::Data::from(shared.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the fake BAN");
        let port = listener.local_addr().expect("local address").port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/search", web::get().to(search))
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(0)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}"),
            shared,
            handle,
        }
    }

    /// Changes how it answers from now on.
    pub fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
    }

    /// How many requests it received.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// The query string of the last request.
    pub fn last_query(&self) -> Option<String> {
        self.shared.last_query.lock().unwrap().clone()
    }

    /// Settings of a geocoder that asks this fake.
    pub fn settings(&self) -> GeocoderSettings {
        GeocoderSettings {
            provider: GeocoderProvider::Ban,
            url: self.url.clone(),
            timeout_ms: 3000,
            pause_after_failure_ms: 0,
        }
    }
}

impl Drop for FakeBan {
    fn drop(&mut self) {
        // Sends the stop command now; nobody waits for it to complete.
        drop(self.handle.stop(false));
    }
}

fn commune_for(
    query: &web::Query<Vec<(String, String)>>,
) -> Option<(&'static str, &'static str, &'static str, f64, f64)> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(code) = param("citycode") {
        return COMMUNES.iter().copied().find(|c| c.0 == code);
    }
    let q = param("q").unwrap_or_default().to_lowercase();
    q.split(|c: char| !c.is_alphanumeric()).find_map(|word| {
        COMMUNES
            .iter()
            .copied()
            .find(|c| c.0 == word || c.1.to_lowercase() == word)
    })
}

async fn search(
    request: HttpRequest,
    query: web::Query<Vec<(String, String)>>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    *shared.last_query.lock().unwrap() = Some(request.query_string().to_owned());
    let mode = *shared.mode.lock().unwrap();
    match mode {
        Mode::Normal => {}
        Mode::Slow(delay) => tokio::time::sleep(delay).await,
        Mode::Garbage => {
            return HttpResponse::Ok()
                .content_type("text/html")
                .body("<html><body><h1>Service en maintenance</h1></body></html>");
        }
        Mode::Down => {
            return HttpResponse::ServiceUnavailable()
                .content_type("text/html")
                .body("<html><body>503 Service Unavailable</body></html>");
        }
        Mode::Throttled => {
            return HttpResponse::TooManyRequests()
                .insert_header(("Retry-After", "1"))
                .content_type("text/html")
                .body("<html><body>Erreur 429</body></html>");
        }
    }
    let q = query
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let features = match commune_for(&query) {
        None => vec![],
        Some((code, name, postcode, lat, lon)) => vec![serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "label": name,
                "score": 0.9632,
                "id": code,
                "type": "municipality",
                "name": name,
                "postcode": postcode,
                "citycode": code,
                "city": name,
                "importance": 0.71,
                "_type": "address"
            }
        })],
    };
    HttpResponse::Ok().json(serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
        "query": q,
    }))
}

// ----- Tests of the geocoding client against the fake -----

struct TestDb {
    db: Db,
    _dir: tempfile::TempDir,
}

/// A fresh, migrated database: SQLite in a temporary folder, or a new PostgreSQL database
/// when `PASSERELLE_TEST_PG_URL` is set.
async fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match std::env::var("PASSERELLE_TEST_PG_URL") {
        Ok(server) => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("g_{}", uuid::Uuid::new_v4().simple());
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
        Err(_) => format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display()),
    };
    let db = Db::connect(&DbOptions {
        url,
        max_connections: 2,
        acquire_timeout: Duration::from_secs(5),
    })
    .await
    .expect("connect");
    db.migrate().await.expect("migrate");
    TestDb { db, _dir: dir }
}

fn address(line: &str, postcode: &str, citycode: &str, city: &str) -> AddressQuery {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    AddressQuery {
        line: some(line),
        postcode: some(postcode),
        citycode: some(citycode),
        city: some(city),
    }
}

fn roubaix() -> AddressQuery {
    address("12 Grand Place", "59100", "59512", "Roubaix")
}

fn found(located: &Located) -> &api::geocode::GeoHit {
    match located {
        Located::Found(hit) => hit,
        other => panic!("expected Found, got {other:?}"),
    }
}

#[tokio::test]
async fn geocode_found_then_served_from_the_cache() {
    let ban = FakeBan::start().await;
    let t = fresh_db().await;
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();

    let first = geocoder.locate(&t.db, &roubaix()).await;
    let hit = found(&first);
    assert_eq!((hit.point.lat, hit.point.lon), (50.6942, 3.1746));
    assert_eq!(hit.label, "Roubaix");
    assert_eq!(hit.citycode.as_deref(), Some("59512"));
    assert_eq!(hit.score, Some(0.9632));
    assert_eq!(ban.requests(), 1);
    let sent = ban.last_query().unwrap();
    for part in [
        "q=12+grand+place+59100+roubaix",
        "index=address",
        "limit=1",
        "citycode=59512",
        "postcode=59100",
    ] {
        assert!(sent.contains(part), "{part} missing from {sent}");
    }

    // The same address, spelt differently: no request.
    let again = address(" 12  GRAND place", "59100 ", "59512", "roubaix");
    let second = geocoder.locate(&t.db, &again).await;
    let cached = found(&second);
    assert_eq!(cached.point, hit.point);
    assert_eq!(cached.label, "Roubaix");
    assert_eq!(cached.citycode.as_deref(), Some("59512"));
    assert_eq!(cached.score, None, "the cache keeps no score");
    assert_eq!(ban.requests(), 1);

    // A clone shares the cache (it is in the database), and another commune is asked.
    let lille = geocoder
        .clone()
        .locate(&t.db, &address("", "", "59350", "Lille"))
        .await;
    assert_eq!(found(&lille).point.lat, 50.6292);
    assert_eq!(ban.requests(), 2);

    // A word of q is enough for the fake when there is no commune code.
    let arras = geocoder
        .locate(&t.db, &address("", "62000", "", "Arras"))
        .await;
    assert_eq!(found(&arras).citycode.as_deref(), Some("62041"));
}

#[tokio::test]
async fn geocode_unknown_is_not_found_and_cached() {
    let ban = FakeBan::start().await;
    let t = fresh_db().await;
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();
    let nowhere = address("1 chemin du Bout du Monde", "99999", "99999", "Nullepart");
    assert_eq!(geocoder.locate(&t.db, &nowhere).await, Located::NotFound);
    assert_eq!(ban.requests(), 1);
    assert_eq!(geocoder.locate(&t.db, &nowhere).await, Located::NotFound);
    assert_eq!(ban.requests(), 1, "the not found answer is cached");
    let cached = storage::geocache::get(t.db.conn(), &nowhere.key().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cached.hit, None);

    // Nothing to look for: not found, without asking.
    assert_eq!(
        geocoder.locate(&t.db, &AddressQuery::default()).await,
        Located::NotFound
    );
    assert_eq!(ban.requests(), 1);
}

#[tokio::test]
async fn geocode_slow_service_is_unavailable_within_the_timeout() {
    let ban = FakeBan::start().await;
    ban.set_mode(Mode::Slow(Duration::from_secs(5)));
    let t = fresh_db().await;
    let settings = GeocoderSettings {
        timeout_ms: 300,
        ..ban.settings()
    };
    let geocoder = Geocoder::from_settings(&settings).unwrap();
    let started = Instant::now();
    let located = geocoder.locate(&t.db, &roubaix()).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(&located, Located::Unavailable(reason) if reason.contains("délai")),
        "{located:?}"
    );
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    let key = roubaix().key().unwrap();
    assert_eq!(
        storage::geocache::get(t.db.conn(), &key).await.unwrap(),
        None
    );
}

/// An HTML page with 200 is **unavailable**, not "not found": it says nothing about the address
/// (a maintenance page, a proxy's error), and caching "not found" would hide the address from
/// the map for a week after a passing incident.
#[tokio::test]
async fn geocode_garbage_is_unavailable_and_not_cached() {
    let ban = FakeBan::start().await;
    ban.set_mode(Mode::Garbage);
    let t = fresh_db().await;
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();
    let located = geocoder.locate(&t.db, &roubaix()).await;
    assert!(
        matches!(&located, Located::Unavailable(reason) if reason.contains("illisible")),
        "{located:?}"
    );
    ban.set_mode(Mode::Normal);
    found(&geocoder.locate(&t.db, &roubaix()).await);
    assert_eq!(ban.requests(), 2);
}

#[tokio::test]
async fn geocode_down_is_unavailable_not_cached_and_found_once_back() {
    let ban = FakeBan::start().await;
    ban.set_mode(Mode::Down);
    let t = fresh_db().await;
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();
    let located = geocoder.locate(&t.db, &roubaix()).await;
    assert_eq!(located, Located::Unavailable("HTTP 503".to_owned()));
    let key = roubaix().key().unwrap();
    assert_eq!(
        storage::geocache::get(t.db.conn(), &key).await.unwrap(),
        None
    );

    ban.set_mode(Mode::Normal);
    let back = geocoder.locate(&t.db, &roubaix()).await;
    assert_eq!(found(&back).citycode.as_deref(), Some("59512"));
    assert_eq!(ban.requests(), 2);
}

#[tokio::test]
async fn geocode_pauses_after_a_failure() {
    let ban = FakeBan::start().await;
    ban.set_mode(Mode::Down);
    let t = fresh_db().await;
    let settings = GeocoderSettings {
        pause_after_failure_ms: 400,
        ..ban.settings()
    };
    let geocoder = Geocoder::from_settings(&settings).unwrap();
    assert!(matches!(
        geocoder.locate(&t.db, &roubaix()).await,
        Located::Unavailable(_)
    ));
    ban.set_mode(Mode::Normal);
    // During the pause the service is not asked, even for another address.
    let paused = geocoder
        .locate(&t.db, &address("", "", "59350", "Lille"))
        .await;
    assert!(
        matches!(&paused, Located::Unavailable(reason) if reason.contains("pause")),
        "{paused:?}"
    );
    assert_eq!(ban.requests(), 1);
    tokio::time::sleep(Duration::from_millis(450)).await;
    found(&geocoder.locate(&t.db, &roubaix()).await);
    assert_eq!(ban.requests(), 2);
}

#[tokio::test]
async fn geocode_throttled_follows_retry_after() {
    let ban = FakeBan::start().await;
    ban.set_mode(Mode::Throttled);
    let t = fresh_db().await;
    // No pause of its own: the 429's Retry-After (1 s) sets it.
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();
    let located = geocoder.locate(&t.db, &roubaix()).await;
    assert!(
        matches!(&located, Located::Unavailable(reason) if reason.contains("429")),
        "{located:?}"
    );
    ban.set_mode(Mode::Normal);
    assert!(matches!(
        geocoder.locate(&t.db, &roubaix()).await,
        Located::Unavailable(_)
    ));
    assert_eq!(ban.requests(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    found(&geocoder.locate(&t.db, &roubaix()).await);
}

#[tokio::test]
async fn geocode_without_a_service() {
    let t = fresh_db().await;
    // Disabled: unavailable, but what the cache holds is still served.
    let disabled = Geocoder::from_settings(&GeocoderSettings {
        provider: GeocoderProvider::Disabled,
        ..GeocoderSettings::default()
    })
    .unwrap();
    assert_eq!(
        disabled.locate(&t.db, &roubaix()).await,
        Located::Unavailable("géocodage désactivé".to_owned())
    );
    let ban = FakeBan::start().await;
    let geocoder = Geocoder::from_settings(&ban.settings()).unwrap();
    found(&geocoder.locate(&t.db, &roubaix()).await);
    found(&disabled.locate(&t.db, &roubaix()).await);

    // Nobody listening: unavailable at once.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let closed = Geocoder::from_settings(&GeocoderSettings {
        url: format!("http://127.0.0.1:{port}"),
        ..ban.settings()
    })
    .unwrap();
    let started = Instant::now();
    assert_eq!(
        closed
            .locate(&t.db, &address("", "", "59599", "Tourcoing"))
            .await,
        Located::Unavailable("connexion impossible".to_owned())
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}
