//! `cej_activities` table: CEJ activities with their hours.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cej_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub contract_id: Uuid,
    pub qualification: String,
    pub label: String,
    pub occurred_at: DateTimeUtc,
    pub paris_date: Date,
    pub week_start: Date,
    pub minutes: i32,
    pub status: String,
    pub origin: String,
    pub declared_by_name: String,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub comment: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
