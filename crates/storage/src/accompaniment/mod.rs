//! The accompaniment of a young person (issue 4): the diagnostic and its revisions, the action
//! plan, CEJ and PACEA contracts, CEJ hours, interviews, the timeline, the synthesis and the data
//! of the recap and bilan documents.
//!
//! Every function first finds the file within the caller's scope (404 otherwise) and writes its
//! audit entry in the same transaction: reads of a young person's accompaniment are audited like
//! reads of the file. Rows hang off the file by `youth_id`; there is no structure column to keep
//! in step on a transfer.

pub mod contracts;
pub mod diagnostic;
pub mod documents;
pub mod hours;
pub mod interviews;
pub mod plan;
pub mod synthesis;

use domain::dto::{AuditAction, YouthFileStatus};
use domain::{Scope, StructureId, YouthId};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::youth;
use crate::scope::Scoped;
use crate::{StorageError, StorageResult};

pub(crate) use domain::accompaniment::field_error as err;

/// Reads a stored code of a closed list.
pub(crate) fn code<T>(value: &str, from_code: fn(&str) -> Option<T>) -> StorageResult<T> {
    from_code(value).ok_or_else(|| StorageError::Corrupt(format!("unknown code {value:?}")))
}

/// The file within the scope, locked for the rest of the transaction on PostgreSQL (SQLite
/// write transactions are already exclusive), so that checks across rows of one file (no two
/// running contracts, 24 hours a day) hold under concurrency.
pub(crate) async fn file_for_update(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<youth::Model> {
    let row = youth::Entity::find_by_id(youth_id.as_uuid())
        .filter(youth::Entity::within(scope))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.status != YouthFileStatus::Active.code() {
        return Err(StorageError::NotNow(
            "Ce dossier n'est plus actif (fusionné ou anonymisé) : il ne peut plus être modifié.",
        ));
    }
    Ok(row)
}

/// On a merge, the accompaniment of the merged file moves to the kept one: plan, contracts,
/// hours, interviews; the diagnostic too when the kept file has none (otherwise it stays,
/// readable, on the merged file).
pub(crate) async fn move_records(
    conn: &impl ConnectionTrait,
    from: Uuid,
    to: Uuid,
) -> StorageResult<()> {
    use sea_orm::ColumnTrait;
    use sea_orm::sea_query::Expr;

    use crate::entities::{
        cej_activity, contract, diagnostic_revision, interview, plan_action, plan_objective,
    };

    macro_rules! move_rows {
        ($($entity:ident),+) => {$(
            $entity::Entity::update_many()
                .col_expr($entity::Column::YouthId, Expr::value(to))
                .filter($entity::Column::YouthId.eq(from))
                .exec(conn)
                .await?;
        )+};
    }
    move_rows!(
        plan_objective,
        plan_action,
        contract,
        cej_activity,
        interview
    );
    if diagnostic::latest(conn, to).await?.is_none() {
        move_rows!(diagnostic_revision);
    }
    crate::agenda::move_records(conn, from, to).await
}

/// "Prénom Nom" of a file.
pub(crate) fn name_of(row: &youth::Model) -> String {
    format!("{} {}", row.first_name, row.last_name)
}

/// Writes an audit entry about the file.
pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    row: &youth::Model,
    action: AuditAction,
    entity_type: &'static str,
    entity_id: Option<Uuid>,
    summary: String,
) -> StorageResult<()> {
    audit::record(
        conn,
        ctx,
        Entry::new(action, entity_type, entity_id.or(Some(row.id)))
            .youth(YouthId(row.id))
            .structure(StructureId(row.structure_id))
            .summary(summary),
    )
    .await
}

/// Records a read of part of the accompaniment.
pub(crate) async fn record_read(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    row: &youth::Model,
    what: &str,
) -> StorageResult<()> {
    record(
        conn,
        ctx,
        row,
        AuditAction::Read,
        "youth",
        None,
        format!("Consultation {what} de {}", name_of(row)),
    )
    .await
}
