//! The agenda: staff agendas and the day's home, opening hours, young people's appointments
//! and free slots, workshops with their registrations, attendance and feedback, messages and
//! calendar feeds.
//!
//! Like `api::accompaniment`, request bodies are the domain's types (`domain::dto::agenda`)
//! and answers are JSON trees ([`Body`]) of the type each function names, read by field name
//! where they are shown.

use chrono::NaiveDate;
use domain::agenda::WeeklyOpening;
use domain::dto::{
    AttendanceSheet, CancelEvent, EventAttendance, FeedbackInput, IntensityInput, MoveEvent,
    NewBooking, NewEvent, NewRegistration, WorkshopInput,
};
use domain::{AccountId, AppointmentTypeId, EventId, SiteId, WorkshopId, YouthId};

use super::Method;
use super::accompaniment::{Body, Request, call, json};
use super::query;
use crate::session::Session;

/// `?from=…&days=…`.
fn range(from: Option<NaiveDate>, days: u32) -> String {
    query(&[
        ("from", from.map(|d| d.to_string())),
        ("days", Some(days.to_string())),
    ])
}

/// `GET /agenda?account_id=…&from=…&days=…`: a staff member's agenda (the caller's without
/// `account`): an `AgendaView`.
pub fn agenda(session: Session, account: Option<AccountId>, from: NaiveDate, days: u32) -> Request {
    let q = query(&[
        ("account_id", account.map(|a| a.to_string())),
        ("from", Some(from.to_string())),
        ("days", Some(days.to_string())),
    ]);
    call(session, Method::Get, format!("/agenda{q}"), None)
}

/// `GET /agenda/sites/{site}?from=…&days=…`: the shared agenda of a site: an `AgendaView`.
pub fn site_agenda(session: Session, site: SiteId, from: NaiveDate, days: u32) -> Request {
    let q = range(Some(from), days);
    call(
        session,
        Method::Get,
        format!("/agenda/sites/{site}{q}"),
        None,
    )
}

/// `GET /agenda/home`: the caller's day and week: an `AgendaHome`.
pub fn home(session: Session) -> Request {
    call(session, Method::Get, "/agenda/home".to_owned(), None)
}

/// `POST /agenda/events`: an `AgendaEvent` (422 `starts_at` on an overlap).
pub fn create_event(session: Session, body: &NewEvent) -> Request {
    call(
        session,
        Method::Post,
        "/agenda/events".to_owned(),
        json(body),
    )
}

/// `PATCH /agenda/events/{event}`: an `AgendaEvent`.
#[allow(
    dead_code,
    reason = "the week view cancels and records; moves go through the young person's appointments"
)]
pub fn move_event(session: Session, event: EventId, body: &MoveEvent) -> Request {
    call(
        session,
        Method::Patch,
        format!("/agenda/events/{event}"),
        json(body),
    )
}

/// `POST /agenda/events/{event}/cancel`: an `AgendaEvent`.
pub fn cancel_event(session: Session, event: EventId, body: &CancelEvent) -> Request {
    call(
        session,
        Method::Post,
        format!("/agenda/events/{event}/cancel"),
        json(body),
    )
}

/// `POST /agenda/events/{event}/attendance`: an `AgendaEvent`.
pub fn event_attendance(session: Session, event: EventId, body: &EventAttendance) -> Request {
    call(
        session,
        Method::Post,
        format!("/agenda/events/{event}/attendance"),
        json(body),
    )
}

/// `GET /agenda/availability`: the caller's opening hours: an `Availability`.
pub fn availability(session: Session) -> Request {
    call(
        session,
        Method::Get,
        "/agenda/availability".to_owned(),
        None,
    )
}

/// `PUT /agenda/availability`: the caller's weekly hours, with the exceptions as they were read
/// (an `Availability`'s `exceptions`): an `Availability`.
pub fn save_availability(session: Session, weekly: &[WeeklyOpening], exceptions: &Body) -> Request {
    let mut body = serde_json::Map::new();
    body.insert("weekly".to_owned(), json(&weekly).unwrap_or_default());
    body.insert("exceptions".to_owned(), exceptions.clone());
    call(
        session,
        Method::Put,
        "/agenda/availability".to_owned(),
        Some(Body::Object(body)),
    )
}

/// `POST /agenda/calendar-feed`: the caller's secret `.ics` address: a `CalendarFeed`.
pub fn staff_feed(session: Session) -> Request {
    call(
        session,
        Method::Post,
        "/agenda/calendar-feed".to_owned(),
        None,
    )
}

/// `GET /youths/{id}/appointments`: a `YouthAgenda`.
pub fn appointments(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/appointments"),
        None,
    )
}

/// `GET /youths/{id}/slots?appointment_type_id=…&days=14`: a `SlotList`.
pub fn slots(session: Session, id: YouthId, kind: AppointmentTypeId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/slots?appointment_type_id={kind}&days=14"),
        None,
    )
}

/// `POST /youths/{id}/appointments`: an `AgendaEvent` (409 `slot_taken`).
pub fn book(session: Session, id: YouthId, body: &NewBooking) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/appointments"),
        json(body),
    )
}

/// `PATCH /youths/{id}/appointments/{event}`: an `AgendaEvent` (409 `slot_taken`).
pub fn move_appointment(
    session: Session,
    id: YouthId,
    event: EventId,
    body: &MoveEvent,
) -> Request {
    call(
        session,
        Method::Patch,
        format!("/youths/{id}/appointments/{event}"),
        json(body),
    )
}

/// `POST /youths/{id}/appointments/{event}/cancel`: an `AgendaEvent`.
pub fn cancel_appointment(session: Session, id: YouthId, event: EventId) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/appointments/{event}/cancel"),
        json(&CancelEvent::default()),
    )
}

/// `POST /youths/{id}/appointments/{event}/confirm`: an `AgendaEvent`.
pub fn confirm_appointment(session: Session, id: YouthId, event: EventId) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/appointments/{event}/confirm"),
        None,
    )
}

/// `PUT /youths/{id}/follow-up-intensity`: an `IntensityInput`.
pub fn set_intensity(session: Session, id: YouthId, body: &IntensityInput) -> Request {
    call(
        session,
        Method::Put,
        format!("/youths/{id}/follow-up-intensity"),
        json(body),
    )
}

/// `GET /youths/{id}/messages`: `MessageView`s.
pub fn messages(session: Session, id: YouthId) -> Request {
    call(session, Method::Get, format!("/youths/{id}/messages"), None)
}

/// `POST /youths/{id}/calendar-feed`: a `CalendarFeed`.
pub fn youth_feed(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/calendar-feed"),
        None,
    )
}

/// `GET /workshops?from=…&days=…`: `WorkshopSummary`s.
pub fn workshops(session: Session, from: Option<NaiveDate>, days: u32) -> Request {
    call(
        session,
        Method::Get,
        format!("/workshops{}", range(from, days)),
        None,
    )
}

/// `POST /workshops`: a `WorkshopSummary`.
pub fn create_workshop(session: Session, body: &WorkshopInput) -> Request {
    call(session, Method::Post, "/workshops".to_owned(), json(body))
}

/// `GET /workshops/{workshop}`: a `WorkshopDetail`.
pub fn workshop(session: Session, workshop: WorkshopId) -> Request {
    call(session, Method::Get, format!("/workshops/{workshop}"), None)
}

/// `POST /workshops/{workshop}/cancel`: a `WorkshopSummary`.
pub fn cancel_workshop(session: Session, workshop: WorkshopId) -> Request {
    call(
        session,
        Method::Post,
        format!("/workshops/{workshop}/cancel"),
        None,
    )
}

/// `POST /workshops/{workshop}/registrations`: a `WorkshopSummary` (409 `workshop_full`).
pub fn register(session: Session, workshop: WorkshopId, body: &NewRegistration) -> Request {
    call(
        session,
        Method::Post,
        format!("/workshops/{workshop}/registrations"),
        json(body),
    )
}

/// `POST /workshops/{workshop}/registrations/{youth}/cancel`: a `WorkshopSummary`.
pub fn unregister(session: Session, workshop: WorkshopId, youth: YouthId) -> Request {
    call(
        session,
        Method::Post,
        format!("/workshops/{workshop}/registrations/{youth}/cancel"),
        None,
    )
}

/// `POST /workshops/{workshop}/attendance`: a `WorkshopDetail`.
pub fn take_attendance(session: Session, workshop: WorkshopId, body: &AttendanceSheet) -> Request {
    call(
        session,
        Method::Post,
        format!("/workshops/{workshop}/attendance"),
        json(body),
    )
}

/// `POST /workshops/{workshop}/feedback` (the young person).
pub fn give_feedback(session: Session, workshop: WorkshopId, body: &FeedbackInput) -> Request {
    call(
        session,
        Method::Post,
        format!("/workshops/{workshop}/feedback"),
        json(body),
    )
}

/// `GET /agenda/setup`: the booking settings and the appointment types: an `AgendaSetup`.
pub fn setup(session: Session) -> Request {
    call(session, Method::Get, "/agenda/setup".to_owned(), None)
}

/// `GET /partners?per_page=100` as a JSON tree (`Page<PartnerSummary>`), for appointments with
/// a partner (C13).
pub fn partners(session: Session) -> Request {
    call(
        session,
        Method::Get,
        "/partners?per_page=100".to_owned(),
        None,
    )
}

/// `GET /staff?per_page=100` as a JSON tree (`Page<StaffMember>`), for the agenda's choice of
/// a colleague (the team page reads it typed: `api::staff`).
pub fn staff(session: Session) -> Request {
    call(session, Method::Get, "/staff?per_page=100".to_owned(), None)
}

/// `GET /structures/{id}` as a JSON tree (`StructureDetail`), for the sites' names.
pub fn structure(session: Session, id: domain::StructureId) -> Request {
    call(session, Method::Get, format!("/structures/{id}"), None)
}

/// `GET /youths?per_page=100` as a JSON tree (`Page<YouthSummary>`), to register a young person
/// to a workshop.
pub fn portfolio(session: Session) -> Request {
    call(
        session,
        Method::Get,
        "/youths?per_page=100".to_owned(),
        None,
    )
}

/// `PUT /structures/current/agenda-settings`: the `AgendaSettings` now in force.
pub fn save_settings(session: Session, body: &domain::agenda::AgendaSettings) -> Request {
    call(
        session,
        Method::Put,
        "/structures/current/agenda-settings".to_owned(),
        json(body),
    )
}

/// `POST /agenda/appointment-types` (no `id`) or `PUT /agenda/appointment-types/{id}`.
pub fn save_type(
    session: Session,
    id: Option<AppointmentTypeId>,
    body: &domain::dto::AppointmentTypeInput,
) -> Request {
    match id {
        Some(id) => call(
            session,
            Method::Put,
            format!("/agenda/appointment-types/{id}"),
            json(body),
        ),
        None => call(
            session,
            Method::Post,
            "/agenda/appointment-types".to_owned(),
            json(body),
        ),
    }
}
