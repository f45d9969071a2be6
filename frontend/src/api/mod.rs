//! The REST client: one typed function per endpoint, using the domain crate's request and
//! response types. Requests carry the session's access token; a 401 triggers one silent
//! refresh of the session and one retry.

pub mod accompaniment;
pub mod agenda;
pub mod audit;
pub mod auth;
pub mod offers;
pub mod partners;
pub mod preregistrations;
pub mod reference;
pub mod staff;
pub mod structures;
pub mod youths;

use domain::{ErrorBody, ErrorCode};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session::Session;

/// Base path of the API.
pub const API: &str = "/api/v1";

/// Why a call failed, as the UI needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with an error envelope.
    Http {
        /// HTTP status.
        status: u16,
        /// The envelope.
        body: ErrorBody,
    },
    /// The server could not be reached (offline, server down).
    Network,
}

impl ApiError {
    /// The French message to show.
    pub fn message(&self) -> String {
        match self {
            ApiError::Http { body, .. } => body.message.clone(),
            ApiError::Network => "Impossible de joindre Passerelle : vérifiez votre connexion \
                                  Internet, puis réessayez."
                .to_owned(),
        }
    }

    /// The stable code, if the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Http { body, .. } => Some(body.code),
            ApiError::Network => None,
        }
    }

    /// The invalid fields of a 422, as (field, message).
    pub fn fields(&self) -> Vec<(String, String)> {
        match self {
            ApiError::Http { body, .. } => body
                .fields
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect(),
            ApiError::Network => Vec::new(),
        }
    }

    /// An error for an answer that is not the envelope.
    fn unexpected(status: u16) -> Self {
        ApiError::Http {
            status,
            body: ErrorBody::new(
                ErrorCode::Unknown,
                "Réponse inattendue du serveur. Réessayez dans un instant.",
            ),
        }
    }
}

/// Reads a response: the body on success, the envelope on failure.
pub(crate) async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) {
        response
            .json::<T>()
            .await
            .map_err(|_| ApiError::unexpected(status))
    } else {
        Err(error_of(response).await)
    }
}

/// The error of a non-2xx response.
pub(crate) async fn error_of(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Http { status, body },
        Err(_) => ApiError::unexpected(status),
    }
}

/// Succeeds on any 2xx, ignoring the body.
pub(crate) async fn expect_empty(response: Response) -> Result<(), ApiError> {
    if (200..300).contains(&response.status()) {
        Ok(())
    } else {
        Err(error_of(response).await)
    }
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Patch,
    Put,
}

fn builder(method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
    let url = format!("{API}{path}");
    let builder = match method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Patch => Request::patch(&url),
        Method::Put => Request::put(&url),
    };
    match token {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

async fn send(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Result<Response, ApiError> {
    let request = builder(method, path, token);
    let sent = match body {
        Some(body) => {
            request
                .json(body)
                .map_err(|_| ApiError::Network)?
                .send()
                .await
        }
        None => request.send().await,
    };
    sent.map_err(|_| ApiError::Network)
}

/// Sends an authenticated request; on 401 refreshes the session once and retries.
async fn authed(
    session: Session,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> Result<Response, ApiError> {
    let token = session.access_token();
    let response = send(method, path, token.as_deref(), body.as_ref()).await?;
    if response.status() != 401 {
        return Ok(response);
    }
    session.refresh_after_rejection(token).await?;
    let token = session.access_token();
    send(method, path, token.as_deref(), body.as_ref()).await
}

/// `GET` an authenticated resource.
pub(crate) async fn get<T: DeserializeOwned>(session: Session, path: &str) -> Result<T, ApiError> {
    read(authed(session, Method::Get, path, None).await?).await
}

/// `POST` to an authenticated resource and read the answer.
pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
    session: Session,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_value(body).map_err(|_| ApiError::Network)?;
    read(authed(session, Method::Post, path, Some(body)).await?).await
}

/// `PATCH` an authenticated resource and read the answer.
pub(crate) async fn patch<B: Serialize, T: DeserializeOwned>(
    session: Session,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_value(body).map_err(|_| ApiError::Network)?;
    read(authed(session, Method::Patch, path, Some(body)).await?).await
}

/// `PUT` an authenticated resource and read the answer.
pub(crate) async fn put<B: Serialize, T: DeserializeOwned>(
    session: Session,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_value(body).map_err(|_| ApiError::Network)?;
    read(authed(session, Method::Put, path, Some(body)).await?).await
}

/// `POST` to an authenticated resource that answers without a body (204).
pub(crate) async fn post_empty<B: Serialize>(
    session: Session,
    path: &str,
    body: &B,
) -> Result<(), ApiError> {
    let body = serde_json::to_value(body).map_err(|_| ApiError::Network)?;
    expect_empty(authed(session, Method::Post, path, Some(body)).await?).await
}

/// `GET` an authenticated file (an export): its bytes.
pub(crate) async fn get_bytes(session: Session, path: &str) -> Result<Vec<u8>, ApiError> {
    let response = authed(session, Method::Get, path, None).await?;
    if (200..300).contains(&response.status()) {
        response.binary().await.map_err(|_| ApiError::Network)
    } else {
        Err(error_of(response).await)
    }
}

/// `GET` a public resource (no token).
pub(crate) async fn get_public<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(send(Method::Get, path, None, None).await?).await
}

/// `POST` to a public endpoint (no token).
pub(crate) async fn post_public(path: &str, body: &impl Serialize) -> Result<Response, ApiError> {
    let body = serde_json::to_value(body).map_err(|_| ApiError::Network)?;
    send(Method::Post, path, None, Some(&body)).await
}

/// A query string from pairs, skipping absent values.
pub(crate) fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", js_sys::encode_uri_component(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}
