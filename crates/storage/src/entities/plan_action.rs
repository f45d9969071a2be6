//! `plan_actions` table: actions of action plans.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub youth_id: Uuid,
    pub objective_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub theme: Option<String>,
    pub title: String,
    pub details: String,
    pub carrier: String,
    pub partner_name: Option<String>,
    pub start_on: Date,
    pub due_on: Option<Date>,
    pub status: String,
    pub done_by_youth_at: Option<DateTimeUtc>,
    pub validated_by_name: Option<String>,
    pub validated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
