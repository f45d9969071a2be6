//! `geocode_cache` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "geocode_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub query: String,
    pub found: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub label: Option<String>,
    pub citycode: Option<String>,
    pub fetched_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
