//! `diagnostic_revisions` table: the diagnostic's revisions, one row per save.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "diagnostic_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub number: i32,
    pub content: Json,
    pub comment: String,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
