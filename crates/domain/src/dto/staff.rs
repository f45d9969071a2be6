//! The staff of a Mission Locale.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::dto::AccountStatus;
use crate::ids::AccountId;
use crate::role::Role;
use crate::values::{validate_email, validate_person_name};

/// A staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    /// The account.
    pub id: AccountId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Login e-mail.
    pub email: String,
    /// Role in the Mission Locale.
    pub role: Role,
    /// Whether the account is usable yet.
    pub status: AccountStatus,
}

/// `POST /api/v1/staff`: invite a new staff member by e-mail.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewStaffMember {
    /// First name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_name: String,
    /// Last name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_name: String,
    /// Professional e-mail; the invitation is sent there.
    #[validate(custom(function = "validate_email"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub email: String,
    /// A staff role (`accueil`, `conseiller`, `manager`, `direction` or `admin`).
    #[validate(
        required(message = "Choisissez un rôle."),
        custom(function = "validate_staff_role")
    )]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub role: Option<Role>,
}

fn validate_staff_role(role: &Role) -> Result<(), ValidationError> {
    if role.is_staff() {
        Ok(())
    } else {
        Err(ValidationError::new("not_a_staff_role")
            .with_message("Choisissez un rôle de l'équipe de la Mission Locale.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::field_errors;

    #[test]
    fn a_youth_role_cannot_be_given_to_staff() {
        let form = NewStaffMember {
            first_name: "Inès".into(),
            last_name: "Lefèvre".into(),
            email: "ines@ml.fr".into(),
            role: Some(Role::Jeune),
        };
        let errors = field_errors(&form.validate().unwrap_err());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "role");
        assert_eq!(errors[0].code, "not_a_staff_role");
    }

    #[test]
    fn an_empty_form_names_every_field() {
        let errors = field_errors(&NewStaffMember::default().validate().unwrap_err());
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "first_name", "last_name", "role"]);
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }
}
