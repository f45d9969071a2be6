//! `/api/v1/offers`: service and job offers, their sessions, matching both ways, the map.

use actix_web::{HttpResponse, get, post, put, web};
use domain::dto::{
    MapQuery, MapView, MatchQuery, OfferDetail, OfferFilter, OfferInput, OfferSummary, Page,
    PageQuery, RankedOffer, RankedYouth, SessionInput,
};
use domain::{ErrorBody, OfferId, OfferSessionId, Operation, Scope, YouthId, authorize};
use storage::audit::AuditContext;
use storage::offers::{self, map, matching};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Authenticated, ClientInfo};
use crate::routes::diagnostics::today;
use crate::state::AppState;

fn checked(input: &OfferInput) -> ApiResult<()> {
    let errors = input.check();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The Mission Locale's offers (open ones by default), newest first; those with room first
/// (F3). Open to staff, young people (D4, D13) and partners (C14, B27).
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(OfferFilter, PageQuery),
    responses(
        (status = 200, description = "One page of offers", body = Page<OfferSummary>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 422, description = "Invalid filters", body = ErrorBody)
    )
)]
#[get("/offers")]
pub async fn list_offers(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(filter): ApiQuery<OfferFilter>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<OfferSummary>>> {
    let scope = authorize(&actor, Operation::ReadOffers)?;
    Ok(web::Json(
        offers::list(state.db.conn(), &scope, &filter, &page).await?,
    ))
}

/// Publish a service offer (data·inclusion fields) or a job offer (ROME code, contract). A
/// partner user publishes for their organisation. The address is geocoded; when the service
/// is down the offer is saved without its point and located later.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    request_body = OfferInput,
    responses(
        (status = 201, description = "Published", body = OfferDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not publish offers", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)
    )
)]
#[post("/offers")]
pub async fn create_offer(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    ApiJson(body): ApiJson<OfferInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    checked(&body)?;
    let located = crate::places::locate(&state, &body.address).await;
    let ctx = AuditContext::of(actor, client.ip);
    let detail = offers::create(&state.db, &ctx, &actor, &scope, &body, &located).await?;
    state.wake_jobs();
    Ok(HttpResponse::Created().json(detail))
}

/// One offer with its sessions and places; `editable` says whether the caller may change it.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(("id" = OfferId, Path, description = "The offer")),
    responses(
        (status = 200, description = "The offer", body = OfferDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/offers/{id}")]
pub async fn get_offer(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<OfferId>,
) -> ApiResult<web::Json<OfferDetail>> {
    let scope = authorize(&actor, Operation::ReadOffers)?;
    let manage = authorize(&actor, Operation::ManageOffers).ok();
    Ok(web::Json(
        offers::detail(state.db.conn(), &scope, manage.as_ref(), id.into_inner()).await?,
    ))
}

/// Update an offer; its capacity may not fall below the places taken.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(("id" = OfferId, Path, description = "The offer")),
    request_body = OfferInput,
    responses(
        (status = 200, description = "Updated", body = OfferDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change offers", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 422, description = "Invalid fields, or capacity below the places taken", body = ErrorBody)
    )
)]
#[put("/offers/{id}")]
pub async fn update_offer(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<OfferId>,
    ApiJson(body): ApiJson<OfferInput>,
) -> ApiResult<web::Json<OfferDetail>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    checked(&body)?;
    let located = crate::places::locate(&state, &body.address).await;
    let ctx = AuditContext::of(actor, client.ip);
    let detail = offers::update(&state.db, &ctx, &scope, id.into_inner(), &body, &located).await?;
    state.wake_jobs();
    Ok(web::Json(detail))
}

/// Add a session (a training course's intake) with its places (B19).
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(("id" = OfferId, Path, description = "The offer")),
    request_body = SessionInput,
    responses(
        (status = 201, description = "Added; the offer", body = OfferDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change offers", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 422, description = "Invalid dates or capacity", body = ErrorBody)
    )
)]
#[post("/offers/{id}/sessions")]
pub async fn add_offer_session(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<OfferId>,
    ApiJson(body): ApiJson<SessionInput>,
) -> ApiResult<HttpResponse> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let ctx = AuditContext::of(actor, client.ip);
    let detail =
        offers::save_session(&state.db, &ctx, &scope, id.into_inner(), None, &body).await?;
    Ok(HttpResponse::Created().json(detail))
}

/// Change a session; its capacity may not fall below the places taken in it.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(
        ("id" = OfferId, Path, description = "The offer"),
        ("session" = OfferSessionId, Path, description = "The session")
    ),
    request_body = SessionInput,
    responses(
        (status = 200, description = "Changed; the offer", body = OfferDetail),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not change offers", body = ErrorBody),
        (status = 404, description = "Unknown, or not one the caller may change", body = ErrorBody),
        (status = 422, description = "Invalid dates, or capacity below the places taken", body = ErrorBody)
    )
)]
#[put("/offers/{id}/sessions/{session}")]
pub async fn update_offer_session(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    path: web::Path<(OfferId, OfferSessionId)>,
    ApiJson(body): ApiJson<SessionInput>,
) -> ApiResult<web::Json<OfferDetail>> {
    let scope = authorize(&actor, Operation::ManageOffers)?;
    let (id, session) = path.into_inner();
    let ctx = AuditContext::of(actor, client.ip);
    Ok(web::Json(
        offers::save_session(&state.db, &ctx, &scope, id, Some(session), &body).await?,
    ))
}

/// The young people of the Mission Locale ranked for an offer (B24): only those who meet its
/// conditions, each with the score explained.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(("id" = OfferId, Path, description = "The offer"), MatchQuery),
    responses(
        (status = 200, description = "Ranked young people", body = Vec<RankedYouth>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not match", body = ErrorBody),
        (status = 404, description = "Unknown offer", body = ErrorBody)
    )
)]
#[get("/offers/{id}/matches")]
pub async fn rank_youths_for_offer(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<OfferId>,
    ApiQuery(query): ApiQuery<MatchQuery>,
) -> ApiResult<web::Json<Vec<RankedYouth>>> {
    let scope @ Scope::Structure(_) = authorize(&actor, Operation::MatchOffers)? else {
        return Err(ApiError::Forbidden);
    };
    Ok(web::Json(
        matching::youths_for_offer(state.db.conn(), &scope, id.into_inner(), &query, today())
            .await?,
    ))
}

/// The offers ranked for a young person (A6, B20, B24): only those whose conditions they meet,
/// each with the score explained (themes, distance against their mobility, room left). A young
/// person gets their own.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(("id" = YouthId, Path, description = "The file"), MatchQuery),
    responses(
        (status = 200, description = "Ranked offers", body = Vec<RankedOffer>),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Role may not match", body = ErrorBody),
        (status = 404, description = "Unknown file, or not one the caller may see", body = ErrorBody)
    )
)]
#[get("/youths/{id}/matches")]
pub async fn rank_offers_for_youth(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    client: ClientInfo,
    id: web::Path<YouthId>,
    ApiQuery(query): ApiQuery<MatchQuery>,
) -> ApiResult<web::Json<Vec<RankedOffer>>> {
    let scope = authorize(&actor, Operation::MatchOffers)?;
    let youth_id = id.into_inner();
    let ranked =
        matching::offers_for_youth(state.db.conn(), &scope, youth_id, &query, today()).await?;
    if actor.role != domain::Role::Jeune {
        storage::audit::record(
            state.db.conn(),
            &AuditContext::of(actor, client.ip),
            storage::audit::Entry::new(
                domain::dto::AuditAction::Read,
                "youth",
                Some(youth_id.as_uuid()),
            )
            .youth(youth_id)
            .summary("Offres proposées selon le profil"),
        )
        .await?;
    }
    Ok(web::Json(ranked))
}

/// Partners and offers around a young person's home, a site or a partner, nearest first (C9, C10), with
/// the tile server to draw them on, if one is configured; the list carries the same
/// information for screen readers and when no tile server answers.
#[utoipa::path(
    tag = "offers",
    security(("bearer" = [])),
    params(MapQuery),
    responses(
        (status = 200, description = "The map's points", body = MapView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 403, description = "Centred on a young person or a partner the role may not read", body = ErrorBody),
        (status = 404, description = "Unknown file, site or partner", body = ErrorBody),
        (status = 422, description = "Neither a young person, a site nor a partner, or the place is not located yet", body = ErrorBody)
    )
)]
#[get("/map")]
pub async fn map_around(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<MapQuery>,
) -> ApiResult<web::Json<MapView>> {
    let scope = authorize(&actor, Operation::ReadOffers)?;
    let radius = query.radius_km.unwrap_or(20).clamp(1, 200);
    let (center, label, reach) = match (query.youth_id, query.site_id) {
        (Some(youth_id), _) => {
            let youth_scope = authorize(&actor, Operation::MatchOffers)?;
            let file =
                storage::youths::find_in_scope(state.db.conn(), &youth_scope, youth_id).await?;
            let side = matching::youth_side(state.db.conn(), &file, today()).await?;
            let Some(home) = side.home else {
                return Err(not_located(
                    "youth_id",
                    "L'adresse du jeune n'est pas encore localisée : vérifiez-la dans le dossier ou réessayez plus tard.",
                ));
            };
            (
                home,
                format!(
                    "Domicile de {} {}.",
                    file.first_name,
                    file.last_name.chars().next().unwrap_or(' ')
                ),
                Some(side.reach_km),
            )
        }
        (None, Some(site_id)) => {
            match crate::places::site_point(&state, scope.structure_id(), site_id).await? {
                Some((point, label)) => (point, label, None),
                None => {
                    return Err(not_located(
                        "site_id",
                        "L'adresse de ce site n'a pas pu être localisée pour l'instant : réessayez plus tard.",
                    ));
                }
            }
        }
        (None, None) => match query.partner_id {
            Some(partner_id) => {
                // Whoever may not open the partner's record may not centre a map on it.
                let partner_scope = authorize(&actor, Operation::ReadPartner)?;
                let p =
                    storage::partners::find_in_scope(state.db.conn(), &partner_scope, partner_id)
                        .await?;
                let Some(point) = storage::partners::point_of(p.lat, p.lon) else {
                    return Err(not_located(
                        "partner_id",
                        "L'adresse de ce partenaire n'est pas encore localisée : vérifiez-la sur sa fiche ou réessayez plus tard.",
                    ));
                };
                (point, p.name, None)
            }
            None => {
                return Err(not_located(
                    "youth_id",
                    "Choisissez un jeune, un site ou un partenaire autour duquel afficher la carte.",
                ));
            }
        },
    };
    let points = map::around(
        state.db.conn(),
        scope.structure_id(),
        center,
        f64::from(radius),
    )
    .await?;
    let web_settings = &state.settings.web;
    Ok(web::Json(MapView {
        center,
        center_label: label,
        radius_km: radius,
        reach_km: reach,
        points,
        tile_url: web_settings
            .map_tile_url
            .clone()
            .filter(|u| !u.trim().is_empty()),
        tile_attribution: web_settings.map_tile_attribution.clone(),
    }))
}

fn not_located(field: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![domain::accompaniment::field_error(
        field,
        "not_located",
        message,
    )])
}
