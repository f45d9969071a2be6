//! `/api/v1/agenda…`: staff agendas (a person's, a site's), the day's home, entries of every
//! kind, opening hours, the Mission Locale's agenda settings and appointment types, and the
//! secret calendar feeds (`/api/v1/calendars/{token}.ics`).

use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::Utc;
use domain::agenda::AgendaSettings;
use domain::dto::{
    AgendaEvent, AgendaHome, AgendaQuery, AgendaSetup, AgendaView, AppointmentType,
    AppointmentTypeInput, Availability, CalendarFeed, CancelEvent, EventAttendance, MoveEvent,
    NewEvent,
};
use domain::{AppointmentTypeId, ErrorBody, EventId, Operation, SiteId, authorize};
use storage::agenda::{events, feeds, setup};
use storage::audit::AuditContext;

use super::diagnostics::today;
use crate::auth::tokens;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

fn monday() -> chrono::NaiveDate {
    domain::accompaniment::monday_of(today())
}

/// A staff member's agenda over some days (default: the caller's, this week): their entries,
/// the workshops they lead and those their young people registered to.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(AgendaQuery),
    responses(
        (status = 200, description = "The agenda", body = AgendaView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role keeps no agenda", body = ErrorBody),
        (status = 404, description = "No such staff member in the caller's Mission Locale", body = ErrorBody)
    )
)]
#[get("/agenda")]
pub async fn get_agenda(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<AgendaQuery>,
) -> ApiResult<web::Json<AgendaView>> {
    authorize(&actor, Operation::ReadAgenda)?;
    Ok(web::Json(
        events::agenda(
            &state.db,
            &actor,
            query.account_id,
            query.from.unwrap_or_else(monday),
            query.days.unwrap_or(7),
        )
        .await?,
    ))
}

/// Everything happening at a site over some days (the shared view of a site).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("site_id" = SiteId, Path, description = "The site"), AgendaQuery),
    responses(
        (status = 200, description = "The site's agenda", body = AgendaView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role keeps no agenda", body = ErrorBody),
        (status = 404, description = "No such site in the caller's Mission Locale", body = ErrorBody)
    )
)]
#[get("/agenda/sites/{site_id}")]
pub async fn get_site_agenda(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    site_id: web::Path<SiteId>,
    ApiQuery(query): ApiQuery<AgendaQuery>,
) -> ApiResult<web::Json<AgendaView>> {
    authorize(&actor, Operation::ReadAgenda)?;
    Ok(web::Json(
        events::site_agenda(
            &state.db,
            &actor,
            site_id.into_inner(),
            query.from.unwrap_or_else(monday),
            query.days.unwrap_or(7),
        )
        .await?,
    ))
}

/// The caller's day and week (E2): today's entries, the rest of the week, appointments not
/// confirmed in the next 48 hours, past ones to record, recent no-shows, wished rhythms.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The home", body = AgendaHome),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role keeps no agenda", body = ErrorBody)
    )
)]
#[get("/agenda/home")]
pub async fn get_agenda_home(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<AgendaHome>> {
    authorize(&actor, Operation::ReadAgenda)?;
    Ok(web::Json(
        events::home(&state.db, &actor, Utc::now()).await?,
    ))
}

/// Adds an entry (E1): an appointment with a young person (booked in both agendas, with
/// confirmation and reminders) or a partner (C13), administrative time, a meeting, a training
/// or an absence. Overlaps are refused.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    request_body = NewEvent,
    responses(
        (status = 201, description = "Added", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change agendas", body = ErrorBody),
        (status = 409, description = "The young person has something else then", body = ErrorBody),
        (status = 422, description = "Invalid fields or an overlap, each with a French message", body = ErrorBody)
    )
)]
#[post("/agenda/events")]
pub async fn create_agenda_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<NewEvent>,
) -> ApiResult<HttpResponse> {
    authorize(&actor, Operation::ManageAgenda)?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = events::create(&state.db, &ctx, &actor, body, Utc::now()).await?;
    state.wake_jobs();
    Ok(HttpResponse::Created().json(event))
}

/// Moves an entry; a young person's appointment gets a new confirmation and reminders.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("event_id" = EventId, Path, description = "The entry")),
    request_body = MoveEvent,
    responses(
        (status = 200, description = "Moved", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change agendas", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 409, description = "Cancelled, or the young person is busy then", body = ErrorBody),
        (status = 422, description = "Invalid fields or an overlap", body = ErrorBody)
    )
)]
#[patch("/agenda/events/{event_id}")]
pub async fn move_agenda_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<EventId>,
    ApiJson(body): ApiJson<MoveEvent>,
) -> ApiResult<web::Json<AgendaEvent>> {
    authorize(&actor, Operation::ManageAgenda)?;
    let ctx = AuditContext::of(actor, client.ip);
    let event =
        events::move_entry(&state.db, &ctx, &actor, id.into_inner(), body, Utc::now()).await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// Cancels an entry; the young person is told and reminders stop.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("event_id" = EventId, Path, description = "The entry")),
    request_body = CancelEvent,
    responses(
        (status = 200, description = "Cancelled", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change agendas", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 409, description = "Already cancelled", body = ErrorBody)
    )
)]
#[post("/agenda/events/{event_id}/cancel")]
pub async fn cancel_agenda_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<EventId>,
    ApiJson(body): ApiJson<CancelEvent>,
) -> ApiResult<web::Json<AgendaEvent>> {
    authorize(&actor, Operation::ManageAgenda)?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = events::cancel(&state.db, &ctx, &actor, id.into_inner(), body, Utc::now()).await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// Records whether the young person came (present, absent, excused).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("event_id" = EventId, Path, description = "The appointment")),
    request_body = EventAttendance,
    responses(
        (status = 200, description = "Recorded", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change agendas", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 409, description = "Cancelled, or not an appointment", body = ErrorBody),
        (status = 422, description = "Not started yet, or no status", body = ErrorBody)
    )
)]
#[post("/agenda/events/{event_id}/attendance")]
pub async fn record_event_attendance(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<EventId>,
    ApiJson(body): ApiJson<EventAttendance>,
) -> ApiResult<web::Json<AgendaEvent>> {
    authorize(&actor, Operation::ManageAgenda)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        events::record_attendance(&state.db, &ctx, &actor, id.into_inner(), body, Utc::now())
            .await?,
    ))
}

/// Opening hours and exceptions of a staff member (default: the caller).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(AgendaQuery),
    responses(
        (status = 200, description = "The availability", body = Availability),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role keeps no agenda", body = ErrorBody),
        (status = 404, description = "No such staff member", body = ErrorBody)
    )
)]
#[get("/agenda/availability")]
pub async fn get_availability(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<AgendaQuery>,
) -> ApiResult<web::Json<Availability>> {
    let scope = authorize(&actor, Operation::ReadAgenda)?;
    Ok(web::Json(
        setup::read_availability(
            &state.db,
            scope.structure_id(),
            query.account_id.unwrap_or(actor.account_id),
        )
        .await?,
    ))
}

/// Replaces opening hours and exceptions: one's own, or a colleague's for a manager.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(AgendaQuery),
    request_body = Availability,
    responses(
        (status = 200, description = "Saved", body = Availability),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change agendas", body = ErrorBody),
        (status = 404, description = "No such staff member, or not the caller's to change", body = ErrorBody),
        (status = 422, description = "Overlapping or malformed windows", body = ErrorBody)
    )
)]
#[put("/agenda/availability")]
pub async fn update_availability(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiQuery(query): ApiQuery<AgendaQuery>,
    ApiJson(body): ApiJson<Availability>,
) -> ApiResult<web::Json<Availability>> {
    authorize(&actor, Operation::ManageAgenda)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        setup::set_availability(
            &state.db,
            &ctx,
            &actor,
            query.account_id.unwrap_or(actor.account_id),
            body,
            Utc::now(),
        )
        .await?,
    ))
}

/// The Mission Locale's booking settings and appointment types (every staff member and young
/// person of it may read them).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Settings and types", body = AgendaSetup),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role has no agenda", body = ErrorBody)
    )
)]
#[get("/agenda/setup")]
pub async fn get_agenda_setup(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<AgendaSetup>> {
    let scope = authorize(&actor, Operation::ReadWorkshops)?;
    Ok(web::Json(
        setup::setup(&state.db, scope.structure_id()).await?,
    ))
}

/// Sets the booking window, the deadline to move or cancel and the reminders.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    request_body = AgendaSettings,
    responses(
        (status = 200, description = "Saved", body = AgendaSettings),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change the settings", body = ErrorBody),
        (status = 422, description = "Out of range", body = ErrorBody)
    )
)]
#[put("/structures/current/agenda-settings")]
pub async fn update_agenda_settings(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<AgendaSettings>,
) -> ApiResult<web::Json<AgendaSettings>> {
    let scope = authorize(&actor, Operation::ManageAgendaSettings)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        setup::set_settings(&state.db, &ctx, scope.structure_id(), body).await?,
    ))
}

/// Adds an appointment type.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    request_body = AppointmentTypeInput,
    responses(
        (status = 201, description = "Added", body = AppointmentType),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change the settings", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/agenda/appointment-types")]
pub async fn create_appointment_type(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<AppointmentTypeInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageAgendaSettings)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(HttpResponse::Created()
        .json(setup::save_type(&state.db, &ctx, scope.structure_id(), None, body).await?))
}

/// Changes an appointment type (its length applies to new bookings).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("type_id" = AppointmentTypeId, Path, description = "The type")),
    request_body = AppointmentTypeInput,
    responses(
        (status = 200, description = "Saved", body = AppointmentType),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change the settings", body = ErrorBody),
        (status = 404, description = "No such type", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[put("/agenda/appointment-types/{type_id}")]
pub async fn update_appointment_type(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<AppointmentTypeId>,
    ApiJson(body): ApiJson<AppointmentTypeInput>,
) -> ApiResult<web::Json<AppointmentType>> {
    let scope = authorize(&actor, Operation::ManageAgendaSettings)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        setup::save_type(
            &state.db,
            &ctx,
            scope.structure_id(),
            Some(id.into_inner()),
            body,
        )
        .await?,
    ))
}

/// A new secret address of the caller's calendar (`.ics`); the previous one stops working.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The address (shown once)", body = CalendarFeed),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role has no agenda", body = ErrorBody)
    )
)]
#[post("/agenda/calendar-feed")]
pub async fn reset_agenda_feed(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<CalendarFeed>> {
    authorize(&actor, Operation::ReadAgenda)?;
    let token = tokens::generate();
    feeds::reset_for_account(&state.db, actor.account_id, tokens::hash(&token)).await?;
    Ok(web::Json(feed_url(&state, &token)))
}

pub(crate) fn feed_url(state: &AppState, token: &str) -> CalendarFeed {
    CalendarFeed {
        url: format!(
            "{}/api/v1/calendars/{token}.ics",
            state.settings.public_url().trim_end_matches('/')
        ),
    }
}

/// A calendar feed (public: the address is the secret).
#[utoipa::path(
    tag = "agenda",
    params(("token" = String, Path, description = "The secret of the address, with `.ics`")),
    responses(
        (status = 200, description = "The calendar", content_type = "text/calendar"),
        (status = 404, description = "Unknown or reset address", body = ErrorBody)
    )
)]
#[get("/calendars/{token}")]
pub async fn get_calendar_feed(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let token = token.into_inner();
    let token = token.strip_suffix(".ics").ok_or(ApiError::NotFound)?;
    let events = feeds::events_of(&state.db, &tokens::hash(token), Utc::now())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(crate::ics::calendar("Passerelle", &events)))
}
