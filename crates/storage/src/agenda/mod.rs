//! The agenda (issue 5): appointment types and settings (`setup`), entries of every kind and
//! the agenda views (`events`), booking by and for young people (`booking`), workshops
//! (`workshops`), outgoing messages and their delivery status (`messages`), secret calendar
//! feeds (`feeds`).
//!
//! Double booking is refused by the database: every entry of a staff member, and every
//! appointment of a young person, writes one `agenda_cells` row per quarter hour under a primary
//! key (person, quarter hour) in the same transaction. Of two concurrent bookings of one slot,
//! one commits and the other fails on the key, on SQLite as on PostgreSQL.

pub mod booking;
pub mod events;
pub mod feeds;
pub mod messages;
pub mod setup;
pub mod workshops;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::agenda::{AgendaSettings, AppointmentMode, AppointmentStatus, EventKind, cells};
use domain::dto::{AgendaEvent, PartnerRef, YouthRef};
use domain::{AppointmentTypeId, EventId, PartnerId, Role, SiteId, WorkshopId, YouthId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::{account, agenda_cell, agenda_event, partner, site, structure, youth};
use crate::{Conflict, StorageError, StorageResult};

pub(crate) use crate::accompaniment::{code, err};

/// The agenda settings of a Mission Locale (the defaults until a manager sets them).
pub(crate) async fn settings_of(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
) -> StorageResult<AgendaSettings> {
    let row = structure::Entity::find_by_id(structure_id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(row
        .agenda_settings
        .and_then(|json| serde_json::from_value(json).ok())
        .unwrap_or_default())
}

/// Whether a role keeps an agenda.
pub(crate) fn keeps_agenda(role: &str) -> bool {
    matches!(
        Role::parse(role),
        Some(Role::Accueil | Role::Conseiller | Role::Manager | Role::Direction)
    )
}

/// An active staff member of the Mission Locale, or a 422 on `field`.
pub(crate) async fn staff_member(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
    account_id: Uuid,
    field: &str,
) -> StorageResult<account::Model> {
    account::Entity::find_by_id(account_id)
        .filter(account::Column::StructureId.eq(structure_id))
        .filter(account::Column::IsActive.eq(true))
        .one(conn)
        .await?
        .filter(|a| keeps_agenda(&a.role))
        .ok_or_else(|| {
            StorageError::Invalid(vec![err(
                field,
                "unknown_staff",
                "Choisissez une personne de l'équipe de votre Mission Locale.",
            )])
        })
}

/// A site of the Mission Locale, or a 422 on `site_id`.
pub(crate) async fn site_of(
    conn: &impl ConnectionTrait,
    structure_id: Uuid,
    site_id: Option<SiteId>,
) -> StorageResult<Option<site::Model>> {
    let Some(id) = site_id else { return Ok(None) };
    site::Entity::find_by_id(id.as_uuid())
        .filter(site::Column::StructureId.eq(structure_id))
        .one(conn)
        .await?
        .map(Some)
        .ok_or(StorageError::Conflict(Conflict::UnknownSite))
}

/// Takes the quarter hours of `[start, end)` in `owner`'s agenda for `event_id`; the primary key
/// refuses a second booking of any of them with `conflict`.
pub(crate) async fn take_cells(
    conn: &impl ConnectionTrait,
    owner: Uuid,
    event_id: Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    conflict: Conflict,
) -> StorageResult<()> {
    let rows: Vec<agenda_cell::ActiveModel> = cells(start, end)
        .into_iter()
        .map(|cell_start| agenda_cell::ActiveModel {
            owner_id: Set(owner),
            cell_start: Set(cell_start),
            event_id: Set(event_id),
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // Bounded statements: an absence of two weeks holds over a thousand cells.
    for chunk in rows.chunks(200) {
        agenda_cell::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await
            .map_err(|e| StorageError::unique_or(e, conflict))?;
    }
    Ok(())
}

/// Frees the cells of an entry.
pub(crate) async fn release_cells(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> StorageResult<()> {
    agenda_cell::Entity::delete_many()
        .filter(agenda_cell::Column::EventId.eq(event_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// People, sites, files and partners named by some rows, loaded once.
#[derive(Default)]
pub(crate) struct Names {
    people: HashMap<Uuid, account::Model>,
    sites: HashMap<Uuid, String>,
    youths: HashMap<Uuid, String>,
    partners: HashMap<Uuid, String>,
}

impl Names {
    pub(crate) async fn load(
        conn: &impl ConnectionTrait,
        people: impl IntoIterator<Item = Uuid>,
        sites: impl IntoIterator<Item = Uuid>,
        youths: impl IntoIterator<Item = Uuid>,
        partners: impl IntoIterator<Item = Uuid>,
    ) -> StorageResult<Self> {
        fn unique(ids: impl IntoIterator<Item = Uuid>) -> Vec<Uuid> {
            let mut v: Vec<Uuid> = ids.into_iter().collect();
            v.sort_unstable();
            v.dedup();
            v
        }
        let (people, sites, youths, partners) = (
            unique(people),
            unique(sites),
            unique(youths),
            unique(partners),
        );
        let mut names = Names::default();
        if !people.is_empty() {
            for a in account::Entity::find()
                .filter(account::Column::Id.is_in(people))
                .all(conn)
                .await?
            {
                names.people.insert(a.id, a);
            }
        }
        if !sites.is_empty() {
            for s in site::Entity::find()
                .filter(site::Column::Id.is_in(sites))
                .all(conn)
                .await?
            {
                names.sites.insert(s.id, s.name);
            }
        }
        if !youths.is_empty() {
            for y in youth::Entity::find()
                .filter(youth::Column::Id.is_in(youths))
                .all(conn)
                .await?
            {
                names.youths.insert(y.id, crate::accompaniment::name_of(&y));
            }
        }
        if !partners.is_empty() {
            for p in partner::Entity::find()
                .filter(partner::Column::Id.is_in(partners))
                .all(conn)
                .await?
            {
                names.partners.insert(p.id, p.name);
            }
        }
        Ok(names)
    }

    pub(crate) fn person(&self, id: Uuid) -> domain::dto::PersonRef {
        self.people.get(&id).map_or_else(
            || domain::dto::PersonRef {
                id: domain::AccountId(id),
                first_name: String::new(),
                last_name: "(compte supprimé)".to_owned(),
            },
            crate::accounts::person_ref,
        )
    }

    pub(crate) fn site(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|id| self.sites.get(&id).cloned())
    }

    pub(crate) fn youth(&self, id: Uuid) -> YouthRef {
        YouthRef {
            id: YouthId(id),
            name: self.youths.get(&id).cloned().unwrap_or_default(),
        }
    }

    fn partner(&self, id: Uuid) -> PartnerRef {
        PartnerRef {
            id: PartnerId(id),
            name: self.partners.get(&id).cloned().unwrap_or_default(),
        }
    }
}

/// Maps entry rows to the wire type, loading the names they need at once.
pub(crate) async fn to_events(
    conn: &impl ConnectionTrait,
    rows: &[agenda_event::Model],
) -> StorageResult<Vec<AgendaEvent>> {
    let names = Names::load(
        conn,
        rows.iter().map(|r| r.owner_id),
        rows.iter().filter_map(|r| r.site_id),
        rows.iter().filter_map(|r| r.youth_id),
        rows.iter().filter_map(|r| r.partner_id),
    )
    .await?;
    rows.iter().map(|r| to_event(&names, r)).collect()
}

pub(crate) fn to_event(names: &Names, r: &agenda_event::Model) -> StorageResult<AgendaEvent> {
    Ok(AgendaEvent {
        id: EventId(r.id),
        kind: code(&r.kind, EventKind::from_code)?,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        title: r.title.clone(),
        owner: names.person(r.owner_id),
        site_id: r.site_id.map(SiteId),
        site_name: names.site(r.site_id),
        youth: r.youth_id.map(|id| names.youth(id)),
        partner: r.partner_id.map(|id| names.partner(id)),
        appointment_type_id: r.appointment_type_id.map(AppointmentTypeId),
        mode: r.mode.as_deref().and_then(AppointmentMode::from_code),
        status: code(&r.status, AppointmentStatus::from_code)?,
        booked_by_youth: r.booked_by_youth,
        confirmed_at: r.confirmed_at,
        note: r.note.clone(),
        workshop_id: None,
    })
}

/// A workshop as an agenda entry (for the facilitator, or a young person's seat).
pub(crate) fn workshop_event(
    names: &Names,
    w: &crate::entities::workshop::Model,
    youth: Option<Uuid>,
) -> AgendaEvent {
    AgendaEvent {
        id: EventId(w.id),
        kind: EventKind::Atelier,
        starts_at: w.starts_at,
        ends_at: w.ends_at,
        title: format!("Atelier : {}", w.title),
        owner: names.person(w.facilitator_id),
        site_id: w.site_id.map(SiteId),
        site_name: names.site(w.site_id),
        youth: youth.map(|id| names.youth(id)),
        partner: None,
        appointment_type_id: None,
        mode: Some(AppointmentMode::SurSite),
        status: if w.cancelled_at.is_some() {
            AppointmentStatus::Annule
        } else {
            AppointmentStatus::Planifie
        },
        booked_by_youth: false,
        confirmed_at: None,
        note: String::new(),
        workshop_id: Some(WorkshopId(w.id)),
    }
}

/// On a merge, the merged file's appointments, workshop seats and messages move to the kept
/// file (a seat on a workshop the kept file already has is dropped); its calendar address and
/// its side of the double-booking cells go.
pub(crate) async fn move_records(
    conn: &impl ConnectionTrait,
    from: Uuid,
    to: Uuid,
) -> StorageResult<()> {
    use sea_orm::sea_query::Expr;

    use crate::entities::{calendar_feed, message, workshop_registration as reg};

    agenda_cell::Entity::delete_many()
        .filter(agenda_cell::Column::OwnerId.eq(from))
        .exec(conn)
        .await?;
    agenda_event::Entity::update_many()
        .col_expr(agenda_event::Column::YouthId, Expr::value(to))
        .filter(agenda_event::Column::YouthId.eq(from))
        .exec(conn)
        .await?;
    message::Entity::update_many()
        .col_expr(message::Column::YouthId, Expr::value(to))
        .filter(message::Column::YouthId.eq(from))
        .exec(conn)
        .await?;
    let kept: Vec<Uuid> = reg::Entity::find()
        .filter(reg::Column::YouthId.eq(to))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.workshop_id)
        .collect();
    reg::Entity::delete_many()
        .filter(reg::Column::YouthId.eq(from))
        .filter(reg::Column::WorkshopId.is_in(kept))
        .exec(conn)
        .await?;
    reg::Entity::update_many()
        .col_expr(reg::Column::YouthId, Expr::value(to))
        .filter(reg::Column::YouthId.eq(from))
        .exec(conn)
        .await?;
    calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::YouthId.eq(from))
        .exec(conn)
        .await?;
    Ok(())
}

/// On the retention purge: messages and the calendar address go; appointments stay for the
/// statistics with their titles and notes blanked; workshop feedback keeps its rating only.
pub(crate) async fn forget(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<()> {
    use sea_orm::ActiveModelTrait as _;
    use sea_orm::sea_query::Expr;

    use crate::entities::{calendar_feed, message, workshop_registration as reg};

    message::Entity::delete_many()
        .filter(message::Column::YouthId.eq(youth_id))
        .exec(conn)
        .await?;
    calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::YouthId.eq(youth_id))
        .exec(conn)
        .await?;
    agenda_event::Entity::update_many()
        .col_expr(agenda_event::Column::Title, Expr::value("Rendez-vous"))
        .col_expr(agenda_event::Column::Note, Expr::value(""))
        .col_expr(
            agenda_event::Column::CancelReason,
            Expr::value(Option::<String>::None),
        )
        .filter(agenda_event::Column::YouthId.eq(youth_id))
        .exec(conn)
        .await?;
    for seat in reg::Entity::find()
        .filter(reg::Column::YouthId.eq(youth_id))
        .filter(reg::Column::Feedback.is_not_null())
        .all(conn)
        .await?
    {
        let mut feedback: domain::agenda::WorkshopFeedback = seat
            .feedback
            .clone()
            .and_then(|f| serde_json::from_value(f).ok())
            .unwrap_or_default();
        feedback.comment.clear();
        let mut active: reg::ActiveModel = seat.into();
        active.feedback = Set(Some(crate::youths::to_json(&feedback)?));
        active.update(conn).await?;
    }
    Ok(())
}

/// A young person's appointments and messages, for their data export (RGPD right of access).
pub(crate) async fn export_of(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<(Vec<AgendaEvent>, Vec<domain::dto::MessageView>)> {
    use sea_orm::QueryOrder as _;

    use crate::entities::message;

    let rows = agenda_event::Entity::find()
        .filter(agenda_event::Column::YouthId.eq(youth_id))
        .order_by_asc(agenda_event::Column::StartsAt)
        .all(conn)
        .await?;
    let mut events = to_events(conn, &rows).await?;
    for e in &mut events {
        e.note.clear();
    }
    let messages = message::Entity::find()
        .filter(message::Column::YouthId.eq(youth_id))
        .order_by_asc(message::Column::ScheduledAt)
        .all(conn)
        .await?
        .iter()
        .map(messages::to_view)
        .collect::<StorageResult<_>>()?;
    Ok((events, messages))
}

/// Maps the changed entry, then commits: the last step of every change of an entry.
pub(crate) async fn commit_with(
    txn: sea_orm::DatabaseTransaction,
    row: &agenda_event::Model,
) -> StorageResult<AgendaEvent> {
    let event = to_events(&txn, std::slice::from_ref(row)).await?;
    txn.commit().await?;
    event.into_iter().next().ok_or(StorageError::NotFound)
}
