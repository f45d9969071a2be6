//! `pacea_phases` table: phases of PACEA contracts.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pacea_phases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub number: i32,
    pub kind: String,
    pub objectives: String,
    pub started_on: Date,
    pub planned_end: Date,
    pub ended_on: Option<Date>,
    pub evaluation: Option<String>,
    pub objectives_met: Option<bool>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
