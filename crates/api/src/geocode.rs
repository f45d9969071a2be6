//! Geocoding: where an address is on the map, for distances between young people, partners and
//! offers (`rules.md` §4.1). Production asks the Base Adresse Nationale on the IGN Géoplateforme
//! (`GET {url}/search`, a GeoCodeJSON answer); tests run a local fake.
//!
//! The service is an outside dependency that may be slow, down or throttling (50 requests/s,
//! then HTTP 429), so [`Geocoder::locate`] never fails: it answers [`Located::Found`],
//! [`Located::NotFound`] or [`Located::Unavailable`], and callers keep the address unlocated in
//! the last case and try again later.
//!
//! - Answers are cached in the database (`storage::geocache`): a place found is kept, a "not
//!   found" is asked again after 7 days; an unavailable service caches nothing.
//! - A well-formed answer whose best result is unusable (score under [`MIN_SCORE`], a point off
//!   the map) is a "not found". A body that is not GeoCodeJSON (an HTML error page with 200, a
//!   truncated body) says nothing about the address: it is "unavailable".
//! - Requests are paced under the service's limit, and after a failure the service is left alone
//!   for a while (`pause_after_failure_ms`), so a batch does not wait a timeout per address.
//! - Addresses are personal data: they are never logged, and the reasons given for an
//!   unavailable service never hold them (reqwest's errors carry the URL: it is removed).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use domain::offers::GeoPoint;
use serde::Deserialize;
use storage::Db;
use storage::geocache::{self, PlaceHit};
use tokio::time::Instant;

use crate::config::{GeocoderProvider, GeocoderSettings};

/// Results scored under this are not trusted: the service matched something else.
pub const MIN_SCORE: f64 = 0.4;
/// The service refuses longer queries.
const MAX_QUERY_CHARS: usize = 200;
/// Longest label kept.
const MAX_LABEL_CHARS: usize = 300;
/// An answer for one result is a few kilobytes; anything much larger is not one.
const MAX_BODY_BYTES: usize = 256 * 1024;
/// Time between two requests of this process: 40 per second, under the 50 per second limit.
const MIN_INTERVAL: Duration = Duration::from_millis(25);
/// The longest pause a `Retry-After` can impose.
const MAX_PAUSE: Duration = Duration::from_secs(300);

/// An address to locate. Every part is optional; the more parts, the better the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressQuery {
    /// Street line ("12 rue de la Gare").
    pub line: Option<String>,
    /// Postcode ("59100").
    pub postcode: Option<String>,
    /// The commune's INSEE code ("59512"), used as a filter.
    pub citycode: Option<String>,
    /// The commune's name ("Roubaix").
    pub city: Option<String>,
}

/// Trimmed, lowercased, control characters as spaces, single spaces, at most `max` characters.
fn normalise(text: &str, max: usize) -> String {
    let lowered: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .to_lowercase();
    let single = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = single.chars().take(max).collect();
    cut.trim_end().to_owned()
}

fn part(value: Option<&String>) -> String {
    value.map_or_else(String::new, |v| normalise(v, MAX_QUERY_CHARS))
}

/// An INSEE commune code: 5 characters, digits except `2A`/`2B` for Corsica.
fn insee_code(value: &str) -> Option<String> {
    let code = value.trim().to_uppercase();
    let bytes = code.as_bytes();
    let valid = bytes.len() == 5
        && bytes[0].is_ascii_digit()
        && (bytes[1].is_ascii_digit() || (bytes[0] == b'2' && matches!(bytes[1], b'A' | b'B')))
        && bytes[2..].iter().all(u8::is_ascii_digit);
    valid.then_some(code)
}

fn postcode(value: &str) -> Option<String> {
    let code = value.trim();
    (code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())).then(|| code.to_owned())
}

impl AddressQuery {
    /// The text sent as `q`: line, postcode and city, normalised, starting with a letter or a
    /// digit (the service refuses anything else), at least 3 characters.
    fn text(&self) -> Option<String> {
        let joined = [&self.line, &self.postcode, &self.city]
            .iter()
            .map(|p| part(p.as_ref()))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let text = joined.trim_start_matches(|c: char| !c.is_alphanumeric());
        let text = normalise(text, MAX_QUERY_CHARS);
        (text.chars().count() >= 3).then_some(text)
    }

    /// The INSEE code filter, when the code is one.
    fn citycode_filter(&self) -> Option<String> {
        self.citycode.as_deref().and_then(insee_code)
    }

    /// The postcode filter, when the postcode is one.
    fn postcode_filter(&self) -> Option<String> {
        self.postcode.as_deref().and_then(postcode)
    }

    /// The cache key: `line|postcode|citycode|city`, each part trimmed, lowercased, with single
    /// spaces (two spellings of one address share it); `None` when there is nothing to look
    /// for.
    pub fn key(&self) -> Option<String> {
        self.text()?;
        Some(format!(
            "{}|{}|{}|{}",
            part(self.line.as_ref()),
            part(self.postcode.as_ref()),
            self.citycode_filter().unwrap_or_default().to_lowercase(),
            part(self.city.as_ref()),
        ))
    }
}

/// A place the service found.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoHit {
    /// Where it is.
    pub point: GeoPoint,
    /// The address as the service wrote it ("12 Rue de la Gare 59100 Roubaix").
    pub label: String,
    /// The commune's INSEE code, when the service gave a valid one.
    pub citycode: Option<String>,
    /// The service's confidence, from 0 to 1; `None` when the answer comes from the cache (the
    /// cache keeps only answers that scored at least [`MIN_SCORE`]).
    pub score: Option<f64>,
}

/// What [`Geocoder::locate`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Located {
    /// The address is there.
    Found(GeoHit),
    /// The service answered, with nothing usable (or there was nothing to look for).
    NotFound,
    /// The service could not answer now (why, without the address); try again later.
    Unavailable(String),
}

/// Pacing and the pause after a failure, shared by the clones of one geocoder (opaque).
#[derive(Debug, Default)]
pub struct Gate {
    /// When the next request may leave.
    next_slot: Option<Instant>,
    /// Until when the service is left alone.
    paused_until: Option<Instant>,
}

/// Locates addresses.
#[derive(Clone, Debug)]
pub enum Geocoder {
    /// Asks the Base Adresse Nationale (or anything that answers like it).
    Ban {
        /// The client (with its timeout).
        client: reqwest::Client,
        /// Base URL, without the trailing `/`; `/search` is appended.
        base_url: String,
        /// How long to leave the service alone after a failure.
        pause_after_failure: Duration,
        /// Pacing and pause, shared by clones.
        gate: Arc<Mutex<Gate>>,
    },
    /// Locates nothing.
    Disabled,
}

/// The service's answer, or why there is none.
enum Fetched {
    Answer(Option<GeoHit>),
    Failed {
        reason: String,
        retry_after: Option<Duration>,
    },
}

impl Geocoder {
    /// The geocoder the settings ask for.
    pub fn from_settings(settings: &GeocoderSettings) -> anyhow::Result<Self> {
        Ok(match settings.provider {
            GeocoderProvider::Disabled => Geocoder::Disabled,
            GeocoderProvider::Ban => {
                let base_url = settings.url.trim().trim_end_matches('/').to_owned();
                if base_url.is_empty() {
                    anyhow::bail!("geocoder.url is required with provider = ban");
                }
                Geocoder::Ban {
                    client: reqwest::Client::builder()
                        .timeout(Duration::from_millis(settings.timeout_ms.max(1)))
                        .user_agent(concat!("Passerelle/", env!("CARGO_PKG_VERSION")))
                        .build()?,
                    base_url,
                    pause_after_failure: Duration::from_millis(settings.pause_after_failure_ms),
                    gate: Arc::new(Mutex::new(Gate::default())),
                }
            }
        })
    }

    /// Where `query` is: from the cache, or else from the service (and then cached, unless the
    /// service was unavailable). Never fails; a broken cache only costs a request.
    pub async fn locate(&self, db: &Db, query: &AddressQuery) -> Located {
        let Some(key) = query.key() else {
            return Located::NotFound;
        };
        match geocache::get(db.conn(), &key).await {
            Ok(Some(cached)) => {
                return match cached.hit {
                    Some(hit) => Located::Found(GeoHit {
                        point: hit.point,
                        label: hit.label,
                        citycode: hit.citycode,
                        score: None,
                    }),
                    None => Located::NotFound,
                };
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "geocoding cache unreadable; asking the service"),
        }
        let Geocoder::Ban {
            client,
            base_url,
            pause_after_failure,
            gate,
        } = self
        else {
            tracing::debug!("geocoding disabled");
            return Located::Unavailable("géocodage désactivé".to_owned());
        };
        match take_turn(gate) {
            Turn::Paused(wait) => {
                tracing::debug!(
                    seconds = wait.as_secs(),
                    "geocoding service paused after a failure"
                );
                return Located::Unavailable(format!(
                    "service de géocodage en pause après une erreur (encore {} s)",
                    wait.as_secs().max(1)
                ));
            }
            Turn::Go(slot) => tokio::time::sleep_until(slot).await,
        }
        match fetch(client, base_url, query).await {
            Fetched::Answer(hit) => {
                let cached = hit.as_ref().map(|h| PlaceHit {
                    point: h.point,
                    label: h.label.clone(),
                    citycode: h.citycode.clone(),
                });
                if let Err(e) = geocache::put(db.conn(), &key, cached.as_ref()).await {
                    tracing::warn!(error = %e, "geocoding answer not cached");
                }
                hit.map_or(Located::NotFound, Located::Found)
            }
            Fetched::Failed {
                reason,
                retry_after,
            } => {
                let pause = retry_after.unwrap_or(*pause_after_failure).min(MAX_PAUSE);
                if !pause.is_zero() {
                    lock(gate).paused_until = Some(Instant::now() + pause);
                }
                tracing::warn!(
                    %reason,
                    pause_seconds = pause.as_secs(),
                    "geocoding service unavailable"
                );
                Located::Unavailable(reason)
            }
        }
    }
}

fn lock(gate: &Mutex<Gate>) -> std::sync::MutexGuard<'_, Gate> {
    // The state stays consistent even if a holder panicked: it is two instants.
    gate.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a request may leave, and when.
enum Turn {
    /// The service is left alone for this long still.
    Paused(Duration),
    /// Go at this instant (this process's next slot).
    Go(Instant),
}

/// Takes the next request slot, unless the service is paused.
fn take_turn(gate: &Mutex<Gate>) -> Turn {
    let now = Instant::now();
    let mut state = lock(gate);
    if let Some(until) = state.paused_until {
        if until > now {
            return Turn::Paused(until - now);
        }
        state.paused_until = None;
    }
    let slot = state.next_slot.map_or(now, |next| next.max(now));
    state.next_slot = Some(slot + MIN_INTERVAL);
    Turn::Go(slot)
}

/// Asks the service.
async fn fetch(client: &reqwest::Client, base_url: &str, query: &AddressQuery) -> Fetched {
    let Some(q) = query.text() else {
        return Fetched::Answer(None);
    };
    let mut params: Vec<(&str, String)> = vec![
        ("q", q),
        ("index", "address".to_owned()),
        ("limit", "1".to_owned()),
    ];
    if let Some(code) = query.citycode_filter() {
        params.push(("citycode", code));
    }
    if let Some(code) = query.postcode_filter() {
        params.push(("postcode", code));
    }
    let response = match client
        .get(format!("{base_url}/search"))
        .query(&params)
        .send()
        .await
    {
        Ok(response) => response,
        Err(e) => return failed(describe(e), None),
    };
    let status = response.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        return failed("trop de requêtes (HTTP 429)".to_owned(), retry_after);
    }
    if !status.is_success() {
        return failed(format!("HTTP {}", status.as_u16()), None);
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return failed("réponse trop longue".to_owned(), None);
    }
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => return failed(describe(e), None),
    };
    if body.len() > MAX_BODY_BYTES {
        return failed("réponse trop longue".to_owned(), None);
    }
    match parse(&body) {
        Ok(hit) => Fetched::Answer(hit),
        Err(reason) => failed(reason, None),
    }
}

fn failed(reason: String, retry_after: Option<Duration>) -> Fetched {
    Fetched::Failed {
        reason,
        retry_after,
    }
}

/// Why a request failed, without its URL (it holds the address).
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return "délai dépassé".to_owned();
    }
    if error.is_connect() {
        return "connexion impossible".to_owned();
    }
    let error = error.without_url();
    let mut text = format!("erreur réseau : {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(&format!(" : {cause}"));
        source = cause.source();
    }
    text
}

/// A GeoCodeJSON answer (the parts read).
#[derive(Deserialize)]
struct FeatureCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Geometry,
    #[serde(default)]
    properties: Properties,
}

#[derive(Deserialize)]
struct Geometry {
    /// `[longitude, latitude]`.
    coordinates: Vec<f64>,
}

#[derive(Default, Deserialize)]
struct Properties {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    citycode: Option<String>,
    #[serde(default)]
    score: Option<f64>,
}

/// Reads an answer: `Ok(Some)` for a usable best result, `Ok(None)` for a well-formed answer
/// with nothing usable, `Err(reason)` for a body that is not GeoCodeJSON.
fn parse(body: &[u8]) -> Result<Option<GeoHit>, String> {
    let collection: FeatureCollection =
        serde_json::from_slice(body).map_err(|_| "réponse illisible (pas du GeoCodeJSON)")?;
    if collection.kind != "FeatureCollection" {
        return Err("réponse illisible (pas une FeatureCollection)".to_owned());
    }
    let Some(first) = collection.features.into_iter().next() else {
        return Ok(None);
    };
    let [lon, lat] = first.geometry.coordinates[..] else {
        return Err("réponse illisible (coordonnées)".to_owned());
    };
    Ok(accept(lat, lon, first.properties))
}

/// The hit, if the result is good enough and on the map.
fn accept(lat: f64, lon: f64, properties: Properties) -> Option<GeoHit> {
    let score = properties.score.filter(|s| s.is_finite())?;
    if score < MIN_SCORE {
        return None;
    }
    let point = GeoPoint::check(lat, lon, "adresse").ok()?;
    let label = properties
        .label
        .map(|l| {
            let single = l.split_whitespace().collect::<Vec<_>>().join(" ");
            single.chars().take(MAX_LABEL_CHARS).collect()
        })
        .unwrap_or_default();
    Some(GeoHit {
        point,
        label,
        citycode: properties.citycode.as_deref().and_then(insee_code),
        score: Some(score),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like the Géoplateforme's answer to
    /// `/search?q=12 grand place 59100 roubaix&index=address&limit=1` (values written by hand).
    const ROUBAIX: &str = r#"{
      "type": "FeatureCollection",
      "features": [
        {
          "type": "Feature",
          "geometry": { "type": "Point", "coordinates": [3.181685, 50.690552] },
          "properties": {
            "label": "12 Grand Place 59100 Roubaix",
            "score": 0.9721,
            "housenumber": "12",
            "id": "59512_2150_00012",
            "name": "12 Grand Place",
            "postcode": "59100",
            "citycode": "59512",
            "x": 710562.41,
            "y": 7063182.57,
            "city": "Roubaix",
            "context": "59, Nord, Hauts-de-France",
            "type": "housenumber",
            "importance": 0.6935,
            "street": "Grand Place",
            "_type": "address"
          }
        }
      ]
    }"#;

    fn answer(lon: &str, lat: &str, score: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature",
            "geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},
            "properties":{{"label":"Somewhere","score":{score},"citycode":"59350"}}}}]}}"#
        )
    }

    #[test]
    fn a_real_shaped_answer_is_read() {
        let hit = parse(ROUBAIX.as_bytes()).expect("readable").expect("found");
        assert_eq!(hit.point.lat, 50.690552);
        assert_eq!(hit.point.lon, 3.181685);
        assert_eq!(hit.label, "12 Grand Place 59100 Roubaix");
        assert_eq!(hit.citycode.as_deref(), Some("59512"));
        assert_eq!(hit.score, Some(0.9721));
    }

    #[test]
    fn no_feature_is_not_found() {
        let body = br#"{"type":"FeatureCollection","features":[],"query":"zzz"}"#;
        assert_eq!(parse(body), Ok(None));
    }

    #[test]
    fn garbage_is_unreadable() {
        for body in [
            "<html><body>Maintenance</body></html>",
            "",
            "[]",
            "null",
            r#"{"features":[]}"#,
            r#"{"type":"Feature","features":[]}"#,
            r#"{"type":"FeatureCollection","features":{}}"#,
            r#"{"type":"FeatureCollection","features":[{"properties":{"score":1}}]}"#,
            r#"{"type":"FeatureCollection","features":[{"geometry":{"coordinates":[3.1]}}]}"#,
            r#"{"type":"FeatureCollection","features":[{"geometry":{"coordinates":[3,50,7]}}]}"#,
            r#"{"type":"FeatureCollection","features":[{"geometry":{"coordinates":["3","50"]}}]}"#,
            // JSON has no infinity: an overflowing number is refused by the parser.
            &answer("1e999", "50.6", "0.9"),
            &ROUBAIX[..ROUBAIX.len() / 2],
        ] {
            assert!(parse(body.as_bytes()).is_err(), "{body:?} was read");
        }
    }

    #[test]
    fn points_off_the_map_are_not_found() {
        // New York; Roubaix with latitude and longitude swapped; out of range.
        for (lon, lat) in [
            ("-73.9857", "40.7484"),
            ("50.6942", "3.1746"),
            ("3.17", "95"),
            ("200", "50.6"),
        ] {
            assert_eq!(
                parse(answer(lon, lat, "0.95").as_bytes()),
                Ok(None),
                "{lon},{lat}"
            );
        }
        // Overseas is on the map.
        let hit = parse(answer("55.4504", "-20.8789", "0.95").as_bytes()).expect("readable");
        assert!(hit.is_some(), "La Réunion");
    }

    #[test]
    fn non_finite_coordinates_or_scores_are_not_found() {
        let props = || Properties {
            label: Some("x".to_owned()),
            citycode: None,
            score: Some(0.9),
        };
        assert!(accept(f64::NAN, 3.17, props()).is_none());
        assert!(accept(50.69, f64::INFINITY, props()).is_none());
        assert!(accept(50.69, 3.17, props()).is_some());
        let nan_score = Properties {
            score: Some(f64::NAN),
            ..props()
        };
        assert!(accept(50.69, 3.17, nan_score).is_none());
    }

    #[test]
    fn low_or_missing_scores_are_not_found() {
        assert_eq!(parse(answer("3.17", "50.69", "0.39").as_bytes()), Ok(None));
        assert_eq!(parse(answer("3.17", "50.69", "null").as_bytes()), Ok(None));
        let at_threshold = parse(answer("3.17", "50.69", "0.4").as_bytes()).expect("readable");
        assert!(at_threshold.is_some());
        let body = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
            "geometry":{"type":"Point","coordinates":[3.17,50.69]},"properties":{"label":"x"}}]}"#;
        assert_eq!(parse(body.as_bytes()), Ok(None));
    }

    #[test]
    fn odd_labels_and_city_codes_are_tidied() {
        let body = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
            "geometry":{"type":"Point","coordinates":[9.15,41.92]},
            "properties":{"label":"  Place   du\nDiamant  ","score":0.8,"citycode":"2a004"}}]}"#;
        let hit = parse(body.as_bytes()).unwrap().unwrap();
        assert_eq!(hit.label, "Place du Diamant");
        assert_eq!(hit.citycode.as_deref(), Some("2A004"));
        let body = answer("3.17", "50.69", "0.9").replace("59350", "ROUBAIX");
        let hit = parse(body.as_bytes()).unwrap().unwrap();
        assert_eq!(hit.citycode, None);
    }

    fn query(line: &str, postcode: &str, citycode: &str, city: &str) -> AddressQuery {
        let some = |s: &str| Some(s.to_owned());
        AddressQuery {
            line: some(line),
            postcode: some(postcode),
            citycode: some(citycode),
            city: some(city),
        }
    }

    #[test]
    fn keys_are_normalised() {
        let a = query("  12   Grand\tPlace ", "59100", "59512", "ROUBAIX ");
        let b = query("12 grand place", " 59100", " 59512", "Roubaix");
        assert_eq!(a.key(), b.key());
        assert_eq!(
            a.key().as_deref(),
            Some("12 grand place|59100|59512|roubaix")
        );
        assert_eq!(a.text().as_deref(), Some("12 grand place 59100 roubaix"));
        // Accents are kept: the service reads them.
        let c = query("Rue de l'Église", "", "", "Hénin-Beaumont");
        assert_eq!(c.key().as_deref(), Some("rue de l'église|||hénin-beaumont"));
        // Another commune filter is another question.
        let d = query("12 grand place", "59100", "59599", "roubaix");
        assert_ne!(a.key(), d.key());
    }

    #[test]
    fn nothing_to_look_for_has_no_key() {
        assert_eq!(AddressQuery::default().key(), None);
        assert_eq!(query(" ", "\n", "", "  ").key(), None);
        // A commune code alone is a filter, not a question.
        assert_eq!(query("", "", "59512", "").key(), None);
        // Too short, or punctuation only.
        assert_eq!(query("ab", "", "", "").key(), None);
        assert_eq!(query("-- ,", "", "", "").key(), None);
        assert!(query("", "59100", "", "").key().is_some());
    }

    #[test]
    fn the_query_starts_with_a_letter_or_digit_and_is_not_too_long() {
        let q = query("- 12 grand place", "", "", "").text().unwrap();
        assert_eq!(q, "12 grand place");
        let long = query(&"rue ".repeat(100), "59100", "", "roubaix")
            .text()
            .unwrap();
        assert!(long.chars().count() <= MAX_QUERY_CHARS, "{}", long.len());
    }

    #[test]
    fn filters_are_sent_only_when_valid() {
        let q = query("12 grand place", "59100", "59512", "roubaix");
        assert_eq!(q.citycode_filter().as_deref(), Some("59512"));
        assert_eq!(q.postcode_filter().as_deref(), Some("59100"));
        let q = query("12 grand place", "5910", "roubaix", "roubaix");
        assert_eq!(q.citycode_filter(), None);
        assert_eq!(q.postcode_filter(), None);
        assert_eq!(q.key().as_deref(), Some("12 grand place|5910||roubaix"));
        assert_eq!(insee_code("2B033").as_deref(), Some("2B033"));
        assert_eq!(insee_code("3A033"), None);
    }

    #[test]
    fn settings_pick_the_provider() {
        let mut settings = GeocoderSettings::default();
        assert!(matches!(
            Geocoder::from_settings(&settings),
            Ok(Geocoder::Ban { ref base_url, .. }) if base_url == "https://data.geopf.fr/geocodage"
        ));
        settings.url = "http://127.0.0.1:1234/ban/".to_owned();
        assert!(matches!(
            Geocoder::from_settings(&settings),
            Ok(Geocoder::Ban { ref base_url, .. }) if base_url == "http://127.0.0.1:1234/ban"
        ));
        settings.url = " ".to_owned();
        assert!(Geocoder::from_settings(&settings).is_err());
        settings.provider = GeocoderProvider::Disabled;
        assert!(matches!(
            Geocoder::from_settings(&settings),
            Ok(Geocoder::Disabled)
        ));
    }

    #[test]
    fn requests_are_paced_and_paused() {
        let gate = Mutex::new(Gate::default());
        let Turn::Go(first) = take_turn(&gate) else {
            panic!("paused")
        };
        let Turn::Go(second) = take_turn(&gate) else {
            panic!("paused")
        };
        assert!(second >= first + MIN_INTERVAL);
        lock(&gate).paused_until = Some(Instant::now() + Duration::from_secs(60));
        assert!(matches!(take_turn(&gate), Turn::Paused(d) if d > Duration::from_secs(50)));
        lock(&gate).paused_until = Some(Instant::now());
        assert!(matches!(take_turn(&gate), Turn::Go(_)));
    }
}
