//! Liveness and readiness.

use serde::{Deserialize, Serialize};

/// Answer of `/healthz` and `/readyz`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthStatus {
    /// `ok` when healthy, `unavailable` otherwise.
    pub status: String,
    /// For readiness: whether the database answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<bool>,
}
