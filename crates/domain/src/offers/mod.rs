//! Partnerships and offers (issue 6; the white paper's "Offre de services" and "Gestion des
//! partenaires"): the closed lists of the partner directory, service offers shaped on the
//! data·inclusion schema (`rules.md` §4.3), job offers with their ROME code (§4.2, §4.5),
//! referrals of young people to offers and the score that ranks offers and young people
//! against each other.
//!
//! - [`geo`]: points on the map, distances, what counts as "on the map".
//! - [`offer`]: an offer's eligibility, place, capacity, sessions; job details.
//! - [`referral`]: the referral statuses and who may move them.
//! - [`score`]: hard eligibility first, then themes, distance against mobility, room left.

pub mod geo;
pub mod offer;
pub mod referral;
pub mod score;

pub use geo::*;
pub use offer::*;
pub use referral::*;
pub use score::*;

use crate::file::lists::closed_list;

closed_list! {
    /// The forms of partnership an organisation commits to, with or without an offer (C2).
    PartnershipForm {
        /// Recruits young people.
        Recrutement = "recrutement" => "Recrutement",
        /// Meets young people (job dating, company visits, trade talks).
        Rencontres = "rencontres" => "Rencontres, visites d'entreprise",
        /// Gives advice interviews (entretiens conseil, mock interviews).
        EntretiensConseil = "entretiens_conseil" => "Entretiens conseil",
        /// Sponsors young people (parrainage).
        Parrainage = "parrainage" => "Parrainage",
        /// Hosts immersions (PMSMP, discovery placements).
        Immersion = "immersion" => "Immersion (PMSMP)",
    }
}

closed_list! {
    /// Where a partnership stands (C12).
    PartnerStatus {
        /// Working together.
        Actif = "actif" => "Actif",
        /// Kept for the record, not proposed any more.
        Archive = "archive" => "Archivé",
        /// The partnership has ended.
        Termine = "termine" => "Terminé",
    }
}

closed_list! {
    /// How an exchange with a partner took place (C5).
    ExchangeKind {
        /// Phone call.
        Appel = "appel" => "Appel",
        /// E-mail.
        Courriel = "courriel" => "Courriel",
        /// Meeting.
        Rencontre = "rencontre" => "Rencontre",
        /// Letter.
        Courrier = "courrier" => "Courrier",
        /// An event together (forum, job dating…).
        Evenement = "evenement" => "Événement",
    }
}

closed_list! {
    /// What an exchange was about, to qualify the history (C5).
    ExchangeTopic {
        /// Building or reviewing the partnership.
        Partenariat = "partenariat" => "Partenariat",
        /// A job offer or a recruitment.
        Recrutement = "recrutement" => "Recrutement",
        /// Following up young people referred.
        SuiviJeunes = "suivi_jeunes" => "Suivi des jeunes orientés",
        /// An event to organise.
        Evenement = "evenement" => "Événement",
        /// Anything else.
        Autre = "autre" => "Autre",
    }
}

closed_list! {
    /// Service offer or job offer.
    OfferKind {
        /// A service (data·inclusion): training, support, financial help…
        Service = "service" => "Offre de service",
        /// A job offer.
        Emploi = "emploi" => "Offre d'emploi",
    }
}

closed_list! {
    /// The types of service of data·inclusion's `types_de_services` referential.
    ServiceType {
        /// Support over time.
        Accompagnement = "accompagnement" => "Accompagnement",
        /// Financial help.
        AideFinanciere = "aide-financiere" => "Aide financière",
        /// Material help (food, equipment…).
        AideMaterielle = "aide-materielle" => "Aide matérielle",
        /// A workshop.
        Atelier = "atelier" => "Atelier",
        /// A training course.
        Formation = "formation" => "Formation",
        /// Information.
        Information = "information" => "Information",
        /// Help with a procedure.
        AideDemarches = "aide-aux-demarches" => "Aide aux démarches",
    }
}

closed_list! {
    /// The publics of data·inclusion's referential, those a Mission Locale meets.
    Public {
        /// Young people.
        Jeunes = "jeunes" => "Jeunes",
        /// Jobseekers.
        DemandeursEmploi = "demandeurs-emploi" => "Demandeurs d'emploi",
        /// Students.
        Etudiants = "etudiants" => "Étudiants",
        /// Women.
        Femmes = "femmes" => "Femmes",
        /// Families.
        Familles = "familles" => "Familles",
        /// People with a disability.
        Handicap = "personnes-en-situation-de-handicap" => "Personnes en situation de handicap",
        /// People in an emergency.
        Urgence = "personnes-en-situation-durgence" => "Personnes en situation d'urgence",
        /// Exiled people.
        Exilees = "personnes-exilees" => "Personnes exilées",
        /// Residents of priority neighbourhoods or rural revitalisation areas.
        ResidentsQpvFrr = "residents-qpv-frr" => "Résidents QPV ou FRR",
        /// Everybody.
        TousPublics = "tous-publics" => "Tous publics",
    }
}

closed_list! {
    /// What an offer costs the young person (data·inclusion `frais`).
    Fees {
        /// Free.
        Gratuit = "gratuit" => "Gratuit",
        /// Free under conditions.
        GratuitSousConditions = "gratuit-sous-conditions" => "Gratuit sous conditions",
        /// Paid, with possible funding.
        Payant = "payant" => "Payant (financement possible)",
    }
}

closed_list! {
    /// How the offer receives people (data·inclusion `modes_accueil`).
    Reception {
        /// On site.
        Presentiel = "en-presentiel" => "Sur place",
        /// Remote.
        ADistance = "a-distance" => "À distance",
    }
}

closed_list! {
    /// Contract types of a job offer (France Travail's `typeContrat`, plus work-study).
    ContractType {
        /// Permanent.
        Cdi = "cdi" => "CDI",
        /// Fixed-term.
        Cdd = "cdd" => "CDD",
        /// Temporary work.
        Interim = "interim" => "Intérim",
        /// Seasonal.
        Saisonnier = "saisonnier" => "Saisonnier",
        /// Apprenticeship.
        Apprentissage = "apprentissage" => "Contrat d'apprentissage",
        /// Professionalisation contract.
        Professionnalisation = "professionnalisation" => "Contrat de professionnalisation",
        /// Integration through economic activity (IAE).
        Insertion = "insertion" => "Contrat d'insertion (IAE)",
        /// Discovery placement (PMSMP), unpaid.
        Immersion = "immersion" => "Immersion (PMSMP)",
    }
}

closed_list! {
    /// Where an offer stands.
    OfferStatus {
        /// Open to referrals.
        Ouverte = "ouverte" => "Ouverte",
        /// Filled, or no intake for now.
        Pourvue = "pourvue" => "Pourvue",
        /// Closed.
        Fermee = "fermee" => "Fermée",
    }
}

closed_list! {
    /// The letters generated from a partner's record (C6).
    LetterKind {
        /// An invitation to an event or a meeting at the Mission Locale.
        Invitation = "invitation" => "Lettre d'invitation",
        /// The cover letter of a partnership agreement.
        Convention = "convention" => "Lettre de convention de partenariat",
    }
}
