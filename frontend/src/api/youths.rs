//! `/youths`.

use domain::YouthId;
use domain::dto::{InvitationSent, InviteYouth, NewYouth, Page, YouthDetail, YouthSummary};

use super::{ApiError, get, post, query};
use crate::session::Session;

/// `GET /youths`.
pub async fn list_youths(
    session: Session,
    page: u32,
    mine: bool,
) -> Result<Page<YouthSummary>, ApiError> {
    let q = query(&[
        ("page", Some(page.to_string())),
        ("mine", mine.then(|| "true".to_owned())),
    ]);
    get(session, &format!("/youths{q}")).await
}

/// `GET /youths/{id}`.
pub async fn get_youth(session: Session, id: YouthId) -> Result<YouthDetail, ApiError> {
    get(session, &format!("/youths/{id}")).await
}

/// `POST /youths`.
pub async fn create_youth(session: Session, body: &NewYouth) -> Result<YouthDetail, ApiError> {
    post(session, "/youths", body).await
}

/// `POST /youths/{id}/invitation`.
pub async fn invite_youth(
    session: Session,
    id: YouthId,
    body: &InviteYouth,
) -> Result<InvitationSent, ApiError> {
    post(session, &format!("/youths/{id}/invitation"), body).await
}
