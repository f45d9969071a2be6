//! Points on the map and distances.
//!
//! A point is "on the map" when it lies in metropolitan France or in one of the overseas
//! départements and collectivities where Missions Locales work: a coordinate typed the wrong
//! way round (longitude for latitude) or a point in the ocean is refused with a message the
//! user can act on.

use serde::{Deserialize, Serialize};

use crate::accompaniment::field_error;
use crate::error::FieldError;
use crate::file::lists::{Licence, Vehicle};

/// The Earth's mean radius (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A WGS 84 point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    /// Latitude in degrees (north positive).
    pub lat: f64,
    /// Longitude in degrees (east positive).
    pub lon: f64,
}

/// The areas where a point may lie: (south, north, west, east), in degrees.
const AREAS: [(f64, f64, f64, f64); 8] = [
    (41.2, 51.2, -5.3, 9.7),       // metropolitan France and Corsica
    (15.8, 16.6, -61.9, -60.9),    // Guadeloupe
    (14.3, 14.95, -61.3, -60.75),  // Martinique
    (2.0, 6.0, -54.7, -51.5),      // Guyane
    (-21.45, -20.8, 55.1, 55.9),   // La Réunion
    (-13.1, -12.5, 44.9, 45.4),    // Mayotte
    (46.7, 47.2, -56.5, -56.1),    // Saint-Pierre-et-Miquelon
    (17.85, 18.15, -63.2, -62.75), // Saint-Martin, Saint-Barthélemy
];

impl GeoPoint {
    /// Checks a point typed or received, reporting errors under `field`.
    pub fn check(lat: f64, lon: f64, field: &str) -> Result<Self, FieldError> {
        if !lat.is_finite() || !lon.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(field_error(
                field,
                "invalid_coordinates",
                "Coordonnées invalides : la latitude va de -90 à 90 et la longitude de -180 à 180.",
            ));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(field_error(
                field,
                "invalid_coordinates",
                "Coordonnées invalides : la latitude va de -90 à 90 et la longitude de -180 à 180.",
            ));
        }
        let point = Self { lat, lon };
        if point.is_in_france() {
            Ok(point)
        } else {
            Err(field_error(
                field,
                "off_the_map",
                "Ce point est hors du territoire (France métropolitaine et outre-mer) : \
                 vérifiez la latitude et la longitude, elles sont peut-être inversées.",
            ))
        }
    }

    /// Whether the point lies in one of the areas where Missions Locales work.
    pub fn is_in_france(&self) -> bool {
        AREAS.iter().any(|&(south, north, west, east)| {
            (south..=north).contains(&self.lat) && (west..=east).contains(&self.lon)
        })
    }

    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let (half_d_lat, half_d_lon) = ((d_lat / 2.0).sin(), (d_lon / 2.0).sin());
        // Products rather than `powi`, as `storage` repeats it in SQL (`located_points_sql`).
        let a = half_d_lat * half_d_lat + lat1.cos() * lat2.cos() * (half_d_lon * half_d_lon);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }

    /// The latitude and longitude bounds of the points within `km` (for a pre-filter in SQL;
    /// the exact distance is computed afterwards).
    pub fn bounding_box(&self, km: f64) -> BoundingBox {
        let d_lat = (km / EARTH_RADIUS_KM).to_degrees();
        let cos = self.lat.to_radians().cos().max(0.01);
        let d_lon = d_lat / cos;
        BoundingBox {
            south: self.lat - d_lat,
            north: self.lat + d_lat,
            west: self.lon - d_lon,
            east: self.lon + d_lon,
        }
    }
}

/// The cell of the tenth-of-a-degree grid a point lies in (about 11 km × 7 km in France), as
/// stored beside a point so that the points near another are found through an index.
pub fn grid_cell(point: &GeoPoint) -> i32 {
    let row = (point.lat * 10.0).floor() as i32 + 900;
    let column = (point.lon * 10.0).floor() as i32 + 1800;
    row * 4000 + column
}

impl BoundingBox {
    /// The grid cells that cover the box.
    pub fn grid_cells(&self) -> Vec<i32> {
        let south = GeoPoint {
            lat: self.south,
            lon: self.west,
        };
        let north = GeoPoint {
            lat: self.north,
            lon: self.east,
        };
        let (first, last) = (grid_cell(&south), grid_cell(&north));
        let (row_a, row_b) = (first / 4000, last / 4000);
        let (col_a, col_b) = (first % 4000, last % 4000);
        (row_a..=row_b)
            .flat_map(|row| (col_a..=col_b).map(move |col| row * 4000 + col))
            .collect()
    }

    /// The same cells as ranges (first and last, inclusive), one per row of the grid: what an
    /// index on the cell scans, a range at a time.
    pub fn grid_ranges(&self) -> Vec<(i32, i32)> {
        let cells = self.grid_cells();
        let mut ranges: Vec<(i32, i32)> = Vec::new();
        for cell in cells {
            match ranges.last_mut() {
                Some((_, last)) if *last + 1 == cell => *last = cell,
                _ => ranges.push((cell, cell)),
            }
        }
        ranges
    }
}

/// Latitude and longitude bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundingBox {
    /// Southmost latitude.
    pub south: f64,
    /// Northmost latitude.
    pub north: f64,
    /// Westmost longitude.
    pub west: f64,
    /// Eastmost longitude.
    pub east: f64,
}

/// How far a young person can reasonably travel each day, in kilometres, from what the file
/// says of their licence and vehicle. Public transport is the floor.
pub fn daily_reach_km(licence: Option<Licence>, vehicle: Option<Vehicle>) -> f64 {
    let licence_b = licence == Some(Licence::PermisB);
    match vehicle {
        Some(Vehicle::Voiture) if licence_b => 40.0,
        Some(Vehicle::DeuxRoues) => 25.0,
        Some(Vehicle::Voiture) => 15.0,
        Some(Vehicle::Velo) => 12.0,
        _ => 10.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    #[test]
    fn grid_ranges_cover_the_same_cells_a_row_at_a_time() {
        let roubaix = p(50.6942, 3.1746);
        let bbox = roubaix.bounding_box(20.0);
        let ranges = bbox.grid_ranges();
        let cells = bbox.grid_cells();
        let expanded: Vec<i32> = ranges.iter().flat_map(|&(a, b)| a..=b).collect();
        assert_eq!(expanded, cells);
        // One range per tenth of a degree of latitude: 40 km is four or five rows.
        assert!((4..=5).contains(&ranges.len()), "{ranges:?}");
        assert!(
            ranges
                .iter()
                .all(|(a, b)| b - a == ranges[0].1 - ranges[0].0)
        );
    }

    #[test]
    fn distance_between_known_cities() {
        let lille = p(50.6292, 3.0573);
        let roubaix = p(50.6942, 3.1746);
        let paris = p(48.8566, 2.3522);
        let d = lille.distance_km(&roubaix);
        assert!((d - 10.9).abs() < 0.3, "Lille–Roubaix {d}");
        let d = lille.distance_km(&paris);
        assert!((d - 204.0).abs() < 2.0, "Lille–Paris {d}");
        assert_eq!(paris.distance_km(&paris), 0.0);
        assert!((paris.distance_km(&lille) - lille.distance_km(&paris)).abs() < 1e-9);
    }

    #[test]
    fn points_off_the_map_are_refused() {
        assert!(GeoPoint::check(50.63, 3.06, "lieu").is_ok());
        assert!(GeoPoint::check(-20.88, 55.45, "lieu").is_ok(), "La Réunion");
        assert!(GeoPoint::check(4.93, -52.33, "lieu").is_ok(), "Cayenne");
        // Latitude and longitude swapped: in the Gulf of Guinea.
        let swapped = GeoPoint::check(3.06, 50.63, "lieu").unwrap_err();
        assert_eq!(swapped.code, "off_the_map");
        assert_eq!(swapped.field, "lieu");
        assert_eq!(
            GeoPoint::check(91.0, 3.0, "lieu").unwrap_err().code,
            "invalid_coordinates"
        );
        assert_eq!(
            GeoPoint::check(45.0, 181.0, "lieu").unwrap_err().code,
            "invalid_coordinates"
        );
        assert_eq!(
            GeoPoint::check(f64::NAN, 3.0, "lieu").unwrap_err().code,
            "invalid_coordinates"
        );
        // Madrid is not a Mission Locale's territory.
        assert!(GeoPoint::check(40.42, -3.70, "lieu").is_err());
    }

    #[test]
    fn the_bounding_box_holds_the_circle() {
        let lille = p(50.6292, 3.0573);
        let bbox = lille.bounding_box(20.0);
        for (lat, lon) in [(bbox.north, lille.lon), (lille.lat, bbox.east)] {
            let d = lille.distance_km(&p(lat, lon));
            assert!((d - 20.0).abs() < 0.1, "edge at {d} km");
        }
    }

    #[test]
    fn the_grid_cells_of_a_box_hold_its_points() {
        let lille = p(50.6292, 3.0573);
        let bbox = lille.bounding_box(20.0);
        let cells = bbox.grid_cells();
        for (lat, lon) in [
            (bbox.south, bbox.west),
            (bbox.north, bbox.east),
            (50.63, 3.06),
            (bbox.south + 0.01, bbox.east - 0.01),
        ] {
            assert!(cells.contains(&grid_cell(&p(lat, lon))), "{lat} {lon}");
        }
        assert!(
            !cells.contains(&grid_cell(&p(48.85, 2.35))),
            "Paris is not near Lille"
        );
        // About 20 cells for a 40 km box.
        assert!((12..=40).contains(&cells.len()), "{}", cells.len());
        assert_ne!(grid_cell(&p(-20.9, 55.5)), grid_cell(&p(20.9, 55.5)));
        assert!(
            grid_cell(&p(-20.9, -61.5)) > 0,
            "cell 0 stays free for 'anywhere'"
        );
    }

    #[test]
    fn reach_grows_with_means_of_transport() {
        assert_eq!(daily_reach_km(None, None), 10.0);
        assert_eq!(
            daily_reach_km(Some(Licence::PermisB), Some(Vehicle::Voiture)),
            40.0
        );
        assert!(
            daily_reach_km(Some(Licence::CodeEnCours), Some(Vehicle::Voiture))
                < daily_reach_km(Some(Licence::PermisB), Some(Vehicle::Voiture))
        );
        assert!(daily_reach_km(None, Some(Vehicle::Velo)) > daily_reach_km(None, None));
    }
}
