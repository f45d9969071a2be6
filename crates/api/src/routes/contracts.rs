//! `/api/v1/youths/{id}/contracts…`: CEJ and PACEA contracts, extensions, end, PACEA phases and
//! the CEJ review (bilan).

use actix_web::{HttpResponse, get, post, web};
use domain::dto::{Contract, EndContract, ExtendContract, NewContract, NewPhase, PhaseEvaluation};
use domain::{ContractId, ErrorBody, Operation, PhaseId, YouthId, authorize};
use storage::accompaniment::{contracts, documents};
use storage::audit::AuditContext;

use super::diagnostics::{pdf_response, today};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Authenticated, ClientInfo};
use crate::state::AppState;

/// The CEJ and PACEA contracts, newest first, with extensions and phases; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The contracts", body = Vec<Contract>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/contracts")]
pub async fn list_contracts(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<Contract>>> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        contracts::list(&state.db, &ctx, &scope, id).await?,
    ))
}

/// Starts a CEJ (12 months) or a PACEA when the young person is eligible on the start date;
/// otherwise only a manager may, with a written `override_reason`. Never two running contracts of
/// one scheme.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = NewContract,
    responses(
        (status = 201, description = "Contract started", body = Contract),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, or not eligible without a manager's override (`scheme`)", body = ErrorBody)
    )
)]
#[post("/youths/{id}/contracts")]
pub async fn start_contract(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<NewContract>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageContracts)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created()
        .json(contracts::start(&state.db, &ctx, &scope, actor.role, id, body, today()).await?))
}

/// Extends a running contract with written reasons, up to 18 months in total for a CEJ and 24 for
/// a PACEA.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("contract_id" = ContractId, Path, description = "The contract")),
    request_body = ExtendContract,
    responses(
        (status = 200, description = "Extended", body = Contract),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/contracts/{contract_id}/extensions")]
pub async fn extend_contract(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ContractId)>,
    ApiJson(body): ApiJson<ExtendContract>,
) -> ApiResult<web::Json<Contract>> {
    let scope = authorize(&actor, Operation::ManageContracts)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, contract_id) = path.into_inner();
    Ok(web::Json(
        contracts::extend(&state.db, &ctx, &scope, id, contract_id, body).await?,
    ))
}

/// Ends a running contract with its exit reason.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("contract_id" = ContractId, Path, description = "The contract")),
    request_body = EndContract,
    responses(
        (status = 200, description = "Ended", body = Contract),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/contracts/{contract_id}/end")]
pub async fn end_contract(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ContractId)>,
    ApiJson(body): ApiJson<EndContract>,
) -> ApiResult<web::Json<Contract>> {
    let scope = authorize(&actor, Operation::ManageContracts)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, contract_id) = path.into_inner();
    Ok(web::Json(
        contracts::end(&state.db, &ctx, &scope, id, contract_id, body, today()).await?,
    ))
}

/// Opens the next phase of a running PACEA (the first within a month of signature; the previous
/// one evaluated).
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("contract_id" = ContractId, Path, description = "The contract")),
    request_body = NewPhase,
    responses(
        (status = 201, description = "Phase opened", body = Contract),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/contracts/{contract_id}/phases")]
pub async fn add_pacea_phase(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ContractId)>,
    ApiJson(body): ApiJson<NewPhase>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageContracts)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, contract_id) = path.into_inner();
    Ok(HttpResponse::Created()
        .json(contracts::add_phase(&state.db, &ctx, &scope, id, contract_id, body).await?))
}

/// Evaluates and closes a PACEA phase.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("contract_id" = ContractId, Path, description = "The contract"), ("phase_id" = PhaseId, Path, description = "The phase")),
    request_body = PhaseEvaluation,
    responses(
        (status = 200, description = "Phase evaluated", body = Contract),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage contracts", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/contracts/{contract_id}/phases/{phase_id}/evaluation")]
pub async fn evaluate_pacea_phase(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ContractId, PhaseId)>,
    ApiJson(body): ApiJson<PhaseEvaluation>,
) -> ApiResult<web::Json<Contract>> {
    let scope = authorize(&actor, Operation::ManageContracts)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, contract_id, phase_id) = path.into_inner();
    Ok(web::Json(
        contracts::evaluate_phase(&state.db, &ctx, &scope, id, contract_id, phase_id, body).await?,
    ))
}

/// The CEJ review (bilan, B5): the contract, its hours week by week and its actions, as a PDF;
/// audited as an export.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(
        ("id" = YouthId, Path, description = "The file"),
        ("contract_id" = ContractId, Path, description = "The CEJ")
    ),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "The contract is not a CEJ", body = ErrorBody)
    )
)]
#[get("/youths/{id}/contracts/{contract_id}/bilan.pdf")]
pub async fn download_bilan(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, ContractId)>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, contract_id) = path.into_inner();
    let day = today();
    let data = documents::bilan(&state.db, &ctx, &scope, id, contract_id, day).await?;
    let bytes = web::block(move || crate::accompaniment_pdf::render_bilan(&data, day))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf task: {e}")))??;
    Ok(pdf_response(
        bytes,
        &format!("passerelle-bilan-cej-{contract_id}.pdf"),
    ))
}
