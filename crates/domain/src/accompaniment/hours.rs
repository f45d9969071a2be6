//! CEJ hours (B3, B4, D17): activities qualified like the national CEJ app's "SNP", their
//! duration, and the weekly totals counted Monday to Sunday in Europe/Paris.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

use super::field_error;
use super::plan::monday_of;
use crate::error::FieldError;
use crate::file::lists::closed_list;

closed_list! {
    /// How an activity is qualified (Pass emploi's SNP codes, rules.md §3.3).
    Qualification {
        /// Work.
        Emploi = "emploi" => "Emploi",
        /// Training.
        Formation = "formation" => "Formation",
        /// Professional project.
        ProjetProfessionnel = "projet_professionnel" => "Projet professionnel",
        /// Housing.
        Logement = "logement" => "Logement",
        /// Health.
        Sante = "sante" => "Santé",
        /// Citizenship.
        Citoyennete = "citoyennete" => "Citoyenneté",
        /// Leisure, sport, culture.
        CultureSportLoisirs = "culture_sport_loisirs" => "Loisir, sport, culture",
        /// Not counted as a non-professional situation.
        NonSnp = "non_snp" => "Action non SNP",
    }
}

closed_list! {
    /// Where a declared activity stands.
    ActivityStatus {
        /// Declared, waiting for the counsellor.
        Declaree = "declaree" => "À valider",
        /// Validated by the counsellor: counts in the week.
        Validee = "validee" => "Validée",
        /// Refused by the counsellor: does not count.
        Refusee = "refusee" => "Refusée",
    }
}

/// Most minutes in one day.
pub const MINUTES_PER_DAY: i64 = 24 * 60;

/// The calendar day of an instant in Europe/Paris.
pub fn paris_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// The Monday (Europe/Paris) of the week an instant belongs to: Monday 00:30 in Paris belongs to
/// that Monday's week, though it is still Sunday in UTC.
pub fn week_of(at: DateTime<Utc>) -> NaiveDate {
    monday_of(paris_date(at))
}

/// "22/11/2026 à 14:05", in Europe/Paris.
pub fn paris_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// "15 h", "2 h 30", "45 min".
pub fn format_minutes(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// Checks a duration: positive, at most a day, and the day's total (with `already_that_day`
/// minutes recorded) not over 24 hours.
pub fn check_minutes(minutes: i64, already_that_day: i64, day: NaiveDate) -> Option<FieldError> {
    if minutes <= 0 {
        Some(field_error(
            "minutes",
            "not_positive",
            "La durée doit être positive (en minutes).",
        ))
    } else if minutes > MINUTES_PER_DAY {
        Some(field_error(
            "minutes",
            "over_a_day",
            "Une activité dure au plus 24 heures.",
        ))
    } else if minutes + already_that_day > MINUTES_PER_DAY {
        Some(field_error(
            "minutes",
            "day_over_24h",
            format!(
                "Le {} compte déjà {} : une journée ne peut pas dépasser 24 heures.",
                super::french_date(day),
                format_minutes(already_that_day)
            ),
        ))
    } else {
        None
    }
}

/// An activity as the weekly totals need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimedActivity {
    /// When it took place.
    pub occurred_at: DateTime<Utc>,
    /// Its duration.
    pub minutes: i64,
    /// Its status.
    pub status: ActivityStatus,
    /// Whether it counts toward CEJ hours.
    pub qualification: Qualification,
}

/// The totals of one week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct WeekTotals {
    /// Validated minutes that count.
    pub validated: i64,
    /// Declared minutes waiting for validation.
    pub pending: i64,
}

/// Sums activities into the week (Monday, Europe/Paris) each belongs to, for `weeks` weeks
/// ending with the week of `last`. Refused and non-SNP activities do not count.
pub fn weekly_totals(
    activities: &[TimedActivity],
    last: NaiveDate,
    weeks: u32,
) -> Vec<(NaiveDate, WeekTotals)> {
    let last_monday = monday_of(last);
    let mut out: Vec<(NaiveDate, WeekTotals)> = (0..weeks)
        .rev()
        .map(|i| {
            (
                last_monday - Duration::weeks(i64::from(i)),
                WeekTotals::default(),
            )
        })
        .collect();
    for a in activities {
        if a.qualification == Qualification::NonSnp {
            continue;
        }
        let monday = week_of(a.occurred_at);
        if let Some((_, totals)) = out.iter_mut().find(|(m, _)| *m == monday) {
            match a.status {
                ActivityStatus::Validee => totals.validated += a.minutes,
                ActivityStatus::Declaree => totals.pending += a.minutes,
                ActivityStatus::Refusee => {}
            }
        }
    }
    out
}

/// The instant of a Paris local date and time (the earlier one when the clock goes back, the
/// next valid minute when it jumps forward).
pub fn paris_instant(date: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
    use chrono::TimeZone as _;
    let local = date.and_time(time);
    match Paris.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        chrono::LocalResult::None => Paris
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn monday_half_past_midnight_in_paris_is_that_mondays_week() {
        // Winter (UTC+1): Monday 00:30 Paris is Sunday 23:30 UTC.
        assert_eq!(week_of(at("2026-11-22T23:30:00Z")), d("2026-11-23"));
        assert_eq!(week_of(at("2026-11-22T22:59:00Z")), d("2026-11-16"));
        // Summer (UTC+2): Monday 00:30 Paris is Sunday 22:30 UTC.
        assert_eq!(week_of(at("2026-06-14T22:30:00Z")), d("2026-06-15"));
        assert_eq!(week_of(at("2026-06-14T21:59:00Z")), d("2026-06-08"));
    }

    #[test]
    fn weeks_across_daylight_saving_changes() {
        // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
        let spring = [
            at("2026-03-23T00:00:00Z"), // Monday 01:00 Paris (UTC+1)
            at("2026-03-29T21:59:00Z"), // Sunday 23:59 Paris (UTC+2)
        ];
        assert!(spring.iter().all(|t| week_of(*t) == d("2026-03-23")));
        assert_eq!(week_of(at("2026-03-29T22:00:00Z")), d("2026-03-30"));
        let autumn = [
            at("2026-10-18T22:00:00Z"), // Monday 00:00 Paris (UTC+2)
            at("2026-10-25T22:59:00Z"), // Sunday 23:59 Paris (UTC+1)
        ];
        assert!(autumn.iter().all(|t| week_of(*t) == d("2026-10-19")));
        assert_eq!(week_of(at("2026-10-25T23:00:00Z")), d("2026-10-26"));
        let activities: Vec<_> = spring
            .iter()
            .chain(autumn.iter())
            .map(|t| TimedActivity {
                occurred_at: *t,
                minutes: 120,
                status: ActivityStatus::Validee,
                qualification: Qualification::Emploi,
            })
            .collect();
        let totals = weekly_totals(&activities, d("2026-10-25"), 32);
        let of = |m: &str| totals.iter().find(|(w, _)| *w == d(m)).unwrap().1;
        assert_eq!(of("2026-03-23").validated, 240);
        assert_eq!(of("2026-10-19").validated, 240);
        assert_eq!(of("2026-03-30").validated, 0);
        assert_eq!(totals.len(), 32);
        assert_eq!(totals.last().unwrap().0, d("2026-10-19"));
    }

    #[test]
    fn refused_and_non_snp_activities_do_not_count_pending_is_apart() {
        let base = TimedActivity {
            occurred_at: at("2026-11-18T09:00:00Z"),
            minutes: 60,
            status: ActivityStatus::Validee,
            qualification: Qualification::Sante,
        };
        let list = [
            base,
            TimedActivity {
                status: ActivityStatus::Declaree,
                ..base
            },
            TimedActivity {
                status: ActivityStatus::Refusee,
                ..base
            },
            TimedActivity {
                qualification: Qualification::NonSnp,
                ..base
            },
        ];
        let totals = weekly_totals(&list, d("2026-11-22"), 1);
        assert_eq!(
            totals[0].1,
            WeekTotals {
                validated: 60,
                pending: 60
            }
        );
    }

    #[test]
    fn durations_are_positive_and_a_day_holds_24_hours() {
        let day = d("2026-11-18");
        assert!(check_minutes(0, 0, day).is_some());
        assert!(check_minutes(-30, 0, day).is_some());
        assert!(check_minutes(1441, 0, day).is_some());
        assert!(check_minutes(1440, 0, day).is_none());
        let over = check_minutes(120, 23 * 60, day).unwrap();
        assert_eq!(over.code, "day_over_24h");
        assert!(over.message.contains("23 h"));
        assert_eq!(format_minutes(930), "15 h 30");
        assert_eq!(format_minutes(45), "45 min");
    }

    #[test]
    fn paris_local_times_become_instants() {
        let t = paris_instant(d("2026-11-23"), NaiveTime::from_hms_opt(0, 30, 0).unwrap());
        assert_eq!(t, at("2026-11-22T23:30:00Z"));
        // 02:30 does not exist on 29 March 2026: the next valid time.
        let gap = paris_instant(d("2026-03-29"), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(gap, at("2026-03-29T01:30:00Z"));
    }
}
