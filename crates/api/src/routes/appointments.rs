//! `/api/v1/youths/{id}/appointments…`: a young person's appointments, booked by themselves
//! ("like Doctolib") or by staff; free slots; the wished rhythm; messages sent to them; their
//! calendar feed.

use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::Utc;
use domain::dto::{
    AgendaEvent, CalendarFeed, CancelEvent, FirstAppointmentQuery, FirstBooking, IntensityInput,
    MessageView, MoveEvent, NewBooking, SlotList, SlotQuery, YouthAgenda,
};
use domain::{ErrorBody, EventId, Operation, Role, YouthId, authorize};
use storage::agenda::{booking, feeds, messages};
use storage::audit::AuditContext;

use super::agenda::feed_url;
use crate::auth::tokens;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The young person's appointments (coming and past), workshops, rhythm and the types they may
/// book; audited.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The young person's agenda", body = YouthAgenda),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not see appointments", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/appointments")]
pub async fn list_appointments(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<YouthAgenda>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        booking::youth_agenda(&state.db, &ctx, &scope, id.into_inner(), Utc::now()).await?,
    ))
}

/// Free slots for an appointment type: the young person's counsellor, or the reception team
/// for a first reception; for a young person, within the booking window of their Mission Locale.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), SlotQuery),
    responses(
        (status = 200, description = "Free slots", body = SlotList),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 422, description = "Unknown type, or one not bookable online", body = ErrorBody)
    )
)]
#[get("/youths/{id}/slots")]
pub async fn list_free_slots(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<YouthId>,
    ApiQuery(query): ApiQuery<SlotQuery>,
) -> ApiResult<web::Json<SlotList>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    Ok(web::Json(
        booking::slots(
            &state.db,
            &scope,
            actor.role == Role::Jeune,
            id.into_inner(),
            &query,
            Utc::now(),
        )
        .await?,
    ))
}

/// Books a free slot. Two people on the same slot at the same instant get one booking and one
/// 409 `slot_taken`; a slot in the past, outside opening hours or beyond the booking window is
/// a 422 naming `starts_at`; another counsellor than one's own is a 422 naming `host_id`.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = NewBooking,
    responses(
        (status = 201, description = "Booked", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "The slot was just taken", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/appointments")]
pub async fn book_appointment(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<NewBooking>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = booking::book(
        &state.db,
        &ctx,
        &scope,
        &actor,
        id.into_inner(),
        body,
        Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(HttpResponse::Created().json(event))
}

/// Moves an appointment to another free slot of the same person (a young person: up to the
/// deadline their Mission Locale sets).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("event_id" = EventId, Path, description = "The appointment")),
    request_body = MoveEvent,
    responses(
        (status = 200, description = "Moved", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "The slot was just taken, or the appointment is over", body = ErrorBody),
        (status = 422, description = "Past the deadline, or an invalid slot", body = ErrorBody)
    )
)]
#[patch("/youths/{id}/appointments/{event_id}")]
pub async fn move_appointment(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, EventId)>,
    ApiJson(body): ApiJson<MoveEvent>,
) -> ApiResult<web::Json<AgendaEvent>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, event_id) = path.into_inner();
    let event = booking::move_booking(
        &state.db,
        &ctx,
        &scope,
        &actor,
        (id, event_id),
        body.starts_at,
        Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// Cancels an appointment (a young person: up to the deadline).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("event_id" = EventId, Path, description = "The appointment")),
    request_body = CancelEvent,
    responses(
        (status = 200, description = "Cancelled", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Already cancelled or over", body = ErrorBody),
        (status = 422, description = "Past the deadline", body = ErrorBody)
    )
)]
#[post("/youths/{id}/appointments/{event_id}/cancel")]
pub async fn cancel_appointment(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, EventId)>,
    ApiJson(body): ApiJson<CancelEvent>,
) -> ApiResult<web::Json<AgendaEvent>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, event_id) = path.into_inner();
    let event = booking::cancel_booking(
        &state.db,
        &ctx,
        &scope,
        &actor,
        (id, event_id),
        &body.reason,
        Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// The young person confirms they will come.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("event_id" = EventId, Path, description = "The appointment")),
    responses(
        (status = 200, description = "Confirmed", body = AgendaEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Cancelled or over", body = ErrorBody)
    )
)]
#[post("/youths/{id}/appointments/{event_id}/confirm")]
pub async fn confirm_appointment(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, EventId)>,
) -> ApiResult<web::Json<AgendaEvent>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, event_id) = path.into_inner();
    Ok(web::Json(
        booking::confirm(&state.db, &ctx, &scope, id, event_id, Utc::now()).await?,
    ))
}

/// Sets the follow-up rhythm the young person wishes (F2); the counsellor sees it on their home.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = IntensityInput,
    responses(
        (status = 200, description = "Saved", body = IntensityInput),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not book", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[put("/youths/{id}/follow-up-intensity")]
pub async fn update_follow_up_intensity(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<IntensityInput>,
) -> ApiResult<web::Json<IntensityInput>> {
    let scope = authorize(&actor, Operation::BookAppointment)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        booking::set_intensity(&state.db, &ctx, &scope, id.into_inner(), body).await?,
    ))
}

/// Messages sent (or to send) to the young person, with their delivery status; audited.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The messages, newest first", body = Vec<MessageView>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not see messages", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/messages")]
pub async fn list_youth_messages(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<MessageView>>> {
    let scope = authorize(&actor, Operation::ReadMessages)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        messages::list(&state.db, &ctx, &scope, id.into_inner()).await?,
    ))
}

/// A new secret address of the young person's calendar; the previous one stops working.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The address (shown once)", body = CalendarFeed),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage calendar addresses", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[post("/youths/{id}/calendar-feed")]
pub async fn reset_youth_feed(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<CalendarFeed>> {
    let scope = authorize(&actor, Operation::ManageCalendarFeed)?;
    let token = tokens::generate();
    feeds::reset_for_youth(&state.db, &scope, id.into_inner(), tokens::hash(&token)).await?;
    Ok(web::Json(feed_url(&state, &token)))
}

/// Free first-appointment slots of the reception team, right after a pre-registration (public:
/// the receipt's `booking_token` is the secret).
#[utoipa::path(
    tag = "agenda",
    params(FirstAppointmentQuery),
    responses(
        (status = 200, description = "Free slots", body = SlotList),
        (status = 404, description = "Unknown token", body = ErrorBody),
        (status = 409, description = "No first appointment online at this Mission Locale", body = ErrorBody)
    )
)]
#[get("/public/first-appointment/slots")]
pub async fn list_first_appointment_slots(
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<FirstAppointmentQuery>,
) -> ApiResult<web::Json<SlotList>> {
    Ok(web::Json(
        booking::first_slots(
            &state.db,
            &tokens::hash(&query.token),
            query.from,
            query.days.unwrap_or(14),
            Utc::now(),
        )
        .await?,
    ))
}

/// Books the first appointment right after a pre-registration (one at a time); it joins the
/// file when reception opens it. 409 `slot_taken` when the slot was just taken.
#[utoipa::path(
    tag = "agenda",
    request_body = FirstBooking,
    responses(
        (status = 201, description = "Booked", body = AgendaEvent),
        (status = 404, description = "Unknown token", body = ErrorBody),
        (status = 409, description = "Slot taken, or a first appointment already booked", body = ErrorBody),
        (status = 422, description = "Invalid slot", body = ErrorBody)
    )
)]
#[post("/public/first-appointment")]
pub async fn book_first_appointment(
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<FirstBooking>,
) -> ApiResult<HttpResponse> {
    let event = booking::book_first(
        &state.db,
        &tokens::hash(&body.token),
        NewBooking {
            appointment_type_id: None,
            starts_at: body.starts_at,
            host_id: body.host_id,
            site_id: None,
            note: String::new(),
        },
        Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(HttpResponse::Created().json(event))
}
