//! The audit log: who did what to which record, and who read which young person's file.
//! Entries are written with [`record`] inside the transaction of the change they describe.

use std::collections::HashMap;

use domain::dto::{AuditAction, AuditEvent, AuditQuery, Page, PersonRef};
use domain::{AccountId, Actor, AuditEventId, Role, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{account, audit_event};
use crate::scope::Scoped;
use crate::{StorageError, StorageResult};

/// Who is acting and from where, for the audit entries of a request.
#[derive(Clone, Debug, Default)]
pub struct AuditContext {
    /// The authenticated caller, if any.
    pub actor: Option<Actor>,
    /// The client's address.
    pub ip: Option<String>,
}

impl AuditContext {
    /// Context of an authenticated request.
    pub fn of(actor: Actor, ip: Option<String>) -> Self {
        Self {
            actor: Some(actor),
            ip,
        }
    }
}

/// One entry to write.
#[derive(Clone, Debug)]
pub struct Entry {
    /// What was done.
    pub action: AuditAction,
    /// The kind of record (`youth`, `account`, `site`…).
    pub entity_type: &'static str,
    /// The record.
    pub entity_id: Option<Uuid>,
    /// The young person concerned.
    pub youth_id: Option<YouthId>,
    /// The structure the entry belongs to (defaults to the actor's).
    pub structure_id: Option<StructureId>,
    /// Short French description.
    pub summary: String,
}

impl Entry {
    /// An entry about a record.
    pub fn new(
        action: AuditAction,
        entity_type: &'static str,
        entity_id: impl Into<Option<Uuid>>,
    ) -> Self {
        Self {
            action,
            entity_type,
            entity_id: entity_id.into(),
            youth_id: None,
            structure_id: None,
            summary: String::new(),
        }
    }

    /// About this young person.
    pub fn youth(mut self, youth_id: YouthId) -> Self {
        self.youth_id = Some(youth_id);
        self
    }

    /// In this structure.
    pub fn structure(mut self, structure_id: StructureId) -> Self {
        self.structure_id = Some(structure_id);
        self
    }

    /// With this description.
    pub fn summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = summary.into();
        self
    }
}

/// Writes an entry (call it inside the change's transaction).
pub async fn record(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    entry: Entry,
) -> StorageResult<()> {
    let actor = ctx.actor.as_ref();
    audit_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        occurred_at: Set(crate::now()),
        actor_id: Set(actor.map(|a| a.account_id.as_uuid())),
        actor_role: Set(actor.map(|a| a.role.as_str().to_owned())),
        structure_id: Set(entry
            .structure_id
            .or(actor.map(|a| a.structure_id))
            .map(StructureId::as_uuid)),
        action: Set(entry.action.as_str().to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        youth_id: Set(entry.youth_id.map(YouthId::as_uuid)),
        summary: Set(entry.summary),
        ip: Set(ctx.ip.clone()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The audit log of the scope's structure, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    query: &AuditQuery,
) -> StorageResult<Page<AuditEvent>> {
    let page = query.page_query();
    let mut select = audit_event::Entity::find().filter(audit_event::Entity::within(scope));
    if let Some(youth_id) = query.youth_id {
        select = select.filter(audit_event::Column::YouthId.eq(youth_id.as_uuid()));
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_desc(audit_event::Column::OccurredAt)
        .order_by_desc(audit_event::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;

    let actor_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    let actors: HashMap<Uuid, PersonRef> = account::Entity::find()
        .filter(account::Column::Id.is_in(actor_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, crate::accounts::person_ref(&a)))
        .collect();

    let items = rows
        .into_iter()
        .map(|row| {
            let action = AuditAction::parse(&row.action)
                .ok_or_else(|| StorageError::Corrupt(format!("audit action {}", row.action)))?;
            Ok(AuditEvent {
                id: AuditEventId(row.id),
                occurred_at: row.occurred_at,
                actor: row.actor_id.and_then(|id| actors.get(&id).cloned()),
                actor_role: row.actor_role.as_deref().and_then(Role::parse),
                action,
                entity_type: row.entity_type,
                entity_id: row.entity_id,
                youth_id: row.youth_id.map(YouthId),
                summary: row.summary,
            })
        })
        .collect::<StorageResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

/// How many entries match, for tests and checks.
pub async fn count_for(
    conn: &impl ConnectionTrait,
    action: AuditAction,
    actor: Option<AccountId>,
) -> StorageResult<u64> {
    let mut select =
        audit_event::Entity::find().filter(audit_event::Column::Action.eq(action.as_str()));
    if let Some(actor) = actor {
        select = select.filter(audit_event::Column::ActorId.eq(actor.as_uuid()));
    }
    Ok(select.count(conn).await?)
}
