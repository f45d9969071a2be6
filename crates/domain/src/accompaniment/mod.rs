//! The accompaniment of a young person (the white paper's Diagnostic, Plan d'action and Suivi
//! modules): the diagnostic by theme and its revisions, the synthesis, the action plan, CEJ and
//! PACEA eligibility and contracts, the CEJ hours, interviews.
//!
//! Regulatory figures (ages, durations, weekly hours) are dated data in
//! `data/scheme_rules.json`, read through [`rules::SchemeRules::in_force`]; nothing here holds
//! them as constants.

pub mod contract;
pub mod diagnostic;
pub mod eligibility;
pub mod hours;
pub mod interview;
pub mod plan;
pub mod rules;
pub mod theme;

pub use contract::*;
pub use diagnostic::*;
pub use eligibility::*;
pub use hours::*;
pub use interview::*;
pub use plan::*;
pub use rules::*;
pub use theme::*;

use crate::error::FieldError;

/// A field error with a message built at run time.
pub fn field_error(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// A text limited to `max` characters; `required` refuses blank text.
pub fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) {
    if required && value.trim().is_empty() {
        errors.push(field_error(field, "required", "Ce champ est obligatoire."));
    } else if value.chars().count() > max {
        errors.push(field_error(
            field,
            "too_long",
            format!("Ce texte est trop long : {max} caractères au plus."),
        ));
    }
}

/// `dd/mm/yyyy`.
pub fn french_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}
