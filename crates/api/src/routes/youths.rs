//! `/api/v1/youths`: young people's files — the portfolio, the file and its changes, history,
//! duplicates and merge, counsellor and transfer, readers and the RGPD export.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::Utc;
use domain::dto::{
    AssignCounsellor, ConfirmFields, DismissDuplicate, DuplicateCandidate, DuplicateCheck,
    DuplicatePair, FileChange, FilePatch, FileReader, InvitationSent, InviteYouth, MergeRequest,
    NewYouth, Page, RestoreChange, TransferYouth, YouthDataExport, YouthDetail, YouthListQuery,
    YouthSummary, non_blank,
};
use domain::file::{FileField, Origin, YouthFileData};
use domain::values::{EmailAddress, Invalid, PersonName};
use domain::{ErrorBody, ErrorCode, Operation, Role, YouthId, authorize};
use serde_json::Value;
use storage::audit::AuditContext;
use storage::invitations::Invitee;
use storage::structures;
use storage::youths::{self, NewFile, changes, duplicates, moves};
use uuid::Uuid;

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::files::{check_places, with_names};
use crate::state::AppState;

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// The portfolio (E7): active files of the caller's Mission Locale, filtered, by name.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(YouthListQuery),
    responses(
        (status = 200, description = "One page of files", body = Page<YouthSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not list files", body = ErrorBody),
        (status = 422, description = "Invalid filters", body = ErrorBody)
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

/// Open a file. Similar files are looked for first: if any, 409 `possible_duplicate` unless
/// `ignore_duplicates`. A counsellor who opens a file becomes its referent.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    request_body = NewYouth,
    responses(
        (status = 201, description = "File opened", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not open files", body = ErrorBody),
        (status = 409, description = "A similar file exists (see /youths/duplicate-check)", body = ErrorBody),
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
    let mut data = YouthFileData::default();
    let mut values = BTreeMap::new();
    values.insert(
        FileField::FirstNames,
        Value::String(body.first_name.clone()),
    );
    values.insert(FileField::BirthName, Value::String(body.last_name.clone()));
    values.insert(
        FileField::BirthDate,
        body.birth_date
            .map_or(Value::Null, |d| Value::String(d.to_string())),
    );
    values.insert(
        FileField::Email,
        body.email.clone().map_or(Value::Null, Value::String),
    );
    values.insert(
        FileField::Mobile,
        body.phone.clone().map_or(Value::Null, Value::String),
    );
    let mut errors = Vec::new();
    for (field, value) in &values {
        if let Err(e) = field.set(&mut data, value, today()) {
            let name = match field {
                FileField::FirstNames => "first_name",
                FileField::BirthName => "last_name",
                FileField::Mobile => "phone",
                other => other.code(),
            };
            errors.push(e.at(name));
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        return Err(ApiError::Validation(errors));
    }
    if !body.ignore_duplicates
        && let Some(identity) = duplicates::identity_of(&data)
    {
        let found = duplicates::candidates_for(
            state.db.conn(),
            scope.structure_id(),
            &identity,
            None,
            today(),
        )
        .await?;
        if !found.is_empty() {
            return Err(ApiError::Conflict(
                ErrorCode::PossibleDuplicate,
                "Un dossier très proche existe déjà dans votre Mission Locale. Vérifiez les \
                 doublons possibles avant d'ouvrir un nouveau dossier.",
            ));
        }
    }
    let file = NewFile {
        data,
        origin: Origin::MissionLocale,
        counsellor_id: (actor.role == Role::Conseiller).then_some(actor.account_id),
    };
    let ctx = AuditContext::of(actor, client.ip);
    let youth = with_names(youths::create(&state.db, &ctx, &scope, file, today()).await?);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/youths/{}", youth.id)))
        .json(youth))
}

/// The files that look like an identity being typed, before opening a file.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    request_body = DuplicateCheck,
    responses(
        (status = 200, description = "Similar files, best first", body = Vec<DuplicateCandidate>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not look for duplicates", body = ErrorBody)
    )
)]
#[post("/youths/duplicate-check")]
pub async fn check_duplicates(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiJson(body): ApiJson<DuplicateCheck>,
) -> ApiResult<web::Json<Vec<DuplicateCandidate>>> {
    let scope = authorize(&actor, Operation::ManageDuplicates)?;
    let Some(birth_date) = body.birth_date else {
        return Ok(web::Json(Vec::new()));
    };
    if body.birth_name.trim().is_empty() && body.first_names.trim().is_empty() {
        return Ok(web::Json(Vec::new()));
    }
    let identity = domain::matching::Identity {
        birth_name: body.birth_name,
        usage_name: body.usage_name,
        first_names: body.first_names,
        birth_date,
        email: body.email.filter(|e| !e.trim().is_empty()),
        phone: body
            .mobile
            .and_then(|m| domain::values::PhoneNumber::parse(&m).ok())
            .map(|p| p.as_str().to_owned()),
    };
    Ok(web::Json(
        duplicates::candidates_for(
            state.db.conn(),
            scope.structure_id(),
            &identity,
            None,
            today(),
        )
        .await?,
    ))
}

/// Scan of the whole Mission Locale for files that may be the same person.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pairs of files, best score first", body = Vec<DuplicatePair>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not look for duplicates", body = ErrorBody)
    )
)]
#[get("/youths/duplicates")]
pub async fn scan_duplicates(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<Vec<DuplicatePair>>> {
    let scope = authorize(&actor, Operation::ManageDuplicates)?;
    Ok(web::Json(
        duplicates::scan(state.db.conn(), scope.structure_id(), today()).await?,
    ))
}

/// Read a file. Every read is written to the audit log ("who viewed").
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
    Ok(web::Json(with_names(
        youths::read(&state.db, &ctx, &scope, id.into_inner(), today()).await?,
    )))
}

/// Change fields of a file. Send the `version` read with the file: if someone changed it
/// meanwhile, 409 `edit_conflict` lists what changed. A young person may change only the fields
/// their Mission Locale allows (`youth_editable`).
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = FilePatch,
    responses(
        (status = 200, description = "The file, changed", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change files", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Changed meanwhile (`fields` says what), or merged", body = ErrorBody),
        (status = 422, description = "Invalid values, each field named", body = ErrorBody)
    )
)]
#[patch("/youths/{id}")]
pub async fn update_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<FilePatch>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::UpdateYouth)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(with_names(
        changes::update(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            body.version,
            &body.changes,
            &check_places,
            today(),
        )
        .await?,
    )))
}

/// The history of a file: every change of every field, newest first (E4).
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The changes", body = Vec<FileChange>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not read histories", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/history")]
pub async fn list_youth_history(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<FileChange>>> {
    let scope = authorize(&actor, Operation::ReadYouthHistory)?;
    Ok(web::Json(
        changes::history(state.db.conn(), &scope, id.into_inner()).await?,
    ))
}

/// Put back the value a field had before a change, as a new change (E5).
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(
        ("id" = YouthId, Path, description = "The file"),
        ("change" = Uuid, Path, description = "The change whose previous value is put back")
    ),
    request_body = RestoreChange,
    responses(
        (status = 200, description = "The file, with the value restored", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change files", body = ErrorBody),
        (status = 404, description = "Unknown file or change", body = ErrorBody),
        (status = 409, description = "Changed meanwhile", body = ErrorBody),
        (status = 422, description = "The old value is not valid any more, or not editable", body = ErrorBody)
    )
)]
#[post("/youths/{id}/history/{change}/restore")]
pub async fn restore_youth_value(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(YouthId, Uuid)>,
    ApiJson(body): ApiJson<RestoreChange>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::UpdateYouth)?;
    let (id, change) = path.into_inner();
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(with_names(
        changes::restore(&state.db, &ctx, &scope, id, change, body.version, today()).await?,
    )))
}

/// Confirm values the young person entered (they stop being flagged "à confirmer").
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = ConfirmFields,
    responses(
        (status = 200, description = "The file", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not confirm", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[post("/youths/{id}/confirmations")]
pub async fn confirm_youth_fields(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<ConfirmFields>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::ConfirmYouthChanges)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(with_names(
        changes::confirm(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            &body.fields,
            today(),
        )
        .await?,
    )))
}

/// The files that may be the same person as this one, with score and reasons.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "Candidates, best first", body = Vec<DuplicateCandidate>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not look for duplicates", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/duplicates")]
pub async fn list_youth_duplicates(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<DuplicateCandidate>>> {
    let scope = authorize(&actor, Operation::ManageDuplicates)?;
    Ok(web::Json(
        duplicates::candidates_of(state.db.conn(), &scope, id.into_inner(), today()).await?,
    ))
}

/// Merge another file into this one, field by field. Everything attached to the merged file
/// moves here; the merged file is kept aside (status `merged`), its data recoverable.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file that stays")),
    request_body = MergeRequest,
    responses(
        (status = 200, description = "The kept file, after the merge", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not merge", body = ErrorBody),
        (status = 404, description = "Unknown file", body = ErrorBody),
        (status = 409, description = "A file changed meanwhile, or is not active", body = ErrorBody),
        (status = 422, description = "The same file twice", body = ErrorBody)
    )
)]
#[post("/youths/{id}/merge")]
pub async fn merge_youths(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::ManageDuplicates)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(with_names(
        duplicates::merge(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            body.merged_id,
            body.kept_version,
            body.merged_version,
            &body.choices,
            today(),
        )
        .await?,
    )))
}

/// Two files are different people: stop proposing them as duplicates.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "One file")),
    request_body = DismissDuplicate,
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not manage duplicates", body = ErrorBody),
        (status = 404, description = "Unknown file", body = ErrorBody)
    )
)]
#[post("/youths/{id}/not-duplicate")]
pub async fn dismiss_duplicate(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<DismissDuplicate>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageDuplicates)?;
    let ctx = AuditContext::of(actor, client.ip);
    duplicates::dismiss(&state.db, &ctx, &scope, id.into_inner(), body.other_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assign (or clear) the referent counsellor.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = AssignCounsellor,
    responses(
        (status = 200, description = "The file", body = YouthDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not assign", body = ErrorBody),
        (status = 404, description = "Unknown file", body = ErrorBody),
        (status = 422, description = "Not a counsellor of this Mission Locale", body = ErrorBody)
    )
)]
#[put("/youths/{id}/counsellor")]
pub async fn assign_youth_counsellor(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<AssignCounsellor>,
) -> ApiResult<web::Json<YouthDetail>> {
    let scope = authorize(&actor, Operation::AssignCounsellor)?;
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(with_names(
        moves::assign_counsellor(
            &state.db,
            &ctx,
            &scope,
            id.into_inner(),
            body.counsellor_id,
            today(),
        )
        .await?,
    )))
}

/// Move a file, with its history, to another Mission Locale (A9).
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    request_body = TransferYouth,
    responses(
        (status = 204, description = "Transferred: the file now belongs to the other Mission Locale"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not transfer", body = ErrorBody),
        (status = 404, description = "Unknown file", body = ErrorBody),
        (status = 422, description = "Unknown or same Mission Locale", body = ErrorBody)
    )
)]
#[post("/youths/{id}/transfer")]
pub async fn transfer_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiJson(body): ApiJson<TransferYouth>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::TransferYouth)?;
    if body
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > 500)
    {
        return Err(ApiError::field(
            "note",
            Invalid {
                code: "too_long",
                message: "Note trop longue (500 caractères au plus).",
            },
        ));
    }
    let ctx = AuditContext::of(actor, client.ip);
    moves::transfer(
        &state.db,
        &ctx,
        &scope,
        id.into_inner(),
        body.structure_id,
        body.note.as_deref(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who opened or exported the file ("who viewed", G2), newest first.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The reads", body = Vec<FileReader>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not see the readers", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/readers")]
pub async fn list_youth_readers(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<YouthId>,
) -> ApiResult<web::Json<Vec<FileReader>>> {
    let scope = authorize(&actor, Operation::ReadFileReaders)?;
    Ok(web::Json(
        moves::readers(state.db.conn(), &scope, id.into_inner()).await?,
    ))
}

async fn export(
    state: &AppState,
    actor: domain::Actor,
    ip: Option<String>,
    id: YouthId,
) -> ApiResult<YouthDataExport> {
    let scope = authorize(&actor, Operation::ExportYouth)?;
    let ctx = AuditContext::of(actor, ip);
    let mut export = moves::export(&state.db, &ctx, &scope, id, today()).await?;
    export.file = with_names(export.file);
    Ok(export)
}

/// Everything held about the young person, as JSON (RGPD right of access); audited.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "All the data", body = YouthDataExport),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not export", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/export")]
pub async fn export_youth_json(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let data = export(&state, actor, client.ip, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"passerelle-donnees-{id}.json\""),
        ))
        .json(data))
}

/// Everything held about the young person, as a readable PDF; audited.
#[utoipa::path(
    tag = "youths",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not export", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/export.pdf")]
pub async fn export_youth_pdf(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let data = export(&state, actor, client.ip, id).await?;
    let bytes = web::block(move || crate::export_pdf::render_export(&data))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf task: {e}")))??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"passerelle-donnees-{id}.pdf\""),
        ))
        .body(bytes))
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
