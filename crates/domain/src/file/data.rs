//! The content of a young person's file: what the first reception collects and what the
//! counsellor keeps up to date. Every field is optional in storage (a file fills up over time);
//! [`super::completeness`] says what is still missing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lists::{
    DocumentKind, DocumentStatus, EducationLevel, Housing, Licence, NeedTheme, ReferrerKind, Sex,
    SituationCategory, SituationState, SpecificSituation, Vehicle,
};

/// A situation at a date (employment, training, school…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Situation {
    /// The category.
    pub category: SituationCategory,
    /// Planned, ongoing or ended.
    pub state: SituationState,
    /// First day, if known.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Last day, if known.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Employer, course or school, in a few words.
    #[serde(default)]
    pub detail: Option<String>,
}

/// The fields of a file. Names follow `rules.md` §3.4.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct YouthFileData {
    /// Birth name (nom de naissance).
    pub birth_name: String,
    /// Usage name, when different (nom d'usage).
    pub usage_name: Option<String>,
    /// First names, as on the ID card; the first is the usual one.
    pub first_names: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Country of birth (ISO 3166 alpha-2 code).
    pub birth_country: Option<String>,
    /// Commune of birth (INSEE code), when born in France.
    pub birth_commune: Option<String>,
    /// Nationality (ISO 3166 alpha-2 code).
    pub nationality: Option<String>,
    /// Mobile phone, international form.
    pub mobile: Option<String>,
    /// Personal e-mail.
    pub email: Option<String>,
    /// Street address.
    pub address_line: Option<String>,
    /// Address complement (building, c/o…).
    pub address_complement: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Commune of residence (INSEE code).
    pub commune: Option<String>,
    /// Housing situation.
    pub housing: Option<Housing>,
    /// Education level.
    pub education_level: Option<EducationLevel>,
    /// Highest diploma or last class attended.
    pub diploma: Option<String>,
    /// Situations with their dates, most recent first.
    pub situations: Vec<Situation>,
    /// Driving licence.
    pub licence: Option<Licence>,
    /// Own means of transport.
    pub vehicle: Option<Vehicle>,
    /// Recognised disabled worker (RQTH).
    pub rqth: Option<bool>,
    /// Lives in a priority neighbourhood (QPV).
    pub qpv: Option<bool>,
    /// Lives in a France Ruralités Revitalisation commune (FRR).
    pub frr: Option<bool>,
    /// Refugee, asylum seeker, residence permit.
    pub specific_situation: Option<SpecificSituation>,
    /// Expiry of the residence permit.
    pub residence_permit_expiry: Option<NaiveDate>,
    /// Who referred the young person.
    pub referrer: Option<ReferrerKind>,
    /// The referrer's organisation or name.
    pub referrer_name: Option<String>,
    /// How to reach the referrer.
    pub referrer_contact: Option<String>,
    /// What the young person asks for.
    pub needs: Vec<NeedTheme>,
    /// The registration documents and where each stands.
    pub documents: BTreeMap<DocumentKind, DocumentStatus>,
}

impl YouthFileData {
    /// The name used day to day: the usage name when there is one.
    pub fn display_last_name(&self) -> &str {
        self.usage_name.as_deref().unwrap_or(&self.birth_name)
    }

    /// The usual first name (the first of the first names).
    pub fn usual_first_name(&self) -> &str {
        self.first_names
            .split([' ', ','])
            .find(|w| !w.is_empty())
            .unwrap_or(&self.first_names)
    }

    /// "Prénom NOM".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.usual_first_name(), self.display_last_name())
    }

    /// The ongoing situation, if any (the first ongoing one in the list).
    pub fn current_situation(&self) -> Option<&Situation> {
        self.situations
            .iter()
            .find(|s| s.state == SituationState::EnCours)
    }

    /// Where a document stands (missing when never recorded).
    pub fn document(&self, kind: DocumentKind) -> DocumentStatus {
        self.documents
            .get(&kind)
            .copied()
            .unwrap_or(DocumentStatus::Manquant)
    }

    /// The documents this file requires, given its content (A16).
    pub fn required_documents(&self) -> Vec<DocumentKind> {
        let mut kinds = vec![
            DocumentKind::PieceIdentite,
            DocumentKind::JustificatifDomicile,
            DocumentKind::CarteVitale,
        ];
        if self.rqth == Some(true) {
            kinds.push(DocumentKind::NotificationRqth);
        }
        if self.situations.iter().any(|s| {
            s.category == SituationCategory::DemandeurEmploi && s.state != SituationState::Terminee
        }) {
            kinds.push(DocumentKind::AttestationFranceTravail);
        }
        kinds
    }
}
