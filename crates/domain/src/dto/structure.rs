//! Missions Locales, their sites and the communes they cover.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::dto::validate_optional_phone;
use crate::ids::{SiteId, StructureId};
use crate::validation::required;
use crate::values::{validate_insee_code, validate_postal_code};

/// A Mission Locale with its sites and covered communes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StructureDetail {
    /// The Mission Locale.
    pub id: StructureId,
    /// Short stable code, e.g. `ML-DEMO`.
    pub code: String,
    /// Usual name.
    pub name: String,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Switchboard number, international form.
    pub phone: Option<String>,
    /// Reception sites.
    pub sites: Vec<SiteView>,
    /// The communes whose young people this Mission Locale serves.
    pub communes: Vec<CoveredCommune>,
}

/// A reception site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteView {
    /// The site.
    pub id: SiteId,
    /// Name, e.g. "Antenne de Tourcoing".
    pub name: String,
    /// Street address.
    pub address: String,
    /// Postcode.
    pub postal_code: String,
    /// Commune name.
    pub commune_name: String,
    /// INSEE code of the commune.
    pub commune_insee: String,
    /// Phone, international form.
    pub phone: Option<String>,
}

/// A commune (or one of its postcodes) covered by a Mission Locale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoveredCommune {
    /// INSEE code.
    pub insee_code: String,
    /// Postcode.
    pub postal_code: String,
    /// Name.
    pub name: String,
    /// The site that receives its young people, if one is assigned.
    pub site_id: Option<SiteId>,
}

/// `POST /api/v1/structures/{id}/sites`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewSite {
    /// Name of the site.
    #[validate(
        custom(function = "required"),
        length(max = 120, message = "120 caractères au plus.")
    )]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub name: String,
    /// Street address.
    #[validate(
        custom(function = "required"),
        length(max = 200, message = "200 caractères au plus.")
    )]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub address: String,
    /// Postcode.
    #[validate(custom(function = "validate_postal_code"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub postal_code: String,
    /// Commune name.
    #[validate(
        custom(function = "required"),
        length(max = 120, message = "120 caractères au plus.")
    )]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub commune_name: String,
    /// INSEE code of the commune.
    #[validate(custom(function = "validate_insee_code"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub commune_insee: String,
    /// Phone (optional).
    #[validate(custom(function = "validate_optional_phone"))]
    pub phone: Option<String>,
}

/// `POST /api/v1/structures/{id}/communes`: add a covered commune.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewCoveredCommune {
    /// INSEE code.
    #[validate(custom(function = "validate_insee_code"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub insee_code: String,
    /// Postcode.
    #[validate(custom(function = "validate_postal_code"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub postal_code: String,
    /// Name.
    #[validate(
        custom(function = "required"),
        length(max = 120, message = "120 caractères au plus.")
    )]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub name: String,
    /// The site that receives its young people (optional).
    pub site_id: Option<SiteId>,
}
