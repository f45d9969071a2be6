//! The regulatory parameters of the CEJ and the PACEA as dated data (`data/scheme_rules.json`):
//! the rule set in force on a date applies to it. A change of the law adds an entry to the file.

use std::sync::OnceLock;

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use super::hours::Qualification;

/// CEJ parameters (rules.md §1.1, §1.2, §1.7).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CejRules {
    /// Youngest age at entry.
    pub min_age: u32,
    /// Oldest age at entry ("révolus": until the day before the next birthday).
    pub max_age: u32,
    /// Oldest age at entry with an RQTH.
    pub max_age_rqth: u32,
    /// Planned length of the action plan, in months.
    pub planned_months: u32,
    /// Longest length with extensions, in months.
    pub max_months: u32,
    /// Weekly activity expected, lower bound (hours).
    pub min_weekly_hours: u32,
    /// Weekly activity expected, upper bound (hours).
    pub max_weekly_hours: u32,
    /// Waiting period before a new CEJ, in months (can be shortened).
    pub waiting_months: u32,
    /// Whether the young person must be registered with France Travail.
    pub france_travail_registration: bool,
}

/// PACEA parameters (rules.md §2).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaceaRules {
    /// Youngest age at entry.
    pub min_age: u32,
    /// Oldest age at entry ("révolus").
    pub max_age: u32,
    /// Longest length, in months.
    pub max_months: u32,
    /// The contract is signed at most this many months after the diagnostic.
    pub months_from_diagnostic_to_signature: u32,
    /// The first phase starts at most this many months after signature.
    pub months_from_signature_to_first_phase: u32,
    /// Whether the young person must be registered with France Travail.
    pub france_travail_registration: bool,
}

/// The rules in force from a date.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SchemeRules {
    /// First day the set applies.
    pub effective_from: NaiveDate,
    /// Legal texts.
    pub source: String,
    /// CEJ.
    pub cej: CejRules,
    /// PACEA.
    pub pacea: PaceaRules,
}

#[derive(Deserialize)]
struct RulesFile {
    rule_sets: Vec<SchemeRules>,
    default_activity_minutes: std::collections::BTreeMap<String, serde_json::Value>,
}

#[expect(
    clippy::expect_used,
    reason = "compiled-in data, parsed by a unit test: a broken file fails the build's tests"
)]
fn file() -> &'static RulesFile {
    static FILE: OnceLock<RulesFile> = OnceLock::new();
    FILE.get_or_init(|| {
        let mut file: RulesFile =
            serde_json::from_str(include_str!("../../data/scheme_rules.json"))
                .expect("data/scheme_rules.json is valid (checked by a unit test)");
        file.rule_sets.sort_by_key(|r| r.effective_from);
        file
    })
}

impl SchemeRules {
    /// The rule set in force on `date` (the earliest one before the first date of effect).
    pub fn in_force(date: NaiveDate) -> &'static SchemeRules {
        let sets = &file().rule_sets;
        sets.iter()
            .rev()
            .find(|r| r.effective_from <= date)
            .unwrap_or(&sets[0])
    }
}

/// The default duration of an activity of this qualification, in minutes (Pass emploi's
/// defaults; each Mission Locale may set its own).
pub fn default_activity_minutes(qualification: Qualification) -> u32 {
    file()
        .default_activity_minutes
        .get(qualification.code())
        .and_then(serde_json::Value::as_u64)
        .and_then(|m| u32::try_from(m).ok())
        .unwrap_or(0)
}

/// `date` plus `months` calendar months (clamped to the month's last day).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day of a period of `months` months starting on `start`.
pub fn last_day_of_months(start: NaiveDate, months: u32) -> NaiveDate {
    add_months(start, months).pred_opt().unwrap_or(start)
}

/// The day a person turns `years`.
pub fn birthday(birth: NaiveDate, years: u32) -> NaiveDate {
    birth
        .checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_rule_set_in_force_depends_on_the_date() {
        assert!(
            !SchemeRules::in_force(d("2024-12-31"))
                .cej
                .france_travail_registration
        );
        assert!(
            SchemeRules::in_force(d("2025-01-01"))
                .cej
                .france_travail_registration
        );
        assert_eq!(
            SchemeRules::in_force(d("2020-01-01")).effective_from,
            d("2022-03-01")
        );
        let now = SchemeRules::in_force(d("2026-11-22"));
        assert_eq!((now.cej.max_age, now.cej.max_age_rqth), (25, 29));
        assert_eq!((now.cej.planned_months, now.cej.max_months), (12, 18));
        assert_eq!(now.pacea.max_months, 24);
    }

    #[test]
    fn default_hours_follow_the_national_app() {
        assert_eq!(default_activity_minutes(Qualification::Emploi), 180);
        assert_eq!(default_activity_minutes(Qualification::Sante), 120);
        assert_eq!(default_activity_minutes(Qualification::NonSnp), 0);
        for q in Qualification::ALL {
            let _ = default_activity_minutes(*q);
        }
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(last_day_of_months(d("2026-03-01"), 12), d("2027-02-28"));
        assert_eq!(last_day_of_months(d("2026-01-31"), 1), d("2026-02-27"));
        assert_eq!(birthday(d("2004-02-29"), 26), d("2030-02-28"));
    }
}
