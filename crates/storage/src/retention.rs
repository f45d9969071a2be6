//! The retention purge (G2): files past their retention date are anonymised — names, contact,
//! address, history values and audit summaries removed, the statistical fields kept — and
//! pre-registrations untouched for longer than their limit are deleted. Reports what it did.

use chrono::{Datelike, Duration, NaiveDate};
use domain::accompaniment::Scheme;
use domain::dto::{AuditAction, ChangeKind, PurgeReport, YouthFileStatus};
use domain::file::{FileField, Origin, RetentionPolicy, YouthFileData};
use domain::{StructureId, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{
    account, audit_event, cej_activity, contract, contract_extension, diagnostic_revision,
    interview, pacea_phase, plan_action, plan_action_comment, plan_objective, preregistration,
    youth, youth_change, youth_match_key,
};
use crate::youths::{apply_projection, data_of, project, to_json};
use crate::{Db, StorageResult};

/// What remains of a file once anonymised: what national statistics count, nothing that
/// identifies (the birth date becomes 1 January of the birth year).
fn anonymised(data: &YouthFileData) -> YouthFileData {
    YouthFileData {
        birth_name: "Anonyme".to_owned(),
        first_names: "Anonyme".to_owned(),
        birth_date: data
            .birth_date
            .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1)),
        sex: data.sex,
        nationality: data.nationality.clone(),
        housing: data.housing,
        education_level: data.education_level,
        situations: data
            .situations
            .iter()
            .cloned()
            .map(|mut s| {
                s.detail = None;
                s
            })
            .collect(),
        rqth: data.rqth,
        qpv: data.qpv,
        frr: data.frr,
        referrer: data.referrer,
        needs: data.needs.clone(),
        ..YouthFileData::default()
    }
}

/// The settings of a purge run.
#[derive(Clone, Copy, Debug)]
pub struct PurgeSettings {
    /// The retention durations.
    pub policy: RetentionPolicy,
    /// Days a pre-registration is kept after its last status change (its content lives on in
    /// the file when one was opened).
    pub preregistration_days: u32,
    /// Report only; write nothing.
    pub dry_run: bool,
}

/// Applies the retention rule on `today`.
pub async fn purge(
    db: &Db,
    settings: PurgeSettings,
    today: NaiveDate,
) -> StorageResult<PurgeReport> {
    let mut report = PurgeReport {
        as_of: Some(today),
        dry_run: settings.dry_run,
        ..PurgeReport::default()
    };
    // Only files born early enough can have expired (a nightly pass over the table: no index on
    // birth dates, which would mislead the portfolio queries).
    let candidates = youth::Entity::find()
        .filter(youth::Column::BirthDate.lte(settings.policy.youngest_possibly_expired(today)))
        .filter(youth::Column::Status.ne(YouthFileStatus::Anonymised.code()))
        .order_by_asc(youth::Column::BirthDate)
        .all(db.conn())
        .await?;
    for row in candidates {
        report.examined += 1;
        let cej_end = contract::Entity::find()
            .filter(contract::Column::YouthId.eq(row.id))
            .filter(contract::Column::Scheme.eq(Scheme::Cej.code()))
            .all(db.conn())
            .await?
            .iter()
            .map(|c| c.ended_on.unwrap_or(c.planned_end))
            .max();
        if !settings
            .policy
            .is_expired(row.birth_date, row.last_contact_on, cej_end, today)
        {
            report.kept += 1;
            continue;
        }
        report.anonymised += 1;
        if !settings.dry_run {
            anonymise(db, &row, today).await?;
        }
    }
    let limit = crate::now() - Duration::days(i64::from(settings.preregistration_days));
    let old = preregistration::Entity::find().filter(preregistration::Column::StatusAt.lt(limit));
    if settings.dry_run {
        report.preregistrations_deleted = old.all(db.conn()).await?.len() as u64;
    } else {
        let ids: Vec<Uuid> = old
            .all(db.conn())
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        if !ids.is_empty() {
            let txn = db.begin_write().await?;
            report.preregistrations_deleted = preregistration::Entity::delete_many()
                .filter(preregistration::Column::Id.is_in(ids))
                .exec(&txn)
                .await?
                .rows_affected;
            txn.commit().await?;
        }
    }
    Ok(report)
}

/// The accompaniment's personal content goes: diagnostic, plan, hours, interviews. Contracts stay
/// for the statistics (scheme, dates, exit reason) with their free texts blanked.
async fn forget_accompaniment(txn: &DatabaseTransaction, youth_id: Uuid) -> StorageResult<()> {
    crate::agenda::forget(txn, youth_id).await?;
    crate::offers::referrals::forget(txn, youth_id).await?;
    crate::offers::profiles::forget(txn, youth_id).await?;
    let actions: Vec<Uuid> = plan_action::Entity::find()
        .filter(plan_action::Column::YouthId.eq(youth_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if !actions.is_empty() {
        plan_action_comment::Entity::delete_many()
            .filter(plan_action_comment::Column::ActionId.is_in(actions))
            .exec(txn)
            .await?;
    }
    plan_action::Entity::delete_many()
        .filter(plan_action::Column::YouthId.eq(youth_id))
        .exec(txn)
        .await?;
    plan_objective::Entity::delete_many()
        .filter(plan_objective::Column::YouthId.eq(youth_id))
        .exec(txn)
        .await?;
    diagnostic_revision::Entity::delete_many()
        .filter(diagnostic_revision::Column::YouthId.eq(youth_id))
        .exec(txn)
        .await?;
    cej_activity::Entity::delete_many()
        .filter(cej_activity::Column::YouthId.eq(youth_id))
        .exec(txn)
        .await?;
    interview::Entity::delete_many()
        .filter(interview::Column::YouthId.eq(youth_id))
        .exec(txn)
        .await?;
    let contracts: Vec<Uuid> = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(youth_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    if !contracts.is_empty() {
        contract::Entity::update_many()
            .col_expr(
                contract::Column::ExitComment,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                contract::Column::OverrideReason,
                Expr::value(Option::<String>::None),
            )
            .filter(contract::Column::Id.is_in(contracts.clone()))
            .exec(txn)
            .await?;
        contract_extension::Entity::update_many()
            .col_expr(contract_extension::Column::Reason, Expr::value(""))
            .filter(contract_extension::Column::ContractId.is_in(contracts.clone()))
            .exec(txn)
            .await?;
        pacea_phase::Entity::update_many()
            .col_expr(pacea_phase::Column::Objectives, Expr::value(""))
            .col_expr(
                pacea_phase::Column::Evaluation,
                Expr::value(Option::<String>::None),
            )
            .filter(pacea_phase::Column::ContractId.is_in(contracts))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn anonymise(db: &Db, row: &youth::Model, today: NaiveDate) -> StorageResult<()> {
    let txn = db.begin_write().await?;
    let data = data_of(row)?;
    let kept = anonymised(&data);
    let now = crate::now();
    let mut model: youth::ActiveModel = row.clone().into();
    apply_projection(&mut model, project(&kept, today)?);
    model.data = Set(to_json(&kept)?);
    model.status = Set(YouthFileStatus::Anonymised.code().to_owned());
    model.version = Set(row.version + 1);
    model.anonymised_at = Set(Some(now));
    model.updated_at = Set(now);
    model.update(&txn).await?;
    // History values, blocking keys, the app account and pre-registrations go; audit
    // summaries (which name the person) are blanked.
    youth_change::Entity::delete_many()
        .filter(youth_change::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    youth_change::ActiveModel {
        id: Set(Uuid::new_v4()),
        youth_id: Set(row.id),
        version: Set(row.version + 1),
        field: Set(FileField::BirthName.code().to_owned()),
        old_value: Set(None),
        new_value: Set(Some(serde_json::Value::String("Anonyme".to_owned()))),
        kind: Set(ChangeKind::Anonymisation.code().to_owned()),
        origin: Set(Origin::Systeme.code().to_owned()),
        author_id: Set(None),
        author_name: Set("Passerelle".to_owned()),
        at: Set(now),
        restored_from: Set(None),
    }
    .insert(&txn)
    .await?;
    youth_match_key::Entity::delete_many()
        .filter(youth_match_key::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    account::Entity::delete_many()
        .filter(account::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    preregistration::Entity::delete_many()
        .filter(preregistration::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    forget_accompaniment(&txn, row.id).await?;
    audit_event::Entity::update_many()
        .col_expr(
            audit_event::Column::Summary,
            Expr::value("Dossier anonymisé"),
        )
        .filter(audit_event::Column::YouthId.eq(row.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &AuditContext::default(),
        Entry::new(AuditAction::Anonymise, "youth", row.id)
            .youth(YouthId(row.id))
            .structure(StructureId(row.structure_id))
            .summary("Dossier anonymisé à la fin de la durée de conservation"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
