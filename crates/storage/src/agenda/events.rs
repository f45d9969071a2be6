//! Entries of agendas: appointments with young people and partners, administrative time,
//! meetings, training, absences; moving, cancelling, attendance; the agenda of a person or a
//! site over some days; the day's home (E1, E2).

use chrono::{DateTime, Duration, Utc};
use domain::accompaniment::paris_date;
use domain::agenda::{
    AppointmentMode, AppointmentStatus, EventKind, FollowUpIntensity, Interval, MAX_ABSENCE_DAYS,
    MAX_ENTRY_HOURS, MessageKind, RegistrationStatus, on_grain, paris_days,
};
use domain::dto::{
    AgendaEvent, AgendaHome, AgendaView, AuditAction, CancelEvent, EventAttendance, IntensityRow,
    MoveEvent, NewEvent,
};
use domain::{AccountId, Actor, EventId, SiteId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use super::messages::{self, About};
use super::setup::{may_manage_for, type_of};
use super::{
    Names, code, err, release_cells, settings_of, site_of, staff_member, take_cells, to_events,
    workshop_event,
};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{
    account, agenda_event, appointment_type, partner, site, workshop, workshop_registration, youth,
};
use crate::youths::find_in_scope;
use crate::{Conflict, Db, StorageError, StorageResult};

/// An entry to write.
pub(crate) struct Draft<'a> {
    pub(crate) structure_id: Uuid,
    pub(crate) owner: &'a account::Model,
    pub(crate) kind: EventKind,
    pub(crate) start: DateTime<Utc>,
    pub(crate) end: DateTime<Utc>,
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) site_id: Option<Uuid>,
    pub(crate) youth: Option<&'a youth::Model>,
    pub(crate) preregistration_id: Option<Uuid>,
    pub(crate) partner_id: Option<Uuid>,
    pub(crate) kind_of_appointment: Option<&'a appointment_type::Model>,
    pub(crate) booked_by: Option<Uuid>,
    pub(crate) by_youth: bool,
}

/// Writes an entry and takes its cells: the owner's, and the young person's for an appointment.
pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    draft: Draft<'_>,
    now: DateTime<Utc>,
) -> StorageResult<agenda_event::Model> {
    let row = agenda_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        structure_id: Set(draft.structure_id),
        owner_id: Set(draft.owner.id),
        kind: Set(draft.kind.code().to_owned()),
        starts_at: Set(draft.start),
        ends_at: Set(draft.end),
        title: Set(draft.title),
        note: Set(draft.note),
        site_id: Set(draft.site_id),
        youth_id: Set(draft.youth.map(|y| y.id)),
        preregistration_id: Set(draft.preregistration_id),
        partner_id: Set(draft.partner_id),
        appointment_type_id: Set(draft.kind_of_appointment.map(|t| t.id)),
        mode: Set(draft.kind_of_appointment.map(|t| t.mode.clone())),
        status: Set(AppointmentStatus::Planifie.code().to_owned()),
        booked_by_id: Set(draft.booked_by),
        booked_by_youth: Set(draft.by_youth),
        // Booked by the young person: confirmed by the act itself.
        confirmed_at: Set(draft.by_youth.then_some(now)),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    take_cells(
        conn,
        row.owner_id,
        row.id,
        row.starts_at,
        row.ends_at,
        Conflict::SlotTaken,
    )
    .await?;
    if let Some(youth_id) = row.youth_id {
        take_cells(
            conn,
            youth_id,
            row.id,
            row.starts_at,
            row.ends_at,
            Conflict::YouthBusy,
        )
        .await?;
    }
    Ok(row)
}

/// Moves an entry: frees its cells, takes the new ones.
pub(crate) async fn reschedule(
    conn: &impl ConnectionTrait,
    row: agenda_event::Model,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StorageResult<agenda_event::Model> {
    release_cells(conn, row.id).await?;
    let mut active: agenda_event::ActiveModel = row.into();
    active.starts_at = Set(start);
    active.ends_at = Set(end);
    active.updated_at = Set(now);
    let row = active.update(conn).await?;
    take_cells(conn, row.owner_id, row.id, start, end, Conflict::SlotTaken).await?;
    if let Some(youth_id) = row.youth_id {
        take_cells(conn, youth_id, row.id, start, end, Conflict::YouthBusy).await?;
    }
    Ok(row)
}

/// Cancels an entry and frees its cells.
pub(crate) async fn cancel_row(
    conn: &impl ConnectionTrait,
    row: agenda_event::Model,
    reason: &str,
    now: DateTime<Utc>,
) -> StorageResult<agenda_event::Model> {
    release_cells(conn, row.id).await?;
    messages::cancel_pending(conn, Some(row.id), None).await?;
    let mut active: agenda_event::ActiveModel = row.into();
    active.status = Set(AppointmentStatus::Annule.code().to_owned());
    active.cancelled_at = Set(Some(now));
    active.cancel_reason = Set(Some(reason.trim().to_owned()).filter(|r| !r.is_empty()));
    active.updated_at = Set(now);
    Ok(active.update(conn).await?)
}

/// What a message says an appointment is.
pub(crate) async fn about(
    conn: &impl ConnectionTrait,
    row: &agenda_event::Model,
) -> StorageResult<About> {
    let owner = account::Entity::find_by_id(row.owner_id).one(conn).await?;
    let label = match row.appointment_type_id {
        Some(id) => appointment_type::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|t| t.label),
        None => None,
    }
    .unwrap_or_else(|| row.title.clone());
    let with = owner
        .map(|o| format!(" avec {} {}", o.first_name, o.last_name))
        .unwrap_or_default();
    let place = match row.site_id {
        Some(id) => site::Entity::find_by_id(id).one(conn).await?.map(|s| {
            format!(
                "{}, {} {} {}",
                s.name, s.address, s.postal_code, s.commune_name
            )
        }),
        None => row
            .mode
            .as_deref()
            .and_then(AppointmentMode::from_code)
            .map(|m| m.label().to_owned()),
    };
    Ok(About {
        event_id: Some(row.id),
        workshop_id: None,
        what: format!("votre rendez-vous « {label} »{with}"),
        starts_at: row.starts_at,
        place,
    })
}

/// Queues the confirmation and reminders of an appointment.
pub(crate) async fn queue_confirmation(
    conn: &impl ConnectionTrait,
    file: impl Into<messages::Contact>,
    settings: &domain::agenda::AgendaSettings,
    row: &agenda_event::Model,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    let about = about(conn, row).await?;
    messages::queue_booking(conn, file, settings, &about, MessageKind::Confirmation, now).await
}

/// Explains which entries a refused range overlaps.
pub(crate) async fn overlap_error(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> StorageError {
    let clashing = agenda_event::Entity::find()
        .filter(agenda_event::Column::OwnerId.eq(owner))
        .filter(agenda_event::Column::CancelledAt.is_null())
        .filter(agenda_event::Column::StartsAt.lt(end))
        .filter(agenda_event::Column::EndsAt.gt(start))
        .order_by_asc(agenda_event::Column::StartsAt)
        .one(conn)
        .await
        .ok()
        .flatten();
    let what = clashing.map_or_else(
        || "une autre entrée de l'agenda".to_owned(),
        |c| {
            format!(
                "« {} » du {}",
                c.title,
                domain::accompaniment::paris_text(c.starts_at)
            )
        },
    );
    StorageError::Invalid(vec![err(
        "starts_at",
        "overlap",
        format!("Cette plage chevauche {what} : déplacez ou annulez d'abord cette entrée."),
    )])
}

fn check_range(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    max: Duration,
) -> StorageResult<(DateTime<Utc>, DateTime<Utc>)> {
    let Some(start) = start else {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "required",
            "Indiquez le début.",
        )]));
    };
    let mut errors = Vec::new();
    if !on_grain(start) {
        errors.push(err(
            "starts_at",
            "off_grain",
            "Les horaires se donnent au quart d'heure (9:00, 9:15, 9:30…).",
        ));
    }
    let Some(end) = end else {
        errors.push(err("ends_at", "required", "Indiquez la fin."));
        return Err(StorageError::Invalid(errors));
    };
    if end <= start {
        errors.push(err(
            "ends_at",
            "before_start",
            "La fin doit suivre le début.",
        ));
    } else if end - start > max {
        errors.push(err(
            "ends_at",
            "too_long",
            format!("Une entrée dure au plus {} jours.", max.num_days().max(1)),
        ));
    }
    if errors.is_empty() {
        Ok((start, end))
    } else {
        Err(StorageError::Invalid(errors))
    }
}

/// Adds an entry to an agenda (E1). An appointment with a young person is booked in their
/// name: cells of both agendas, confirmation and reminders.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    input: NewEvent,
    now: DateTime<Utc>,
) -> StorageResult<AgendaEvent> {
    let structure_id = actor.structure_id.as_uuid();
    let Some(kind) = input.kind.filter(|k| *k != EventKind::Atelier) else {
        return Err(StorageError::Invalid(vec![err(
            "kind",
            "required",
            "Choisissez le type d'entrée (rendez-vous, réunion, absence…). Les ateliers se créent dans « Ateliers ».",
        )]));
    };
    let owner_id = input.owner_id.unwrap_or(actor.account_id);
    if !kind.is_appointment() && !may_manage_for(actor, owner_id) {
        return Err(StorageError::Invalid(vec![err(
            "owner_id",
            "not_yours",
            "Seul un manager modifie l'agenda d'un collègue, hors rendez-vous.",
        )]));
    }
    let txn = db.begin_write().await?;
    let owner = staff_member(&txn, structure_id, owner_id.as_uuid(), "owner_id").await?;
    let type_row = match (kind, input.appointment_type_id) {
        (EventKind::RendezVousJeune, id) => Some(type_of(&txn, structure_id, id).await?),
        (_, Some(id)) => Some(type_of(&txn, structure_id, Some(id)).await?),
        _ => None,
    };
    let end = input.ends_at.or_else(|| {
        type_row.as_ref().and_then(|t| {
            input
                .starts_at
                .map(|s| s + Duration::minutes(i64::from(t.minutes)))
        })
    });
    let max = if kind == EventKind::Absence {
        Duration::days(MAX_ABSENCE_DAYS)
    } else {
        Duration::hours(MAX_ENTRY_HOURS)
    };
    let (start, end) = check_range(input.starts_at, end, max)?;
    let site = site_of(&txn, structure_id, input.site_id).await?;
    let file = match (kind, input.youth_id) {
        (EventKind::RendezVousJeune, Some(id)) => Some(
            find_in_scope(&txn, &domain::Scope::Structure(actor.structure_id), id)
                .await
                .map_err(|_| {
                    StorageError::Invalid(vec![err(
                        "youth_id",
                        "unknown",
                        "Choisissez un jeune suivi par votre Mission Locale.",
                    )])
                })?,
        ),
        (EventKind::RendezVousJeune, None) => {
            return Err(StorageError::Invalid(vec![err(
                "youth_id",
                "required",
                "Choisissez le jeune attendu à ce rendez-vous.",
            )]));
        }
        _ => None,
    };
    let partner_row = match input.partner_id {
        Some(id) => Some(
            partner::Entity::find_by_id(id.as_uuid())
                .filter(partner::Column::StructureId.eq(structure_id))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    StorageError::Invalid(vec![err(
                        "partner_id",
                        "unknown",
                        "Choisissez un partenaire de votre Mission Locale.",
                    )])
                })?,
        ),
        None if kind == EventKind::RendezVousPartenaire => {
            return Err(StorageError::Invalid(vec![err(
                "partner_id",
                "required",
                "Choisissez le partenaire de ce rendez-vous.",
            )]));
        }
        None => None,
    };
    let mut errors = Vec::new();
    domain::accompaniment::check_text(&mut errors, "title", &input.title, 200, false);
    domain::accompaniment::check_text(&mut errors, "note", &input.note, 4000, false);
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let title = if input.title.trim().is_empty() {
        match (&type_row, &file, &partner_row) {
            (Some(t), Some(f), _) => format!("{} — {}", t.label, crate::accompaniment::name_of(f)),
            (_, _, Some(p)) => format!("Rendez-vous — {}", p.name),
            _ => kind.label().to_owned(),
        }
    } else {
        input.title.trim().to_owned()
    };
    let inserted = insert(
        &txn,
        Draft {
            structure_id,
            owner: &owner,
            kind,
            start,
            end,
            title,
            note: input.note.trim().to_owned(),
            site_id: site.map(|s| s.id),
            youth: file.as_ref(),
            preregistration_id: None,
            partner_id: partner_row.as_ref().map(|p| p.id),
            kind_of_appointment: type_row.as_ref(),
            booked_by: Some(actor.account_id.as_uuid()),
            by_youth: false,
        },
        now,
    )
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(StorageError::Conflict(Conflict::SlotTaken)) => {
            drop(txn);
            return Err(overlap_error(db.conn(), owner.id, start, end).await);
        }
        Err(e) => return Err(e),
    };
    let mut entry = Entry::new(AuditAction::Create, "agenda_event", Some(row.id))
        .structure(actor.structure_id)
        .summary(format!(
            "{} le {}",
            row.title,
            domain::accompaniment::paris_text(start)
        ));
    if let Some(f) = &file {
        entry = entry.youth(YouthId(f.id));
        let settings = settings_of(&txn, structure_id).await?;
        queue_confirmation(&txn, f, &settings, &row, now).await?;
    }
    audit::record(&txn, ctx, entry).await?;
    super::commit_with(txn, &row).await
}

/// An entry of the actor's Mission Locale, locked for the change.
async fn entry_for_update(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
    id: EventId,
) -> StorageResult<agenda_event::Model> {
    use sea_orm::QuerySelect as _;
    agenda_event::Entity::find_by_id(id.as_uuid())
        .filter(agenda_event::Column::StructureId.eq(structure_id))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

fn check_changeable(row: &agenda_event::Model, actor: &Actor) -> StorageResult<()> {
    let kind = code(&row.kind, EventKind::from_code)?;
    if !kind.is_appointment() && !may_manage_for(actor, AccountId(row.owner_id)) {
        return Err(StorageError::NotFound);
    }
    if row.cancelled_at.is_some() {
        return Err(StorageError::NotNow("Cette entrée est annulée."));
    }
    Ok(())
}

async fn audit_change(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    actor: &Actor,
    row: &agenda_event::Model,
    summary: String,
) -> StorageResult<()> {
    let mut entry = Entry::new(AuditAction::Update, "agenda_event", Some(row.id))
        .structure(actor.structure_id)
        .summary(summary);
    if let Some(y) = row.youth_id {
        entry = entry.youth(YouthId(y));
    }
    audit::record(conn, ctx, entry).await
}

/// Moves an entry (staff); a young person's appointment gets a new confirmation and reminders.
pub async fn move_entry(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: EventId,
    input: MoveEvent,
    now: DateTime<Utc>,
) -> StorageResult<AgendaEvent> {
    let structure_id = actor.structure_id.as_uuid();
    let txn = db.begin_write().await?;
    let row = entry_for_update(&txn, structure_id, id).await?;
    check_changeable(&row, actor)?;
    let length = row.ends_at - row.starts_at;
    let end = input.ends_at.or(input.starts_at.map(|s| s + length));
    let max = if row.kind == EventKind::Absence.code() {
        Duration::days(MAX_ABSENCE_DAYS)
    } else {
        Duration::hours(MAX_ENTRY_HOURS)
    };
    let (start, end) = check_range(input.starts_at, end, max)?;
    let owner = row.owner_id;
    let moved = match reschedule(&txn, row, start, end, now).await {
        Ok(row) => row,
        Err(StorageError::Conflict(Conflict::SlotTaken)) => {
            drop(txn);
            return Err(overlap_error(db.conn(), owner, start, end).await);
        }
        Err(e) => return Err(e),
    };
    if let Some(youth_id) = moved.youth_id {
        messages::cancel_pending(&txn, Some(moved.id), None).await?;
        let file = youth::Entity::find_by_id(youth_id)
            .one(&txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let settings = settings_of(&txn, structure_id).await?;
        queue_confirmation(&txn, &file, &settings, &moved, now).await?;
    }
    audit_change(
        &txn,
        ctx,
        actor,
        &moved,
        format!(
            "{} déplacé au {}",
            moved.title,
            domain::accompaniment::paris_text(start)
        ),
    )
    .await?;
    super::commit_with(txn, &moved).await
}

/// Cancels an entry (staff); the young person is told.
pub async fn cancel(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: EventId,
    input: CancelEvent,
    now: DateTime<Utc>,
) -> StorageResult<AgendaEvent> {
    let txn = db.begin_write().await?;
    let row = entry_for_update(&txn, actor.structure_id.as_uuid(), id).await?;
    check_changeable(&row, actor)?;
    let row = cancel_row(&txn, row, &input.reason, now).await?;
    if let (Some(youth_id), true) = (row.youth_id, row.starts_at > now) {
        let file = youth::Entity::find_by_id(youth_id)
            .one(&txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let about = about(&txn, &row).await?;
        messages::queue(
            &txn,
            &file,
            MessageKind::Annulation,
            domain::agenda::MessageChannel::Email,
            &about,
            now,
        )
        .await?;
    }
    audit_change(&txn, ctx, actor, &row, format!("{} annulé", row.title)).await?;
    super::commit_with(txn, &row).await
}

/// Records whether the young person (or partner) came.
pub async fn record_attendance(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: EventId,
    input: EventAttendance,
    now: DateTime<Utc>,
) -> StorageResult<AgendaEvent> {
    let Some(status) = input
        .status
        .filter(|s| !matches!(s, AppointmentStatus::Annule | AppointmentStatus::Planifie))
    else {
        return Err(StorageError::Invalid(vec![err(
            "status",
            "required",
            "Choisissez présent, absent ou excusé.",
        )]));
    };
    let txn = db.begin_write().await?;
    let row = entry_for_update(&txn, actor.structure_id.as_uuid(), id).await?;
    check_changeable(&row, actor)?;
    if !code(&row.kind, EventKind::from_code)?.is_appointment() {
        return Err(StorageError::NotNow(
            "La présence se note sur les rendez-vous.",
        ));
    }
    if row.starts_at > now {
        return Err(StorageError::Invalid(vec![err(
            "status",
            "not_started",
            "La présence se note une fois le rendez-vous commencé.",
        )]));
    }
    let mut active: agenda_event::ActiveModel = row.into();
    active.status = Set(status.code().to_owned());
    active.updated_at = Set(now);
    let row = active.update(&txn).await?;
    if status == AppointmentStatus::Present
        && let Some(youth_id) = row.youth_id
    {
        // A held appointment is a contact.
        let file = youth::Entity::find_by_id(youth_id).one(&txn).await?;
        if let Some(file) = file {
            let day = paris_date(row.starts_at);
            if file.last_contact_on.is_none_or(|last| last < day) {
                let mut m: youth::ActiveModel = file.into();
                m.last_contact_on = Set(Some(day));
                m.update(&txn).await?;
            }
        }
    }
    audit_change(
        &txn,
        ctx,
        actor,
        &row,
        format!("{} : {}", row.title, status.label()),
    )
    .await?;
    super::commit_with(txn, &row).await
}

/// Entries overlapping a range, with a filter. Entries last at most 12 hours and absences 92
/// days, so each of the two queries reads a bounded stretch of the `(owner, kind, start)` and
/// `(owner, start)` indexes rather than everything that started before the range.
pub(crate) async fn entries(
    conn: &impl ConnectionTrait,
    filter: Condition,
    range: Interval,
) -> StorageResult<Vec<agenda_event::Model>> {
    let overlapping = |from: DateTime<Utc>| {
        agenda_event::Entity::find()
            .filter(filter.clone())
            .filter(agenda_event::Column::CancelledAt.is_null())
            .filter(agenda_event::Column::StartsAt.gte(from))
            .filter(agenda_event::Column::StartsAt.lt(range.end))
            .filter(agenda_event::Column::EndsAt.gt(range.start))
    };
    let mut rows = overlapping(range.start - Duration::hours(MAX_ENTRY_HOURS))
        .filter(agenda_event::Column::Kind.ne(EventKind::Absence.code()))
        .all(conn)
        .await?;
    rows.extend(
        overlapping(range.start - Duration::days(MAX_ABSENCE_DAYS))
            .filter(agenda_event::Column::Kind.eq(EventKind::Absence.code()))
            .all(conn)
            .await?,
    );
    rows.sort_by_key(|r| r.starts_at);
    Ok(rows)
}

/// Workshops overlapping a range, with a filter.
pub(crate) async fn workshops_in(
    conn: &impl ConnectionTrait,
    filter: Condition,
    range: Interval,
) -> StorageResult<Vec<workshop::Model>> {
    Ok(workshop::Entity::find()
        .filter(filter)
        .filter(workshop::Column::CancelledAt.is_null())
        .filter(workshop::Column::StartsAt.gte(range.start - Duration::hours(MAX_ENTRY_HOURS)))
        .filter(workshop::Column::StartsAt.lt(range.end))
        .filter(workshop::Column::EndsAt.gt(range.start))
        .order_by_asc(workshop::Column::StartsAt)
        .all(conn)
        .await?)
}

/// A staff member's agenda: their entries, the workshops they lead, and the workshops their
/// young people registered to (B18).
async fn person_events(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    range: Interval,
) -> StorageResult<Vec<AgendaEvent>> {
    let rows = entries(
        conn,
        Condition::all().add(agenda_event::Column::OwnerId.eq(owner)),
        range,
    )
    .await?;
    let led = workshops_in(
        conn,
        Condition::all().add(workshop::Column::FacilitatorId.eq(owner)),
        range,
    )
    .await?;
    // Seats of the counsellor's young people.
    let all = workshops_in(conn, Condition::all(), range).await?;
    let ids: Vec<Uuid> = all.iter().map(|w| w.id).collect();
    let seats = if ids.is_empty() {
        Vec::new()
    } else {
        workshop_registration::Entity::find()
            .filter(workshop_registration::Column::WorkshopId.is_in(ids))
            .filter(workshop_registration::Column::Status.eq(RegistrationStatus::Inscrit.code()))
            .all(conn)
            .await?
    };
    let followed: Vec<Uuid> = if seats.is_empty() {
        Vec::new()
    } else {
        youth::Entity::find()
            .filter(youth::Column::Id.is_in(seats.iter().map(|s| s.youth_id)))
            .filter(youth::Column::CounsellorId.eq(owner))
            .all(conn)
            .await?
            .into_iter()
            .map(|y| y.id)
            .collect()
    };
    let seats: Vec<_> = seats
        .into_iter()
        .filter(|s| followed.contains(&s.youth_id))
        .collect();
    let names = Names::load(
        conn,
        rows.iter()
            .map(|r| r.owner_id)
            .chain(all.iter().map(|w| w.facilitator_id)),
        rows.iter()
            .filter_map(|r| r.site_id)
            .chain(all.iter().filter_map(|w| w.site_id)),
        rows.iter()
            .filter_map(|r| r.youth_id)
            .chain(seats.iter().map(|s| s.youth_id)),
        rows.iter().filter_map(|r| r.partner_id),
    )
    .await?;
    let mut events: Vec<AgendaEvent> = rows
        .iter()
        .map(|r| super::to_event(&names, r))
        .collect::<StorageResult<_>>()?;
    events.extend(led.iter().map(|w| workshop_event(&names, w, None)));
    for seat in &seats {
        if let Some(w) = all.iter().find(|w| w.id == seat.workshop_id)
            && w.facilitator_id != owner
        {
            events.push(workshop_event(&names, w, Some(seat.youth_id)));
        }
    }
    events.sort_by_key(|e| e.starts_at);
    Ok(events)
}

/// The agenda of a staff member of the Mission Locale over some days.
pub async fn agenda(
    db: &Db,
    actor: &Actor,
    account_id: Option<AccountId>,
    from: chrono::NaiveDate,
    days: u32,
) -> StorageResult<AgendaView> {
    let conn = db.conn();
    let owner_id = account_id.unwrap_or(actor.account_id);
    let owner = staff_member(
        conn,
        actor.structure_id.as_uuid(),
        owner_id.as_uuid(),
        "account_id",
    )
    .await
    .map_err(|_| StorageError::NotFound)?;
    let days = i64::from(days.clamp(1, 42));
    let range = paris_days(from, days);
    Ok(AgendaView {
        owner: Some(crate::accounts::person_ref(&owner)),
        from,
        to: from + Duration::days(days - 1),
        events: person_events(conn, owner.id, range).await?,
    })
}

/// Everything at a site over some days (the shared view of a site).
pub async fn site_agenda(
    db: &Db,
    actor: &Actor,
    site_id: SiteId,
    from: chrono::NaiveDate,
    days: u32,
) -> StorageResult<AgendaView> {
    let conn = db.conn();
    site_of(conn, actor.structure_id.as_uuid(), Some(site_id))
        .await
        .map_err(|_| StorageError::NotFound)?;
    let days = i64::from(days.clamp(1, 42));
    let range = paris_days(from, days);
    let rows = entries(
        conn,
        Condition::all().add(agenda_event::Column::SiteId.eq(site_id.as_uuid())),
        range,
    )
    .await?;
    let led = workshops_in(
        conn,
        Condition::all().add(workshop::Column::SiteId.eq(site_id.as_uuid())),
        range,
    )
    .await?;
    let mut events = to_events(conn, &rows).await?;
    let names = Names::load(
        conn,
        led.iter().map(|w| w.facilitator_id),
        led.iter().filter_map(|w| w.site_id),
        [],
        [],
    )
    .await?;
    events.extend(led.iter().map(|w| workshop_event(&names, w, None)));
    events.sort_by_key(|e| e.starts_at);
    Ok(AgendaView {
        owner: None,
        from,
        to: from + Duration::days(days - 1),
        events,
    })
}

/// The day and the week of a staff member (E2).
pub async fn home(db: &Db, actor: &Actor, now: DateTime<Utc>) -> StorageResult<AgendaHome> {
    let conn = db.conn();
    let me = actor.account_id.as_uuid();
    let today = paris_date(now);
    let monday = domain::accompaniment::monday_of(today);
    let week = person_events(conn, me, paris_days(monday, 7)).await?;
    let day = paris_days(today, 1);
    let (today_events, week_events): (Vec<_>, Vec<_>) = week
        .into_iter()
        .partition(|e| e.starts_at < day.end && e.ends_at > day.start);
    let week_events = week_events
        .into_iter()
        .filter(|e| e.starts_at >= day.end && e.kind != EventKind::Absence)
        .collect();
    let mine = Condition::all()
        .add(agenda_event::Column::OwnerId.eq(me))
        .add(agenda_event::Column::Kind.eq(EventKind::RendezVousJeune.code()));
    let soon = entries(
        conn,
        mine.clone()
            .add(agenda_event::Column::ConfirmedAt.is_null())
            .add(agenda_event::Column::StartsAt.gt(now)),
        Interval {
            start: now,
            end: now + Duration::hours(48),
        },
    )
    .await?;
    let month = Interval {
        start: now - Duration::days(30),
        end: now,
    };
    let past = entries(conn, mine, month).await?;
    let to_record: Vec<_> = past
        .iter()
        .filter(|r| r.ends_at <= now && r.status == AppointmentStatus::Planifie.code())
        .cloned()
        .collect();
    let no_shows: Vec<_> = past
        .iter()
        .filter(|r| r.status == AppointmentStatus::Absent.code())
        .cloned()
        .collect();
    let wished = youth::Entity::find()
        .filter(youth::Column::CounsellorId.eq(me))
        .filter(youth::Column::FollowUpIntensity.is_not_null())
        .all(conn)
        .await?;
    let mut intensities = Vec::new();
    for y in wished {
        let Some(intensity) = y
            .follow_up_intensity
            .as_deref()
            .and_then(FollowUpIntensity::from_code)
        else {
            continue;
        };
        let next = agenda_event::Entity::find()
            .filter(agenda_event::Column::YouthId.eq(y.id))
            .filter(agenda_event::Column::CancelledAt.is_null())
            .filter(agenda_event::Column::StartsAt.gt(now))
            .order_by_asc(agenda_event::Column::StartsAt)
            .one(conn)
            .await?;
        intensities.push(IntensityRow {
            youth: domain::dto::YouthRef {
                id: YouthId(y.id),
                name: crate::accompaniment::name_of(&y),
            },
            intensity,
            next_appointment: next.map(|n| n.starts_at),
        });
    }
    Ok(AgendaHome {
        today,
        today_events,
        week_events,
        unconfirmed: to_events(conn, &soon).await?,
        to_record: to_events(conn, &to_record).await?,
        no_shows: to_events(conn, &no_shows).await?,
        intensities,
    })
}

/// A partner's appointments with the Mission Locale (C13): a month back and six months ahead,
/// without staff notes.
pub async fn of_partner(
    db: &Db,
    scope: &domain::Scope,
    partner_id: domain::PartnerId,
    now: DateTime<Utc>,
) -> StorageResult<Vec<AgendaEvent>> {
    let conn = db.conn();
    let partner = crate::partners::find_in_scope(conn, scope, partner_id).await?;
    let rows = entries(
        conn,
        Condition::all()
            .add(agenda_event::Column::PartnerId.eq(partner.id))
            .add(agenda_event::Column::StructureId.eq(partner.structure_id)),
        Interval {
            start: now - Duration::days(31),
            end: now + Duration::days(183),
        },
    )
    .await?;
    let mut events = to_events(conn, &rows).await?;
    for e in &mut events {
        e.note.clear();
        // A partner sees who from the Mission Locale, not which young person.
        e.youth = None;
    }
    Ok(events)
}
