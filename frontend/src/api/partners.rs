//! `/partners`.

use domain::PartnerId;
use domain::dto::{InvitePartnerUser, PartnerDetail, PartnerUser};

use super::{ApiError, get, post};
use crate::session::Session;

/// `GET /partners/{id}`.
pub async fn get_partner(session: Session, id: PartnerId) -> Result<PartnerDetail, ApiError> {
    get(session, &format!("/partners/{id}")).await
}

/// `POST /partners/{id}/invitations`.
pub async fn invite_partner_user(
    session: Session,
    id: PartnerId,
    body: &InvitePartnerUser,
) -> Result<PartnerUser, ApiError> {
    post(session, &format!("/partners/{id}/invitations"), body).await
}

/// `GET /partners/{id}/appointments`: the organisation's appointments (`AgendaEvent`s, read as
/// JSON).
pub async fn appointments(
    session: Session,
    id: PartnerId,
) -> Result<Vec<serde_json::Value>, ApiError> {
    get(session, &format!("/partners/{id}/appointments")).await
}
