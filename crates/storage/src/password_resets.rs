//! Password reset links: one-time, short-lived, sent by e-mail.

use chrono::{DateTime, Utc};
use domain::AccountId;
use domain::dto::AuditAction;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, password_reset};
use crate::jobs::{self, NewJob};
use crate::{Db, StorageError, StorageResult};

/// A new link is not sent again within this delay (the answer to the requester is the same,
/// so a script cannot flood someone's mailbox).
pub const COOLDOWN: chrono::Duration = chrono::Duration::minutes(2);

/// Stores a reset link for the account and queues its e-mail, in one transaction; earlier
/// unused links stop working. Returns `false`, sending nothing, when a link was sent within
/// [`COOLDOWN`].
pub async fn create(
    db: &Db,
    account_id: AccountId,
    token_hash: String,
    expires_at: DateTime<Utc>,
    email_job: NewJob,
) -> StorageResult<bool> {
    let txn = db.begin_write().await?;
    let now = crate::now();
    let recent = password_reset::Entity::find()
        .filter(password_reset::Column::AccountId.eq(account_id.as_uuid()))
        .filter(password_reset::Column::CreatedAt.gt(now - COOLDOWN))
        .one(&txn)
        .await?;
    if recent.is_some() {
        return Ok(false);
    }
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::AccountId.eq(account_id.as_uuid()))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    password_reset::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(account_id.as_uuid()),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    jobs::enqueue(&txn, email_job).await?;
    txn.commit().await?;
    Ok(true)
}

/// Uses a reset link: sets the new password, consumes the link, closes every session.
pub async fn consume(
    db: &Db,
    token_hash: &str,
    password_hash: String,
    ip: Option<String>,
) -> StorageResult<account::Model> {
    let txn = db.begin_write().await?;
    let now = crate::now();
    let reset = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token_hash))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if reset.used_at.is_some() || reset.expires_at <= now {
        return Err(StorageError::LinkExpired);
    }
    let consumed = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if consumed.rows_affected != 1 {
        return Err(StorageError::LinkExpired);
    }
    let account = account::Entity::find_by_id(reset.account_id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if !account.is_active {
        return Err(StorageError::LinkExpired);
    }
    let account = crate::accounts::set_password(&txn, account, password_hash, now).await?;
    crate::sessions::revoke_all(&txn, AccountId(account.id)).await?;
    let actor = crate::accounts::actor_of(&account)?;
    audit::record(
        &txn,
        &AuditContext::of(actor, ip),
        Entry::new(AuditAction::PasswordReset, "account", account.id)
            .summary("Mot de passe réinitialisé par lien e-mail"),
    )
    .await?;
    txn.commit().await?;
    Ok(account)
}
