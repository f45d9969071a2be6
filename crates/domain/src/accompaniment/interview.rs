//! Interviews (B23): each exchange with the young person, readable by whoever takes over.

use chrono::{DateTime, Duration, Utc};

use super::{check_text, field_error};
use crate::error::FieldError;
use crate::file::lists::closed_list;

closed_list! {
    /// How the interview took place.
    InterviewChannel {
        /// Face to face.
        Presentiel = "presentiel" => "En présentiel",
        /// Phone.
        Telephone = "telephone" => "Par téléphone",
        /// Video.
        Visio = "visio" => "En visio",
        /// E-mail or messages.
        Ecrit = "ecrit" => "Par écrit (e-mail, SMS, messagerie)",
    }
}

closed_list! {
    /// What the interview was.
    InterviewKind {
        /// First reception.
        PremierAccueil = "premier_accueil" => "Premier accueil",
        /// Diagnostic.
        Diagnostic = "diagnostic" => "Diagnostic",
        /// Follow-up.
        Suivi = "suivi" => "Entretien de suivi",
        /// Review (bilan).
        Bilan = "bilan" => "Bilan",
    }
}

/// Longest summary.
pub const MAX_SUMMARY: usize = 8000;

/// Checks an interview: a date, not in the future nor absurdly old, and a summary.
pub fn check_interview(
    occurred_at: Option<DateTime<Utc>>,
    summary: &str,
    now: DateTime<Utc>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let Some(occurred_at) = occurred_at else {
        errors.push(field_error(
            "occurred_at",
            "required",
            "Indiquez la date et l'heure de l'entretien.",
        ));
        check_text(&mut errors, "summary", summary, MAX_SUMMARY, true);
        return errors;
    };
    if occurred_at > now + Duration::hours(1) {
        errors.push(field_error(
            "occurred_at",
            "in_future",
            "Un entretien s'enregistre une fois qu'il a eu lieu : la date est dans le futur.",
        ));
    } else if occurred_at < now - Duration::days(366 * 10) {
        errors.push(field_error(
            "occurred_at",
            "too_old",
            "La date est trop ancienne.",
        ));
    }
    check_text(&mut errors, "summary", summary, MAX_SUMMARY, true);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interview_needs_a_summary_and_a_past_date() {
        let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert!(check_interview(Some(now), "Point sur le CV.", now).is_empty());
        let bad = check_interview(Some(now + Duration::days(1)), "  ", now);
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["occurred_at", "summary"]);
    }
}
