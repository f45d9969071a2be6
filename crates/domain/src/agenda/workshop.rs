//! Workshops (F2, B17, B18, D16): capacity and waiting list, feedback and its sums.

use serde::{Deserialize, Serialize};

use super::RegistrationStatus;
use crate::accompaniment::{check_text, field_error};
use crate::error::FieldError;

/// Largest workshop.
pub const MAX_CAPACITY: u32 = 200;
/// Longest feedback comment.
pub const MAX_FEEDBACK_COMMENT: usize = 1000;

/// Where a new registration goes: a seat while there is one, else the waiting list when the
/// young person accepts it.
pub fn place_for(
    capacity: u32,
    seated: u32,
    accept_waiting_list: bool,
) -> Option<RegistrationStatus> {
    if seated < capacity {
        Some(RegistrationStatus::Inscrit)
    } else if accept_waiting_list {
        Some(RegistrationStatus::EnAttente)
    } else {
        None
    }
}

/// Checks a capacity against the seats already taken.
pub fn check_capacity(capacity: u32, seated: u32) -> Option<FieldError> {
    if capacity == 0 || capacity > MAX_CAPACITY {
        return Some(field_error(
            "capacity",
            "out_of_range",
            format!("La capacité va de 1 à {MAX_CAPACITY} places."),
        ));
    }
    if capacity < seated {
        return Some(field_error(
            "capacity",
            "below_registered",
            format!(
                "{seated} jeunes sont déjà inscrits : la capacité ne peut pas descendre en dessous."
            ),
        ));
    }
    None
}

/// A young person's feedback after a workshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopFeedback {
    /// 1 (not at all satisfied) to 5 (very satisfied).
    #[serde(default)]
    pub rating: Option<u8>,
    /// Whether it helped.
    #[serde(default)]
    pub useful: Option<bool>,
    /// Free words.
    #[serde(default)]
    pub comment: String,
}

impl WorkshopFeedback {
    /// Checks the answer: a rating from 1 to 5 and whether it helped.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !matches!(self.rating, Some(1..=5)) {
            errors.push(field_error(
                "rating",
                "required",
                "Donnez une note de 1 à 5.",
            ));
        }
        if self.useful.is_none() {
            errors.push(field_error(
                "useful",
                "required",
                "Dites si l'atelier vous a été utile.",
            ));
        }
        check_text(
            &mut errors,
            "comment",
            &self.comment,
            MAX_FEEDBACK_COMMENT,
            false,
        );
        errors
    }
}

/// The feedback of a workshop, summed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackSummary {
    /// Answers received.
    pub answers: u32,
    /// Mean rating, 1 to 5 (none without answers).
    pub average_rating: Option<f64>,
    /// How many gave each rating, from 1 to 5.
    pub ratings: [u32; 5],
    /// How many found it useful.
    pub useful: u32,
    /// The comments, as written.
    pub comments: Vec<String>,
}

impl FeedbackSummary {
    /// Sums the answers.
    pub fn of<'a>(answers: impl IntoIterator<Item = &'a WorkshopFeedback>) -> Self {
        let mut summary = Self::default();
        let mut total = 0_u32;
        for answer in answers {
            let Some(rating @ 1..=5) = answer.rating else {
                continue;
            };
            summary.answers += 1;
            summary.ratings[usize::from(rating - 1)] += 1;
            total += u32::from(rating);
            if answer.useful == Some(true) {
                summary.useful += 1;
            }
            if !answer.comment.trim().is_empty() {
                summary.comments.push(answer.comment.trim().to_owned());
            }
        }
        if summary.answers > 0 {
            summary.average_rating =
                Some((f64::from(total) / f64::from(summary.answers) * 10.0).round() / 10.0);
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_then_the_waiting_list_then_nothing() {
        assert_eq!(place_for(2, 1, false), Some(RegistrationStatus::Inscrit));
        assert_eq!(place_for(2, 2, true), Some(RegistrationStatus::EnAttente));
        assert_eq!(place_for(2, 2, false), None);
        assert_eq!(check_capacity(3, 4).unwrap().code, "below_registered");
        assert_eq!(check_capacity(0, 0).unwrap().code, "out_of_range");
        assert!(check_capacity(4, 4).is_none());
    }

    #[test]
    fn feedback_is_checked_and_summed() {
        assert_eq!(WorkshopFeedback::default().check().len(), 2);
        let answers = [
            WorkshopFeedback {
                rating: Some(5),
                useful: Some(true),
                comment: " Super ".to_owned(),
            },
            WorkshopFeedback {
                rating: Some(2),
                useful: Some(false),
                comment: String::new(),
            },
            WorkshopFeedback {
                rating: Some(4),
                useful: Some(true),
                comment: String::new(),
            },
        ];
        let summary = FeedbackSummary::of(&answers);
        assert_eq!(summary.answers, 3);
        assert_eq!(summary.average_rating, Some(3.7));
        assert_eq!(summary.ratings, [0, 1, 0, 1, 1]);
        assert_eq!(summary.useful, 2);
        assert_eq!(summary.comments, ["Super"]);
    }
}
