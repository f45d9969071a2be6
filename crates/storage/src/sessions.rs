//! Refresh tokens: stored hashed, single use, rotated at each refresh. Tokens descend from a
//! login in a *family*; presenting an already-used token revokes the whole family (the token
//! was stolen or replayed), unless it was used seconds ago by a concurrent refresh.

use chrono::{DateTime, Duration, Utc};
use domain::AccountId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::{account, refresh_token};
use crate::{Db, StorageResult};

/// A refresh token used again within this delay is taken for a race between two tabs, not
/// for a theft: the late request is refused without revoking the family.
pub const REUSE_GRACE: Duration = Duration::seconds(20);

/// A token to store.
#[derive(Clone, Debug)]
pub struct NewRefreshToken {
    /// SHA-256 of the token.
    pub token_hash: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The client that asked for it.
    pub user_agent: Option<String>,
}

/// Starts a new family (a login).
pub async fn start(
    conn: &impl ConnectionTrait,
    account_id: AccountId,
    token: NewRefreshToken,
) -> StorageResult<()> {
    insert(conn, account_id.as_uuid(), Uuid::new_v4(), token).await
}

async fn insert(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
    family_id: Uuid,
    token: NewRefreshToken,
) -> StorageResult<()> {
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(account_id),
        family_id: Set(family_id),
        token_hash: Set(token.token_hash),
        expires_at: Set(token.expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(crate::now()),
        user_agent: Set(token.user_agent.map(|ua| ua.chars().take(200).collect())),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// What a refresh attempt found.
#[derive(Clone, Debug)]
pub enum Rotation {
    /// The token was valid; the new one is stored. The account is returned for the new
    /// access token.
    Rotated(Box<account::Model>),
    /// Unknown, expired, revoked, or the account can no longer log in.
    Rejected,
    /// The token had already been used: its family is now revoked.
    Replayed,
}

/// Exchanges a refresh token for a new one in the same family.
pub async fn rotate(
    db: &Db,
    presented_hash: &str,
    next: NewRefreshToken,
) -> StorageResult<Rotation> {
    let txn = db.begin_write().await?;
    let now = crate::now();
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(presented_hash))
        .one(&txn)
        .await?
    else {
        return Ok(Rotation::Rejected);
    };
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Ok(Rotation::Rejected);
    }
    if let Some(used_at) = token.used_at {
        if now - used_at < REUSE_GRACE {
            return Ok(Rotation::Rejected);
        }
        revoke_family(&txn, token.family_id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Replayed);
    }
    let Some(account) = account::Entity::find_by_id(token.account_id)
        .one(&txn)
        .await?
    else {
        return Ok(Rotation::Rejected);
    };
    if !account.is_active || account.password_hash.is_none() {
        return Ok(Rotation::Rejected);
    }
    let marked = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Ok(Rotation::Rejected);
    }
    insert(&txn, token.account_id, token.family_id, next).await?;
    txn.commit().await?;
    Ok(Rotation::Rotated(Box::new(account)))
}

async fn revoke_family(
    conn: &impl ConnectionTrait,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> StorageResult<u64> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Logout: revokes the family of the presented token. Returns its account, if the token was known.
pub async fn revoke_by_token(
    conn: &impl ConnectionTrait,
    presented_hash: &str,
) -> StorageResult<Option<AccountId>> {
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(presented_hash))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    revoke_family(conn, token.family_id, crate::now()).await?;
    Ok(Some(AccountId(token.account_id)))
}

/// Logout everywhere (and after a password change): revokes every session of the account.
pub async fn revoke_all(conn: &impl ConnectionTrait, account_id: AccountId) -> StorageResult<u64> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(crate::now()))
        .filter(refresh_token::Column::AccountId.eq(account_id.as_uuid()))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Open sessions (unrevoked, unexpired, unused tokens) of an account.
pub async fn count_active(
    conn: &impl ConnectionTrait,
    account_id: AccountId,
) -> StorageResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::AccountId.eq(account_id.as_uuid()))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(crate::now()))
        .count(conn)
        .await?)
}
