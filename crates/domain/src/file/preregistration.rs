//! Online pre-registration (D14, F1): the form a young person fills in without an account, and
//! the statuses reception moves it through.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use validator::Validate;

use super::data::{Situation, YouthFileData};
use super::field::FileField;
use super::lists::{SituationCategory, SituationState, closed_list};
use crate::error::FieldError;
use crate::ids::StructureId;
use crate::values::Invalid;

closed_list! {
    /// Where a pre-registration stands at reception.
    PreRegistrationStatus {
        /// Received, nobody has called back yet.
        New = "new" => "Nouvelle",
        /// Reception reached the young person.
        Contacted = "contacted" => "Contactée",
        /// A first appointment is planned.
        AppointmentPlanned = "appointment_planned" => "Rendez-vous planifié",
        /// A file was created or the request was attached to an existing one.
        Registered = "registered" => "Inscrite",
        /// Sent to another Mission Locale or service.
        Redirected = "redirected" => "Réorientée",
        /// The young person gave up, or the request was a mistake.
        Withdrawn = "withdrawn" => "Abandonnée",
    }
}

/// The call-back promise of reception (F1).
pub const CALLBACK_PROMISE_HOURS: i64 = 24;

impl PreRegistrationStatus {
    /// Whether nothing more happens to the request.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Registered | Self::Redirected | Self::Withdrawn)
    }

    /// Whether reception may set `next` by hand from this status (`Registered` comes only from
    /// creating or attaching a file).
    pub fn can_move_to(self, next: Self) -> bool {
        use PreRegistrationStatus::*;
        if self.is_final() {
            return false;
        }
        match next {
            New | Registered => false,
            Contacted => self == New,
            AppointmentPlanned => matches!(self, New | Contacted),
            Redirected | Withdrawn => true,
        }
    }

    /// Whether a file may be created from, or the request attached to, a file in this status.
    pub const fn can_register(self) -> bool {
        !self.is_final()
    }
}

/// When reception must have called back.
pub fn callback_due(received_at: DateTime<Utc>) -> DateTime<Utc> {
    received_at + Duration::hours(CALLBACK_PROMISE_HOURS)
}

/// The public pre-registration form. Text fields are as typed; lists take their codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PreRegistrationForm {
    /// The Mission Locale the young person writes to.
    pub structure_id: Option<StructureId>,
    /// Birth name.
    pub birth_name: String,
    /// Usage name, if different.
    pub usage_name: String,
    /// First names.
    pub first_names: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Sex code.
    pub sex: String,
    /// Country of birth (ISO code).
    pub birth_country: String,
    /// Commune of birth (INSEE code), when born in France.
    pub birth_commune: String,
    /// Nationality (ISO code).
    pub nationality: String,
    /// Mobile phone.
    pub mobile: String,
    /// E-mail (optional).
    pub email: String,
    /// Street address (optional).
    pub address_line: String,
    /// Postcode.
    pub postcode: String,
    /// Commune of residence (INSEE code).
    pub commune: String,
    /// Housing code.
    pub housing: String,
    /// Education level code.
    pub education_level: String,
    /// Current situation (situation category code).
    pub situation: String,
    /// Who referred them (referrer code, optional).
    pub referrer: String,
    /// The referrer's name (optional).
    pub referrer_name: String,
    /// What they need (need codes).
    pub needs: Vec<String>,
    /// The young person has read the data-protection notice.
    pub consent: bool,
    /// The anti-robot ticket given with the form.
    pub ticket: String,
    /// Must stay empty (a field hidden from people).
    pub website: String,
}

const CONSENT: Invalid = Invalid {
    code: "consent_required",
    message: "Cochez la case pour indiquer que vous avez lu l'information sur vos données.",
};
const STRUCTURE: Invalid = Invalid {
    code: "required",
    message: "Choisissez votre Mission Locale.",
};
const NO_SITUATION: Invalid = Invalid {
    code: "invalid_value",
    message: "Choisissez votre situation dans la liste.",
};

impl PreRegistrationForm {
    /// Checks every field with the file's own rules and builds the file content, or lists every
    /// invalid field at once. Runs in the browser and again on the server.
    pub fn to_file_data(&self, today: NaiveDate) -> Result<YouthFileData, Vec<FieldError>> {
        let mut data = YouthFileData::default();
        let mut errors = Vec::new();
        let text = |s: &str| Value::String(s.to_owned());
        let required: [(FileField, &str); 10] = [
            (FileField::BirthName, &self.birth_name),
            (FileField::FirstNames, &self.first_names),
            (FileField::BirthDate, &self.birth_date),
            (FileField::Sex, &self.sex),
            (FileField::Nationality, &self.nationality),
            (FileField::Mobile, &self.mobile),
            (FileField::Postcode, &self.postcode),
            (FileField::Commune, &self.commune),
            (FileField::Housing, &self.housing),
            (FileField::EducationLevel, &self.education_level),
        ];
        for (field, value) in required {
            if value.trim().is_empty() {
                errors.push(Invalid::REQUIRED.at(field.code()));
            } else if let Err(e) = field.set(&mut data, &text(value), today) {
                errors.push(e.at(field.code()));
            }
        }
        let optional: [(FileField, &str); 7] = [
            (FileField::UsageName, &self.usage_name),
            (FileField::BirthCountry, &self.birth_country),
            (FileField::BirthCommune, &self.birth_commune),
            (FileField::Email, &self.email),
            (FileField::AddressLine, &self.address_line),
            (FileField::Referrer, &self.referrer),
            (FileField::ReferrerName, &self.referrer_name),
        ];
        for (field, value) in optional {
            if let Err(e) = field.set(&mut data, &text(value), today) {
                errors.push(e.at(field.code()));
            }
        }
        let needs = Value::Array(self.needs.iter().map(|n| text(n)).collect());
        if let Err(e) = FileField::Needs.set(&mut data, &needs, today) {
            errors.push(e.at("needs"));
        }
        match SituationCategory::from_code(self.situation.trim()) {
            Some(category) => data.situations.push(Situation {
                category,
                state: SituationState::EnCours,
                start: None,
                end: None,
                detail: None,
            }),
            None if self.situation.trim().is_empty() => {
                errors.push(Invalid::REQUIRED.at("situation"))
            }
            None => errors.push(NO_SITUATION.at("situation")),
        }
        if self.structure_id.is_none() {
            errors.push(STRUCTURE.at("structure_id"));
        }
        if !self.consent {
            errors.push(CONSENT.at("consent"));
        }
        if errors.is_empty() {
            Ok(data)
        } else {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    pub(crate) fn valid_form() -> PreRegistrationForm {
        PreRegistrationForm {
            structure_id: Some(StructureId(Uuid::from_u128(1))),
            birth_name: "Dubois".into(),
            first_names: "Inès".into(),
            birth_date: "2007-05-14".into(),
            sex: "feminin".into(),
            nationality: "FR".into(),
            mobile: "06 11 22 33 44".into(),
            postcode: "59100".into(),
            commune: "59512".into(),
            housing: "parents".into(),
            education_level: "niveau_3".into(),
            situation: "non_professionnelle".into(),
            needs: vec!["emploi".into()],
            consent: true,
            ..PreRegistrationForm::default()
        }
    }

    #[test]
    fn a_valid_form_gives_the_file_content() {
        let data = valid_form().to_file_data(today()).unwrap();
        assert_eq!(data.full_name(), "Inès Dubois");
        assert_eq!(data.mobile.as_deref(), Some("+33611223344"));
        assert_eq!(
            data.current_situation().unwrap().category,
            SituationCategory::NonProfessionnelle
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let form = PreRegistrationForm {
            birth_date: "2014-01-01".into(),
            mobile: "123".into(),
            postcode: "ABCDE".into(),
            email: "pas-un-mail".into(),
            consent: false,
            birth_name: String::new(),
            ..valid_form()
        };
        let fields: Vec<String> = form
            .to_file_data(today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "birth_date",
                "birth_name",
                "consent",
                "email",
                "mobile",
                "postcode"
            ]
        );
    }

    #[test]
    fn statuses_move_forward_only() {
        use PreRegistrationStatus::*;
        assert!(New.can_move_to(Contacted));
        assert!(Contacted.can_move_to(AppointmentPlanned));
        assert!(!Contacted.can_move_to(New));
        assert!(!New.can_move_to(Registered));
        assert!(!Withdrawn.can_move_to(Contacted));
        assert!(AppointmentPlanned.can_register());
        assert!(!Redirected.can_register());
    }
}
