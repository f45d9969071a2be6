//! `/api/v1/youths/{id}/plan…`: the action plan, its objectives and actions, the young person's
//! "done", the counsellor's validation, comments and the week-by-week view.

use actix_web::{HttpResponse, get, post, put, web};
use domain::dto::{
    ActionInput, MarkActionDone, NewActionComment, Objective, ObjectiveInput, Plan, PlanAction,
    PlanWeeks, WeeksQuery,
};
use domain::{ActionId, ErrorBody, ObjectiveId, Operation, YouthId, authorize};
use storage::accompaniment::plan;
use storage::audit::AuditContext;

use super::diagnostics::today;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The action plan: objectives and actions with their comments; a young person reads their own;
/// audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The plan", body = Plan),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/plan")]
pub async fn get_plan(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Plan>> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(plan::plan(&state.db, &ctx, &scope, id).await?))
}

/// The week-by-week view (B10): what the young person, the counsellor and partners have to do
/// each week; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), WeeksQuery),
    responses(
        (status = 200, description = "The weeks", body = PlanWeeks),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/plan/weeks")]
pub async fn get_plan_weeks(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiQuery(query): ApiQuery<WeeksQuery>,
) -> ApiResult<web::Json<PlanWeeks>> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        plan::weeks(
            &state.db,
            &ctx,
            &scope,
            id,
            query.from.unwrap_or_else(today),
            query.weeks.unwrap_or(6).clamp(1, 26),
            today(),
        )
        .await?,
    ))
}

/// Adds an objective to the plan (a deadline before the start is refused).
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = ObjectiveInput,
    responses(
        (status = 201, description = "Objective added", body = Objective),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not write the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/plan/objectives")]
pub async fn create_objective(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<ObjectiveInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManagePlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created()
        .json(plan::save_objective(&state.db, &ctx, &scope, id, None, body, today()).await?))
}

/// Replaces an objective.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("objective_id" = ObjectiveId, Path, description = "The objective")),
    request_body = ObjectiveInput,
    responses(
        (status = 200, description = "Objective saved", body = Objective),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not write the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[put("/youths/{id}/plan/objectives/{objective_id}")]
pub async fn update_objective(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ObjectiveId)>,
    ApiJson(body): ApiJson<ObjectiveInput>,
) -> ApiResult<web::Json<Objective>> {
    let scope = authorize(&actor, Operation::ManagePlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, objective_id) = path.into_inner();
    Ok(web::Json(
        plan::save_objective(
            &state.db,
            &ctx,
            &scope,
            id,
            Some(objective_id),
            body,
            today(),
        )
        .await?,
    ))
}

/// Adds an action carried by the young person, the counsellor or a partner.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = ActionInput,
    responses(
        (status = 201, description = "Action added", body = PlanAction),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not write the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/plan/actions")]
pub async fn create_action(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<ActionInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManagePlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created()
        .json(plan::save_action(&state.db, &ctx, &scope, id, None, body, today()).await?))
}

/// Replaces an action; setting it done validates it.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("action_id" = ActionId, Path, description = "The action")),
    request_body = ActionInput,
    responses(
        (status = 200, description = "Action saved", body = PlanAction),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not write the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[put("/youths/{id}/plan/actions/{action_id}")]
pub async fn update_action(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ActionId)>,
    ApiJson(body): ApiJson<ActionInput>,
) -> ApiResult<web::Json<PlanAction>> {
    let scope = authorize(&actor, Operation::ManagePlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, action_id) = path.into_inner();
    Ok(web::Json(
        plan::save_action(&state.db, &ctx, &scope, id, Some(action_id), body, today()).await?,
    ))
}

/// The young person marks one of their actions done (D3); the counsellor validates it later.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("action_id" = ActionId, Path, description = "The action")),
    request_body = MarkActionDone,
    responses(
        (status = 200, description = "Marked done", body = PlanAction),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not mark actions done", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/plan/actions/{action_id}/done")]
pub async fn mark_action_done(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ActionId)>,
    ApiJson(body): ApiJson<MarkActionDone>,
) -> ApiResult<web::Json<PlanAction>> {
    let scope = authorize(&actor, Operation::MarkOwnActionDone)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, action_id) = path.into_inner();
    Ok(web::Json(
        plan::mark_done(&state.db, &ctx, &scope, id, action_id, body).await?,
    ))
}

/// The counsellor validates an action the young person marked done.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("action_id" = ActionId, Path, description = "The action")),
    responses(
        (status = 200, description = "Validated", body = PlanAction),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not validate actions", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody)
    )
)]
#[post("/youths/{id}/plan/actions/{action_id}/validate")]
pub async fn validate_action(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ActionId)>,
) -> ApiResult<web::Json<PlanAction>> {
    let scope = authorize(&actor, Operation::ManagePlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, action_id) = path.into_inner();
    Ok(web::Json(
        plan::validate(&state.db, &ctx, &scope, id, action_id).await?,
    ))
}

/// Adds a comment to an action (counsellor or the young person).
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("action_id" = ActionId, Path, description = "The action")),
    request_body = NewActionComment,
    responses(
        (status = 201, description = "Comment added", body = PlanAction),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not comment on the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/plan/actions/{action_id}/comments")]
pub async fn comment_action(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ActionId)>,
    ApiJson(body): ApiJson<NewActionComment>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::CommentOnPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, action_id) = path.into_inner();
    Ok(HttpResponse::Created()
        .json(plan::comment(&state.db, &ctx, &scope, id, action_id, body).await?))
}
