//! `/youths`: the portfolio, the files, their history, duplicates and merges, and the file
//! settings of the Mission Locale.

use domain::YouthId;
use domain::dto::{
    AssignCounsellor, ConfirmFields, DismissDuplicate, DuplicateCandidate, DuplicateCheck,
    DuplicatePair, FileChange, FilePatch, FileReader, FileSettings, InvitationSent, InviteYouth,
    MergeRequest, NewYouth, Page, PublicStructure, RestoreChange, TransferYouth, YouthDetail,
    YouthListQuery, YouthSummary,
};
use uuid::Uuid;

use super::{ApiError, get, get_bytes, patch, post, post_empty, put, query};
use crate::session::Session;

/// `GET /youths`, first page of the caller's own files or of all (the dashboard's count).
pub async fn list_youths(
    session: Session,
    page: u32,
    mine: bool,
) -> Result<Page<YouthSummary>, ApiError> {
    search_youths(
        session,
        &YouthListQuery {
            page: Some(page),
            mine: mine.then_some(true),
            ..YouthListQuery::default()
        },
    )
    .await
}

/// `GET /youths` with the portfolio's filters.
pub async fn search_youths(
    session: Session,
    filter: &YouthListQuery,
) -> Result<Page<YouthSummary>, ApiError> {
    let text = |v: Option<u32>| v.map(|v| v.to_string());
    let flag = |v: Option<bool>| v.map(|v| v.to_string());
    let q = query(&[
        ("page", text(filter.page)),
        ("per_page", text(filter.per_page)),
        ("mine", flag(filter.mine)),
        ("counsellor_id", filter.counsellor_id.map(|c| c.to_string())),
        ("unassigned", flag(filter.unassigned)),
        ("q", filter.q.clone()),
        ("age_min", text(filter.age_min)),
        ("age_max", text(filter.age_max)),
        ("situation", filter.situation.map(|s| s.code().to_owned())),
        ("no_contact_days", text(filter.no_contact_days)),
        ("incomplete", flag(filter.incomplete)),
    ]);
    get(session, &format!("/youths{q}")).await
}

/// `GET /youths/{id}`.
pub async fn get_youth(session: Session, id: YouthId) -> Result<YouthDetail, ApiError> {
    get(session, &format!("/youths/{id}")).await
}

/// `POST /youths` (409 `possible_duplicate` unless `ignore_duplicates`).
pub async fn create_youth(session: Session, body: &NewYouth) -> Result<YouthDetail, ApiError> {
    post(session, "/youths", body).await
}

/// `POST /youths/duplicate-check`: the files that look like an identity being typed.
pub async fn check_duplicates(
    session: Session,
    body: &DuplicateCheck,
) -> Result<Vec<DuplicateCandidate>, ApiError> {
    post(session, "/youths/duplicate-check", body).await
}

/// `GET /youths/duplicates`: the pairs of the whole Mission Locale, best score first.
pub async fn duplicate_pairs(session: Session) -> Result<Vec<DuplicatePair>, ApiError> {
    get(session, "/youths/duplicates").await
}

/// `PATCH /youths/{id}` (409 `edit_conflict` when the file changed since `version`).
pub async fn patch_youth(
    session: Session,
    id: YouthId,
    body: &FilePatch,
) -> Result<YouthDetail, ApiError> {
    patch(session, &format!("/youths/{id}"), body).await
}

/// `GET /youths/{id}/history`, newest first.
pub async fn history(session: Session, id: YouthId) -> Result<Vec<FileChange>, ApiError> {
    get(session, &format!("/youths/{id}/history")).await
}

/// `POST /youths/{id}/history/{change}/restore`: puts back the change's old value.
pub async fn restore_change(
    session: Session,
    id: YouthId,
    change: Uuid,
    body: &RestoreChange,
) -> Result<YouthDetail, ApiError> {
    post(
        session,
        &format!("/youths/{id}/history/{change}/restore"),
        body,
    )
    .await
}

/// `POST /youths/{id}/confirmations`: confirms values the young person entered.
pub async fn confirm_fields(
    session: Session,
    id: YouthId,
    body: &ConfirmFields,
) -> Result<YouthDetail, ApiError> {
    post(session, &format!("/youths/{id}/confirmations"), body).await
}

/// `GET /youths/{id}/duplicates`.
pub async fn duplicates_of(
    session: Session,
    id: YouthId,
) -> Result<Vec<DuplicateCandidate>, ApiError> {
    get(session, &format!("/youths/{id}/duplicates")).await
}

/// `POST /youths/{kept}/merge`.
pub async fn merge(
    session: Session,
    kept: YouthId,
    body: &MergeRequest,
) -> Result<YouthDetail, ApiError> {
    post(session, &format!("/youths/{kept}/merge"), body).await
}

/// `POST /youths/{id}/not-duplicate`.
pub async fn dismiss_duplicate(
    session: Session,
    id: YouthId,
    body: &DismissDuplicate,
) -> Result<(), ApiError> {
    post_empty(session, &format!("/youths/{id}/not-duplicate"), body).await
}

/// `PUT /youths/{id}/counsellor`.
pub async fn assign_counsellor(
    session: Session,
    id: YouthId,
    body: &AssignCounsellor,
) -> Result<YouthDetail, ApiError> {
    put(session, &format!("/youths/{id}/counsellor"), body).await
}

/// `POST /youths/{id}/transfer`.
pub async fn transfer(session: Session, id: YouthId, body: &TransferYouth) -> Result<(), ApiError> {
    post_empty(session, &format!("/youths/{id}/transfer"), body).await
}

/// `GET /youths/{id}/readers`: who opened the file.
pub async fn readers(session: Session, id: YouthId) -> Result<Vec<FileReader>, ApiError> {
    get(session, &format!("/youths/{id}/readers")).await
}

/// `GET /youths/{id}/export` (JSON) or `/export.pdf`: the bytes of the file.
pub async fn export(session: Session, id: YouthId, pdf: bool) -> Result<Vec<u8>, ApiError> {
    let suffix = if pdf { ".pdf" } else { "" };
    get_bytes(session, &format!("/youths/{id}/export{suffix}")).await
}

/// `GET /public/structures`: the Missions Locales a file can be transferred to.
pub async fn structures(session: Session) -> Result<Vec<PublicStructure>, ApiError> {
    get(session, "/public/structures").await
}

/// `POST /youths/{id}/invitation`.
pub async fn invite_youth(
    session: Session,
    id: YouthId,
    body: &InviteYouth,
) -> Result<InvitationSent, ApiError> {
    post(session, &format!("/youths/{id}/invitation"), body).await
}

/// `GET /structures/current/file-settings`.
pub async fn file_settings(session: Session) -> Result<FileSettings, ApiError> {
    get(session, "/structures/current/file-settings").await
}

/// `PUT /structures/current/file-settings`.
pub async fn save_file_settings(
    session: Session,
    body: &FileSettings,
) -> Result<FileSettings, ApiError> {
    put(session, "/structures/current/file-settings", body).await
}
