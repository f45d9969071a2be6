//! Young people's files (the first slice: identity and contact; the full file comes next).

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::dto::{
    AccountStatus, AuditAction, Page, PersonRef, YouthDetail, YouthListQuery, YouthSummary,
};
use domain::people::age_on;
use domain::values::{EmailAddress, PersonName, PhoneNumber};
use domain::{AccountId, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, youth};
use crate::scope::Scoped;
use crate::{Db, StorageError, StorageResult};

/// The counsellors and youth accounts attached to a set of files.
struct Links {
    counsellors: HashMap<Uuid, PersonRef>,
    accounts: HashMap<Uuid, AccountStatus>,
}

async fn links(conn: &impl ConnectionTrait, rows: &[youth::Model]) -> StorageResult<Links> {
    let counsellor_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.counsellor_id).collect();
    let counsellors = account::Entity::find()
        .filter(account::Column::Id.is_in(counsellor_ids))
        .all(conn)
        .await?
        .iter()
        .map(|a| (a.id, crate::accounts::person_ref(a)))
        .collect();
    let youth_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let accounts = account::Entity::find()
        .filter(account::Column::YouthId.is_in(youth_ids))
        .all(conn)
        .await?
        .iter()
        .filter_map(|a| a.youth_id.map(|y| (y, crate::accounts::status_of(a))))
        .collect();
    Ok(Links {
        counsellors,
        accounts,
    })
}

fn summary(row: &youth::Model, links: &Links, today: NaiveDate) -> YouthSummary {
    YouthSummary {
        id: YouthId(row.id),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        birth_date: row.birth_date,
        age: age_on(row.birth_date, today),
        counsellor: row
            .counsellor_id
            .and_then(|id| links.counsellors.get(&id).cloned()),
        account_status: links.accounts.get(&row.id).copied(),
    }
}

fn detail(row: youth::Model, links: &Links, today: NaiveDate) -> YouthDetail {
    YouthDetail {
        id: YouthId(row.id),
        structure_id: StructureId(row.structure_id),
        age: age_on(row.birth_date, today),
        counsellor: row
            .counsellor_id
            .and_then(|id| links.counsellors.get(&id).cloned()),
        account_status: links.accounts.get(&row.id).copied(),
        first_name: row.first_name,
        last_name: row.last_name,
        birth_date: row.birth_date,
        email: row.email,
        phone: row.phone,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The files within the scope, by name; `mine` keeps those whose referent is `me`.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    query: &YouthListQuery,
    me: AccountId,
    today: NaiveDate,
) -> StorageResult<Page<YouthSummary>> {
    let page = query.page_query();
    let mut select = youth::Entity::find().filter(youth::Entity::within(scope));
    if query.mine == Some(true) {
        select = select.filter(youth::Column::CounsellorId.eq(me.as_uuid()));
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(youth::Column::LastName)
        .order_by_asc(youth::Column::FirstName)
        .order_by_asc(youth::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let links = links(conn, &rows).await?;
    let items = rows.iter().map(|r| summary(r, &links, today)).collect();
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

/// The file row within the scope.
pub async fn find_in_scope(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
) -> StorageResult<youth::Model> {
    youth::Entity::find_by_id(id.as_uuid())
        .filter(youth::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// Reads a file within the scope, and writes who read it to the audit log.
pub async fn read(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    let links = links(&txn, std::slice::from_ref(&row)).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "youth", row.id)
            .youth(id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Consultation du dossier de {} {}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(detail(row, &links, today))
}

/// A new file, parsed.
#[derive(Clone, Debug)]
pub struct NewYouthInput {
    /// First name.
    pub first_name: PersonName,
    /// Last name.
    pub last_name: PersonName,
    /// Birth date (checked against the public's ages).
    pub birth_date: NaiveDate,
    /// E-mail.
    pub email: Option<EmailAddress>,
    /// Phone.
    pub phone: Option<PhoneNumber>,
    /// Referent counsellor.
    pub counsellor_id: Option<AccountId>,
}

/// Opens a file in the scope's structure.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    input: NewYouthInput,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let Scope::Structure(structure_id) = *scope else {
        return Err(StorageError::NotFound);
    };
    let txn = db.begin_write().await?;
    let now = crate::now();
    let row = youth::ActiveModel {
        id: Set(Uuid::new_v4()),
        structure_id: Set(structure_id.as_uuid()),
        counsellor_id: Set(input.counsellor_id.map(AccountId::as_uuid)),
        first_name: Set(input.first_name.as_str().to_owned()),
        last_name: Set(input.last_name.as_str().to_owned()),
        birth_date: Set(input.birth_date),
        email: Set(input.email.map(|e| e.as_str().to_owned())),
        phone: Set(input.phone.map(|p| p.as_str().to_owned())),
        created_by: Set(ctx.actor.map(|a| a.account_id.as_uuid())),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "youth", row.id)
            .youth(YouthId(row.id))
            .structure(structure_id)
            .summary(format!(
                "Dossier ouvert pour {} {}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    let links = links(&txn, std::slice::from_ref(&row)).await?;
    txn.commit().await?;
    Ok(detail(row, &links, today))
}

/// How many files a structure holds (for tests and dashboards).
pub async fn count_in(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
) -> StorageResult<u64> {
    Ok(youth::Entity::find()
        .filter(youth::Column::StructureId.eq(structure_id.as_uuid()))
        .count(conn)
        .await?)
}
