//! How long a file is kept (décret 2015-59, `rules.md` §5): until two years after the young
//! person's 25th birthday or their last contact, whichever is later; ten years after the end of
//! a CEJ. After that the file is anonymised. The durations are settings, not constants.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The retention settings of a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// The age after which the clock starts (25 under L5314-2).
    pub max_age: u32,
    /// Years kept after that age or the last contact (2).
    pub years_after: u32,
    /// Years kept after the end of a CEJ (10).
    pub cej_years_after: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            max_age: 25,
            years_after: 2,
            cej_years_after: 10,
        }
    }
}

fn plus_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

impl RetentionPolicy {
    /// The last day the file may be kept in clear.
    pub fn keep_until(
        &self,
        birth_date: NaiveDate,
        last_contact: Option<NaiveDate>,
        cej_end: Option<NaiveDate>,
    ) -> NaiveDate {
        let birthday = plus_years(birth_date, self.max_age);
        let start = last_contact.map_or(birthday, |c| c.max(birthday));
        let general = plus_years(start, self.years_after);
        let cej = cej_end.map(|end| plus_years(end, self.cej_years_after));
        cej.map_or(general, |c| c.max(general))
    }

    /// Whether the file must be anonymised on `today`.
    pub fn is_expired(
        &self,
        birth_date: NaiveDate,
        last_contact: Option<NaiveDate>,
        cej_end: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        today > self.keep_until(birth_date, last_contact, cej_end)
    }

    /// The latest birth date that can have expired by `today`, whatever the contacts: used to
    /// pick candidates with an index before applying the full rule.
    pub fn youngest_possibly_expired(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(Months::new(
                (self.max_age + self.years_after).saturating_mul(12),
            ))
            .unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn two_years_after_the_25th_birthday() {
        let p = RetentionPolicy::default();
        assert_eq!(p.keep_until(d(2000, 3, 10), None, None), d(2027, 3, 10));
        assert!(!p.is_expired(d(2000, 3, 10), None, None, d(2027, 3, 10)));
        assert!(p.is_expired(d(2000, 3, 10), None, None, d(2027, 3, 11)));
    }

    #[test]
    fn a_late_contact_or_a_cej_extends_it() {
        let p = RetentionPolicy::default();
        assert_eq!(
            p.keep_until(d(2000, 3, 10), Some(d(2026, 6, 1)), None),
            d(2028, 6, 1)
        );
        assert_eq!(
            p.keep_until(d(2000, 3, 10), Some(d(2020, 1, 1)), None),
            d(2027, 3, 10)
        );
        assert_eq!(
            p.keep_until(d(2000, 3, 10), None, Some(d(2024, 1, 31))),
            d(2034, 1, 31)
        );
    }

    #[test]
    fn settings_change_the_durations() {
        let p = RetentionPolicy {
            max_age: 25,
            years_after: 3,
            cej_years_after: 10,
        };
        assert_eq!(p.keep_until(d(2000, 3, 10), None, None), d(2028, 3, 10));
        assert_eq!(p.youngest_possibly_expired(d(2028, 3, 11)), d(2000, 3, 11));
    }
}
