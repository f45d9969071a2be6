//! Partner organisations (the first slice: records and their portal users).

use domain::dto::{Page, PageQuery, PartnerDetail, PartnerKind, PartnerSummary, PartnerUser};
use domain::{AccountId, PartnerId, Role, Scope};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{account, partner};
use crate::scope::Scoped;
use crate::{StorageError, StorageResult};

fn kind_of(model: &partner::Model) -> StorageResult<PartnerKind> {
    PartnerKind::parse(&model.kind)
        .ok_or_else(|| StorageError::Corrupt(format!("partner kind {}", model.kind)))
}

/// The organisations within the scope, by name.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    page: &PageQuery,
) -> StorageResult<Page<PartnerSummary>> {
    let select = partner::Entity::find().filter(partner::Entity::within(scope));
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(partner::Column::Name)
        .order_by_asc(partner::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let items = rows
        .iter()
        .map(|p| {
            Ok(PartnerSummary {
                id: PartnerId(p.id),
                name: p.name.clone(),
                kind: kind_of(p)?,
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

/// The organisation row within the scope.
pub async fn find_in_scope(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: PartnerId,
) -> StorageResult<partner::Model> {
    partner::Entity::find_by_id(id.as_uuid())
        .filter(partner::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// An organisation with its users, within the scope.
pub async fn detail(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: PartnerId,
) -> StorageResult<PartnerDetail> {
    let p = find_in_scope(conn, scope, id).await?;
    let users = account::Entity::find()
        .filter(account::Column::PartnerId.eq(p.id))
        .filter(account::Column::Role.eq(Role::Partenaire.as_str()))
        .order_by_asc(account::Column::LastName)
        .all(conn)
        .await?
        .iter()
        .map(|a| PartnerUser {
            id: AccountId(a.id),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            email: a.email.clone(),
            status: crate::accounts::status_of(a),
        })
        .collect();
    Ok(PartnerDetail {
        id: PartnerId(p.id),
        kind: kind_of(&p)?,
        name: p.name,
        siret: p.siret,
        email: p.email,
        phone: p.phone,
        users,
    })
}
