//! CEJ hours: activities declared by the young person or the counsellor, validated by the
//! counsellor, summed per week (Monday to Sunday, Europe/Paris), and each Mission Locale's
//! default durations.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::accompaniment::{
    ActivityStatus, ContractStatus, Qualification, Scheme, SchemeRules, check_minutes,
    default_activity_minutes, format_minutes, french_date, monday_of, paris_date, week_of,
};
use domain::dto::{
    AuditAction, CejActivity, HourDefault, HourDefaults, HoursView, NewActivity, ReviewActivity,
    WeekHours,
};
use domain::file::Origin;
use domain::{ActivityId, ContractId, FieldError, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{code, err, file_for_update, name_of, record, record_read};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{cej_activity, contract, structure, youth};
use crate::youths::{author_of, find_in_scope, to_json};
use crate::{Db, StorageError, StorageResult};

fn to_activity(row: &cej_activity::Model) -> StorageResult<CejActivity> {
    Ok(CejActivity {
        id: ActivityId(row.id),
        contract_id: ContractId(row.contract_id),
        qualification: code(&row.qualification, Qualification::from_code)?,
        label: row.label.clone(),
        occurred_at: row.occurred_at,
        week_start: row.week_start,
        minutes: i64::from(row.minutes),
        status: code(&row.status, ActivityStatus::from_code)?,
        declared_by: code(&row.origin, Origin::from_code)?,
        declared_by_name: row.declared_by_name.clone(),
        reviewed_by: row.reviewed_by_name.clone(),
        reviewed_at: row.reviewed_at,
        comment: row.comment.clone(),
    })
}

/// The Mission Locale's default duration per qualification (the national defaults where it set
/// none).
pub async fn defaults(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
) -> StorageResult<Vec<HourDefault>> {
    let row = structure::Entity::find_by_id(structure_id.as_uuid())
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let custom: Vec<HourDefault> = row
        .hour_defaults
        .and_then(|json| serde_json::from_value(json).ok())
        .unwrap_or_default();
    Ok(Qualification::ALL
        .iter()
        .map(|q| HourDefault {
            qualification: *q,
            minutes: custom
                .iter()
                .find(|d| d.qualification == *q)
                .map_or_else(|| i64::from(default_activity_minutes(*q)), |d| d.minutes),
        })
        .collect())
}

/// Sets the Mission Locale's default durations.
pub async fn set_defaults(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    input: HourDefaults,
) -> StorageResult<HourDefaults> {
    let errors: Vec<FieldError> = input
        .defaults
        .iter()
        .enumerate()
        .filter(|(_, d)| !(0..=domain::accompaniment::MINUTES_PER_DAY).contains(&d.minutes))
        .map(|(i, _)| {
            err(
                format!("defaults[{i}].minutes"),
                "out_of_range",
                "Une durée par défaut va de 0 à 24 heures (en minutes).",
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let row = structure::Entity::find_by_id(structure_id.as_uuid())
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let mut m: structure::ActiveModel = row.into();
    m.hour_defaults = Set(Some(to_json(&input.defaults)?));
    m.updated_at = Set(crate::now());
    m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "structure", structure_id.as_uuid())
            .structure(structure_id)
            .summary("Durées par défaut des activités CEJ modifiées"),
    )
    .await?;
    let out = HourDefaults {
        defaults: defaults(&txn, structure_id).await?,
    };
    txn.commit().await?;
    Ok(out)
}

/// The CEJ the hours count for: the running one, else the latest.
async fn current_cej(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Option<contract::Model>> {
    let rows = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(youth_id))
        .filter(contract::Column::Scheme.eq(Scheme::Cej.code()))
        .order_by_desc(contract::Column::StartedOn)
        .all(conn)
        .await?;
    Ok(rows
        .iter()
        .find(|r| r.status == ContractStatus::EnCours.code())
        .or(rows.first())
        .cloned())
}

fn contract_end(row: &contract::Model) -> NaiveDate {
    row.ended_on.unwrap_or(row.planned_end)
}

/// A CEJ's first and last days (the actual end, else the planned one).
pub(crate) fn period(row: &contract::Model) -> (NaiveDate, NaiveDate) {
    (row.started_on, contract_end(row))
}

/// The weeks from `first` to `last` (Mondays) with their activities, newest first; `cej` is the
/// period of the CEJ they count for.
pub(crate) async fn weeks_of(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    cej: Option<(NaiveDate, NaiveDate)>,
    first: NaiveDate,
    last: NaiveDate,
) -> StorageResult<Vec<WeekHours>> {
    let rows = cej_activity::Entity::find()
        .filter(cej_activity::Column::YouthId.eq(youth_id))
        .filter(cej_activity::Column::WeekStart.gte(first))
        .filter(cej_activity::Column::WeekStart.lte(last))
        .order_by_asc(cej_activity::Column::OccurredAt)
        .all(conn)
        .await?;
    let rules = SchemeRules::in_force(cej.map_or(last, |(start, _)| start));
    let target = i64::from(rules.cej.min_weekly_hours) * 60;
    let mut out = Vec::new();
    let mut monday = last;
    while monday >= first {
        let sunday = monday + Duration::days(6);
        let in_contract = cej.is_some_and(|(start, end)| start <= sunday && end >= monday);
        let activities = rows
            .iter()
            .filter(|r| r.week_start == monday)
            .map(to_activity)
            .collect::<StorageResult<Vec<_>>>()?;
        let counted = |status: ActivityStatus| {
            activities
                .iter()
                .filter(|a| a.status == status && a.qualification != Qualification::NonSnp)
                .map(|a| a.minutes)
                .sum::<i64>()
        };
        let validated = counted(ActivityStatus::Validee);
        out.push(WeekHours {
            week_start: monday,
            week_end: sunday,
            validated_minutes: validated,
            pending_minutes: counted(ActivityStatus::Declaree),
            target_minutes: target,
            under_target: in_contract && validated < target,
            in_contract,
            activities,
        });
        monday -= Duration::weeks(1);
    }
    Ok(out)
}

/// The hours of `weeks` weeks up to the week of `until`.
pub async fn view(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    until: NaiveDate,
    weeks: u32,
) -> StorageResult<HoursView> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "des heures CEJ").await?;
    let cej = current_cej(&txn, file.id).await?;
    let last = monday_of(until);
    let first = last - Duration::weeks(i64::from(weeks.max(1) - 1));
    let list = weeks_of(&txn, file.id, cej.as_ref().map(period), first, last).await?;
    let defaults = defaults(&txn, StructureId(file.structure_id)).await?;
    txn.commit().await?;
    let rules = SchemeRules::in_force(cej.as_ref().map_or(until, |c| c.started_on));
    Ok(HoursView {
        contract_id: cej.map(|c| ContractId(c.id)),
        target_minutes: i64::from(rules.cej.min_weekly_hours) * 60,
        target_max_minutes: i64::from(rules.cej.max_weekly_hours) * 60,
        weeks: list,
        defaults,
    })
}

/// Minutes already recorded on a Paris day (refused ones excluded), `except` one activity.
async fn minutes_that_day(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    day: NaiveDate,
    except: Option<Uuid>,
) -> StorageResult<i64> {
    Ok(cej_activity::Entity::find()
        .filter(cej_activity::Column::YouthId.eq(youth_id))
        .filter(cej_activity::Column::ParisDate.eq(day))
        .filter(cej_activity::Column::Status.ne(ActivityStatus::Refusee.code()))
        .all(conn)
        .await?
        .iter()
        .filter(|r| Some(r.id) != except)
        .map(|r| i64::from(r.minutes))
        .sum())
}

fn is_youth(ctx: &AuditContext) -> bool {
    ctx.actor.is_some_and(|a| a.role == domain::Role::Jeune)
}

/// Declares an activity. Declared by the young person it waits for validation; by a counsellor it
/// is validated at once.
pub async fn declare(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    input: NewActivity,
    now: DateTime<Utc>,
) -> StorageResult<CejActivity> {
    let mut errors = Vec::new();
    if input.qualification.is_none() {
        errors.push(err(
            "qualification",
            "required",
            "Choisissez la qualification de l'activité.",
        ));
    }
    if input.label.trim().is_empty() {
        errors.push(err(
            "label",
            "required",
            "Dites en quelques mots ce qui a été fait.",
        ));
    } else if input.label.chars().count() > 300 {
        errors.push(err("label", "too_long", "300 caractères au plus."));
    }
    if input.comment.chars().count() > 2000 {
        errors.push(err("comment", "too_long", "2000 caractères au plus."));
    }
    match input.occurred_at {
        None => errors.push(err(
            "occurred_at",
            "required",
            "Indiquez la date et l'heure.",
        )),
        Some(at) if at > now + Duration::minutes(5) => errors.push(err(
            "occurred_at",
            "in_future",
            "On déclare une activité une fois faite : la date est dans le futur.",
        )),
        Some(_) => {}
    }
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let (Some(qualification), Some(at)) = (input.qualification, input.occurred_at) else {
        return Err(StorageError::Invalid(errors));
    };
    let day = paris_date(at);
    let cej = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(file.id))
        .filter(contract::Column::Scheme.eq(Scheme::Cej.code()))
        .filter(contract::Column::StartedOn.lte(day))
        .all(&txn)
        .await?
        .into_iter()
        .find(|c| contract_end(c) >= day);
    if cej.is_none() {
        errors.push(err(
            "occurred_at",
            "no_cej",
            format!(
                "Aucun CEJ ne couvre le {} : les heures comptent pendant un CEJ.",
                french_date(day)
            ),
        ));
    }
    let minutes = match input.minutes {
        Some(m) => m,
        None => defaults(&txn, StructureId(file.structure_id))
            .await?
            .iter()
            .find(|d| d.qualification == qualification)
            .map_or(0, |d| d.minutes),
    };
    let already = minutes_that_day(&txn, file.id, day, None).await?;
    errors.extend(check_minutes(minutes, already, day));
    let Some(cej) = cej.filter(|_| errors.is_empty()) else {
        return Err(StorageError::Invalid(errors));
    };
    let author = author_of(&txn, ctx).await?;
    let by_youth = is_youth(ctx);
    let row = cej_activity::ActiveModel {
        id: Set(Uuid::new_v4()),
        youth_id: Set(file.id),
        contract_id: Set(cej.id),
        qualification: Set(qualification.code().to_owned()),
        label: Set(input.label.trim().to_owned()),
        occurred_at: Set(at),
        paris_date: Set(day),
        week_start: Set(week_of(at)),
        minutes: Set(i32::try_from(minutes).unwrap_or(0)),
        status: Set(if by_youth {
            ActivityStatus::Declaree
        } else {
            ActivityStatus::Validee
        }
        .code()
        .to_owned()),
        origin: Set(author.origin.code().to_owned()),
        declared_by_name: Set(author.name.clone()),
        reviewed_by_name: Set((!by_youth).then(|| author.name.clone())),
        reviewed_at: Set((!by_youth).then_some(now)),
        comment: Set(input.comment.trim().to_owned()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "cej_activity",
        Some(row.id),
        format!(
            "Heures CEJ de {} : {} le {} ({})",
            name_of(&file),
            format_minutes(minutes),
            french_date(day),
            qualification.label()
        ),
    )
    .await?;
    txn.commit().await?;
    to_activity(&row)
}

/// The counsellor validates or refuses a declared activity, possibly correcting its duration.
pub async fn review(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: ActivityId,
    input: ReviewActivity,
) -> StorageResult<CejActivity> {
    let txn = db.begin_write().await?;
    let file: youth::Model = file_for_update(&txn, scope, youth_id).await?;
    let row = cej_activity::Entity::find_by_id(id.as_uuid())
        .filter(cej_activity::Column::YouthId.eq(file.id))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.status != ActivityStatus::Declaree.code() {
        return Err(StorageError::NotNow("Cette activité a déjà été examinée."));
    }
    let mut errors = Vec::new();
    match input.status {
        Some(ActivityStatus::Validee) => {}
        Some(ActivityStatus::Refusee) if input.comment.trim().is_empty() => errors.push(err(
            "comment",
            "required",
            "Dites au jeune pourquoi l'activité n'est pas retenue.",
        )),
        Some(ActivityStatus::Refusee) => {}
        _ => errors.push(err("status", "required", "Validez ou refusez l'activité.")),
    }
    if let Some(minutes) = input.minutes {
        let already = minutes_that_day(&txn, file.id, row.paris_date, Some(row.id)).await?;
        errors.extend(check_minutes(minutes, already, row.paris_date));
    }
    let Some(status) = input.status.filter(|_| errors.is_empty()) else {
        return Err(StorageError::Invalid(errors));
    };
    let author = author_of(&txn, ctx).await?;
    let mut m: cej_activity::ActiveModel = row.into();
    m.status = Set(status.code().to_owned());
    if let Some(minutes) = input.minutes {
        m.minutes = Set(i32::try_from(minutes).unwrap_or(0));
    }
    if !input.comment.trim().is_empty() {
        m.comment = Set(input.comment.trim().to_owned());
    }
    m.reviewed_by_name = Set(Some(author.name));
    m.reviewed_at = Set(Some(crate::now()));
    let row = m.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "cej_activity",
        Some(row.id),
        format!(
            "Heures CEJ de {} du {} : {}",
            name_of(&file),
            french_date(row.paris_date),
            status.label().to_lowercase()
        ),
    )
    .await?;
    txn.commit().await?;
    to_activity(&row)
}
