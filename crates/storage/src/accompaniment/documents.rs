//! The data of the documents generated from the file (A19, B5): the recap of the diagnostic and
//! plan for the young person, and the CEJ review (bilan). Rendering is the API's job; each call
//! is audited as an export.

use chrono::NaiveDate;
use domain::accompaniment::{Scheme, monday_of};
use domain::dto::{AuditAction, Contract, DiagnosticRevision, Plan, PlanAction, WeekHours};
use domain::{ContractId, Scope, YouthId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{contracts, diagnostic, name_of, plan, record};
use crate::audit::AuditContext;
use crate::entities::{contract, structure};
use crate::youths::find_in_scope;
use crate::{Db, StorageError, StorageResult};

/// What the recap shows.
#[derive(Clone, Debug)]
pub struct RecapData {
    /// "Prénom Nom".
    pub name: String,
    /// The Mission Locale.
    pub structure_name: String,
    /// The latest diagnostic.
    pub diagnostic: Option<DiagnosticRevision>,
    /// The plan.
    pub plan: Plan,
    /// The contracts.
    pub contracts: Vec<Contract>,
}

/// What the CEJ review shows.
#[derive(Clone, Debug)]
pub struct BilanData {
    /// "Prénom Nom".
    pub name: String,
    /// The Mission Locale.
    pub structure_name: String,
    /// The contract.
    pub contract: Contract,
    /// Every week of the contract up to today, oldest first.
    pub weeks: Vec<WeekHours>,
    /// The plan's actions linked to the contract or due during it.
    pub actions: Vec<PlanAction>,
}

async fn structure_name(
    conn: &impl sea_orm::ConnectionTrait,
    id: uuid::Uuid,
) -> StorageResult<String> {
    Ok(structure::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|s| s.name)
        .unwrap_or_default())
}

/// The recap's data.
pub async fn recap(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<RecapData> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Export,
        "youth",
        None,
        format!(
            "Récapitulatif du diagnostic et du plan de {} (PDF)",
            name_of(&file)
        ),
    )
    .await?;
    let diagnostic = diagnostic::latest(&txn, file.id)
        .await?
        .as_ref()
        .map(diagnostic::to_revision)
        .transpose()?;
    let data = RecapData {
        name: name_of(&file),
        structure_name: structure_name(&txn, file.structure_id).await?,
        diagnostic,
        plan: plan::load(&txn, file.id).await?,
        contracts: contracts::load(&txn, file.id).await?,
    };
    txn.commit().await?;
    Ok(data)
}

/// The CEJ review's data, weeks up to `today` (or the contract's end).
pub async fn bilan(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    contract_id: ContractId,
    today: NaiveDate,
) -> StorageResult<BilanData> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    let row = contract::Entity::find_by_id(contract_id.as_uuid())
        .filter(contract::Column::YouthId.eq(file.id))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.scheme != Scheme::Cej.code() {
        return Err(StorageError::NotNow("Le bilan d'heures concerne un CEJ."));
    }
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Export,
        "contract",
        Some(row.id),
        format!("Bilan CEJ de {} (PDF)", name_of(&file)),
    )
    .await?;
    let (started_on, contract_end) = super::hours::period(&row);
    let first = monday_of(started_on);
    let last = monday_of(contract_end.min(today).max(started_on));
    let mut weeks =
        super::hours::weeks_of(&txn, file.id, Some((started_on, contract_end)), first, last)
            .await?;
    weeks.reverse();
    let contract = contracts::reload(&txn, row.id).await?;
    let actions = plan::load(&txn, file.id)
        .await?
        .actions
        .into_iter()
        .filter(|a| {
            a.contract_id == Some(contract_id)
                || a.due_on
                    .is_some_and(|d| d >= started_on && d <= contract_end)
        })
        .collect();
    let data = BilanData {
        name: name_of(&file),
        structure_name: structure_name(&txn, file.structure_id).await?,
        contract,
        weeks,
        actions,
    };
    txn.commit().await?;
    Ok(data)
}
