//! Opening hours, free slots and the cells that make double booking impossible.
//!
//! Opening hours are Paris wall-clock times per weekday; [`free_slots`] turns them into instants
//! day by day (so 9:00 stays 9:00 across the daylight-saving change) and removes what is busy.
//! Every booked interval is cut into [`CELL_MINUTES`] cells; the database keeps one row per
//! (person, cell) under a primary key, so two bookings of one person at one instant cannot both
//! be written, whatever the engine or the number of servers.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::accompaniment::{field_error, paris_date};
use crate::error::FieldError;
use crate::ids::SiteId;

/// The grain of agendas: slots, durations and cells are multiples of it.
pub const CELL_MINUTES: i64 = 15;

/// Longest entry other than an absence, and longest workshop (hours): searches for what
/// overlaps a range look this far back only.
pub const MAX_ENTRY_HOURS: i64 = 12;

/// Longest absence (days).
pub const MAX_ABSENCE_DAYS: i64 = 92;

/// One weekly opening window of a staff member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyOpening {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Opening, Paris time ("09:00:00").
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "09:00:00"))]
    pub start: NaiveTime,
    /// Closing, Paris time.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00:00"))]
    pub end: NaiveTime,
    /// Where; none for phone and video only.
    pub site_id: Option<SiteId>,
}

/// A day whose hours differ from the week's: closed (no windows) or other windows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningException {
    /// The day.
    pub date: NaiveDate,
    /// The windows of that day (their weekday is ignored); empty when closed.
    pub windows: Vec<WeeklyOpening>,
    /// Why (bank holiday, late opening…).
    #[serde(default)]
    pub note: String,
}

/// A half-open interval of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    /// First instant.
    pub start: DateTime<Utc>,
    /// First instant after.
    pub end: DateTime<Utc>,
}

impl Interval {
    /// Whether two intervals share an instant.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A free slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeSlot {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Where, when the window names a site.
    pub site_id: Option<SiteId>,
}

/// The instant of a Paris wall-clock time, or none when the clock skips it.
fn paris_exact(date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    use chrono::TimeZone as _;
    chrono_tz::Europe::Paris
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The windows open on `date`: the exception's when there is one, else the weekday's.
pub fn windows_on<'a>(
    weekly: &'a [WeeklyOpening],
    exceptions: &'a [OpeningException],
    date: NaiveDate,
) -> Vec<WeeklyOpening> {
    if let Some(exception) = exceptions.iter().find(|e| e.date == date) {
        return exception.windows.clone();
    }
    let weekday = u8::try_from(date.weekday().number_from_monday()).unwrap_or(0);
    weekly
        .iter()
        .filter(|w| w.weekday == weekday)
        .copied()
        .collect()
}

/// What [`free_slots`] needs.
#[derive(Clone, Copy, Debug)]
pub struct SlotSearch<'a> {
    /// Weekly windows.
    pub weekly: &'a [WeeklyOpening],
    /// Dated exceptions.
    pub exceptions: &'a [OpeningException],
    /// Busy intervals (appointments, absences, meetings, workshops), in any order.
    pub busy: &'a [Interval],
    /// First day searched (Paris).
    pub from: NaiveDate,
    /// Last day searched (Paris), included.
    pub to: NaiveDate,
    /// Length of the appointment, minutes (a multiple of [`CELL_MINUTES`]).
    pub minutes: i64,
    /// No slot starts before.
    pub not_before: DateTime<Utc>,
    /// No slot starts after.
    pub not_after: DateTime<Utc>,
}

/// The free slots, in time order: each window is cut into back-to-back slots of the
/// appointment's length from its opening; a slot that overlaps anything busy is left out.
pub fn free_slots(search: &SlotSearch<'_>) -> Vec<FreeSlot> {
    let mut busy = search.busy.to_vec();
    busy.sort_unstable();
    let length = Duration::minutes(search.minutes.max(CELL_MINUTES));
    let mut slots = Vec::new();
    let mut date = search.from;
    while date <= search.to {
        let mut windows = windows_on(search.weekly, search.exceptions, date);
        windows.sort_by_key(|w| w.start);
        for window in windows {
            let (Some(open), Some(close)) = (
                paris_exact(date, window.start),
                paris_exact(date, window.end),
            ) else {
                continue;
            };
            let mut start = open;
            while start + length <= close {
                let slot = Interval {
                    start,
                    end: start + length,
                };
                if start >= search.not_before
                    && start <= search.not_after
                    && !overlaps_any(&busy, &slot)
                {
                    slots.push(FreeSlot {
                        starts_at: slot.start,
                        ends_at: slot.end,
                        site_id: window.site_id,
                    });
                }
                start += length;
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    slots
}

/// Whether `slot` overlaps one of the sorted `busy` intervals.
fn overlaps_any(busy: &[Interval], slot: &Interval) -> bool {
    // Intervals starting before the slot ends; the long ones (absences) may start much earlier.
    let upto = busy.partition_point(|b| b.start < slot.end);
    busy[..upto].iter().rev().any(|b| b.overlaps(slot))
}

/// The window that holds `[start, end)` entirely, if any: a booking outside opening hours is
/// refused.
pub fn window_holding(
    weekly: &[WeeklyOpening],
    exceptions: &[OpeningException],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<WeeklyOpening> {
    let date = paris_date(start);
    windows_on(weekly, exceptions, date).into_iter().find(|w| {
        match (paris_exact(date, w.start), paris_exact(date, w.end)) {
            (Some(open), Some(close)) => open <= start && end <= close,
            _ => false,
        }
    })
}

/// The cells `[start, end)` occupies: from the cell holding `start` to the one holding the
/// last instant before `end`.
pub fn cells(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let grain = CELL_MINUTES * 60;
    let first = start.timestamp().div_euclid(grain) * grain;
    let mut out = Vec::new();
    let mut at = first;
    while at < end.timestamp() {
        if let Some(cell) = DateTime::from_timestamp(at, 0) {
            out.push(cell);
        }
        at += grain;
    }
    out
}

/// Whether an instant falls on the grain (slots and appointments start on it).
pub fn on_grain(at: DateTime<Utc>) -> bool {
    at.second() == 0 && at.nanosecond() == 0 && i64::from(at.minute()) % CELL_MINUTES == 0
}

/// Checks an appointment length: 15 minutes to 4 hours, on the grain.
pub fn check_minutes_of_type(field: &str, minutes: i64) -> Option<FieldError> {
    if !(CELL_MINUTES..=240).contains(&minutes) || minutes % CELL_MINUTES != 0 {
        return Some(field_error(
            field,
            "out_of_range",
            "La durée va de 15 minutes à 4 heures, par pas de 15 minutes.",
        ));
    }
    None
}

/// Checks weekly windows: a weekday, opening before closing, on the quarter hour, no two
/// windows of a day overlapping.
pub fn check_weekly(windows: &[WeeklyOpening], field: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, w) in windows.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if !(1..=7).contains(&w.weekday) {
            errors.push(field_error(
                format!("{at}.weekday"),
                "invalid",
                "Choisissez un jour de la semaine.",
            ));
        }
        if w.start >= w.end {
            errors.push(field_error(
                format!("{at}.end"),
                "before_start",
                "L'heure de fin doit suivre l'heure de début.",
            ));
        }
        let quarter = |t: NaiveTime| t.second() == 0 && i64::from(t.minute()) % CELL_MINUTES == 0;
        if !quarter(w.start) || !quarter(w.end) {
            errors.push(field_error(
                format!("{at}.start"),
                "off_grain",
                "Les horaires se donnent au quart d'heure (9:00, 9:15, 9:30…).",
            ));
        }
        let clash = windows[..i]
            .iter()
            .any(|o| o.weekday == w.weekday && o.start < w.end && w.start < o.end);
        if clash {
            errors.push(field_error(
                format!("{at}.start"),
                "overlap",
                "Ce créneau chevauche un autre créneau du même jour.",
            ));
        }
    }
    errors
}

/// `[Monday 00:00, next Monday 00:00)` in Paris for the week of `monday` (167 or 169 hours when
/// the clock changes that week).
pub fn paris_days(first: NaiveDate, days: i64) -> Interval {
    let midnight = NaiveTime::MIN;
    Interval {
        start: crate::accompaniment::paris_instant(first, midnight),
        end: crate::accompaniment::paris_instant(first + Duration::days(days), midnight),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn mornings(weekday: u8) -> WeeklyOpening {
        WeeklyOpening {
            weekday,
            start: t(9, 0),
            end: t(12, 0),
            site_id: None,
        }
    }

    fn search<'a>(
        weekly: &'a [WeeklyOpening],
        exceptions: &'a [OpeningException],
        busy: &'a [Interval],
        from: &str,
        to: &str,
    ) -> SlotSearch<'a> {
        SlotSearch {
            weekly,
            exceptions,
            busy,
            from: d(from),
            to: d(to),
            minutes: 30,
            not_before: at("2000-01-01T00:00:00Z"),
            not_after: at("2100-01-01T00:00:00Z"),
        }
    }

    #[test]
    fn a_morning_gives_six_half_hours_minus_what_is_busy() {
        let weekly = [mornings(1)];
        // Monday 23 November 2026, Paris is UTC+1.
        let busy = [Interval {
            start: at("2026-11-23T08:30:00Z"),
            end: at("2026-11-23T09:15:00Z"),
        }];
        let slots = free_slots(&search(&weekly, &[], &busy, "2026-11-23", "2026-11-29"));
        let starts: Vec<String> = slots
            .iter()
            .map(|s| s.starts_at.format("%H:%M").to_string())
            .collect();
        assert_eq!(starts, ["08:00", "09:30", "10:00", "10:30"]);
    }

    #[test]
    fn opening_hours_keep_their_wall_clock_time_across_the_clock_change() {
        // Sunday 25 October 2026 the clock goes back: Monday 19 opens at 07:00 UTC, Monday 26 at 08:00 UTC.
        let weekly = [mornings(1)];
        let slots = free_slots(&search(&weekly, &[], &[], "2026-10-19", "2026-10-26"));
        assert_eq!(slots.len(), 12);
        assert_eq!(slots[0].starts_at, at("2026-10-19T07:00:00Z"));
        assert_eq!(slots[6].starts_at, at("2026-10-26T08:00:00Z"));
        // The week of the change lasts 169 hours.
        let week = paris_days(d("2026-10-19"), 7);
        assert_eq!((week.end - week.start).num_hours(), 169);
        let spring = paris_days(d("2026-03-23"), 7);
        assert_eq!((spring.end - spring.start).num_hours(), 167);
    }

    #[test]
    fn an_exception_replaces_the_day_and_a_long_absence_blocks_everything() {
        let weekly = [mornings(1), mornings(2)];
        let exceptions = [OpeningException {
            date: d("2026-11-23"),
            windows: Vec::new(),
            note: "Pont".to_owned(),
        }];
        let absence = [Interval {
            start: at("2026-11-20T00:00:00Z"),
            end: at("2026-11-24T10:00:00Z"),
        }];
        let slots = free_slots(&search(
            &weekly,
            &exceptions,
            &absence,
            "2026-11-23",
            "2026-11-24",
        ));
        let starts: Vec<DateTime<Utc>> = slots.iter().map(|s| s.starts_at).collect();
        assert_eq!(
            starts,
            [at("2026-11-24T10:00:00Z"), at("2026-11-24T10:30:00Z")]
        );
    }

    #[test]
    fn a_booking_must_fit_in_a_window() {
        let weekly = [mornings(1)];
        assert!(
            window_holding(
                &weekly,
                &[],
                at("2026-11-23T08:00:00Z"),
                at("2026-11-23T08:30:00Z")
            )
            .is_some()
        );
        assert!(
            window_holding(
                &weekly,
                &[],
                at("2026-11-23T10:45:00Z"),
                at("2026-11-23T11:15:00Z")
            )
            .is_none()
        );
        assert!(
            window_holding(
                &weekly,
                &[],
                at("2026-11-24T08:00:00Z"),
                at("2026-11-24T08:30:00Z")
            )
            .is_none()
        );
    }

    #[test]
    fn cells_cover_the_interval_on_the_quarter_hour() {
        let c = cells(at("2026-11-23T08:10:00Z"), at("2026-11-23T08:45:00Z"));
        assert_eq!(
            c,
            [
                at("2026-11-23T08:00:00Z"),
                at("2026-11-23T08:15:00Z"),
                at("2026-11-23T08:30:00Z")
            ]
        );
        assert!(on_grain(at("2026-11-23T08:45:00Z")));
        assert!(!on_grain(at("2026-11-23T08:40:00Z")));
    }

    #[test]
    fn weekly_windows_are_checked() {
        let bad = [
            mornings(1),
            WeeklyOpening {
                weekday: 1,
                start: t(11, 0),
                end: t(10, 10),
                site_id: None,
            },
            WeeklyOpening {
                weekday: 9,
                ..mornings(1)
            },
        ];
        let codes: Vec<String> = check_weekly(&bad, "weekly")
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                "weekly[1].end before_start",
                "weekly[1].start off_grain",
                "weekly[1].start overlap",
                "weekly[2].weekday invalid"
            ]
        );
        assert!(check_minutes_of_type("minutes", 45).is_none());
        assert!(check_minutes_of_type("minutes", 50).is_some());
    }
}
