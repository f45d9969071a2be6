//! Bridges `validator` to the API's field errors, so the browser and the server report the
//! same fields with the same French messages.

use std::borrow::Cow;

use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::error::FieldError;
use crate::values::Invalid;

/// Flattens `validator`'s nested errors into one list of field errors, sorted by field.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                // One message per field is enough for a form: the first rule that failed.
                if let Some(error) = list.first() {
                    out.push(FieldError {
                        field: path,
                        code: error.code.to_string(),
                        message: error
                            .message
                            .as_ref()
                            .map_or_else(|| "Valeur invalide.".to_owned(), Cow::to_string),
                    });
                }
            }
            ValidationErrorsKind::Struct(nested) => collect(nested, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    collect(nested, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

/// Turns a newtype's parse failure into a `validator` error (for `#[validate(custom(...))]`).
pub fn to_validation_error(invalid: Invalid) -> ValidationError {
    ValidationError::new(invalid.code).with_message(Cow::Borrowed(invalid.message))
}

/// `#[validate(custom(function = "required"))]`: a text field that must not be blank.
pub fn required(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(to_validation_error(Invalid::REQUIRED))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Form {
        #[validate(custom(function = "required"))]
        name: String,
        #[validate(length(max = 3, message = "Trois caractères au plus."))]
        code: String,
    }

    #[test]
    fn every_invalid_field_is_named_with_its_french_message() {
        let form = Form {
            name: "  ".into(),
            code: "ABCD".into(),
        };
        let errors = field_errors(&form.validate().unwrap_err());
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "code");
        assert_eq!(errors[0].message, "Trois caractères au plus.");
        assert_eq!(errors[1].field, "name");
        assert_eq!(errors[1].code, "required");
        assert_eq!(errors[1].message, "Ce champ est obligatoire.");
    }
}
