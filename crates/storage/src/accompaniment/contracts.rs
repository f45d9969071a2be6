//! CEJ and PACEA contracts: eligibility from the file, start (or a manager's written override),
//! extensions, end, PACEA phases.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::accompaniment::{
    ContractStatus, Criterion, ExitReason, PhaseDates, PhaseKind, Scheme, SchemeHistory, check_end,
    check_extension, check_phase, check_reason, check_start, eligibility, french_date, max_end,
    planned_end,
};
use domain::dto::{
    AuditAction, Contract, ContractExtension, EligibilityOverride, EligibilityReport, EndContract,
    ExtendContract, NewContract, NewPhase, PaceaPhase, PhaseEvaluation,
};
use domain::{ContractId, PhaseId, Role, Scope, YouthId, may_override_eligibility};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{code, err, file_for_update, name_of, record, record_read};
use crate::audit::AuditContext;
use crate::entities::{contract, contract_extension, pacea_phase, youth};
use crate::youths::{author_of, data_of, find_in_scope, to_json};
use crate::{Db, StorageError, StorageResult};

fn to_contract(
    row: &contract::Model,
    extensions: &[contract_extension::Model],
    phases: &[pacea_phase::Model],
) -> StorageResult<Contract> {
    Ok(Contract {
        id: ContractId(row.id),
        youth_id: YouthId(row.youth_id),
        scheme: code(&row.scheme, Scheme::from_code)?,
        status: code(&row.status, ContractStatus::from_code)?,
        started_on: row.started_on,
        planned_end: row.planned_end,
        max_end: row.max_end,
        ended_on: row.ended_on,
        exit_reason: row
            .exit_reason
            .as_deref()
            .map(|r| code(r, ExitReason::from_code))
            .transpose()?,
        exit_comment: row.exit_comment.clone(),
        eligibility_at_start: serde_json::from_value::<Vec<Criterion>>(row.eligibility.clone())
            .unwrap_or_default(),
        eligibility_override: match (&row.override_reason, &row.override_by_name, row.override_at) {
            (Some(reason), Some(by), Some(at)) => Some(EligibilityOverride {
                reason: reason.clone(),
                by: by.clone(),
                at,
            }),
            _ => None,
        },
        extensions: extensions
            .iter()
            .map(|e| ContractExtension {
                from_end: e.from_end,
                to_end: e.to_end,
                reason: e.reason.clone(),
                by: e.by_name.clone(),
                at: e.at,
            })
            .collect(),
        phases: phases
            .iter()
            .map(|p| {
                Ok(PaceaPhase {
                    id: PhaseId(p.id),
                    number: u32::try_from(p.number).unwrap_or(0),
                    kind: code(&p.kind, PhaseKind::from_code)?,
                    objectives: p.objectives.clone(),
                    started_on: p.started_on,
                    planned_end: p.planned_end,
                    ended_on: p.ended_on,
                    evaluation: p.evaluation.clone(),
                    objectives_met: p.objectives_met,
                })
            })
            .collect::<StorageResult<_>>()?,
        created_by: row.created_by_name.clone(),
        created_at: row.created_at,
    })
}

/// Every contract of a file, newest first, unaudited.
pub(crate) async fn load(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Vec<Contract>> {
    let rows = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(youth_id))
        .order_by_desc(contract::Column::StartedOn)
        .order_by_desc(contract::Column::CreatedAt)
        .all(conn)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut extensions: HashMap<Uuid, Vec<contract_extension::Model>> = HashMap::new();
    for e in contract_extension::Entity::find()
        .filter(contract_extension::Column::ContractId.is_in(ids.clone()))
        .order_by_asc(contract_extension::Column::At)
        .all(conn)
        .await?
    {
        extensions.entry(e.contract_id).or_default().push(e);
    }
    let mut phases: HashMap<Uuid, Vec<pacea_phase::Model>> = HashMap::new();
    for p in pacea_phase::Entity::find()
        .filter(pacea_phase::Column::ContractId.is_in(ids))
        .order_by_asc(pacea_phase::Column::Number)
        .all(conn)
        .await?
    {
        phases.entry(p.contract_id).or_default().push(p);
    }
    rows.iter()
        .map(|r| {
            to_contract(
                r,
                extensions.get(&r.id).map_or(&[][..], Vec::as_slice),
                phases.get(&r.id).map_or(&[][..], Vec::as_slice),
            )
        })
        .collect()
}

/// What eligibility needs from the file's other records.
async fn history(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<SchemeHistory> {
    let rows = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(youth_id))
        .all(conn)
        .await?;
    let running = |scheme: Scheme| {
        rows.iter()
            .any(|r| r.scheme == scheme.code() && r.status == ContractStatus::EnCours.code())
    };
    Ok(SchemeHistory {
        cej_in_progress: running(Scheme::Cej),
        pacea_in_progress: running(Scheme::Pacea),
        last_cej_end: rows
            .iter()
            .filter(|r| r.scheme == Scheme::Cej.code())
            .filter_map(|r| r.ended_on)
            .max(),
        diagnostic_on: super::diagnostic::latest(conn, youth_id)
            .await?
            .map(|d| domain::accompaniment::paris_date(d.created_at)),
    })
}

/// Eligibility to every scheme on `on`.
pub async fn eligibility_report(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    on: NaiveDate,
) -> StorageResult<EligibilityReport> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "de l'éligibilité aux dispositifs").await?;
    let data = data_of(&file)?;
    let history = history(&txn, file.id).await?;
    txn.commit().await?;
    Ok(EligibilityReport {
        on,
        schemes: Scheme::ALL
            .iter()
            .map(|s| eligibility(*s, &data, &history, on))
            .collect(),
    })
}

/// The contracts of a file.
pub async fn list(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<Vec<Contract>> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "des dispositifs").await?;
    let list = load(&txn, file.id).await?;
    txn.commit().await?;
    Ok(list)
}

async fn one(
    conn: &impl ConnectionTrait,
    file: &youth::Model,
    id: ContractId,
) -> StorageResult<contract::Model> {
    contract::Entity::find_by_id(id.as_uuid())
        .filter(contract::Column::YouthId.eq(file.id))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// One contract with its extensions and phases.
pub(crate) async fn reload(conn: &impl ConnectionTrait, id: Uuid) -> StorageResult<Contract> {
    let row = contract::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let extensions = contract_extension::Entity::find()
        .filter(contract_extension::Column::ContractId.eq(id))
        .order_by_asc(contract_extension::Column::At)
        .all(conn)
        .await?;
    let phases = pacea_phase::Entity::find()
        .filter(pacea_phase::Column::ContractId.eq(id))
        .order_by_asc(pacea_phase::Column::Number)
        .all(conn)
        .await?;
    to_contract(&row, &extensions, &phases)
}

fn running(row: &contract::Model) -> StorageResult<()> {
    if row.status == ContractStatus::EnCours.code() {
        Ok(())
    } else {
        Err(StorageError::NotNow("Ce contrat est terminé."))
    }
}

/// Starts a contract when the young person is eligible on its start date, or with a manager's
/// written override.
pub async fn start(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    role: Role,
    youth_id: YouthId,
    input: NewContract,
    today: NaiveDate,
) -> StorageResult<Contract> {
    let mut errors = Vec::new();
    if input.scheme.is_none() {
        errors.push(err(
            "scheme",
            "required",
            "Choisissez le dispositif : CEJ ou PACEA.",
        ));
    }
    if input.started_on.is_none() {
        errors.push(err(
            "started_on",
            "required",
            "Indiquez la date de signature.",
        ));
    }
    let (Some(scheme), Some(started_on)) = (input.scheme, input.started_on) else {
        return Err(StorageError::Invalid(errors));
    };
    errors.extend(check_start(scheme, started_on, input.planned_end, today));
    let override_reason = input
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let data = data_of(&file)?;
    let history = history(&txn, file.id).await?;
    let verdict = eligibility(scheme, &data, &history, started_on);
    let in_progress = match scheme {
        Scheme::Cej => history.cej_in_progress,
        Scheme::Pacea => history.pacea_in_progress,
    };
    if in_progress {
        // Never two running contracts of one scheme, override or not.
        errors.push(err(
            "scheme",
            "in_progress",
            format!("Un {} est déjà en cours pour ce jeune.", scheme.label()),
        ));
    } else if !verdict.eligible {
        let failed: Vec<String> = verdict
            .criteria
            .iter()
            .filter(|c| c.required && !c.met)
            .map(|c| format!("{} ({})", c.label, c.reason.trim_end_matches('.')))
            .collect();
        match &override_reason {
            None => errors.push(err(
                "scheme",
                "not_eligible",
                format!(
                    "Le jeune n'est pas éligible au {} : {}. Seul un ou une responsable peut \
                     passer outre, avec un motif écrit.",
                    scheme.label(),
                    failed.join(" ; ")
                ),
            )),
            Some(_) if !may_override_eligibility(role) => errors.push(err(
                "override_reason",
                "manager_only",
                "Seul un ou une responsable peut démarrer un contrat malgré un critère non rempli.",
            )),
            Some(reason) => check_reason(&mut errors, "override_reason", reason),
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let author = author_of(&txn, ctx).await?;
    let now = crate::now();
    let overridden = !verdict.eligible;
    let row = contract::ActiveModel {
        id: Set(Uuid::new_v4()),
        youth_id: Set(file.id),
        scheme: Set(scheme.code().to_owned()),
        status: Set(ContractStatus::EnCours.code().to_owned()),
        started_on: Set(started_on),
        planned_end: Set(input
            .planned_end
            .unwrap_or_else(|| planned_end(scheme, started_on))),
        max_end: Set(max_end(scheme, started_on)),
        ended_on: Set(None),
        exit_reason: Set(None),
        exit_comment: Set(None),
        eligibility: Set(to_json(&verdict.criteria)?),
        override_reason: Set(if overridden { override_reason } else { None }),
        override_by_name: Set(overridden.then(|| author.name.clone())),
        override_at: Set(overridden.then_some(now)),
        created_by_name: Set(author.name),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "contract",
        Some(row.id),
        format!(
            "{} de {} démarré le {}{}",
            scheme.label(),
            name_of(&file),
            french_date(started_on),
            if overridden {
                " (dérogation écrite)"
            } else {
                ""
            }
        ),
    )
    .await?;
    let contract = reload(&txn, row.id).await?;
    crate::offers::profiles::refresh(&txn, contract_youth(&txn, row.id).await?).await?;
    txn.commit().await?;
    Ok(contract)
}

/// Extends a running contract with written reasons, within the cap.
pub async fn extend(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ContractId,
    input: ExtendContract,
) -> StorageResult<Contract> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = one(&txn, &file, id).await?;
    running(&row)?;
    let scheme = code(&row.scheme, Scheme::from_code)?;
    let Some(new_end) = input.new_end else {
        let mut errors = vec![err(
            "new_end",
            "required",
            "Indiquez la nouvelle date de fin.",
        )];
        check_reason(&mut errors, "reason", &input.reason);
        return Err(StorageError::Invalid(errors));
    };
    let errors = check_extension(
        scheme,
        row.started_on,
        row.planned_end,
        new_end,
        &input.reason,
    );
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let author = author_of(&txn, ctx).await?;
    let now = crate::now();
    contract_extension::ActiveModel {
        id: Set(Uuid::new_v4()),
        contract_id: Set(row.id),
        from_end: Set(row.planned_end),
        to_end: Set(new_end),
        reason: Set(input.reason.trim().to_owned()),
        by_name: Set(author.name),
        at: Set(now),
    }
    .insert(&txn)
    .await?;
    let from = row.planned_end;
    let mut m: contract::ActiveModel = row.into();
    m.planned_end = Set(new_end);
    m.updated_at = Set(now);
    let row = m.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "contract",
        Some(row.id),
        format!(
            "{} de {} prolongé du {} au {}",
            scheme.label(),
            name_of(&file),
            french_date(from),
            french_date(new_end)
        ),
    )
    .await?;
    let contract = reload(&txn, row.id).await?;
    crate::offers::profiles::refresh(&txn, contract_youth(&txn, row.id).await?).await?;
    txn.commit().await?;
    Ok(contract)
}

/// Ends a running contract with its reason.
pub async fn end(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ContractId,
    input: EndContract,
    today: NaiveDate,
) -> StorageResult<Contract> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = one(&txn, &file, id).await?;
    running(&row)?;
    let mut errors = Vec::new();
    if input.exit_reason.is_none() {
        errors.push(err(
            "exit_reason",
            "required",
            "Choisissez le motif de sortie.",
        ));
    }
    if input.comment.chars().count() > 2000 {
        errors.push(err("comment", "too_long", "2000 caractères au plus."));
    }
    match input.ended_on {
        None => errors.push(err("ended_on", "required", "Indiquez la date de fin.")),
        Some(day) => errors.extend(check_end(row.started_on, row.max_end, day, today)),
    }
    let (Some(ended_on), Some(reason), true) =
        (input.ended_on, input.exit_reason, errors.is_empty())
    else {
        return Err(StorageError::Invalid(errors));
    };
    let scheme = code(&row.scheme, Scheme::from_code)?;
    let mut m: contract::ActiveModel = row.into();
    m.status = Set(ContractStatus::Termine.code().to_owned());
    m.ended_on = Set(Some(ended_on));
    m.exit_reason = Set(Some(reason.code().to_owned()));
    let comment = input.comment.trim();
    m.exit_comment = Set((!comment.is_empty()).then(|| comment.to_owned()));
    m.updated_at = Set(crate::now());
    let row = m.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "contract",
        Some(row.id),
        format!(
            "{} de {} terminé le {} : {}",
            scheme.label(),
            name_of(&file),
            french_date(ended_on),
            reason.label()
        ),
    )
    .await?;
    let contract = reload(&txn, row.id).await?;
    crate::offers::profiles::refresh(&txn, contract_youth(&txn, row.id).await?).await?;
    txn.commit().await?;
    Ok(contract)
}

/// Opens a phase of a running PACEA.
pub async fn add_phase(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ContractId,
    input: NewPhase,
) -> StorageResult<Contract> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = one(&txn, &file, id).await?;
    running(&row)?;
    if row.scheme != Scheme::Pacea.code() {
        return Err(StorageError::NotNow("Seul un PACEA se découpe en phases."));
    }
    let phases = pacea_phase::Entity::find()
        .filter(pacea_phase::Column::ContractId.eq(row.id))
        .order_by_asc(pacea_phase::Column::Number)
        .all(&txn)
        .await?;
    let mut errors = Vec::new();
    if input.kind.is_none() {
        errors.push(err("kind", "required", "Choisissez le type de phase."));
    }
    if input.objectives.trim().is_empty() {
        errors.push(err(
            "objectives",
            "required",
            "Écrivez les objectifs de la phase.",
        ));
    } else if input.objectives.chars().count() > 4000 {
        errors.push(err("objectives", "too_long", "4000 caractères au plus."));
    }
    if input.started_on.is_none() {
        errors.push(err(
            "started_on",
            "required",
            "Indiquez le début de la phase.",
        ));
    }
    if input.planned_end.is_none() {
        errors.push(err(
            "planned_end",
            "required",
            "Indiquez la fin prévue de la phase.",
        ));
    }
    if let (Some(start), Some(end)) = (input.started_on, input.planned_end) {
        let previous: Vec<PhaseDates> = phases
            .iter()
            .map(|p| PhaseDates {
                started_on: p.started_on,
                planned_end: p.planned_end,
                ended_on: p.ended_on,
            })
            .collect();
        errors.extend(check_phase(
            row.started_on,
            row.planned_end,
            &previous,
            start,
            end,
        ));
    }
    let (Some(kind), Some(started_on), Some(end), true) = (
        input.kind,
        input.started_on,
        input.planned_end,
        errors.is_empty(),
    ) else {
        return Err(StorageError::Invalid(errors));
    };
    let number = phases.last().map_or(1, |p| p.number + 1);
    pacea_phase::ActiveModel {
        id: Set(Uuid::new_v4()),
        contract_id: Set(row.id),
        number: Set(number),
        kind: Set(kind.code().to_owned()),
        objectives: Set(input.objectives.trim().to_owned()),
        started_on: Set(started_on),
        planned_end: Set(end),
        ended_on: Set(None),
        evaluation: Set(None),
        objectives_met: Set(None),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "contract",
        Some(row.id),
        format!(
            "PACEA de {} : phase {number} ({})",
            name_of(&file),
            kind.label()
        ),
    )
    .await?;
    let contract = reload(&txn, row.id).await?;
    crate::offers::profiles::refresh(&txn, contract_youth(&txn, row.id).await?).await?;
    txn.commit().await?;
    Ok(contract)
}

/// Evaluates and closes a PACEA phase.
pub async fn evaluate_phase(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ContractId,
    phase_id: PhaseId,
    input: PhaseEvaluation,
) -> StorageResult<Contract> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = one(&txn, &file, id).await?;
    let phase = pacea_phase::Entity::find_by_id(phase_id.as_uuid())
        .filter(pacea_phase::Column::ContractId.eq(row.id))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if phase.ended_on.is_some() {
        return Err(StorageError::NotNow("Cette phase est déjà évaluée."));
    }
    let mut errors = Vec::new();
    match input.ended_on {
        None => errors.push(err("ended_on", "required", "Indiquez la fin de la phase.")),
        Some(day) if day < phase.started_on => errors.push(err(
            "ended_on",
            "before_start",
            format!("La phase a commencé le {}.", french_date(phase.started_on)),
        )),
        Some(day) if day > row.max_end => errors.push(err(
            "ended_on",
            "over_cap",
            format!(
                "Le contrat ne peut pas aller au-delà du {}.",
                french_date(row.max_end)
            ),
        )),
        Some(_) => {}
    }
    if input.evaluation.trim().is_empty() {
        errors.push(err(
            "evaluation",
            "required",
            "Écrivez l'évaluation de la phase.",
        ));
    } else if input.evaluation.chars().count() > 4000 {
        errors.push(err("evaluation", "too_long", "4000 caractères au plus."));
    }
    if input.objectives_met.is_none() {
        errors.push(err(
            "objectives_met",
            "required",
            "Dites si les objectifs de la phase sont atteints.",
        ));
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let number = phase.number;
    let mut m: pacea_phase::ActiveModel = phase.into();
    m.ended_on = Set(input.ended_on);
    m.evaluation = Set(Some(input.evaluation.trim().to_owned()));
    m.objectives_met = Set(input.objectives_met);
    m.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "contract",
        Some(row.id),
        format!("PACEA de {} : phase {number} évaluée", name_of(&file)),
    )
    .await?;
    let contract = reload(&txn, row.id).await?;
    crate::offers::profiles::refresh(&txn, contract_youth(&txn, row.id).await?).await?;
    txn.commit().await?;
    Ok(contract)
}

/// The young person a contract belongs to.
async fn contract_youth(conn: &impl ConnectionTrait, id: Uuid) -> StorageResult<Uuid> {
    contract::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|c| c.youth_id)
        .ok_or(StorageError::NotFound)
}
