//! The geocoding cache: what the address service answered for a normalised address, so that an
//! address is asked once. A place found is kept; a "not found" is asked again after
//! [`NOT_FOUND_DAYS`] days (the national address base is updated every week).
//!
//! The key is built by the caller (`api::geocode::AddressQuery::key`); this module neither
//! parses nor logs it (it is a personal address).

use chrono::{DateTime, Duration, Utc};
use domain::offers::GeoPoint;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::StorageResult;
use crate::entities::geocode_cache;

/// Days after which a cached "not found" counts as absent.
pub const NOT_FOUND_DAYS: i64 = 7;

/// A place the service found.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceHit {
    /// Where it is.
    pub point: GeoPoint,
    /// The address as the service wrote it.
    pub label: String,
    /// The commune's INSEE code, when the service gave one.
    pub citycode: Option<String>,
}

/// A cached answer.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedPlace {
    /// The place, or `None` when the service found nothing usable.
    pub hit: Option<PlaceHit>,
    /// When the service was asked.
    pub fetched_at: DateTime<Utc>,
}

/// The cached answer for `query`, if any still holds at `now`: a "not found" older than
/// [`NOT_FOUND_DAYS`] days, or a stored point that is no longer on the map, counts as absent.
pub async fn get_at(
    conn: &impl ConnectionTrait,
    query: &str,
    now: DateTime<Utc>,
) -> StorageResult<Option<CachedPlace>> {
    let Some(model) = geocode_cache::Entity::find_by_id(query.to_owned())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if !model.found {
        let fresh = now - model.fetched_at < Duration::days(NOT_FOUND_DAYS);
        return Ok(fresh.then_some(CachedPlace {
            hit: None,
            fetched_at: model.fetched_at,
        }));
    }
    let point = match (model.lat, model.lon) {
        (Some(lat), Some(lon)) => GeoPoint::check(lat, lon, "adresse").ok(),
        _ => None,
    };
    // A found row without a usable point is asked again (and overwritten).
    Ok(point.map(|point| CachedPlace {
        hit: Some(PlaceHit {
            point,
            label: model.label.unwrap_or_default(),
            citycode: model.citycode,
        }),
        fetched_at: model.fetched_at,
    }))
}

/// The cached answer for `query`, if any still holds now.
pub async fn get(conn: &impl ConnectionTrait, query: &str) -> StorageResult<Option<CachedPlace>> {
    get_at(conn, query, crate::now()).await
}

/// Records the service's answer for `query` (`None`: nothing found), fetched at `at`; replaces
/// any earlier answer.
pub async fn put_at(
    conn: &impl ConnectionTrait,
    query: &str,
    hit: Option<&PlaceHit>,
    at: DateTime<Utc>,
) -> StorageResult<()> {
    let row = geocode_cache::ActiveModel {
        query: Set(query.to_owned()),
        found: Set(hit.is_some()),
        lat: Set(hit.map(|h| h.point.lat)),
        lon: Set(hit.map(|h| h.point.lon)),
        label: Set(hit.map(|h| h.label.clone())),
        // The column holds 5 characters (an INSEE code); anything else is not one.
        citycode: Set(hit
            .and_then(|h| h.citycode.clone())
            .filter(|c| c.chars().count() == 5)),
        fetched_at: Set(at),
    };
    geocode_cache::Entity::insert(row)
        .on_conflict(
            OnConflict::column(geocode_cache::Column::Query)
                .update_columns([
                    geocode_cache::Column::Found,
                    geocode_cache::Column::Lat,
                    geocode_cache::Column::Lon,
                    geocode_cache::Column::Label,
                    geocode_cache::Column::Citycode,
                    geocode_cache::Column::FetchedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Records the service's answer for `query` (`None`: nothing found), fetched now.
pub async fn put(
    conn: &impl ConnectionTrait,
    query: &str,
    hit: Option<&PlaceHit>,
) -> StorageResult<()> {
    put_at(conn, query, hit, crate::now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    fn roubaix() -> PlaceHit {
        PlaceHit {
            point: GeoPoint {
                lat: 50.6942,
                lon: 3.1746,
            },
            label: "Roubaix".to_owned(),
            citycode: Some("59512".to_owned()),
        }
    }

    #[tokio::test]
    async fn found_places_are_kept_and_replaced() {
        let db = Db::in_memory().await;
        let conn = db.conn();
        assert_eq!(get(conn, "roubaix").await.expect("get"), None);
        let long_ago = crate::now() - Duration::days(400);
        put_at(conn, "roubaix", Some(&roubaix()), long_ago)
            .await
            .expect("put");
        let cached = get(conn, "roubaix").await.expect("get").expect("cached");
        assert_eq!(cached.hit, Some(roubaix()));
        assert_eq!(cached.fetched_at, long_ago);

        // Upsert: the same key again replaces the row.
        let mut moved = roubaix();
        moved.label = "1 Grand Place 59100 Roubaix".to_owned();
        moved.citycode = Some("too long".to_owned());
        put(conn, "roubaix", Some(&moved)).await.expect("put again");
        let cached = get(conn, "roubaix").await.expect("get").expect("cached");
        let hit = cached.hit.expect("found");
        assert_eq!(hit.label, "1 Grand Place 59100 Roubaix");
        assert_eq!(hit.citycode, None);
    }

    #[tokio::test]
    async fn not_found_expires_after_seven_days() {
        let db = Db::in_memory().await;
        let conn = db.conn();
        let now = crate::now();
        put_at(conn, "nowhere", None, now - Duration::days(6))
            .await
            .expect("put");
        let cached = get_at(conn, "nowhere", now).await.expect("get");
        assert_eq!(cached.map(|c| c.hit), Some(None));
        let later = now + Duration::days(2);
        assert_eq!(get_at(conn, "nowhere", later).await.expect("get"), None);

        // A found answer replaces the not found one.
        put(conn, "nowhere", Some(&roubaix())).await.expect("put");
        let cached = get(conn, "nowhere").await.expect("get").expect("cached");
        assert!(cached.hit.is_some());
        // And back to not found.
        put(conn, "nowhere", None).await.expect("put");
        let cached = get(conn, "nowhere").await.expect("get").expect("cached");
        assert_eq!(cached.hit, None);
    }
}
