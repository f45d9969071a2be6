//! `/api/v1/preregistrations`: the public online pre-registration (D14, F1) and the reception
//! inbox.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use domain::dto::{
    Page, PreRegistrationDetail, PreRegistrationListQuery, PreRegistrationReceipt,
    PreRegistrationStatusChange, PreRegistrationSummary, PreRegistrationTicket, PublicStructure,
    RegisterPreRegistration, YouthDetail,
};
use domain::file::{PreRegistrationForm, PreRegistrationStatus, callback_due};
use domain::throttle::ThrottlePolicy;
use domain::values::Invalid;
use domain::{ErrorBody, Operation, Role, authorize};
use storage::audit::AuditContext;
use storage::preregistrations::{self, NewPreRegistration};
use storage::{structures, throttle};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::files::{check_places, commune_name, with_names};
use crate::state::AppState;

const BAD_TICKET: Invalid = Invalid {
    code: "form_too_fast_or_expired",
    message: "Le formulaire a été envoyé trop vite ou a expiré : patientez quelques secondes, \
              rechargez la page si besoin, puis renvoyez-le.",
};

/// The Missions Locales a young person can pre-register with.
#[utoipa::path(
    tag = "preregistrations",
    responses((status = 200, description = "Every Mission Locale, by name", body = Vec<PublicStructure>))
)]
#[get("/public/structures")]
pub async fn list_public_structures(
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<PublicStructure>>> {
    Ok(web::Json(structures::public_list(state.db.conn()).await?))
}

/// The anti-robot ticket the pre-registration form sends back (no third-party captcha: the
/// form must stay open a few seconds, and a hidden field must stay empty).
#[utoipa::path(
    tag = "preregistrations",
    responses((status = 200, description = "A fresh ticket", body = PreRegistrationTicket))
)]
#[get("/preregistrations/ticket")]
pub async fn get_preregistration_ticket(
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PreRegistrationTicket>> {
    Ok(web::Json(PreRegistrationTicket {
        ticket: state
            .jwt
            .issue_ticket(state.settings.files.preregistration_min_seconds)?,
    }))
}

/// Send an online pre-registration (no account needed). Rate-limited per client address.
#[utoipa::path(
    tag = "preregistrations",
    request_body = PreRegistrationForm,
    responses(
        (status = 201, description = "Received; reception calls back within 24 hours", body = PreRegistrationReceipt),
        (status = 422, description = "Invalid fields, each named", body = ErrorBody),
        (status = 429, description = "Too many pre-registrations from this address", body = ErrorBody)
    )
)]
#[post("/preregistrations")]
pub async fn submit_preregistration(
    state: web::Data<AppState>,
    client: ClientInfo,
    ApiJson(form): ApiJson<PreRegistrationForm>,
) -> ApiResult<HttpResponse> {
    let now = storage::now();
    let ip_key = format!("prereg:{}", client.ip.as_deref().unwrap_or("unknown"));
    if let Some(wait) =
        throttle::retry_after(state.db.conn(), std::slice::from_ref(&ip_key), now).await?
    {
        return Err(ApiError::TooManyRequests { retry_after: wait });
    }
    let mut errors = match form.to_file_data(now.date_naive()) {
        Ok(data) => {
            let errors = check_places(&data);
            if errors.is_empty() {
                return accept(&state, &form, data, &ip_key, now).await;
            }
            errors
        }
        Err(errors) => errors,
    };
    if !state.jwt.check_ticket(&form.ticket) {
        errors.push(BAD_TICKET.at("ticket"));
    }
    Err(ApiError::Validation(errors))
}

async fn accept(
    state: &AppState,
    form: &PreRegistrationForm,
    data: domain::file::YouthFileData,
    ip_key: &str,
    now: chrono::DateTime<Utc>,
) -> ApiResult<HttpResponse> {
    if !state.jwt.check_ticket(&form.ticket) {
        return Err(ApiError::field("ticket", BAD_TICKET));
    }
    let policy = ThrottlePolicy {
        max_failures: state.settings.files.preregistrations_per_ip_per_hour.max(1),
        window: chrono::Duration::hours(1),
        lockout: chrono::Duration::hours(1),
    };
    throttle::register_failure(state.db.conn(), ip_key, &policy, now).await?;
    let Some(structure_id) = form.structure_id else {
        return Err(ApiError::field("structure_id", Invalid::REQUIRED));
    };
    let Some(chosen) = structures::public_one(state.db.conn(), structure_id).await? else {
        return Err(ApiError::field(
            "structure_id",
            Invalid {
                code: "unknown_structure",
                message: "Mission Locale inconnue : choisissez-la dans la liste.",
            },
        ));
    };
    let covering = match &data.commune {
        Some(insee) => structures::covering(state.db.conn(), insee).await?,
        None => None,
    };
    let out_of_territory = covering != Some(structure_id);
    let covering_structure = match covering.filter(|c| *c != structure_id) {
        Some(id) => structures::public_one(state.db.conn(), id).await?,
        None => None,
    };
    if !form.website.trim().is_empty() {
        // A robot filled the hidden field: answer as if accepted, keep nothing.
        tracing::info!("pre-registration with the honeypot filled: dropped");
        return Ok(HttpResponse::Created().json(PreRegistrationReceipt {
            reference: "PI-0000-0000".to_owned(),
            structure_name: chosen.name.clone(),
            callback_due: callback_due(now),
            out_of_territory,
            covering_structure,
            booking_token: None,
        }));
    }
    let booking_token = crate::auth::tokens::generate();
    let row = preregistrations::submit(
        &state.db,
        NewPreRegistration {
            structure_id,
            data,
            out_of_territory,
            covering_structure_id: covering_structure.as_ref().map(|s| s.id),
        },
        Some(crate::auth::tokens::hash(&booking_token)),
    )
    .await?;
    Ok(HttpResponse::Created().json(PreRegistrationReceipt {
        reference: row.reference,
        structure_name: chosen.name.clone(),
        callback_due: callback_due(row.received_at),
        out_of_territory,
        covering_structure,
        booking_token: Some(booking_token),
    }))
}

/// The reception inbox: open requests in arrival order, with the call-back promise and the
/// duplicate candidates of each.
#[utoipa::path(
    tag = "preregistrations",
    security(("bearer" = [])),
    params(PreRegistrationListQuery),
    responses(
        (status = 200, description = "One page of requests", body = Page<PreRegistrationSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not work the inbox", body = ErrorBody),
        (status = 422, description = "Invalid filters", body = ErrorBody)
    )
)]
#[get("/preregistrations")]
pub async fn list_preregistrations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<PreRegistrationListQuery>,
) -> ApiResult<web::Json<Page<PreRegistrationSummary>>> {
    let scope = authorize(&actor, Operation::ManagePreRegistrations)?;
    Ok(web::Json(
        preregistrations::list(
            state.db.conn(),
            scope.structure_id(),
            &query,
            &commune_name,
            storage::now(),
        )
        .await?,
    ))
}

/// A request in full, with its history and duplicate candidates (the read is audited).
#[utoipa::path(
    tag = "preregistrations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request")),
    responses(
        (status = 200, description = "The request", body = PreRegistrationDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not work the inbox", body = ErrorBody),
        (status = 404, description = "Unknown, or another Mission Locale's", body = ErrorBody)
    )
)]
#[get("/preregistrations/{id}")]
pub async fn get_preregistration(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PreRegistrationDetail>> {
    let scope = authorize(&actor, Operation::ManagePreRegistrations)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        preregistrations::read(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            &commune_name,
            storage::now(),
        )
        .await?,
    ))
}

/// Move a request to a new status (contacted, appointment planned, redirected, withdrawn).
#[utoipa::path(
    tag = "preregistrations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request")),
    request_body = PreRegistrationStatusChange,
    responses(
        (status = 200, description = "The request, updated", body = PreRegistrationDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not work the inbox", body = ErrorBody),
        (status = 404, description = "Unknown, or another Mission Locale's", body = ErrorBody),
        (status = 422, description = "Transition not allowed from the current status", body = ErrorBody)
    )
)]
#[post("/preregistrations/{id}/status")]
pub async fn change_preregistration_status(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<PreRegistrationStatusChange>,
) -> ApiResult<web::Json<PreRegistrationDetail>> {
    let scope = authorize(&actor, Operation::ManagePreRegistrations)?;
    if body.status == PreRegistrationStatus::Registered {
        return Err(ApiError::field(
            "status",
            Invalid {
                code: "use_register",
                message: "Pour inscrire le jeune, créez son dossier ou rattachez la demande à un \
                          dossier existant.",
            },
        ));
    }
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        preregistrations::change_status(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            body.status,
            body.note,
            &commune_name,
            storage::now(),
        )
        .await?,
    ))
}

/// Create the file from a request (`youth_id: null`), or attach the request to an existing
/// file, which then takes the request's values for its empty fields.
#[utoipa::path(
    tag = "preregistrations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request")),
    request_body = RegisterPreRegistration,
    responses(
        (status = 201, description = "File created", body = YouthDetail),
        (status = 200, description = "Attached to the existing file", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not work the inbox", body = ErrorBody),
        (status = 404, description = "Unknown request or file", body = ErrorBody),
        (status = 422, description = "The request is closed", body = ErrorBody)
    )
)]
#[post("/preregistrations/{id}/register")]
pub async fn register_preregistration(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<Uuid>,
    ApiJson(body): ApiJson<RegisterPreRegistration>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManagePreRegistrations)?;
    let counsellor = (actor.role == Role::Conseiller).then_some(actor.account_id);
    let ctx = AuditContext::of(actor, client.ip);
    let (file, created) = preregistrations::register(
        &state.db,
        &ctx,
        &scope,
        id.into_inner(),
        body.youth_id,
        counsellor,
        Utc::now().date_naive(),
    )
    .await?;
    let file = with_names(file);
    Ok(if created {
        HttpResponse::Created()
            .insert_header((header::LOCATION, format!("/api/v1/youths/{}", file.id)))
            .json(file)
    } else {
        HttpResponse::Ok().json(file)
    })
}
