//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use domain::dto::HealthStatus;

use crate::state::AppState;

/// Liveness: the process answers.
#[utoipa::path(
    tag = "system",
    responses((status = 200, description = "The server is running", body = HealthStatus))
)]
#[get("/healthz")]
pub async fn get_health() -> web::Json<HealthStatus> {
    web::Json(HealthStatus {
        status: "ok".to_owned(),
        database: None,
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database does not answer", body = HealthStatus)
    )
)]
#[get("/readyz")]
pub async fn get_readiness(state: web::Data<AppState>) -> HttpResponse {
    if state.db.ping().await {
        HttpResponse::Ok().json(HealthStatus {
            status: "ok".to_owned(),
            database: Some(true),
        })
    } else {
        HttpResponse::ServiceUnavailable().json(HealthStatus {
            status: "unavailable".to_owned(),
            database: Some(false),
        })
    }
}
