//! `workshop_registrations` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop_registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workshop_id: Uuid,
    pub youth_id: Uuid,
    pub status: String,
    pub registered_at: DateTimeUtc,
    pub registered_by_name: String,
    pub promoted_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub attendance: Option<String>,
    pub attendance_at: Option<DateTimeUtc>,
    pub feedback: Option<Json>,
    pub feedback_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
