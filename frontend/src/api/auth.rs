//! `/auth` and `/me`.

use domain::dto::{
    AcceptInvitation, Accepted, InvitationView, LinkToken, LoginRequest, PasswordResetConfirm,
    PasswordResetRequest, RefreshRequest, Session as SessionDto,
};

use super::{ApiError, expect_empty, post_public, read};

/// `POST /auth/login`.
pub async fn open_session(request: &LoginRequest) -> Result<SessionDto, ApiError> {
    read(post_public("/auth/login", request).await?).await
}

/// `POST /auth/refresh`, with the refresh token in the HttpOnly cookie.
pub async fn refresh_session() -> Result<SessionDto, ApiError> {
    read(post_public("/auth/refresh", &RefreshRequest::default()).await?).await
}

/// `POST /auth/logout` (the cookie names the session).
pub async fn close_session() -> Result<(), ApiError> {
    expect_empty(post_public("/auth/logout", &RefreshRequest::default()).await?).await
}

/// `POST /auth/logout-everywhere`.
pub async fn close_all_sessions(token: &str) -> Result<(), ApiError> {
    let response = gloo_net::http::Request::post(&format!("{}/auth/logout-everywhere", super::API))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    expect_empty(response).await
}

/// `POST /auth/invitations/inspect`.
pub async fn inspect_invitation(token: &str) -> Result<InvitationView, ApiError> {
    read(
        post_public(
            "/auth/invitations/inspect",
            &LinkToken {
                token: token.to_owned(),
            },
        )
        .await?,
    )
    .await
}

/// `POST /auth/invitations/accept`.
pub async fn accept_invitation(request: &AcceptInvitation) -> Result<SessionDto, ApiError> {
    read(post_public("/auth/invitations/accept", request).await?).await
}

/// `POST /auth/password-reset`.
pub async fn request_password_reset(request: &PasswordResetRequest) -> Result<Accepted, ApiError> {
    read(post_public("/auth/password-reset", request).await?).await
}

/// `POST /auth/password-reset/confirm`.
pub async fn confirm_password_reset(request: &PasswordResetConfirm) -> Result<(), ApiError> {
    expect_empty(post_public("/auth/password-reset/confirm", request).await?).await
}
