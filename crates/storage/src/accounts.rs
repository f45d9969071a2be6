//! Accounts: staff, young people and partner users.

use chrono::{DateTime, Utc};
use domain::dto::{
    AccountStatus, Me, Page, PageQuery, PartnerRef, PersonRef, StaffMember, StructureRef,
};
use domain::values::EmailAddress;
use domain::{AccountId, Actor, PartnerId, Role, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entities::{account, partner, structure};
use crate::scope::Scoped;
use crate::{StorageError, StorageResult};

/// The account with this login e-mail.
pub async fn find_by_email(
    conn: &impl ConnectionTrait,
    email: &EmailAddress,
) -> StorageResult<Option<account::Model>> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?)
}

/// The account with this id.
pub async fn find(
    conn: &impl ConnectionTrait,
    id: AccountId,
) -> StorageResult<Option<account::Model>> {
    Ok(account::Entity::find_by_id(id.as_uuid()).one(conn).await?)
}

/// The stored role.
pub fn role_of(model: &account::Model) -> StorageResult<Role> {
    Role::parse(&model.role).ok_or_else(|| StorageError::Corrupt(format!("role {}", model.role)))
}

/// The actor an account acts as once logged in.
pub fn actor_of(model: &account::Model) -> StorageResult<Actor> {
    Ok(Actor {
        account_id: AccountId(model.id),
        role: role_of(model)?,
        structure_id: StructureId(model.structure_id),
        youth_id: model.youth_id.map(YouthId),
        partner_id: model.partner_id.map(PartnerId),
    })
}

/// Whether the account can log in yet.
pub fn status_of(model: &account::Model) -> AccountStatus {
    match (model.is_active, model.password_hash.is_some()) {
        (false, _) => AccountStatus::Disabled,
        (true, false) => AccountStatus::Invited,
        (true, true) => AccountStatus::Active,
    }
}

/// A short reference to the account's person.
pub fn person_ref(model: &account::Model) -> PersonRef {
    PersonRef {
        id: AccountId(model.id),
        first_name: model.first_name.clone(),
        last_name: model.last_name.clone(),
    }
}

/// "Who am I": the account with its structure and organisation names.
pub async fn me(conn: &impl ConnectionTrait, id: AccountId) -> StorageResult<Me> {
    let model = find(conn, id).await?.ok_or(StorageError::NotFound)?;
    me_of(conn, &model).await
}

/// "Who am I" for a loaded account.
pub async fn me_of(conn: &impl ConnectionTrait, model: &account::Model) -> StorageResult<Me> {
    let role = role_of(model)?;
    let structure = structure::Entity::find_by_id(model.structure_id)
        .one(conn)
        .await?
        .ok_or_else(|| StorageError::Corrupt("account without structure".into()))?;
    let partner = match model.partner_id {
        Some(pid) => partner::Entity::find_by_id(pid)
            .one(conn)
            .await?
            .map(|p| PartnerRef {
                id: PartnerId(p.id),
                name: p.name,
            }),
        None => None,
    };
    Ok(Me {
        id: AccountId(model.id),
        email: model.email.clone(),
        first_name: model.first_name.clone(),
        last_name: model.last_name.clone(),
        role,
        face: role.face(),
        structure: StructureRef {
            id: StructureId(structure.id),
            name: structure.name,
        },
        youth_id: model.youth_id.map(YouthId),
        partner,
    })
}

/// Notes a successful login.
pub async fn record_login(
    conn: &impl ConnectionTrait,
    model: account::Model,
    at: DateTime<Utc>,
) -> StorageResult<account::Model> {
    let mut active = model.into_active_model();
    active.last_login_at = Set(Some(at));
    Ok(active.update(conn).await?)
}

/// Replaces the password hash.
pub async fn set_password(
    conn: &impl ConnectionTrait,
    model: account::Model,
    password_hash: String,
    at: DateTime<Utc>,
) -> StorageResult<account::Model> {
    let mut active = model.into_active_model();
    active.password_hash = Set(Some(password_hash));
    active.password_changed_at = Set(Some(at));
    active.updated_at = Set(at);
    Ok(active.update(conn).await?)
}

/// The staff of the scope's structure, by name.
pub async fn list_staff(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    page: &PageQuery,
) -> StorageResult<Page<StaffMember>> {
    let staff_roles: Vec<&str> = Role::STAFF.iter().map(|r| r.as_str()).collect();
    let select = account::Entity::find()
        .filter(account::Entity::within(scope))
        .filter(account::Column::Role.is_in(staff_roles));
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(account::Column::LastName)
        .order_by_asc(account::Column::FirstName)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let items = rows
        .iter()
        .map(|m| {
            Ok(StaffMember {
                id: AccountId(m.id),
                first_name: m.first_name.clone(),
                last_name: m.last_name.clone(),
                email: m.email.clone(),
                role: role_of(m)?,
                status: status_of(m),
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

/// "Prénom Nom" of an account (empty when it no longer exists).
pub async fn display_name(conn: &impl ConnectionTrait, id: AccountId) -> StorageResult<String> {
    Ok(find(conn, id)
        .await?
        .map(|a| format!("{} {}", a.first_name, a.last_name))
        .unwrap_or_default())
}
