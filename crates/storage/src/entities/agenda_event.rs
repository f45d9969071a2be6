//! `agenda_events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub structure_id: Uuid,
    pub owner_id: Uuid,
    pub kind: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub site_id: Option<Uuid>,
    pub youth_id: Option<Uuid>,
    pub preregistration_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub appointment_type_id: Option<Uuid>,
    pub mode: Option<String>,
    pub status: String,
    pub booked_by_id: Option<Uuid>,
    pub booked_by_youth: bool,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
