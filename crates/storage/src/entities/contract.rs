//! `contracts` table: CEJ and PACEA contracts.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub scheme: String,
    pub status: String,
    pub started_on: Date,
    pub planned_end: Date,
    pub max_end: Date,
    pub ended_on: Option<Date>,
    pub exit_reason: Option<String>,
    pub exit_comment: Option<String>,
    pub eligibility: Json,
    pub override_reason: Option<String>,
    pub override_by_name: Option<String>,
    pub override_at: Option<DateTimeUtc>,
    pub created_by_name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
