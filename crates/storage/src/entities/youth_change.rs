//! `youth_changes` table: every change of every field of a file.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "youth_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub version: i32,
    pub field: String,
    pub old_value: Option<Json>,
    pub new_value: Option<Json>,
    pub kind: String,
    pub origin: String,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub at: DateTimeUtc,
    pub restored_from: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
