//! The seven accompaniment themes used everywhere (`needs.md`), the urgency levels, and the
//! categorised requests (demandes, B28).

use crate::file::lists::closed_list;

closed_list! {
    /// The seven accompaniment themes (diagnostic, plan, offers, partners, documents).
    Theme {
        /// Work.
        Emploi = "emploi" => "Emploi",
        /// Training and the professional project.
        Formation = "formation" => "Formation",
        /// Housing.
        Logement = "logement" => "Logement",
        /// Health.
        Sante = "sante" => "Santé",
        /// Rights, papers, resources, civic life.
        VieCitoyenne = "vie_citoyenne" => "Vie citoyenne",
        /// Mobility and the driving licence.
        Mobilite = "mobilite" => "Mobilité",
        /// Leisure, sport, culture.
        LoisirsSportCulture = "loisirs_sport_culture" => "Loisirs, sport, culture",
    }
}

closed_list! {
    /// How urgent a situation is (A4). Ordered: the greater, the more urgent.
    #[derive(Default)]
    UrgencyLevel {
        /// Nothing urgent.
        #[default]
        Aucune = "aucune" => "Pas d'urgence",
        /// To watch.
        ASurveiller = "a_surveiller" => "À surveiller",
        /// Urgent: to handle first.
        Urgente = "urgente" => "Urgente",
    }
}

closed_list! {
    /// Where a request stands (B28).
    DemandStatus {
        /// Expressed, nothing started.
        Ouverte = "ouverte" => "Exprimée",
        /// Being worked on.
        EnCours = "en_cours" => "En cours",
        /// Met.
        Satisfaite = "satisfaite" => "Satisfaite",
        /// Dropped by the young person or no longer relevant.
        Abandonnee = "abandonnee" => "Abandonnée",
    }
}

impl DemandStatus {
    /// Still to be met.
    pub const fn is_open(self) -> bool {
        matches!(self, Self::Ouverte | Self::EnCours)
    }
}

closed_list! {
    /// The categories of a young person's request (demande), each under one theme.
    DemandCategory {
        /// Find a job.
        RechercheEmploi = "recherche_emploi" => "Trouver un emploi",
        /// Find a work-study contract.
        Alternance = "alternance" => "Trouver une alternance",
        /// Discover a trade (immersion, PMSMP).
        DecouverteMetier = "decouverte_metier" => "Découvrir un métier (immersion)",
        /// Start a business.
        CreationActivite = "creation_activite" => "Créer son activité",
        /// Build the professional project.
        ProjetProfessionnel = "projet_professionnel" => "Construire son projet professionnel",
        /// Enter a qualifying training.
        FormationQualifiante = "formation_qualifiante" => "Entrer en formation qualifiante",
        /// Basic skills, French.
        RemiseANiveau = "remise_a_niveau" => "Remise à niveau, savoirs de base, français",
        /// Go back to school.
        RepriseEtudes = "reprise_etudes" => "Reprendre des études",
        /// Emergency shelter.
        HebergementUrgence = "hebergement_urgence" => "Hébergement d'urgence",
        /// An independent home.
        LogementAutonome = "logement_autonome" => "Accéder à un logement autonome",
        /// Keep the current home.
        MaintienLogement = "maintien_logement" => "Se maintenir dans son logement",
        /// See a doctor.
        AccesSoins = "acces_soins" => "Accès aux soins",
        /// Health cover.
        CouvertureSante = "couverture_sante" => "Couverture santé (CSS, Carte Vitale)",
        /// Psychological support.
        SoutienPsychologique = "soutien_psychologique" => "Soutien psychologique",
        /// Disability, RQTH.
        Handicap = "handicap" => "Handicap, RQTH",
        /// Papers and rights.
        AccesDroits = "acces_droits" => "Accès aux droits, papiers",
        /// Money, allowances.
        Ressources = "ressources" => "Ressources, aides financières",
        /// Justice follow-up.
        Justice = "justice" => "Suivi judiciaire",
        /// Civic service, volunteering.
        Engagement = "engagement" => "Service civique, bénévolat",
        /// Driving licence.
        Permis = "permis" => "Permis de conduire",
        /// Transport, mobility aids.
        Transports = "transports" => "Transports, aides à la mobilité",
        /// Sport.
        Sport = "sport" => "Pratiquer un sport",
        /// Culture, holidays.
        CultureLoisirs = "culture_loisirs" => "Culture, loisirs, vacances",
    }
}

impl DemandCategory {
    /// The theme the category belongs to.
    pub const fn theme(self) -> Theme {
        use DemandCategory::*;
        match self {
            RechercheEmploi | Alternance | DecouverteMetier | CreationActivite => Theme::Emploi,
            ProjetProfessionnel | FormationQualifiante | RemiseANiveau | RepriseEtudes => {
                Theme::Formation
            }
            HebergementUrgence | LogementAutonome | MaintienLogement => Theme::Logement,
            AccesSoins | CouvertureSante | SoutienPsychologique | Handicap => Theme::Sante,
            AccesDroits | Ressources | Justice | Engagement => Theme::VieCitoyenne,
            Permis | Transports => Theme::Mobilite,
            Sport | CultureLoisirs => Theme::LoisirsSportCulture,
        }
    }

    /// The categories of a theme, in display order.
    pub fn of_theme(theme: Theme) -> impl Iterator<Item = DemandCategory> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |c| c.theme() == theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_has_request_categories_and_urgency_orders() {
        for theme in Theme::ALL {
            assert!(DemandCategory::of_theme(*theme).count() >= 2, "{theme:?}");
        }
        assert!(UrgencyLevel::Urgente > UrgencyLevel::ASurveiller);
        assert!(UrgencyLevel::ASurveiller > UrgencyLevel::Aucune);
        assert_eq!(Theme::from_code("vie_citoyenne"), Some(Theme::VieCitoyenne));
    }
}
