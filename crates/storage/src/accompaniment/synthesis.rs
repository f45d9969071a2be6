//! The one-page synthesis (A8): for each theme, urgent first, the problems and what is in
//! progress.

use chrono::NaiveDate;
use domain::accompaniment::{
    ContractStatus, DiagnosticContent, ObjectiveStatus, UrgencyLevel, french_date, monday_of,
};
use domain::dto::{Contract, Plan, Synthesis, SynthesisSolution, SynthesisTheme};
use domain::people::age_on;
use domain::{Scope, YouthId};
use sea_orm::EntityTrait;

use super::{hours, interviews, plan, record_read};
use crate::audit::AuditContext;
use crate::entities::account;
use crate::youths::find_in_scope;
use crate::{Db, StorageResult};

/// Builds the themes of a synthesis from a diagnostic and a plan.
pub(crate) fn themes(content: &DiagnosticContent, plan: &Plan) -> Vec<SynthesisTheme> {
    content
        .themes_by_urgency()
        .into_iter()
        .map(|(theme, urgency)| {
            let assessment = content.theme(theme);
            let mut problems = Vec::new();
            if let Some(a) = assessment {
                if !a.obstacles.is_empty() {
                    problems.push(a.obstacles.clone());
                }
                for d in a.demands.iter().filter(|d| d.status.is_open()) {
                    problems.push(if d.detail.is_empty() {
                        format!("Demande : {}", d.category.label())
                    } else {
                        format!("Demande : {} — {}", d.category.label(), d.detail)
                    });
                }
            }
            let mut solutions: Vec<SynthesisSolution> = plan
                .objectives
                .iter()
                .filter(|o| o.theme == theme && o.status == ObjectiveStatus::EnCours)
                .map(|o| SynthesisSolution {
                    kind: "objectif".into(),
                    label: o.title.clone(),
                    status: o.status.label().into(),
                    due_on: o.deadline,
                })
                .collect();
            solutions.extend(
                plan.actions
                    .iter()
                    .filter(|a| a.theme == Some(theme) && a.status.is_open())
                    .map(|a| SynthesisSolution {
                        kind: "action".into(),
                        label: a.title.clone(),
                        status: a.status.label().into(),
                        due_on: a.due_on,
                    }),
            );
            SynthesisTheme {
                theme,
                urgency,
                situation: assessment.map(|a| a.situation.clone()).unwrap_or_default(),
                problems,
                solutions,
            }
        })
        .collect()
}

pub(crate) fn running_contracts(contracts: &[Contract]) -> Vec<SynthesisSolution> {
    contracts
        .iter()
        .filter(|c| c.status == ContractStatus::EnCours)
        .map(|c| SynthesisSolution {
            kind: "dispositif".into(),
            label: format!(
                "{} depuis le {}",
                c.scheme.label(),
                french_date(c.started_on)
            ),
            status: c.status.label().into(),
            due_on: Some(c.planned_end),
        })
        .collect()
}

/// The synthesis of a file on `today`.
pub async fn synthesis(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    today: NaiveDate,
) -> StorageResult<Synthesis> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "de la synthèse").await?;
    let latest = super::diagnostic::latest(&txn, file.id).await?;
    let revision = latest
        .as_ref()
        .map(super::diagnostic::to_revision)
        .transpose()?;
    let content = revision
        .as_ref()
        .map(|r| r.content.clone())
        .unwrap_or_default();
    let plan = plan::load(&txn, file.id).await?;
    let contracts = super::contracts::load(&txn, file.id).await?;
    let running_cej = contracts.iter().find(|c| {
        c.status == ContractStatus::EnCours && c.scheme == domain::accompaniment::Scheme::Cej
    });
    let current_week = match running_cej {
        Some(c) => {
            let period = (c.started_on, c.ended_on.unwrap_or(c.planned_end));
            let monday = monday_of(today);
            hours::weeks_of(&txn, file.id, Some(period), monday, monday)
                .await?
                .pop()
        }
        None => None,
    };
    let last_interview = interviews::load(&txn, file.id, Some(1)).await?.pop();
    let counsellor = match file.counsellor_id {
        Some(id) => account::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|a| crate::accounts::person_ref(&a)),
        None => None,
    };
    txn.commit().await?;
    Ok(Synthesis {
        youth_id,
        name: super::name_of(&file),
        age: Some(age_on(file.birth_date, today)),
        counsellor,
        diagnostic_revision: revision.as_ref().map(|r| r.number),
        diagnostic_at: revision.as_ref().map(|r| r.created_at),
        justice: if revision.is_some() {
            content.justice.urgency
        } else {
            UrgencyLevel::Aucune
        },
        themes: themes(&content, &plan),
        contracts: running_contracts(&contracts),
        savoir_etre: content.savoir_etre.clone(),
        savoir_faire: content.savoir_faire.clone(),
        current_week,
        last_interview,
    })
}
