//! `/audit-events`.

use domain::dto::{AuditEvent, Page};

use super::{ApiError, get, query};
use crate::session::Session;

/// `GET /audit-events`.
pub async fn list_audit_events(session: Session, page: u32) -> Result<Page<AuditEvent>, ApiError> {
    get(
        session,
        &format!(
            "/audit-events{}",
            query(&[
                ("page", Some(page.to_string())),
                ("per_page", Some("50".into()))
            ])
        ),
    )
    .await
}
