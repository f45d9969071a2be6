//! `partners` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "partners")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub structure_id: Uuid,
    pub name: String,
    pub kind: String,
    pub siret: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub status_comment: Option<String>,
    pub status_changed_at: Option<DateTimeUtc>,
    pub themes: Option<Json>,
    pub forms: Option<Json>,
    pub sponsor: bool,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub website: Option<String>,
    pub address_line: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub located_address: Option<String>,
    pub contacts: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
