//! What is missing in a file, what blocks, and what to do first (A10), with the I-Milo
//! completeness levels partial / complete / justified.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::data::YouthFileData;
use super::field::FileField;
use super::lists::{DocumentKind, DocumentStatus, SpecificSituation, closed_list};

closed_list! {
    /// How serious a gap is.
    Severity {
        /// Blocks the registration or a scheme: do it first.
        Bloquant = "bloquant" => "Bloquant",
        /// Needed for a complete file.
        Manquant = "manquant" => "À compléter",
    }
}

closed_list! {
    /// I-Milo's completeness status of a file.
    CompletenessLevel {
        /// Blocking information is missing.
        Partiel = "partiel" => "Partiel",
        /// All information is there.
        Complet = "complet" => "Complet",
        /// Complete, and identity and address are checked against documents.
        Justifie = "justifie" => "Justifié",
    }
}

/// One gap in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletenessItem {
    /// The field to fill or fix.
    pub field: FileField,
    /// The document concerned, for a missing document.
    pub document: Option<DocumentKind>,
    /// Blocking or to complete.
    pub severity: Severity,
    /// What is missing, in French.
    pub message: String,
    /// What to do, in French.
    pub action: String,
}

/// The completeness panel of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    /// Partial, complete or justified.
    pub level: CompletenessLevel,
    /// Percentage of the checked items that are present (0–100).
    pub percent: u8,
    /// The gaps, blocking ones first, then in the order of the file.
    pub items: Vec<CompletenessItem>,
}

impl Completeness {
    /// How many gaps block.
    pub fn blocking_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.severity == Severity::Bloquant)
            .count()
    }
}

struct Check {
    field: FileField,
    document: Option<DocumentKind>,
    severity: Severity,
    present: bool,
    message: String,
    action: &'static str,
}

fn check(
    field: FileField,
    severity: Severity,
    present: bool,
    message: &str,
    action: &'static str,
) -> Check {
    Check {
        field,
        document: None,
        severity,
        present,
        message: message.to_owned(),
        action,
    }
}

/// Assesses a file on `today`.
pub fn assess(data: &YouthFileData, today: NaiveDate) -> Completeness {
    use FileField as F;
    use Severity::{Bloquant, Manquant};
    let mut checks = vec![
        check(
            F::BirthName,
            Bloquant,
            !data.birth_name.is_empty(),
            "Nom de naissance manquant.",
            "Saisir le nom tel qu'il figure sur la pièce d'identité.",
        ),
        check(
            F::FirstNames,
            Bloquant,
            !data.first_names.is_empty(),
            "Prénoms manquants.",
            "Saisir les prénoms tels qu'ils figurent sur la pièce d'identité.",
        ),
        check(
            F::BirthDate,
            Bloquant,
            data.birth_date.is_some(),
            "Date de naissance manquante.",
            "Saisir la date de naissance.",
        ),
        check(
            F::Sex,
            Bloquant,
            data.sex.is_some(),
            "Sexe non renseigné.",
            "Renseigner le sexe indiqué à l'état civil.",
        ),
        check(
            F::Nationality,
            Bloquant,
            data.nationality.is_some(),
            "Nationalité non renseignée.",
            "Renseigner la nationalité.",
        ),
        check(
            F::Commune,
            Bloquant,
            data.commune.is_some() && data.postcode.is_some(),
            "Commune de résidence manquante.",
            "Saisir le code postal et la commune de résidence.",
        ),
        check(
            F::Mobile,
            Bloquant,
            data.mobile.is_some() || data.email.is_some(),
            "Aucun moyen de contacter le jeune.",
            "Demander un numéro de mobile ou une adresse e-mail.",
        ),
        check(
            F::BirthCountry,
            Manquant,
            data.birth_country.is_some(),
            "Pays de naissance manquant.",
            "Renseigner le pays de naissance.",
        ),
        check(
            F::BirthCommune,
            Manquant,
            data.birth_country.as_deref() != Some("FR") || data.birth_commune.is_some(),
            "Commune de naissance manquante.",
            "Renseigner la commune de naissance (née ou né en France).",
        ),
        check(
            F::AddressLine,
            Manquant,
            data.address_line.is_some(),
            "Adresse incomplète (rue).",
            "Saisir le numéro et la rue.",
        ),
        check(
            F::Housing,
            Manquant,
            data.housing.is_some(),
            "Situation de logement inconnue.",
            "Demander où le jeune est logé.",
        ),
        check(
            F::EducationLevel,
            Manquant,
            data.education_level.is_some(),
            "Niveau de formation inconnu.",
            "Renseigner le niveau (infra 3 à 8).",
        ),
        check(
            F::Situations,
            Manquant,
            data.current_situation().is_some(),
            "Aucune situation en cours.",
            "Saisir la situation actuelle (emploi, formation, sans activité…).",
        ),
        check(
            F::Referrer,
            Manquant,
            data.referrer.is_some(),
            "Orientation inconnue.",
            "Demander qui a orienté le jeune vers la Mission Locale.",
        ),
        check(
            F::Needs,
            Manquant,
            !data.needs.is_empty(),
            "Aucune demande exprimée.",
            "Noter ce que le jeune demande.",
        ),
        check(
            F::Licence,
            Manquant,
            data.licence.is_some(),
            "Permis de conduire non renseigné.",
            "Demander où en est le permis.",
        ),
        check(
            F::Rqth,
            Manquant,
            data.rqth.is_some(),
            "RQTH non renseignée.",
            "Demander si le jeune a une RQTH (utile jusqu'à 29 ans pour le CEJ).",
        ),
        check(
            F::Qpv,
            Manquant,
            data.qpv.is_some(),
            "Résidence en QPV non vérifiée.",
            "Vérifier l'adresse dans la liste des quartiers prioritaires.",
        ),
    ];
    if data.specific_situation == Some(SpecificSituation::TitreSejour) {
        let expired = data.residence_permit_expiry.is_some_and(|d| d < today);
        checks.push(Check {
            field: F::ResidencePermitExpiry,
            document: None,
            severity: Bloquant,
            present: data.residence_permit_expiry.is_some() && !expired,
            message: if expired {
                "Le titre de séjour a expiré.".to_owned()
            } else {
                "Date de fin du titre de séjour manquante.".to_owned()
            },
            action: "Vérifier le titre de séjour et sa date de fin de validité.",
        });
    }
    for kind in data.required_documents() {
        let status = data.document(kind);
        let blocking = kind == DocumentKind::PieceIdentite;
        checks.push(Check {
            field: F::Documents,
            document: Some(kind),
            severity: if blocking { Bloquant } else { Manquant },
            present: matches!(
                status,
                DocumentStatus::Fourni | DocumentStatus::Verifie | DocumentStatus::NonConcerne
            ),
            message: format!("Pièce manquante : {}.", kind.label()),
            action: if status == DocumentStatus::Demande {
                "Relancer le jeune : la pièce a été demandée."
            } else {
                "Demander la pièce au jeune."
            },
        });
    }
    let total = checks.len();
    let present = checks.iter().filter(|c| c.present).count();
    let mut items: Vec<CompletenessItem> = checks
        .into_iter()
        .filter(|c| !c.present)
        .map(|c| CompletenessItem {
            field: c.field,
            document: c.document,
            severity: c.severity,
            message: c.message,
            action: c.action.to_owned(),
        })
        .collect();
    items.sort_by_key(|i| i.severity);
    let justified = [
        DocumentKind::PieceIdentite,
        DocumentKind::JustificatifDomicile,
    ]
    .iter()
    .all(|k| data.document(*k) == DocumentStatus::Verifie);
    let level = if items.iter().any(|i| i.severity == Bloquant) {
        CompletenessLevel::Partiel
    } else if items.is_empty() && justified {
        CompletenessLevel::Justifie
    } else {
        CompletenessLevel::Complet
    };
    let percent = u8::try_from(present * 100 / total.max(1)).unwrap_or(100);
    Completeness {
        level,
        percent,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::data::Situation;
    use crate::file::lists::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn full() -> YouthFileData {
        YouthFileData {
            birth_name: "Moreau".into(),
            first_names: "Léa".into(),
            birth_date: NaiveDate::from_ymd_opt(2006, 4, 2),
            sex: Some(Sex::Feminin),
            birth_country: Some("FR".into()),
            birth_commune: Some("59512".into()),
            nationality: Some("FR".into()),
            mobile: Some("+33612345678".into()),
            address_line: Some("1 rue de Lille".into()),
            postcode: Some("59100".into()),
            commune: Some("59512".into()),
            housing: Some(Housing::Parents),
            education_level: Some(EducationLevel::Niveau4),
            situations: vec![Situation {
                category: SituationCategory::NonProfessionnelle,
                state: SituationState::EnCours,
                start: None,
                end: None,
                detail: None,
            }],
            referrer: Some(ReferrerKind::Spontane),
            needs: vec![NeedTheme::Emploi],
            licence: Some(Licence::Aucun),
            rqth: Some(false),
            qpv: Some(false),
            documents: [
                (DocumentKind::PieceIdentite, DocumentStatus::Verifie),
                (DocumentKind::JustificatifDomicile, DocumentStatus::Verifie),
                (DocumentKind::CarteVitale, DocumentStatus::Fourni),
            ]
            .into(),
            ..YouthFileData::default()
        }
    }

    #[test]
    fn a_full_checked_file_is_justified() {
        let c = assess(&full(), today());
        assert_eq!(c.items, vec![]);
        assert_eq!(c.level, CompletenessLevel::Justifie);
        assert_eq!(c.percent, 100);
    }

    #[test]
    fn blocking_gaps_come_first_and_make_the_file_partial() {
        let mut data = full();
        data.housing = None;
        data.mobile = None;
        data.documents.remove(&DocumentKind::PieceIdentite);
        let c = assess(&data, today());
        assert_eq!(c.level, CompletenessLevel::Partiel);
        assert_eq!(c.blocking_count(), 2);
        assert_eq!(c.items[0].severity, Severity::Bloquant);
        assert_eq!(c.items.last().unwrap().field, FileField::Housing);
        assert!(c.percent < 100);
    }

    #[test]
    fn an_expired_residence_permit_blocks_and_rqth_asks_for_its_notification() {
        let mut data = full();
        data.specific_situation = Some(SpecificSituation::TitreSejour);
        data.residence_permit_expiry = NaiveDate::from_ymd_opt(2026, 1, 1);
        data.rqth = Some(true);
        let c = assess(&data, today());
        assert!(
            c.items
                .iter()
                .any(|i| i.field == FileField::ResidencePermitExpiry
                    && i.severity == Severity::Bloquant
                    && i.message.contains("expiré"))
        );
        assert!(
            c.items
                .iter()
                .any(|i| i.document == Some(DocumentKind::NotificationRqth))
        );
    }

    #[test]
    fn complete_but_unchecked_is_complete() {
        let mut data = full();
        data.documents
            .insert(DocumentKind::JustificatifDomicile, DocumentStatus::Fourni);
        assert_eq!(assess(&data, today()).level, CompletenessLevel::Complet);
    }
}
