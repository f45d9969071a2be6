//! Interviews (B23) and the accompaniment timeline.

use chrono::{DateTime, Utc};
use domain::accompaniment::{
    ActionStatus, ExitReason, InterviewChannel, InterviewKind, Scheme, Theme, check_interview,
    french_date, paris_date,
};
use domain::dto::{AuditAction, Interview, NewInterview, TimelineEntry, TimelineKind};
use domain::{InterviewId, Scope, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{code, err, file_for_update, name_of, record, record_read};
use crate::audit::AuditContext;
use crate::entities::{
    account, contract, contract_extension, diagnostic_revision, interview, plan_action, youth,
};
use crate::youths::{find_in_scope, to_json};
use crate::{Db, StorageError, StorageResult};

async fn to_interviews(
    conn: &impl ConnectionTrait,
    rows: &[interview::Model],
) -> StorageResult<Vec<Interview>> {
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.counsellor_id).collect();
    let people = if ids.is_empty() {
        Vec::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(ids))
            .all(conn)
            .await?
    };
    rows.iter()
        .map(|r| {
            Ok(Interview {
                id: InterviewId(r.id),
                occurred_at: r.occurred_at,
                channel: code(&r.channel, InterviewChannel::from_code)?,
                kind: code(&r.kind, InterviewKind::from_code)?,
                counsellor: r
                    .counsellor_id
                    .and_then(|id| people.iter().find(|p| p.id == id))
                    .map(crate::accounts::person_ref),
                summary: r.summary.clone(),
                themes: serde_json::from_value::<Vec<Theme>>(r.themes.clone()).unwrap_or_default(),
            })
        })
        .collect()
}

/// The interviews of a file, newest first, unaudited.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    limit: Option<u64>,
) -> StorageResult<Vec<Interview>> {
    use sea_orm::QuerySelect as _;
    let rows = interview::Entity::find()
        .filter(interview::Column::YouthId.eq(youth_id))
        .order_by_desc(interview::Column::OccurredAt)
        .limit(limit)
        .all(conn)
        .await?;
    to_interviews(conn, &rows).await
}

/// The interviews of a file.
pub async fn list(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<Vec<Interview>> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "des entretiens").await?;
    let list = load(&txn, file.id, None).await?;
    txn.commit().await?;
    Ok(list)
}

/// Records an interview; it moves the file's last contact forward.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    input: NewInterview,
    now: DateTime<Utc>,
) -> StorageResult<Interview> {
    let mut errors = Vec::new();
    if input.channel.is_none() {
        errors.push(err(
            "channel",
            "required",
            "Choisissez comment l'entretien a eu lieu.",
        ));
    }
    errors.extend(check_interview(input.occurred_at, &input.summary, now));
    let (Some(at), Some(channel), true) = (input.occurred_at, input.channel, errors.is_empty())
    else {
        return Err(StorageError::Invalid(errors));
    };
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let mut themes = input.themes.clone();
    themes.sort();
    themes.dedup();
    let row = interview::ActiveModel {
        id: Set(Uuid::new_v4()),
        youth_id: Set(file.id),
        occurred_at: Set(at),
        channel: Set(channel.code().to_owned()),
        kind: Set(input.kind.unwrap_or(InterviewKind::Suivi).code().to_owned()),
        counsellor_id: Set(ctx.actor.map(|a| a.account_id.as_uuid())),
        summary: Set(input.summary.trim().to_owned()),
        themes: Set(to_json(&themes)?),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let day = paris_date(at);
    if file.last_contact_on.is_none_or(|last| last < day) {
        let mut m: youth::ActiveModel = file.clone().into();
        m.last_contact_on = Set(Some(day));
        m.update(&txn).await?;
    }
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "interview",
        Some(row.id),
        format!("Entretien avec {} le {}", name_of(&file), french_date(day)),
    )
    .await?;
    let out = to_interviews(&txn, &[row]).await?.remove(0);
    txn.commit().await?;
    Ok(out)
}

/// The timeline: interviews, diagnostic revisions, contract events and actions done, newest
/// first.
pub async fn timeline(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<Vec<TimelineEntry>> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "de l'historique d'accompagnement").await?;
    let mut out = Vec::new();
    for i in load(&txn, file.id, None).await? {
        out.push(TimelineEntry {
            at: i.occurred_at,
            kind: TimelineKind::Entretien,
            title: format!("{} · {}", i.kind.label(), i.channel.label().to_lowercase()),
            detail: i.summary,
            author_name: i.counsellor.map(|c| c.full_name()).unwrap_or_default(),
        });
    }
    for d in diagnostic_revision::Entity::find()
        .filter(diagnostic_revision::Column::YouthId.eq(file.id))
        .all(&txn)
        .await?
    {
        out.push(TimelineEntry {
            at: d.created_at,
            kind: TimelineKind::Diagnostic,
            title: format!("Diagnostic, version {}", d.number),
            detail: d.comment,
            author_name: d.author_name,
        });
    }
    let contracts = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(file.id))
        .all(&txn)
        .await?;
    let contract_ids: Vec<Uuid> = contracts.iter().map(|c| c.id).collect();
    for c in contracts {
        let scheme = code(&c.scheme, Scheme::from_code)?;
        out.push(TimelineEntry {
            at: c.created_at,
            kind: TimelineKind::Contrat,
            title: format!(
                "{} démarré le {}",
                scheme.label(),
                french_date(c.started_on)
            ),
            detail: c
                .override_reason
                .clone()
                .map(|r| format!("Dérogation : {r}"))
                .unwrap_or_default(),
            author_name: c.created_by_name.clone(),
        });
        if let (Some(ended), Some(reason)) = (c.ended_on, c.exit_reason.as_deref()) {
            out.push(TimelineEntry {
                at: c.updated_at,
                kind: TimelineKind::Contrat,
                title: format!("{} terminé le {}", scheme.label(), french_date(ended)),
                detail: format!(
                    "{}{}",
                    ExitReason::from_code(reason).map_or("", ExitReason::label),
                    c.exit_comment
                        .as_deref()
                        .map(|x| format!(" — {x}"))
                        .unwrap_or_default()
                ),
                author_name: String::new(),
            });
        }
    }
    if !contract_ids.is_empty() {
        for e in contract_extension::Entity::find()
            .filter(contract_extension::Column::ContractId.is_in(contract_ids))
            .all(&txn)
            .await?
        {
            out.push(TimelineEntry {
                at: e.at,
                kind: TimelineKind::Contrat,
                title: format!("Prolongation jusqu'au {}", french_date(e.to_end)),
                detail: e.reason,
                author_name: e.by_name,
            });
        }
    }
    for a in plan_action::Entity::find()
        .filter(plan_action::Column::YouthId.eq(file.id))
        .filter(plan_action::Column::Status.eq(ActionStatus::Fait.code()))
        .all(&txn)
        .await?
    {
        if let Some(at) = a.done_by_youth_at {
            out.push(TimelineEntry {
                at,
                kind: TimelineKind::Action,
                title: format!("Action faite par le jeune : {}", a.title),
                detail: String::new(),
                author_name: name_of(&file),
            });
        }
        if let Some(at) = a.validated_at {
            out.push(TimelineEntry {
                at,
                kind: TimelineKind::Action,
                title: format!("Action validée : {}", a.title),
                detail: String::new(),
                author_name: a.validated_by_name.unwrap_or_default(),
            });
        }
    }
    txn.commit().await?;
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(out)
}
