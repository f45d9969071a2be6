//! `/api/v1/youths/{id}/hours…`: CEJ activities and their weekly totals; the Mission Locale's
//! default durations.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use domain::dto::{CejActivity, HourDefaults, HoursQuery, HoursView, NewActivity, ReviewActivity};
use domain::{ActivityId, ErrorBody, Operation, YouthId, authorize};
use storage::accompaniment::hours;
use storage::audit::AuditContext;

use super::diagnostics::today;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// CEJ hours per week (Monday to Sunday, Europe/Paris), newest first, each with its validated and
/// pending totals, the 15-hour flag and the activities that make the total (B4); audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), HoursQuery),
    responses(
        (status = 200, description = "The weeks", body = HoursView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read CEJ hours", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/hours")]
pub async fn get_hours(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiQuery(query): ApiQuery<HoursQuery>,
) -> ApiResult<web::Json<HoursView>> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        hours::view(
            &state.db,
            &ctx,
            &scope,
            id,
            query.until.unwrap_or_else(today),
            query.weeks.unwrap_or(8).clamp(1, 80),
        )
        .await?,
    ))
}

/// Declares an activity during a CEJ: by the young person it waits for validation, by a
/// counsellor it is validated at once. More than 0 minutes, at most 24 hours in a day.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = NewActivity,
    responses(
        (status = 201, description = "Activity declared", body = CejActivity),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not declare hours", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/hours")]
pub async fn declare_hours(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<NewActivity>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::DeclareHours)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created()
        .json(hours::declare(&state.db, &ctx, &scope, id, body, Utc::now()).await?))
}

/// The counsellor validates or refuses a declared activity, possibly correcting its duration.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("activity_id" = ActivityId, Path, description = "The activity")),
    request_body = ReviewActivity,
    responses(
        (status = 200, description = "Reviewed", body = CejActivity),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not validate hours", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/hours/{activity_id}/review")]
pub async fn review_hours(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ActivityId)>,
    ApiJson(body): ApiJson<ReviewActivity>,
) -> ApiResult<web::Json<CejActivity>> {
    let scope = authorize(&actor, Operation::ValidateHours)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, activity_id) = path.into_inner();
    Ok(web::Json(
        hours::review(&state.db, &ctx, &scope, id, activity_id, body).await?,
    ))
}

/// Sets the Mission Locale's default duration of each activity qualification (the national
/// CEJ app's defaults otherwise).
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    request_body = HourDefaults,
    responses(
        (status = 200, description = "The defaults now in force", body = HourDefaults),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change the defaults", body = ErrorBody),
        (status = 422, description = "A duration out of 0–24 hours", body = ErrorBody)
    )
)]
#[put("/structures/current/hour-defaults")]
pub async fn update_hour_defaults(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<HourDefaults>,
) -> ApiResult<web::Json<HourDefaults>> {
    let scope = authorize(&actor, Operation::ManageHourDefaults)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        hours::set_defaults(&state.db, &ctx, scope.structure_id(), body).await?,
    ))
}
