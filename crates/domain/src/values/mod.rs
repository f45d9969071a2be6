//! Constrained values, parsed once at the edge ("parse, don't validate"). Each newtype keeps
//! its field private and can only be built through `parse`, which returns [`Invalid`] with a
//! stable code and a French message.

mod country;
mod email;
mod geo;
mod name;
mod password;
mod phone;
mod siret;

pub use country::*;
pub use email::EmailAddress;
pub use geo::{InseeCode, PostalCode};
pub use name::PersonName;
pub use password::NewPassword;
pub use phone::PhoneNumber;
pub use siret::Siret;

/// Why a value was refused: a stable code and a French message the user can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Stable snake_case code.
    pub code: &'static str,
    /// French message.
    pub message: &'static str,
}

impl Invalid {
    /// A mandatory field left empty.
    pub const REQUIRED: Invalid = Invalid {
        code: "required",
        message: "Ce champ est obligatoire.",
    };

    /// The field error for `field`.
    pub fn at(self, field: &str) -> crate::error::FieldError {
        crate::error::FieldError {
            field: field.to_owned(),
            code: self.code.to_owned(),
            message: self.message.to_owned(),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Invalid {}

/// Implements `Display`, `AsRef<str>`, serde (as the parsed string) and a validator hook for
/// a newtype over `String` with a `parse(&str) -> Result<Self, Invalid>`.
macro_rules! string_value {
    ($name:ident, $validate_fn:ident) => {
        impl $name {
            /// The normalised value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as ::serde::Deserialize>::deserialize(d)?;
                $name::parse(&raw).map_err(::serde::de::Error::custom)
            }
        }

        /// Validator hook: `#[validate(custom(function = "...::validate"))]`.
        pub fn $validate_fn(value: &str) -> Result<(), ::validator::ValidationError> {
            $name::parse(value)
                .map(|_| ())
                .map_err($crate::validation::to_validation_error)
        }
    };
}
pub(crate) use string_value;

pub use email::validate_email;
pub use geo::{validate_insee_code, validate_postal_code};
pub use name::validate_person_name;
pub use password::validate_new_password;
pub use phone::validate_phone;
pub use siret::validate_siret;
