//! Reference data: communes and countries (`/api/v1/reference/...`), public and read-only.

use serde::{Deserialize, Serialize};
use validator::Validate;

/// A commune of France (or an arrondissement municipal of Paris, Lyon or Marseille), in the
/// answer of `GET /api/v1/reference/communes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneDto {
    /// INSEE code (code officiel géographique), e.g. `59512` or `2A004`.
    pub insee: String,
    /// Official name, e.g. `Saint-Étienne`.
    pub name: String,
    /// The postcodes serving the commune, e.g. `["59100"]`.
    pub postcodes: Vec<String>,
    /// Département code, e.g. `59`, `2A` or `974`.
    pub departement: String,
}

/// Filters of `GET /api/v1/reference/communes`: a postcode, or a name to search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CommuneQuery {
    /// A postcode (five digits): the communes it serves. Takes precedence over `q`.
    pub postcode: Option<String>,
    /// What the user typed: a name (ignoring case, accents and hyphens; `st` for `saint`),
    /// a postcode or an INSEE code. The 20 best matches are returned.
    #[validate(length(max = 100, message = "Au plus 100 caractères."))]
    pub q: Option<String>,
}

/// A country (ISO 3166-1 alpha-2), in the answer of `GET /api/v1/reference/countries`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryDto {
    /// ISO 3166-1 alpha-2 code, e.g. `FR`, `DZ`.
    pub code: String,
    /// French name, e.g. `Algérie`.
    pub name: String,
    /// Whether it is a member state of the European Union.
    pub eu: bool,
}
