//! `youth_match_profiles` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "youth_match_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub youth_id: Uuid,
    pub structure_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub commune: Option<String>,
    pub education_level: Option<String>,
    pub themes_mask: i32,
    pub schemes_mask: i32,
    pub reach_km: f64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address_key: Option<String>,
    pub located_address: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
