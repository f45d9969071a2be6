//! Workshops (F2, B17, B18, D16): sessions with a theme, site, capacity and facilitator;
//! registration with a waiting list promoted in order when a seat frees; attendance; feedback.
//!
//! Seats are counted under a lock on the workshop row (PostgreSQL; SQLite write transactions
//! are exclusive), so two registrations for the last seat cannot both take it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::accompaniment::Theme;
use domain::agenda::{
    Attendance, FeedbackSummary, MessageChannel, MessageKind, RegistrationStatus, WorkshopFeedback,
    check_capacity, on_grain, paris_days, place_for,
};
use domain::dto::{
    AttendanceSheet, AuditAction, NewRegistration, PartnerAttendanceSheet, PartnerEvent,
    PartnerEventInput, PartnerEventRegistration, WorkshopDetail, WorkshopInput,
    WorkshopRegistration, WorkshopSummary,
};
use domain::{
    Actor, PartnerId, RegistrationId, Role, Scope, SiteId, StructureId, WorkshopId, YouthId,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::messages::{self, About};
use super::{Names, code, err, settings_of, site_of, staff_member};
use crate::accompaniment::{file_for_update, name_of, record};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{site, workshop, workshop_registration as reg, youth};
use crate::youths::to_json;
use crate::{Conflict, Db, StorageError, StorageResult};

/// "l'atelier" run by the Mission Locale, "l'événement" run by a partner (C8), in what the
/// young person, the partner and the audit log read.
fn the(w: &workshop::Model) -> &'static str {
    if w.partner_id.is_some() {
        "l'événement"
    } else {
        "l'atelier"
    }
}

/// `the(w)` and its title: "l'atelier « CV et lettre »".
fn named(w: &workshop::Model) -> String {
    format!("{} « {} »", the(w), w.title)
}

/// Why nothing can be done on a cancelled workshop or event.
fn cancelled(w: &workshop::Model) -> StorageError {
    StorageError::NotNow(if w.partner_id.is_some() {
        "Cet événement est annulé."
    } else {
        "Cet atelier est annulé."
    })
}

fn about(w: &workshop::Model, place: Option<String>) -> About {
    About {
        event_id: None,
        workshop_id: Some(w.id),
        what: named(w),
        starts_at: w.starts_at,
        place,
    }
}

async fn place_of(
    conn: &impl ConnectionTrait,
    w: &workshop::Model,
) -> StorageResult<Option<String>> {
    Ok(match w.site_id {
        Some(id) => site::Entity::find_by_id(id).one(conn).await?.map(|s| {
            format!(
                "{}, {} {} {}",
                s.name, s.address, s.postal_code, s.commune_name
            )
        }),
        None => None,
    })
}

async fn summaries(
    conn: &impl ConnectionTrait,
    rows: &[workshop::Model],
    youth_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> StorageResult<Vec<WorkshopSummary>> {
    let ids: Vec<Uuid> = rows.iter().map(|w| w.id).collect();
    let regs = if ids.is_empty() {
        Vec::new()
    } else {
        reg::Entity::find()
            .filter(reg::Column::WorkshopId.is_in(ids))
            .filter(reg::Column::Status.ne(RegistrationStatus::Annule.code()))
            .order_by_asc(reg::Column::RegisteredAt)
            .all(conn)
            .await?
    };
    let names = Names::load(
        conn,
        rows.iter().map(|w| w.facilitator_id),
        rows.iter().filter_map(|w| w.site_id),
        [],
        rows.iter().filter_map(|w| w.partner_id),
    )
    .await?;
    rows.iter()
        .map(|w| {
            let mine: Vec<&reg::Model> = regs.iter().filter(|r| r.workshop_id == w.id).collect();
            let seated = mine
                .iter()
                .filter(|r| r.status == RegistrationStatus::Inscrit.code())
                .count();
            let waiting: Vec<&&reg::Model> = mine
                .iter()
                .filter(|r| r.status == RegistrationStatus::EnAttente.code())
                .collect();
            let own = youth_id.and_then(|y| mine.iter().find(|r| r.youth_id == y));
            let my_status = own
                .map(|r| code(&r.status, RegistrationStatus::from_code))
                .transpose()?;
            Ok(WorkshopSummary {
                id: WorkshopId(w.id),
                title: w.title.clone(),
                theme: w.theme.as_deref().and_then(Theme::from_code),
                description: w.description.clone(),
                starts_at: w.starts_at,
                ends_at: w.ends_at,
                site_id: w.site_id.map(SiteId),
                site_name: names.site(w.site_id),
                facilitator: names.person(w.facilitator_id),
                partner: w.partner_id.map(|p| names.partner(p)),
                capacity: u32::try_from(w.capacity).unwrap_or(0),
                seated: u32::try_from(seated).unwrap_or(0),
                waiting: u32::try_from(waiting.len()).unwrap_or(0),
                cancelled: w.cancelled_at.is_some(),
                my_waiting_rank: own.and_then(|o| {
                    waiting
                        .iter()
                        .position(|r| r.id == o.id)
                        .and_then(|p| u32::try_from(p + 1).ok())
                }),
                feedback_due: own.is_some_and(|o| {
                    o.status == RegistrationStatus::Inscrit.code()
                        && o.feedback.is_none()
                        && o.attendance.as_deref() != Some(Attendance::Absent.code())
                        && w.ends_at <= now
                        && w.cancelled_at.is_none()
                }),
                my_status,
            })
        })
        .collect()
}

/// The workshops of the caller's Mission Locale over some days; a young person sees their own
/// place on each.
pub async fn list(
    db: &Db,
    actor: &Actor,
    from: Option<NaiveDate>,
    days: u32,
    now: DateTime<Utc>,
) -> StorageResult<Vec<WorkshopSummary>> {
    let conn = db.conn();
    let from = from.unwrap_or_else(|| domain::accompaniment::paris_date(now));
    let range = paris_days(from, i64::from(days.clamp(1, 366)));
    let mut query = workshop::Entity::find()
        .filter(workshop::Column::StructureId.eq(actor.structure_id.as_uuid()))
        .filter(workshop::Column::StartsAt.lt(range.end))
        .filter(workshop::Column::EndsAt.gt(range.start));
    if actor.role == Role::Jeune {
        query = query.filter(workshop::Column::CancelledAt.is_null());
    }
    let rows = query
        .order_by_asc(workshop::Column::StartsAt)
        .limit(500)
        .all(conn)
        .await?;
    summaries(conn, &rows, actor.youth_id.map(|y| y.as_uuid()), now).await
}

/// The workshops a young person is registered to or waiting for (recent and coming).
pub(crate) async fn of_youth(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    now: DateTime<Utc>,
) -> StorageResult<Vec<WorkshopSummary>> {
    let seats = reg::Entity::find()
        .filter(reg::Column::YouthId.eq(youth_id))
        .filter(reg::Column::Status.ne(RegistrationStatus::Annule.code()))
        .all(conn)
        .await?;
    if seats.is_empty() {
        return Ok(Vec::new());
    }
    let rows = workshop::Entity::find()
        .filter(workshop::Column::Id.is_in(seats.iter().map(|s| s.workshop_id)))
        .filter(workshop::Column::EndsAt.gt(now - Duration::days(30)))
        .order_by_asc(workshop::Column::StartsAt)
        .all(conn)
        .await?;
    summaries(conn, &rows, Some(youth_id), now).await
}

async fn in_structure(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    id: WorkshopId,
    lock: bool,
) -> StorageResult<workshop::Model> {
    let mut query = workshop::Entity::find_by_id(id.as_uuid())
        .filter(workshop::Column::StructureId.eq(structure_id.as_uuid()));
    if lock {
        query = query.lock_exclusive();
    }
    query.one(conn).await?.ok_or(StorageError::NotFound)
}

/// A workshop with its registrations in order and its feedback (staff); the reading of the
/// young people's names is audited.
pub async fn detail(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: WorkshopId,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopDetail> {
    let txn = db.begin_write().await?;
    let w = in_structure(&txn, actor.structure_id, id, false).await?;
    let summary = summaries(&txn, std::slice::from_ref(&w), None, now)
        .await?
        .into_iter()
        .next()
        .ok_or(StorageError::NotFound)?;
    let rows = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .order_by_asc(reg::Column::RegisteredAt)
        .all(&txn)
        .await?;
    let names = Names::load(&txn, [], [], rows.iter().map(|r| r.youth_id), []).await?;
    let mut registrations: Vec<WorkshopRegistration> = rows
        .iter()
        .map(|r| {
            Ok(WorkshopRegistration {
                youth: names.youth(r.youth_id),
                status: code(&r.status, RegistrationStatus::from_code)?,
                registered_at: r.registered_at,
                promoted_at: r.promoted_at,
                attendance: r.attendance.as_deref().and_then(Attendance::from_code),
                gave_feedback: r.feedback.is_some(),
            })
        })
        .collect::<StorageResult<_>>()?;
    registrations.sort_by_key(|r| match r.status {
        RegistrationStatus::Inscrit => 0,
        RegistrationStatus::EnAttente => 1,
        RegistrationStatus::Annule => 2,
    });
    let answers: Vec<WorkshopFeedback> = rows
        .iter()
        .filter_map(|r| r.feedback.clone())
        .filter_map(|f| serde_json::from_value(f).ok())
        .collect();
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "workshop", Some(w.id))
            .structure(actor.structure_id)
            .summary(format!("Consultation des inscrits de {}", named(&w))),
    )
    .await?;
    txn.commit().await?;
    Ok(WorkshopDetail {
        workshop: summary,
        registrations,
        feedback: FeedbackSummary::of(&answers),
    })
}

struct Checked {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    capacity: u32,
}

fn check_input(
    input: &WorkshopInput,
    now: DateTime<Utc>,
    creating: bool,
) -> StorageResult<Checked> {
    let mut errors = Vec::new();
    domain::accompaniment::check_text(&mut errors, "title", &input.title, 200, true);
    domain::accompaniment::check_text(&mut errors, "description", &input.description, 4000, false);
    match (input.starts_at, input.ends_at) {
        (Some(start), Some(end)) => {
            if !on_grain(start) || !on_grain(end) {
                errors.push(err(
                    "starts_at",
                    "off_grain",
                    "Les horaires se donnent au quart d'heure (9:00, 9:15, 9:30…).",
                ));
            }
            if end <= start {
                errors.push(err(
                    "ends_at",
                    "before_start",
                    "La fin doit suivre le début.",
                ));
            } else if end - start > Duration::hours(domain::agenda::MAX_ENTRY_HOURS) {
                errors.push(err(
                    "ends_at",
                    "too_long",
                    "Un atelier dure au plus 12 heures.",
                ));
            }
            if creating && start <= now {
                errors.push(err(
                    "starts_at",
                    "in_past",
                    "Un atelier se programme dans le futur.",
                ));
            }
        }
        (start, _) => {
            if start.is_none() {
                errors.push(err("starts_at", "required", "Indiquez le début."));
            }
            errors.push(err("ends_at", "required", "Indiquez la fin."));
        }
    }
    match input.capacity {
        None => errors.push(err("capacity", "required", "Indiquez le nombre de places.")),
        Some(capacity) => errors.extend(check_capacity(capacity, 0)),
    }
    match (
        input.starts_at,
        input.ends_at,
        input.capacity,
        errors.is_empty(),
    ) {
        (Some(start), Some(end), Some(capacity), true) => Ok(Checked {
            start,
            end,
            capacity,
        }),
        _ => Err(StorageError::Invalid(errors)),
    }
}

async fn seated(conn: &impl ConnectionTrait, workshop_id: Uuid) -> StorageResult<u32> {
    use sea_orm::PaginatorTrait as _;
    let n = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(workshop_id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
        .count(conn)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Creates (`id` none) or changes a workshop; the capacity never drops below the seats taken.
pub async fn save(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: Option<WorkshopId>,
    input: WorkshopInput,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopSummary> {
    save_run_by(db, ctx, actor, id, input, now, None).await
}

/// Creates or changes a partner's event (C8): a workshop run by the partner, open to the
/// young people's registrations like any other. A partner user who creates it leads it; staff
/// may create it on the partner's behalf (and lead it). A change keeps who leads it.
pub async fn save_partner_event(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    partner_id: PartnerId,
    id: Option<WorkshopId>,
    input: PartnerEventInput,
    now: DateTime<Utc>,
) -> StorageResult<PartnerEvent> {
    let input = WorkshopInput {
        title: input.title,
        theme: None,
        description: input.description,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        site_id: None,
        capacity: input.capacity,
        facilitator_id: None,
    };
    let saved = save_run_by(db, ctx, actor, id, input, now, Some(partner_id.as_uuid())).await?;
    partner_event(db.conn(), actor.structure_id, partner_id, saved.id).await
}

/// A partner's events, soonest first, with their registrations counted (C8).
pub async fn partner_events(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    partner_id: PartnerId,
) -> StorageResult<Vec<PartnerEvent>> {
    let rows = workshop::Entity::find()
        .filter(workshop::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(workshop::Column::PartnerId.eq(partner_id.as_uuid()))
        .order_by_asc(workshop::Column::StartsAt)
        .all(conn)
        .await?;
    event_views(conn, rows).await
}

/// One of a partner's events.
async fn partner_event(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    partner_id: PartnerId,
    id: WorkshopId,
) -> StorageResult<PartnerEvent> {
    let row = event_of(conn, structure_id, partner_id, id, false).await?;
    event_views(conn, vec![row])
        .await?
        .pop()
        .ok_or(StorageError::NotFound)
}

/// The workshop `id` if it is one of the partner's events in the Mission Locale: a staff
/// workshop, another partner's event or another Mission Locale's is not found.
async fn event_of(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    partner_id: PartnerId,
    id: WorkshopId,
    lock: bool,
) -> StorageResult<workshop::Model> {
    let w = in_structure(conn, structure_id, id, lock).await?;
    if w.partner_id != Some(partner_id.as_uuid()) {
        return Err(StorageError::NotFound);
    }
    Ok(w)
}

async fn event_views(
    conn: &impl ConnectionTrait,
    rows: Vec<workshop::Model>,
) -> StorageResult<Vec<PartnerEvent>> {
    let ids: Vec<Uuid> = rows.iter().map(|w| w.id).collect();
    let registrations = if ids.is_empty() {
        Vec::new()
    } else {
        reg::Entity::find()
            .filter(reg::Column::WorkshopId.is_in(ids))
            .all(conn)
            .await?
    };
    Ok(rows
        .into_iter()
        .map(|w| {
            let of = |status: RegistrationStatus| {
                registrations
                    .iter()
                    .filter(|r| r.workshop_id == w.id && r.status == status.code())
                    .count() as u64
            };
            let attended = registrations
                .iter()
                .filter(|r| {
                    r.workshop_id == w.id
                        && r.status == RegistrationStatus::Inscrit.code()
                        && r.attendance.as_deref() == Some(Attendance::Present.code())
                })
                .count() as u64;
            PartnerEvent {
                id: WorkshopId(w.id),
                title: w.title,
                description: w.description,
                starts_at: w.starts_at,
                ends_at: w.ends_at,
                capacity: w.capacity,
                registered: of(RegistrationStatus::Inscrit),
                waiting: of(RegistrationStatus::EnAttente),
                attended,
                cancelled: w.cancelled_at.is_some(),
            }
        })
        .collect())
}

/// Cancels one of a partner's events: the young people with a seat are told as for any
/// workshop (e-mail, reminders stopped).
pub async fn cancel_partner_event(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    partner_id: PartnerId,
    id: WorkshopId,
    now: DateTime<Utc>,
) -> StorageResult<PartnerEvent> {
    let txn = db.begin_write().await?;
    let w = event_of(&txn, structure_id, partner_id, id, true).await?;
    let w = cancel_locked(&txn, ctx, structure_id, w, now).await?;
    let view = event_views(&txn, vec![w]).await?.pop();
    txn.commit().await?;
    view.ok_or(StorageError::NotFound)
}

/// The young people registered to one of a partner's events (seats by name, then the waiting
/// list in order) with the least the partner needs (C8); each one seen is audited, as the
/// referrals a partner reads are.
pub async fn partner_event_registrations(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    partner_id: PartnerId,
    id: WorkshopId,
) -> StorageResult<Vec<PartnerEventRegistration>> {
    let txn = db.begin_write().await?;
    let w = event_of(&txn, structure_id, partner_id, id, false).await?;
    let list = registrations_seen(&txn, ctx, structure_id, &w).await?;
    txn.commit().await?;
    Ok(list)
}

async fn registrations_seen(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    structure_id: StructureId,
    w: &workshop::Model,
) -> StorageResult<Vec<PartnerEventRegistration>> {
    let rows = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::Status.ne(RegistrationStatus::Annule.code()))
        .order_by_asc(reg::Column::RegisteredAt)
        .order_by_asc(reg::Column::Id)
        .all(conn)
        .await?;
    let files: HashMap<Uuid, youth::Model> = if rows.is_empty() {
        HashMap::new()
    } else {
        youth::Entity::find()
            .filter(youth::Column::Id.is_in(rows.iter().map(|r| r.youth_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|y| (y.id, y))
            .collect()
    };
    let mut seats = Vec::new();
    let mut waiting = Vec::new();
    for r in &rows {
        let (first_name, last_name) = files
            .get(&r.youth_id)
            .map(|y| (y.first_name.clone(), y.last_name.clone()))
            .unwrap_or_default();
        let status = code(&r.status, RegistrationStatus::from_code)?;
        let line = PartnerEventRegistration {
            id: RegistrationId(r.id),
            first_name,
            last_name,
            status,
            waiting_rank: None,
            registered_at: r.registered_at,
            attendance: r.attendance.as_deref().and_then(Attendance::from_code),
        };
        if status == RegistrationStatus::EnAttente {
            waiting.push(PartnerEventRegistration {
                waiting_rank: u32::try_from(waiting.len() + 1).ok(),
                ..line
            });
        } else {
            seats.push(line);
        }
    }
    seats.sort_by_cached_key(|r| (r.last_name.to_lowercase(), r.first_name.to_lowercase()));
    for r in &rows {
        audit::record(
            conn,
            ctx,
            Entry::new(AuditAction::Read, "workshop_registration", Some(w.id))
                .structure(structure_id)
                .youth(YouthId(r.youth_id))
                .summary(format!("Consultation des inscrits de {}", named(w))),
        )
        .await?;
    }
    seats.extend(waiting);
    Ok(seats)
}

/// Takes the attendance at one of a partner's events (B17, C8), by registration; answers the
/// registrations as [`partner_event_registrations`] does.
pub async fn take_partner_event_attendance(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    partner_id: PartnerId,
    id: WorkshopId,
    sheet: PartnerAttendanceSheet,
    now: DateTime<Utc>,
) -> StorageResult<Vec<PartnerEventRegistration>> {
    let txn = db.begin_write().await?;
    let w = event_of(&txn, structure_id, partner_id, id, true).await?;
    let seats = sheet_of(&txn, &w, now).await?;
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, entry) in sheet.entries.iter().enumerate() {
        match seats
            .iter()
            .find(|s| s.id == entry.registration_id.as_uuid())
        {
            Some(seat) => lines.push((seat, entry.attendance)),
            None => errors.push(err(
                format!("entries[{i}].registration_id"),
                "not_registered",
                "Cette personne n'a pas de place à l'événement.",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    write_attendance(&txn, ctx, structure_id, &w, lines, now).await?;
    let list = registrations_seen(&txn, ctx, structure_id, &w).await?;
    txn.commit().await?;
    Ok(list)
}

async fn save_run_by(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: Option<WorkshopId>,
    input: WorkshopInput,
    now: DateTime<Utc>,
    partner: Option<Uuid>,
) -> StorageResult<WorkshopSummary> {
    let checked = check_input(&input, now, id.is_none())?;
    let structure_id = actor.structure_id.as_uuid();
    let txn = db.begin_write().await?;
    let facilitator = if actor.role == Role::Partenaire {
        crate::accounts::find(&txn, actor.account_id)
            .await?
            .ok_or(StorageError::NotFound)?
    } else {
        staff_member(
            &txn,
            structure_id,
            input.facilitator_id.unwrap_or(actor.account_id).as_uuid(),
            "facilitator_id",
        )
        .await?
    };
    let site = site_of(&txn, structure_id, input.site_id).await?;
    let row = match id {
        None => {
            if let Some(e) = check_capacity(checked.capacity, 0) {
                return Err(StorageError::Invalid(vec![e]));
            }
            workshop::ActiveModel {
                id: Set(Uuid::new_v4()),
                structure_id: Set(structure_id),
                site_id: Set(site.map(|s| s.id)),
                title: Set(input.title.trim().to_owned()),
                theme: Set(input.theme.map(|t| t.code().to_owned())),
                description: Set(input.description.trim().to_owned()),
                starts_at: Set(checked.start),
                ends_at: Set(checked.end),
                capacity: Set(i32::try_from(checked.capacity).unwrap_or(1)),
                facilitator_id: Set(facilitator.id),
                cancelled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                partner_id: Set(partner),
            }
            .insert(&txn)
            .await?
        }
        Some(id) => {
            let w = in_structure(&txn, actor.structure_id, id, true).await?;
            if partner.is_some() && w.partner_id != partner {
                return Err(StorageError::NotFound);
            }
            if w.cancelled_at.is_some() {
                return Err(cancelled(&w));
            }
            let taken = seated(&txn, w.id).await?;
            if let Some(e) = check_capacity(checked.capacity, taken) {
                return Err(StorageError::Invalid(vec![e]));
            }
            let grew = i64::from(checked.capacity) - i64::from(w.capacity);
            let moved = w.starts_at != checked.start || w.site_id != site.as_ref().map(|s| s.id);
            // A partner's event keeps who leads it, whoever changes it.
            let facilitator_id = if partner.is_some() {
                w.facilitator_id
            } else {
                facilitator.id
            };
            let mut active: workshop::ActiveModel = w.into();
            active.site_id = Set(site.map(|s| s.id));
            active.title = Set(input.title.trim().to_owned());
            active.theme = Set(input.theme.map(|t| t.code().to_owned()));
            active.description = Set(input.description.trim().to_owned());
            active.starts_at = Set(checked.start);
            active.ends_at = Set(checked.end);
            active.capacity = Set(i32::try_from(checked.capacity).unwrap_or(1));
            active.facilitator_id = Set(facilitator_id);
            active.updated_at = Set(now);
            let row = active.update(&txn).await?;
            if moved {
                confirm_again(&txn, &row, now).await?;
            }
            for _ in 0..grew.max(0) {
                if !promote_next(&txn, &row, now).await? {
                    break;
                }
            }
            row
        }
    };
    audit::record(
        &txn,
        ctx,
        Entry::new(
            if id.is_none() {
                AuditAction::Create
            } else {
                AuditAction::Update
            },
            "workshop",
            Some(row.id),
        )
        .structure(actor.structure_id)
        .summary(format!("Atelier « {} »", row.title)),
    )
    .await?;
    let summary = summaries(&txn, std::slice::from_ref(&row), None, now).await?;
    txn.commit().await?;
    summary.into_iter().next().ok_or(StorageError::NotFound)
}

/// A workshop moved to another time or place: each young person with a seat gets a new
/// confirmation and reminders for the new time; the stale ones are cancelled.
async fn confirm_again(
    conn: &impl ConnectionTrait,
    w: &workshop::Model,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    let seats = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
        .all(conn)
        .await?;
    if seats.is_empty() {
        return Ok(());
    }
    let settings = settings_of(conn, w.structure_id).await?;
    let place = place_of(conn, w).await?;
    for seat in seats {
        messages::cancel_pending(conn, None, Some((w.id, seat.youth_id))).await?;
        if let Some(file) = youth::Entity::find_by_id(seat.youth_id).one(conn).await? {
            messages::queue_booking(
                conn,
                &file,
                &settings,
                &about(w, place.clone()),
                MessageKind::Confirmation,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Cancels a workshop: every registered young person is told, reminders stop.
pub async fn cancel(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: WorkshopId,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopSummary> {
    let txn = db.begin_write().await?;
    let w = in_structure(&txn, actor.structure_id, id, true).await?;
    let w = cancel_locked(&txn, ctx, actor.structure_id, w, now).await?;
    let summary = summaries(&txn, std::slice::from_ref(&w), None, now).await?;
    txn.commit().await?;
    summary.into_iter().next().ok_or(StorageError::NotFound)
}

/// Cancels a workshop whose row the transaction holds: the young people with a seat are told
/// by e-mail (when it has not started) and their reminders stop.
async fn cancel_locked(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    structure_id: StructureId,
    w: workshop::Model,
    now: DateTime<Utc>,
) -> StorageResult<workshop::Model> {
    if w.cancelled_at.is_some() {
        return Err(StorageError::NotNow("Cet atelier est déjà annulé."));
    }
    let mut active: workshop::ActiveModel = w.into();
    active.cancelled_at = Set(Some(now));
    active.updated_at = Set(now);
    let w = active.update(conn).await?;
    let seats = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
        .all(conn)
        .await?;
    let place = place_of(conn, &w).await?;
    for seat in seats {
        messages::cancel_pending(conn, None, Some((w.id, seat.youth_id))).await?;
        if let Some(file) = youth::Entity::find_by_id(seat.youth_id).one(conn).await?
            && w.starts_at > now
        {
            messages::queue(
                conn,
                &file,
                MessageKind::Annulation,
                MessageChannel::Email,
                &about(&w, place.clone()),
                now,
            )
            .await?;
        }
    }
    audit::record(
        conn,
        ctx,
        Entry::new(AuditAction::Update, "workshop", Some(w.id))
            .structure(structure_id)
            .summary(format!("Atelier « {} » annulé", w.title)),
    )
    .await?;
    Ok(w)
}

/// Gives the first seat of the waiting list (oldest registration first); false when nobody waits.
async fn promote_next(
    conn: &impl ConnectionTrait,
    w: &workshop::Model,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    let Some(next) = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::Status.eq(RegistrationStatus::EnAttente.code()))
        .order_by_asc(reg::Column::RegisteredAt)
        .order_by_asc(reg::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(false);
    };
    let youth_id = next.youth_id;
    let mut active: reg::ActiveModel = next.into();
    active.status = Set(RegistrationStatus::Inscrit.code().to_owned());
    active.promoted_at = Set(Some(now));
    active.update(conn).await?;
    if let Some(file) = youth::Entity::find_by_id(youth_id).one(conn).await? {
        let settings = settings_of(conn, w.structure_id).await?;
        let place = place_of(conn, w).await?;
        messages::queue_booking(
            conn,
            &file,
            &settings,
            &about(w, place),
            MessageKind::PlaceLiberee,
            now,
        )
        .await?;
    }
    Ok(true)
}

/// Registers a young person: a seat while there is one, else the waiting list if accepted
/// (409 `workshop_full` otherwise). Writes into the young person's and the counsellor's agendas.
pub async fn register(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    actor: &Actor,
    id: WorkshopId,
    input: NewRegistration,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopSummary> {
    let youth_id = match (actor.youth_id, input.youth_id) {
        (Some(own), _) => own,
        (None, Some(y)) => y,
        (None, None) => {
            return Err(StorageError::Invalid(vec![err(
                "youth_id",
                "required",
                "Choisissez le jeune à inscrire.",
            )]));
        }
    };
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let w = in_structure(&txn, StructureId(file.structure_id), id, true).await?;
    if w.cancelled_at.is_some() {
        return Err(cancelled(&w));
    }
    if w.starts_at <= now {
        return Err(StorageError::Invalid(vec![err(
            "workshop_id",
            "started",
            "Cet atelier a déjà commencé : les inscriptions sont closes.",
        )]));
    }
    let existing = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::YouthId.eq(file.id))
        .one(&txn)
        .await?;
    if existing
        .as_ref()
        .is_some_and(|r| r.status != RegistrationStatus::Annule.code())
    {
        return Err(StorageError::Conflict(Conflict::AlreadyRegistered));
    }
    let taken = seated(&txn, w.id).await?;
    let capacity = u32::try_from(w.capacity).unwrap_or(0);
    let Some(status) = place_for(capacity, taken, input.waiting_list) else {
        return Err(StorageError::Conflict(Conflict::WorkshopFull));
    };
    let by = match ctx.actor {
        Some(a) if a.role == Role::Jeune => "le jeune".to_owned(),
        Some(a) => crate::accounts::find(&txn, a.account_id)
            .await?
            .map(|p| format!("{} {}", p.first_name, p.last_name))
            .unwrap_or_default(),
        None => String::new(),
    };
    match existing {
        Some(old) => {
            let mut active: reg::ActiveModel = old.into();
            active.status = Set(status.code().to_owned());
            active.registered_at = Set(now);
            active.registered_by_name = Set(by);
            active.cancelled_at = Set(None);
            active.promoted_at = Set(None);
            active.update(&txn).await?;
        }
        None => {
            reg::ActiveModel {
                id: Set(Uuid::new_v4()),
                workshop_id: Set(w.id),
                youth_id: Set(file.id),
                status: Set(status.code().to_owned()),
                registered_at: Set(now),
                registered_by_name: Set(by),
                promoted_at: Set(None),
                cancelled_at: Set(None),
                attendance: Set(None),
                attendance_at: Set(None),
                feedback: Set(None),
                feedback_at: Set(None),
            }
            .insert(&txn)
            .await?;
        }
    }
    if status == RegistrationStatus::Inscrit {
        let settings = settings_of(&txn, w.structure_id).await?;
        let place = place_of(&txn, &w).await?;
        messages::queue_booking(
            &txn,
            &file,
            &settings,
            &about(&w, place),
            MessageKind::Confirmation,
            now,
        )
        .await?;
    }
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "workshop_registration",
        Some(w.id),
        format!(
            "{} {} à {}",
            name_of(&file),
            if status == RegistrationStatus::Inscrit {
                "inscrit(e)"
            } else {
                "en liste d'attente"
            },
            named(&w)
        ),
    )
    .await?;
    let summary = summaries(&txn, std::slice::from_ref(&w), Some(file.id), now).await?;
    txn.commit().await?;
    summary.into_iter().next().ok_or(StorageError::NotFound)
}

/// Withdraws a young person; a freed seat goes to the first on the waiting list.
pub async fn unregister(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: WorkshopId,
    youth_id: YouthId,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopSummary> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let w = in_structure(&txn, StructureId(file.structure_id), id, true).await?;
    if w.starts_at <= now {
        return Err(StorageError::Invalid(vec![err(
            "workshop_id",
            "started",
            "Cet atelier a déjà commencé : la désinscription n'est plus possible.",
        )]));
    }
    let Some(seat) = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::YouthId.eq(file.id))
        .filter(reg::Column::Status.ne(RegistrationStatus::Annule.code()))
        .one(&txn)
        .await?
    else {
        return Err(StorageError::NotFound);
    };
    let was_seated = seat.status == RegistrationStatus::Inscrit.code();
    let mut active: reg::ActiveModel = seat.into();
    active.status = Set(RegistrationStatus::Annule.code().to_owned());
    active.cancelled_at = Set(Some(now));
    active.update(&txn).await?;
    messages::cancel_pending(&txn, None, Some((w.id, file.id))).await?;
    if was_seated && w.cancelled_at.is_none() {
        promote_next(&txn, &w, now).await?;
    }
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "workshop_registration",
        Some(w.id),
        format!("{} désinscrit(e) de {}", name_of(&file), named(&w)),
    )
    .await?;
    let summary = summaries(&txn, std::slice::from_ref(&w), Some(file.id), now).await?;
    txn.commit().await?;
    summary.into_iter().next().ok_or(StorageError::NotFound)
}

/// The seats of a workshop whose attendance may be taken: not cancelled, from 30 minutes
/// before its start.
async fn sheet_of(
    conn: &impl ConnectionTrait,
    w: &workshop::Model,
    now: DateTime<Utc>,
) -> StorageResult<Vec<reg::Model>> {
    if w.cancelled_at.is_some() {
        return Err(cancelled(w));
    }
    if w.starts_at > now + Duration::minutes(30) {
        return Err(StorageError::Invalid(vec![err(
            "entries",
            "not_started",
            format!(
                "La présence se note à partir de 30 minutes avant le début de {}.",
                the(w)
            ),
        )]));
    }
    Ok(reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
        .all(conn)
        .await?)
}

/// Records the attendance of seats, each line audited; those present get the feedback form
/// (D16).
async fn write_attendance(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    structure_id: StructureId,
    w: &workshop::Model,
    lines: Vec<(&reg::Model, Attendance)>,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    for (seat, attendance) in lines {
        let mut active: reg::ActiveModel = seat.clone().into();
        active.attendance = Set(Some(attendance.code().to_owned()));
        active.attendance_at = Set(Some(now));
        active.update(conn).await?;
        if attendance == Attendance::Present
            && !messages::exists(conn, MessageKind::Avis, w.id, seat.youth_id).await?
            && let Some(file) = youth::Entity::find_by_id(seat.youth_id).one(conn).await?
        {
            messages::queue(
                conn,
                &file,
                MessageKind::Avis,
                MessageChannel::Email,
                &about(w, None),
                w.ends_at.max(now),
            )
            .await?;
        }
        let entry_log = Entry::new(AuditAction::Update, "workshop_registration", Some(w.id))
            .structure(structure_id)
            .youth(YouthId(seat.youth_id))
            .summary(format!("Présence à {} : {}", named(w), attendance.label()));
        audit::record(conn, ctx, entry_log).await?;
    }
    Ok(())
}

/// Takes attendance (B17); those present get the feedback form (D16).
pub async fn take_attendance(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    id: WorkshopId,
    sheet: AttendanceSheet,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopDetail> {
    {
        let txn = db.begin_write().await?;
        let w = in_structure(&txn, actor.structure_id, id, true).await?;
        let seats = sheet_of(&txn, &w, now).await?;
        let mut errors = Vec::new();
        let mut lines = Vec::new();
        for (i, entry) in sheet.entries.iter().enumerate() {
            match seats
                .iter()
                .find(|s| s.youth_id == entry.youth_id.as_uuid())
            {
                Some(seat) => lines.push((seat, entry.attendance)),
                None => errors.push(err(
                    format!("entries[{i}].youth_id"),
                    "not_registered",
                    format!("Ce jeune n'est pas inscrit à {}.", the(&w)),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(StorageError::Invalid(errors));
        }
        write_attendance(&txn, ctx, actor.structure_id, &w, lines, now).await?;
        txn.commit().await?;
    }
    detail(db, ctx, actor, id, now).await
}

/// The young person's feedback after the workshop (once).
pub async fn give_feedback(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: WorkshopId,
    input: WorkshopFeedback,
    now: DateTime<Utc>,
) -> StorageResult<WorkshopSummary> {
    let errors = input.check();
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let w = in_structure(&txn, StructureId(file.structure_id), id, false).await?;
    let seat = reg::Entity::find()
        .filter(reg::Column::WorkshopId.eq(w.id))
        .filter(reg::Column::YouthId.eq(file.id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if w.ends_at > now {
        return Err(StorageError::Invalid(vec![err(
            "rating",
            "not_over",
            format!("Vous pourrez donner votre avis à la fin de {}.", the(&w)),
        )]));
    }
    if seat.feedback.is_some() {
        return Err(StorageError::Conflict(Conflict::FeedbackGiven));
    }
    let mut active: reg::ActiveModel = seat.into();
    active.feedback = Set(Some(to_json(&WorkshopFeedback {
        comment: input.comment.trim().to_owned(),
        ..input
    })?));
    active.feedback_at = Set(Some(now));
    active.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "workshop_feedback",
        Some(w.id),
        format!("Avis de {} sur {}", name_of(&file), named(&w)),
    )
    .await?;
    let summary = summaries(&txn, std::slice::from_ref(&w), Some(file.id), now).await?;
    txn.commit().await?;
    summary.into_iter().next().ok_or(StorageError::NotFound)
}
