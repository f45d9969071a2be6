//! `referral_messages` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub referral_id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    pub side: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub doc_name: Option<String>,
    pub doc_type: Option<String>,
    pub doc_size: Option<i32>,
    pub doc_bytes: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
