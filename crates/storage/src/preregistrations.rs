//! Online pre-registrations (D14) and the reception inbox (F1): arrival order, the call-back
//! promise, statuses with who and when, duplicate candidates, and registration into a new or an
//! existing file.

use chrono::{DateTime, NaiveDate, Utc};
use domain::dto::{
    AuditAction, ChangeKind, Page, PreRegistrationDetail, PreRegistrationEvent,
    PreRegistrationListQuery, PreRegistrationSummary, YouthDetail,
};
use domain::file::{FileField, Origin, PreRegistrationStatus, YouthFileData, callback_due};
use domain::people::age_on;
use domain::{AccountId, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{preregistration, preregistration_event, structure};
use crate::youths::{self, NewFile, duplicates};
use crate::{Db, StorageError, StorageResult};

/// Resolves a commune's INSEE code to its name (the reference data lives outside storage).
pub type CommuneName<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// A request to record.
#[derive(Clone, Debug)]
pub struct NewPreRegistration {
    /// The Mission Locale it is sent to.
    pub structure_id: StructureId,
    /// What the young person entered.
    pub data: YouthFileData,
    /// The commune is not covered by the Mission Locale.
    pub out_of_territory: bool,
    /// The Mission Locale that covers the commune, if known.
    pub covering_structure_id: Option<StructureId>,
}

/// A short reference read out on the phone: letters and digits that cannot be confused.
fn reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = Uuid::new_v4().into_bytes();
    let code: String = bytes
        .iter()
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("PI-{}-{}", &code[..4], &code[4..])
}

/// Records a pre-registration sent from the public form.
pub async fn submit(
    db: &Db,
    request: NewPreRegistration,
    booking_token_hash: Option<String>,
) -> StorageResult<preregistration::Model> {
    let now = crate::now();
    let txn = db.begin_write().await?;
    structure::Entity::find_by_id(request.structure_id.as_uuid())
        .one(&txn)
        .await?
        .ok_or(StorageError::NotNow("unknown_structure"))?;
    let row = preregistration::ActiveModel {
        id: Set(Uuid::new_v4()),
        reference: Set(reference()),
        structure_id: Set(request.structure_id.as_uuid()),
        received_at: Set(now),
        data: Set(youths::to_json(&request.data)?),
        full_name: Set(request.data.full_name()),
        birth_date: Set(request.data.birth_date),
        status: Set(PreRegistrationStatus::New.code().to_owned()),
        status_at: Set(now),
        status_by: Set(None),
        status_by_name: Set(None),
        out_of_territory: Set(request.out_of_territory),
        covering_structure_id: Set(request.covering_structure_id.map(StructureId::as_uuid)),
        youth_id: Set(None),
        booking_token_hash: Set(booking_token_hash),
    }
    .insert(&txn)
    .await?;
    preregistration_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        preregistration_id: Set(row.id),
        status: Set(PreRegistrationStatus::New.code().to_owned()),
        at: Set(now),
        author_id: Set(None),
        author_name: Set(None),
        note: Set(Some("Pré-inscription en ligne".to_owned())),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &AuditContext::default(),
        Entry::new(AuditAction::Create, "preregistration", row.id)
            .structure(request.structure_id)
            .summary(format!("Pré-inscription en ligne {}", row.reference)),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

fn data_of(row: &preregistration::Model) -> StorageResult<YouthFileData> {
    serde_json::from_value(row.data.clone())
        .map_err(|e| StorageError::Corrupt(format!("preregistration {}: {e}", row.id)))
}

fn status_of(row: &preregistration::Model) -> PreRegistrationStatus {
    PreRegistrationStatus::from_code(&row.status).unwrap_or(PreRegistrationStatus::New)
}

async fn summarise(
    conn: &impl ConnectionTrait,
    row: &preregistration::Model,
    with_candidates: bool,
    names: CommuneName<'_>,
    now: DateTime<Utc>,
) -> StorageResult<(
    PreRegistrationSummary,
    YouthFileData,
    Vec<domain::dto::DuplicateCandidate>,
)> {
    let data = data_of(row)?;
    let status = status_of(row);
    let today = now.date_naive();
    let candidates = if with_candidates && !status.is_final() {
        match duplicates::identity_of(&data) {
            Some(identity) => {
                duplicates::candidates_for(
                    conn,
                    StructureId(row.structure_id),
                    &identity,
                    None,
                    today,
                )
                .await?
            }
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let covering_structure_name = match row.covering_structure_id {
        Some(id) => structure::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|s| s.name),
        None => None,
    };
    let due = callback_due(row.received_at);
    Ok((
        PreRegistrationSummary {
            id: row.id,
            reference: row.reference.clone(),
            received_at: row.received_at,
            callback_due: due,
            overdue: now > due && matches!(status, PreRegistrationStatus::New),
            status,
            status_at: row.status_at,
            status_by: row.status_by_name.clone(),
            full_name: row.full_name.clone(),
            birth_date: row.birth_date,
            age: row.birth_date.map(|b| age_on(b, today)),
            mobile: data.mobile.clone(),
            commune_name: data.commune.as_deref().and_then(names),
            out_of_territory: row.out_of_territory,
            covering_structure_name,
            candidate_count: u32::try_from(candidates.len()).unwrap_or(u32::MAX),
            best_score: candidates.iter().map(|c| c.assessment.score).max(),
            youth_id: row.youth_id.map(YouthId),
        },
        data,
        candidates,
    ))
}

/// The inbox: open requests (or all) in arrival order, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    query: &PreRegistrationListQuery,
    names: CommuneName<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Page<PreRegistrationSummary>> {
    let page = query.page_query();
    let mut select = preregistration::Entity::find()
        .filter(preregistration::Column::StructureId.eq(structure_id.as_uuid()));
    if let Some(status) = query.status {
        select = select.filter(preregistration::Column::Status.eq(status.code()));
    } else if query.all != Some(true) {
        let open: Vec<&str> = PreRegistrationStatus::ALL
            .iter()
            .filter(|s| !s.is_final())
            .map(|s| s.code())
            .collect();
        select = select.filter(preregistration::Column::Status.is_in(open));
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(preregistration::Column::ReceivedAt)
        .order_by_asc(preregistration::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(summarise(conn, row, true, names, now).await?.0);
    }
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

async fn events(conn: &impl ConnectionTrait, id: Uuid) -> StorageResult<Vec<PreRegistrationEvent>> {
    Ok(preregistration_event::Entity::find()
        .filter(preregistration_event::Column::PreregistrationId.eq(id))
        .order_by_asc(preregistration_event::Column::At)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| PreRegistrationEvent {
            status: PreRegistrationStatus::from_code(&e.status)
                .unwrap_or(PreRegistrationStatus::New),
            at: e.at,
            by: e.author_name,
            note: e.note,
        })
        .collect())
}

async fn find(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> StorageResult<preregistration::Model> {
    let Scope::Structure(structure_id) = *scope else {
        return Err(StorageError::NotFound);
    };
    preregistration::Entity::find_by_id(id)
        .filter(preregistration::Column::StructureId.eq(structure_id.as_uuid()))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

async fn full(
    conn: &impl ConnectionTrait,
    row: &preregistration::Model,
    names: CommuneName<'_>,
    now: DateTime<Utc>,
) -> StorageResult<PreRegistrationDetail> {
    let (summary, data, candidates) = summarise(conn, row, true, names, now).await?;
    Ok(PreRegistrationDetail {
        summary,
        data,
        events: events(conn, row.id).await?,
        candidates,
    })
}

/// A request in full, with its duplicate candidates; the read is audited.
pub async fn read(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: Uuid,
    names: CommuneName<'_>,
    now: DateTime<Utc>,
) -> StorageResult<PreRegistrationDetail> {
    let txn = db.begin_write().await?;
    let row = find(&txn, scope, id).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "preregistration", row.id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Consultation de la pré-inscription {} ({})",
                row.reference, row.full_name
            )),
    )
    .await?;
    let out = full(&txn, &row, names, now).await?;
    txn.commit().await?;
    Ok(out)
}

async fn set_status(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    row: &preregistration::Model,
    status: PreRegistrationStatus,
    note: Option<String>,
    youth_id: Option<Uuid>,
) -> StorageResult<()> {
    let now = crate::now();
    let author = youths::author_of(conn, ctx).await?;
    let mut model: preregistration::ActiveModel = row.clone().into();
    model.status = Set(status.code().to_owned());
    model.status_at = Set(now);
    model.status_by = Set(author.id);
    model.status_by_name = Set(Some(author.name.clone()));
    if youth_id.is_some() {
        model.youth_id = Set(youth_id);
    }
    model.update(conn).await?;
    preregistration_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        preregistration_id: Set(row.id),
        status: Set(status.code().to_owned()),
        at: Set(now),
        author_id: Set(author.id),
        author_name: Set(Some(author.name)),
        note: Set(note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())),
    }
    .insert(conn)
    .await?;
    audit::record(
        conn,
        ctx,
        Entry::new(AuditAction::Update, "preregistration", row.id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Pré-inscription {} ({}) : {}",
                row.reference,
                row.full_name,
                status.label()
            )),
    )
    .await
}

/// Moves a request to a new status by hand (contacted, appointment, redirected, withdrawn).
#[expect(
    clippy::too_many_arguments,
    reason = "the request, its change and the reference data"
)]
pub async fn change_status(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: Uuid,
    status: PreRegistrationStatus,
    note: Option<String>,
    names: CommuneName<'_>,
    now: DateTime<Utc>,
) -> StorageResult<PreRegistrationDetail> {
    let txn = db.begin_write().await?;
    let row = find(&txn, scope, id).await?;
    if !status_of(&row).can_move_to(status) {
        return Err(StorageError::NotNow("status_transition"));
    }
    set_status(&txn, ctx, &row, status, note, None).await?;
    let row = find(&txn, scope, id).await?;
    let out = full(&txn, &row, names, now).await?;
    txn.commit().await?;
    Ok(out)
}

/// Creates the file from a request (what the young person entered counts as theirs), or
/// attaches the request to an existing file, filling only the file's empty fields. Returns the
/// file and whether it was created.
pub async fn register(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: Uuid,
    existing: Option<YouthId>,
    counsellor_id: Option<AccountId>,
    today: NaiveDate,
) -> StorageResult<(YouthDetail, bool)> {
    let txn = db.begin_write().await?;
    let row = find(&txn, scope, id).await?;
    if !status_of(&row).can_register() {
        return Err(StorageError::NotNow("status_transition"));
    }
    let data = data_of(&row)?;
    let (file, created) = match existing {
        None => {
            let file = youths::insert(
                &txn,
                ctx,
                StructureId(row.structure_id),
                NewFile {
                    data,
                    origin: Origin::Jeune,
                    counsellor_id,
                },
                today,
            )
            .await?;
            (file, true)
        }
        Some(youth_id) => {
            let file = youths::find_in_scope(&txn, scope, youth_id).await?;
            if file.status != domain::dto::YouthFileStatus::Active.code() {
                return Err(StorageError::NotNow("file_not_active"));
            }
            let mut current = youths::data_of(&file)?;
            let empty = YouthFileData::default();
            let mut changes = Vec::new();
            for field in FileField::ALL {
                let mine = field.get(&current);
                let theirs = field.get(&data);
                if mine == field.get(&empty) && theirs != mine && !theirs.is_null() {
                    field
                        .set(&mut current, &theirs, today)
                        .map_err(|e| StorageError::Invalid(vec![e.at(field.code())]))?;
                    changes.push(youths::changes::PendingChange {
                        field: *field,
                        old: mine,
                        new: theirs,
                        kind: ChangeKind::Edit,
                        restored_from: None,
                    });
                }
            }
            let author = youths::Author {
                id: None,
                name: format!("{} (pré-inscription {})", row.full_name, row.reference),
                origin: Origin::Jeune,
            };
            let file = if changes.is_empty() {
                file
            } else {
                youths::changes::commit_changes(&txn, &file, &current, changes, &author, today)
                    .await?
            };
            youths::changes::touch_contact(&txn, file.id, today).await?;
            (file, false)
        }
    };
    set_status(
        &txn,
        ctx,
        &row,
        PreRegistrationStatus::Registered,
        Some(
            if created {
                "Dossier créé"
            } else {
                "Rattachée à un dossier existant"
            }
            .to_owned(),
        ),
        Some(file.id),
    )
    .await?;
    crate::agenda::booking::attach_preregistration(&txn, row.id, file.id).await?;
    let file = youths::find_in_scope(&txn, scope, YouthId(file.id)).await?;
    let out = youths::detail(&txn, file, today).await?;
    txn.commit().await?;
    Ok((out, created))
}

/// The requests a young person sent (for their data export), without duplicate candidates.
pub async fn of_youth(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    now: DateTime<Utc>,
) -> StorageResult<Vec<PreRegistrationDetail>> {
    let rows = preregistration::Entity::find()
        .filter(preregistration::Column::YouthId.eq(youth_id))
        .order_by_asc(preregistration::Column::ReceivedAt)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let (summary, data, _) = summarise(conn, row, false, &|_| None, now).await?;
        out.push(PreRegistrationDetail {
            summary,
            data,
            events: events(conn, row.id).await?,
            candidates: Vec::new(),
        });
    }
    Ok(out)
}

/// How many open requests wait at a structure's reception.
pub async fn count_open(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
) -> StorageResult<u64> {
    let open: Vec<&str> = PreRegistrationStatus::ALL
        .iter()
        .filter(|s| !s.is_final())
        .map(|s| s.code())
        .collect();
    Ok(preregistration::Entity::find()
        .filter(preregistration::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(preregistration::Column::Status.is_in(open))
        .count(conn)
        .await?)
}
