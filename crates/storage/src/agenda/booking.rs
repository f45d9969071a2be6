//! Booking "like Doctolib" (D8, F2): the free slots of the young person's counsellor, or of the
//! reception team for a first appointment; booking, moving, cancelling and confirming; the
//! young person's agenda and the rhythm they wish.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::accompaniment::paris_date;
use domain::agenda::{
    AgendaSettings, AppointmentStatus, EventKind, FollowUpIntensity, FreeSlot, Interval,
    MessageKind, SlotSearch, free_slots, on_grain, window_holding,
};
use domain::dto::{AuditAction, HostSlot, IntensityInput, NewBooking, SlotList, YouthAgenda};
use domain::{Actor, EventId, Role, Scope, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::events::{self, Draft, about, cancel_row, entries, reschedule, workshops_in};
use super::messages;
use super::setup::{availability_of, to_type, type_of, types_of};
use super::{Names, err, keeps_agenda, settings_of, site_of, to_events};
use crate::accompaniment::{file_for_update, name_of, record};
use crate::entities::{account, agenda_cell, agenda_event, appointment_type, youth};
use crate::youths::find_in_scope;
use crate::{Db, StorageError, StorageResult};

/// Who may host an appointment of this type for this file: the reception team (role
/// `accueil`, else anyone with opening hours) for a first reception, the referent counsellor
/// otherwise.
async fn hosts(
    conn: &impl ConnectionTrait,
    file: &youth::Model,
    kind: &appointment_type::Model,
) -> StorageResult<Vec<account::Model>> {
    hosts_in(conn, file.structure_id, file.counsellor_id, kind).await
}

async fn hosts_in(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
    counsellor_id: Option<Uuid>,
    kind: &appointment_type::Model,
) -> StorageResult<Vec<account::Model>> {
    if kind.first_reception {
        let staff: Vec<account::Model> = account::Entity::find()
            .filter(account::Column::StructureId.eq(structure_id))
            .filter(account::Column::IsActive.eq(true))
            .order_by_asc(account::Column::LastName)
            .all(conn)
            .await?
            .into_iter()
            .filter(|a| keeps_agenda(&a.role))
            .collect();
        let reception: Vec<account::Model> = staff
            .iter()
            .filter(|a| a.role == Role::Accueil.as_str())
            .cloned()
            .collect();
        return Ok(if reception.is_empty() {
            staff
        } else {
            reception
        });
    }
    let Some(counsellor) = counsellor_id else {
        return Ok(Vec::new());
    };
    Ok(account::Entity::find_by_id(counsellor)
        .filter(account::Column::IsActive.eq(true))
        .one(conn)
        .await?
        .into_iter()
        .collect())
}

/// What a host is busy with over a range: entries and workshops they lead.
pub(crate) async fn busy_of(
    conn: &impl ConnectionTrait,
    owners: &[Uuid],
    range: Interval,
) -> StorageResult<Vec<(Uuid, Interval)>> {
    if owners.is_empty() {
        return Ok(Vec::new());
    }
    // Every entry of a person takes their quarter-hour cells (`agenda_cells`): the cells of
    // the range, read from the primary key's index alone, are what is busy.
    let cells: Vec<(Uuid, DateTime<Utc>)> = agenda_cell::Entity::find()
        .select_only()
        .column(agenda_cell::Column::OwnerId)
        .column(agenda_cell::Column::CellStart)
        .filter(agenda_cell::Column::OwnerId.is_in(owners.to_vec()))
        .filter(agenda_cell::Column::CellStart.gte(range.start))
        .filter(agenda_cell::Column::CellStart.lt(range.end))
        .into_tuple()
        .all(conn)
        .await?;
    let quarter = Duration::minutes(domain::agenda::CELL_MINUTES);
    let mut busy: Vec<(Uuid, Interval)> = cells
        .into_iter()
        .map(|(owner, start)| {
            (
                owner,
                Interval {
                    start,
                    end: start + quarter,
                },
            )
        })
        .collect();
    let led = workshops_in(
        conn,
        Condition::all()
            .add(crate::entities::workshop::Column::FacilitatorId.is_in(owners.to_vec())),
        range,
    )
    .await?;
    busy.extend(led.into_iter().map(|w| {
        (
            w.facilitator_id,
            Interval {
                start: w.starts_at,
                end: w.ends_at,
            },
        )
    }));
    Ok(busy)
}

/// Where to look for slots: days searched and the instants slots may start between.
#[derive(Clone, Copy, Debug)]
pub struct SlotWindow {
    /// First day (Paris).
    pub from: NaiveDate,
    /// Last day (Paris), included.
    pub to: NaiveDate,
    /// No slot starts before.
    pub not_before: DateTime<Utc>,
    /// No slot starts after.
    pub not_after: DateTime<Utc>,
}

/// The free slots of some hosts for one type, merged by time (one host per start).
pub async fn slots_of_hosts(
    conn: &impl ConnectionTrait,
    hosts: &[account::Model],
    minutes: i64,
    window: SlotWindow,
    also_busy: &[Interval],
) -> StorageResult<Vec<(Uuid, FreeSlot)>> {
    let SlotWindow {
        from,
        to,
        not_before,
        not_after,
    } = window;
    let range = domain::agenda::paris_days(from, (to - from).num_days() + 1);
    let ids: Vec<Uuid> = hosts.iter().map(|h| h.id).collect();
    let busy = busy_of(conn, &ids, range).await?;
    let availabilities = super::setup::availabilities_of(conn, &ids).await?;
    let mut all: Vec<(Uuid, FreeSlot)> = Vec::new();
    for host in hosts {
        let Some(availability) = availabilities.get(&host.id) else {
            continue;
        };
        let mut mine: Vec<Interval> = busy
            .iter()
            .filter(|(o, _)| *o == host.id)
            .map(|(_, i)| *i)
            .collect();
        mine.extend_from_slice(also_busy);
        all.extend(
            free_slots(&SlotSearch {
                weekly: &availability.weekly,
                exceptions: &availability.exceptions,
                busy: &mine,
                from,
                to,
                minutes,
                not_before,
                not_after,
            })
            .into_iter()
            .map(|s| (host.id, s)),
        );
    }
    all.sort_by_key(|(_, s)| s.starts_at);
    all.dedup_by_key(|(_, s)| s.starts_at);
    Ok(all)
}

/// The young person's own appointments over a range (they cannot be in two places).
async fn youth_busy(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    range: Interval,
) -> StorageResult<Vec<Interval>> {
    Ok(entries(
        conn,
        Condition::all().add(agenda_event::Column::YouthId.eq(youth_id)),
        range,
    )
    .await?
    .into_iter()
    .map(|r| Interval {
        start: r.starts_at,
        end: r.ends_at,
    })
    .collect())
}

/// The free slots a young person (or staff for them) may book for a type.
pub async fn slots(
    db: &Db,
    scope: &Scope,
    by_youth: bool,
    youth_id: YouthId,
    query: &domain::dto::SlotQuery,
    now: DateTime<Utc>,
) -> StorageResult<SlotList> {
    let days = query.days.unwrap_or(14);
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    let kind = type_of(&txn, file.structure_id, query.appointment_type_id).await?;
    if by_youth && !(kind.youth_bookable && kind.active) {
        return Err(StorageError::Invalid(vec![err(
            "appointment_type_id",
            "not_bookable",
            "Ce type de rendez-vous se prend avec votre conseiller, pas en ligne.",
        )]));
    }
    let settings = settings_of(&txn, file.structure_id).await?;
    let hosts = hosts(&txn, &file, &kind).await?;
    let (not_before, not_after) = if by_youth {
        (
            now + Duration::hours(i64::from(settings.min_notice_hours)),
            now + Duration::days(i64::from(settings.booking_horizon_days)),
        )
    } else {
        (now, now + Duration::days(120))
    };
    let from = query
        .from
        .unwrap_or_else(|| paris_date(now))
        .max(paris_date(now));
    let to = from + Duration::days(i64::from(days.clamp(1, 42)) - 1);
    let range = domain::agenda::paris_days(from, (to - from).num_days() + 1);
    let own = youth_busy(&txn, file.id, range).await?;
    let found = slots_of_hosts(
        &txn,
        &hosts,
        i64::from(kind.minutes),
        SlotWindow {
            from,
            to,
            not_before,
            not_after,
        },
        &own,
    )
    .await?;
    let names = Names::load(
        &txn,
        hosts.iter().map(|h| h.id),
        found
            .iter()
            .filter_map(|(_, s)| s.site_id.map(|s| s.as_uuid())),
        [],
        [],
    )
    .await?;
    let empty_reason = if hosts.is_empty() {
        Some("Vous n'avez pas encore de conseiller : prenez d'abord un rendez-vous de premier accueil.".to_owned())
    } else if found.is_empty() {
        Some("Aucun créneau libre sur cette période : essayez les semaines suivantes ou appelez votre Mission Locale.".to_owned())
    } else {
        None
    };
    txn.commit().await?;
    Ok(SlotList {
        appointment_type: to_type(&kind)?,
        slots: found
            .into_iter()
            .map(|(host, slot)| HostSlot {
                host: names.person(host),
                site_name: names.site(slot.site_id.map(|s| s.as_uuid())),
                slot,
            })
            .collect(),
        empty_reason,
    })
}

/// Checks a chosen slot: on the grain, in the booking window for a young person, inside one
/// of the host's opening windows.
async fn check_slot(
    conn: &impl ConnectionTrait,
    settings: &AgendaSettings,
    by_youth: bool,
    host: Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StorageResult<Option<Uuid>> {
    if !on_grain(start) {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "off_grain",
            "Choisissez un des créneaux proposés.",
        )]));
    }
    if by_youth {
        if let Some(e) = settings.check_booking(start, now) {
            return Err(StorageError::Invalid(vec![e]));
        }
    } else if start <= now {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "in_past",
            "Ce créneau est déjà passé : choisissez-en un autre.",
        )]));
    }
    let availability = availability_of(conn, host).await?;
    let Some(window) = window_holding(&availability.weekly, &availability.exceptions, start, end)
    else {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "outside_opening_hours",
            "Ce créneau est en dehors des horaires d'ouverture : choisissez un des créneaux proposés.",
        )]));
    };
    Ok(window.site_id.map(|s| s.as_uuid()))
}

/// Books an appointment for a young person (by themselves or by staff). The cells of the host
/// and of the young person make a second booking of the same time fail: 409 `slot_taken`.
pub async fn book(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    actor: &Actor,
    youth_id: YouthId,
    input: NewBooking,
    now: DateTime<Utc>,
) -> StorageResult<domain::dto::AgendaEvent> {
    let by_youth = actor.role == Role::Jeune;
    let Some(start) = input.starts_at else {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "required",
            "Choisissez un créneau.",
        )]));
    };
    let mut errors = Vec::new();
    domain::accompaniment::check_text(&mut errors, "note", &input.note, 1000, false);
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    if file.status != domain::dto::YouthFileStatus::Active.code() {
        return Err(StorageError::NotNow(
            "Ce dossier n'est plus actif (fusionné ou anonymisé) : il ne peut plus être modifié.",
        ));
    }
    let kind = type_of(&txn, file.structure_id, input.appointment_type_id).await?;
    if by_youth && !(kind.youth_bookable && kind.active) {
        return Err(StorageError::Invalid(vec![err(
            "appointment_type_id",
            "not_bookable",
            "Ce type de rendez-vous se prend avec votre conseiller, pas en ligne.",
        )]));
    }
    let allowed = hosts(&txn, &file, &kind).await?;
    let host = match input.host_id {
        Some(id) => allowed.iter().find(|h| h.id == id.as_uuid()).cloned(),
        None => allowed.first().cloned(),
    };
    let Some(host) = host else {
        return Err(StorageError::Invalid(vec![err(
            "host_id",
            "not_your_counsellor",
            "Ce rendez-vous se prend avec votre conseiller ou l'équipe d'accueil de votre Mission Locale.",
        )]));
    };
    let end = start + Duration::minutes(i64::from(kind.minutes));
    let settings = settings_of(&txn, file.structure_id).await?;
    let window_site = check_slot(&txn, &settings, by_youth, host.id, start, end, now).await?;
    let site = match input.site_id {
        Some(id) => site_of(&txn, file.structure_id, Some(id))
            .await?
            .map(|s| s.id),
        None => window_site,
    };
    let row = events::insert(
        &txn,
        Draft {
            structure_id: file.structure_id,
            owner: &host,
            kind: EventKind::RendezVousJeune,
            start,
            end,
            title: format!("{} — {}", kind.label, name_of(&file)),
            note: input.note.trim().to_owned(),
            site_id: site,
            youth: Some(&file),
            preregistration_id: None,
            partner_id: None,
            kind_of_appointment: Some(&kind),
            booked_by: Some(actor.account_id.as_uuid()),
            by_youth,
        },
        now,
    )
    .await?;
    events::queue_confirmation(&txn, &file, &settings, &row, now).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Create,
        "agenda_event",
        Some(row.id),
        format!(
            "Rendez-vous « {} » de {} le {}",
            kind.label,
            name_of(&file),
            domain::accompaniment::paris_text(start)
        ),
    )
    .await?;
    super::commit_with(txn, &row).await
}

/// A young person's appointment, locked.
async fn appointment_for_update(
    conn: &impl ConnectionTrait,
    file: &youth::Model,
    id: EventId,
) -> StorageResult<agenda_event::Model> {
    let row = agenda_event::Entity::find_by_id(id.as_uuid())
        .filter(agenda_event::Column::YouthId.eq(file.id))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if row.cancelled_at.is_some() || row.status != AppointmentStatus::Planifie.code() {
        return Err(StorageError::NotNow(
            "Ce rendez-vous est annulé ou déjà passé.",
        ));
    }
    Ok(row)
}

/// Moves a young person's appointment to another free slot of the same host (a young person:
/// up to the deadline).
pub async fn move_booking(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    actor: &Actor,
    (youth_id, id): (YouthId, EventId),
    starts_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StorageResult<domain::dto::AgendaEvent> {
    let by_youth = actor.role == Role::Jeune;
    let Some(start) = starts_at else {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "required",
            "Choisissez un nouveau créneau.",
        )]));
    };
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = appointment_for_update(&txn, &file, id).await?;
    let settings = settings_of(&txn, file.structure_id).await?;
    if by_youth && let Some(e) = settings.check_change(row.starts_at, now) {
        return Err(StorageError::Invalid(vec![e]));
    }
    let end = start + (row.ends_at - row.starts_at);
    let site = check_slot(&txn, &settings, by_youth, row.owner_id, start, end, now).await?;
    let old = row.starts_at;
    let mut row = reschedule(&txn, row, start, end, now).await?;
    if site.is_some() && site != row.site_id {
        let mut active: agenda_event::ActiveModel = row.into();
        active.site_id = Set(site);
        row = active.update(&txn).await?;
    }
    messages::cancel_pending(&txn, Some(row.id), None).await?;
    events::queue_confirmation(&txn, &file, &settings, &row, now).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "agenda_event",
        Some(row.id),
        format!(
            "Rendez-vous de {} déplacé du {} au {}",
            name_of(&file),
            domain::accompaniment::paris_text(old),
            domain::accompaniment::paris_text(start)
        ),
    )
    .await?;
    super::commit_with(txn, &row).await
}

/// Cancels a young person's appointment (a young person: up to the deadline).
pub async fn cancel_booking(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    actor: &Actor,
    (youth_id, id): (YouthId, EventId),
    reason: &str,
    now: DateTime<Utc>,
) -> StorageResult<domain::dto::AgendaEvent> {
    let by_youth = actor.role == Role::Jeune;
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = appointment_for_update(&txn, &file, id).await?;
    let settings = settings_of(&txn, file.structure_id).await?;
    if by_youth && let Some(e) = settings.check_change(row.starts_at, now) {
        return Err(StorageError::Invalid(vec![e]));
    }
    let row = cancel_row(&txn, row, reason, now).await?;
    if !by_youth && row.starts_at > now {
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
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "agenda_event",
        Some(row.id),
        format!(
            "Rendez-vous de {} du {} annulé{}",
            name_of(&file),
            domain::accompaniment::paris_text(row.starts_at),
            if by_youth { " par le jeune" } else { "" }
        ),
    )
    .await?;
    super::commit_with(txn, &row).await
}

/// The young person confirms they will come.
pub async fn confirm(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    id: EventId,
    now: DateTime<Utc>,
) -> StorageResult<domain::dto::AgendaEvent> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let row = appointment_for_update(&txn, &file, id).await?;
    let mut active: agenda_event::ActiveModel = row.into();
    active.confirmed_at = Set(Some(now));
    active.updated_at = Set(now);
    let row = active.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "agenda_event",
        Some(row.id),
        format!("Rendez-vous de {} confirmé", name_of(&file)),
    )
    .await?;
    super::commit_with(txn, &row).await
}

/// A young person's appointments, workshops and booking options; audited.
pub async fn youth_agenda(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    now: DateTime<Utc>,
) -> StorageResult<YouthAgenda> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    crate::accompaniment::record_read(&txn, ctx, &file, "des rendez-vous").await?;
    let rows = agenda_event::Entity::find()
        .filter(agenda_event::Column::YouthId.eq(file.id))
        .order_by_desc(agenda_event::Column::StartsAt)
        .limit(100)
        .all(&txn)
        .await?;
    let mut all = to_events(&txn, &rows).await?;
    for e in &mut all {
        // The counsellor's notes stay with staff.
        e.note.clear();
    }
    let (mut upcoming, past): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|e| e.ends_at > now && e.status == AppointmentStatus::Planifie);
    upcoming.reverse();
    let workshops = super::workshops::of_youth(&txn, file.id, now).await?;
    let settings = settings_of(&txn, file.structure_id).await?;
    let types = types_of(&txn, file.structure_id).await?;
    let counsellor = match file.counsellor_id {
        Some(id) => account::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|a| crate::accounts::person_ref(&a)),
        None => None,
    };
    txn.commit().await?;
    Ok(YouthAgenda {
        upcoming,
        past: past.into_iter().take(20).collect(),
        workshops,
        intensity: file
            .follow_up_intensity
            .as_deref()
            .and_then(FollowUpIntensity::from_code),
        counsellor,
        change_deadline_hours: settings.change_deadline_hours,
        bookable_types: types
            .iter()
            .filter(|t| t.active && t.youth_bookable)
            .filter(|t| t.first_reception || file.counsellor_id.is_some())
            .map(to_type)
            .collect::<StorageResult<_>>()?,
    })
}

/// Sets the follow-up rhythm the young person wishes (F2).
pub async fn set_intensity(
    db: &Db,
    ctx: &crate::audit::AuditContext,
    scope: &Scope,
    youth_id: YouthId,
    input: IntensityInput,
) -> StorageResult<IntensityInput> {
    let txn = db.begin_write().await?;
    let file = file_for_update(&txn, scope, youth_id).await?;
    let mut active: youth::ActiveModel = file.clone().into();
    active.follow_up_intensity = Set(input.intensity.map(|i| i.code().to_owned()));
    active.update(&txn).await?;
    record(
        &txn,
        ctx,
        &file,
        AuditAction::Update,
        "youth",
        None,
        format!(
            "Rythme de suivi souhaité : {}",
            input
                .intensity
                .map_or("non précisé", FollowUpIntensity::label)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(input)
}

/// A pre-registration that may still book its first appointment (by the secret of its receipt).
async fn preregistration_by_token(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> StorageResult<crate::entities::preregistration::Model> {
    use crate::entities::preregistration;
    preregistration::Entity::find()
        .filter(preregistration::Column::BookingTokenHash.eq(token_hash))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// The structure's first-reception type.
async fn first_reception_type(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
) -> StorageResult<appointment_type::Model> {
    types_of(conn, structure_id)
        .await?
        .into_iter()
        .find(|t| t.first_reception && t.active && t.youth_bookable)
        .ok_or(StorageError::NotNow(
            "Votre Mission Locale ne propose pas de premier rendez-vous en ligne : elle vous rappelle.",
        ))
}

/// Free first-reception slots for a young person who just pre-registered (D8: "a first
/// appointment can be booked right after pre-registration").
pub async fn first_slots(
    db: &Db,
    token_hash: &str,
    from: Option<NaiveDate>,
    days: u32,
    now: DateTime<Utc>,
) -> StorageResult<SlotList> {
    let conn = db.conn();
    let request = preregistration_by_token(conn, token_hash).await?;
    let kind = first_reception_type(conn, request.structure_id).await?;
    let settings = settings_of(conn, request.structure_id).await?;
    let hosts = hosts_in(conn, request.structure_id, None, &kind).await?;
    let from = from.unwrap_or_else(|| paris_date(now)).max(paris_date(now));
    let to = from + Duration::days(i64::from(days.clamp(1, 42)) - 1);
    let found = slots_of_hosts(
        conn,
        &hosts,
        i64::from(kind.minutes),
        SlotWindow {
            from,
            to,
            not_before: now + Duration::hours(i64::from(settings.min_notice_hours)),
            not_after: now + Duration::days(i64::from(settings.booking_horizon_days)),
        },
        &[],
    )
    .await?;
    let names = Names::load(
        conn,
        hosts.iter().map(|h| h.id),
        found
            .iter()
            .filter_map(|(_, s)| s.site_id.map(|s| s.as_uuid())),
        [],
        [],
    )
    .await?;
    Ok(SlotList {
        appointment_type: to_type(&kind)?,
        empty_reason: found.is_empty().then(|| {
            "Aucun créneau libre sur cette période : la Mission Locale vous rappellera.".to_owned()
        }),
        slots: found
            .into_iter()
            .map(|(host, slot)| HostSlot {
                host: names.person(host),
                site_name: names.site(slot.site_id.map(|s| s.as_uuid())),
                slot,
            })
            .collect(),
    })
}

/// Books the first appointment of a pre-registered young person (one at a time); it joins their
/// file when reception opens it.
pub async fn book_first(
    db: &Db,
    token_hash: &str,
    input: NewBooking,
    now: DateTime<Utc>,
) -> StorageResult<domain::dto::AgendaEvent> {
    let Some(start) = input.starts_at else {
        return Err(StorageError::Invalid(vec![err(
            "starts_at",
            "required",
            "Choisissez un créneau.",
        )]));
    };
    let txn = db.begin_write().await?;
    let request = preregistration_by_token(&txn, token_hash).await?;
    if request.youth_id.is_some() {
        return Err(StorageError::NotNow(
            "Votre dossier est ouvert : prenez rendez-vous depuis votre espace Passerelle.",
        ));
    }
    let existing = agenda_event::Entity::find()
        .filter(agenda_event::Column::PreregistrationId.eq(request.id))
        .filter(agenda_event::Column::CancelledAt.is_null())
        .one(&txn)
        .await?;
    if existing.is_some() {
        return Err(StorageError::NotNow(
            "Vous avez déjà un premier rendez-vous : la Mission Locale vous attend.",
        ));
    }
    let kind = first_reception_type(&txn, request.structure_id).await?;
    let hosts = hosts_in(&txn, request.structure_id, None, &kind).await?;
    let Some(host) = hosts
        .iter()
        .find(|h| Some(h.id) == input.host_id.map(|id| id.as_uuid()))
        .cloned()
    else {
        return Err(StorageError::Invalid(vec![err(
            "host_id",
            "not_reception",
            "Choisissez un des créneaux proposés.",
        )]));
    };
    let end = start + Duration::minutes(i64::from(kind.minutes));
    let settings = settings_of(&txn, request.structure_id).await?;
    let site = check_slot(&txn, &settings, true, host.id, start, end, now).await?;
    let row = events::insert(
        &txn,
        Draft {
            structure_id: request.structure_id,
            owner: &host,
            kind: EventKind::RendezVousJeune,
            start,
            end,
            title: format!("{} — {}", kind.label, request.full_name),
            note: format!("Pré-inscription {}", request.reference),
            site_id: site,
            youth: None,
            preregistration_id: Some(request.id),
            partner_id: None,
            kind_of_appointment: Some(&kind),
            booked_by: None,
            by_youth: true,
        },
        now,
    )
    .await?;
    let data: domain::file::YouthFileData =
        serde_json::from_value(request.data.clone()).unwrap_or_default();
    let contact = messages::Contact {
        structure_id: request.structure_id,
        youth_id: None,
        email: data.email.clone(),
        phone: data.mobile.clone(),
    };
    events::queue_confirmation(&txn, contact, &settings, &row, now).await?;
    crate::audit::record(
        &txn,
        &crate::audit::AuditContext::default(),
        crate::audit::Entry::new(AuditAction::Create, "agenda_event", Some(row.id))
            .structure(domain::StructureId(request.structure_id))
            .summary(format!(
                "Premier rendez-vous pris en ligne après la pré-inscription {}",
                request.reference
            )),
    )
    .await?;
    let mut event = to_events(&txn, std::slice::from_ref(&row)).await?;
    txn.commit().await?;
    let mut event = event.pop().ok_or(StorageError::NotFound)?;
    event.note.clear();
    event.title = kind.label;
    Ok(event)
}

/// When reception opens the file of a pre-registration, its first appointment joins the file
/// (and takes the young person's cells).
pub(crate) async fn attach_preregistration(
    conn: &sea_orm::DatabaseTransaction,
    preregistration_id: Uuid,
    youth_id: Uuid,
) -> StorageResult<()> {
    let rows = agenda_event::Entity::find()
        .filter(agenda_event::Column::PreregistrationId.eq(preregistration_id))
        .filter(agenda_event::Column::YouthId.is_null())
        .all(conn)
        .await?;
    for row in rows {
        let live = row.cancelled_at.is_none();
        let (id, start, end) = (row.id, row.starts_at, row.ends_at);
        let mut active: agenda_event::ActiveModel = row.into();
        active.youth_id = Set(Some(youth_id));
        active.update(conn).await?;
        if live {
            // A clash with the file's own appointments keeps both (reception sees them): the
            // savepoint keeps a refused insert from aborting the transaction on PostgreSQL.
            use sea_orm::TransactionTrait as _;
            let savepoint = conn.begin().await?;
            match super::take_cells(
                &savepoint,
                youth_id,
                id,
                start,
                end,
                crate::Conflict::YouthBusy,
            )
            .await
            {
                Ok(()) => savepoint.commit().await?,
                Err(StorageError::Conflict(_)) => savepoint.rollback().await?,
                Err(other) => return Err(other),
            }
        }
    }
    Ok(())
}
