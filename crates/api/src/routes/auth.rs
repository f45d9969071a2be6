//! `/api/v1/auth`: login, sessions, invitations, password reset.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, post, web};
use domain::ErrorBody;
use domain::dto::{
    AcceptInvitation, Accepted, InvitationView, LinkToken, LoginRequest, PasswordResetConfirm,
    PasswordResetRequest, RefreshRequest, Session,
};
use domain::values::{EmailAddress, NewPassword};

use crate::auth::service;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Authenticated, ClientInfo};
use crate::state::AppState;

/// The cookie that carries the refresh token for browsers.
pub const REFRESH_COOKIE: &str = "passerelle_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(state: &AppState, value: String, max_age: time::Duration) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.public_url().starts_with("https://"))
        .max_age(max_age)
        .finish()
}

fn with_session(
    state: &AppState,
    mut response: HttpResponseBuilder,
    session: &Session,
) -> HttpResponse {
    let max_age = time::Duration::seconds(i64::try_from(session.refresh_expires_in).unwrap_or(0));
    response
        .cookie(refresh_cookie(
            state,
            session.refresh_token.clone(),
            max_age,
        ))
        .json(session)
}

/// A response that also deletes the refresh cookie.
fn clearing_cookie(state: &AppState, mut response: HttpResponseBuilder) -> HttpResponseBuilder {
    response.cookie(refresh_cookie(state, String::new(), time::Duration::ZERO));
    response
}

fn presented_refresh_token(req: &HttpRequest, body: &RefreshRequest) -> Option<String> {
    body.refresh_token
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .filter(|t| !t.is_empty())
}

fn new_password(raw: &str) -> ApiResult<NewPassword> {
    NewPassword::parse(raw).map_err(|e| ApiError::field("password", e))
}

/// Log in with an e-mail address and a password.
///
/// Repeated failures for one address or from one client lock further attempts for a while
/// (429 with `Retry-After`). The refresh token is returned in the body and, for browsers, in
/// an `HttpOnly` cookie.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 401, description = "Wrong e-mail or password (never says which)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = ErrorBody)
    )
)]
#[post("/auth/login")]
pub async fn open_session(
    state: web::Data<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let session = service::login(&state, body, &client).await?;
    Ok(with_session(&state, HttpResponse::Ok(), &session))
}

/// Exchange a refresh token (body or cookie) for a new session; the old token is spent.
///
/// Presenting a spent token again revokes every token descended from the same login.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = Session),
        (status = 401, description = "Unknown, expired, revoked or replayed refresh token", body = ErrorBody)
    )
)]
#[post("/auth/refresh")]
pub async fn refresh_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let Some(presented) = presented_refresh_token(&req, &body) else {
        return Err(ApiError::Unauthenticated);
    };
    match service::refresh(&state, &presented, &client).await {
        Ok(session) => Ok(with_session(&state, HttpResponse::Ok(), &session)),
        Err(ApiError::Unauthenticated) => Ok(clearing_cookie(&state, HttpResponse::Unauthorized())
            .json(ApiError::Unauthenticated.body())),
        Err(other) => Err(other),
    }
}

/// Log out: revoke the session of the refresh token (body or cookie).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was unknown)"))
)]
#[post("/auth/logout")]
pub async fn close_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    if let Some(presented) = presented_refresh_token(&req, &body) {
        service::logout(&state, &presented, &client).await?;
    }
    Ok(clearing_cookie(&state, HttpResponse::NoContent()).finish())
}

/// Log out everywhere: revoke every session of the caller's account.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session closed"),
        (status = 401, description = "No valid access token", body = ErrorBody)
    )
)]
#[post("/auth/logout-everywhere")]
pub async fn close_all_sessions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
) -> ApiResult<HttpResponse> {
    service::logout_everywhere(&state, actor, &client).await?;
    Ok(clearing_cookie(&state, HttpResponse::NoContent()).finish())
}

/// What an invitation link is for (who is invited, by whom, until when).
#[utoipa::path(
    tag = "auth",
    request_body = LinkToken,
    responses(
        (status = 200, description = "The pending invitation", body = InvitationView),
        (status = 404, description = "Unknown link", body = ErrorBody),
        (status = 410, description = "Expired, replaced or already used link", body = ErrorBody),
        (status = 422, description = "Missing token", body = ErrorBody)
    )
)]
#[post("/auth/invitations/inspect")]
pub async fn inspect_invitation(
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<LinkToken>,
) -> ApiResult<web::Json<InvitationView>> {
    Ok(web::Json(
        service::inspect_invitation(&state, &body.token).await?,
    ))
}

/// Accept an invitation: choose the password, activate the account, and log in.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Account activated and logged in", body = Session),
        (status = 404, description = "Unknown link", body = ErrorBody),
        (status = 410, description = "Expired, replaced or already used link", body = ErrorBody),
        (status = 422, description = "Password does not meet the policy", body = ErrorBody)
    )
)]
#[post("/auth/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    let password = new_password(&body.password)?;
    let session = service::accept_invitation(&state, &body.token, password, &client).await?;
    Ok(with_session(&state, HttpResponse::Ok(), &session))
}

/// Ask for a password reset link by e-mail. The answer is the same whether or not an account
/// uses the address.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If an account matches, a link was e-mailed", body = Accepted),
        (status = 422, description = "Invalid e-mail address", body = ErrorBody)
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    let email = EmailAddress::parse(&body.email).map_err(|e| ApiError::field("email", e))?;
    service::request_password_reset(&state, &email).await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        message: service::RESET_REQUESTED.to_owned(),
    }))
}

/// Set a new password with a reset link; every open session of the account is closed.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed; log in with it"),
        (status = 404, description = "Unknown link", body = ErrorBody),
        (status = 410, description = "Expired or already used link", body = ErrorBody),
        (status = 422, description = "Password does not meet the policy", body = ErrorBody)
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    client: ClientInfo,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    let password = new_password(&body.password)?;
    service::confirm_password_reset(&state, &body.token, password, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}
