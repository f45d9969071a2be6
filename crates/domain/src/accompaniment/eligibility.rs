//! CEJ and PACEA eligibility from the file (A17, A18): each criterion met or not, with its
//! reason in French. A contract may start only when every required criterion is met, unless a
//! manager writes an override.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::contract::Scheme;
use super::french_date;
use super::rules::{SchemeRules, add_months, birthday};
use crate::file::{DocumentKind, DocumentStatus, SituationCategory, SituationState, YouthFileData};

/// One criterion and whether it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    /// Stable code (`age`, `not_student`…).
    pub code: String,
    /// What is checked, in French.
    pub label: String,
    /// Whether it holds.
    pub met: bool,
    /// Whether it blocks entry when not met (otherwise it is a point to check).
    pub required: bool,
    /// Why, in French, with the figures.
    pub reason: String,
}

/// The verdict for one scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemeEligibility {
    /// The scheme.
    pub scheme: Scheme,
    /// Every required criterion holds.
    pub eligible: bool,
    /// The criteria, required first.
    pub criteria: Vec<Criterion>,
}

/// What eligibility needs beyond the file's content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemeHistory {
    /// A CEJ is in progress.
    pub cej_in_progress: bool,
    /// A PACEA is in progress.
    pub pacea_in_progress: bool,
    /// The end of the last CEJ, if one ended.
    pub last_cej_end: Option<NaiveDate>,
    /// The date of the latest diagnostic revision.
    pub diagnostic_on: Option<NaiveDate>,
}

fn criterion(code: &str, label: &str, met: bool, required: bool, reason: String) -> Criterion {
    Criterion {
        code: code.to_owned(),
        label: label.to_owned(),
        met,
        required,
        reason,
    }
}

/// The age criterion: from `min` years to `max` "révolus" (until the day before the
/// `max + 1`th birthday).
fn age_criterion(
    birth: Option<NaiveDate>,
    on: NaiveDate,
    min: u32,
    max: u32,
    rqth_note: &str,
) -> Criterion {
    let label = format!("Avoir entre {min} et {max} ans révolus{rqth_note}");
    let Some(birth) = birth else {
        return criterion(
            "age",
            &label,
            false,
            true,
            "La date de naissance n'est pas renseignée dans le dossier.".to_owned(),
        );
    };
    let from = birthday(birth, min);
    let until = birthday(birth, max + 1);
    let (met, reason) = if on < from {
        (
            false,
            format!(
                "Aura {min} ans le {} : trop jeune aujourd'hui.",
                french_date(from)
            ),
        )
    } else if on >= until {
        (
            false,
            format!(
                "A eu {} ans le {} : au-delà de {max} ans révolus.",
                max + 1,
                french_date(until)
            ),
        )
    } else {
        (
            true,
            format!(
                "Éligible jusqu'au {} inclus (veille des {} ans).",
                french_date(until.pred_opt().unwrap_or(until)),
                max + 1
            ),
        )
    };
    criterion("age", &label, met, true, reason)
}

fn ongoing(data: &YouthFileData, categories: &[SituationCategory]) -> Option<SituationCategory> {
    data.situations
        .iter()
        .find(|s| s.state == SituationState::EnCours && categories.contains(&s.category))
        .map(|s| s.category)
}

fn france_travail(data: &YouthFileData, required_by_law: bool) -> Criterion {
    let registered = ongoing(data, &[SituationCategory::DemandeurEmploi]).is_some()
        || matches!(
            data.documents.get(&DocumentKind::AttestationFranceTravail),
            Some(DocumentStatus::Fourni | DocumentStatus::Verifie)
        );
    let reason = match (registered, required_by_law) {
        (true, _) => "Inscription à France Travail connue (situation ou attestation).".to_owned(),
        (false, true) => "Inscription non renseignée : depuis le 1er janvier 2025 le jeune doit \
                          être inscrit comme demandeur d'emploi ; faites-la à la signature."
            .to_owned(),
        (false, false) => "Inscription non renseignée.".to_owned(),
    };
    criterion(
        "france_travail",
        "Être inscrit à France Travail",
        registered,
        false,
        reason,
    )
}

fn finish(scheme: Scheme, mut criteria: Vec<Criterion>) -> SchemeEligibility {
    criteria.sort_by_key(|c| !c.required);
    SchemeEligibility {
        scheme,
        eligible: criteria.iter().all(|c| c.met || !c.required),
        criteria,
    }
}

/// CEJ eligibility on `on` (L5131-6; rules.md §1.1).
pub fn cej_eligibility(
    data: &YouthFileData,
    history: &SchemeHistory,
    on: NaiveDate,
) -> SchemeEligibility {
    let rules = &SchemeRules::in_force(on).cej;
    let rqth = data.rqth == Some(true);
    let max = if rqth {
        rules.max_age_rqth
    } else {
        rules.max_age
    };
    let note = if rqth {
        " (RQTH)".to_owned()
    } else {
        format!(" ({} avec une RQTH)", rules.max_age_rqth)
    };
    let mut criteria = vec![age_criterion(
        data.birth_date,
        on,
        rules.min_age,
        max,
        &note,
    )];
    let student = ongoing(data, &[SituationCategory::Scolarite]);
    criteria.push(criterion(
        "not_student",
        "Ne pas être étudiant ni scolarisé",
        student.is_none(),
        true,
        if student.is_some() {
            "Une situation « Scolarité » est en cours dans le dossier.".to_owned()
        } else {
            "Aucune scolarité en cours.".to_owned()
        },
    ));
    let training = ongoing(
        data,
        &[SituationCategory::Formation, SituationCategory::Alternance],
    );
    criteria.push(criterion(
        "not_in_training",
        "Ne pas suivre de formation",
        training.is_none(),
        true,
        match training {
            Some(c) => format!(
                "Une situation « {} » est en cours dans le dossier.",
                c.label()
            ),
            None => "Aucune formation en cours.".to_owned(),
        },
    ));
    criteria.push(criterion(
        "no_cej_in_progress",
        "Ne pas avoir de CEJ en cours",
        !history.cej_in_progress,
        true,
        if history.cej_in_progress {
            "Un CEJ est déjà en cours.".to_owned()
        } else {
            "Aucun CEJ en cours.".to_owned()
        },
    ));
    let waiting_until = history
        .last_cej_end
        .map(|end| add_months(end, rules.waiting_months));
    let waited = waiting_until.is_none_or(|until| on >= until);
    criteria.push(criterion(
        "waiting_period",
        "Délai de carence après un précédent CEJ",
        waited,
        false,
        match (history.last_cej_end, waiting_until) {
            (Some(end), Some(until)) if !waited => format!(
                "Le précédent CEJ a pris fin le {} : délai de {} mois jusqu'au {}, réductible \
                 pour des difficultés particulières.",
                french_date(end),
                rules.waiting_months,
                french_date(until)
            ),
            (Some(end), _) => format!("Précédent CEJ terminé le {}.", french_date(end)),
            _ => "Aucun précédent CEJ.".to_owned(),
        },
    ));
    let job = ongoing(data, &[SituationCategory::Emploi]);
    criteria.push(criterion(
        "job_compatible",
        "Difficultés d'accès à un emploi durable",
        job.is_none(),
        false,
        if job.is_some() {
            "Un emploi est en cours : un emploi à plus d'un mi-temps est difficilement \
             compatible avec le CEJ. Vérifiez la nature du contrat et sa quotité."
                .to_owned()
        } else {
            "Aucun emploi en cours.".to_owned()
        },
    ));
    criteria.push(france_travail(data, rules.france_travail_registration));
    finish(Scheme::Cej, criteria)
}

/// PACEA eligibility on `on` (L5131-4; rules.md §2).
pub fn pacea_eligibility(
    data: &YouthFileData,
    history: &SchemeHistory,
    on: NaiveDate,
) -> SchemeEligibility {
    let rules = &SchemeRules::in_force(on).pacea;
    let mut criteria = vec![age_criterion(
        data.birth_date,
        on,
        rules.min_age,
        rules.max_age,
        "",
    )];
    criteria.push(criterion(
        "diagnostic",
        "Un diagnostic a été réalisé",
        history.diagnostic_on.is_some(),
        true,
        match history.diagnostic_on {
            Some(day) => format!("Diagnostic du {}.", french_date(day)),
            None => "Le PACEA commence par un diagnostic : rédigez-le d'abord.".to_owned(),
        },
    ));
    if let Some(day) = history.diagnostic_on {
        let limit = add_months(day, rules.months_from_diagnostic_to_signature);
        criteria.push(criterion(
            "recent_diagnostic",
            "Contrat signé au plus tard un mois après le diagnostic",
            on <= limit,
            false,
            if on <= limit {
                format!("Signature possible jusqu'au {}.", french_date(limit))
            } else {
                "Le diagnostic a plus d'un mois : mettez-le à jour avant la signature.".to_owned()
            },
        ));
    }
    criteria.push(criterion(
        "no_pacea_in_progress",
        "Ne pas avoir de PACEA en cours",
        !history.pacea_in_progress,
        true,
        if history.pacea_in_progress {
            "Un PACEA est déjà en cours.".to_owned()
        } else {
            "Aucun PACEA en cours.".to_owned()
        },
    ));
    criteria.push(france_travail(data, rules.france_travail_registration));
    finish(Scheme::Pacea, criteria)
}

/// Eligibility to a scheme.
pub fn eligibility(
    scheme: Scheme,
    data: &YouthFileData,
    history: &SchemeHistory,
    on: NaiveDate,
) -> SchemeEligibility {
    match scheme {
        Scheme::Cej => cej_eligibility(data, history, on),
        Scheme::Pacea => pacea_eligibility(data, history, on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::Situation;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn born(date: &str) -> YouthFileData {
        YouthFileData {
            birth_date: Some(d(date)),
            ..Default::default()
        }
    }

    fn age(e: &SchemeEligibility) -> &Criterion {
        e.criteria.iter().find(|c| c.code == "age").unwrap()
    }

    #[test]
    fn cej_until_the_day_before_the_26th_birthday() {
        let data = born("2000-11-23");
        let h = SchemeHistory::default();
        let eve = cej_eligibility(&data, &h, d("2026-11-22"));
        assert!(eve.eligible, "{eve:?}");
        assert!(age(&eve).reason.contains("22/11/2026 inclus"));
        let birthday = cej_eligibility(&data, &h, d("2026-11-23"));
        assert!(!birthday.eligible);
        assert!(age(&birthday).reason.contains("26 ans le 23/11/2026"));
    }

    #[test]
    fn cej_until_29_revolus_with_an_rqth() {
        let mut data = born("1996-11-23");
        data.rqth = Some(true);
        let h = SchemeHistory::default();
        assert!(cej_eligibility(&data, &h, d("2026-11-22")).eligible);
        assert!(!cej_eligibility(&data, &h, d("2026-11-23")).eligible);
        data.rqth = Some(false);
        assert!(!cej_eligibility(&data, &h, d("2026-11-22")).eligible);
        // PACEA keeps 25 révolus even with an RQTH.
        data.rqth = Some(true);
        let h = SchemeHistory {
            diagnostic_on: Some(d("2026-11-20")),
            ..Default::default()
        };
        assert!(!pacea_eligibility(&data, &h, d("2026-11-22")).eligible);
    }

    #[test]
    fn too_young_before_16_and_unknown_birth_date() {
        let h = SchemeHistory::default();
        assert!(!cej_eligibility(&born("2010-11-23"), &h, d("2026-11-22")).eligible);
        assert!(cej_eligibility(&born("2010-11-22"), &h, d("2026-11-22")).eligible);
        let unknown = cej_eligibility(&YouthFileData::default(), &h, d("2026-11-22"));
        assert!(!unknown.eligible);
        assert!(age(&unknown).reason.contains("pas renseignée"));
    }

    #[test]
    fn students_and_trainees_are_not_eligible_to_cej() {
        let mut data = born("2005-01-01");
        data.situations.push(Situation {
            category: SituationCategory::Formation,
            state: SituationState::EnCours,
            start: None,
            end: None,
            detail: None,
        });
        let e = cej_eligibility(&data, &SchemeHistory::default(), d("2026-11-22"));
        assert!(!e.eligible);
        let failed: Vec<_> = e
            .criteria
            .iter()
            .filter(|c| !c.met)
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(failed, ["not_in_training", "france_travail"]);
        data.situations[0].state = SituationState::Terminee;
        assert!(cej_eligibility(&data, &SchemeHistory::default(), d("2026-11-22")).eligible);
    }

    #[test]
    fn advisory_criteria_do_not_block() {
        let data = born("2005-01-01");
        let h = SchemeHistory {
            last_cej_end: Some(d("2026-09-30")),
            ..Default::default()
        };
        let e = cej_eligibility(&data, &h, d("2026-11-22"));
        assert!(e.eligible);
        let waiting = e
            .criteria
            .iter()
            .find(|c| c.code == "waiting_period")
            .unwrap();
        assert!(!waiting.met && !waiting.required);
        assert!(waiting.reason.contains("30/03/2027"));
        assert!(e.criteria[0].required && !e.criteria.last().unwrap().required);
    }

    #[test]
    fn pacea_needs_a_diagnostic_and_no_pacea_in_progress() {
        let data = born("2005-01-01");
        let none = pacea_eligibility(&data, &SchemeHistory::default(), d("2026-11-22"));
        assert!(!none.eligible);
        let h = SchemeHistory {
            diagnostic_on: Some(d("2026-09-01")),
            ..Default::default()
        };
        let old = pacea_eligibility(&data, &h, d("2026-11-22"));
        assert!(old.eligible);
        assert!(
            old.criteria
                .iter()
                .any(|c| c.code == "recent_diagnostic" && !c.met)
        );
        let busy = SchemeHistory {
            pacea_in_progress: true,
            ..h
        };
        assert!(!pacea_eligibility(&data, &busy, d("2026-11-22")).eligible);
    }
}
