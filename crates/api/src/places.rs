//! Where things are: addresses located through the geocoder (a record is never refused because
//! the service is down: it is saved without its point and a job locates it later), the
//! centre of a map, the addresses of a letter.

use domain::dto::{AddressInput, LetterQuery};
use domain::offers::GeoPoint;
use domain::{Actor, PartnerId, Scope, SiteId, StructureId};
use storage::partners::Located;

use crate::error::ApiResult;
use crate::geocode::{self, AddressQuery};
use crate::letters::{LetterData, LetterEvent};
use crate::state::AppState;

/// The geocoder's question for an address typed in a form.
pub fn query_of(line: Option<&str>, postcode: Option<&str>, commune: Option<&str>) -> AddressQuery {
    AddressQuery {
        line: line.map(str::to_owned),
        postcode: postcode.map(str::to_owned),
        citycode: commune.map(str::to_owned),
        city: commune
            .and_then(|c| referentiel::communes().by_insee(c))
            .map(|c| c.name.clone()),
    }
}

/// Locates an address: the typed point if any, else the geocoder's answer; `retry` when the
/// service could not answer now.
pub async fn locate(state: &AppState, address: &AddressInput) -> Located {
    if let Some(point) = address.point {
        return Located {
            point: Some(point),
            retry: false,
        };
    }
    let query = query_of(
        address.line.as_deref(),
        address.postcode.as_deref(),
        address.commune.as_deref(),
    );
    if query.key().is_none() {
        return Located::default();
    }
    match state.geocoder.locate(&state.db, &query).await {
        geocode::Located::Found(hit) => Located {
            point: Some(hit.point),
            retry: false,
        },
        geocode::Located::NotFound => Located::default(),
        geocode::Located::Unavailable(_) => Located {
            point: None,
            retry: true,
        },
    }
}

/// A site's point (its address geocoded, from the cache after the first time).
pub async fn site_point(
    state: &AppState,
    structure_id: StructureId,
    site_id: SiteId,
) -> ApiResult<Option<(GeoPoint, String)>> {
    let detail = storage::structures::detail(
        state.db.conn(),
        &Scope::Structure(structure_id),
        structure_id,
    )
    .await?;
    let Some(site) = detail.sites.into_iter().find(|s| s.id == site_id) else {
        return Err(crate::error::ApiError::NotFound);
    };
    let query = query_of(
        Some(&site.address),
        Some(&site.postal_code),
        Some(&site.commune_insee),
    );
    Ok(match state.geocoder.locate(&state.db, &query).await {
        geocode::Located::Found(hit) => Some((hit.point, format!("Site de {}", site.name))),
        _ => None,
    })
}

fn some_text(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// What a letter to a partner says of both sides.
pub async fn letter_data(
    state: &AppState,
    actor: &Actor,
    scope: &Scope,
    id: PartnerId,
    query: &LetterQuery,
) -> ApiResult<LetterData> {
    let partner = storage::partners::detail(state.db.conn(), scope, id).await?;
    let structure =
        storage::structures::detail(state.db.conn(), scope, scope.structure_id()).await?;
    let site = structure.sites.first();
    let record = partner.record.clone();
    let address = record
        .as_ref()
        .map(|r| r.address.clone())
        .unwrap_or_default();
    let mut partner_address = Vec::new();
    if let Some(line) = address.line {
        partner_address.push(line);
    }
    let city_line = [address.postcode, address.commune_name]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !city_line.is_empty() {
        partner_address.push(city_line);
    }
    let contact = some_text(query.contact.as_ref()).or_else(|| {
        record
            .as_ref()
            .and_then(|r| r.contacts.first())
            .map(|c| c.name.clone())
    });
    let signatory = storage::accounts::display_name(state.db.conn(), actor.account_id).await?;
    let event = some_text(query.event_title.as_ref()).map(|title| LetterEvent {
        title,
        when: some_text(query.event_when.as_ref()).unwrap_or_default(),
        place: some_text(query.event_place.as_ref()).unwrap_or_else(|| {
            site.map(|s| format!("{}, {} {}", s.address, s.postal_code, s.commune_name))
                .unwrap_or_default()
        }),
    });
    Ok(LetterData {
        structure_name: structure.name.clone(),
        structure_address: site
            .map(|s| {
                vec![
                    s.address.clone(),
                    format!("{} {}", s.postal_code, s.commune_name),
                ]
            })
            .unwrap_or_default(),
        partner_name: partner.name,
        partner_address,
        contact_name: contact,
        signatory,
        signatory_title: title_of(actor.role).to_owned(),
        date: crate::routes::diagnostics::today(),
        city: site.map(|s| s.commune_name.clone()).unwrap_or_default(),
        event,
    })
}

/// How a role signs a letter.
pub fn title_of(role: domain::Role) -> &'static str {
    use domain::Role::*;
    match role {
        Direction => "Direction",
        Manager => "Responsable d'équipe",
        Admin => "Administration",
        Accueil => "Chargé(e) d'accueil",
        Conseiller | Jeune | Partenaire => "Conseiller(ère) en insertion",
    }
}
