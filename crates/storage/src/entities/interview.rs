//! `interviews` table: interviews with young people.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "interviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub channel: String,
    pub kind: String,
    pub counsellor_id: Option<Uuid>,
    pub summary: String,
    pub themes: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
