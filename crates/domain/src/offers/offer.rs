//! What an offer asks of a young person (eligibility), where it takes place, how many it takes.

use serde::{Deserialize, Serialize};

use crate::accompaniment::{Scheme, field_error};
use crate::error::FieldError;
use crate::file::lists::EducationLevel;
use crate::values::InseeCode;

/// The youngest and oldest ages an offer may ask for (Missions Locales follow 16–25-year-olds;
/// some offers run to 29 for young people with a disability).
pub const AGE_BOUNDS: std::ops::RangeInclusive<u8> = 14..=30;
/// Most zone codes on one offer.
pub const MAX_ZONES: usize = 50;

/// The hard conditions of an offer (data·inclusion `publics`, `zone_eligibilite` and the
/// Mission Locale's own: age, scheme, education level). An empty list means "no condition".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Eligibility {
    /// Youngest age accepted.
    pub age_min: Option<u8>,
    /// Oldest age accepted.
    pub age_max: Option<u8>,
    /// The young person must be in one of these schemes (CEJ, PACEA).
    pub schemes: Vec<Scheme>,
    /// The young person's education level must be one of these.
    pub levels: Vec<EducationLevel>,
    /// Where the young person must live: départements (`59`, `2A`, `971`) or communes (INSEE
    /// code, `59512`). Empty: the whole territory of the Mission Locale.
    pub zones: Vec<String>,
}

/// One condition a young person does not meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unmet {
    /// `age`, `scheme`, `level` or `zone`.
    pub criterion: String,
    /// In French, what is asked and what the file says.
    pub message: String,
}

/// What eligibility looks at in a young person's file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EligibilityFacts {
    /// Age today.
    pub age: u32,
    /// The schemes with a running contract.
    pub schemes: Vec<Scheme>,
    /// Education level, if known.
    pub level: Option<EducationLevel>,
    /// Commune of residence (INSEE code), if known.
    pub commune: Option<String>,
}

/// Whether a zone code is a département (`59`, `2A`, `971`).
fn is_departement(code: &str) -> bool {
    matches!(code.len(), 2 | 3)
}

/// The département of a commune's INSEE code.
pub fn departement_of(commune: &str) -> Option<String> {
    InseeCode::parse(commune)
        .ok()
        .map(|c| c.departement().to_owned())
}

impl Eligibility {
    /// Checks the conditions themselves; errors are reported under `eligibility.…`.
    pub fn validate(&self, errors: &mut Vec<FieldError>) {
        for (field, age) in [
            ("eligibility.age_min", self.age_min),
            ("eligibility.age_max", self.age_max),
        ] {
            if let Some(age) = age
                && !AGE_BOUNDS.contains(&age)
            {
                errors.push(field_error(
                    field,
                    "out_of_range",
                    format!(
                        "L'âge doit être compris entre {} et {} ans.",
                        AGE_BOUNDS.start(),
                        AGE_BOUNDS.end()
                    ),
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.age_min, self.age_max)
            && min > max
        {
            errors.push(field_error(
                "eligibility.age_max",
                "before_min",
                "L'âge maximum ne peut pas être inférieur à l'âge minimum.",
            ));
        }
        if self.zones.len() > MAX_ZONES {
            errors.push(field_error(
                "eligibility.zones",
                "too_many",
                format!("{MAX_ZONES} zones au plus."),
            ));
        }
        for (i, zone) in self.zones.iter().enumerate() {
            let valid = if is_departement(zone) {
                InseeCode::parse(&format!("{zone}{}", "0".repeat(5 - zone.len()))).is_ok()
            } else {
                InseeCode::parse(zone).is_ok()
            };
            if !valid {
                errors.push(field_error(
                    format!("eligibility.zones[{i}]"),
                    "invalid_zone",
                    format!(
                        "« {zone} » n'est ni un département (59, 2A, 971) ni un code commune INSEE \
                         (59512)."
                    ),
                ));
            }
        }
    }

    /// Zone codes uppercased and trimmed, duplicates removed, lists sorted.
    pub fn normalised(mut self) -> Self {
        for zone in &mut self.zones {
            *zone = zone.trim().to_uppercase();
        }
        self.zones.retain(|z| !z.is_empty());
        self.zones.sort();
        self.zones.dedup();
        self.schemes.sort();
        self.schemes.dedup();
        self.levels.sort();
        self.levels.dedup();
        self
    }

    /// The conditions the young person does not meet (empty: eligible). Unknown data is not
    /// assumed to match: a level or a commune missing from the file is reported as such.
    pub fn unmet(&self, facts: &EligibilityFacts) -> Vec<Unmet> {
        let mut unmet = Vec::new();
        let age_ok = self.age_min.is_none_or(|min| facts.age >= u32::from(min))
            && self.age_max.is_none_or(|max| facts.age <= u32::from(max));
        if !age_ok {
            let asked = match (self.age_min, self.age_max) {
                (Some(min), Some(max)) => format!("de {min} à {max} ans"),
                (Some(min), None) => format!("{min} ans ou plus"),
                (None, Some(max)) => format!("{max} ans au plus"),
                (None, None) => String::new(),
            };
            unmet.push(Unmet {
                criterion: "age".into(),
                message: format!(
                    "Âge : l'offre demande {asked}, le jeune a {} ans.",
                    facts.age
                ),
            });
        }
        if !self.schemes.is_empty() && !self.schemes.iter().any(|s| facts.schemes.contains(s)) {
            let asked: Vec<&str> = self.schemes.iter().map(|s| s.label()).collect();
            unmet.push(Unmet {
                criterion: "scheme".into(),
                message: format!(
                    "Dispositif : l'offre est réservée aux jeunes en {}.",
                    asked.join(" ou ")
                ),
            });
        }
        if !self.levels.is_empty() {
            match facts.level {
                Some(level) if self.levels.contains(&level) => {}
                Some(level) => unmet.push(Unmet {
                    criterion: "level".into(),
                    message: format!(
                        "Niveau : « {} » n'est pas parmi les niveaux demandés.",
                        level.label()
                    ),
                }),
                None => unmet.push(Unmet {
                    criterion: "level".into(),
                    message: "Niveau : l'offre demande un niveau de formation, le dossier n'en \
                              indique pas."
                        .into(),
                }),
            }
        }
        if !self.zones.is_empty() {
            match facts.commune.as_deref() {
                Some(commune) if self.zone_contains(commune) => {}
                Some(_) => unmet.push(Unmet {
                    criterion: "zone".into(),
                    message: format!(
                        "Zone : l'offre est réservée aux habitants de {}.",
                        self.zones.join(", ")
                    ),
                }),
                None => unmet.push(Unmet {
                    criterion: "zone".into(),
                    message: "Zone : l'offre est limitée à un territoire, la commune du jeune \
                              n'est pas connue."
                        .into(),
                }),
            }
        }
        unmet
    }

    /// Whether a commune (INSEE code) lies in the offer's zones.
    pub fn zone_contains(&self, commune: &str) -> bool {
        let departement = departement_of(commune);
        self.zones
            .iter()
            .any(|z| z == commune || departement.as_deref() == Some(z.as_str()))
    }
}

/// A ROME 4.0 job code: a letter A–N and four digits (`N4105`).
pub fn check_rome_code(code: &str, field: &str) -> Result<String, FieldError> {
    let code = code.trim().to_uppercase();
    let mut chars = code.chars();
    let letter_ok = chars.next().is_some_and(|c| ('A'..='N').contains(&c));
    let digits_ok = code.len() == 5 && chars.all(|c| c.is_ascii_digit());
    if letter_ok && digits_ok {
        Ok(code)
    } else {
        Err(field_error(
            field,
            "invalid_rome_code",
            "Code ROME invalide : une lettre de A à N suivie de quatre chiffres (ex. N4105).",
        ))
    }
}

/// The places left on an offer or a session with a capacity (`None`: no limit).
pub fn places_left(capacity: Option<i32>, taken: i64) -> Option<i64> {
    capacity.map(|c| (i64::from(c) - taken).max(0))
}

/// A capacity may not fall below the places already taken.
pub fn check_capacity(capacity: Option<i32>, taken: i64, field: &str) -> Result<(), FieldError> {
    match capacity {
        Some(c) if c < 1 => Err(field_error(
            field,
            "out_of_range",
            "La capacité doit être d'au moins une place (laissez vide s'il n'y a pas de limite).",
        )),
        Some(c) if i64::from(c) < taken => Err(field_error(
            field,
            "below_taken",
            format!(
                "Capacité trop basse : {taken} place(s) déjà prise(s) par des jeunes acceptés. \
                 Indiquez au moins {taken}."
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(age: u32) -> EligibilityFacts {
        EligibilityFacts {
            age,
            schemes: vec![Scheme::Cej],
            level: Some(EducationLevel::Niveau3),
            commune: Some("59512".into()),
        }
    }

    #[test]
    fn no_condition_means_everybody() {
        assert!(Eligibility::default().unmet(&facts(17)).is_empty());
        assert!(
            Eligibility::default()
                .unmet(&EligibilityFacts::default())
                .is_empty()
        );
    }

    #[test]
    fn each_unmet_condition_is_named() {
        let e = Eligibility {
            age_min: Some(18),
            age_max: Some(25),
            schemes: vec![Scheme::Pacea],
            levels: vec![EducationLevel::Infra3],
            zones: vec!["62".into()],
        };
        let unmet = e.unmet(&facts(17));
        let criteria: Vec<&str> = unmet.iter().map(|u| u.criterion.as_str()).collect();
        assert_eq!(criteria, ["age", "scheme", "level", "zone"]);
        assert!(unmet[0].message.contains("de 18 à 25 ans"));
        assert!(unmet[0].message.contains("17 ans"));
    }

    #[test]
    fn zones_match_by_commune_or_departement() {
        let by_dept = Eligibility {
            zones: vec!["59".into()],
            ..Default::default()
        };
        assert!(by_dept.unmet(&facts(20)).is_empty());
        let by_commune = Eligibility {
            zones: vec!["59350".into(), "59512".into()],
            ..Default::default()
        };
        assert!(by_commune.unmet(&facts(20)).is_empty());
        let elsewhere = Eligibility {
            zones: vec!["59350".into()],
            ..Default::default()
        };
        assert_eq!(elsewhere.unmet(&facts(20))[0].criterion, "zone");
        let corsica = Eligibility {
            zones: vec!["2A".into()],
            ..Default::default()
        };
        assert!(corsica.zone_contains("2A004"));
        assert!(!corsica.zone_contains("59512"));
    }

    #[test]
    fn unknown_data_does_not_pass_a_condition() {
        let e = Eligibility {
            levels: vec![EducationLevel::Infra3],
            zones: vec!["59".into()],
            ..Default::default()
        };
        let unknown = EligibilityFacts {
            age: 20,
            ..Default::default()
        };
        assert_eq!(e.unmet(&unknown).len(), 2);
    }

    #[test]
    fn conditions_are_validated() {
        let mut errors = Vec::new();
        Eligibility {
            age_min: Some(26),
            age_max: Some(18),
            zones: vec!["59".into(), "5951".into(), "2A004".into(), "ZZ".into()],
            ..Default::default()
        }
        .validate(&mut errors);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "eligibility.age_max",
                "eligibility.zones[1]",
                "eligibility.zones[3]"
            ]
        );
        let mut errors = Vec::new();
        Eligibility {
            age_min: Some(8),
            ..Default::default()
        }
        .validate(&mut errors);
        assert_eq!(errors[0].code, "out_of_range");
    }

    #[test]
    fn rome_codes() {
        assert_eq!(check_rome_code(" n4105 ", "rome").unwrap(), "N4105");
        assert!(check_rome_code("Z1234", "rome").is_err());
        assert!(check_rome_code("N410", "rome").is_err());
        assert!(check_rome_code("N41055", "rome").is_err());
        assert!(check_rome_code("NA105", "rome").is_err());
    }

    #[test]
    fn capacity_never_below_the_places_taken() {
        assert!(check_capacity(Some(5), 5, "capacity").is_ok());
        assert!(check_capacity(None, 9, "capacity").is_ok());
        let err = check_capacity(Some(3), 4, "capacity").unwrap_err();
        assert_eq!(err.code, "below_taken");
        assert!(err.message.contains("au moins 4"));
        assert_eq!(
            check_capacity(Some(0), 0, "capacity").unwrap_err().code,
            "out_of_range"
        );
        assert_eq!(places_left(Some(5), 7), Some(0));
        assert_eq!(places_left(Some(5), 2), Some(3));
        assert_eq!(places_left(None, 2), None);
    }
}
