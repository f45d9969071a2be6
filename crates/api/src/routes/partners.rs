//! `/api/v1/partners`: partner organisations and their portal users.

use actix_web::{HttpResponse, get, post, put, web};
use domain::Scope;
use domain::dto::{
    AccountStatus, Exchange, InvitePartnerUser, LetterQuery, NewExchange, Page, PageQuery,
    PartnerAttendanceSheet, PartnerDetail, PartnerEvent, PartnerEventInput,
    PartnerEventRegistration, PartnerFilter, PartnerInput, PartnerStatusChange, PartnerSummary,
    PartnerUser,
};
use domain::offers::LetterKind;
use domain::values::{EmailAddress, PersonName};
use domain::{AccountId, ErrorBody, Operation, PartnerId, Role, WorkshopId, authorize};
use storage::audit::AuditContext;
use storage::invitations::Invitee;
use storage::{partners, structures};

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The partner organisations of the caller's Mission Locale, by name, filtered by kind, theme,
/// form of partnership, status (default active) and sponsor (C1, C11).
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(PartnerFilter, PageQuery),
    responses(
        (status = 200, description = "One page of partners", body = Page<PartnerSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not list partners", body = ErrorBody),
        (status = 422, description = "Invalid page selection", body = ErrorBody)
    )
)]
#[get("/partners")]
pub async fn list_partners(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(filter): ApiQuery<PartnerFilter>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<PartnerSummary>>> {
    let scope = authorize(&actor, Operation::ListPartners)?;
    Ok(web::Json(
        partners::list(state.db.conn(), &scope, &filter, &page).await?,
    ))
}

/// A partner organisation with its users; a partner user sees only their own.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    responses(
        (status = 200, description = "The organisation", body = PartnerDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read partners", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}")]
pub async fn get_partner(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<PartnerId>,
) -> ApiResult<web::Json<PartnerDetail>> {
    let scope = authorize(&actor, Operation::ReadPartner)?;
    Ok(web::Json(
        partners::detail(state.db.conn(), &scope, id.into_inner()).await?,
    ))
}

/// Invite a user of a partner organisation to the partner portal.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    request_body = InvitePartnerUser,
    responses(
        (status = 201, description = "Invitation sent", body = PartnerUser),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not invite partner users", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "E-mail address already used", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/partners/{id}/invitations")]
pub async fn invite_partner_user(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<PartnerId>,
    ApiJson(body): ApiJson<InvitePartnerUser>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::InvitePartnerUser)?;
    let partner = partners::find_in_scope(state.db.conn(), &scope, id.into_inner()).await?;
    let invitee = Invitee {
        email: EmailAddress::parse(&body.email).map_err(|e| ApiError::field("email", e))?,
        first_name: PersonName::parse(&body.first_name)
            .map_err(|e| ApiError::field("first_name", e))?,
        last_name: PersonName::parse(&body.last_name)
            .map_err(|e| ApiError::field("last_name", e))?,
        role: Role::Partenaire,
        structure_id: domain::StructureId(partner.structure_id),
        youth_id: None,
        partner_id: Some(PartnerId(partner.id)),
    };
    let structure = structures::reference(state.db.conn(), scope.structure_id()).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let (account, _) = service::invite(&state, &ctx, invitee, &structure.name).await?;
    Ok(HttpResponse::Created().json(PartnerUser {
        id: AccountId(account.id),
        first_name: account.first_name,
        last_name: account.last_name,
        email: account.email,
        status: AccountStatus::Invited,
    }))
}

/// The organisation's appointments with the Mission Locale (C13), a month back and six months
/// ahead: staff see any partner's, a partner user their own.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    responses(
        (status = 200, description = "The appointments", body = Vec<domain::dto::AgendaEvent>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read partners", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}/appointments")]
pub async fn list_partner_appointments(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<PartnerId>,
) -> ApiResult<web::Json<Vec<domain::dto::AgendaEvent>>> {
    let scope = authorize(&actor, Operation::ReadPartner)?;
    Ok(web::Json(
        storage::agenda::events::of_partner(&state.db, &scope, id.into_inner(), chrono::Utc::now())
            .await?,
    ))
}

fn checked(input: &PartnerInput) -> ApiResult<()> {
    let errors = input.check();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Add an organisation to the directory (C1, C2, C11). The address is geocoded; when the
/// geocoding service is down the record is saved without its point and located later.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    request_body = PartnerInput,
    responses(
        (status = 201, description = "Added", body = PartnerDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not add partners", body = ErrorBody),
        (status = 422, description = "Invalid fields (SIRET, address…)", body = ErrorBody)
    )
)]
#[post("/partners")]
pub async fn create_partner(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<PartnerInput>,
) -> ApiResult<HttpResponse> {
    let Scope::Structure(structure_id) = authorize(&actor, Operation::ManagePartners)? else {
        return Err(ApiError::Forbidden);
    };
    checked(&body)?;
    let located = crate::places::locate(&state, &body.address).await;
    let ctx = AuditContext::of(actor, client.ip);
    let detail = partners::create(&state.db, &ctx, structure_id, &body, &located).await?;
    state.wake_jobs();
    Ok(HttpResponse::Created().json(detail))
}

/// Update an organisation's record; a partner user updates their own (C7) but not the sponsor
/// flag nor the status.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    request_body = PartnerInput,
    responses(
        (status = 200, description = "Updated", body = PartnerDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change partners", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[put("/partners/{id}")]
pub async fn update_partner(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<PartnerId>,
    ApiJson(body): ApiJson<PartnerInput>,
) -> ApiResult<web::Json<PartnerDetail>> {
    let scope = authorize(&actor, Operation::ManagePartners)?;
    checked(&body)?;
    let located = crate::places::locate(&state, &body.address).await;
    let ctx = AuditContext::of(actor, client.ip);
    let detail =
        partners::update(&state.db, &ctx, &scope, id.into_inner(), &body, &located).await?;
    state.wake_jobs();
    Ok(web::Json(detail))
}

/// Archive, end or reactivate a partnership, with a comment (C12).
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    request_body = PartnerStatusChange,
    responses(
        (status = 200, description = "Status changed", body = PartnerDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change a partnership's status", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 422, description = "Status or comment missing", body = ErrorBody)
    )
)]
#[post("/partners/{id}/status")]
pub async fn change_partner_status(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<PartnerId>,
    ApiJson(body): ApiJson<PartnerStatusChange>,
) -> ApiResult<web::Json<PartnerDetail>> {
    let scope @ Scope::Structure(_) = authorize(&actor, Operation::ManagePartners)? else {
        return Err(ApiError::Forbidden);
    };
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        partners::set_status(&state.db, &ctx, &scope, id.into_inner(), &body).await?,
    ))
}

/// The history of exchanges with an organisation, newest first (C5).
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    responses(
        (status = 200, description = "The exchanges", body = Vec<Exchange>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the history", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}/exchanges")]
pub async fn list_partner_exchanges(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<PartnerId>,
) -> ApiResult<web::Json<Vec<Exchange>>> {
    let scope = authorize(&actor, Operation::RecordExchanges)?;
    Ok(web::Json(
        partners::exchanges(state.db.conn(), &scope, id.into_inner()).await?,
    ))
}

/// Record an exchange with an organisation: how, about what, what was said (C5).
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    request_body = NewExchange,
    responses(
        (status = 201, description = "Recorded", body = Exchange),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not record exchanges", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/partners/{id}/exchanges")]
pub async fn record_partner_exchange(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<PartnerId>,
    ApiJson(body): ApiJson<NewExchange>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::RecordExchanges)?;
    let today = crate::routes::diagnostics::today();
    let exchange =
        partners::add_exchange(&state.db, &actor, &scope, id.into_inner(), &body, today).await?;
    Ok(HttpResponse::Created().json(exchange))
}

/// A letter generated from the organisation's record, as PDF (C6): `invitation` (to an event
/// or a meeting) or `convention` (the cover letter of a partnership agreement).
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(
        ("id" = PartnerId, Path, description = "The organisation"),
        ("kind" = LetterKind, Path, description = "`invitation` or `convention`"),
        LetterQuery
    ),
    responses(
        (status = 200, description = "The letter", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not generate letters", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}/letters/{kind}")]
pub async fn partner_letter(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(PartnerId, LetterKind)>,
    ApiQuery(query): ApiQuery<LetterQuery>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::GenerateLetters)?;
    let (id, kind) = path.into_inner();
    let data = crate::places::letter_data(&state, &actor, &scope, id, &query).await?;
    let pdf = crate::letters::render_letter(kind, &data)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{}.pdf\"", kind.code()),
        ))
        .body(pdf))
}

/// The organisation's events with their registrations (C8); staff see any partner's, a partner
/// user their own.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    responses(
        (status = 200, description = "The events, soonest first", body = Vec<PartnerEvent>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read partners", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}/events")]
pub async fn list_partner_events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<PartnerId>,
) -> ApiResult<web::Json<Vec<PartnerEvent>>> {
    let scope = authorize(&actor, Operation::ReadPartner)?;
    let partner = partners::find_in_scope(state.db.conn(), &scope, id.into_inner()).await?;
    Ok(web::Json(
        storage::agenda::workshops::partner_events(
            state.db.conn(),
            scope.structure_id(),
            PartnerId(partner.id),
        )
        .await?,
    ))
}

/// Organise an event (C8): young people register to it like to any workshop of the Mission
/// Locale. A partner user organises their own; staff may do it on a partner's behalf.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The organisation")),
    request_body = PartnerEventInput,
    responses(
        (status = 201, description = "Created", body = PartnerEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not organise events", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/partners/{id}/events")]
pub async fn create_partner_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<PartnerId>,
    ApiJson(body): ApiJson<PartnerEventInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let partner = partners::find_in_scope(state.db.conn(), &scope, id.into_inner()).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = storage::agenda::workshops::save_partner_event(
        &state.db,
        &ctx,
        &actor,
        PartnerId(partner.id),
        None,
        body,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(event))
}

/// Change one of the organisation's events (C8): title, description, times, seats. Seats never
/// drop below the young people registered; more seats go to the waiting list in order; a new
/// time sends the registered young people a new confirmation.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(
        ("id" = PartnerId, Path, description = "The organisation"),
        ("event_id" = WorkshopId, Path, description = "The event")
    ),
    request_body = PartnerEventInput,
    responses(
        (status = 200, description = "Saved", body = PartnerEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not organise events", body = ErrorBody),
        (status = 404, description = "Unknown, or not one of this organisation's events the caller may change", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[put("/partners/{id}/events/{event_id}")]
pub async fn update_partner_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(PartnerId, WorkshopId)>,
    ApiJson(body): ApiJson<PartnerEventInput>,
) -> ApiResult<web::Json<PartnerEvent>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let (id, event_id) = path.into_inner();
    let partner = partners::find_in_scope(state.db.conn(), &scope, id).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = storage::agenda::workshops::save_partner_event(
        &state.db,
        &ctx,
        &actor,
        PartnerId(partner.id),
        Some(event_id),
        body,
        chrono::Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// Cancel one of the organisation's events (C8): the registered young people are told by
/// e-mail, as for any workshop, and their reminders stop.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(
        ("id" = PartnerId, Path, description = "The organisation"),
        ("event_id" = WorkshopId, Path, description = "The event")
    ),
    responses(
        (status = 200, description = "Cancelled", body = PartnerEvent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not organise events", body = ErrorBody),
        (status = 404, description = "Unknown, or not one of this organisation's events the caller may change", body = ErrorBody),
        (status = 409, description = "Already cancelled", body = ErrorBody)
    )
)]
#[post("/partners/{id}/events/{event_id}/cancel")]
pub async fn cancel_partner_event(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(PartnerId, WorkshopId)>,
) -> ApiResult<web::Json<PartnerEvent>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let (id, event_id) = path.into_inner();
    let partner = partners::find_in_scope(state.db.conn(), &scope, id).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let event = storage::agenda::workshops::cancel_partner_event(
        &state.db,
        &ctx,
        scope.structure_id(),
        PartnerId(partner.id),
        event_id,
        chrono::Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(event))
}

/// The young people registered to one of the organisation's events (C8), seats by name then
/// the waiting list in order, with the least the organiser needs: names, place, attendance
/// (no file, age or contact). Every young person seen is recorded in the audit log.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(
        ("id" = PartnerId, Path, description = "The organisation"),
        ("event_id" = WorkshopId, Path, description = "The event")
    ),
    responses(
        (status = 200, description = "The registrations", body = Vec<PartnerEventRegistration>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not organise events", body = ErrorBody),
        (status = 404, description = "Unknown, or not one of this organisation's events the caller may see", body = ErrorBody)
    )
)]
#[get("/partners/{id}/events/{event_id}/registrations")]
pub async fn list_partner_event_registrations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(PartnerId, WorkshopId)>,
) -> ApiResult<web::Json<Vec<PartnerEventRegistration>>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let (id, event_id) = path.into_inner();
    let partner = partners::find_in_scope(state.db.conn(), &scope, id).await?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        storage::agenda::workshops::partner_event_registrations(
            &state.db,
            &ctx,
            scope.structure_id(),
            PartnerId(partner.id),
            event_id,
        )
        .await?,
    ))
}

/// Take the attendance at one of the organisation's events (C8, B17): present, absent or
/// excused for each registration with a seat, from 30 minutes before the start; those present
/// are asked for their feedback. Answers the registrations.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(
        ("id" = PartnerId, Path, description = "The organisation"),
        ("event_id" = WorkshopId, Path, description = "The event")
    ),
    request_body = PartnerAttendanceSheet,
    responses(
        (status = 200, description = "Recorded", body = Vec<PartnerEventRegistration>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not organise events", body = ErrorBody),
        (status = 404, description = "Unknown, or not one of this organisation's events the caller may change", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
        (status = 422, description = "Too early, or a registration without a seat", body = ErrorBody)
    )
)]
#[post("/partners/{id}/events/{event_id}/attendance")]
pub async fn take_partner_event_attendance(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(PartnerId, WorkshopId)>,
    ApiJson(body): ApiJson<PartnerAttendanceSheet>,
) -> ApiResult<web::Json<Vec<PartnerEventRegistration>>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let (id, event_id) = path.into_inner();
    let partner = partners::find_in_scope(state.db.conn(), &scope, id).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let list = storage::agenda::workshops::take_partner_event_attendance(
        &state.db,
        &ctx,
        scope.structure_id(),
        PartnerId(partner.id),
        event_id,
        body,
        chrono::Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(list))
}
