//! `youths` table: the file's content (`data`, JSON) and its projections for lists, search and
//! purge.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "youths")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub structure_id: Uuid,
    pub counsellor_id: Option<Uuid>,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub data: Json,
    pub version: i32,
    pub status: String,
    pub merged_into: Option<Uuid>,
    pub sort_key: String,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub situation: Option<String>,
    pub education_level: Option<String>,
    pub last_contact_on: Option<Date>,
    pub follow_up_intensity: Option<String>,
    pub missing_count: i32,
    pub blocking_count: i32,
    pub anonymised_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
