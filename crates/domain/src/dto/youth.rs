//! Young people's files (the first, minimal slice; the full file comes with the next issue).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::dto::{
    AccountStatus, PageQuery, PersonRef, validate_optional_email, validate_optional_phone,
};
use crate::ids::{StructureId, YouthId};
use crate::values::validate_person_name;

/// A line of a list of young people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthSummary {
    /// The file.
    pub id: YouthId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Age today, in whole years.
    pub age: u32,
    /// The referent counsellor, if assigned.
    pub counsellor: Option<PersonRef>,
    /// The youth app account, if one was created.
    pub account_status: Option<AccountStatus>,
}

/// A young person's file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthDetail {
    /// The file.
    pub id: YouthId,
    /// The Mission Locale that follows the young person.
    pub structure_id: StructureId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Age today, in whole years.
    pub age: u32,
    /// Personal e-mail.
    pub email: Option<String>,
    /// Mobile phone, international form.
    pub phone: Option<String>,
    /// The referent counsellor, if assigned.
    pub counsellor: Option<PersonRef>,
    /// The youth app account, if one was created.
    pub account_status: Option<AccountStatus>,
    /// When the file was opened.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/v1/youths`: open a file.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewYouth {
    /// First name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_name: String,
    /// Last name (usage name).
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_name: String,
    /// Birth date (`YYYY-MM-DD`); the age must be between 14 and 30.
    #[validate(required(message = "Indiquez la date de naissance."))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub birth_date: Option<NaiveDate>,
    /// Personal e-mail (optional; needed to invite the young person to the app).
    #[validate(custom(function = "validate_optional_email"))]
    pub email: Option<String>,
    /// Mobile phone (optional).
    #[validate(custom(function = "validate_optional_phone"))]
    pub phone: Option<String>,
}

/// `POST /api/v1/youths/{id}/invitation`: invite the young person to the app.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InviteYouth {
    /// Where to send the invitation; defaults to the e-mail of the file.
    #[validate(custom(function = "validate_optional_email"))]
    pub email: Option<String>,
}

/// Filters of `GET /api/v1/youths`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct YouthListQuery {
    /// Page number, from 1 (default 1).
    #[validate(range(min = 1, message = "Le numéro de page commence à 1."))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 éléments par page."))]
    pub per_page: Option<u32>,
    /// Only the files whose referent counsellor is the caller.
    pub mine: Option<bool>,
}

/// An invitation that was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSent {
    /// Where the link was sent.
    pub email: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

impl YouthListQuery {
    /// The page selection.
    pub fn page_query(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}
