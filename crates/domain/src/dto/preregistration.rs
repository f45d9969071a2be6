//! Online pre-registration (public) and the reception inbox (F1).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::dto::{DuplicateCandidate, PageQuery};
use crate::file::{PreRegistrationStatus, YouthFileData};
use crate::ids::{StructureId, YouthId};

/// A Mission Locale, as the public pre-registration form lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStructure {
    /// The Mission Locale.
    pub id: StructureId,
    /// Its name.
    pub name: String,
    /// The postcodes it covers, for the young person to recognise it.
    pub postcodes: Vec<String>,
}

/// `GET /api/v1/preregistrations/ticket`: the anti-robot ticket the form sends back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationTicket {
    /// Opaque; valid for two hours, not before a few seconds.
    pub ticket: String,
}

/// What the young person is told once the form is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationReceipt {
    /// A short reference to quote on the phone.
    pub reference: String,
    /// The Mission Locale that received it.
    pub structure_name: String,
    /// When reception promises to call back.
    pub callback_due: DateTime<Utc>,
    /// The commune is not covered by this Mission Locale.
    pub out_of_territory: bool,
    /// The Mission Locale that covers the commune, when known.
    pub covering_structure: Option<PublicStructure>,
    /// The secret to book a first appointment right away (`/api/v1/public/first-appointment`).
    #[serde(default)]
    pub booking_token: Option<String>,
}

/// A line of the reception inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationSummary {
    /// The request.
    pub id: Uuid,
    /// Its short reference.
    pub reference: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// When the call-back promise runs out.
    pub callback_due: DateTime<Utc>,
    /// The promise is broken and the request is still open.
    pub overdue: bool,
    /// Where it stands.
    pub status: PreRegistrationStatus,
    /// When the status last changed.
    pub status_at: DateTime<Utc>,
    /// Who changed it, by name.
    pub status_by: Option<String>,
    /// "Prénom NOM".
    pub full_name: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Age today.
    pub age: Option<u32>,
    /// Mobile phone.
    pub mobile: Option<String>,
    /// Commune of residence, by name.
    pub commune_name: Option<String>,
    /// The commune is outside the Mission Locale's territory.
    pub out_of_territory: bool,
    /// The Mission Locale covering the commune, when known.
    pub covering_structure_name: Option<String>,
    /// How many existing files look like this person.
    pub candidate_count: u32,
    /// The best duplicate score (0–100).
    pub best_score: Option<u8>,
    /// The file created from, or attached to, the request.
    pub youth_id: Option<YouthId>,
}

/// A status change of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationEvent {
    /// The new status.
    pub status: PreRegistrationStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Who, by name (none for the young person's own submission).
    pub by: Option<String>,
    /// A note.
    pub note: Option<String>,
}

/// A request in full, with its duplicate candidates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationDetail {
    /// The line of the inbox.
    pub summary: PreRegistrationSummary,
    /// What the young person entered.
    pub data: YouthFileData,
    /// The status changes, oldest first.
    pub events: Vec<PreRegistrationEvent>,
    /// Existing files that may be the same person, best first.
    pub candidates: Vec<DuplicateCandidate>,
}

/// `POST /api/v1/preregistrations/{id}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreRegistrationStatusChange {
    /// The new status (not `registered`: use `register`).
    pub status: PreRegistrationStatus,
    /// A note (e.g. which Mission Locale the young person was sent to).
    #[serde(default)]
    #[validate(length(max = 500, message = "Note trop longue (500 caractères au plus)."))]
    pub note: Option<String>,
}

/// `POST /api/v1/preregistrations/{id}/register`: create the file, or attach the request to an
/// existing one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterPreRegistration {
    /// Attach to this existing file; `null` creates a new file.
    pub youth_id: Option<YouthId>,
}

/// Filters of `GET /api/v1/preregistrations`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PreRegistrationListQuery {
    /// Page number, from 1 (default 1).
    #[validate(range(min = 1, message = "Le numéro de page commence à 1."))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 éléments par page."))]
    pub per_page: Option<u32>,
    /// Only this status.
    pub status: Option<PreRegistrationStatus>,
    /// Also the closed ones (registered, redirected, withdrawn); default: open ones only.
    pub all: Option<bool>,
}

impl PreRegistrationListQuery {
    /// The page selection.
    pub fn page_query(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}
