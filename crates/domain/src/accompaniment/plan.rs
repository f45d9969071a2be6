//! The action plan (A3, A14, B10, B11, D3, D6): objectives per theme with deadlines, actions
//! carried by the young person, the counsellor or a partner, and the week-by-week view.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::field_error;
use crate::error::FieldError;
use crate::file::lists::closed_list;

closed_list! {
    /// Where an action stands.
    ActionStatus {
        /// Not started.
        AFaire = "a_faire" => "À faire",
        /// Started.
        EnCours = "en_cours" => "En cours",
        /// Done.
        Fait = "fait" => "Fait",
        /// Cancelled.
        Annule = "annule" => "Annulé",
    }
}

impl ActionStatus {
    /// Plain words for the young person's app.
    pub const fn youth_label(self) -> &'static str {
        match self {
            Self::AFaire => "À faire",
            Self::EnCours => "Commencée",
            Self::Fait => "Faite",
            Self::Annule => "Annulée",
        }
    }

    /// Still to do.
    pub const fn is_open(self) -> bool {
        matches!(self, Self::AFaire | Self::EnCours)
    }
}

closed_list! {
    /// Who carries an action.
    ActionCarrier {
        /// The young person.
        Jeune = "jeune" => "Le jeune",
        /// The counsellor.
        Conseiller = "conseiller" => "Le conseiller ou la conseillère",
        /// A partner.
        Partenaire = "partenaire" => "Un partenaire",
    }
}

impl ActionCarrier {
    /// Plain words for the young person's app.
    pub const fn youth_label(self) -> &'static str {
        match self {
            Self::Jeune => "Vous",
            Self::Conseiller => "Votre conseiller ou conseillère",
            Self::Partenaire => "Un partenaire",
        }
    }
}

closed_list! {
    /// Where an objective stands.
    ObjectiveStatus {
        /// Being pursued.
        EnCours = "en_cours" => "En cours",
        /// Reached.
        Atteint = "atteint" => "Atteint",
        /// Given up.
        Abandonne = "abandonne" => "Abandonné",
    }
}

/// A deadline must not come before the start: the error at `field`, if any.
pub fn check_period(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    field: &str,
) -> Option<FieldError> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Some(field_error(
            field,
            "before_start",
            format!(
                "L'échéance ({}) est avant la date de début ({}).",
                super::french_date(e),
                super::french_date(s)
            ),
        )),
        _ => None,
    }
}

/// The Monday of the week of `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// An action as the week view needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekItem {
    /// The action.
    pub action_id: crate::ids::ActionId,
    /// Its title.
    pub title: String,
    /// Who carries it.
    pub carrier: ActionCarrier,
    /// Its theme, if any.
    pub theme: Option<super::Theme>,
    /// Due date.
    pub due_on: NaiveDate,
    /// Status.
    pub status: ActionStatus,
    /// Open and past its due date.
    pub overdue: bool,
}

/// One week of the plan: what each side has to do (B10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanWeek {
    /// Monday.
    pub week_start: NaiveDate,
    /// Sunday.
    pub week_end: NaiveDate,
    /// The young person's actions due this week.
    pub youth: Vec<WeekItem>,
    /// The counsellor's.
    pub counsellor: Vec<WeekItem>,
    /// The partners'.
    pub partner: Vec<WeekItem>,
}

/// Spreads the actions over `weeks` weeks from the week of `from`, by due date. Open actions
/// due before the first week are shown in the first week, marked overdue.
pub fn plan_weeks(
    items: &[WeekItem],
    from: NaiveDate,
    weeks: u32,
    today: NaiveDate,
) -> Vec<PlanWeek> {
    let first = monday_of(from);
    let mut out: Vec<PlanWeek> = (0..weeks)
        .map(|i| {
            let start = first + Duration::weeks(i64::from(i));
            PlanWeek {
                week_start: start,
                week_end: start + Duration::days(6),
                youth: Vec::new(),
                counsellor: Vec::new(),
                partner: Vec::new(),
            }
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    let mut items: Vec<WeekItem> = items.to_vec();
    items.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.title.cmp(&b.title)));
    for mut item in items {
        item.overdue = item.status.is_open() && item.due_on < today;
        let index = if item.due_on < first {
            if !item.overdue {
                continue;
            }
            0
        } else {
            let i = (item.due_on - first).num_days() / 7;
            match usize::try_from(i) {
                Ok(i) if i < out.len() => i,
                _ => continue,
            }
        };
        let week = &mut out[index];
        match item.carrier {
            ActionCarrier::Jeune => week.youth.push(item),
            ActionCarrier::Conseiller => week.counsellor.push(item),
            ActionCarrier::Partenaire => week.partner.push(item),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ActionId;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(title: &str, carrier: ActionCarrier, due: &str, status: ActionStatus) -> WeekItem {
        WeekItem {
            action_id: ActionId(uuid::Uuid::nil()),
            title: title.into(),
            carrier,
            theme: None,
            due_on: d(due),
            status,
            overdue: false,
        }
    }

    #[test]
    fn a_deadline_before_the_start_is_refused() {
        assert!(check_period(Some(d("2026-05-02")), Some(d("2026-05-01")), "deadline").is_some());
        assert!(check_period(Some(d("2026-05-01")), Some(d("2026-05-01")), "deadline").is_none());
        assert!(check_period(None, Some(d("2026-05-01")), "deadline").is_none());
    }

    #[test]
    fn actions_fall_in_their_week_by_carrier() {
        let items = [
            item(
                "CV",
                ActionCarrier::Jeune,
                "2026-11-24",
                ActionStatus::AFaire,
            ),
            item(
                "Appeler la CAF",
                ActionCarrier::Conseiller,
                "2026-11-29",
                ActionStatus::AFaire,
            ),
            item(
                "Atelier",
                ActionCarrier::Partenaire,
                "2026-12-01",
                ActionStatus::EnCours,
            ),
            item(
                "Vieux",
                ActionCarrier::Jeune,
                "2026-11-02",
                ActionStatus::AFaire,
            ),
            item(
                "Fini",
                ActionCarrier::Jeune,
                "2026-11-02",
                ActionStatus::Fait,
            ),
            item(
                "Loin",
                ActionCarrier::Jeune,
                "2027-03-01",
                ActionStatus::AFaire,
            ),
        ];
        let weeks = plan_weeks(&items, d("2026-11-25"), 3, d("2026-11-25"));
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[0].week_start, d("2026-11-23"));
        assert_eq!(weeks[0].week_end, d("2026-11-29"));
        let titles = |v: &[WeekItem]| v.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&weeks[0].youth), ["Vieux", "CV"]);
        assert!(weeks[0].youth[0].overdue && weeks[0].youth[1].overdue);
        assert_eq!(titles(&weeks[0].counsellor), ["Appeler la CAF"]);
        assert_eq!(titles(&weeks[1].partner), ["Atelier"]);
        assert!(weeks[2].youth.is_empty());
    }
}
