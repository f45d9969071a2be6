//! The authentication flows. Handlers in `routes::auth` only extract and call these.

use chrono::{DateTime, Duration, Utc};
use domain::dto::{AuditAction, InvitationView, LoginRequest, Me, Session};
use domain::values::{EmailAddress, NewPassword};
use domain::{AccountId, Actor};
use storage::audit::{self, AuditContext, Entry};
use storage::entities::account;
use storage::invitations::{Invitee, LinkSpec};
use storage::sessions::{NewRefreshToken, Rotation};
use storage::{accounts, invitations, password_resets, sessions, throttle};

use crate::auth::tokens;
use crate::error::{ApiError, ApiResult};
use crate::extract::ClientInfo;
use crate::mail;
use crate::state::AppState;

async fn verify_password(
    state: &AppState,
    stored: Option<String>,
    candidate: String,
) -> ApiResult<bool> {
    let hasher = state.hasher.clone();
    tokio::task::spawn_blocking(move || hasher.verify(stored.as_deref(), &candidate))
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// Hashes a new password off the async threads.
pub async fn hash_password(state: &AppState, password: NewPassword) -> ApiResult<String> {
    let hasher = state.hasher.clone();
    tokio::task::spawn_blocking(move || hasher.hash(&password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(ApiError::Internal)
}

fn new_refresh_token(state: &AppState, client: &ClientInfo) -> (String, NewRefreshToken) {
    let token = tokens::generate();
    let stored = NewRefreshToken {
        token_hash: tokens::hash(&token),
        expires_at: storage::now() + Duration::days(state.settings.auth.refresh_token_days),
        user_agent: client.user_agent.clone(),
    };
    (token, stored)
}

fn session(state: &AppState, actor: &Actor, refresh_token: String, me: Me) -> ApiResult<Session> {
    Ok(Session {
        access_token: state.jwt.issue(actor)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.jwt.lifetime_seconds(),
        refresh_token,
        refresh_expires_in: u64::try_from(
            Duration::days(state.settings.auth.refresh_token_days).num_seconds(),
        )
        .unwrap_or(0),
        account: me,
    })
}

/// Opens a session for an account whose credentials were just proven (login, accepted
/// invitation): records the login, starts a refresh-token family, writes the audit entry.
async fn open_session(
    state: &AppState,
    account: account::Model,
    client: &ClientInfo,
) -> ApiResult<Session> {
    let actor = accounts::actor_of(&account)?;
    let (refresh_token, stored) = new_refresh_token(state, client);
    let txn = state
        .db
        .begin_write()
        .await
        .map_err(storage::StorageError::from)?;
    let account = accounts::record_login(&txn, account, storage::now()).await?;
    sessions::start(&txn, actor.account_id, stored).await?;
    let mut entry = Entry::new(AuditAction::Login, "account", account.id).summary("Connexion");
    if let Some(youth_id) = actor.youth_id {
        entry = entry.youth(youth_id);
    }
    audit::record(&txn, &AuditContext::of(actor, client.ip.clone()), entry).await?;
    let me = accounts::me_of(&txn, &account).await?;
    txn.commit().await.map_err(storage::StorageError::from)?;
    session(state, &actor, refresh_token, me)
}

/// Password login, throttled per e-mail address and per client address. The answer never
/// says whether the account exists.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    client: &ClientInfo,
) -> ApiResult<Session> {
    let email = EmailAddress::parse(&request.email).map_err(|e| ApiError::field("email", e))?;
    let now = storage::now();
    let email_key = format!("email:{email}");
    let ip_key = client.ip.as_ref().map(|ip| format!("ip:{ip}"));
    let keys: Vec<String> = std::iter::once(email_key.clone())
        .chain(ip_key.clone())
        .collect();
    let conn = state.db.conn();
    if let Some(retry_after) = throttle::retry_after(conn, &keys, now).await? {
        return Err(ApiError::TooManyRequests { retry_after });
    }

    let account = accounts::find_by_email(conn, &email).await?;
    let stored = account
        .as_ref()
        .filter(|a| a.is_active)
        .and_then(|a| a.password_hash.clone());
    let verified = verify_password(state, stored, request.password).await?;
    let account = match account {
        Some(account) if verified => account,
        _ => {
            let mut wait =
                throttle::register_failure(conn, &email_key, &state.email_throttle, now).await?;
            if let Some(ip_key) = &ip_key {
                wait = wait
                    .max(throttle::register_failure(conn, ip_key, &state.ip_throttle, now).await?);
            }
            tracing::info!(email = %email, ip = ?client.ip, "login refused");
            return Err(wait.map_or(ApiError::InvalidCredentials, |retry_after| {
                ApiError::TooManyRequests { retry_after }
            }));
        }
    };
    throttle::clear(conn, &email_key).await?;
    open_session(state, account, client).await
}

/// Exchanges a refresh token for a new session (the old token is spent).
pub async fn refresh(state: &AppState, presented: &str, client: &ClientInfo) -> ApiResult<Session> {
    let (refresh_token, stored) = new_refresh_token(state, client);
    match sessions::rotate(&state.db, &tokens::hash(presented), stored).await? {
        Rotation::Rotated(account) => {
            let actor = accounts::actor_of(&account)?;
            let me = accounts::me_of(state.db.conn(), &account).await?;
            session(state, &actor, refresh_token, me)
        }
        Rotation::Rejected => Err(ApiError::Unauthenticated),
        Rotation::Replayed => {
            tracing::warn!(ip = ?client.ip, "a spent refresh token was presented again; its session family is revoked");
            Err(ApiError::Unauthenticated)
        }
    }
}

/// Closes the session the refresh token belongs to (and audits it in the same transaction).
pub async fn logout(state: &AppState, presented: &str, client: &ClientInfo) -> ApiResult<()> {
    let txn = state
        .db
        .begin_write()
        .await
        .map_err(storage::StorageError::from)?;
    let revoked = sessions::revoke_by_token(&txn, &tokens::hash(presented)).await?;
    let account = match revoked {
        Some(account_id) => accounts::find(&txn, account_id).await?,
        None => None,
    };
    if let Some(account) = account {
        let actor = accounts::actor_of(&account)?;
        audit::record(
            &txn,
            &AuditContext::of(actor, client.ip.clone()),
            Entry::new(AuditAction::Logout, "account", account.id).summary("Déconnexion"),
        )
        .await?;
    }
    txn.commit().await.map_err(storage::StorageError::from)?;
    Ok(())
}

/// Closes every session of the caller.
pub async fn logout_everywhere(
    state: &AppState,
    actor: Actor,
    client: &ClientInfo,
) -> ApiResult<u64> {
    let txn = state
        .db
        .begin_write()
        .await
        .map_err(storage::StorageError::from)?;
    let closed = sessions::revoke_all(&txn, actor.account_id).await?;
    audit::record(
        &txn,
        &AuditContext::of(actor, client.ip.clone()),
        Entry::new(
            AuditAction::LogoutEverywhere,
            "account",
            actor.account_id.as_uuid(),
        )
        .summary(format!(
            "Déconnexion de tous les appareils ({closed} session(s) fermée(s))"
        )),
    )
    .await?;
    txn.commit().await.map_err(storage::StorageError::from)?;
    Ok(closed)
}

/// Sends an invitation link: creates the pending account and queues the e-mail. Returns the
/// account and when the link expires.
pub async fn invite(
    state: &AppState,
    ctx: &AuditContext,
    invitee: Invitee,
    structure_name: &str,
) -> ApiResult<(account::Model, DateTime<Utc>)> {
    let token = tokens::generate();
    let expires_at = storage::now() + Duration::days(state.settings.auth.invitation_days);
    let link = format!("{}/invitation#{token}", state.settings.public_url());
    let message = mail::invitation(
        invitee.email.as_str(),
        invitee.first_name.as_str(),
        invitee.last_name.as_str(),
        invitee.role,
        structure_name,
        &link,
        expires_at,
    );
    let account = invitations::invite(
        &state.db,
        ctx,
        invitee,
        LinkSpec {
            token_hash: tokens::hash(&token),
            expires_at,
        },
        message.into_job()?,
    )
    .await?;
    state.wake_jobs();
    Ok((account, expires_at))
}

/// What an invitation link opens.
pub async fn inspect_invitation(state: &AppState, token: &str) -> ApiResult<InvitationView> {
    let pending =
        invitations::find_pending(state.db.conn(), &tokens::hash(token), storage::now()).await?;
    Ok(InvitationView {
        email: pending.account.email.clone(),
        first_name: pending.account.first_name.clone(),
        last_name: pending.account.last_name.clone(),
        role: accounts::role_of(&pending.account)?,
        structure_name: pending.structure_name,
        partner_name: pending.partner_name,
        expires_at: pending.invitation.expires_at,
    })
}

/// Activates the invited account with its password and logs it in.
pub async fn accept_invitation(
    state: &AppState,
    token: &str,
    password: NewPassword,
    client: &ClientInfo,
) -> ApiResult<Session> {
    // Fail fast on a dead link before spending time on hashing.
    invitations::find_pending(state.db.conn(), &tokens::hash(token), storage::now()).await?;
    let password_hash = hash_password(state, password).await?;
    let account = invitations::accept(
        &state.db,
        &tokens::hash(token),
        password_hash,
        client.ip.clone(),
    )
    .await?;
    open_session(state, account, client).await
}

/// The French acknowledgement of a reset request, whatever happened.
pub const RESET_REQUESTED: &str = "Si un compte correspond à cette adresse, un e-mail vient de \
    lui être envoyé avec un lien pour choisir un nouveau mot de passe. Pensez à vérifier les \
    courriers indésirables.";

/// Sends a reset link if an active account has this address; silent otherwise.
pub async fn request_password_reset(state: &AppState, email: &EmailAddress) -> ApiResult<()> {
    let Some(account) = accounts::find_by_email(state.db.conn(), email).await? else {
        return Ok(());
    };
    if !account.is_active || account.password_hash.is_none() {
        return Ok(());
    }
    let token = tokens::generate();
    let minutes = state.settings.auth.password_reset_minutes;
    let link = format!(
        "{}/mot-de-passe/nouveau#{token}",
        state.settings.public_url()
    );
    let message = mail::password_reset(&account.email, &account.first_name, &link, minutes);
    let sent = password_resets::create(
        &state.db,
        AccountId(account.id),
        tokens::hash(&token),
        storage::now() + Duration::minutes(minutes),
        message.into_job()?,
    )
    .await?;
    if sent {
        state.wake_jobs();
    } else {
        tracing::info!(account = %account.id, "password reset asked again within the cooldown; no e-mail");
    }
    Ok(())
}

/// Sets a new password through a reset link and closes every open session.
pub async fn confirm_password_reset(
    state: &AppState,
    token: &str,
    password: NewPassword,
    client: &ClientInfo,
) -> ApiResult<()> {
    let password_hash = hash_password(state, password).await?;
    password_resets::consume(
        &state.db,
        &tokens::hash(token),
        password_hash,
        client.ip.clone(),
    )
    .await?;
    Ok(())
}
