//! `/api/v1/youths/{id}/…`: the diagnostic and its revisions, the synthesis, eligibility,
//! interviews, the timeline, and the recap document.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use domain::dto::{
    CompareQuery, DiagnosticComparison, DiagnosticRevision, DiagnosticView, EligibilityReport,
    Interview, NewDiagnosticRevision, NewInterview, Synthesis, TimelineEntry,
};
use domain::{ErrorBody, Operation, YouthId, authorize};
use storage::accompaniment::{contracts, diagnostic, documents, interviews, synthesis};
use storage::audit::AuditContext;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::state::AppState;

/// Today in Europe/Paris: the day the counsellor and the young person live in.
pub(crate) fn today() -> chrono::NaiveDate {
    domain::accompaniment::paris_date(Utc::now())
}

/// The diagnostic by theme (its latest revision) and the list of its revisions; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The diagnostic", body = DiagnosticView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/diagnostic")]
pub async fn get_diagnostic(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<DiagnosticView>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        diagnostic::view(&state.db, &ctx, &scope, id).await?,
    ))
}

/// Saves the diagnostic as a new revision written from `base_number`. From the second revision
/// on, a comment says what changed. 409 `edit_conflict` when another revision was saved
/// meanwhile.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = NewDiagnosticRevision,
    responses(
        (status = 201, description = "Revision saved", body = DiagnosticRevision),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not write the diagnostic", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Another revision was saved meanwhile (`edit_conflict`), or the file is not active", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/diagnostic")]
pub async fn save_diagnostic(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<NewDiagnosticRevision>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::WriteDiagnostic)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created().json(diagnostic::save(&state.db, &ctx, &scope, id, body).await?))
}

/// One revision of the diagnostic; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), ("number" = u32, Path, description = "Revision number")),
    responses(
        (status = 200, description = "The revision", body = DiagnosticRevision),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/diagnostic/revisions/{number}")]
pub async fn get_diagnostic_revision(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, u32)>,
) -> ApiResult<web::Json<DiagnosticRevision>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let (id, number) = path.into_inner();
    Ok(web::Json(
        diagnostic::revision(&state.db, &ctx, &scope, id, number).await?,
    ))
}

/// What changed between two revisions, theme by theme and field by field; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), CompareQuery),
    responses(
        (status = 200, description = "The differences", body = DiagnosticComparison),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/diagnostic/compare")]
pub async fn compare_diagnostic_revisions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiQuery(query): ApiQuery<CompareQuery>,
) -> ApiResult<web::Json<DiagnosticComparison>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        diagnostic::compare(&state.db, &ctx, &scope, id, query.from, query.to).await?,
    ))
}

/// The one-page synthesis (A8): for each theme, urgent first, the situation, the problems and
/// what is in progress; running contracts, this week's CEJ hours, the last interview; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The synthesis", body = Synthesis),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/synthesis")]
pub async fn get_synthesis(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Synthesis>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        synthesis::synthesis(&state.db, &ctx, &scope, id, today()).await?,
    ))
}

/// CEJ and PACEA eligibility today, each criterion met or not with its reason; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The eligibility", body = EligibilityReport),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/eligibility")]
pub async fn get_eligibility(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<EligibilityReport>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        contracts::eligibility_report(&state.db, &ctx, &scope, id, today()).await?,
    ))
}

/// The interviews, newest first; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The interviews", body = Vec<Interview>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/interviews")]
pub async fn list_interviews(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<Interview>>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        interviews::list(&state.db, &ctx, &scope, id).await?,
    ))
}

/// Records an interview held by the caller; the file's last contact moves forward.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = NewInterview,
    responses(
        (status = 201, description = "Interview recorded", body = Interview),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not record interviews", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not possible in the current state", body = ErrorBody),
        (status = 422, description = "Invalid fields, each with a French message", body = ErrorBody)
    )
)]
#[post("/youths/{id}/interviews")]
pub async fn record_interview(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<NewInterview>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::RecordInterview)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(HttpResponse::Created()
        .json(interviews::create(&state.db, &ctx, &scope, id, body, Utc::now()).await?))
}

/// The accompaniment timeline (B23): interviews, diagnostic revisions, contract events, actions
/// done, newest first; audited.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The timeline", body = Vec<TimelineEntry>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the accompaniment", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/timeline")]
pub async fn get_timeline(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<TimelineEntry>>> {
    let scope = authorize(&actor, Operation::ReadAccompaniment)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    Ok(web::Json(
        interviews::timeline(&state.db, &ctx, &scope, id).await?,
    ))
}

/// The recap of the diagnostic and the plan, for the young person (A19), as a PDF; audited as
/// an export.
#[utoipa::path(
    tag = "accompaniment",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read the plan", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/documents/recap.pdf")]
pub async fn download_recap(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ReadPlan)?;
    let ctx = AuditContext::of(actor, client.ip);
    let id = id.into_inner();
    let data = documents::recap(&state.db, &ctx, &scope, id).await?;
    let day = today();
    let bytes = web::block(move || crate::accompaniment_pdf::render_recap(&data, day))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf task: {e}")))??;
    Ok(pdf_response(
        bytes,
        &format!("passerelle-recapitulatif-{id}.pdf"),
    ))
}

/// A PDF download.
pub(crate) fn pdf_response(bytes: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes)
}
