//! The diagnostic: each save is a new numbered revision; the latest is the diagnostic.

use domain::accompaniment::{DiagnosticContent, UrgencyLevel, compare as compare_contents};
use domain::dto::{
    AuditAction, DiagnosticComparison, DiagnosticRevision, DiagnosticRevisionSummary,
    DiagnosticView, NewDiagnosticRevision,
};
use domain::{FieldError, Scope, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{err, file_for_update, record, record_read};
use crate::audit::AuditContext;
use crate::entities::diagnostic_revision as rev;
use crate::youths::{author_of, find_in_scope, to_json};
use crate::{Db, StorageError, StorageResult};

/// Longest "what changed" comment.
const MAX_COMMENT: usize = 2000;

fn content_of(row: &rev::Model) -> StorageResult<DiagnosticContent> {
    serde_json::from_value(row.content.clone())
        .map_err(|e| StorageError::Corrupt(format!("diagnostic {}: {e}", row.id)))
}

fn number_of(row: &rev::Model) -> u32 {
    u32::try_from(row.number).unwrap_or(0)
}

pub(crate) fn to_revision(row: &rev::Model) -> StorageResult<DiagnosticRevision> {
    Ok(DiagnosticRevision {
        number: number_of(row),
        content: content_of(row)?,
        comment: row.comment.clone(),
        author_name: row.author_name.clone(),
        created_at: row.created_at,
    })
}

fn to_summary(row: &rev::Model) -> StorageResult<DiagnosticRevisionSummary> {
    let content = content_of(row)?;
    Ok(DiagnosticRevisionSummary {
        number: number_of(row),
        comment: row.comment.clone(),
        author_name: row.author_name.clone(),
        created_at: row.created_at,
        urgent: content
            .urgencies()
            .into_iter()
            .filter(|(_, level)| *level == UrgencyLevel::Urgente)
            .map(|(domain, _)| domain.code().to_owned())
            .collect(),
    })
}

/// The latest revision of a file.
pub(crate) async fn latest(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Option<rev::Model>> {
    Ok(rev::Entity::find()
        .filter(rev::Column::YouthId.eq(youth_id))
        .order_by_desc(rev::Column::Number)
        .one(conn)
        .await?)
}

async fn by_number(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    number: u32,
) -> StorageResult<rev::Model> {
    rev::Entity::find()
        .filter(rev::Column::YouthId.eq(youth_id))
        .filter(rev::Column::Number.eq(i32::try_from(number).unwrap_or(i32::MAX)))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// The diagnostic and the list of its revisions.
pub async fn view(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<DiagnosticView> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "du diagnostic").await?;
    let rows = rev::Entity::find()
        .filter(rev::Column::YouthId.eq(file.id))
        .order_by_desc(rev::Column::Number)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(DiagnosticView {
        current: rows.first().map(to_revision).transpose()?,
        revisions: rows.iter().map(to_summary).collect::<StorageResult<_>>()?,
    })
}

/// One revision.
pub async fn revision(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    number: u32,
) -> StorageResult<DiagnosticRevision> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    let row = by_number(&txn, file.id, number).await?;
    record_read(
        &txn,
        ctx,
        &file,
        &format!("de la version {number} du diagnostic"),
    )
    .await?;
    txn.commit().await?;
    to_revision(&row)
}

/// Two revisions compared.
pub async fn compare(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    from: u32,
    to: u32,
) -> StorageResult<DiagnosticComparison> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    let a = by_number(&txn, file.id, from).await?;
    let b = by_number(&txn, file.id, to).await?;
    record_read(
        &txn,
        ctx,
        &file,
        &format!("des versions {from} et {to} du diagnostic"),
    )
    .await?;
    txn.commit().await?;
    Ok(DiagnosticComparison {
        differences: compare_contents(&content_of(&a)?, &content_of(&b)?),
        from: to_summary(&a)?,
        to: to_summary(&b)?,
    })
}

fn conflict(latest: &rev::Model) -> StorageError {
    StorageError::EditConflict(vec![err(
        "base_number",
        "edit_conflict",
        format!(
            "{} a enregistré la version {} du diagnostic le {} : rechargez-la avant de modifier.",
            latest.author_name,
            latest.number,
            domain::accompaniment::paris_text(latest.created_at)
        ),
    )])
}

/// Saves a new revision written from `base_number` (409 if another was saved meanwhile).
pub async fn save(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    input: NewDiagnosticRevision,
) -> StorageResult<DiagnosticRevision> {
    let content = input.content.normalised();
    let mut errors: Vec<FieldError> = content
        .validate()
        .into_iter()
        .map(|mut e| {
            e.field = format!("content.{}", e.field);
            e
        })
        .collect();
    let comment = input.comment.trim().to_owned();
    if comment.chars().count() > MAX_COMMENT {
        errors.push(err(
            "comment",
            "too_long",
            format!("{MAX_COMMENT} caractères au plus."),
        ));
    }
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let current = latest(&txn, file.id).await?;
    if let Some(current) = &current {
        if input.base_number != Some(number_of(current)) {
            return Err(conflict(current));
        }
        if comment.is_empty() {
            errors.push(err(
                "comment",
                "required",
                "Dites en quelques mots ce qui a changé depuis la version précédente.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let number = current.as_ref().map_or(1, |c| c.number + 1);
    let author = author_of(&txn, ctx).await?;
    let row = rev::ActiveModel {
        id: Set(Uuid::new_v4()),
        youth_id: Set(file.id),
        number: Set(number),
        content: Set(to_json(&content)?),
        comment: Set(if comment.is_empty() && number == 1 {
            "Premier diagnostic".to_owned()
        } else {
            comment
        }),
        author_id: Set(author.id),
        author_name: Set(author.name),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Another save of the same number won the race.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            StorageError::EditConflict(vec![err(
                "base_number",
                "edit_conflict",
                "Le diagnostic vient d'être enregistré par quelqu'un d'autre : rechargez-le.",
            )])
        }
        _ => StorageError::Database(e),
    })?;
    record(
        &txn,
        ctx,
        &file,
        if number == 1 {
            AuditAction::Create
        } else {
            AuditAction::Update
        },
        "diagnostic",
        Some(row.id),
        format!("Diagnostic de {} : version {number}", super::name_of(&file)),
    )
    .await?;
    crate::offers::profiles::refresh(&txn, file.id).await?;
    txn.commit().await?;
    to_revision(&row)
}
