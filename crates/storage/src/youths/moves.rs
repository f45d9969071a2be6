//! Who follows a file and where it lives: the referent counsellor, the transfer to another
//! Mission Locale with its history (A9), who opened the file (G2) and the data export.

use chrono::NaiveDate;
use domain::dto::{AuditAction, FileReader, YouthDetail, YouthFileStatus};
use domain::{AccountId, Role, Scope, StructureId, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{detail, find_in_scope};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, audit_event, structure, youth, youth_match_key};
use crate::{Db, StorageError, StorageResult};

/// Not a counsellor of this Mission Locale.
const NOT_A_COUNSELLOR: &str = "not_a_counsellor";

/// Assigns (or clears) the referent counsellor of a file.
pub async fn assign_counsellor(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    counsellor: Option<AccountId>,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    let name = match counsellor {
        Some(account_id) => {
            let account = account::Entity::find_by_id(account_id.as_uuid())
                .filter(account::Column::StructureId.eq(row.structure_id))
                .filter(account::Column::IsActive.eq(true))
                .one(&txn)
                .await?
                .ok_or(StorageError::NotNow(NOT_A_COUNSELLOR))?;
            let role = crate::accounts::role_of(&account)?;
            if !matches!(role, Role::Conseiller | Role::Manager) {
                return Err(StorageError::NotNow(NOT_A_COUNSELLOR));
            }
            format!("{} {}", account.first_name, account.last_name)
        }
        None => "personne".to_owned(),
    };
    youth::Entity::update_many()
        .col_expr(
            youth::Column::CounsellorId,
            Expr::value(counsellor.map(AccountId::as_uuid)),
        )
        .col_expr(youth::Column::UpdatedAt, Expr::value(crate::now()))
        .filter(youth::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "youth", row.id)
            .youth(id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Conseiller référent de {} {} : {name}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    let row = youth::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let out = detail(&txn, row, today).await?;
    txn.commit().await?;
    Ok(out)
}

/// Moves a file, with its history and its app account, to another Mission Locale. The
/// referent counsellor is cleared; both structures' audit logs record the move.
pub async fn transfer(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    to: StructureId,
    note: Option<&str>,
) -> StorageResult<()> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    if row.status != YouthFileStatus::Active.code() {
        return Err(StorageError::NotNow("file_not_active"));
    }
    if row.structure_id == to.as_uuid() {
        return Err(StorageError::NotNow("same_structure"));
    }
    let from = structure::Entity::find_by_id(row.structure_id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let target = structure::Entity::find_by_id(to.as_uuid())
        .one(&txn)
        .await?
        .ok_or(StorageError::NotNow("unknown_structure"))?;
    youth::Entity::update_many()
        .col_expr(youth::Column::StructureId, Expr::value(target.id))
        .col_expr(
            youth::Column::CounsellorId,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .col_expr(youth::Column::UpdatedAt, Expr::value(crate::now()))
        .filter(youth::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    youth_match_key::Entity::update_many()
        .col_expr(youth_match_key::Column::StructureId, Expr::value(target.id))
        .filter(youth_match_key::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    account::Entity::update_many()
        .col_expr(account::Column::StructureId, Expr::value(target.id))
        .filter(account::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let summary = format!(
        "Dossier de {} {} transféré de « {} » à « {} »{}",
        row.first_name,
        row.last_name,
        from.name,
        target.name,
        note.map(|n| format!(" : {n}")).unwrap_or_default()
    );
    for structure_id in [from.id, target.id] {
        audit::record(
            &txn,
            ctx,
            Entry::new(AuditAction::Transfer, "youth", row.id)
                .youth(id)
                .structure(StructureId(structure_id))
                .summary(summary.clone()),
        )
        .await?;
    }
    crate::offers::profiles::refresh(&txn, row.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Who opened or exported a file, newest first (at most 500 entries).
pub async fn readers(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
) -> StorageResult<Vec<FileReader>> {
    let row = find_in_scope(conn, scope, id).await?;
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::YouthId.eq(row.id))
        .filter(
            Condition::any()
                .add(audit_event::Column::Action.eq(AuditAction::Read.as_str()))
                .add(audit_event::Column::Action.eq(AuditAction::Export.as_str())),
        )
        .order_by_desc(audit_event::Column::OccurredAt)
        .limit(500)
        .all(conn)
        .await?;
    let actor_ids: Vec<uuid::Uuid> = events.iter().filter_map(|e| e.actor_id).collect();
    let names: std::collections::HashMap<uuid::Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(actor_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, format!("{} {}", a.first_name, a.last_name)))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| FileReader {
            at: e.occurred_at,
            name: e
                .actor_id
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_else(|| "Compte supprimé".to_owned()),
            role: e
                .actor_role
                .as_deref()
                .and_then(Role::parse)
                .map_or_else(String::new, |r| r.label().to_owned()),
            summary: AuditAction::parse(&e.action)
                .map_or_else(String::new, |a| a.label().to_owned()),
        })
        .collect())
}

/// Everything held about a young person, for the RGPD export; the export itself is audited.
pub async fn export(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    today: NaiveDate,
) -> StorageResult<domain::dto::YouthDataExport> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Export, "youth", row.id)
            .youth(id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Export des données de {} {}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    let structure_name = structure::Entity::find_by_id(row.structure_id)
        .one(&txn)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    let history = super::changes::history_of(&txn, row.id).await?;
    let readers = readers(&txn, scope, id).await?;
    let preregistrations = crate::preregistrations::of_youth(&txn, row.id, crate::now()).await?;
    let (appointments, messages) = crate::agenda::export_of(&txn, row.id).await?;
    let file = detail(&txn, row, today).await?;
    txn.commit().await?;
    Ok(domain::dto::YouthDataExport {
        exported_at: crate::now(),
        structure_name,
        file,
        history,
        readers,
        preregistrations,
        appointments,
        messages,
    })
}
