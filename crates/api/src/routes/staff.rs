//! `/api/v1/staff`: the team of the caller's Mission Locale.

use actix_web::{HttpResponse, get, post, web};
use domain::dto::{AccountStatus, NewStaffMember, Page, PageQuery, StaffMember};
use domain::values::{EmailAddress, PersonName};
use domain::{AccountId, ErrorBody, Operation, authorize};
use storage::audit::AuditContext;
use storage::invitations::Invitee;
use storage::{accounts, structures};

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The staff of the caller's Mission Locale, by name.
#[utoipa::path(
    tag = "staff",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of staff members", body = Page<StaffMember>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Not a staff member", body = ErrorBody),
        (status = 422, description = "Invalid page selection", body = ErrorBody)
    )
)]
#[get("/staff")]
pub async fn list_staff(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<StaffMember>>> {
    let scope = authorize(&actor, Operation::ListStaff)?;
    Ok(web::Json(
        accounts::list_staff(state.db.conn(), &scope, &page).await?,
    ))
}

/// Invite a new staff member (direction and administrators): the account is created and an
/// activation link is e-mailed.
#[utoipa::path(
    tag = "staff",
    security(("bearer" = [])),
    request_body = NewStaffMember,
    responses(
        (status = 201, description = "Invitation sent", body = StaffMember),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not invite staff", body = ErrorBody),
        (status = 409, description = "E-mail address already used", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/staff")]
pub async fn invite_staff_member(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<NewStaffMember>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::InviteStaff)?;
    let role = body.role.filter(|r| r.is_staff()).ok_or_else(|| {
        ApiError::field(
            "role",
            domain::values::Invalid {
                code: "required",
                message: "Choisissez un rôle.",
            },
        )
    })?;
    let invitee = Invitee {
        email: EmailAddress::parse(&body.email).map_err(|e| ApiError::field("email", e))?,
        first_name: PersonName::parse(&body.first_name)
            .map_err(|e| ApiError::field("first_name", e))?,
        last_name: PersonName::parse(&body.last_name)
            .map_err(|e| ApiError::field("last_name", e))?,
        role,
        structure_id: scope.structure_id(),
        youth_id: None,
        partner_id: None,
    };
    let structure = structures::reference(state.db.conn(), scope.structure_id()).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let (account, _) = service::invite(&state, &ctx, invitee, &structure.name).await?;
    Ok(HttpResponse::Created().json(StaffMember {
        id: AccountId(account.id),
        first_name: account.first_name,
        last_name: account.last_name,
        email: account.email,
        role,
        status: AccountStatus::Invited,
    }))
}
