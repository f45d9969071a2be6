//! `/preregistrations` and `/public/structures`: the public online pre-registration and the
//! reception inbox.

use domain::dto::{
    Page, PreRegistrationDetail, PreRegistrationReceipt, PreRegistrationStatusChange,
    PreRegistrationSummary, PreRegistrationTicket, PublicStructure, RegisterPreRegistration,
    YouthDetail,
};
use domain::file::{PreRegistrationForm, PreRegistrationStatus};
use domain::{ErrorBody, ErrorCode};
use uuid::Uuid;

use super::{ApiError, error_of, get, get_public, post, post_public, query, read};
use crate::session::Session;

/// `GET /public/structures`: the Missions Locales the form offers.
pub async fn public_structures() -> Result<Vec<PublicStructure>, ApiError> {
    get_public("/public/structures").await
}

/// `GET /preregistrations/ticket`: the anti-robot ticket, taken when the form opens.
pub async fn ticket() -> Result<PreRegistrationTicket, ApiError> {
    get_public("/preregistrations/ticket").await
}

/// `POST /preregistrations`. A 429 becomes a message saying how long to wait.
pub async fn send(form: &PreRegistrationForm) -> Result<PreRegistrationReceipt, ApiError> {
    let response = post_public("/preregistrations", form).await?;
    if response.status() != 429 {
        return read(response).await;
    }
    let minutes = response
        .headers()
        .get("Retry-After")
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|seconds| seconds.div_ceil(60).max(1));
    let wait = match minutes {
        Some(1) | None => "une minute".to_owned(),
        Some(n) => format!("{n} minutes"),
    };
    let _ = error_of(response).await;
    Err(ApiError::Http {
        status: 429,
        body: ErrorBody::new(
            ErrorCode::TooManyRequests,
            format!(
                "Beaucoup de demandes viennent d'être envoyées depuis votre connexion. \
                 Vos réponses sont gardées sur cette page : attendez {wait}, puis appuyez \
                 de nouveau sur « Envoyer ma demande »."
            ),
        ),
    })
}

/// Filters of the inbox.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxFilter {
    /// Only this status.
    pub status: Option<PreRegistrationStatus>,
    /// Also the closed requests.
    pub all: bool,
}

/// `GET /preregistrations`.
pub async fn list(
    session: Session,
    filter: InboxFilter,
    page: u32,
    per_page: u32,
) -> Result<Page<PreRegistrationSummary>, ApiError> {
    let q = query(&[
        ("status", filter.status.map(|s| s.code().to_owned())),
        ("all", filter.all.then(|| "true".to_owned())),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    get(session, &format!("/preregistrations{q}")).await
}

/// `GET /preregistrations/{id}`.
pub async fn detail(session: Session, id: Uuid) -> Result<PreRegistrationDetail, ApiError> {
    get(session, &format!("/preregistrations/{id}")).await
}

/// `POST /preregistrations/{id}/status`.
pub async fn change_status(
    session: Session,
    id: Uuid,
    body: &PreRegistrationStatusChange,
) -> Result<PreRegistrationDetail, ApiError> {
    post(session, &format!("/preregistrations/{id}/status"), body).await
}

/// `POST /preregistrations/{id}/register`: creates the file (`youth_id: None`) or attaches the
/// request to an existing one.
pub async fn register(
    session: Session,
    id: Uuid,
    body: &RegisterPreRegistration,
) -> Result<YouthDetail, ApiError> {
    post(session, &format!("/preregistrations/{id}/register"), body).await
}

/// `GET /public/first-appointment/slots`: the reception's free slots right after a
/// pre-registration (a `SlotList`, read as JSON).
pub async fn first_slots(token: &str) -> Result<serde_json::Value, ApiError> {
    get_public(&format!(
        "/public/first-appointment/slots?token={}&days=14",
        js_sys::encode_uri_component(token)
    ))
    .await
}

/// `POST /public/first-appointment`: books the chosen slot (409 `slot_taken`).
pub async fn book_first(
    token: &str,
    slot: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let body = serde_json::json!({
        "token": token,
        "starts_at": slot["starts_at"],
        "host_id": slot["host"]["id"],
    });
    read(post_public("/public/first-appointment", &body).await?).await
}
