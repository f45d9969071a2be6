//! `/structures`.

use domain::StructureId;
use domain::dto::{CoveredCommune, NewCoveredCommune, NewSite, SiteView, StructureDetail};

use super::{ApiError, get, post};
use crate::session::Session;

/// `GET /structures/{id}`.
pub async fn get_structure(session: Session, id: StructureId) -> Result<StructureDetail, ApiError> {
    get(session, &format!("/structures/{id}")).await
}

/// `POST /structures/{id}/sites`.
pub async fn create_site(
    session: Session,
    id: StructureId,
    body: &NewSite,
) -> Result<SiteView, ApiError> {
    post(session, &format!("/structures/{id}/sites"), body).await
}

/// `POST /structures/{id}/communes`.
pub async fn add_covered_commune(
    session: Session,
    id: StructureId,
    body: &NewCoveredCommune,
) -> Result<CoveredCommune, ApiError> {
    post(session, &format!("/structures/{id}/communes"), body).await
}
