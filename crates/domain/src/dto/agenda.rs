//! The agenda: appointment types, availability, free slots and bookings, agenda views and the
//! day's home, workshops with registrations, attendance and feedback, messages, calendar feeds.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accompaniment::Theme;
use crate::agenda::{
    AgendaSettings, AppointmentMode, AppointmentStatus, Attendance, EventKind, FeedbackSummary,
    FollowUpIntensity, FreeSlot, MessageChannel, MessageKind, MessageStatus, OpeningException,
    RegistrationStatus, WeeklyOpening, WorkshopFeedback,
};
use crate::dto::{PartnerRef, PersonRef};
use crate::ids::{
    AccountId, AppointmentTypeId, EventId, MessageId, PartnerId, SiteId, WorkshopId, YouthId,
};

// ------------------------------------------------------------- types and settings

/// A kind of appointment the Mission Locale offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentType {
    /// The type.
    pub id: AppointmentTypeId,
    /// Its name ("Entretien de suivi").
    pub label: String,
    /// On site, phone or video.
    pub mode: AppointmentMode,
    /// Length in minutes.
    pub minutes: u32,
    /// A first reception: booked with the reception team, before any counsellor is named.
    pub first_reception: bool,
    /// Young people may book it themselves (otherwise staff only).
    pub youth_bookable: bool,
    /// Offered now.
    pub active: bool,
}

/// Creates or changes an appointment type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentTypeInput {
    /// Its name.
    #[serde(default)]
    pub label: String,
    /// On site, phone or video.
    #[serde(default)]
    pub mode: Option<AppointmentMode>,
    /// Length in minutes (15 to 240, by 15).
    #[serde(default)]
    pub minutes: Option<u32>,
    /// A first reception.
    #[serde(default)]
    pub first_reception: bool,
    /// Young people may book it.
    #[serde(default)]
    pub youth_bookable: bool,
    /// Offered now (default yes).
    #[serde(default)]
    pub active: Option<bool>,
}

/// The agenda settings of the caller's Mission Locale with its appointment types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaSetup {
    /// Booking window, deadlines and reminders.
    pub settings: AgendaSettings,
    /// The appointment types, in display order.
    pub appointment_types: Vec<AppointmentType>,
}

/// A staff member's opening hours and exceptions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    /// Weekly windows (Paris time).
    #[serde(default)]
    pub weekly: Vec<WeeklyOpening>,
    /// Days that differ from the week.
    #[serde(default)]
    pub exceptions: Vec<OpeningException>,
}

/// Whose availability or agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AgendaQuery {
    /// A staff member of the caller's Mission Locale (default: the caller).
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// First day (Paris; default: this week's Monday).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Number of days (1 to 42; default 7).
    #[serde(default)]
    pub days: Option<u32>,
}

// ------------------------------------------------------------- events

/// A young person named on an agenda entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthRef {
    /// The file.
    pub id: YouthId,
    /// "Prénom Nom".
    pub name: String,
}

/// One entry of an agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaEvent {
    /// The entry (for a workshop: the workshop's id).
    pub id: EventId,
    /// What it is.
    pub kind: EventKind,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Its title ("Entretien de suivi — Yanis Belkacem", "Réunion d'équipe").
    pub title: String,
    /// Whose agenda (the counsellor, the facilitator).
    pub owner: PersonRef,
    /// Where.
    pub site_id: Option<SiteId>,
    /// The site's name.
    pub site_name: Option<String>,
    /// The young person, for an appointment or a workshop seat.
    pub youth: Option<YouthRef>,
    /// The partner, for an appointment with a partner.
    pub partner: Option<PartnerRef>,
    /// The appointment type.
    pub appointment_type_id: Option<AppointmentTypeId>,
    /// On site, phone or video.
    pub mode: Option<AppointmentMode>,
    /// Planned, present, absent, excused, cancelled.
    pub status: AppointmentStatus,
    /// Booked by the young person themselves.
    pub booked_by_youth: bool,
    /// When the young person confirmed they will come.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Notes (staff only).
    pub note: String,
    /// For a workshop: its id.
    pub workshop_id: Option<WorkshopId>,
}

/// An agenda over some days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaView {
    /// Whose agenda (none for a site view).
    pub owner: Option<PersonRef>,
    /// First day (Paris).
    pub from: NaiveDate,
    /// Last day (Paris), included.
    pub to: NaiveDate,
    /// The entries, by start.
    pub events: Vec<AgendaEvent>,
}

/// Adds an entry to an agenda: the caller's or, for a manager or an appointment, a colleague's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEvent {
    /// What it is (not `atelier`: workshops have their own resource).
    #[serde(default)]
    pub kind: Option<EventKind>,
    /// Whose agenda (default: the caller).
    #[serde(default)]
    pub owner_id: Option<AccountId>,
    /// Start (on the quarter hour).
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// End (default: start plus the appointment type's length).
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// Title (default: from the kind and the people).
    #[serde(default)]
    pub title: String,
    /// Notes.
    #[serde(default)]
    pub note: String,
    /// Where.
    #[serde(default)]
    pub site_id: Option<SiteId>,
    /// For an appointment with a young person.
    #[serde(default)]
    pub youth_id: Option<YouthId>,
    /// For an appointment with a partner (C13), or a partner present at a young person's one.
    #[serde(default)]
    pub partner_id: Option<PartnerId>,
    /// The appointment type.
    #[serde(default)]
    pub appointment_type_id: Option<AppointmentTypeId>,
}

/// Moves an entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveEvent {
    /// New start.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// New end (default: same length).
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
}

/// Cancels an entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelEvent {
    /// Why (optional).
    #[serde(default)]
    pub reason: String,
}

/// Records how an appointment went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventAttendance {
    /// Present, absent or excused.
    #[serde(default)]
    pub status: Option<AppointmentStatus>,
}

/// The day and the week of a staff member (E2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaHome {
    /// Today (Paris).
    pub today: NaiveDate,
    /// Today's entries.
    pub today_events: Vec<AgendaEvent>,
    /// The rest of the week's appointments and workshops.
    pub week_events: Vec<AgendaEvent>,
    /// Appointments in the next 48 hours the young person has not confirmed.
    pub unconfirmed: Vec<AgendaEvent>,
    /// Past appointments still "planned": say whether the young person came.
    pub to_record: Vec<AgendaEvent>,
    /// Young people who did not come in the last 30 days.
    pub no_shows: Vec<AgendaEvent>,
    /// Follow-up intensity the caller's young people asked for, with when they last had an appointment.
    pub intensities: Vec<IntensityRow>,
}

/// A young person's wished rhythm against their appointments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntensityRow {
    /// The young person.
    pub youth: YouthRef,
    /// Their wish.
    pub intensity: FollowUpIntensity,
    /// Their next appointment.
    pub next_appointment: Option<DateTime<Utc>>,
}

// ------------------------------------------------------------- booking

/// Which free slots to show a young person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SlotQuery {
    /// The appointment type.
    #[serde(default)]
    pub appointment_type_id: Option<AppointmentTypeId>,
    /// First day (default today).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Number of days (1 to 42; default 14).
    #[serde(default)]
    pub days: Option<u32>,
}

/// A free slot with whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostSlot {
    /// When and where.
    #[serde(flatten)]
    pub slot: FreeSlot,
    /// With whom.
    pub host: PersonRef,
    /// The site's name.
    pub site_name: Option<String>,
}

/// Free slots for one appointment type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotList {
    /// The type.
    pub appointment_type: AppointmentType,
    /// The slots, by time.
    pub slots: Vec<HostSlot>,
    /// Why there are none, when there are none.
    pub empty_reason: Option<String>,
}

/// Books an appointment for a young person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBooking {
    /// The appointment type.
    #[serde(default)]
    pub appointment_type_id: Option<AppointmentTypeId>,
    /// Start of the chosen slot.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// With whom (from the slot).
    #[serde(default)]
    pub host_id: Option<AccountId>,
    /// Where (from the slot).
    #[serde(default)]
    pub site_id: Option<SiteId>,
    /// A word for the counsellor.
    #[serde(default)]
    pub note: String,
}

/// A young person's appointments and workshops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthAgenda {
    /// Coming appointments, soonest first.
    pub upcoming: Vec<AgendaEvent>,
    /// Past and cancelled ones, newest first (at most 20).
    pub past: Vec<AgendaEvent>,
    /// Workshops they are registered to or waiting for.
    pub workshops: Vec<WorkshopSummary>,
    /// Their wished rhythm.
    pub intensity: Option<FollowUpIntensity>,
    /// Their counsellor.
    pub counsellor: Option<PersonRef>,
    /// Until when before the start they may move or cancel, in hours.
    pub change_deadline_hours: u32,
    /// Types they may book.
    pub bookable_types: Vec<AppointmentType>,
}

/// Sets the rhythm a young person wishes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntensityInput {
    /// The rhythm (none to clear).
    #[serde(default)]
    pub intensity: Option<FollowUpIntensity>,
}

// ------------------------------------------------------------- workshops

/// A workshop in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopSummary {
    /// The workshop.
    pub id: WorkshopId,
    /// Title.
    pub title: String,
    /// Theme.
    pub theme: Option<Theme>,
    /// What happens there.
    pub description: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub site_id: Option<SiteId>,
    /// The site's name.
    pub site_name: Option<String>,
    /// Who leads it.
    pub facilitator: PersonRef,
    /// The partner organisation that proposes it (a partner's event, C8).
    pub partner: Option<PartnerRef>,
    /// Seats.
    pub capacity: u32,
    /// Seats taken.
    pub seated: u32,
    /// On the waiting list.
    pub waiting: u32,
    /// Cancelled.
    pub cancelled: bool,
    /// The caller's own place, for a young person.
    pub my_status: Option<RegistrationStatus>,
    /// The caller's place on the waiting list (1 = next), for a young person.
    pub my_waiting_rank: Option<u32>,
    /// Whether the young person may still give feedback.
    pub feedback_due: bool,
}

/// One young person on a workshop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopRegistration {
    /// The young person.
    pub youth: YouthRef,
    /// Seat, waiting list or withdrawn.
    pub status: RegistrationStatus,
    /// When they registered.
    pub registered_at: DateTime<Utc>,
    /// When they got a seat from the waiting list.
    pub promoted_at: Option<DateTime<Utc>>,
    /// Presence, once taken.
    pub attendance: Option<Attendance>,
    /// Whether they answered the feedback form.
    pub gave_feedback: bool,
}

/// A workshop with its registrations and feedback (staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopDetail {
    /// The workshop.
    pub workshop: WorkshopSummary,
    /// Seats first, then the waiting list in order.
    pub registrations: Vec<WorkshopRegistration>,
    /// The feedback, summed.
    pub feedback: FeedbackSummary,
}

/// Which workshops.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WorkshopQuery {
    /// First day (default today).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Number of days (1 to 366; default 60).
    #[serde(default)]
    pub days: Option<u32>,
}

/// Creates or changes a workshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopInput {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Theme.
    #[serde(default)]
    pub theme: Option<Theme>,
    /// What happens there.
    #[serde(default)]
    pub description: String,
    /// Start (on the quarter hour).
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// End.
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// Where.
    #[serde(default)]
    pub site_id: Option<SiteId>,
    /// Seats (1 to 200).
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Who leads it (default: the caller).
    #[serde(default)]
    pub facilitator_id: Option<AccountId>,
}

/// Registers a young person to a workshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRegistration {
    /// The young person (a young person registers themselves: their own file).
    #[serde(default)]
    pub youth_id: Option<YouthId>,
    /// When the workshop is full, go on the waiting list rather than fail.
    #[serde(default)]
    pub waiting_list: bool,
}

/// Presence of the young people at a workshop (B17).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceSheet {
    /// One line per young person.
    #[serde(default)]
    pub entries: Vec<AttendanceEntry>,
}

/// One line of an attendance sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceEntry {
    /// The young person.
    pub youth_id: YouthId,
    /// Present, absent or excused.
    pub attendance: Attendance,
}

/// A young person's feedback (D16).
pub type FeedbackInput = WorkshopFeedback;

// ------------------------------------------------------------- messages and feeds

/// A message sent (or to send) to a young person, with its delivery status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// The message.
    pub id: MessageId,
    /// Confirmation, reminder…
    pub kind: MessageKind,
    /// E-mail or SMS.
    pub channel: MessageChannel,
    /// Address or number.
    pub recipient: String,
    /// Subject (e-mail) or first words.
    pub subject: String,
    /// Queued, sent, failed, cancelled.
    pub status: MessageStatus,
    /// When it goes (or went) out.
    pub scheduled_at: DateTime<Utc>,
    /// When the provider took it.
    pub sent_at: Option<DateTime<Utc>>,
    /// Attempts so far.
    pub attempts: u32,
    /// The last error, for a failed one.
    pub last_error: Option<String>,
}

/// A secret calendar address (shown once: it cannot be read back, only reset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// The `.ics` address to paste into a calendar application.
    pub url: String,
}

/// Free first-appointment slots right after a pre-registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FirstAppointmentQuery {
    /// The `booking_token` of the pre-registration receipt.
    #[serde(default)]
    pub token: String,
    /// First day (default today).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Number of days (1 to 42; default 14).
    #[serde(default)]
    pub days: Option<u32>,
}

/// Books the first appointment right after a pre-registration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstBooking {
    /// The `booking_token` of the pre-registration receipt.
    #[serde(default)]
    pub token: String,
    /// Start of the chosen slot.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// With whom (from the slot).
    #[serde(default)]
    pub host_id: Option<AccountId>,
}
