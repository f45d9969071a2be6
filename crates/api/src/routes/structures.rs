//! `/api/v1/structures`: a Mission Locale, its sites and covered communes.

use actix_web::{HttpResponse, get, post, put, web};
use domain::dto::{
    CoveredCommune, FileSettings, NewCoveredCommune, NewSite, SiteView, StructureDetail,
};
use domain::values::{InseeCode, PhoneNumber, PostalCode};
use domain::{ErrorBody, Operation, StructureId, authorize};
use storage::audit::AuditContext;
use storage::structures::{self, CommuneInput, SiteInput};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Authenticated, ClientInfo};
use crate::state::AppState;

/// A Mission Locale with its sites and covered communes (the caller's own only).
#[utoipa::path(
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = StructureId, Path, description = "The Mission Locale")),
    responses(
        (status = 200, description = "The Mission Locale", body = StructureDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "Unknown, or another Mission Locale", body = ErrorBody)
    )
)]
#[get("/structures/{id}")]
pub async fn get_structure(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<StructureId>,
) -> ApiResult<web::Json<StructureDetail>> {
    let scope = authorize(&actor, Operation::ReadStructure)?;
    Ok(web::Json(
        structures::detail(state.db.conn(), &scope, id.into_inner()).await?,
    ))
}

/// Add a reception site (administrators).
#[utoipa::path(
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = StructureId, Path, description = "The Mission Locale")),
    request_body = NewSite,
    responses(
        (status = 201, description = "Site added", body = SiteView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "Unknown, or another Mission Locale", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/structures/{id}/sites")]
pub async fn create_site(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<StructureId>,
    ApiJson(body): ApiJson<NewSite>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageStructure)?;
    let input = SiteInput {
        name: body.name.trim().to_owned(),
        address: body.address.trim().to_owned(),
        postal_code: PostalCode::parse(&body.postal_code)
            .map_err(|e| ApiError::field("postal_code", e))?,
        commune_name: body.commune_name.trim().to_owned(),
        commune_insee: InseeCode::parse(&body.commune_insee)
            .map_err(|e| ApiError::field("commune_insee", e))?,
        phone: domain::dto::non_blank(body.phone.as_deref())
            .map(PhoneNumber::parse)
            .transpose()
            .map_err(|e| ApiError::field("phone", e))?,
    };
    let ctx = AuditContext::of(actor, client.ip);
    let site = structures::add_site(&state.db, &ctx, &scope, id.into_inner(), input).await?;
    Ok(HttpResponse::Created().json(site))
}

/// Add a covered commune (administrators). A commune's postcode belongs to one Mission Locale.
#[utoipa::path(
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = StructureId, Path, description = "The Mission Locale")),
    request_body = NewCoveredCommune,
    responses(
        (status = 201, description = "Commune added", body = CoveredCommune),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "Unknown, or another Mission Locale", body = ErrorBody),
        (status = 409, description = "Already covered by a Mission Locale", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/structures/{id}/communes")]
pub async fn add_covered_commune(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<StructureId>,
    ApiJson(body): ApiJson<NewCoveredCommune>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageStructure)?;
    let input = CommuneInput {
        insee_code: InseeCode::parse(&body.insee_code)
            .map_err(|e| ApiError::field("insee_code", e))?,
        postal_code: PostalCode::parse(&body.postal_code)
            .map_err(|e| ApiError::field("postal_code", e))?,
        name: body.name.trim().to_owned(),
        site_id: body.site_id,
    };
    let ctx = AuditContext::of(actor, client.ip);
    let commune = structures::add_commune(&state.db, &ctx, &scope, id.into_inner(), input).await?;
    Ok(HttpResponse::Created().json(commune))
}

/// The fields young people may edit in their own file, for the caller's Mission Locale.
#[utoipa::path(
    tag = "structures",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = FileSettings),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not see the settings", body = ErrorBody)
    )
)]
#[get("/structures/current/file-settings")]
pub async fn get_file_settings(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<FileSettings>> {
    let scope = authorize(&actor, Operation::ListStaff)?;
    Ok(web::Json(FileSettings {
        youth_editable: storage::youths::youth_editable(state.db.conn(), scope.structure_id())
            .await?,
    }))
}

/// Choose the fields young people may edit in their own file (direction, administrators).
#[utoipa::path(
    tag = "structures",
    security(("bearer" = [])),
    request_body = FileSettings,
    responses(
        (status = 200, description = "The settings, saved", body = FileSettings),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change the settings", body = ErrorBody)
    )
)]
#[put("/structures/current/file-settings")]
pub async fn update_file_settings(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<FileSettings>,
) -> ApiResult<web::Json<FileSettings>> {
    let scope = authorize(&actor, Operation::ManageFileSettings)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(FileSettings {
        youth_editable: storage::youths::set_youth_editable(
            &state.db,
            &ctx,
            scope.structure_id(),
            &body.youth_editable,
        )
        .await?,
    }))
}
