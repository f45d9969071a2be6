//! `/api/v1/referrals`: young people referred to offers, each step, the messages and documents
//! exchanged between the counsellor and the partner.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use domain::dto::{
    NewReferral, NewReferralMessage, Referral, ReferralFilter, ReferralMessage, ReferralMove,
};
use domain::{ErrorBody, Operation, ReferralId, ReferralMessageId, authorize};
use serde::Deserialize;
use storage::audit::AuditContext;
use storage::offers::referrals::{self, Document, MAX_DOCUMENT_BYTES};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::routes::diagnostics::today;
use crate::state::AppState;

/// Referrals within the caller's reach, most recently changed first (at most 200): an offer's
/// live list (B9), a young person's (the young person: their own, D4, D5), a partner's (those
/// sent to them, C3).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(ReferralFilter),
    responses(
        (status = 200, description = "The referrals", body = Vec<Referral>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read referrals", body = ErrorBody)
    )
)]
#[get("/referrals")]
pub async fn list_referrals(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiQuery(filter): ApiQuery<ReferralFilter>,
) -> ApiResult<web::Json<Vec<Referral>>> {
    let scope = authorize(&actor, Operation::ReadReferrals)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        referrals::list(&state.db, &ctx, &actor, &scope, &filter).await?,
    ))
}

/// Refer a young person to an offer (staff; `send` sends it to the partner at once) or apply
/// to it (the young person). The young person must meet the offer's conditions: the unmet ones
/// come back as `eligibility.*` fields.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = NewReferral,
    responses(
        (status = 201, description = "Referred", body = Referral),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not refer", body = ErrorBody),
        (status = 404, description = "Unknown file, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Already referred, or the offer is closed", body = ErrorBody),
        (status = 422, description = "Invalid fields, or conditions not met", body = ErrorBody)
    )
)]
#[post("/referrals")]
pub async fn create_referral(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<NewReferral>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageReferrals)?;
    if matches!(scope, domain::Scope::OwnPartner { .. }) {
        return Err(ApiError::Forbidden);
    }
    let ctx = AuditContext::of(actor, client.ip);
    let referral = referrals::create(&state.db, &ctx, &actor, &scope, &body, today()).await?;
    Ok(HttpResponse::Created().json(referral))
}

/// One referral with every step and the statuses the caller may move it to.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = ReferralId, Path, description = "The referral")),
    responses(
        (status = 200, description = "The referral", body = Referral),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/referrals/{id}")]
pub async fn get_referral(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<ReferralId>,
) -> ApiResult<web::Json<Referral>> {
    let scope = authorize(&actor, Operation::ReadReferrals)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        referrals::detail(&state.db, &ctx, &actor, &scope, id.into_inner()).await?,
    ))
}

/// Move a referral on: the partner answers (accept, waiting list, refuse with a reason) and
/// reports progress; staff can do it on their behalf; the young person can withdraw.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = ReferralId, Path, description = "The referral")),
    request_body = ReferralMove,
    responses(
        (status = 200, description = "Moved", body = Referral),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not move referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "No place left (use the waiting list)", body = ErrorBody),
        (status = 422, description = "Move not allowed, or reason missing", body = ErrorBody)
    )
)]
#[post("/referrals/{id}/status")]
pub async fn move_referral(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<ReferralId>,
    ApiJson(body): ApiJson<ReferralMove>,
) -> ApiResult<web::Json<Referral>> {
    let scope = authorize(&actor, Operation::ManageReferrals)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        referrals::move_to(&state.db, &ctx, &actor, &scope, id.into_inner(), &body).await?,
    ))
}

/// The messages exchanged on a referral between the counsellor and the partner (C4).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = ReferralId, Path, description = "The referral")),
    responses(
        (status = 200, description = "The messages, oldest first", body = Vec<ReferralMessage>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not exchange on referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/referrals/{id}/messages")]
pub async fn list_referral_messages(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<ReferralId>,
) -> ApiResult<web::Json<Vec<ReferralMessage>>> {
    let scope = authorize(&actor, Operation::ExchangeOnReferrals)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        referrals::messages(&state.db, &ctx, &scope, id.into_inner()).await?,
    ))
}

/// Write a message on a referral.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = ReferralId, Path, description = "The referral")),
    request_body = NewReferralMessage,
    responses(
        (status = 201, description = "Sent", body = ReferralMessage),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not exchange on referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 422, description = "Empty or too long", body = ErrorBody)
    )
)]
#[post("/referrals/{id}/messages")]
pub async fn post_referral_message(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<ReferralId>,
    ApiJson(body): ApiJson<NewReferralMessage>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ExchangeOnReferrals)?;
    let ctx = AuditContext::of(actor, client.ip);
    let message = referrals::post_message(
        &state.db,
        &ctx,
        &actor,
        &scope,
        id.into_inner(),
        &body,
        None,
    )
    .await?;
    Ok(HttpResponse::Created().json(message))
}

/// `?name=` of a document upload.
#[derive(Debug, Deserialize, utoipa::IntoParams, validator::Validate)]
#[into_params(parameter_in = Query)]
pub struct DocumentName {
    /// The file name.
    pub name: String,
    /// A few words with it.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Send a document on a referral (PDF, JPEG, PNG or text, 5 MB at most): the body is the
/// file, its `Content-Type` its type.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = ReferralId, Path, description = "The referral"), DocumentName),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "The file"),
    responses(
        (status = 201, description = "Sent", body = ReferralMessage),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not exchange on referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 413, description = "Larger than 5 MB", body = ErrorBody),
        (status = 422, description = "Empty, or a type not accepted", body = ErrorBody)
    )
)]
#[post("/referrals/{id}/documents")]
pub async fn upload_referral_document(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    req: HttpRequest,
    id: web::Path<ReferralId>,
    ApiQuery(query): ApiQuery<DocumentName>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    use futures_util::StreamExt as _;
    let scope = authorize(&actor, Operation::ExchangeOnReferrals)?;
    // Read by hand: the default body limit (256 KiB) is for JSON, a document may reach 5 MB.
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::MalformedRequest(format!("body: {e}")))?;
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_lowercase())
        .unwrap_or_default();
    let name: String = query
        .name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .collect();
    let document = Document {
        name: if name.trim().is_empty() {
            "document".to_owned()
        } else {
            name
        },
        content_type,
        bytes: body.to_vec(),
    };
    let message_body = NewReferralMessage {
        body: query.comment.unwrap_or_default(),
    };
    let ctx = AuditContext::of(actor, client.ip);
    let message = referrals::post_message(
        &state.db,
        &ctx,
        &actor,
        &scope,
        id.into_inner(),
        &message_body,
        Some(document),
    )
    .await?;
    Ok(HttpResponse::Created().json(message))
}

/// Download the document of a message.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(
        ("id" = ReferralId, Path, description = "The referral"),
        ("message" = ReferralMessageId, Path, description = "The message")
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not exchange on referrals", body = ErrorBody),
        (status = 404, description = "Unknown, or no document", body = ErrorBody)
    )
)]
#[get("/referrals/{id}/messages/{message}/document")]
pub async fn download_referral_document(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(ReferralId, ReferralMessageId)>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ExchangeOnReferrals)?;
    let (id, message) = path.into_inner();
    let ctx = AuditContext::of(actor, client.ip);
    let document = referrals::document(&state.db, &ctx, &scope, id, message).await?;
    Ok(HttpResponse::Ok()
        .content_type(document.content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", document.name),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(document.bytes))
}
