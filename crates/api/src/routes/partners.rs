//! `/api/v1/partners`: partner organisations and their portal users.

use actix_web::{HttpResponse, get, post, web};
use domain::dto::{
    AccountStatus, InvitePartnerUser, Page, PageQuery, PartnerDetail, PartnerSummary, PartnerUser,
};
use domain::values::{EmailAddress, PersonName};
use domain::{AccountId, ErrorBody, Operation, PartnerId, Role, authorize};
use storage::audit::AuditContext;
use storage::invitations::Invitee;
use storage::{partners, structures};

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// The partner organisations of the caller's Mission Locale, by name.
#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(PageQuery),
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
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<PartnerSummary>>> {
    let scope = authorize(&actor, Operation::ListPartners)?;
    Ok(web::Json(
        partners::list(state.db.conn(), &scope, &page).await?,
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
