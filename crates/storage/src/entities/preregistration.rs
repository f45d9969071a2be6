//! `preregistrations` table: online pre-registrations waiting at reception.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "preregistrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub reference: String,
    pub structure_id: Uuid,
    pub received_at: DateTimeUtc,
    pub data: Json,
    pub full_name: String,
    pub birth_date: Option<Date>,
    pub status: String,
    pub status_at: DateTimeUtc,
    pub status_by: Option<Uuid>,
    pub status_by_name: Option<String>,
    pub out_of_territory: bool,
    pub covering_structure_id: Option<Uuid>,
    pub youth_id: Option<Uuid>,
    pub booking_token_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
