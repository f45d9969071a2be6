//! What each Mission Locale sets for its agenda: how far ahead young people may book, the
//! notice a booking needs, the deadline to move or cancel, and when reminders go out.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::MessageChannel;
use crate::accompaniment::field_error;
use crate::error::FieldError;

/// One reminder: by which channel, how many hours before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderRule {
    /// E-mail or SMS.
    pub channel: MessageChannel,
    /// Hours before the start (1 to 336).
    pub hours_before: u32,
}

/// A Mission Locale's booking and reminder settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaSettings {
    /// Young people see free slots this many days ahead (1 to 120).
    pub booking_horizon_days: u32,
    /// A young person books at least this many hours ahead (0 to 168).
    pub min_notice_hours: u32,
    /// A young person moves or cancels up to this many hours before (0 to 168).
    pub change_deadline_hours: u32,
    /// Reminders before each appointment and workshop (at most 4).
    pub reminders: Vec<ReminderRule>,
}

impl Default for AgendaSettings {
    fn default() -> Self {
        Self {
            booking_horizon_days: 28,
            min_notice_hours: 2,
            change_deadline_hours: 24,
            reminders: vec![
                ReminderRule {
                    channel: MessageChannel::Email,
                    hours_before: 48,
                },
                ReminderRule {
                    channel: MessageChannel::Sms,
                    hours_before: 24,
                },
            ],
        }
    }
}

impl AgendaSettings {
    /// Checks the ranges; each error names its field.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(1..=120).contains(&self.booking_horizon_days) {
            errors.push(field_error(
                "booking_horizon_days",
                "out_of_range",
                "L'horizon de réservation va de 1 à 120 jours.",
            ));
        }
        if self.min_notice_hours > 168 {
            errors.push(field_error(
                "min_notice_hours",
                "out_of_range",
                "Le délai minimal de réservation va de 0 à 168 heures (une semaine).",
            ));
        }
        if self.change_deadline_hours > 168 {
            errors.push(field_error(
                "change_deadline_hours",
                "out_of_range",
                "Le délai pour déplacer ou annuler va de 0 à 168 heures (une semaine).",
            ));
        }
        if self.reminders.len() > 4 {
            errors.push(field_error(
                "reminders",
                "too_many",
                "Quatre rappels au plus par rendez-vous.",
            ));
        }
        for (i, rule) in self.reminders.iter().enumerate() {
            if !(1..=336).contains(&rule.hours_before) {
                errors.push(field_error(
                    format!("reminders[{i}].hours_before"),
                    "out_of_range",
                    "Un rappel part entre 1 heure et 14 jours avant.",
                ));
            }
        }
        errors
    }

    /// Why a young person may not book a slot starting at `start` now, if they may not.
    pub fn check_booking(&self, start: DateTime<Utc>, now: DateTime<Utc>) -> Option<FieldError> {
        if start <= now {
            return Some(field_error(
                "starts_at",
                "in_past",
                "Ce créneau est déjà passé : choisissez-en un autre.",
            ));
        }
        if start < now + Duration::hours(i64::from(self.min_notice_hours)) {
            return Some(field_error(
                "starts_at",
                "too_soon",
                format!(
                    "Un rendez-vous se prend au moins {} h à l'avance : choisissez un créneau plus tard.",
                    self.min_notice_hours
                ),
            ));
        }
        if start > now + Duration::days(i64::from(self.booking_horizon_days)) {
            return Some(field_error(
                "starts_at",
                "too_far",
                format!(
                    "Les rendez-vous s'ouvrent {} jours à l'avance : choisissez un créneau plus proche.",
                    self.booking_horizon_days
                ),
            ));
        }
        None
    }

    /// Whether a young person may still move or cancel what starts at `start`.
    pub fn check_change(&self, start: DateTime<Utc>, now: DateTime<Utc>) -> Option<FieldError> {
        if start <= now + Duration::hours(i64::from(self.change_deadline_hours)) {
            return Some(field_error(
                "starts_at",
                "deadline_passed",
                format!(
                    "Un rendez-vous se déplace ou s'annule au plus tard {} h avant : appelez votre Mission Locale.",
                    self.change_deadline_hours
                ),
            ));
        }
        None
    }

    /// When each reminder of something starting at `start` goes out, skipping those already due.
    pub fn reminder_times(
        &self,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Vec<(MessageChannel, DateTime<Utc>)> {
        self.reminders
            .iter()
            .map(|r| {
                (
                    r.channel,
                    start - Duration::hours(i64::from(r.hours_before)),
                )
            })
            .filter(|(_, at)| *at > now)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_field() {
        assert!(AgendaSettings::default().check().is_empty());
        let bad = AgendaSettings {
            booking_horizon_days: 0,
            min_notice_hours: 200,
            change_deadline_hours: 169,
            reminders: vec![ReminderRule {
                channel: MessageChannel::Sms,
                hours_before: 0,
            }],
        };
        let fields: Vec<String> = bad.check().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "booking_horizon_days",
                "min_notice_hours",
                "change_deadline_hours",
                "reminders[0].hours_before"
            ]
        );
    }

    #[test]
    fn booking_needs_notice_and_stays_within_the_horizon() {
        let settings = AgendaSettings::default();
        let now = at("2026-11-23T10:00:00Z");
        assert_eq!(
            settings
                .check_booking(at("2026-11-23T09:00:00Z"), now)
                .unwrap()
                .code,
            "in_past"
        );
        assert_eq!(
            settings
                .check_booking(at("2026-11-23T11:00:00Z"), now)
                .unwrap()
                .code,
            "too_soon"
        );
        assert!(
            settings
                .check_booking(at("2026-11-23T12:00:00Z"), now)
                .is_none()
        );
        assert_eq!(
            settings
                .check_booking(at("2026-12-22T12:00:00Z"), now)
                .unwrap()
                .code,
            "too_far"
        );
    }

    #[test]
    fn changes_stop_at_the_deadline_and_past_reminders_are_skipped() {
        let settings = AgendaSettings::default();
        let now = at("2026-11-23T10:00:00Z");
        assert!(
            settings
                .check_change(at("2026-11-24T09:00:00Z"), now)
                .is_some()
        );
        assert!(
            settings
                .check_change(at("2026-11-24T11:00:00Z"), now)
                .is_none()
        );
        let times = settings.reminder_times(at("2026-11-24T12:00:00Z"), now);
        assert_eq!(times, [(MessageChannel::Sms, at("2026-11-23T12:00:00Z"))]);
    }
}
