//! Request and response bodies of the REST API (`/api/v1`). Entities never cross the wire:
//! the storage layer maps its rows to these types.
//!
//! Request bodies default missing fields to empty so that validation can name every missing
//! field at once (a 422 listing them all) rather than stopping at the first.

pub mod accompaniment;
pub mod agenda;
pub mod audit;
pub mod auth;
pub mod offers;
pub mod page;
pub mod partner;
pub mod preregistration;
pub mod reference;
pub mod staff;
pub mod structure;
pub mod system;
pub mod youth;

pub use accompaniment::*;
pub use agenda::*;
pub use audit::*;
pub use auth::*;
pub use offers::*;
pub use page::*;
pub use partner::*;
pub use preregistration::*;
pub use reference::*;
pub use staff::*;
pub use structure::*;
pub use system::*;
pub use youth::*;

use serde::{Deserialize, Serialize};

use crate::ids::AccountId;

/// A short reference to a person with an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    /// The person's account.
    pub id: AccountId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
}

impl PersonRef {
    /// "Prénom Nom".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Invited; the password is not chosen yet.
    Invited,
    /// Can log in.
    Active,
    /// Deactivated; cannot log in.
    Disabled,
}

impl AccountStatus {
    /// French label.
    pub const fn label(self) -> &'static str {
        match self {
            AccountStatus::Invited => "Invitation envoyée",
            AccountStatus::Active => "Actif",
            AccountStatus::Disabled => "Désactivé",
        }
    }
}

/// Validator hook for an optional e-mail field: blank is accepted.
pub fn validate_optional_email(value: &str) -> Result<(), validator::ValidationError> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        crate::values::validate_email(value)
    }
}

/// Validator hook for an optional phone field: blank is accepted.
pub fn validate_optional_phone(value: &str) -> Result<(), validator::ValidationError> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        crate::values::validate_phone(value)
    }
}

/// `None` for a blank optional text, the trimmed text otherwise.
pub fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}
