//! What matching needs of a young person, kept beside the file: the themes of their needs,
//! their running schemes, their daily reach and where they live. Refreshed in the transaction
//! of every change that moves one of them (file, diagnostic, contracts, transfer); a new
//! address clears the point and queues a geocoding job.

use domain::accompaniment::{ContractStatus, DiagnosticContent, Scheme, Theme};
use domain::offers::{GeoPoint, daily_reach_km, youth_themes};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::StorageResult;
use crate::entities::{contract, youth, youth_match_profile as profile};
use crate::partners::{address_key, point_of};

/// The themes, schemes and reach of a file, from its rows.
pub(crate) struct Computed {
    pub themes: Vec<Theme>,
    pub schemes: Vec<Scheme>,
    pub reach_km: f64,
    pub address_key: Option<String>,
}

/// Computes what matching needs from the file, its latest diagnostic and its contracts.
pub(crate) async fn compute(
    conn: &impl ConnectionTrait,
    row: &youth::Model,
) -> StorageResult<Computed> {
    let data = crate::youths::data_of(row)?;
    let diagnostic: Option<DiagnosticContent> =
        crate::accompaniment::diagnostic::latest(conn, row.id)
            .await?
            .and_then(|r| serde_json::from_value(r.content).ok());
    let mut schemes: Vec<Scheme> = contract::Entity::find()
        .filter(contract::Column::YouthId.eq(row.id))
        .filter(contract::Column::Status.eq(ContractStatus::EnCours.code()))
        .all(conn)
        .await?
        .iter()
        .filter_map(|c| Scheme::from_code(&c.scheme))
        .collect();
    schemes.sort();
    schemes.dedup();
    Ok(Computed {
        themes: youth_themes(&data.needs, diagnostic.as_ref()),
        schemes,
        reach_km: daily_reach_km(data.licence, data.vehicle),
        address_key: address_key(
            data.address_line.as_deref(),
            data.postcode.as_deref(),
            data.commune.as_deref(),
        ),
    })
}

/// Recomputes a young person's profile; queues a geocoding job when the address changed.
pub async fn refresh(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<()> {
    let Some(row) = youth::Entity::find_by_id(youth_id).one(conn).await? else {
        return Ok(());
    };
    let computed = compute(conn, &row).await?;
    let current = profile::Entity::find_by_id(youth_id).one(conn).await?;
    let same_address = current
        .as_ref()
        .is_some_and(|p| p.address_key == computed.address_key);
    let (lat, lon, located) = match &current {
        Some(p) if same_address => (p.lat, p.lon, p.located_address.clone()),
        _ => (None, None, None),
    };
    let model = profile::ActiveModel {
        youth_id: Set(youth_id),
        structure_id: Set(row.structure_id),
        first_name: Set(row.first_name.clone()),
        last_name: Set(row.last_name.clone()),
        birth_date: Set(row.birth_date),
        commune: Set(row.commune.clone()),
        education_level: Set(row.education_level.clone()),
        themes_mask: Set(super::theme_mask(&computed.themes)),
        schemes_mask: Set(super::scheme_mask(&computed.schemes)),
        reach_km: Set(computed.reach_km),
        lat: Set(lat),
        lon: Set(lon),
        address_key: Set(computed.address_key.clone()),
        located_address: Set(located),
        updated_at: Set(crate::now()),
    };
    profile::Entity::insert(model)
        .on_conflict(
            OnConflict::column(profile::Column::YouthId)
                .update_columns([
                    profile::Column::StructureId,
                    profile::Column::FirstName,
                    profile::Column::LastName,
                    profile::Column::BirthDate,
                    profile::Column::Commune,
                    profile::Column::EducationLevel,
                    profile::Column::ThemesMask,
                    profile::Column::SchemesMask,
                    profile::Column::ReachKm,
                    profile::Column::Lat,
                    profile::Column::Lon,
                    profile::Column::AddressKey,
                    profile::Column::LocatedAddress,
                    profile::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    if !same_address && computed.address_key.is_some() {
        crate::partners::queue_geocode(conn, "youth", youth_id).await?;
    }
    Ok(())
}

/// Forgets a profile (file merged away or purged).
pub async fn forget(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<()> {
    profile::Entity::delete_by_id(youth_id).exec(conn).await?;
    Ok(())
}

/// The point where a young person lives, if located.
pub async fn home_of(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Option<GeoPoint>> {
    Ok(profile::Entity::find_by_id(youth_id)
        .one(conn)
        .await?
        .and_then(|p| point_of(p.lat, p.lon)))
}

pub(crate) async fn set_point(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    key: &str,
    point: GeoPoint,
) -> StorageResult<u64> {
    Ok(profile::Entity::update_many()
        .col_expr(profile::Column::Lat, Expr::value(Some(point.lat)))
        .col_expr(profile::Column::Lon, Expr::value(Some(point.lon)))
        .col_expr(profile::Column::LocatedAddress, Expr::value(key))
        .filter(profile::Column::YouthId.eq(youth_id))
        .filter(profile::Column::AddressKey.eq(key))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Street line, postcode and commune of an address.
pub(crate) type AddressParts = (Option<String>, Option<String>, Option<String>);

/// A young person's address parts, and the address their point was located from.
pub(crate) async fn address_of(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<(Option<AddressParts>, Option<String>)> {
    let Some(row) = youth::Entity::find_by_id(youth_id).one(conn).await? else {
        return Ok((None, None));
    };
    let data = crate::youths::data_of(&row)?;
    let located = profile::Entity::find_by_id(youth_id)
        .one(conn)
        .await?
        .and_then(|p| p.located_address);
    Ok((
        Some((data.address_line, data.postcode, data.commune)),
        located,
    ))
}

/// Creates the missing profiles (files opened before matching existed), `batch` at a time;
/// returns how many were created.
pub async fn backfill(conn: &impl ConnectionTrait, batch: u64) -> StorageResult<usize> {
    let ids: Vec<Uuid> = youth::Entity::find()
        .select_only()
        .column(youth::Column::Id)
        .filter(
            youth::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(profile::Column::YouthId)
                    .from(profile::Entity)
                    .to_owned(),
            ),
        )
        .limit(batch)
        .into_tuple()
        .all(conn)
        .await?;
    for id in &ids {
        refresh(conn, *id).await?;
    }
    Ok(ids.len())
}
