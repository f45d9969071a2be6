//! The action plan: objectives, actions, their comments, the young person's "done" and the
//! counsellor's validation, and the week-by-week view.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::accompaniment::{
    ActionCarrier, ActionStatus, ObjectiveStatus, Theme, WeekItem, check_period, check_text,
    plan_weeks,
};
use domain::dto::{
    ActionComment, ActionInput, AuditAction, MarkActionDone, NewActionComment, Objective,
    ObjectiveInput, Plan, PlanAction, PlanWeeks,
};
use domain::file::Origin;
use domain::{ActionId, ContractId, FieldError, ObjectiveId, Scope, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{code, err, file_for_update, name_of, record, record_read};
use crate::audit::AuditContext;
use crate::entities::{contract, plan_action, plan_action_comment, plan_objective, youth};
use crate::youths::{author_of, find_in_scope};
use crate::{Db, StorageError, StorageResult};

const MAX_TITLE: usize = 300;
const MAX_DETAILS: usize = 4000;
const MAX_COMMENT: usize = 2000;

pub(crate) fn to_objective(row: &plan_objective::Model) -> StorageResult<Objective> {
    Ok(Objective {
        id: ObjectiveId(row.id),
        theme: code(&row.theme, Theme::from_code)?,
        title: row.title.clone(),
        start_on: row.start_on,
        deadline: row.deadline,
        status: code(&row.status, ObjectiveStatus::from_code)?,
        contract_id: row.contract_id.map(ContractId),
        updated_at: row.updated_at,
    })
}

pub(crate) fn to_action(
    row: &plan_action::Model,
    comments: &[plan_action_comment::Model],
) -> StorageResult<PlanAction> {
    Ok(PlanAction {
        id: ActionId(row.id),
        objective_id: row.objective_id.map(ObjectiveId),
        contract_id: row.contract_id.map(ContractId),
        theme: row
            .theme
            .as_deref()
            .map(|t| code(t, Theme::from_code))
            .transpose()?,
        title: row.title.clone(),
        details: row.details.clone(),
        carrier: code(&row.carrier, ActionCarrier::from_code)?,
        partner_name: row.partner_name.clone(),
        start_on: row.start_on,
        due_on: row.due_on,
        status: code(&row.status, ActionStatus::from_code)?,
        done_by_youth_at: row.done_by_youth_at,
        validated_by: row.validated_by_name.clone(),
        validated_at: row.validated_at,
        comments: comments
            .iter()
            .map(|c| {
                Ok(ActionComment {
                    author_name: c.author_name.clone(),
                    origin: code(&c.origin, Origin::from_code)?,
                    body: c.body.clone(),
                    created_at: c.created_at,
                })
            })
            .collect::<StorageResult<_>>()?,
        updated_at: row.updated_at,
    })
}

/// Objectives and actions of a file, unaudited (callers audit).
pub(crate) async fn load(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<Plan> {
    let objectives = plan_objective::Entity::find()
        .filter(plan_objective::Column::YouthId.eq(youth_id))
        .order_by_asc(plan_objective::Column::Deadline)
        .order_by_asc(plan_objective::Column::CreatedAt)
        .all(conn)
        .await?;
    let actions = plan_action::Entity::find()
        .filter(plan_action::Column::YouthId.eq(youth_id))
        .order_by_asc(plan_action::Column::DueOn)
        .order_by_asc(plan_action::Column::CreatedAt)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = actions.iter().map(|a| a.id).collect();
    let mut comments: HashMap<Uuid, Vec<plan_action_comment::Model>> = HashMap::new();
    if !ids.is_empty() {
        for c in plan_action_comment::Entity::find()
            .filter(plan_action_comment::Column::ActionId.is_in(ids))
            .order_by_asc(plan_action_comment::Column::CreatedAt)
            .all(conn)
            .await?
        {
            comments.entry(c.action_id).or_default().push(c);
        }
    }
    let actions = actions
        .iter()
        .map(|a| to_action(a, comments.get(&a.id).map_or(&[][..], Vec::as_slice)))
        .collect::<StorageResult<Vec<_>>>()?;
    Ok(Plan {
        youth_id: YouthId(youth_id),
        objectives: objectives
            .iter()
            .map(to_objective)
            .collect::<StorageResult<_>>()?,
        awaiting_validation: u32::try_from(
            actions
                .iter()
                .filter(|a| a.status == ActionStatus::Fait && a.validated_at.is_none())
                .count(),
        )
        .unwrap_or(u32::MAX),
        actions,
    })
}

/// The plan of a file.
pub async fn plan(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<Plan> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "du plan d'action").await?;
    let plan = load(&txn, file.id).await?;
    txn.commit().await?;
    Ok(plan)
}

/// The week-by-week view from the week of `from`.
pub async fn weeks(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    from: NaiveDate,
    weeks: u32,
    today: NaiveDate,
) -> StorageResult<PlanWeeks> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "du plan d'action (semaines)").await?;
    let rows = plan_action::Entity::find()
        .filter(plan_action::Column::YouthId.eq(file.id))
        .all(&txn)
        .await?;
    txn.commit().await?;
    let mut undated = 0;
    let mut items = Vec::new();
    for row in &rows {
        let status = code(&row.status, ActionStatus::from_code)?;
        match row.due_on {
            None if status.is_open() => undated += 1,
            None => {}
            Some(due_on) => items.push(WeekItem {
                action_id: ActionId(row.id),
                title: row.title.clone(),
                carrier: code(&row.carrier, ActionCarrier::from_code)?,
                theme: row.theme.as_deref().and_then(Theme::from_code),
                due_on,
                status,
                overdue: false,
            }),
        }
    }
    Ok(PlanWeeks {
        weeks: plan_weeks(&items, from, weeks, today),
        undated,
    })
}

/// Checks that a contract belongs to the file.
async fn check_contract(
    conn: &impl ConnectionTrait,
    file: &youth::Model,
    contract_id: Option<ContractId>,
    errors: &mut Vec<FieldError>,
) -> StorageResult<()> {
    if let Some(id) = contract_id {
        let found = contract::Entity::find_by_id(id.as_uuid())
            .filter(contract::Column::YouthId.eq(file.id))
            .one(conn)
            .await?;
        if found.is_none() {
            errors.push(err(
                "contract_id",
                "unknown",
                "Ce contrat n'appartient pas au dossier.",
            ));
        }
    }
    Ok(())
}

fn objective_errors(input: &ObjectiveInput, start: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if input.theme.is_none() {
        errors.push(err("theme", "required", "Choisissez la thématique."));
    }
    check_text(&mut errors, "title", &input.title, MAX_TITLE, true);
    errors.extend(check_period(Some(start), input.deadline, "deadline"));
    errors
}

/// Adds (`id` = None) or replaces an objective.
pub async fn save_objective(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: Option<ObjectiveId>,
    input: ObjectiveInput,
    today: NaiveDate,
) -> StorageResult<Objective> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let existing = match id {
        Some(id) => Some(
            plan_objective::Entity::find_by_id(id.as_uuid())
                .filter(plan_objective::Column::YouthId.eq(file.id))
                .one(&txn)
                .await?
                .ok_or(StorageError::NotFound)?,
        ),
        None => None,
    };
    let start = input
        .start_on
        .or(existing.as_ref().map(|e| e.start_on))
        .unwrap_or(today);
    let mut errors = objective_errors(&input, start);
    check_contract(&txn, &file, input.contract_id, &mut errors).await?;
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let now = crate::now();
    let theme = input.theme.map_or("", Theme::code).to_owned();
    let status = input
        .status
        .unwrap_or(ObjectiveStatus::EnCours)
        .code()
        .to_owned();
    let row = match existing {
        Some(e) => {
            let mut m: plan_objective::ActiveModel = e.into();
            m.theme = Set(theme);
            m.title = Set(input.title.trim().to_owned());
            m.start_on = Set(start);
            m.deadline = Set(input.deadline);
            m.status = Set(status);
            m.contract_id = Set(input.contract_id.map(ContractId::as_uuid));
            m.updated_at = Set(now);
            m.update(&txn).await?
        }
        None => {
            plan_objective::ActiveModel {
                id: Set(Uuid::new_v4()),
                youth_id: Set(file.id),
                theme: Set(theme),
                title: Set(input.title.trim().to_owned()),
                start_on: Set(start),
                deadline: Set(input.deadline),
                status: Set(status),
                contract_id: Set(input.contract_id.map(ContractId::as_uuid)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    record(
        &txn,
        ctx,
        &file,
        if id.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        },
        "plan_objective",
        Some(row.id),
        format!(
            "Plan d'action de {} : objectif « {} »",
            name_of(&file),
            row.title
        ),
    )
    .await?;
    txn.commit().await?;
    to_objective(&row)
}

async fn action_in_file(
    conn: &impl ConnectionTrait,
    file: &youth::Model,
    id: ActionId,
) -> StorageResult<plan_action::Model> {
    plan_action::Entity::find_by_id(id.as_uuid())
        .filter(plan_action::Column::YouthId.eq(file.id))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

async fn reload(
    conn: &impl ConnectionTrait,
    row: &plan_action::Model,
) -> StorageResult<PlanAction> {
    let comments = plan_action_comment::Entity::find()
        .filter(plan_action_comment::Column::ActionId.eq(row.id))
        .order_by_asc(plan_action_comment::Column::CreatedAt)
        .all(conn)
        .await?;
    to_action(row, &comments)
}

/// Adds (`id` = None) or replaces an action (staff). Setting it done validates it.
pub async fn save_action(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: Option<ActionId>,
    input: ActionInput,
    today: NaiveDate,
) -> StorageResult<PlanAction> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let existing = match id {
        Some(id) => Some(action_in_file(&txn, &file, id).await?),
        None => None,
    };
    let mut errors = Vec::new();
    check_text(&mut errors, "title", &input.title, MAX_TITLE, true);
    check_text(&mut errors, "details", &input.details, MAX_DETAILS, false);
    let partner = input
        .partner_name
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    check_text(
        &mut errors,
        "partner_name",
        partner.as_deref().unwrap_or(""),
        200,
        false,
    );
    match input.carrier {
        None => errors.push(err("carrier", "required", "Dites qui réalise l'action.")),
        Some(ActionCarrier::Partenaire) if partner.is_none() => errors.push(err(
            "partner_name",
            "required",
            "Nommez le partenaire qui réalise l'action.",
        )),
        Some(_) => {}
    }
    let start = input
        .start_on
        .or(existing.as_ref().map(|e| e.start_on))
        .unwrap_or(today);
    errors.extend(check_period(Some(start), input.due_on, "due_on"));
    check_contract(&txn, &file, input.contract_id, &mut errors).await?;
    let mut theme = input.theme;
    if let Some(objective_id) = input.objective_id {
        match plan_objective::Entity::find_by_id(objective_id.as_uuid())
            .filter(plan_objective::Column::YouthId.eq(file.id))
            .one(&txn)
            .await?
        {
            Some(o) => theme = theme.or_else(|| Theme::from_code(&o.theme)),
            None => errors.push(err(
                "objective_id",
                "unknown",
                "Cet objectif n'appartient pas au plan du dossier.",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let now = crate::now();
    let author = author_of(&txn, ctx).await?;
    let status = input.status.unwrap_or(ActionStatus::AFaire);
    let was_validated = existing.as_ref().and_then(|e| e.validated_at);
    let (validated_by, validated_at) = if status == ActionStatus::Fait {
        match &existing {
            Some(e) if e.validated_at.is_some() => (e.validated_by_name.clone(), was_validated),
            _ => (Some(author.name.clone()), Some(now)),
        }
    } else {
        (None, None)
    };
    let mut model = match existing {
        Some(e) => {
            let m: plan_action::ActiveModel = e.into();
            m
        }
        None => plan_action::ActiveModel {
            id: Set(Uuid::new_v4()),
            youth_id: Set(file.id),
            created_at: Set(now),
            done_by_youth_at: Set(None),
            ..Default::default()
        },
    };
    model.objective_id = Set(input.objective_id.map(ObjectiveId::as_uuid));
    model.contract_id = Set(input.contract_id.map(ContractId::as_uuid));
    model.theme = Set(theme.map(|t| t.code().to_owned()));
    model.title = Set(input.title.trim().to_owned());
    model.details = Set(input.details.trim().to_owned());
    model.carrier = Set(input.carrier.map_or("", ActionCarrier::code).to_owned());
    model.partner_name = Set(partner);
    model.start_on = Set(start);
    model.due_on = Set(input.due_on);
    model.status = Set(status.code().to_owned());
    model.validated_by_name = Set(validated_by);
    model.validated_at = Set(validated_at);
    model.updated_at = Set(now);
    let row = if id.is_some() {
        model.update(&txn).await?
    } else {
        model.insert(&txn).await?
    };
    record(
        &txn,
        ctx,
        &file,
        if id.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        },
        "plan_action",
        Some(row.id),
        format!(
            "Plan d'action de {} : action « {} » ({})",
            name_of(&file),
            row.title,
            status.label().to_lowercase()
        ),
    )
    .await?;
    let action = reload(&txn, &row).await?;
    txn.commit().await?;
    Ok(action)
}

async fn add_comment(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    action_id: Uuid,
    body: &str,
) -> StorageResult<()> {
    let author = author_of(conn, ctx).await?;
    plan_action_comment::ActiveModel {
        id: Set(Uuid::new_v4()),
        action_id: Set(action_id),
        author_id: Set(author.id),
        author_name: Set(author.name),
        origin: Set(author.origin.code().to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(crate::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The young person says an action of theirs is done (D3); the counsellor validates it later.
pub async fn mark_done(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ActionId,
    input: MarkActionDone,
) -> StorageResult<PlanAction> {
    let mut errors = Vec::new();
    check_text(&mut errors, "comment", &input.comment, MAX_COMMENT, false);
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = action_in_file(&txn, &file, id).await?;
    if row.carrier != ActionCarrier::Jeune.code() {
        return Err(StorageError::NotNow(
            "Cette action n'est pas à votre charge : votre conseiller ou conseillère la met à jour.",
        ));
    }
    if !code(&row.status, ActionStatus::from_code)?.is_open() {
        return Err(StorageError::NotNow(
            "Cette action est déjà faite ou annulée.",
        ));
    }
    let now = crate::now();
    let mut m: plan_action::ActiveModel = row.into();
    m.status = Set(ActionStatus::Fait.code().to_owned());
    m.done_by_youth_at = Set(Some(now));
    m.updated_at = Set(now);
    let row = m.update(&txn).await?;
    let comment = input.comment.trim();
    if !comment.is_empty() {
        add_comment(&txn, ctx, row.id, comment).await?;
    }
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "plan_action",
        Some(row.id),
        format!(
            "Action « {} » marquée faite par {}",
            row.title,
            name_of(&file)
        ),
    )
    .await?;
    let action = reload(&txn, &row).await?;
    txn.commit().await?;
    Ok(action)
}

/// The counsellor validates an action the young person marked done.
pub async fn validate(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ActionId,
) -> StorageResult<PlanAction> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = action_in_file(&txn, &file, id).await?;
    if row.status != ActionStatus::Fait.code() {
        return Err(StorageError::NotNow(
            "Seule une action faite peut être validée.",
        ));
    }
    if row.validated_at.is_some() {
        return Err(StorageError::NotNow("Cette action est déjà validée."));
    }
    let author = author_of(&txn, ctx).await?;
    let now = crate::now();
    let mut m: plan_action::ActiveModel = row.into();
    m.validated_by_name = Set(Some(author.name));
    m.validated_at = Set(Some(now));
    m.updated_at = Set(now);
    let row = m.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "plan_action",
        Some(row.id),
        format!("Action « {} » de {} validée", row.title, name_of(&file)),
    )
    .await?;
    let action = reload(&txn, &row).await?;
    txn.commit().await?;
    Ok(action)
}

/// Adds a comment to an action.
pub async fn comment(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ActionId,
    input: NewActionComment,
) -> StorageResult<PlanAction> {
    let mut errors = Vec::new();
    check_text(&mut errors, "body", &input.body, MAX_COMMENT, true);
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = action_in_file(&txn, &file, id).await?;
    add_comment(&txn, ctx, row.id, input.body.trim()).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "plan_action",
        Some(row.id),
        format!(
            "Commentaire sur l'action « {} » de {}",
            row.title,
            name_of(&file)
        ),
    )
    .await?;
    let action = reload(&txn, &row).await?;
    txn.commit().await?;
    Ok(action)
}
