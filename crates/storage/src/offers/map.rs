//! Partners and offers around a point (C9, C10), nearest first.

use domain::StructureId;
use domain::dto::{MapLayer, MapPoint, PartnerKind};
use domain::offers::{ContractType, GeoPoint, OfferKind, OfferStatus, PartnerStatus, ServiceType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::StorageResult;
use crate::entities::{offer, partner};
use crate::partners::point_of;

/// Most points on a map.
pub const MAX_POINTS: usize = 300;

/// The active partners and open offers of a Mission Locale within `radius_km` of `center`.
pub async fn around(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    center: GeoPoint,
    radius_km: f64,
) -> StorageResult<Vec<MapPoint>> {
    let bbox = center.bounding_box(radius_km);
    let partners = partner::Entity::find()
        .filter(partner::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(partner::Column::Status.eq(PartnerStatus::Actif.code()))
        .filter(partner::Column::Lat.between(bbox.south, bbox.north))
        .filter(partner::Column::Lon.between(bbox.west, bbox.east))
        .all(conn)
        .await?;
    let offers = offer::Entity::find()
        .filter(offer::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(offer::Column::Status.eq(OfferStatus::Ouverte.code()))
        .filter(offer::Column::Lat.between(bbox.south, bbox.north))
        .filter(offer::Column::Lon.between(bbox.west, bbox.east))
        .all(conn)
        .await?;
    let mut points: Vec<MapPoint> = Vec::new();
    for p in partners {
        let Some(point) = point_of(p.lat, p.lon) else {
            continue;
        };
        points.push(MapPoint {
            layer: MapLayer::Partenaire,
            id: p.id,
            detail: PartnerKind::parse(&p.kind)
                .map(|k| k.label().to_owned())
                .unwrap_or_default(),
            name: p.name,
            point,
            distance_km: center.distance_km(&point),
        });
    }
    for o in offers {
        let Some(point) = point_of(o.lat, o.lon) else {
            continue;
        };
        let kind = OfferKind::from_code(&o.kind).unwrap_or(OfferKind::Service);
        let detail = match kind {
            OfferKind::Emploi => o
                .contract_type
                .as_deref()
                .and_then(ContractType::from_code)
                .map(|c| format!("Offre d'emploi · {}", c.label()))
                .unwrap_or_else(|| "Offre d'emploi".to_owned()),
            OfferKind::Service => o
                .service_type
                .as_deref()
                .and_then(ServiceType::from_code)
                .map(|t| format!("Offre de service · {}", t.label()))
                .unwrap_or_else(|| "Offre de service".to_owned()),
        };
        points.push(MapPoint {
            layer: match kind {
                OfferKind::Emploi => MapLayer::Emploi,
                OfferKind::Service => MapLayer::Service,
            },
            id: o.id,
            name: o.title,
            detail,
            point,
            distance_km: center.distance_km(&point),
        });
    }
    points.retain(|p| p.distance_km <= radius_km);
    points.sort_by(|a, b| a.distance_km.total_cmp(&b.distance_km));
    points.truncate(MAX_POINTS);
    Ok(points)
}
