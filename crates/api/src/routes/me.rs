//! `/api/v1/me`: who am I.

use actix_web::{get, web};
use domain::ErrorBody;
use domain::dto::Me;
use storage::accounts;

use crate::error::{ApiError, ApiResult};
use crate::extract::Authenticated;
use crate::state::AppState;

/// The logged-in account, its role, its face of the app and its Mission Locale.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account", body = Me),
        (status = 401, description = "No valid access token", body = ErrorBody)
    )
)]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<web::Json<Me>> {
    // A token outliving its account (deleted since) is no longer a session.
    let me = accounts::me(state.db.conn(), actor.account_id)
        .await
        .map_err(|e| match e {
            storage::StorageError::NotFound => ApiError::Unauthenticated,
            other => other.into(),
        })?;
    Ok(web::Json(me))
}
