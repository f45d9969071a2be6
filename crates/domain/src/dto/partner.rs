//! Partner organisations (the first slice: records and their users).

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accompaniment::Theme;
use crate::dto::{AccountStatus, PartnerRecord};
use crate::ids::{AccountId, PartnerId};
use crate::offers::{GeoPoint, PartnerStatus, PartnershipForm};
use crate::values::{validate_email, validate_person_name};

/// The kind of organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    /// A company or employer.
    Employeur,
    /// A training centre.
    OrganismeFormation,
    /// An association.
    Association,
    /// A public service (CAF, CPAM, France Travail…).
    ServicePublic,
    /// Anything else.
    Autre,
}

impl PartnerKind {
    /// Every kind.
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Employeur,
        PartnerKind::OrganismeFormation,
        PartnerKind::Association,
        PartnerKind::ServicePublic,
        PartnerKind::Autre,
    ];

    /// Stable code.
    pub const fn as_str(self) -> &'static str {
        match self {
            PartnerKind::Employeur => "employeur",
            PartnerKind::OrganismeFormation => "organisme_formation",
            PartnerKind::Association => "association",
            PartnerKind::ServicePublic => "service_public",
            PartnerKind::Autre => "autre",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// French label.
    pub const fn label(self) -> &'static str {
        match self {
            PartnerKind::Employeur => "Employeur",
            PartnerKind::OrganismeFormation => "Organisme de formation",
            PartnerKind::Association => "Association",
            PartnerKind::ServicePublic => "Service public",
            PartnerKind::Autre => "Autre",
        }
    }
}

/// A line of the partners list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSummary {
    /// The organisation.
    pub id: PartnerId,
    /// Name.
    pub name: String,
    /// Kind of organisation.
    pub kind: PartnerKind,
    /// Where the partnership stands.
    pub status: PartnerStatus,
    /// Themes it works on.
    pub themes: Vec<Theme>,
    /// Forms of partnership it commits to.
    pub forms: Vec<PartnershipForm>,
    /// Sponsor company.
    pub sponsor: bool,
    /// Commune name.
    pub commune_name: Option<String>,
    /// Where, if located.
    pub point: Option<GeoPoint>,
}

/// A partner organisation with its users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerDetail {
    /// The organisation.
    pub id: PartnerId,
    /// Name.
    pub name: String,
    /// Kind of organisation.
    pub kind: PartnerKind,
    /// SIRET of the establishment, if known.
    pub siret: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Contact phone, international form.
    pub phone: Option<String>,
    /// The organisation's users of the partner portal.
    pub users: Vec<PartnerUser>,
    /// The directory's record: status, address, themes, contacts…
    pub record: Option<PartnerRecord>,
}

/// A user of the partner portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerUser {
    /// The account.
    pub id: AccountId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Login e-mail.
    pub email: String,
    /// Whether the account is usable yet.
    pub status: AccountStatus,
}

/// `POST /api/v1/partners/{id}/invitations`: invite a user of the organisation.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InvitePartnerUser {
    /// First name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_name: String,
    /// Last name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_name: String,
    /// Where to send the invitation (the future login).
    #[validate(custom(function = "validate_email"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub email: String,
}
