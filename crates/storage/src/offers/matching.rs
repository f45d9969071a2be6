//! Matching both ways (A6, B20, B24, F3). Hard conditions are filtered in SQL (ages, bit masks
//! of schemes and levels, zones), the score is the domain's (`domain::offers::score`).
//!
//! Offers for a young person: when their home is located, offers farther than twice their
//! daily reach are not suggested (the score gives them no distance points: "trop loin pour un
//! trajet quotidien"), except remote offers and offers not located. Places left weigh at most
//! 10 points, so they are counted for the best `3 × limit` candidates only.
//!
//! The first pass of offers for a young person has two queries. Offers whose distance points
//! do not depend on where the young person lives (remote, not located) are scored by the
//! database — theme points from bit masks, tested against the domain for every mask — which
//! sends back the best `3 × limit`. Then the located offers within reach, without those that
//! could not reach the last of these even at no distance: PostgreSQL scores them as well and
//! sends its best `3 × limit`; SQLite, without trigonometry, sends them all to be scored here.
//! The best `3 × limit` of both are then read whole and scored with their explanation.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::accompaniment::{Scheme, Theme};
use domain::dto::{MatchQuery, RankedOffer, RankedYouth};
use domain::file::lists::EducationLevel;
use domain::offers::{
    EligibilityFacts, GeoPoint, OfferSide, OfferStatus, ReferralStatus, YouthSide, departement_of,
    fixed_distance_points, places_left, points, score, theme_points_of,
};
use domain::people::age_on;
use domain::{OfferId, Scope, YouthId};
use sea_orm::sea_query::{Alias, Expr, Order, Query, UnionType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::profiles::compute;
use super::{
    counts, eligibility_of, find_in_structure, mask_meets, mask_shares, of_mask, scheme_mask,
    summaries, theme_mask, themes_of,
};
use crate::bulk::{self, Field, micro};
use crate::entities::{offer, referral, youth, youth_match_profile as profile};
use crate::partners::{commune_name, point_of};
use crate::scope::Scoped;
use crate::{StorageError, StorageResult};

/// An offer in the first pass: id, themes mask, latitude and longitude (millionths), remote
/// (0 or 1).
type Candidate = (Uuid, i32, Option<i64>, Option<i64>, i32);
/// A young person in the first pass: id, themes mask, reach, latitude and longitude
/// (millionths).
type YouthCandidate = (Uuid, i32, Option<i64>, Option<i64>, Option<i64>);

/// Default number of results.
pub const DEFAULT_LIMIT: u32 = 20;

/// What the match needs of one young person, computed fresh from the file.
pub async fn youth_side(
    conn: &impl ConnectionTrait,
    row: &youth::Model,
    today: NaiveDate,
) -> StorageResult<YouthSide> {
    let computed = compute(conn, row).await?;
    let home = super::profiles::home_of(conn, row.id).await?;
    Ok(YouthSide {
        facts: EligibilityFacts {
            age: age_on(row.birth_date, today),
            schemes: computed.schemes,
            level: row
                .education_level
                .as_deref()
                .and_then(EducationLevel::from_code),
            commune: row.commune.clone(),
        },
        home,
        reach_km: computed.reach_km,
        themes: computed.themes,
    })
}

fn bit<T: PartialEq>(all: &[T], value: &T) -> i32 {
    all.iter().position(|x| x == value).map_or(0, |i| 1 << i)
}

/// The young person's active referrals, per offer.
async fn referrals_of(
    conn: &impl ConnectionTrait,
    youth_ids: &[Uuid],
    offer_ids: &[Uuid],
) -> StorageResult<HashMap<(Uuid, Uuid), ReferralStatus>> {
    if youth_ids.is_empty() || offer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = referral::Entity::find()
        .filter(referral::Column::YouthId.is_in(youth_ids.iter().copied()))
        .filter(referral::Column::OfferId.is_in(offer_ids.iter().copied()))
        .all(conn)
        .await?;
    let mut map = HashMap::new();
    for r in rows {
        if let Some(status) = ReferralStatus::from_code(&r.status) {
            let entry = map.entry((r.youth_id, r.offer_id)).or_insert(status);
            if entry.is_final() && !status.is_final() {
                *entry = status;
            }
        }
    }
    Ok(map)
}

/// The offers ranked for a young person (within `scope`), eligible ones only.
pub async fn offers_for_youth(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    youth_id: YouthId,
    query: &MatchQuery,
    today: NaiveDate,
) -> StorageResult<Vec<RankedOffer>> {
    let row = youth::Entity::find_by_id(youth_id.as_uuid())
        .filter(youth::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let side = youth_side(conn, &row, today).await?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 100) as usize;
    let age = i16::try_from(side.facts.age).unwrap_or(i16::MAX);
    let scheme_bits = side
        .facts
        .schemes
        .iter()
        .fold(0, |m, s| m | bit(Scheme::ALL, s));
    let level_bits = side.facts.level.map_or(0, |l| bit(EducationLevel::ALL, &l));
    let mut select = offer::Entity::find()
        .filter(offer::Column::StructureId.eq(row.structure_id))
        .filter(offer::Column::Status.eq(OfferStatus::Ouverte.code()))
        .filter(
            Condition::any()
                .add(offer::Column::AgeMin.is_null())
                .add(offer::Column::AgeMin.lte(age)),
        )
        .filter(
            Condition::any()
                .add(offer::Column::AgeMax.is_null())
                .add(offer::Column::AgeMax.gte(age)),
        )
        .filter(mask_meets(offer::Column::SchemesMask, scheme_bits))
        .filter(mask_meets(offer::Column::LevelsMask, level_bits));
    let mut zones = Condition::any().add(offer::Column::Zones.eq(""));
    if let Some(commune) = side.facts.commune.as_deref() {
        zones = zones.add(offer::Column::Zones.like(format!("%,{commune},%")));
        if let Some(dept) = departement_of(commune) {
            zones = zones.add(offer::Column::Zones.like(format!("%,{dept},%")));
        }
    }
    select = select.filter(zones);
    if let Some(kind) = query.kind {
        select = select.filter(offer::Column::Kind.eq(kind.code()));
    }
    let youth_mask = theme_mask(&side.themes);
    // First pass on the few columns the score needs; the hard conditions are in the SQL.
    let select = select.select_only().columns([
        offer::Column::Id,
        offer::Column::ThemesMask,
        offer::Column::Lat,
        offer::Column::Lon,
        offer::Column::Remote,
    ]);
    let fields = [
        Field::Uuid("id"),
        Field::Number("themes_mask"),
        Field::Micro("lat"),
        Field::Micro("lon"),
        Field::Bool("remote"),
    ];
    // Offers whose distance points are the same wherever the young person lives (remote, not
    // located — all of them when the young person is not located): the database scores them and
    // sends the best only.
    let fixed = match side.home {
        Some(_) => select.clone().filter(offer::Column::Cell.eq(0)),
        None => select.clone(),
    }
    .order_by(Expr::cust(fixed_points_sql(youth_mask)), Order::Desc)
    .order_by_asc(offer::Column::Id)
    .limit((limit * 3) as u64);
    let fixed: Vec<Candidate> = bulk::all(conn, &fixed.into_query(), &fields).await?;
    let first_points = |(id, themes, lat, lon, remote): &Candidate| {
        let offer = OfferSide {
            eligibility: Default::default(),
            themes: of_mask(Theme::ALL, *themes),
            place: point_of(micro(*lat), micro(*lon)),
            remote: *remote != 0,
            places_left: None,
        };
        (points(&side, &offer), *id)
    };
    let mut scored: Vec<(u32, Uuid)> = fixed.iter().map(first_points).collect();
    keep_best(&mut scored, limit * 3);
    // A located offer with fewer points than the last kept, even at no distance, cannot be kept.
    let floor = if scored.len() == limit * 3 {
        scored.last().map_or(0, |s| s.0)
    } else {
        0
    };
    if let Some(home) = side.home {
        let select = select.filter(Expr::cust(format!(
            "{} + {} >= {}",
            theme_points_sql(youth_mask),
            domain::offers::DISTANCE_POINTS,
            // Points without room, as in the database.
            floor.saturating_sub(domain::offers::ROOM_POINTS)
        )));
        // The located offers within twice the reach, a row of the grid at a time (one range
        // scan of the index each).
        let mut ranges = home
            .bounding_box(2.0 * side.reach_km.max(1.0))
            .grid_ranges()
            .into_iter()
            .map(|(first, last)| {
                select
                    .clone()
                    .filter(offer::Column::Cell.between(first, last))
                    .into_query()
            });
        if let Some(mut near) = ranges.next() {
            for range in ranges {
                near.union(UnionType::All, range);
            }
            if conn.get_database_backend() == DatabaseBackend::Postgres {
                // PostgreSQL scores them too (it has the trigonometry SQLite lacks) and sends
                // the best only, instead of thousands of rows to decode here.
                let best = Query::select()
                    .column(Alias::new("id"))
                    .expr_as(
                        Expr::cust(located_points_sql(home, side.reach_km, youth_mask)),
                        Alias::new("points"),
                    )
                    .from_subquery(near, Alias::new("near"))
                    .order_by(Alias::new("points"), Order::Desc)
                    .order_by(Alias::new("id"), Order::Asc)
                    .limit((limit * 3) as u64)
                    .to_owned();
                let best: Vec<(Uuid, i32)> =
                    bulk::all(conn, &best, &[Field::Uuid("id"), Field::Number("points")]).await?;
                scored.extend(best.into_iter().map(|(id, points)| {
                    (
                        u32::try_from(points).unwrap_or(0) + domain::offers::ROOM_POINTS,
                        id,
                    )
                }));
            } else {
                let near: Vec<Candidate> = bulk::all(conn, &near, &fields).await?;
                scored.extend(near.iter().map(first_points));
            }
        }
    }
    keep_best(&mut scored, limit * 3);
    // Second pass on the best, whole: eligibility checked again, places counted.
    let ids: Vec<Uuid> = scored.iter().map(|s| s.1).collect();
    let best: Vec<offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?;
    let (by_offer, _) = counts(conn, &ids).await?;
    let mut ranked: Vec<(domain::offers::MatchScore, &offer::Model)> = best
        .iter()
        .map(|o| {
            let side_o = OfferSide {
                eligibility: eligibility_of(o),
                themes: themes_of(o),
                place: point_of(o.lat, o.lon),
                remote: o.remote,
                places_left: places_left(o.capacity, by_offer.get(&o.id).map_or(0, |c| c.taken)),
            };
            (score(&side, &side_o), o)
        })
        .filter(|(m, _)| m.eligible)
        .collect();
    ranked.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(a.1.id.cmp(&b.1.id)));
    ranked.truncate(limit);
    let rows: Vec<offer::Model> = ranked.iter().map(|(_, o)| (*o).clone()).collect();
    let offer_ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let referrals = referrals_of(conn, &[row.id], &offer_ids).await?;
    let summaries = summaries(conn, &rows).await?;
    Ok(ranked
        .into_iter()
        .zip(summaries)
        .map(|((m, o), summary)| RankedOffer {
            offer: summary,
            score: m,
            referral: referrals.get(&(row.id, o.id)).copied(),
        })
        .collect())
}

/// The young people of the offer's Mission Locale ranked for it, eligible ones only.
pub async fn youths_for_offer(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    offer_id: OfferId,
    query: &MatchQuery,
    today: NaiveDate,
) -> StorageResult<Vec<RankedYouth>> {
    let o = find_in_structure(conn, scope.structure_id(), offer_id).await?;
    let eligibility = eligibility_of(&o);
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 100) as usize;
    let (by_offer, _) = counts(conn, &[o.id]).await?;
    let offer_side = OfferSide {
        themes: themes_of(&o),
        place: point_of(o.lat, o.lon),
        remote: o.remote,
        places_left: places_left(o.capacity, by_offer.get(&o.id).map_or(0, |c| c.taken)),
        eligibility: eligibility.clone(),
    };
    // First pass: the hard conditions in the SQL, the points from the profile's index alone.
    let mut select = profile::Entity::find()
        .select_only()
        .columns([
            profile::Column::YouthId,
            profile::Column::ThemesMask,
            profile::Column::ReachKm,
            profile::Column::Lat,
            profile::Column::Lon,
        ])
        .filter(profile::Column::StructureId.eq(o.structure_id));
    // Born between these dates to be of age.
    if let Some(max) = eligibility.age_max {
        let born_after = years_before(today, i32::from(max) + 1);
        select = select.filter(profile::Column::BirthDate.gt(born_after));
    }
    if let Some(min) = eligibility.age_min {
        select = select.filter(profile::Column::BirthDate.lte(years_before(today, i32::from(min))));
    }
    if !eligibility.levels.is_empty() {
        select = select.filter(
            profile::Column::EducationLevel.is_in(eligibility.levels.iter().map(|l| l.code())),
        );
    }
    if !eligibility.zones.is_empty() {
        let mut zones = Condition::any();
        for zone in &eligibility.zones {
            zones = if zone.len() == 5 {
                zones.add(profile::Column::Commune.eq(zone.as_str()))
            } else {
                zones.add(profile::Column::Commune.like(format!("{zone}%")))
            };
        }
        select = select.filter(zones);
    }
    if !eligibility.schemes.is_empty() {
        select = select.filter(mask_shares(
            profile::Column::SchemesMask,
            scheme_mask(&eligibility.schemes),
        ));
    }
    let candidates: Vec<YouthCandidate> = bulk::all(
        conn,
        &select.into_query(),
        &[
            Field::Uuid("youth_id"),
            Field::Number("themes_mask"),
            Field::Micro("reach_km"),
            Field::Micro("lat"),
            Field::Micro("lon"),
        ],
    )
    .await?;
    let mut scored: Vec<(u32, Uuid)> = candidates
        .into_iter()
        .map(|(id, themes, reach_km, lat, lon)| {
            let side = YouthSide {
                facts: EligibilityFacts::default(),
                home: point_of(micro(lat), micro(lon)),
                reach_km: micro(reach_km).unwrap_or_default(),
                themes: of_mask(Theme::ALL, themes),
            };
            (points(&side, &offer_side), id)
        })
        .collect();
    keep_best(&mut scored, limit * 3);
    // Second pass on the best, whole: eligibility checked again, every line explained.
    let ids: Vec<Uuid> = scored.iter().map(|s| s.1).collect();
    let best: Vec<profile::Model> = profile::Entity::find()
        .filter(profile::Column::YouthId.is_in(ids))
        .all(conn)
        .await?;
    let mut ranked: Vec<(domain::offers::MatchScore, profile::Model)> = best
        .into_iter()
        .filter_map(|p| {
            let side = YouthSide {
                facts: EligibilityFacts {
                    age: age_on(p.birth_date, today),
                    schemes: of_mask(Scheme::ALL, p.schemes_mask),
                    level: p
                        .education_level
                        .as_deref()
                        .and_then(EducationLevel::from_code),
                    commune: p.commune.clone(),
                },
                home: point_of(p.lat, p.lon),
                reach_km: p.reach_km,
                themes: of_mask(Theme::ALL, p.themes_mask),
            };
            let m = score(&side, &offer_side);
            m.eligible.then_some((m, p))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.score
            .cmp(&a.0.score)
            .then(a.1.youth_id.cmp(&b.1.youth_id))
    });
    ranked.truncate(limit);
    let ids: Vec<Uuid> = ranked.iter().map(|(_, p)| p.youth_id).collect();
    let referrals = referrals_of(conn, &ids, &[o.id]).await?;
    Ok(ranked
        .into_iter()
        .map(|(m, p)| RankedYouth {
            youth_id: YouthId(p.youth_id),
            name: format!("{} {}", p.first_name, p.last_name.to_uppercase()),
            age: age_on(p.birth_date, today),
            commune_name: commune_name(p.commune.as_deref()),
            referral: referrals.get(&(p.youth_id, o.id)).copied(),
            score: m,
        })
        .collect())
}

/// The theme points of an offer (see `domain::offers::points`), as SQL over its `themes_mask`
/// column, for a young person whose needs have the themes `youth_mask`.
fn theme_points_sql(youth_mask: i32) -> String {
    if youth_mask == 0 {
        return theme_points_of(0, 0, 0).to_string();
    }
    let shared = format!("(\"themes_mask\" & {youth_mask})");
    format!(
        "(CASE WHEN \"themes_mask\" = 0 THEN {} WHEN {shared} = 0 THEN {} \
         WHEN ({shared} & ({shared} - 1)) = 0 THEN {} ELSE {} END)",
        theme_points_of(1, 0, 0),
        theme_points_of(1, 1, 0),
        theme_points_of(1, 1, 1),
        theme_points_of(2, 2, 2),
    )
}

/// The points of an offer whose distance points are fixed (remote or not located), as SQL over
/// its `themes_mask` and `remote` columns: the database ranks these offers as the domain would.
/// Room left is left out (the same for every offer in the first pass).
fn fixed_points_sql(youth_mask: i32) -> String {
    format!(
        "({} + CASE WHEN \"remote\" THEN {} ELSE {} END)",
        theme_points_sql(youth_mask),
        fixed_distance_points(true),
        fixed_distance_points(false)
    )
}

/// The points of a located offer (neither remote nor at cell 0) for a located young person,
/// room left aside, as PostgreSQL SQL over its `themes_mask`, `lat` and `lon` columns: the
/// domain's haversine distance (`GeoPoint::distance_km`) and distance points
/// (`domain::offers::distance_points`) written operation for operation, so that the database
/// ranks these offers as the domain would (tested against it in `tests/storage.rs`). `home`,
/// `reach_km` and `youth_mask` (themes) are the young person's.
#[doc(hidden)]
pub fn located_points_sql(home: GeoPoint, reach_km: f64, youth_mask: i32) -> String {
    // Reals written in full (`{:?}` round-trips) and typed, so that none is read as a decimal.
    let real = |x: f64| format!("CAST('{x:?}' AS double precision)");
    let home_lat = home.lat.to_radians();
    // `powi(2)` is a product: repeated rather than `power`, which may round differently.
    let half_d_lat = format!("sin((radians(\"lat\") - {}) / 2.0)", real(home_lat));
    let half_d_lon = format!("sin(radians(\"lon\" - {}) / 2.0)", real(home.lon));
    let distance = format!(
        "({two_r} * asin(sqrt({half_d_lat} * {half_d_lat} \
         + {cos_home} * cos(radians(\"lat\")) * ({half_d_lon} * {half_d_lon}))))",
        two_r = real(2.0 * domain::offers::EARTH_RADIUS_KM),
        cos_home = real(home_lat.cos()),
    );
    let max = f64::from(domain::offers::DISTANCE_POINTS);
    format!(
        "({themes} + floor(greatest({zero}, {max} - {half} * {distance} / {reach}) + 0.5)::int)",
        themes = theme_points_sql(youth_mask),
        zero = real(0.0),
        max = real(max),
        half = real(max / 2.0),
        reach = real(reach_km.max(1.0)),
    )
}

/// Keeps the `n` best of the first pass (most points, then smallest id), best first, without
/// sorting the thousands left behind.
fn keep_best(scored: &mut Vec<(u32, Uuid)>, n: usize) {
    let order = |a: &(u32, Uuid), b: &(u32, Uuid)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > n && n > 0 {
        scored.select_nth_unstable_by(n - 1, order);
        scored.truncate(n);
    }
    scored.sort_unstable_by(order);
}

/// The same day `years` years before (28 February for 29 February).
fn years_before(day: NaiveDate, years: i32) -> NaiveDate {
    let year = day.year() - years;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_database_scores_fixed_distance_offers_as_the_domain_does() {
        use sea_orm::{ConnectionTrait, Statement};
        let db = crate::Db::in_memory().await;
        let conn = db.conn();
        let all = (1_i32 << Theme::ALL.len()) - 1;
        for youth_mask in [0, 0b1, 0b110, all] {
            let youth = YouthSide {
                themes: of_mask(Theme::ALL, youth_mask),
                ..YouthSide::default()
            };
            let sql = fixed_points_sql(youth_mask);
            for offer_mask in 0..=all {
                for remote in [false, true] {
                    let offer = OfferSide {
                        themes: of_mask(Theme::ALL, offer_mask),
                        remote,
                        ..OfferSide::default()
                    };
                    let row = conn
                        .query_one_raw(Statement::from_string(
                            conn.get_database_backend(),
                            format!(
                                "SELECT {sql} AS p FROM (SELECT {offer_mask} AS \"themes_mask\", {} AS \"remote\") AS t",
                                i32::from(remote)
                            ),
                        ))
                        .await
                        .expect("query")
                        .expect("row");
                    let in_sql: i64 = row.try_get("", "p").expect("points");
                    assert_eq!(
                        in_sql + i64::from(domain::offers::ROOM_POINTS),
                        i64::from(points(&youth, &offer)),
                        "youth {youth_mask:b}, offer {offer_mask:b}, remote {remote}"
                    );
                }
            }
        }
    }

    #[test]
    fn keep_best_keeps_the_most_points_then_the_smallest_ids() {
        let id = Uuid::from_u128;
        let mut scored: Vec<(u32, Uuid)> =
            (0..100u32).map(|i| (i % 7, id(u128::from(i)))).collect();
        keep_best(&mut scored, 5);
        // 6 points: ids 6, 13, 20, 27, 34…: the five smallest.
        let expected: Vec<(u32, Uuid)> = [6, 13, 20, 27, 34].map(|i| (6, id(i))).to_vec();
        assert_eq!(scored, expected);
        let mut few = vec![(1, id(2)), (3, id(1))];
        keep_best(&mut few, 5);
        assert_eq!(few, vec![(3, id(1)), (1, id(2))]);
    }

    #[test]
    fn years_before_keeps_the_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(years_before(d(2026, 11, 23), 18), d(2008, 11, 23));
        assert_eq!(years_before(d(2028, 2, 29), 1), d(2027, 2, 28));
        // Born on 2008-11-23: 18 today; born the day after: 17.
        assert_eq!(
            age_on(years_before(d(2026, 11, 23), 18), d(2026, 11, 23)),
            18
        );
    }
}
