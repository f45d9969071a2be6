//! `/api/v1/youths`: young people's files.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use domain::dto::{
    InvitationSent, InviteYouth, NewYouth, Page, YouthDetail, YouthListQuery, YouthSummary,
    non_blank,
};
use domain::people::check_birth_date;
use domain::values::{EmailAddress, Invalid, PersonName, PhoneNumber};
use domain::{ErrorBody, Operation, Role, YouthId, authorize};
use storage::audit::AuditContext;
use storage::invitations::Invitee;
use storage::structures;
use storage::youths::{self, NewYouthInput};

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// The files of the caller's Mission Locale, by name; `mine=true` keeps the caller's portfolio.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(YouthListQuery),
    responses(
        (status = 200, description = "One page of files", body = Page<YouthSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not list files", body = ErrorBody),
        (status = 422, description = "Invalid page selection", body = ErrorBody)
    )
)]
#[get("/youths")]
pub async fn list_youths(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<YouthListQuery>,
) -> ApiResult<web::Json<Page<YouthSummary>>> {
    let scope = authorize(&actor, Operation::ListYouths)?;
    Ok(web::Json(
        youths::list(state.db.conn(), &scope, &query, actor.account_id, today()).await?,
    ))
}

/// Open a file. A counsellor who opens it becomes its referent.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    request_body = NewYouth,
    responses(
        (status = 201, description = "File opened", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not open files", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/youths")]
pub async fn create_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<NewYouth>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::CreateYouth)?;
    let birth_date = body
        .birth_date
        .ok_or_else(|| ApiError::field("birth_date", Invalid::REQUIRED))?;
    check_birth_date(birth_date, today()).map_err(|e| ApiError::field("birth_date", e))?;
    let input = NewYouthInput {
        first_name: PersonName::parse(&body.first_name)
            .map_err(|e| ApiError::field("first_name", e))?,
        last_name: PersonName::parse(&body.last_name)
            .map_err(|e| ApiError::field("last_name", e))?,
        birth_date,
        email: non_blank(body.email.as_deref())
            .map(EmailAddress::parse)
            .transpose()
            .map_err(|e| ApiError::field("email", e))?,
        phone: non_blank(body.phone.as_deref())
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(|e| ApiError::field("phone", e))?,
        counsellor_id: (actor.role == Role::Conseiller).then_some(actor.account_id),
    };
    let ctx = AuditContext::of(actor, client.ip);
    let youth = youths::create(&state.db, &ctx, &scope, input, today()).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/youths/{}", youth.id)))
        .json(youth))
}

/// Read a file. Every read is written to the audit log.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The file", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read files", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}")]
pub async fn get_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::ReadYouth)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        youths::read(&state.db, &ctx, &scope, id.into_inner(), today()).await?,
    ))
}

/// Invite the young person to the youth app: an activation link is e-mailed to the given
/// address, or to the file's. Inviting again replaces the previous link.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = InviteYouth,
    responses(
        (status = 201, description = "Invitation sent", body = InvitationSent),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not invite young people", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Account already active, or e-mail address used by another account", body = ErrorBody),
        (status = 422, description = "No usable e-mail address", body = ErrorBody)
    )
)]
#[post("/youths/{id}/invitation")]
pub async fn invite_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<InviteYouth>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::InviteYouth)?;
    let youth = youths::find_in_scope(state.db.conn(), &scope, id.into_inner()).await?;
    let raw_email = non_blank(body.email.as_deref())
        .or(non_blank(youth.email.as_deref()))
        .ok_or_else(|| {
            ApiError::field(
                "email",
                Invalid {
                    code: "required",
                    message: "Indiquez l'adresse e-mail du jeune pour lui envoyer l'invitation.",
                },
            )
        })?;
    let email = EmailAddress::parse(raw_email).map_err(|e| ApiError::field("email", e))?;
    let invitee = Invitee {
        email: email.clone(),
        first_name: PersonName::parse(&youth.first_name)
            .map_err(|e| ApiError::field("first_name", e))?,
        last_name: PersonName::parse(&youth.last_name)
            .map_err(|e| ApiError::field("last_name", e))?,
        role: Role::Jeune,
        structure_id: domain::StructureId(youth.structure_id),
        youth_id: Some(YouthId(youth.id)),
        partner_id: None,
    };
    let structure = structures::reference(state.db.conn(), scope.structure_id()).await?;
    let ctx = AuditContext::of(actor, client.ip);
    let (_, expires_at) = service::invite(&state, &ctx, invitee, &structure.name).await?;
    Ok(HttpResponse::Created().json(InvitationSent {
        email: email.to_string(),
        expires_at,
    }))
}
