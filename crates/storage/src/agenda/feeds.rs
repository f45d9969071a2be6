//! Secret calendar feeds (`.ics`) per staff member and per young person: the address holds a
//! 256-bit token, stored as its SHA-256 (computed by the caller); resetting replaces it, so an old address stops working.

use chrono::{DateTime, Duration, Utc};
use domain::agenda::{AppointmentStatus, Interval, RegistrationStatus};
use domain::dto::AgendaEvent;
use domain::{AccountId, Scope, YouthId};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::events::{entries, workshops_in};
use super::{Names, to_events, workshop_event};
use crate::entities::{agenda_event, calendar_feed, workshop, workshop_registration as reg};
use crate::youths::find_in_scope;
use crate::{Db, StorageResult};

async fn reset(
    db: &Db,
    account: Option<Uuid>,
    youth: Option<Uuid>,
    token_hash: String,
) -> StorageResult<()> {
    let txn = db.begin_write().await?;
    let mut old = calendar_feed::Entity::delete_many();
    old = match (account, youth) {
        (Some(a), _) => old.filter(calendar_feed::Column::AccountId.eq(a)),
        (None, Some(y)) => old.filter(calendar_feed::Column::YouthId.eq(y)),
        (None, None) => return Ok(()),
    };
    old.exec(&txn).await?;
    calendar_feed::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(token_hash),
        account_id: Set(account),
        youth_id: Set(youth),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a staff member's feed token (the previous address stops working).
pub async fn reset_for_account(
    db: &Db,
    account: AccountId,
    token_hash: String,
) -> StorageResult<()> {
    reset(db, Some(account.as_uuid()), None, token_hash).await
}

/// Replaces a young person's feed token.
pub async fn reset_for_youth(
    db: &Db,
    scope: &Scope,
    youth: YouthId,
    token_hash: String,
) -> StorageResult<()> {
    let file = find_in_scope(db.conn(), scope, youth).await?;
    reset(db, None, Some(file.id), token_hash).await
}

/// What a feed holds: a month back, six months ahead; none for an unknown token.
pub async fn events_of(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<Option<Vec<AgendaEvent>>> {
    let conn = db.conn();
    let Some(feed) = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let range = Interval {
        start: now - Duration::days(31),
        end: now + Duration::days(183),
    };
    let (filter, led) = match (feed.account_id, feed.youth_id) {
        (Some(a), _) => (
            Condition::all().add(agenda_event::Column::OwnerId.eq(a)),
            Condition::all().add(workshop::Column::FacilitatorId.eq(a)),
        ),
        (None, Some(y)) => {
            let seats: Vec<Uuid> = reg::Entity::find()
                .filter(reg::Column::YouthId.eq(y))
                .filter(reg::Column::Status.eq(RegistrationStatus::Inscrit.code()))
                .all(conn)
                .await?
                .into_iter()
                .map(|r| r.workshop_id)
                .collect();
            (
                Condition::all().add(agenda_event::Column::YouthId.eq(y)),
                Condition::all().add(workshop::Column::Id.is_in(seats)),
            )
        }
        (None, None) => return Ok(Some(Vec::new())),
    };
    let rows = entries(conn, filter, range).await?;
    let mut events: Vec<AgendaEvent> = to_events(conn, &rows)
        .await?
        .into_iter()
        .filter(|e| e.status != AppointmentStatus::Annule)
        .collect();
    if feed.youth_id.is_some() {
        for e in &mut events {
            e.note.clear();
        }
    }
    let workshops = workshops_in(conn, led, range).await?;
    let names = Names::load(
        conn,
        workshops.iter().map(|w| w.facilitator_id),
        workshops.iter().filter_map(|w| w.site_id),
        [],
        [],
    )
    .await?;
    events.extend(workshops.iter().map(|w| workshop_event(&names, w, None)));
    events.sort_by_key(|e| e.starts_at);
    Ok(Some(events))
}

/// One entry or workshop as a calendar event (for a confirmation's `.ics`).
pub async fn entry(
    db: &Db,
    event_id: Option<Uuid>,
    workshop_id: Option<Uuid>,
) -> StorageResult<Option<AgendaEvent>> {
    let conn = db.conn();
    if let Some(id) = event_id {
        let rows: Vec<_> = agenda_event::Entity::find_by_id(id)
            .one(conn)
            .await?
            .into_iter()
            .collect();
        let mut events = to_events(conn, &rows).await?;
        for e in &mut events {
            e.note.clear();
        }
        return Ok(events.pop());
    }
    let Some(id) = workshop_id else {
        return Ok(None);
    };
    let Some(w) = workshop::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let names = Names::load(conn, [w.facilitator_id], w.site_id, [], []).await?;
    Ok(Some(workshop_event(&names, &w, None)))
}
