//! Request extractors that answer with the API's error envelope: the authenticated actor,
//! the client's address, JSON bodies and query strings (both validated).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};
use domain::Actor;
use domain::validation::field_errors;
use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::ApiError;
use crate::state::AppState;

fn state(req: &HttpRequest) -> Result<&web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
}

/// The caller, from a valid `Authorization: Bearer` access token (401 otherwise).
#[derive(Clone, Copy, Debug)]
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready((|| {
            let state = state(req)?;
            let token = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .ok_or(ApiError::Unauthenticated)?;
            state
                .jwt
                .verify(token.trim())
                .map(Authenticated)
                .ok_or(ApiError::Unauthenticated)
        })())
    }
}

/// Where the request comes from, for audit entries and throttling.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    /// The client's address (the peer, or the proxy's forwarded value if trusted).
    pub ip: Option<String>,
    /// The client's `User-Agent`.
    pub user_agent: Option<String>,
}

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_proxy = state(req)
            .map(|s| s.settings.http.trust_proxy_headers)
            .unwrap_or(false);
        let ip = if trust_proxy {
            req.connection_info()
                .realip_remote_addr()
                .map(|a| strip_port(a).to_owned())
        } else {
            req.peer_addr().map(|a| a.ip().to_string())
        };
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        std::future::ready(Ok(ClientInfo { ip, user_agent }))
    }
}

fn strip_port(addr: &str) -> &str {
    if addr.starts_with('[') {
        addr.split(']')
            .next()
            .map_or(addr, |a| a.trim_start_matches('['))
    } else if addr.matches(':').count() == 1 {
        addr.split(':').next().unwrap_or(addr)
    } else {
        addr
    }
}

/// A JSON body, deserialised then validated: 415 if not JSON, 413 if over the limit, 400 if
/// unreadable, 422 naming every invalid field. An empty body reads as `{}`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = state(req)
            .map(|s| s.settings.http.body_limit_bytes)
            .unwrap_or(256 * 1024);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"));
        let has_content_type = req.headers().contains_key(header::CONTENT_TYPE);
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|len| len > limit) {
                return Err(ApiError::PayloadTooLarge);
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::MalformedRequest(e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            let bytes: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
                b"{}"
            } else if has_content_type && !is_json {
                return Err(ApiError::UnsupportedMediaType);
            } else {
                &body
            };
            let value: serde_json::Value = serde_json::from_slice(bytes)
                .map_err(|e| ApiError::MalformedRequest(format!("body: {e}")))?;
            if !value.is_object() {
                return Err(ApiError::MalformedRequest(
                    "body is not a JSON object".into(),
                ));
            }
            let parsed: T = deserialize_fields(value)?;
            parsed
                .validate()
                .map_err(|e| ApiError::Validation(field_errors(&e)))?;
            Ok(ApiJson(parsed))
        })
    }
}

/// Deserialises, naming the field whose value has the wrong type (422).
fn deserialize_fields<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "body".to_owned() } else { path };
        ApiError::Validation(vec![domain::FieldError {
            field,
            code: "invalid_type".to_owned(),
            message: "Valeur invalide pour ce champ : vérifiez son format.".to_owned(),
        }])
    })
}

/// A query string, deserialised then validated (400 if unreadable, 422 if invalid).
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready((|| {
            let query = web::Query::<T>::from_query(req.query_string())
                .map_err(|e| ApiError::MalformedRequest(format!("query: {e}")))?
                .into_inner();
            query
                .validate()
                .map_err(|e| ApiError::Validation(field_errors(&e)))?;
            Ok(ApiQuery(query))
        })())
    }
}

#[cfg(test)]
mod tests {
    use super::strip_port;

    #[test]
    fn forwarded_addresses_lose_their_port() {
        assert_eq!(strip_port("203.0.113.7:5000"), "203.0.113.7");
        assert_eq!(strip_port("203.0.113.7"), "203.0.113.7");
        assert_eq!(strip_port("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(strip_port("2001:db8::1"), "2001:db8::1");
    }
}
