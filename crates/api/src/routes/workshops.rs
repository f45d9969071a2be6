//! `/api/v1/workshops…`: the Mission Locale's workshops, registrations with a waiting list,
//! attendance and feedback.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use domain::dto::{
    AttendanceSheet, FeedbackInput, NewRegistration, WorkshopDetail, WorkshopInput, WorkshopQuery,
    WorkshopSummary,
};
use domain::{ErrorBody, Operation, WorkshopId, YouthId, authorize};
use storage::agenda::workshops;
use storage::audit::AuditContext;

use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The workshops of the caller's Mission Locale (default: the coming 60 days); a young person
/// sees their own place on each.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(WorkshopQuery),
    responses(
        (status = 200, description = "The workshops", body = Vec<WorkshopSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not see workshops", body = ErrorBody)
    )
)]
#[get("/workshops")]
pub async fn list_workshops(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<WorkshopQuery>,
) -> ApiResult<web::Json<Vec<WorkshopSummary>>> {
    authorize(&actor, Operation::ReadWorkshops)?;
    Ok(web::Json(
        workshops::list(
            &state.db,
            &actor,
            query.from,
            query.days.unwrap_or(60),
            Utc::now(),
        )
        .await?,
    ))
}

/// Creates a workshop.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    request_body = WorkshopInput,
    responses(
        (status = 201, description = "Created", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not run workshops", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/workshops")]
pub async fn create_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<WorkshopInput>,
) -> ApiResult<HttpResponse> {
    authorize(&actor, Operation::ManageWorkshops)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(HttpResponse::Created()
        .json(workshops::save(&state.db, &ctx, &actor, None, body, Utc::now()).await?))
}

/// A workshop with its registrations (seats, then the waiting list in order) and its
/// feedback summed; audited.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    responses(
        (status = 200, description = "The workshop", body = WorkshopDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not run workshops", body = ErrorBody),
        (status = 404, description = "Unknown in the caller's Mission Locale", body = ErrorBody)
    )
)]
#[get("/workshops/{workshop_id}")]
pub async fn get_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
) -> ApiResult<web::Json<WorkshopDetail>> {
    authorize(&actor, Operation::ManageWorkshops)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        workshops::detail(&state.db, &ctx, &actor, id.into_inner(), Utc::now()).await?,
    ))
}

/// Changes a workshop; a larger capacity seats the waiting list in order, a capacity below the
/// seats taken is refused.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    request_body = WorkshopInput,
    responses(
        (status = 200, description = "Saved", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not run workshops", body = ErrorBody),
        (status = 404, description = "Unknown in the caller's Mission Locale", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[put("/workshops/{workshop_id}")]
pub async fn update_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
    ApiJson(body): ApiJson<WorkshopInput>,
) -> ApiResult<web::Json<WorkshopSummary>> {
    authorize(&actor, Operation::ManageWorkshops)?;
    let ctx = AuditContext::of(actor, client.ip);
    let saved = workshops::save(
        &state.db,
        &ctx,
        &actor,
        Some(id.into_inner()),
        body,
        Utc::now(),
    )
    .await?;
    state.wake_jobs();
    Ok(web::Json(saved))
}

/// Cancels a workshop; the registered young people are told.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    responses(
        (status = 200, description = "Cancelled", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not run workshops", body = ErrorBody),
        (status = 404, description = "Unknown in the caller's Mission Locale", body = ErrorBody),
        (status = 409, description = "Already cancelled", body = ErrorBody)
    )
)]
#[post("/workshops/{workshop_id}/cancel")]
pub async fn cancel_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
) -> ApiResult<web::Json<WorkshopSummary>> {
    authorize(&actor, Operation::ManageWorkshops)?;
    let ctx = AuditContext::of(actor, client.ip);
    let saved = workshops::cancel(&state.db, &ctx, &actor, id.into_inner(), Utc::now()).await?;
    state.wake_jobs();
    Ok(web::Json(saved))
}

/// Registers a young person (themselves, or by staff): a seat while there is one, else the
/// waiting list when `waiting_list` is true (409 `workshop_full` otherwise).
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    request_body = NewRegistration,
    responses(
        (status = 201, description = "Registered or waiting", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not register", body = ErrorBody),
        (status = 404, description = "Unknown workshop or file", body = ErrorBody),
        (status = 409, description = "Full, already registered or cancelled", body = ErrorBody),
        (status = 422, description = "Started already", body = ErrorBody)
    )
)]
#[post("/workshops/{workshop_id}/registrations")]
pub async fn register_to_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
    ApiJson(body): ApiJson<NewRegistration>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::RegisterToWorkshop)?;
    let ctx = AuditContext::of(actor, client.ip);
    let summary = workshops::register(
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
    Ok(HttpResponse::Created().json(summary))
}

/// Withdraws a young person; a freed seat goes to the first on the waiting list.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop"), ("youth_id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "Withdrawn", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not register", body = ErrorBody),
        (status = 404, description = "Not registered, or unknown", body = ErrorBody),
        (status = 422, description = "Started already", body = ErrorBody)
    )
)]
#[post("/workshops/{workshop_id}/registrations/{youth_id}/cancel")]
pub async fn unregister_from_workshop(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(WorkshopId, YouthId)>,
) -> ApiResult<web::Json<WorkshopSummary>> {
    let scope = authorize(&actor, Operation::RegisterToWorkshop)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, youth_id) = path.into_inner();
    let summary = workshops::unregister(&state.db, &ctx, &scope, id, youth_id, Utc::now()).await?;
    state.wake_jobs();
    Ok(web::Json(summary))
}

/// Takes attendance (B17): present, absent or excused for each seated young person; those
/// present are asked for their feedback.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    request_body = AttendanceSheet,
    responses(
        (status = 200, description = "Recorded", body = WorkshopDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not run workshops", body = ErrorBody),
        (status = 404, description = "Unknown in the caller's Mission Locale", body = ErrorBody),
        (status = 409, description = "Cancelled", body = ErrorBody),
        (status = 422, description = "Too early, or someone not registered", body = ErrorBody)
    )
)]
#[post("/workshops/{workshop_id}/attendance")]
pub async fn take_workshop_attendance(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
    ApiJson(body): ApiJson<AttendanceSheet>,
) -> ApiResult<web::Json<WorkshopDetail>> {
    authorize(&actor, Operation::ManageWorkshops)?;
    let ctx = AuditContext::of(actor, client.ip);
    let detail =
        workshops::take_attendance(&state.db, &ctx, &actor, id.into_inner(), body, Utc::now())
            .await?;
    state.wake_jobs();
    Ok(web::Json(detail))
}

/// The young person's feedback after the workshop (D16), once.
#[utoipa::path(
    tag = "workshops",
    security(("bearer" = [])),
    params(("workshop_id" = WorkshopId, Path, description = "The workshop")),
    request_body = FeedbackInput,
    responses(
        (status = 201, description = "Thank you", body = WorkshopSummary),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Only young people give feedback", body = ErrorBody),
        (status = 404, description = "Not registered, or unknown", body = ErrorBody),
        (status = 409, description = "Feedback already given", body = ErrorBody),
        (status = 422, description = "Not over yet, or missing answers", body = ErrorBody)
    )
)]
#[post("/workshops/{workshop_id}/feedback")]
pub async fn give_workshop_feedback(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<WorkshopId>,
    ApiJson(body): ApiJson<FeedbackInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::GiveFeedback)?;
    let ctx = AuditContext::of(actor, client.ip);
    let youth = actor.youth_id.ok_or(crate::error::ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(
        workshops::give_feedback(
            &state.db,
            &ctx,
            &scope,
            youth,
            id.into_inner(),
            body,
            Utc::now(),
        )
        .await?,
    ))
}
