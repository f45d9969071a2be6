//! `/api/v1/audit-events`: the audit log of the caller's Mission Locale.

use actix_web::{get, web};
use domain::dto::{AuditEvent, AuditQuery, Page};
use domain::{ErrorBody, Operation, authorize};

use crate::error::ApiResult;
use crate::extract::{ApiQuery, Authenticated};
use crate::state::AppState;

/// Who did what and who read which file, newest first (direction and administrators).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of entries", body = Page<AuditEvent>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the audit log", body = ErrorBody),
        (status = 422, description = "Invalid filters", body = ErrorBody)
    )
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEvent>>> {
    let scope = authorize(&actor, Operation::ReadAuditLog)?;
    Ok(web::Json(
        storage::audit::list(state.db.conn(), &scope, &query).await?,
    ))
}
