//! Invitation links: staff invite a colleague, a young person or a partner user. The account is
//! created at once without a password; the one-time link lets the invitee choose it.

use chrono::{DateTime, Utc};
use domain::dto::AuditAction;
use domain::values::{EmailAddress, PersonName};
use domain::{AccountId, PartnerId, Role, StructureId, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, invitation, partner, structure};
use crate::jobs::{self, NewJob};
use crate::{Conflict, Db, StorageError, StorageResult};

/// The account an invitation is for.
#[derive(Clone, Debug)]
pub struct Invitee {
    /// Login e-mail, where the link is sent.
    pub email: EmailAddress,
    /// First name.
    pub first_name: PersonName,
    /// Last name.
    pub last_name: PersonName,
    /// Role of the account.
    pub role: Role,
    /// Structure of the account.
    pub structure_id: StructureId,
    /// For a young person: their file.
    pub youth_id: Option<YouthId>,
    /// For a partner user: their organisation.
    pub partner_id: Option<PartnerId>,
}

/// The link's secret (hashed) and lifetime.
#[derive(Clone, Debug)]
pub struct LinkSpec {
    /// SHA-256 of the token sent in the link.
    pub token_hash: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// Creates (or, for a young person invited again, reuses) the pending account, replaces any
/// earlier link, queues the e-mail and writes the audit entry, all in one transaction.
pub async fn invite(
    db: &Db,
    ctx: &AuditContext,
    invitee: Invitee,
    link: LinkSpec,
    email_job: NewJob,
) -> StorageResult<account::Model> {
    let txn = db.begin_write().await?;
    let now = crate::now();

    let existing = match invitee.youth_id {
        Some(youth_id) => {
            account::Entity::find()
                .filter(account::Column::YouthId.eq(youth_id.as_uuid()))
                .one(&txn)
                .await?
        }
        None => None,
    };
    let account = match existing {
        Some(model) if model.password_hash.is_some() => {
            return Err(StorageError::Conflict(Conflict::AccountAlreadyActive));
        }
        Some(model) => {
            let mut active = model.into_active_model();
            active.email = Set(invitee.email.as_str().to_owned());
            active.first_name = Set(invitee.first_name.as_str().to_owned());
            active.last_name = Set(invitee.last_name.as_str().to_owned());
            active.updated_at = Set(now);
            active
                .update(&txn)
                .await
                .map_err(|e| StorageError::unique_or(e, Conflict::EmailTaken))?
        }
        None => account::ActiveModel {
            id: Set(Uuid::new_v4()),
            email: Set(invitee.email.as_str().to_owned()),
            password_hash: Set(None),
            role: Set(invitee.role.as_str().to_owned()),
            structure_id: Set(invitee.structure_id.as_uuid()),
            youth_id: Set(invitee.youth_id.map(YouthId::as_uuid)),
            partner_id: Set(invitee.partner_id.map(PartnerId::as_uuid)),
            first_name: Set(invitee.first_name.as_str().to_owned()),
            last_name: Set(invitee.last_name.as_str().to_owned()),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(None),
            password_changed_at: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(|e| StorageError::unique_or(e, Conflict::EmailTaken))?,
    };

    // Only the newest link works.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::AccountId.eq(account.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let invitation_id = Uuid::new_v4();
    invitation::ActiveModel {
        id: Set(invitation_id),
        account_id: Set(account.id),
        token_hash: Set(link.token_hash),
        invited_by: Set(ctx.actor.map(|a| a.account_id.as_uuid())),
        expires_at: Set(link.expires_at),
        accepted_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;

    jobs::enqueue(&txn, email_job).await?;
    let mut entry = Entry::new(AuditAction::Invite, "account", account.id)
        .structure(invitee.structure_id)
        .summary(format!(
            "Invitation envoyée à {} {} ({})",
            account.first_name,
            account.last_name,
            invitee.role.label()
        ));
    if let Some(youth_id) = invitee.youth_id {
        entry = entry.youth(youth_id);
    }
    audit::record(&txn, ctx, entry).await?;
    txn.commit().await?;
    Ok(account)
}

/// A link and what it opens.
#[derive(Clone, Debug)]
pub struct PendingInvitation {
    /// The invitation.
    pub invitation: invitation::Model,
    /// The account it activates.
    pub account: account::Model,
    /// The inviting structure's name.
    pub structure_name: String,
    /// For a partner user: the organisation's name.
    pub partner_name: Option<String>,
}

/// The pending invitation with this token hash: not found, or expired/used/revoked.
pub async fn find_pending(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<PendingInvitation> {
    let invitation = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if invitation.accepted_at.is_some()
        || invitation.revoked_at.is_some()
        || invitation.expires_at <= now
    {
        return Err(StorageError::LinkExpired);
    }
    let account = account::Entity::find_by_id(invitation.account_id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if account.password_hash.is_some() || !account.is_active {
        return Err(StorageError::LinkExpired);
    }
    let structure_name = structure::Entity::find_by_id(account.structure_id)
        .one(conn)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    let partner_name = match account.partner_id {
        Some(pid) => partner::Entity::find_by_id(pid)
            .one(conn)
            .await?
            .map(|p| p.name),
        None => None,
    };
    Ok(PendingInvitation {
        invitation,
        account,
        structure_name,
        partner_name,
    })
}

/// Accepts an invitation: sets the password and consumes the link, once.
pub async fn accept(
    db: &Db,
    token_hash: &str,
    password_hash: String,
    ip: Option<String>,
) -> StorageResult<account::Model> {
    let txn = db.begin_write().await?;
    let now = crate::now();
    let pending = find_pending(&txn, token_hash, now).await?;
    // Consume the link first, conditionally, so two concurrent accepts cannot both succeed.
    let consumed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(pending.invitation.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if consumed.rows_affected != 1 {
        return Err(StorageError::LinkExpired);
    }
    let account = crate::accounts::set_password(&txn, pending.account, password_hash, now).await?;
    let actor = crate::accounts::actor_of(&account)?;
    let mut entry =
        Entry::new(AuditAction::InvitationAccepted, "account", account.id).summary(format!(
            "Compte activé par {} {}",
            account.first_name, account.last_name
        ));
    if let Some(youth_id) = actor.youth_id {
        entry = entry.youth(youth_id);
    }
    audit::record(&txn, &AuditContext::of(actor, ip), entry).await?;
    txn.commit().await?;
    Ok(account)
}

/// The invitations of an account, newest first (for tests and support).
pub async fn of_account(
    conn: &impl ConnectionTrait,
    account_id: AccountId,
) -> StorageResult<Vec<invitation::Model>> {
    use sea_orm::QueryOrder;
    Ok(invitation::Entity::find()
        .filter(invitation::Column::AccountId.eq(account_id.as_uuid()))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(conn)
        .await?)
}
