//! Appointment types, the Mission Locale's agenda settings and each staff member's availability.

use chrono::{DateTime, Utc};
use domain::agenda::{AgendaSettings, AppointmentMode, check_minutes_of_type, check_weekly};
use domain::dto::{AgendaSetup, AppointmentType, AppointmentTypeInput, AuditAction, Availability};
use domain::{AccountId, Actor, AppointmentTypeId, Role, StructureId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::{code, err, settings_of, site_of, staff_member};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{appointment_type, availability, structure};
use crate::youths::to_json;
use crate::{Db, StorageError, StorageResult};

pub(crate) fn to_type(r: &appointment_type::Model) -> StorageResult<AppointmentType> {
    Ok(AppointmentType {
        id: AppointmentTypeId(r.id),
        label: r.label.clone(),
        mode: code(&r.mode, AppointmentMode::from_code)?,
        minutes: u32::try_from(r.minutes).unwrap_or(30),
        first_reception: r.first_reception,
        youth_bookable: r.youth_bookable,
        active: r.active,
    })
}

/// The types every Mission Locale starts with.
const DEFAULT_TYPES: [(&str, AppointmentMode, i32, bool, bool); 5] = [
    ("Premier accueil", AppointmentMode::SurSite, 45, true, true),
    (
        "Entretien de suivi",
        AppointmentMode::SurSite,
        30,
        false,
        true,
    ),
    (
        "Entretien téléphonique",
        AppointmentMode::Telephone,
        30,
        false,
        true,
    ),
    (
        "Entretien en visio",
        AppointmentMode::Visio,
        30,
        false,
        true,
    ),
    (
        "Point d'étape (sur proposition du conseiller)",
        AppointmentMode::SurSite,
        60,
        false,
        false,
    ),
];

/// The appointment types of a Mission Locale, created with the defaults on first use.
pub(crate) async fn types_of(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
) -> StorageResult<Vec<appointment_type::Model>> {
    let rows = appointment_type::Entity::find()
        .filter(appointment_type::Column::StructureId.eq(structure_id))
        .order_by_asc(appointment_type::Column::Position)
        .all(conn)
        .await?;
    if !rows.is_empty() {
        return Ok(rows);
    }
    let now = crate::now();
    let mut created = Vec::new();
    for (position, (label, mode, minutes, first, bookable)) in DEFAULT_TYPES.iter().enumerate() {
        created.push(
            appointment_type::ActiveModel {
                id: Set(Uuid::new_v4()),
                structure_id: Set(structure_id),
                label: Set((*label).to_owned()),
                mode: Set(mode.code().to_owned()),
                minutes: Set(*minutes),
                first_reception: Set(*first),
                youth_bookable: Set(*bookable),
                active: Set(true),
                position: Set(i32::try_from(position).unwrap_or(0)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?,
        );
    }
    Ok(created)
}

/// One appointment type of the Mission Locale.
pub(crate) async fn type_of(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
    id: Option<AppointmentTypeId>,
) -> StorageResult<appointment_type::Model> {
    let missing = || {
        StorageError::Invalid(vec![err(
            "appointment_type_id",
            "unknown",
            "Choisissez un type de rendez-vous proposé par votre Mission Locale.",
        )])
    };
    let id = id.ok_or_else(missing)?;
    types_of(conn, structure_id).await?;
    appointment_type::Entity::find_by_id(id.as_uuid())
        .filter(appointment_type::Column::StructureId.eq(structure_id))
        .one(conn)
        .await?
        .ok_or_else(missing)
}

/// Settings and types.
pub async fn setup(db: &Db, structure_id: StructureId) -> StorageResult<AgendaSetup> {
    let txn = db.begin_write().await?;
    let settings = settings_of(&txn, structure_id.as_uuid()).await?;
    let types = types_of(&txn, structure_id.as_uuid()).await?;
    txn.commit().await?;
    Ok(AgendaSetup {
        settings,
        appointment_types: types.iter().map(to_type).collect::<StorageResult<_>>()?,
    })
}

/// Sets the booking window, deadlines and reminders.
pub async fn set_settings(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    settings: AgendaSettings,
) -> StorageResult<AgendaSettings> {
    let errors = settings.check();
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let row = structure::Entity::find_by_id(structure_id.as_uuid())
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let mut active: structure::ActiveModel = row.into();
    active.agenda_settings = Set(Some(to_json(&settings)?));
    active.updated_at = Set(crate::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(
            AuditAction::Update,
            "structure",
            Some(structure_id.as_uuid()),
        )
        .structure(structure_id)
        .summary("Réglages de l'agenda (réservation, rappels)"),
    )
    .await?;
    txn.commit().await?;
    Ok(settings)
}

fn check_type(input: &AppointmentTypeInput) -> StorageResult<(AppointmentMode, i32)> {
    let mut errors = Vec::new();
    domain::accompaniment::check_text(&mut errors, "label", &input.label, 120, true);
    if input.mode.is_none() {
        errors.push(err(
            "mode",
            "required",
            "Choisissez sur site, téléphone ou visio.",
        ));
    }
    let minutes = input.minutes.map_or(0, i64::from);
    errors.extend(check_minutes_of_type("minutes", minutes));
    match (input.mode, errors.is_empty()) {
        (Some(mode), true) => Ok((mode, i32::try_from(minutes).unwrap_or(30))),
        _ => Err(StorageError::Invalid(errors)),
    }
}

/// Adds (`id` none) or changes an appointment type.
pub async fn save_type(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    id: Option<AppointmentTypeId>,
    input: AppointmentTypeInput,
) -> StorageResult<AppointmentType> {
    let (mode, minutes) = check_type(&input)?;
    let txn = db.begin_write().await?;
    let existing = types_of(&txn, structure_id.as_uuid()).await?;
    let now = crate::now();
    let row = match id {
        None => {
            appointment_type::ActiveModel {
                id: Set(Uuid::new_v4()),
                structure_id: Set(structure_id.as_uuid()),
                label: Set(input.label.trim().to_owned()),
                mode: Set(mode.code().to_owned()),
                minutes: Set(minutes),
                first_reception: Set(input.first_reception),
                youth_bookable: Set(input.youth_bookable),
                active: Set(input.active.unwrap_or(true)),
                position: Set(i32::try_from(existing.len()).unwrap_or(0)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
        Some(id) => {
            let row = existing
                .into_iter()
                .find(|t| t.id == id.as_uuid())
                .ok_or(StorageError::NotFound)?;
            let mut active: appointment_type::ActiveModel = row.into();
            active.label = Set(input.label.trim().to_owned());
            active.mode = Set(mode.code().to_owned());
            active.minutes = Set(minutes);
            active.first_reception = Set(input.first_reception);
            active.youth_bookable = Set(input.youth_bookable);
            active.active = Set(input.active.unwrap_or(true));
            active.updated_at = Set(now);
            active.update(&txn).await?
        }
    };
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "appointment_type", Some(row.id))
            .structure(structure_id)
            .summary(format!("Type de rendez-vous « {} »", row.label)),
    )
    .await?;
    txn.commit().await?;
    to_type(&row)
}

/// Whose availability the actor may change: their own, or anyone's for a manager.
pub(crate) fn may_manage_for(actor: &Actor, account: AccountId) -> bool {
    actor.account_id == account || matches!(actor.role, Role::Manager)
}

/// A staff member's availability (empty until set).
pub(crate) async fn availability_of(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
) -> StorageResult<Availability> {
    Ok(availabilities_of(conn, &[account_id])
        .await?
        .remove(&account_id)
        .unwrap_or_default())
}

/// The availability of several staff members at once (those without any are left out).
pub(crate) async fn availabilities_of(
    conn: &impl ConnectionTrait,
    accounts: &[Uuid],
) -> StorageResult<std::collections::HashMap<Uuid, Availability>> {
    if accounts.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(availability::Entity::find()
        .filter(availability::Column::AccountId.is_in(accounts.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            (
                row.account_id,
                Availability {
                    weekly: serde_json::from_value(row.weekly).unwrap_or_default(),
                    exceptions: serde_json::from_value(row.exceptions).unwrap_or_default(),
                },
            )
        })
        .collect())
}

/// Reads a staff member's availability.
pub async fn read_availability(
    db: &Db,
    structure_id: StructureId,
    account_id: AccountId,
) -> StorageResult<Availability> {
    let conn = db.conn();
    staff_member(
        conn,
        structure_id.as_uuid(),
        account_id.as_uuid(),
        "account_id",
    )
    .await
    .map_err(|_| StorageError::NotFound)?;
    availability_of(conn, account_id.as_uuid()).await
}

/// Replaces a staff member's availability (windows checked, sites of the Mission Locale).
pub async fn set_availability(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    account_id: AccountId,
    input: Availability,
    now: DateTime<Utc>,
) -> StorageResult<Availability> {
    if !may_manage_for(actor, account_id) {
        return Err(StorageError::NotFound);
    }
    let mut errors = check_weekly(&input.weekly, "weekly");
    for (i, exception) in input.exceptions.iter().enumerate() {
        let windows: Vec<_> = exception
            .windows
            .iter()
            .map(|w| domain::agenda::WeeklyOpening { weekday: 1, ..*w })
            .collect();
        errors.extend(check_weekly(&windows, &format!("exceptions[{i}].windows")));
        if input.exceptions[..i]
            .iter()
            .any(|e| e.date == exception.date)
        {
            errors.push(err(
                format!("exceptions[{i}].date"),
                "duplicate",
                "Ce jour a déjà une exception.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let structure_id = actor.structure_id.as_uuid();
    let txn = db.begin_write().await?;
    let person = staff_member(&txn, structure_id, account_id.as_uuid(), "account_id")
        .await
        .map_err(|_| StorageError::NotFound)?;
    let sites = input
        .weekly
        .iter()
        .chain(input.exceptions.iter().flat_map(|e| e.windows.iter()))
        .filter_map(|w| w.site_id);
    for site in sites {
        site_of(&txn, structure_id, Some(site)).await?;
    }
    let row = availability::ActiveModel {
        account_id: Set(person.id),
        structure_id: Set(structure_id),
        weekly: Set(to_json(&input.weekly)?),
        exceptions: Set(to_json(&input.exceptions)?),
        updated_at: Set(now),
    };
    if availability::Entity::find_by_id(person.id)
        .one(&txn)
        .await?
        .is_some()
    {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "availability", Some(person.id))
            .structure(actor.structure_id)
            .summary(format!(
                "Horaires d'ouverture de {} {}",
                person.first_name, person.last_name
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(input)
}
