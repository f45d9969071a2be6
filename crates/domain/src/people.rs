//! Rules about people that need a date: ages and plausible birth dates.

use chrono::{Datelike, NaiveDate};

use crate::values::Invalid;

/// Age in whole years on `today` (birthdays on 29 February count on 1 March in other years).
pub fn age_on(birth_date: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth_date.year();
    if (today.month(), today.day()) < (birth_date.month(), birth_date.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The youngest and oldest ages a Mission Locale file may be opened for. Missions Locales
/// serve 16–25-year-olds (up to 29 with RQTH for the CEJ); a little slack on both sides lets
/// reception open a file before a 16th birthday or keep one after a 26th.
pub const FILE_AGE_RANGE: std::ops::RangeInclusive<u32> = 14..=30;

/// Checks that a birth date is in the past and gives an age a Mission Locale follows.
pub fn check_birth_date(birth_date: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
    if birth_date > today {
        return Err(Invalid {
            code: "birth_date_in_future",
            message: "La date de naissance ne peut pas être dans le futur.",
        });
    }
    if FILE_AGE_RANGE.contains(&age_on(birth_date, today)) {
        Ok(())
    } else {
        Err(Invalid {
            code: "age_out_of_range",
            message: "Vérifiez la date de naissance : la Mission Locale accompagne les jeunes \
                      de 14 à 30 ans.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(2008, 11, 22), d(2026, 11, 22)), 18);
        assert_eq!(age_on(d(2008, 11, 23), d(2026, 11, 22)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn birth_dates_must_fit_the_public() {
        let today = d(2026, 11, 22);
        assert!(check_birth_date(d(2005, 1, 1), today).is_ok());
        assert_eq!(
            check_birth_date(d(2027, 1, 1), today).unwrap_err().code,
            "birth_date_in_future"
        );
        assert_eq!(
            check_birth_date(d(1980, 1, 1), today).unwrap_err().code,
            "age_out_of_range"
        );
        assert_eq!(
            check_birth_date(d(2020, 1, 1), today).unwrap_err().code,
            "age_out_of_range"
        );
    }
}
