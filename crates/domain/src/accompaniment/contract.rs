//! CEJ and PACEA contracts (A18, B15): start, planned end, extensions with written reasons up
//! to the cap, PACEA phases, end with its reason.

use chrono::NaiveDate;

use super::rules::{SchemeRules, add_months, last_day_of_months};
use super::{check_text, field_error, french_date};
use crate::error::FieldError;
use crate::file::lists::closed_list;

closed_list! {
    /// The schemes a contract can be.
    Scheme {
        /// Contrat d'engagement jeune.
        Cej = "cej" => "Contrat d'engagement jeune (CEJ)",
        /// Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie.
        Pacea = "pacea" => "PACEA",
    }
}

closed_list! {
    /// Where a contract stands.
    ContractStatus {
        /// Running.
        EnCours = "en_cours" => "En cours",
        /// Ended.
        Termine = "termine" => "Terminé",
    }
}

closed_list! {
    /// Why a contract ended (motifs de sortie).
    ExitReason {
        /// Permanent job.
        Cdi = "cdi" => "Emploi en CDI",
        /// Fixed-term job of six months or more.
        CddLong = "cdd_6_mois_plus" => "Emploi en CDD de 6 mois ou plus",
        /// Shorter job.
        CddCourt = "cdd_moins_6_mois" => "Emploi en CDD de moins de 6 mois, intérim",
        /// Work-study contract.
        Alternance = "alternance" => "Contrat en alternance",
        /// Training of six months or more.
        FormationLongue = "formation_6_mois_plus" => "Formation de 6 mois ou plus",
        /// Shorter training.
        FormationCourte = "formation_moins_6_mois" => "Formation de moins de 6 mois",
        /// Business creation.
        Creation = "creation_activite" => "Création d'activité",
        /// Civic service.
        ServiceCivique = "service_civique" => "Service civique, volontariat",
        /// Autonomy reached (PACEA).
        Autonomie = "autonomie" => "Autonomie atteinte",
        /// End of the planned duration without a solution.
        SansSolution = "sans_solution" => "Fin de contrat sans solution",
        /// Age limit reached.
        LimiteAge = "limite_age" => "Limite d'âge atteinte",
        /// The young person asked to stop.
        DemandeJeune = "demande_jeune" => "À la demande du jeune",
        /// Breach of commitments.
        Manquements = "manquements" => "Manquement aux engagements",
        /// Moved away.
        Demenagement = "demenagement" => "Déménagement",
        /// Anything else.
        Autre = "autre" => "Autre motif",
    }
}

closed_list! {
    /// The kinds of PACEA phase (rules.md §2).
    PhaseKind {
        /// Define and formalise the project.
        Projet = "projet" => "Définir et formaliser le projet",
        /// Carry it out.
        Realisation = "realisation" => "Mettre en œuvre le projet",
        /// Reach autonomy and secure the project.
        Autonomie = "autonomie" => "Accéder à l'autonomie et sécuriser le projet",
    }
}

/// Shortest written reason for an extension or an override.
pub const MIN_REASON_CHARS: usize = 10;
/// Longest written reason or comment.
pub const MAX_REASON_CHARS: usize = 2000;

/// The end planned at the start: 12 months for a CEJ; for a PACEA the counsellor's date, at most
/// 24 months.
pub fn planned_end(scheme: Scheme, start: NaiveDate) -> NaiveDate {
    let rules = SchemeRules::in_force(start);
    match scheme {
        Scheme::Cej => last_day_of_months(start, rules.cej.planned_months),
        Scheme::Pacea => last_day_of_months(start, 12.min(rules.pacea.max_months)),
    }
}

/// The latest end the contract may reach with extensions (18 months for a CEJ, 24 for a PACEA).
pub fn max_end(scheme: Scheme, start: NaiveDate) -> NaiveDate {
    let rules = SchemeRules::in_force(start);
    match scheme {
        Scheme::Cej => last_day_of_months(start, rules.cej.max_months),
        Scheme::Pacea => last_day_of_months(start, rules.pacea.max_months),
    }
}

/// A written reason: at least a sentence.
pub fn check_reason(errors: &mut Vec<FieldError>, field: &str, reason: &str) {
    let trimmed = reason.trim();
    if trimmed.chars().count() < MIN_REASON_CHARS {
        errors.push(field_error(
            field,
            "reason_required",
            format!("Écrivez le motif en une phrase ({MIN_REASON_CHARS} caractères au moins)."),
        ));
    } else {
        check_text(errors, field, trimmed, MAX_REASON_CHARS, true);
    }
}

/// Checks a start: not before 1 March 2022 for a CEJ, not more than a year away, and, for a
/// PACEA, a planned end within the cap.
pub fn check_start(
    scheme: Scheme,
    start: NaiveDate,
    requested_end: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let first = SchemeRules::in_force(NaiveDate::MIN).effective_from;
    if scheme == Scheme::Cej && start < first {
        errors.push(field_error(
            "started_on",
            "before_scheme",
            format!("Le CEJ existe depuis le {}.", french_date(first)),
        ));
    }
    if start > add_months(today, 3) {
        errors.push(field_error(
            "started_on",
            "too_far",
            "La date de début est à plus de trois mois.",
        ));
    }
    if let Some(end) = requested_end {
        if scheme == Scheme::Cej {
            errors.push(field_error(
                "planned_end",
                "fixed_by_law",
                "La fin prévue d'un CEJ est fixée à 12 mois ; prolongez-le ensuite si besoin.",
            ));
        } else if end < start {
            errors.push(field_error(
                "planned_end",
                "before_start",
                "La fin prévue est avant le début.",
            ));
        } else if end > max_end(scheme, start) {
            errors.push(field_error(
                "planned_end",
                "over_cap",
                format!(
                    "Un PACEA dure au plus 24 mois : fin au plus tard le {}.",
                    french_date(max_end(scheme, start))
                ),
            ));
        }
    }
    errors
}

/// Checks an extension from `current_end` to `new_end` with its written reason (R5131-16 II).
pub fn check_extension(
    scheme: Scheme,
    start: NaiveDate,
    current_end: NaiveDate,
    new_end: NaiveDate,
    reason: &str,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let cap = max_end(scheme, start);
    if new_end <= current_end {
        errors.push(field_error(
            "new_end",
            "not_later",
            format!(
                "La nouvelle fin doit être après la fin prévue actuelle ({}).",
                french_date(current_end)
            ),
        ));
    } else if new_end > cap {
        let months = match scheme {
            Scheme::Cej => SchemeRules::in_force(start).cej.max_months,
            Scheme::Pacea => SchemeRules::in_force(start).pacea.max_months,
        };
        errors.push(field_error(
            "new_end",
            "over_cap",
            format!(
                "Un {} dure au plus {months} mois au total : fin au plus tard le {}.",
                if scheme == Scheme::Cej {
                    "CEJ"
                } else {
                    "PACEA"
                },
                french_date(cap)
            ),
        ));
    }
    check_reason(&mut errors, "reason", reason);
    errors
}

/// Checks an end date: within the contract.
pub fn check_end(
    start: NaiveDate,
    cap: NaiveDate,
    ended_on: NaiveDate,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if ended_on < start {
        errors.push(field_error(
            "ended_on",
            "before_start",
            format!(
                "La fin est avant le début du contrat ({}).",
                french_date(start)
            ),
        ));
    } else if ended_on > cap {
        errors.push(field_error(
            "ended_on",
            "over_cap",
            format!(
                "Le contrat ne peut pas aller au-delà du {}.",
                french_date(cap)
            ),
        ));
    } else if ended_on > add_months(today, 1) {
        errors.push(field_error(
            "ended_on",
            "too_far",
            "Une fin de contrat s'enregistre quand elle est connue, au plus un mois à l'avance.",
        ));
    }
    errors
}

/// A phase already recorded, for [`check_phase`].
#[derive(Clone, Copy, Debug)]
pub struct PhaseDates {
    /// Start.
    pub started_on: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Actual end, once evaluated.
    pub ended_on: Option<NaiveDate>,
}

/// Checks a new PACEA phase against the contract and the phases before it.
pub fn check_phase(
    contract_start: NaiveDate,
    contract_end: NaiveDate,
    previous: &[PhaseDates],
    started_on: NaiveDate,
    planned_end: NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let rules = &SchemeRules::in_force(contract_start).pacea;
    if started_on < contract_start {
        errors.push(field_error(
            "started_on",
            "before_contract",
            format!(
                "La phase commence avant le contrat ({}).",
                french_date(contract_start)
            ),
        ));
    } else if previous.is_empty()
        && started_on > add_months(contract_start, rules.months_from_signature_to_first_phase)
    {
        errors.push(field_error(
            "started_on",
            "first_phase_late",
            format!(
                "La première phase commence au plus tard un mois après la signature, le {}.",
                french_date(add_months(
                    contract_start,
                    rules.months_from_signature_to_first_phase
                ))
            ),
        ));
    }
    if let Some(open) = previous.iter().find(|p| p.ended_on.is_none()) {
        errors.push(field_error(
            "started_on",
            "phase_open",
            format!(
                "La phase commencée le {} n'est pas évaluée : évaluez-la avant d'en ouvrir une autre.",
                french_date(open.started_on)
            ),
        ));
    } else if let Some(last) = previous.iter().filter_map(|p| p.ended_on).max()
        && started_on < last
    {
        errors.push(field_error(
            "started_on",
            "overlap",
            format!(
                "La phase précédente s'est terminée le {}.",
                french_date(last)
            ),
        ));
    }
    if planned_end < started_on {
        errors.push(field_error(
            "planned_end",
            "before_start",
            "La fin prévue de la phase est avant son début.",
        ));
    } else if planned_end > contract_end {
        errors.push(field_error(
            "planned_end",
            "after_contract",
            format!(
                "La phase dépasse la fin prévue du contrat ({}).",
                french_date(contract_end)
            ),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn cej_runs_12_months_and_extends_to_18_at_most() {
        let start = d("2026-03-01");
        assert_eq!(planned_end(Scheme::Cej, start), d("2027-02-28"));
        assert_eq!(max_end(Scheme::Cej, start), d("2027-08-31"));
        let reason = "Entrée en formation qualifiante prévue en juillet.";
        assert!(
            check_extension(Scheme::Cej, start, d("2027-02-28"), d("2027-08-31"), reason)
                .is_empty()
        );
        let over = check_extension(Scheme::Cej, start, d("2027-02-28"), d("2027-09-01"), reason);
        assert_eq!(fields(&over), [("new_end", "over_cap")]);
        assert!(over[0].message.contains("18 mois") && over[0].message.contains("31/08/2027"));
        // A second extension within the cap is fine; reasons are compulsory.
        assert!(
            check_extension(Scheme::Cej, start, d("2027-05-31"), d("2027-08-31"), reason)
                .is_empty()
        );
        assert_eq!(
            fields(&check_extension(
                Scheme::Cej,
                start,
                d("2027-05-31"),
                d("2027-05-01"),
                " "
            )),
            [("new_end", "not_later"), ("reason", "reason_required")]
        );
    }

    #[test]
    fn pacea_is_capped_at_24_months() {
        let start = d("2026-01-15");
        assert_eq!(max_end(Scheme::Pacea, start), d("2028-01-14"));
        assert!(
            check_start(Scheme::Pacea, start, Some(d("2028-01-14")), d("2026-01-15")).is_empty()
        );
        assert_eq!(
            fields(&check_start(
                Scheme::Pacea,
                start,
                Some(d("2028-01-15")),
                d("2026-01-15")
            )),
            [("planned_end", "over_cap")]
        );
        assert_eq!(
            fields(&check_start(
                Scheme::Cej,
                start,
                Some(d("2026-06-01")),
                d("2026-01-15")
            )),
            [("planned_end", "fixed_by_law")]
        );
    }

    #[test]
    fn phases_follow_each_other_inside_the_contract() {
        let (start, end) = (d("2026-01-15"), d("2027-01-14"));
        assert!(check_phase(start, end, &[], d("2026-02-01"), d("2026-05-31")).is_empty());
        assert_eq!(
            fields(&check_phase(
                start,
                end,
                &[],
                d("2026-03-01"),
                d("2026-05-31")
            )),
            [("started_on", "first_phase_late")]
        );
        let first = PhaseDates {
            started_on: d("2026-02-01"),
            planned_end: d("2026-05-31"),
            ended_on: None,
        };
        assert_eq!(
            fields(&check_phase(
                start,
                end,
                &[first],
                d("2026-06-01"),
                d("2026-09-30")
            )),
            [("started_on", "phase_open")]
        );
        let closed = PhaseDates {
            ended_on: Some(d("2026-06-10")),
            ..first
        };
        assert!(check_phase(start, end, &[closed], d("2026-06-10"), d("2026-09-30")).is_empty());
        assert_eq!(
            fields(&check_phase(
                start,
                end,
                &[closed],
                d("2026-06-01"),
                d("2027-02-01")
            )),
            [("started_on", "overlap"), ("planned_end", "after_contract")]
        );
    }

    #[test]
    fn an_end_stays_inside_the_contract() {
        let (start, cap) = (d("2026-03-01"), d("2027-08-31"));
        assert!(check_end(start, cap, d("2026-11-22"), d("2026-11-22")).is_empty());
        assert_eq!(
            fields(&check_end(start, cap, d("2026-02-01"), d("2026-11-22"))),
            [("ended_on", "before_start")]
        );
    }
}
