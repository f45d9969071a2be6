//! `/reference`: communes (public, read-only). Countries come from the domain crate's table,
//! which the app already carries for validation.

use domain::dto::CommuneDto;

use super::{ApiError, get_public, query};

/// `GET /reference/communes?postcode=`: the communes a postcode serves.
pub async fn communes_of_postcode(postcode: &str) -> Result<Vec<CommuneDto>, ApiError> {
    let q = query(&[("postcode", Some(postcode.trim().to_owned()))]);
    get_public(&format!("/reference/communes{q}")).await
}

/// `GET /reference/communes?q=`: the communes whose name looks like `text` (20 at most).
pub async fn search_communes(text: &str) -> Result<Vec<CommuneDto>, ApiError> {
    let q = query(&[("q", Some(text.trim().to_owned()))]);
    get_public(&format!("/reference/communes{q}")).await
}
