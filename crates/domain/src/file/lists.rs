//! The closed lists of the first-reception form (`rules.md` §3.4–3.6): each value has a stable
//! snake_case code (its wire form) and a French label shown in drop-downs.

/// Declares a closed list: the enum, its wire codes, its French labels and `ALL` in display order.
macro_rules! closed_list {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire code.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The French label.
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value of a wire code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use closed_list;

closed_list! {
    /// Sex as recorded in the civil status.
    Sex {
        /// Féminin.
        Feminin = "feminin" => "Féminin",
        /// Masculin.
        Masculin = "masculin" => "Masculin",
    }
}

closed_list! {
    /// Education level on the national scale (décret 2019-14); "infra 3" is no diploma.
    EducationLevel {
        /// No diploma, or below CAP.
        Infra3 = "infra_3" => "Infra 3 : sans diplôme ou brevet seul",
        /// CAP, BEP.
        Niveau3 = "niveau_3" => "Niveau 3 : CAP, BEP",
        /// Baccalauréat.
        Niveau4 = "niveau_4" => "Niveau 4 : baccalauréat, BP",
        /// Bac+2.
        Niveau5 = "niveau_5" => "Niveau 5 : BTS, DUT (bac+2)",
        /// Bac+3/4.
        Niveau6 = "niveau_6" => "Niveau 6 : licence, BUT (bac+3/4)",
        /// Bac+5.
        Niveau7 = "niveau_7" => "Niveau 7 : master, ingénieur (bac+5)",
        /// Doctorate.
        Niveau8 = "niveau_8" => "Niveau 8 : doctorat",
    }
}

closed_list! {
    /// Where the young person lives.
    Housing {
        /// Own or rented home.
        Autonome = "autonome" => "Logement autonome",
        /// With the parents.
        Parents = "parents" => "Chez les parents",
        /// Housed by family or friends.
        FamilleAmis = "famille_amis" => "Hébergé par la famille ou des amis",
        /// Hostel, CHRS, FJT.
        Foyer = "foyer" => "Foyer, FJT ou CHRS",
        /// Hotel or emergency accommodation.
        Hotel = "hotel" => "Hôtel ou hébergement d'urgence",
        /// No housing.
        SansLogement = "sans_logement" => "Sans logement",
    }
}

closed_list! {
    /// The categories of situations (I-Milo).
    SituationCategory {
        /// Employment.
        Emploi = "emploi" => "Emploi",
        /// Training.
        Formation = "formation" => "Formation",
        /// Apprenticeship or professionalisation contract.
        Alternance = "alternance" => "Contrat en alternance",
        /// Civic service, volunteering.
        Volontariat = "volontariat" => "Volontariat, service civique",
        /// Registered jobseeker.
        DemandeurEmploi = "demandeur_emploi" => "Demandeur d'emploi",
        /// Immersion in a company (PMSMP).
        Immersion = "immersion" => "Immersion en entreprise",
        /// At school.
        Scolarite = "scolarite" => "Scolarité",
        /// Not in work, training or school.
        NonProfessionnelle = "non_professionnelle" => "Sans activité professionnelle",
        /// Unknown.
        Inconnue = "inconnue" => "Situation inconnue",
    }
}

closed_list! {
    /// Where a situation stands.
    SituationState {
        /// Planned.
        Prevue = "prevue" => "Prévue",
        /// Ongoing.
        EnCours = "en_cours" => "En cours",
        /// Ended.
        Terminee = "terminee" => "Terminée",
    }
}

closed_list! {
    /// Who referred the young person to the Mission Locale (A13).
    ReferrerKind {
        /// Came on their own.
        Spontane = "spontane" => "De lui-même ou d'elle-même",
        /// Family or friends.
        FamilleAmis = "famille_amis" => "Famille, amis",
        /// A school or the education services.
        EducationNationale = "education_nationale" => "Établissement scolaire, CIO",
        /// France Travail.
        FranceTravail = "france_travail" => "France Travail",
        /// Social services.
        ServiceSocial = "service_social" => "Service social, CCAS, département",
        /// An association.
        Association = "association" => "Association",
        /// Justice (PJJ, SPIP).
        Justice = "justice" => "Justice (PJJ, SPIP)",
        /// Health services.
        Sante = "sante" => "Santé (médecin, hôpital, CMP)",
        /// An employer.
        Entreprise = "entreprise" => "Entreprise",
        /// Internet or social networks.
        Internet = "internet" => "Internet, réseaux sociaux",
        /// Other.
        Autre = "autre" => "Autre",
    }
}

closed_list! {
    /// What the young person asks for (the "demandes").
    NeedTheme {
        /// Find a job.
        Emploi = "emploi" => "Trouver un emploi",
        /// Find a training course.
        Formation = "formation" => "Trouver une formation",
        /// Apprenticeship.
        Alternance = "alternance" => "Alternance",
        /// Build a career plan.
        ProjetProfessionnel = "projet_professionnel" => "Construire mon projet professionnel",
        /// Housing.
        Logement = "logement" => "Logement",
        /// Health.
        Sante = "sante" => "Santé",
        /// Mobility, driving licence.
        Mobilite = "mobilite" => "Mobilité, permis de conduire",
        /// Money, allowances.
        Ressources = "ressources" => "Ressources, aides financières",
        /// Rights and papers.
        AccesDroits = "acces_droits" => "Accès aux droits, démarches administratives",
        /// Sport, culture, leisure, citizenship.
        CitoyenneteLoisirs = "citoyennete_loisirs" => "Citoyenneté, sport, culture, loisirs",
    }
}

closed_list! {
    /// Specific administrative situations (A12).
    SpecificSituation {
        /// None.
        Aucune = "aucune" => "Aucune",
        /// Refugee status.
        Refugie = "refugie" => "Réfugié ou protection subsidiaire",
        /// Asylum seeker.
        DemandeurAsile = "demandeur_asile" => "Demandeur d'asile",
        /// Holder of a residence permit.
        TitreSejour = "titre_sejour" => "Titulaire d'un titre de séjour",
    }
}

closed_list! {
    /// Driving licence.
    Licence {
        /// None.
        Aucun = "aucun" => "Aucun permis",
        /// Preparing the theory test.
        CodeEnCours = "code_en_cours" => "Code en cours",
        /// Driving lessons under way.
        PermisEnCours = "permis_en_cours" => "Permis B en cours",
        /// Car licence.
        PermisB = "permis_b" => "Permis B obtenu",
        /// Motorbike or other.
        Autre = "autre" => "Autre permis (AM, A…)",
    }
}

closed_list! {
    /// Means of transport of one's own.
    Vehicle {
        /// None.
        Aucun = "aucun" => "Aucun",
        /// Bicycle or scooter.
        Velo = "velo" => "Vélo, trottinette",
        /// Moped or motorbike.
        DeuxRoues = "deux_roues" => "Deux-roues motorisé",
        /// Car.
        Voiture = "voiture" => "Voiture",
    }
}

closed_list! {
    /// The documents asked for at registration (A16).
    DocumentKind {
        /// ID card, passport or residence permit.
        PieceIdentite = "piece_identite" => "Pièce d'identité (carte, passeport ou titre de séjour)",
        /// Proof of address or hosting certificate.
        JustificatifDomicile = "justificatif_domicile" => "Justificatif de domicile ou attestation d'hébergement",
        /// Social security card or certificate.
        CarteVitale = "carte_vitale" => "Carte Vitale ou attestation de droits",
        /// CV.
        Cv = "cv" => "CV",
        /// Diplomas.
        Diplomes = "diplomes" => "Diplômes",
        /// Bank details.
        Rib = "rib" => "RIB",
        /// Last tax notice of the household.
        AvisImposition = "avis_imposition" => "Dernier avis d'imposition du foyer",
        /// France Travail registration.
        AttestationFranceTravail = "attestation_france_travail" => "Attestation d'inscription à France Travail",
        /// RQTH notification (MDPH).
        NotificationRqth = "notification_rqth" => "Notification RQTH (MDPH)",
    }
}

closed_list! {
    /// Where a required document stands.
    DocumentStatus {
        /// Not asked yet.
        Manquant = "manquant" => "Manquant",
        /// Asked for.
        Demande = "demande" => "Demandé",
        /// Handed in, not checked.
        Fourni = "fourni" => "Fourni",
        /// Checked by the Mission Locale.
        Verifie = "verifie" => "Vérifié",
        /// Does not apply.
        NonConcerne = "non_concerne" => "Non concerné",
    }
}

closed_list! {
    /// Who entered a value (D7).
    Origin {
        /// A Mission Locale staff member.
        MissionLocale = "mission_locale" => "Mission Locale",
        /// The young person (pre-registration or the youth app).
        Jeune = "jeune" => "Le jeune",
        /// Passerelle itself (merge, transfer, purge).
        Systeme = "systeme" => "Passerelle",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde_and_from_code() {
        for level in EducationLevel::ALL {
            let json = serde_json::to_string(level).unwrap();
            assert_eq!(json, format!("\"{}\"", level.code()));
            assert_eq!(EducationLevel::from_code(level.code()), Some(*level));
        }
        assert_eq!(DocumentKind::from_code("nope"), None);
        assert_eq!(Housing::Foyer.label(), "Foyer, FJT ou CHRS");
    }

    #[test]
    fn codes_are_unique_within_each_list() {
        let mut codes: Vec<&str> = NeedTheme::ALL.iter().map(|n| n.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), NeedTheme::ALL.len());
    }
}
