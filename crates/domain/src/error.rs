//! The single error envelope of the API: `{ "code", "message", "fields" }`.
//!
//! `code` is stable snake_case for programs; `message` is French for people; `fields` names
//! each invalid field of a request (422) and is empty otherwise.

use serde::{Deserialize, Serialize};

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// A French sentence the user can act on.
    pub message: String,
    /// The invalid fields of the request, each with its own message (validation errors only).
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

/// One invalid field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request body, e.g. `email` or `address.postal_code`.
    pub field: String,
    /// Stable code of the rule that failed, e.g. `required` or `invalid_email`.
    pub code: String,
    /// What is wrong and how to fix it, in French.
    pub message: String,
}

/// Stable error codes. Clients must accept codes they do not know (`unknown`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON, or a query parameter cannot be read.
    MalformedRequest,
    /// 401: no valid access token (missing, expired or tampered).
    Unauthenticated,
    /// 401: wrong e-mail or password (never says which).
    InvalidCredentials,
    /// 403: the role may not perform this operation.
    Forbidden,
    /// 404: no such record, or not one the caller may see.
    NotFound,
    /// 409: the e-mail address is already used by an account.
    EmailAlreadyUsed,
    /// 409: the young person already has an active account.
    AccountAlreadyActive,
    /// 409: the request conflicts with the current state of the record.
    Conflict,
    /// 409: the file changed since it was read; `fields` lists what changed meanwhile.
    EditConflict,
    /// 409: a file that looks like the same person already exists.
    PossibleDuplicate,
    /// 409: the slot was just taken by someone else (or the person is busy then).
    SlotTaken,
    /// 409: the workshop has no seat left; register on the waiting list.
    WorkshopFull,
    /// 410: the invitation or reset link has expired or was already used.
    LinkExpired,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: one or more fields are invalid; see `fields`.
    ValidationFailed,
    /// 429: too many attempts; see the `Retry-After` header.
    TooManyRequests,
    /// 500: an unexpected error; details are in the server logs only.
    InternalError,
    /// 503: a dependency (the database) is unavailable.
    ServiceUnavailable,
    /// A code this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorBody {
    /// An error without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A 422 body listing each invalid field.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self {
            code: ErrorCode::ValidationFailed,
            message: "Certains champs sont invalides. Corrigez-les puis réessayez.".to_owned(),
            fields,
        }
    }

    /// The message for one field, if it is among the invalid ones.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_always_carries_fields() {
        let json =
            serde_json::to_value(ErrorBody::new(ErrorCode::NotFound, "Introuvable.")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "Introuvable.", "fields": []})
        );
    }

    #[test]
    fn unknown_codes_from_a_newer_server_are_accepted() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"brand_new","message":"x"}"#).unwrap();
        assert_eq!(body.code, ErrorCode::Unknown);
        assert!(body.fields.is_empty());
    }
}
