//! `/staff`.

use domain::dto::{NewStaffMember, Page, StaffMember};

use super::{ApiError, get, post, query};
use crate::session::Session;

/// `GET /staff`.
pub async fn list_staff(session: Session, page: u32) -> Result<Page<StaffMember>, ApiError> {
    get(
        session,
        &format!(
            "/staff{}",
            query(&[
                ("page", Some(page.to_string())),
                ("per_page", Some("100".into()))
            ])
        ),
    )
    .await
}

/// `POST /staff`.
pub async fn invite_staff_member(
    session: Session,
    body: &NewStaffMember,
) -> Result<StaffMember, ApiError> {
    post(session, "/staff", body).await
}
