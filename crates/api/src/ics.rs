//! iCalendar (`.ics`) documents: the secret feeds of staff and young people, and the
//! attachment of booking confirmations. Built with the `icalendar` crate.

use domain::agenda::AppointmentStatus;
use domain::dto::AgendaEvent;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

/// A calendar of `events` named `name`.
pub fn calendar(name: &str, events: &[AgendaEvent]) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for e in events {
        let mut event = Event::new();
        event
            .uid(&format!("{}@passerelle", e.id))
            .summary(&e.title)
            .starts(e.starts_at)
            .ends(e.ends_at);
        let with = format!("Avec {}", e.owner.full_name());
        event.description(&with);
        if let Some(site) = &e.site_name {
            event.location(site);
        } else if let Some(mode) = e.mode {
            event.location(mode.label());
        }
        if e.status == AppointmentStatus::Annule {
            event.status(EventStatus::Cancelled);
        } else {
            event.status(EventStatus::Confirmed);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::agenda::EventKind;
    use domain::dto::PersonRef;

    #[test]
    fn an_event_becomes_a_vevent_in_utc() {
        let event = AgendaEvent {
            id: domain::EventId(uuid::Uuid::from_u128(7)),
            kind: EventKind::RendezVousJeune,
            starts_at: "2026-11-24T09:00:00Z".parse().unwrap(),
            ends_at: "2026-11-24T09:30:00Z".parse().unwrap(),
            title: "Entretien de suivi".to_owned(),
            owner: PersonRef {
                id: domain::AccountId(uuid::Uuid::from_u128(1)),
                first_name: "Camille".to_owned(),
                last_name: "Dupont".to_owned(),
            },
            site_id: None,
            site_name: Some("Antenne Centre".to_owned()),
            youth: None,
            partner: None,
            appointment_type_id: None,
            mode: None,
            status: AppointmentStatus::Planifie,
            booked_by_youth: true,
            confirmed_at: None,
            note: String::new(),
            workshop_id: None,
        };
        let text = calendar("Mes rendez-vous", &[event]);
        assert!(text.contains("BEGIN:VEVENT"));
        assert!(text.contains("DTSTART:20261124T090000Z"));
        assert!(text.contains("SUMMARY:Entretien de suivi"));
        assert!(text.contains("LOCATION:Antenne Centre"));
        assert!(text.contains("UID:00000000-0000-0000-0000-000000000007@passerelle"));
    }
}
