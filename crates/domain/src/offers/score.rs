//! The match between a young person and an offer (A6, B20, B24, F3), the same both ways: hard
//! eligibility first (an offer whose conditions are not met is never suggested), then a score
//! out of 100 that explains itself line by line:
//!
//! - **themes** (up to 50): the offer's themes against the needs of the file and the open
//!   requests and urgencies of the diagnostic;
//! - **distance** (up to 40): the distance from home against the young person's daily reach
//!   (licence, vehicle); an offer followed remotely is never too far;
//! - **room** (up to 10): places left, so that when several partners offer the same service
//!   the one with room comes first.

use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use super::offer::{Eligibility, EligibilityFacts, Unmet};
use crate::accompaniment::{DiagnosticContent, Theme, UrgencyLevel};
use crate::file::lists::NeedTheme;

/// Points for the themes.
pub const THEME_POINTS: u32 = 50;
/// Points for the distance.
pub const DISTANCE_POINTS: u32 = 40;
/// Points for the room left.
pub const ROOM_POINTS: u32 = 10;

/// What the match looks at on the young person's side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YouthSide {
    /// Age, schemes, level, commune.
    pub facts: EligibilityFacts,
    /// Where they live, if located.
    pub home: Option<GeoPoint>,
    /// How far they can travel each day, in kilometres.
    pub reach_km: f64,
    /// The themes of their needs.
    pub themes: Vec<Theme>,
}

/// What the match looks at on the offer's side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OfferSide {
    /// The hard conditions.
    pub eligibility: Eligibility,
    /// The offer's themes.
    pub themes: Vec<Theme>,
    /// Where it takes place, if located.
    pub place: Option<GeoPoint>,
    /// Followed remotely: distance does not matter.
    pub remote: bool,
    /// Places left (`None`: no limit).
    pub places_left: Option<i64>,
}

/// One line of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreLine {
    /// `themes`, `distance` or `room`.
    pub part: String,
    /// Points earned.
    pub points: u32,
    /// Points possible.
    pub out_of: u32,
    /// Why, in French.
    pub reason: String,
}

/// The result of a match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchScore {
    /// Every hard condition met.
    pub eligible: bool,
    /// The conditions not met (empty when eligible).
    pub unmet: Vec<Unmet>,
    /// Out of 100 (0 when not eligible).
    pub score: u32,
    /// How the score was made.
    pub lines: Vec<ScoreLine>,
    /// Kilometres between home and the offer, when both are located.
    pub distance_km: Option<f64>,
}

/// The themes of a young person's needs: the needs ticked at reception, and in the latest
/// diagnostic the themes with an open request or an urgency.
pub fn youth_themes(needs: &[NeedTheme], diagnostic: Option<&DiagnosticContent>) -> Vec<Theme> {
    let mut themes: Vec<Theme> = needs
        .iter()
        .flat_map(|n| need_themes(*n))
        .copied()
        .collect();
    if let Some(diagnostic) = diagnostic {
        for assessment in &diagnostic.themes {
            let Some(theme) = assessment.theme else {
                continue;
            };
            if assessment.urgency != UrgencyLevel::Aucune {
                themes.push(theme);
            }
            themes.extend(
                assessment
                    .demands
                    .iter()
                    .filter(|d| d.status.is_open())
                    .map(|d| d.category.theme()),
            );
        }
    }
    themes.sort();
    themes.dedup();
    themes
}

fn need_themes(need: NeedTheme) -> &'static [Theme] {
    match need {
        NeedTheme::Emploi => &[Theme::Emploi],
        NeedTheme::Formation | NeedTheme::ProjetProfessionnel => &[Theme::Formation],
        NeedTheme::Alternance => &[Theme::Emploi, Theme::Formation],
        NeedTheme::Logement => &[Theme::Logement],
        NeedTheme::Sante => &[Theme::Sante],
        NeedTheme::Mobilite => &[Theme::Mobilite],
        NeedTheme::Ressources | NeedTheme::AccesDroits => &[Theme::VieCitoyenne],
        NeedTheme::CitoyenneteLoisirs => &[Theme::LoisirsSportCulture],
    }
}

fn theme_points(youth: &[Theme], offer: &[Theme]) -> u32 {
    let shared = offer.iter().filter(|t| youth.contains(t)).count();
    theme_points_of(youth.len(), offer.len(), shared)
}

/// Theme points from how many themes the young person's needs and the offer have, and how many
/// they share.
pub fn theme_points_of(youth_themes: usize, offer_themes: usize, shared: usize) -> u32 {
    let shared = u32::try_from(shared).unwrap_or(u32::MAX);
    if youth_themes == 0 || offer_themes == 0 {
        THEME_POINTS / 4
    } else if shared == 0 {
        0
    } else {
        35_u32
            .saturating_add(15_u32.saturating_mul(shared - 1))
            .min(THEME_POINTS)
    }
}

/// Distance points that do not depend on where anyone is: a remote offer gets them all, an
/// offer or a young person not located a quarter.
pub fn fixed_distance_points(remote: bool) -> u32 {
    if remote {
        DISTANCE_POINTS
    } else {
        DISTANCE_POINTS / 4
    }
}

/// Distance points for `d` km against a daily reach: all of them at the door, half at the edge
/// of the reach, none from twice the reach (a straight line, rounded to the nearest point).
/// Written so that SQL can repeat it operation for operation (`storage`'s ranking on
/// PostgreSQL): one expression, `d` once, rounding as `floor(x + 0.5)`.
pub fn distance_points(d: f64, reach_km: f64) -> u32 {
    let max = f64::from(DISTANCE_POINTS);
    let points = (max - (max / 2.0) * d / reach_km.max(1.0)).max(0.0);
    (points + 0.5).floor() as u32
}

/// The score of an offer whose hard conditions are already known to be met, without the
/// explanation: what a first pass over many candidates needs. Equal to [`score`]'s total.
pub fn points(youth: &YouthSide, offer: &OfferSide) -> u32 {
    let distance = match (youth.home, offer.place) {
        (Some(home), Some(place)) if !offer.remote => {
            distance_points(home.distance_km(&place), youth.reach_km)
        }
        _ => fixed_distance_points(offer.remote),
    };
    let room = if offer.places_left == Some(0) {
        0
    } else {
        ROOM_POINTS
    };
    theme_points(&youth.themes, &offer.themes) + distance + room
}

fn theme_line(youth: &[Theme], offer: &[Theme]) -> ScoreLine {
    let shared: Vec<&str> = offer
        .iter()
        .filter(|t| youth.contains(t))
        .map(|t| t.label())
        .collect();
    let (points, reason) = if youth.is_empty() {
        (
            THEME_POINTS / 4,
            "Besoins du jeune non renseignés (diagnostic à compléter).".to_owned(),
        )
    } else if offer.is_empty() {
        (
            THEME_POINTS / 4,
            "L'offre ne précise pas de thème.".to_owned(),
        )
    } else if shared.is_empty() {
        (
            0,
            "Aucun thème en commun avec les besoins du jeune.".to_owned(),
        )
    } else {
        (
            theme_points(youth, offer),
            format!("Répond à ses besoins : {}.", shared.join(", ")),
        )
    };
    ScoreLine {
        part: "themes".into(),
        points,
        out_of: THEME_POINTS,
        reason,
    }
}

fn distance_line(youth: &YouthSide, offer: &OfferSide) -> (ScoreLine, Option<f64>) {
    let line = |points: u32, reason: String| ScoreLine {
        part: "distance".into(),
        points,
        out_of: DISTANCE_POINTS,
        reason,
    };
    let distance = match (youth.home, offer.place) {
        (Some(home), Some(place)) => Some(home.distance_km(&place)),
        _ => None,
    };
    if offer.remote {
        return (
            line(DISTANCE_POINTS, "Se suit à distance.".into()),
            distance,
        );
    }
    let Some(d) = distance else {
        let reason = if youth.home.is_none() {
            "Distance inconnue : adresse du jeune non localisée."
        } else {
            "Distance inconnue : lieu de l'offre non localisé."
        };
        return (line(DISTANCE_POINTS / 4, reason.into()), None);
    };
    let reach = youth.reach_km.max(1.0);
    let km = format!("{d:.1}").replace('.', ",");
    let reason = if d <= reach {
        format!("{km} km, à sa portée (jusqu'à {reach:.0} km par jour).")
    } else if d <= 2.0 * reach {
        format!("{km} km, au-delà de sa portée habituelle ({reach:.0} km).")
    } else {
        format!("{km} km, trop loin pour un trajet quotidien.")
    };
    (line(distance_points(d, youth.reach_km), reason), Some(d))
}

fn room_line(places_left: Option<i64>) -> ScoreLine {
    let (points, reason) = match places_left {
        None => (ROOM_POINTS, "Pas de limite de places.".to_owned()),
        Some(0) => (0, "Complet : liste d'attente.".to_owned()),
        Some(1) => (ROOM_POINTS, "1 place disponible.".to_owned()),
        Some(n) => (ROOM_POINTS, format!("{n} places disponibles.")),
    };
    ScoreLine {
        part: "room".into(),
        points,
        out_of: ROOM_POINTS,
        reason,
    }
}

/// Matches a young person and an offer.
pub fn score(youth: &YouthSide, offer: &OfferSide) -> MatchScore {
    let unmet = offer.eligibility.unmet(&youth.facts);
    let (distance, distance_km) = distance_line(youth, offer);
    if !unmet.is_empty() {
        return MatchScore {
            eligible: false,
            unmet,
            score: 0,
            lines: Vec::new(),
            distance_km,
        };
    }
    let lines = vec![
        theme_line(&youth.themes, &offer.themes),
        distance,
        room_line(offer.places_left),
    ];
    MatchScore {
        eligible: true,
        unmet,
        score: lines.iter().map(|l| l.points).sum(),
        lines,
        distance_km,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accompaniment::{Demand, DemandCategory, DemandStatus, Scheme, ThemeAssessment};
    use crate::file::lists::EducationLevel;

    const LILLE: GeoPoint = GeoPoint {
        lat: 50.6292,
        lon: 3.0573,
    };
    const ROUBAIX: GeoPoint = GeoPoint {
        lat: 50.6942,
        lon: 3.1746,
    };
    const ARRAS: GeoPoint = GeoPoint {
        lat: 50.2910,
        lon: 2.7775,
    };

    fn youth() -> YouthSide {
        YouthSide {
            facts: EligibilityFacts {
                age: 19,
                schemes: vec![Scheme::Cej],
                level: Some(EducationLevel::Niveau3),
                commune: Some("59512".into()),
            },
            home: Some(ROUBAIX),
            reach_km: 12.0,
            themes: vec![Theme::Emploi, Theme::Mobilite],
        }
    }

    fn offer(place: GeoPoint) -> OfferSide {
        OfferSide {
            eligibility: Eligibility::default(),
            themes: vec![Theme::Emploi],
            place: Some(place),
            remote: false,
            places_left: Some(3),
        }
    }

    #[test]
    fn a_near_offer_on_their_needs_scores_high_and_says_why() {
        let m = score(&youth(), &offer(LILLE));
        assert!(m.eligible);
        assert_eq!(m.lines.len(), 3);
        assert_eq!(m.lines[0].points, 35);
        assert!(m.lines[0].reason.contains("Emploi"));
        // 11 km for a 12 km reach: inside, but not next door.
        assert!(m.lines[1].points > 20 && m.lines[1].points < 40, "{m:?}");
        assert!(m.lines[1].reason.contains("à sa portée"));
        assert!(
            m.lines[1].reason.starts_with("11,0 km"),
            "{}",
            m.lines[1].reason
        );
        assert_eq!(m.lines[2].points, 10);
        assert_eq!(m.score, m.lines.iter().map(|l| l.points).sum::<u32>());
        assert!((m.distance_km.unwrap() - 10.9).abs() < 0.3);
    }

    #[test]
    fn distance_points_fall_in_a_straight_line_to_none_at_twice_the_reach() {
        assert_eq!(distance_points(0.0, 10.0), 40);
        assert_eq!(distance_points(5.0, 10.0), 30);
        assert_eq!(distance_points(10.0, 10.0), 20);
        assert_eq!(distance_points(15.0, 10.0), 10);
        assert_eq!(distance_points(20.0, 10.0), 0);
        assert_eq!(distance_points(35.0, 10.0), 0);
        // Rounded to the nearest point, halves up: 40 − 20 × 0.575 = 28.5.
        assert_eq!(distance_points(5.75, 10.0), 29);
        assert_eq!(distance_points(5.7, 10.0), 29);
        assert_eq!(distance_points(5.8, 10.0), 28);
        // A reach under a kilometre counts as one.
        assert_eq!(distance_points(1.0, 0.2), 20);
    }

    #[test]
    fn distance_lowers_the_score_until_out_of_reach() {
        let next_door = score(&youth(), &offer(ROUBAIX));
        let lille = score(&youth(), &offer(LILLE));
        let arras = score(&youth(), &offer(ARRAS));
        assert_eq!(next_door.lines[1].points, 40);
        assert!(next_door.score > lille.score && lille.score > arras.score);
        assert_eq!(arras.lines[1].points, 0);
        assert!(arras.lines[1].reason.contains("trop loin"));
        // With a car and a licence, Arras (~48 km) is within twice the reach.
        let driver = YouthSide {
            reach_km: 40.0,
            ..youth()
        };
        assert!(score(&driver, &offer(ARRAS)).lines[1].points > 0);
        // Remote offers are never too far.
        let remote = OfferSide {
            remote: true,
            ..offer(ARRAS)
        };
        assert_eq!(score(&youth(), &remote).lines[1].points, 40);
    }

    #[test]
    fn the_quick_points_equal_the_explained_score() {
        for place in [LILLE, ROUBAIX, ARRAS] {
            for remote in [false, true] {
                for places_left in [None, Some(0), Some(2)] {
                    for youth in [
                        youth(),
                        YouthSide {
                            home: None,
                            themes: vec![],
                            ..youth()
                        },
                    ] {
                        let offer = OfferSide {
                            remote,
                            places_left,
                            ..offer(place)
                        };
                        assert_eq!(points(&youth, &offer), score(&youth, &offer).score);
                    }
                }
            }
        }
    }

    #[test]
    fn the_offer_with_room_comes_first() {
        let full = OfferSide {
            places_left: Some(0),
            ..offer(LILLE)
        };
        assert!(score(&youth(), &offer(LILLE)).score > score(&youth(), &full).score);
        assert!(score(&youth(), &full).lines[2].reason.contains("Complet"));
    }

    #[test]
    fn ineligible_offers_score_nothing_and_say_why() {
        let adults = OfferSide {
            eligibility: Eligibility {
                age_min: Some(21),
                ..Default::default()
            },
            ..offer(LILLE)
        };
        let m = score(&youth(), &adults);
        assert!(!m.eligible);
        assert_eq!(m.score, 0);
        assert!(m.lines.is_empty());
        assert_eq!(m.unmet[0].criterion, "age");
    }

    #[test]
    fn themes_shared_and_unknown() {
        let housing = OfferSide {
            themes: vec![Theme::Logement],
            ..offer(LILLE)
        };
        assert_eq!(score(&youth(), &housing).lines[0].points, 0);
        let both = OfferSide {
            themes: vec![Theme::Emploi, Theme::Mobilite],
            ..offer(LILLE)
        };
        assert_eq!(score(&youth(), &both).lines[0].points, 50);
        let unknown = YouthSide {
            themes: vec![],
            ..youth()
        };
        assert_eq!(score(&unknown, &offer(LILLE)).lines[0].points, 12);
        let not_located = YouthSide {
            home: None,
            ..youth()
        };
        let m = score(&not_located, &offer(LILLE));
        assert_eq!(m.lines[1].points, 10);
        assert!(m.distance_km.is_none());
    }

    #[test]
    fn themes_come_from_needs_and_the_diagnostic() {
        let diagnostic = DiagnosticContent {
            themes: vec![
                ThemeAssessment {
                    theme: Some(Theme::Logement),
                    urgency: UrgencyLevel::Urgente,
                    ..Default::default()
                },
                ThemeAssessment {
                    theme: Some(Theme::Emploi),
                    demands: vec![Demand {
                        category: DemandCategory::FormationQualifiante,
                        detail: String::new(),
                        status: DemandStatus::EnCours,
                    }],
                    ..Default::default()
                },
                ThemeAssessment {
                    theme: Some(Theme::Sante),
                    demands: vec![Demand {
                        category: DemandCategory::RechercheEmploi,
                        detail: String::new(),
                        status: DemandStatus::Satisfaite,
                    }],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            youth_themes(&[NeedTheme::Ressources], Some(&diagnostic)),
            [Theme::Formation, Theme::Logement, Theme::VieCitoyenne]
        );
        assert_eq!(
            youth_themes(&[NeedTheme::Alternance], None),
            [Theme::Emploi, Theme::Formation]
        );
    }
}
