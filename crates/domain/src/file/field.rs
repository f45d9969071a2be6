//! The editable fields of a file, one by one: how each is read, parsed, shown and who may edit
//! it. Changes, history, restore, merge and the young person's edits all go through here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::data::{Situation, YouthFileData};
use super::lists::{DocumentKind, DocumentStatus, closed_list};
use crate::people::check_birth_date;
use crate::values::{EmailAddress, InseeCode, Invalid, PersonName, PhoneNumber, PostalCode};

closed_list! {
    /// One editable field of a file; the code is its key in patches and in the history.
    FileField {
        /// Birth name.
        BirthName = "birth_name" => "Nom de naissance",
        /// Usage name.
        UsageName = "usage_name" => "Nom d'usage",
        /// First names.
        FirstNames = "first_names" => "Prénoms",
        /// Birth date.
        BirthDate = "birth_date" => "Date de naissance",
        /// Sex.
        Sex = "sex" => "Sexe",
        /// Country of birth.
        BirthCountry = "birth_country" => "Pays de naissance",
        /// Commune of birth.
        BirthCommune = "birth_commune" => "Commune de naissance",
        /// Nationality.
        Nationality = "nationality" => "Nationalité",
        /// Mobile phone.
        Mobile = "mobile" => "Téléphone mobile",
        /// E-mail.
        Email = "email" => "Adresse e-mail",
        /// Street address.
        AddressLine = "address_line" => "Adresse",
        /// Address complement.
        AddressComplement = "address_complement" => "Complément d'adresse",
        /// Postcode.
        Postcode = "postcode" => "Code postal",
        /// Commune of residence.
        Commune = "commune" => "Commune de résidence",
        /// Housing.
        Housing = "housing" => "Logement",
        /// Education level.
        EducationLevel = "education_level" => "Niveau de formation",
        /// Diploma.
        Diploma = "diploma" => "Diplôme ou dernière classe suivie",
        /// Situations.
        Situations = "situations" => "Situations",
        /// Driving licence.
        Licence = "licence" => "Permis de conduire",
        /// Vehicle.
        Vehicle = "vehicle" => "Moyen de transport",
        /// RQTH.
        Rqth = "rqth" => "Reconnaissance travailleur handicapé (RQTH)",
        /// QPV residence.
        Qpv = "qpv" => "Résident d'un quartier prioritaire (QPV)",
        /// FRR residence.
        Frr = "frr" => "Résident d'une commune FRR",
        /// Specific situation.
        SpecificSituation = "specific_situation" => "Situation administrative particulière",
        /// Residence permit expiry.
        ResidencePermitExpiry = "residence_permit_expiry" => "Fin de validité du titre de séjour",
        /// Referrer.
        Referrer = "referrer" => "Orienté par",
        /// Referrer name.
        ReferrerName = "referrer_name" => "Structure ou personne qui oriente",
        /// Referrer contact.
        ReferrerContact = "referrer_contact" => "Contact de la personne qui oriente",
        /// Needs.
        Needs = "needs" => "Demandes",
        /// Documents.
        Documents = "documents" => "Pièces du dossier",
    }
}

closed_list! {
    /// The sections of a file, in display order.
    FileSection {
        /// Identity and civil status.
        Identite = "identite" => "Identité",
        /// Contact details and address.
        Coordonnees = "coordonnees" => "Coordonnées",
        /// Housing, education, situations.
        Parcours = "parcours" => "Logement, formation et situations",
        /// Mobility.
        Mobilite = "mobilite" => "Mobilité",
        /// RQTH, priority areas, specific situations.
        Droits = "droits" => "Droits et situations particulières",
        /// Referrer and needs.
        Orientation = "orientation" => "Orientation et demandes",
        /// Documents checklist.
        Pieces = "pieces" => "Pièces justificatives",
    }
}

const TEXT_TOO_LONG: Invalid = Invalid {
    code: "too_long",
    message: "Ce texte est trop long (200 caractères au plus).",
};
const WRONG_TYPE: Invalid = Invalid {
    code: "invalid_value",
    message: "Valeur invalide pour ce champ : choisissez une valeur dans la liste.",
};
const INVALID_DATE: Invalid = Invalid {
    code: "invalid_date",
    message: "Date invalide : utilisez le format AAAA-MM-JJ.",
};
const INVALID_COUNTRY: Invalid = Invalid {
    code: "invalid_country",
    message: "Pays inconnu : choisissez un pays dans la liste.",
};
const SITUATION_DATES: Invalid = Invalid {
    code: "end_before_start",
    message: "La date de fin d'une situation ne peut pas précéder sa date de début.",
};
const TOO_MANY: Invalid = Invalid {
    code: "too_many",
    message: "Trop d'éléments dans cette liste (30 au plus).",
};

/// The longest free text a field accepts.
pub const MAX_TEXT: usize = 200;

impl FileField {
    /// The section the field is shown in.
    pub const fn section(self) -> FileSection {
        use FileField::*;
        match self {
            BirthName | UsageName | FirstNames | BirthDate | Sex | BirthCountry | BirthCommune
            | Nationality => FileSection::Identite,
            Mobile | Email | AddressLine | AddressComplement | Postcode | Commune => {
                FileSection::Coordonnees
            }
            Housing | EducationLevel | Diploma | Situations => FileSection::Parcours,
            Licence | Vehicle => FileSection::Mobilite,
            Rqth | Qpv | Frr | SpecificSituation | ResidencePermitExpiry => FileSection::Droits,
            Referrer | ReferrerName | ReferrerContact | Needs => FileSection::Orientation,
            Documents => FileSection::Pieces,
        }
    }

    /// The fields a young person may edit unless their Mission Locale decides otherwise.
    pub const DEFAULT_YOUTH_EDITABLE: &'static [FileField] = &[
        FileField::Mobile,
        FileField::Email,
        FileField::AddressLine,
        FileField::AddressComplement,
        FileField::Postcode,
        FileField::Commune,
        FileField::Housing,
        FileField::Licence,
        FileField::Vehicle,
        FileField::Needs,
    ];

    /// Identity fields: the ones duplicate detection looks at.
    pub const fn is_identity(self) -> bool {
        matches!(
            self,
            FileField::BirthName
                | FileField::UsageName
                | FileField::FirstNames
                | FileField::BirthDate
                | FileField::Email
                | FileField::Mobile
        )
    }

    /// The field's current value, as JSON (`null` when empty).
    pub fn get(self, data: &YouthFileData) -> Value {
        use FileField::*;
        let json = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
        match self {
            BirthName => text_value(Some(&data.birth_name)),
            UsageName => text_value(data.usage_name.as_deref()),
            FirstNames => text_value(Some(&data.first_names)),
            BirthDate => json(serde_json::to_value(data.birth_date)),
            Sex => json(serde_json::to_value(data.sex)),
            BirthCountry => text_value(data.birth_country.as_deref()),
            BirthCommune => text_value(data.birth_commune.as_deref()),
            Nationality => text_value(data.nationality.as_deref()),
            Mobile => text_value(data.mobile.as_deref()),
            Email => text_value(data.email.as_deref()),
            AddressLine => text_value(data.address_line.as_deref()),
            AddressComplement => text_value(data.address_complement.as_deref()),
            Postcode => text_value(data.postcode.as_deref()),
            Commune => text_value(data.commune.as_deref()),
            Housing => json(serde_json::to_value(data.housing)),
            EducationLevel => json(serde_json::to_value(data.education_level)),
            Diploma => text_value(data.diploma.as_deref()),
            Situations => json(serde_json::to_value(&data.situations)),
            Licence => json(serde_json::to_value(data.licence)),
            Vehicle => json(serde_json::to_value(data.vehicle)),
            Rqth => json(serde_json::to_value(data.rqth)),
            Qpv => json(serde_json::to_value(data.qpv)),
            Frr => json(serde_json::to_value(data.frr)),
            SpecificSituation => json(serde_json::to_value(data.specific_situation)),
            ResidencePermitExpiry => json(serde_json::to_value(data.residence_permit_expiry)),
            Referrer => json(serde_json::to_value(data.referrer)),
            ReferrerName => text_value(data.referrer_name.as_deref()),
            ReferrerContact => text_value(data.referrer_contact.as_deref()),
            Needs => json(serde_json::to_value(&data.needs)),
            Documents => json(serde_json::to_value(&data.documents)),
        }
    }

    /// Parses `value` and writes it into `data`. `null` (or a blank text) empties an optional
    /// field; a mandatory identity field refuses it. Nothing is written on error.
    pub fn set(
        self,
        data: &mut YouthFileData,
        value: &Value,
        today: NaiveDate,
    ) -> Result<(), Invalid> {
        use FileField::*;
        match self {
            BirthName => data.birth_name = required_name(value)?,
            FirstNames => data.first_names = required_name(value)?,
            UsageName => {
                data.usage_name = optional_text(value)?
                    .map(|t| PersonName::parse(&t).map(|n| n.as_str().to_owned()))
                    .transpose()?;
            }
            BirthDate => {
                let date: NaiveDate = typed(value)?.ok_or(Invalid::REQUIRED)?;
                check_birth_date(date, today)?;
                data.birth_date = Some(date);
            }
            Sex => data.sex = typed(value)?,
            BirthCountry => data.birth_country = country(value)?,
            Nationality => data.nationality = country(value)?,
            BirthCommune => data.birth_commune = insee(value)?,
            Commune => data.commune = insee(value)?,
            Mobile => {
                data.mobile = optional_text(value)?
                    .map(|t| PhoneNumber::parse(&t).map(|p| p.as_str().to_owned()))
                    .transpose()?;
            }
            Email => {
                data.email = optional_text(value)?
                    .map(|t| EmailAddress::parse(&t).map(|e| e.as_str().to_owned()))
                    .transpose()?;
            }
            Postcode => {
                data.postcode = optional_text(value)?
                    .map(|t| PostalCode::parse(&t).map(|p| p.as_str().to_owned()))
                    .transpose()?;
            }
            AddressLine => data.address_line = optional_text(value)?,
            AddressComplement => data.address_complement = optional_text(value)?,
            Diploma => data.diploma = optional_text(value)?,
            ReferrerName => data.referrer_name = optional_text(value)?,
            ReferrerContact => data.referrer_contact = optional_text(value)?,
            Housing => data.housing = typed(value)?,
            EducationLevel => data.education_level = typed(value)?,
            Licence => data.licence = typed(value)?,
            Vehicle => data.vehicle = typed(value)?,
            Rqth => data.rqth = typed(value)?,
            Qpv => data.qpv = typed(value)?,
            Frr => data.frr = typed(value)?,
            SpecificSituation => data.specific_situation = typed(value)?,
            ResidencePermitExpiry => data.residence_permit_expiry = typed(value)?,
            Referrer => data.referrer = typed(value)?,
            Situations => data.situations = situations(value)?,
            Needs => {
                let mut needs: Vec<super::lists::NeedTheme> = typed(value)?.unwrap_or_default();
                needs.sort_unstable();
                needs.dedup();
                data.needs = needs;
            }
            Documents => {
                let documents: BTreeMap<DocumentKind, DocumentStatus> =
                    typed(value)?.unwrap_or_default();
                data.documents = documents;
            }
        }
        Ok(())
    }

    /// A French rendering of a value of this field, for the history and the exports.
    pub fn display(self, value: &Value) -> String {
        use FileField::*;
        if value.is_null() {
            return "—".to_owned();
        }
        let shown = match self {
            BirthDate | ResidencePermitExpiry => typed::<NaiveDate>(value)
                .ok()
                .flatten()
                .map(|d| d.format("%d/%m/%Y").to_string()),
            Sex => label_of::<super::lists::Sex>(value, |v| v.label()),
            Housing => label_of::<super::lists::Housing>(value, |v| v.label()),
            EducationLevel => label_of::<super::lists::EducationLevel>(value, |v| v.label()),
            Licence => label_of::<super::lists::Licence>(value, |v| v.label()),
            Vehicle => label_of::<super::lists::Vehicle>(value, |v| v.label()),
            SpecificSituation => label_of::<super::lists::SpecificSituation>(value, |v| v.label()),
            Referrer => label_of::<super::lists::ReferrerKind>(value, |v| v.label()),
            Rqth | Qpv | Frr => value
                .as_bool()
                .map(|b| if b { "Oui" } else { "Non" }.to_owned()),
            Needs => typed::<Vec<super::lists::NeedTheme>>(value)
                .ok()
                .flatten()
                .map(|v| v.iter().map(|n| n.label()).collect::<Vec<_>>().join(", ")),
            Situations => typed::<Vec<Situation>>(value).ok().flatten().map(|list| {
                list.iter()
                    .map(situation_text)
                    .collect::<Vec<_>>()
                    .join(" ; ")
            }),
            Documents => typed::<BTreeMap<DocumentKind, DocumentStatus>>(value)
                .ok()
                .flatten()
                .map(|map| {
                    map.iter()
                        .map(|(k, s)| format!("{} : {}", k.label(), s.label().to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(" ; ")
                }),
            _ => value.as_str().map(str::to_owned),
        };
        shown.filter(|s| !s.is_empty()).unwrap_or_else(|| {
            if value.is_null() {
                "—".to_owned()
            } else {
                value.to_string()
            }
        })
    }
}

/// "Emploi (en cours, depuis le 01/09/2026) : boulangerie".
pub fn situation_text(s: &Situation) -> String {
    let mut out = format!("{} ({}", s.category.label(), s.state.label().to_lowercase());
    if let Some(start) = s.start {
        out.push_str(&format!(", du {}", start.format("%d/%m/%Y")));
    }
    if let Some(end) = s.end {
        out.push_str(&format!(" au {}", end.format("%d/%m/%Y")));
    }
    out.push(')');
    if let Some(detail) = &s.detail {
        out.push_str(" : ");
        out.push_str(detail);
    }
    out
}

fn text_value(text: Option<&str>) -> Value {
    match text {
        Some(t) if !t.is_empty() => Value::String(t.to_owned()),
        _ => Value::Null,
    }
}

fn label_of<T: DeserializeOwned>(
    value: &Value,
    label: impl Fn(T) -> &'static str,
) -> Option<String> {
    typed::<T>(value)
        .ok()
        .flatten()
        .map(|v| label(v).to_owned())
}

/// `null` → `None`; otherwise the value deserialised as `T`.
fn typed<T: DeserializeOwned>(value: &Value) -> Result<Option<T>, Invalid> {
    if value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    serde_json::from_value(value.clone())
        .map(Some)
        .map_err(|_| {
            if value.is_string()
                && value
                    .as_str()
                    .is_some_and(|s| s.len() == 10 && s.as_bytes()[4] == b'-')
            {
                INVALID_DATE
            } else {
                WRONG_TYPE
            }
        })
}

fn optional_text(value: &Value) -> Result<Option<String>, Invalid> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            let trimmed = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if trimmed.is_empty() {
                Ok(None)
            } else if trimmed.chars().count() > MAX_TEXT {
                Err(TEXT_TOO_LONG)
            } else {
                Ok(Some(trimmed))
            }
        }
        _ => Err(WRONG_TYPE),
    }
}

fn required_name(value: &Value) -> Result<String, Invalid> {
    match value {
        Value::String(s) => PersonName::parse(s).map(|n| n.as_str().to_owned()),
        Value::Null => Err(Invalid::REQUIRED),
        _ => Err(WRONG_TYPE),
    }
}

fn insee(value: &Value) -> Result<Option<String>, Invalid> {
    optional_text(value)?
        .map(|t| InseeCode::parse(&t).map(|c| c.as_str().to_owned()))
        .transpose()
}

fn country(value: &Value) -> Result<Option<String>, Invalid> {
    optional_text(value)?
        .map(|t| {
            crate::values::country(&t)
                .map(|c| c.code.to_owned())
                .ok_or(INVALID_COUNTRY)
        })
        .transpose()
}

fn situations(value: &Value) -> Result<Vec<Situation>, Invalid> {
    let list: Vec<Situation> = typed(value)?.unwrap_or_default();
    if list.len() > 30 {
        return Err(TOO_MANY);
    }
    let mut out = Vec::with_capacity(list.len());
    for mut s in list {
        if let (Some(start), Some(end)) = (s.start, s.end)
            && end < start
        {
            return Err(SITUATION_DATES);
        }
        s.detail = optional_text(&s.detail.map_or(Value::Null, Value::String))?;
        out.push(s);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn every_field_round_trips_its_own_value() {
        let mut data = YouthFileData {
            birth_name: "Moreau".into(),
            first_names: "Léa Marie".into(),
            birth_date: NaiveDate::from_ymd_opt(2006, 4, 2),
            mobile: Some("+33612345678".into()),
            ..YouthFileData::default()
        };
        for field in FileField::ALL {
            let value = field.get(&data);
            let before = data.clone();
            field.set(&mut data, &value, today()).unwrap();
            assert_eq!(data, before, "{field:?}");
        }
    }

    #[test]
    fn parses_and_normalises_values() {
        let mut data = YouthFileData::default();
        FileField::Mobile
            .set(&mut data, &json!("06 12 34 56 78"), today())
            .unwrap();
        assert_eq!(data.mobile.as_deref(), Some("+33612345678"));
        FileField::Housing
            .set(&mut data, &json!("foyer"), today())
            .unwrap();
        assert_eq!(
            FileField::Housing.display(&FileField::Housing.get(&data)),
            "Foyer, FJT ou CHRS"
        );
        FileField::Commune
            .set(&mut data, &json!("2a004"), today())
            .unwrap();
        assert_eq!(data.commune.as_deref(), Some("2A004"));
        FileField::AddressLine
            .set(&mut data, &json!("   "), today())
            .unwrap();
        assert_eq!(data.address_line, None);
        FileField::Needs
            .set(
                &mut data,
                &json!(["logement", "emploi", "logement"]),
                today(),
            )
            .unwrap();
        assert_eq!(data.needs.len(), 2);
    }

    #[test]
    fn refuses_bad_values_with_a_code() {
        let mut data = YouthFileData::default();
        let err = |field: FileField, v: Value| {
            field.set(&mut data.clone(), &v, today()).unwrap_err().code
        };
        assert_eq!(
            err(FileField::BirthDate, json!("2030-01-01")),
            "birth_date_in_future"
        );
        assert_eq!(
            err(FileField::BirthDate, json!("1980-01-01")),
            "age_out_of_range"
        );
        assert_eq!(
            err(FileField::BirthDate, json!("2008-02-30")),
            "invalid_date"
        );
        assert_eq!(err(FileField::BirthName, Value::Null), "required");
        assert_eq!(err(FileField::Mobile, json!("12")), "invalid_phone");
        assert_eq!(
            err(FileField::Postcode, json!("5910")),
            "invalid_postal_code"
        );
        assert_eq!(err(FileField::Housing, json!("chateau")), "invalid_value");
        assert_eq!(
            err(FileField::AddressLine, json!("x".repeat(201))),
            "too_long"
        );
        assert_eq!(
            err(FileField::BirthName, json!("x".repeat(10_000))),
            "too_long"
        );
        assert_eq!(err(FileField::Nationality, json!("ZZ")), "invalid_country");
        assert_eq!(
            err(
                FileField::Situations,
                json!([{"category": "emploi", "state": "terminee", "start": "2026-05-01", "end": "2026-01-01"}])
            ),
            "end_before_start"
        );
        FileField::Sex
            .set(&mut data, &json!("feminin"), today())
            .unwrap();
        assert_eq!(data.sex, Some(super::super::lists::Sex::Feminin));
    }

    #[test]
    fn displays_in_french() {
        assert_eq!(
            FileField::BirthDate.display(&json!("2006-04-02")),
            "02/04/2006"
        );
        assert_eq!(FileField::Rqth.display(&json!(true)), "Oui");
        assert_eq!(FileField::Email.display(&Value::Null), "—");
        assert_eq!(
            FileField::Documents.display(&json!({"piece_identite": "verifie"})),
            "Pièce d'identité (carte, passeport ou titre de séjour) : vérifié"
        );
    }
}
