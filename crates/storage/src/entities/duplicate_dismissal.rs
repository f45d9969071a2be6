//! `duplicate_dismissals` table: pairs of files a counsellor said are different people.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_dismissals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub first_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub second_id: Uuid,
    pub structure_id: Uuid,
    pub dismissed_by: Option<Uuid>,
    pub dismissed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
