//! `/conseiller/carte?jeune={id}`, `?site={id}` or `?partenaire={id}`, with `&rayon={km}`: the
//! partners and offers around a young person's home, a site or a partner (C9, C10), drawn as an
//! SVG (no map library): an equirectangular projection around the centre, a circle for the radius and one for the young
//! person's daily reach, a shape and a colour per layer, each point a link with its title.
//! Tiles go under it only when the server names a tile server. Beside it, a table says the
//! same for screen readers and small screens.

use std::f64::consts::PI;
use std::fmt::Write as _;
use std::sync::Arc;

use domain::dto::SiteView;
use domain::{PartnerId, SiteId, YouthId};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Value;

use super::super::accompaniment::json::{f, list, n, s};
use super::super::accompaniment::ui::{el, r, t};
use super::super::accompaniment::{Ctx, Data, Part, load, loaded, mount};
use super::super::agenda::staff_ctx;
use super::super::html::{self, Errors, Field, Loaded, Values, one};
use super::{Go, go_to, navigation};
use crate::api;
use crate::components::offers::km;

/// The drawing's size, in SVG units.
const W: f64 = 640.0;
const H: f64 = 480.0;
/// Kilometres per degree of latitude.
const KM_PER_DEG: f64 = 111.2;
/// The radii offered.
const RADII: [u32; 6] = [5, 10, 20, 30, 50, 100];

/// Where the map is centred, from the address.
#[derive(Clone, Copy, PartialEq)]
enum Centre {
    Youth(YouthId),
    Site(SiteId),
    Partner(PartnerId),
    None,
}

/// What a point is: a partner, a service offer, a job offer (`MapLayer`).
#[derive(Clone, Copy, PartialEq)]
enum MapLayer {
    Partenaire,
    Service,
    Emploi,
}

impl MapLayer {
    fn of(code: &str) -> Self {
        match code {
            "service" => Self::Service,
            "emploi" => Self::Emploi,
            _ => Self::Partenaire,
        }
    }
}

/// A point's latitude and longitude (a `GeoPoint`).
fn lat_lon(v: &Value) -> (f64, f64) {
    (
        f(v, "lat").as_f64().unwrap_or_default(),
        f(v, "lon").as_f64().unwrap_or_default(),
    )
}

/// The projection: kilometres around the centre, scaled to the drawing.
struct Projection {
    centre: (f64, f64),
    /// SVG units per kilometre.
    scale: f64,
    cos: f64,
}

impl Projection {
    fn new(centre: (f64, f64), extent_km: f64) -> Self {
        Self {
            centre,
            scale: (H / 2.0 - 16.0) / extent_km.max(0.5),
            cos: centre.0.to_radians().cos(),
        }
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        let dx = (lon - self.centre.1) * KM_PER_DEG * self.cos;
        let dy = (lat - self.centre.0) * KM_PER_DEG;
        (W / 2.0 + dx * self.scale, H / 2.0 - dy * self.scale)
    }

    /// The longitude and latitude of an SVG position.
    fn lon_lat(&self, x: f64, y: f64) -> (f64, f64) {
        let lon = self.centre.1 + (x - W / 2.0) / self.scale / (KM_PER_DEG * self.cos);
        let lat = self.centre.0 - (y - H / 2.0) / self.scale / KM_PER_DEG;
        (lon, lat)
    }
}

/// The slippy-map tile holding a point at zoom `z`.
fn tile_of(lon: f64, lat: f64, z: u32) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * n;
    let lat = lat.to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n;
    (x, y)
}

/// The north-west corner of tile (x, y) at zoom `z`, as (lon, lat).
fn tile_corner(x: f64, y: f64, z: u32) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let lon = x / n * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y / n)).sinh().atan().to_degrees();
    (lon, lat)
}

/// The tiles under the drawing, as `<image>`s (decorative).
fn tiles(out: &mut String, p: &Projection, url: &str) {
    // A tile pixel about an SVG unit: 156 543 m per pixel at zoom 0 on the equator.
    let metres_per_unit = 1000.0 / p.scale;
    let zoom = (156_543.03 * p.cos / metres_per_unit).log2().round();
    let z = zoom.clamp(1.0, 18.0) as u32;
    let (west, north) = p.lon_lat(0.0, 0.0);
    let (east, south) = p.lon_lat(W, H);
    let (x0, y0) = tile_of(west, north, z);
    let (x1, y1) = tile_of(east, south, z);
    let (x0, y0, x1, y1) = (x0.floor(), y0.floor(), x1.floor(), y1.floor());
    if (x1 - x0 + 1.0) * (y1 - y0 + 1.0) > 64.0 {
        return;
    }
    r(out, r#"<g aria-hidden="true">"#);
    let mut y = y0;
    while y <= y1 {
        let mut x = x0;
        while x <= x1 {
            let (lon_a, lat_a) = tile_corner(x, y, z);
            let (lon_b, lat_b) = tile_corner(x + 1.0, y + 1.0, z);
            let (ax, ay) = p.xy(lat_a, lon_a);
            let (bx, by) = p.xy(lat_b, lon_b);
            let href = url
                .replace("{z}", &z.to_string())
                .replace("{x}", &(x as u32).to_string())
                .replace("{y}", &(y as u32).to_string());
            r(out, r#"<image href=""#);
            t(out, &href);
            let _ = write!(
                out,
                r#"" x="{ax:.1}" y="{ay:.1}" width="{:.1}" height="{:.1}" preserveAspectRatio="none"/>"#,
                bx - ax,
                by - ay
            );
            x += 1.0;
        }
        y += 1.0;
    }
    r(out, "</g>");
}

/// A layer's name.
fn layer_label(layer: MapLayer) -> &'static str {
    match layer {
        MapLayer::Partenaire => "Partenaire",
        MapLayer::Service => "Offre de service",
        MapLayer::Emploi => "Offre d'emploi",
    }
}

/// A layer's shape at (x, y): a blue disc for partners, a green square for services, an
/// orange triangle for jobs (shape and colour: colour is never the only cue).
fn shape(out: &mut String, layer: MapLayer, x: f64, y: f64) {
    let _ = match layer {
        MapLayer::Partenaire => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="8" fill="#1f4e96" stroke="#fff" stroke-width="2"/>"##
        ),
        MapLayer::Service => write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="15" height="15" fill="#1e6b35" stroke="#fff" stroke-width="2"/>"##,
            x - 7.5,
            y - 7.5
        ),
        MapLayer::Emploi => write!(
            out,
            r##"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="#b34700" stroke="#fff" stroke-width="2"/>"##,
            y - 10.0,
            x + 9.0,
            y + 7.0,
            x - 9.0,
            y + 7.0
        ),
    };
}

/// Where a point leads.
fn href(layer: MapLayer, id: &str) -> String {
    match layer {
        MapLayer::Partenaire => format!("/conseiller/partenaires/{id}"),
        MapLayer::Service | MapLayer::Emploi => format!("/conseiller/offres/{id}"),
    }
}

/// The drawing, of a `MapView`.
fn svg(out: &mut String, m: &Value) {
    let radius = n(m, "radius_km") as f64;
    let reach = f(m, "reach_km").as_f64();
    let extent = reach.unwrap_or(0.0).max(radius);
    let p = Projection::new(lat_lon(f(m, "center")), extent);
    let _ = write!(
        out,
        r#"<figure class="map"><svg viewBox="0 0 {W} {H}" width="100%" role="group" aria-labelledby="carte-legende">"#
    );
    r(
        out,
        r##"<rect width="100%" height="100%" fill="#f5f7fa"/>"##,
    );
    let tile_url = s(m, "tile_url");
    if !tile_url.is_empty() {
        tiles(out, &p, tile_url);
    }
    let (cx, cy) = (W / 2.0, H / 2.0);
    let _ = write!(
        out,
        r##"<circle cx="{cx}" cy="{cy}" r="{:.1}" fill="none" stroke="#1f4e96" stroke-width="2" stroke-dasharray="8 6" aria-hidden="true"/>"##,
        radius * p.scale
    );
    if let Some(reach) = reach {
        let _ = write!(
            out,
            r##"<circle cx="{cx}" cy="{cy}" r="{:.1}" fill="#b34700" fill-opacity="0.08" stroke="#b34700" stroke-width="2" stroke-dasharray="2 4" aria-hidden="true"/>"##,
            reach * p.scale
        );
    }
    // The centre: a cross.
    let _ = write!(
        out,
        r##"<path d="M{} {cy} H{} M{cx} {} V{}" stroke="#1b1b1b" stroke-width="4" aria-hidden="true"/>"##,
        cx - 10.0,
        cx + 10.0,
        cy - 10.0,
        cy + 10.0
    );
    // Farthest first, so that the nearest are drawn on top; a point on another one moves
    // aside so that both stay visible.
    let mut drawn: Vec<(f64, f64)> = Vec::new();
    for point in list(m, "points").iter().rev() {
        let (lat, lon) = lat_lon(f(point, "point"));
        let (mut x, y) = p.xy(lat, lon);
        while drawn
            .iter()
            .any(|(a, b)| (a - x).abs() < 14.0 && (b - y).abs() < 14.0)
        {
            x += 16.0;
        }
        drawn.push((x, y));
        let layer = MapLayer::of(s(point, "layer"));
        r(out, r#"<a href=""#);
        t(out, &href(layer, s(point, "id")));
        r(out, r#""><title>"#);
        t(
            out,
            &format!(
                "{} — {} — {}, à {}",
                s(point, "name"),
                layer_label(layer),
                s(point, "detail"),
                km(f(point, "distance_km").as_f64().unwrap_or_default())
            ),
        );
        r(out, "</title>");
        shape(out, layer, x, y);
        r(out, "</a>");
    }
    r(out, "</svg>");
    legend(out, m);
    let attribution = s(m, "tile_attribution");
    if !tile_url.is_empty() && !attribution.is_empty() {
        el(
            out,
            r#"<p class="small">Fond de carte : "#,
            attribution,
            "</p>",
        );
    }
    r(out, "</figure>");
}

/// The legend: each shape with its meaning.
fn legend(out: &mut String, m: &Value) {
    let radius = n(m, "radius_km");
    r(out, r#"<figcaption id="carte-legende"><p>"#);
    let _ = write!(
        out,
        "Carte des partenaires et des offres dans un rayon de {radius} km autour de : "
    );
    t(out, s(m, "center_label").trim_end_matches('.'));
    r(out, r#".</p><ul class="legend">"#);
    for layer in [MapLayer::Partenaire, MapLayer::Service, MapLayer::Emploi] {
        r(
            out,
            r#"<li><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">"#,
        );
        shape(out, layer, 12.0, 13.0);
        el(out, "</svg>", layer_label(layer), "</li>");
    }
    r(
        out,
        r##"<li><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M2 12 H22 M12 2 V22" stroke="#1b1b1b" stroke-width="4"/></svg>Centre de la carte</li>"##,
    );
    let _ = write!(
        out,
        r##"<li><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M1 12 H23" stroke="#1f4e96" stroke-width="3" stroke-dasharray="6 4"/></svg>Rayon de {radius} km</li>"##
    );
    if let Some(reach) = f(m, "reach_km").as_f64() {
        let _ = write!(
            out,
            r##"<li><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M1 12 H23" stroke="#b34700" stroke-width="3" stroke-dasharray="2 3"/></svg>Distance que le jeune peut parcourir chaque jour : {}</li>"##,
            km(reach)
        );
    }
    r(out, "</ul></figcaption>");
}

/// The same as a table.
fn table(out: &mut String, m: &Value) {
    let points = list(m, "points");
    let _ = write!(
        out,
        r#"<h2 id="carte-liste">Les {} lieux, du plus proche au plus loin</h2>"#,
        points.len()
    );
    if points.is_empty() {
        r(
            out,
            "<p>Aucun partenaire ni aucune offre localisés dans ce rayon.</p>",
        );
        return;
    }
    r(
        out,
        r#"<div class="table-wrap"><table aria-labelledby="carte-liste"><thead><tr><th scope="col">Nom</th><th scope="col">Type</th><th scope="col">Détail</th><th scope="col">Distance</th></tr></thead><tbody>"#,
    );
    for point in points {
        let layer = MapLayer::of(s(point, "layer"));
        r(out, r#"<tr><th scope="row"><a href=""#);
        t(out, &href(layer, s(point, "id")));
        r(out, r#"">"#);
        t(out, s(point, "name"));
        r(out, "</a></th><td>");
        t(out, layer_label(layer));
        el(out, "</td><td>", s(point, "detail"), "</td><td>");
        r(
            out,
            &km(f(point, "distance_km").as_f64().unwrap_or_default()),
        );
        r(out, "</td></tr>");
    }
    r(out, "</tbody></table></div>");
}

#[derive(Clone, Copy)]
struct MapPart {
    centre: Memo<(Centre, u32)>,
    sites: Loaded<Vec<SiteView>>,
    /// The `MapView`.
    view: Data,
    go: Go,
}

impl MapPart {
    fn controls(&self, out: &mut String) {
        let (centre, radius) = self.centre.get();
        r(
            out,
            r#"<form class="form filters" data-form="carte" aria-label="Centre et rayon de la carte">"#,
        );
        let mut options: Vec<(String, String)> = Vec::new();
        match centre {
            Centre::Youth(y) => {
                options.push((format!("jeune:{y}"), "Domicile du jeune".to_owned()))
            }
            Centre::Partner(p) => {
                let name = self.view.with(|v| match v {
                    Some(Ok(m)) => s(m, "center_label").to_owned(),
                    _ => String::new(),
                });
                options.push((format!("partenaire:{p}"), format!("Partenaire : {name}")));
            }
            Centre::Site(_) | Centre::None => {}
        }
        self.sites.with(|s| {
            if let Some(Ok(sites)) = s {
                for site in sites {
                    options.push((format!("site:{}", site.id), format!("Site : {}", site.name)));
                }
            }
        });
        let chosen = match centre {
            Centre::Youth(y) => format!("jeune:{y}"),
            Centre::Site(s) => format!("site:{s}"),
            Centre::Partner(p) => format!("partenaire:{p}"),
            Centre::None => String::new(),
        };
        let none = Errors::default();
        out.push_str(
            &Field::new("carte", "centre", "Autour de", &none)
                .filter()
                .select(
                    options.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                    &chosen,
                    "Choisissez",
                ),
        );
        let radii: Vec<(String, String)> = RADII
            .iter()
            .map(|k| (k.to_string(), format!("{k} km")))
            .collect();
        out.push_str(
            &Field::new("carte", "rayon", "Rayon", &none)
                .filter()
                .select(
                    radii.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                    &radius.to_string(),
                    "20 km",
                ),
        );
        r(
            out,
            r#"<div class="field"><button type="submit" class="button">Afficher</button></div></form>"#,
        );
    }

    fn map(&self, out: &mut String) {
        if self.centre.with(|(c, _)| *c == Centre::None) {
            let none = self
                .sites
                .with(|s| matches!(s, Some(Ok(list)) if list.is_empty()));
            if none {
                r(
                    out,
                    "<p>Ouvrez la carte depuis la page « Orientations » du dossier d'un jeune pour la centrer sur son domicile.</p>",
                );
            } else {
                r(out, r#"<p class="loading" role="status">Chargement…</p>"#);
            }
            return;
        }
        loaded(out, self.view, &|out, m| {
            r(out, r#"<div class="map-layout">"#);
            svg(out, m);
            r(out, r#"<div class="map-list">"#);
            table(out, m);
            r(out, "</div></div>");
        });
    }
}

impl Part for MapPart {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            self.controls(&mut out);
        } else {
            self.map(&mut out);
        }
        out
    }

    fn click(&self, _action: &str, _arg: &str, _ev: &web_sys::Event) {}

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form != "carte" {
            return;
        }
        let centre = one(&values, "centre");
        let radius = one(&values, "rayon");
        let radius = if radius.is_empty() { "20" } else { radius };
        let path = match centre.split_once(':') {
            Some(("jeune", id)) => format!("/conseiller/carte?jeune={id}&rayon={radius}"),
            Some(("site", id)) => format!("/conseiller/carte?site={id}&rayon={radius}"),
            Some(("partenaire", id)) => {
                format!("/conseiller/carte?partenaire={id}&rayon={radius}")
            }
            _ => format!("/conseiller/carte?rayon={radius}"),
        };
        go_to(self.go, &path);
    }
}

/// `/conseiller/carte` (a page of `super::super::agenda::AgendaRoutes`).
pub(crate) fn map_page() -> AnyView {
    let ctx: Ctx = staff_ctx();
    let query = use_query_map();
    let structure = ctx.session.me().map(|m| m.structure.id);
    let sites = html::fetch(false, move || async move {
        match structure {
            Some(id) => api::structures::get_structure(ctx.session, id)
                .await
                .map(|s| s.sites),
            None => Ok(Vec::new()),
        }
    });
    let centre = Memo::new(move |_| {
        query.with(|q| {
            let radius = q
                .get("rayon")
                .and_then(|r| r.parse::<u32>().ok())
                .unwrap_or(20)
                .clamp(1, 200);
            let centre = if let Some(y) = q.get("jeune").and_then(|y| y.parse().ok()) {
                Centre::Youth(y)
            } else if let Some(s) = q.get("site").and_then(|s| s.parse().ok()) {
                Centre::Site(s)
            } else if let Some(p) = q.get("partenaire").and_then(|p| p.parse().ok()) {
                Centre::Partner(p)
            } else {
                // The first site, once known.
                sites.with(|s| match s {
                    Some(Ok(list)) => list.first().map_or(Centre::None, |s| Centre::Site(s.id)),
                    _ => Centre::None,
                })
            };
            (centre, radius)
        })
    });
    let view = load(move || {
        let (c, radius) = centre.get();
        let (youth, site, partner) = match c {
            Centre::Youth(y) => (Some(y), None, None),
            Centre::Site(s) => (None, Some(s), None),
            Centre::Partner(p) => (None, None, Some(p)),
            // Nothing asked yet: the page says so without asking the server.
            Centre::None => return Box::pin(async { Ok(Value::Null) }),
        };
        api::offers::map_tree(ctx.session, youth, site, partner, radius)
    });
    let part = MapPart {
        centre,
        sites,
        view,
        go: navigation(),
    };
    mount(
        "Carte des partenaires et des offres".to_owned().into(),
        String::new(),
        Arc::new(part),
        ctx.announce,
    )
}
