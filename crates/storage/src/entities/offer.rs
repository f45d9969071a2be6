//! `offers` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub structure_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub kind: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub themes: Json,
    pub themes_mask: i32,
    pub service_type: Option<String>,
    pub publics: Json,
    pub fees: Option<String>,
    pub remote: bool,
    #[sea_orm(column_type = "Text")]
    pub how_to_apply: Option<String>,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    pub schemes_mask: i32,
    pub levels_mask: i32,
    #[sea_orm(column_type = "Text")]
    pub zones: String,
    pub eligibility: Json,
    pub address_line: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub located_address: Option<String>,
    pub cell: i32,
    pub capacity: Option<i32>,
    pub contact: Json,
    pub rome_code: Option<String>,
    pub contract_type: Option<String>,
    pub hours_per_week: Option<i16>,
    pub positions: Option<i32>,
    pub starts_on: Option<Date>,
    pub salary: Option<String>,
    pub status: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
