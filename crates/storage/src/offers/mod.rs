//! Service and job offers (A6, B19, B24, B27, C10, C14, D13): the catalogue, each offer's
//! sessions and places, referrals (`referrals`), matching both ways (`matching`, with the
//! young people's match profiles in `profiles`) and the map (`map`).

pub mod map;
pub mod matching;
pub mod profiles;
pub mod referrals;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::accompaniment::{Scheme, Theme, field_error};
use domain::dto::{
    AuditAction, JobDetails, OfferContact, OfferDetail, OfferFilter, OfferInput, OfferSession,
    OfferSummary, Page, PageQuery, SessionInput,
};
use domain::file::lists::EducationLevel;
use domain::offers::{
    ContractType, Eligibility, Fees, OfferKind, OfferStatus, ReferralStatus, ServiceType,
    check_capacity, places_left,
};
use domain::{Actor, OfferId, OfferSessionId, PartnerId, Scope, StructureId};
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{offer, offer_session, partner, referral};
use crate::partners::{
    Located, address_key, address_of, commune_name, list_of, point_of, to_json, trimmed,
};
use crate::scope::Scoped;
use crate::{Db, StorageError, StorageResult};

/// The job that geocodes an address the geocoder could not reach at once, or a young person's
/// new address: payload `{"entity": "offer" | "partner" | "youth", "id": …}`.
pub const GEOCODE: &str = "geocode";

impl Scoped for offer::Entity {
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s)
            | Scope::OwnYouth {
                structure_id: s, ..
            } => Condition::all().add(offer::Column::StructureId.eq(s.as_uuid())),
            Scope::OwnPartner {
                structure_id,
                partner_id,
            } => Condition::all()
                .add(offer::Column::StructureId.eq(structure_id.as_uuid()))
                .add(offer::Column::PartnerId.eq(partner_id.as_uuid())),
        }
    }
}

/// One bit per value of a closed list, in the list's order.
pub fn mask_of<T: PartialEq>(all: &[T], values: &[T]) -> i32 {
    values
        .iter()
        .filter_map(|v| all.iter().position(|x| x == v))
        .fold(0, |mask, i| mask | (1 << i))
}

/// The values of a closed list whose bits are set.
pub fn of_mask<T: Copy>(all: &[T], mask: i32) -> Vec<T> {
    all.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, v)| *v)
        .collect()
}

/// One bit per scheme.
pub fn scheme_mask(schemes: &[Scheme]) -> i32 {
    mask_of(Scheme::ALL, schemes)
}

/// One bit per education level.
pub fn level_mask(levels: &[EducationLevel]) -> i32 {
    mask_of(EducationLevel::ALL, levels)
}

/// One bit per theme.
pub fn theme_mask(themes: &[Theme]) -> i32 {
    mask_of(Theme::ALL, themes)
}

/// Zone codes between commas, for a `LIKE` (empty: no zone).
pub fn zones_text(zones: &[String]) -> String {
    if zones.is_empty() {
        String::new()
    } else {
        format!(",{},", zones.join(","))
    }
}

/// The grid cell stored with an offer: 0 ("anywhere") when it is followed remotely or not
/// located, so that matching always considers it.
pub fn cell_of(point: Option<domain::offers::GeoPoint>, remote: bool) -> i32 {
    match point {
        Some(p) if !remote => domain::offers::grid_cell(&p),
        _ => 0,
    }
}

/// Places taken (accepted or started) and waiting, per offer or per session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub taken: i64,
    pub waiting: u64,
}

/// Counts per offer and per session for these offers.
pub(crate) async fn counts(
    conn: &impl ConnectionTrait,
    offer_ids: &[Uuid],
) -> StorageResult<(HashMap<Uuid, Counts>, HashMap<Uuid, Counts>)> {
    let mut by_offer: HashMap<Uuid, Counts> = HashMap::new();
    let mut by_session: HashMap<Uuid, Counts> = HashMap::new();
    if offer_ids.is_empty() {
        return Ok((by_offer, by_session));
    }
    let rows: Vec<(Uuid, Option<Uuid>, String, i64)> = referral::Entity::find()
        .select_only()
        .column(referral::Column::OfferId)
        .column(referral::Column::SessionId)
        .column(referral::Column::Status)
        .column_as(referral::Column::Id.count(), "n")
        .filter(referral::Column::OfferId.is_in(offer_ids.iter().copied()))
        .filter(referral::Column::Status.is_in([
            ReferralStatus::Acceptee.code(),
            ReferralStatus::EnCours.code(),
            ReferralStatus::ListeAttente.code(),
        ]))
        .group_by(referral::Column::OfferId)
        .group_by(referral::Column::SessionId)
        .group_by(referral::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    for (offer_id, session_id, status, n) in rows {
        let waiting = status == ReferralStatus::ListeAttente.code();
        for counts in [
            Some(by_offer.entry(offer_id).or_default()),
            session_id.map(|s| by_session.entry(s).or_default()),
        ]
        .into_iter()
        .flatten()
        {
            if waiting {
                counts.waiting += u64::try_from(n).unwrap_or(0);
            } else {
                counts.taken += n;
            }
        }
    }
    Ok((by_offer, by_session))
}

pub(crate) fn eligibility_of(row: &offer::Model) -> Eligibility {
    serde_json::from_value(row.eligibility.clone()).unwrap_or_default()
}

pub(crate) fn themes_of(row: &offer::Model) -> Vec<Theme> {
    list_of(Some(&row.themes))
}

pub(crate) fn kind_of(row: &offer::Model) -> OfferKind {
    OfferKind::from_code(&row.kind).unwrap_or(OfferKind::Service)
}

pub(crate) fn summary_of(
    row: &offer::Model,
    partner_name: Option<String>,
    counts: Counts,
) -> OfferSummary {
    OfferSummary {
        id: OfferId(row.id),
        kind: kind_of(row),
        title: row.title.clone(),
        partner_id: row.partner_id.map(PartnerId),
        partner_name,
        themes: themes_of(row),
        service_type: row.service_type.as_deref().and_then(ServiceType::from_code),
        contract_type: row
            .contract_type
            .as_deref()
            .and_then(ContractType::from_code),
        rome_code: row.rome_code.clone(),
        commune_name: commune_name(row.commune.as_deref()),
        point: point_of(row.lat, row.lon),
        remote: row.remote,
        capacity: row.capacity,
        places_left: places_left(row.capacity, counts.taken),
        waiting: counts.waiting,
        status: OfferStatus::from_code(&row.status).unwrap_or(OfferStatus::Fermee),
        updated_at: row.updated_at,
    }
}

pub(crate) async fn partner_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> StorageResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(partner::Entity::find()
        .filter(partner::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// Summaries of these rows, with partner names and places.
pub(crate) async fn summaries(
    conn: &impl ConnectionTrait,
    rows: &[offer::Model],
) -> StorageResult<Vec<OfferSummary>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let (counts, _) = counts(conn, &ids).await?;
    let names = partner_names(conn, rows.iter().filter_map(|r| r.partner_id)).await?;
    Ok(rows
        .iter()
        .map(|r| {
            summary_of(
                r,
                r.partner_id.and_then(|p| names.get(&p).cloned()),
                counts.get(&r.id).copied().unwrap_or_default(),
            )
        })
        .collect())
}

/// The offers of the scope's Mission Locale matching the filter, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    filter: &OfferFilter,
    page: &PageQuery,
) -> StorageResult<Page<OfferSummary>> {
    let mut select =
        offer::Entity::find().filter(offer::Column::StructureId.eq(scope.structure_id().as_uuid()));
    select = select
        .filter(offer::Column::Status.eq(filter.status.unwrap_or(OfferStatus::Ouverte).code()));
    if let Some(kind) = filter.kind {
        select = select.filter(offer::Column::Kind.eq(kind.code()));
    }
    if let Some(partner_id) = filter.partner_id {
        select = select.filter(offer::Column::PartnerId.eq(partner_id.as_uuid()));
    }
    if let Some(theme) = filter.theme {
        select = select.filter(json_has_code(offer::Column::Themes, theme.code()));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let mut words = Condition::all();
        for word in q.split_whitespace().take(5) {
            words = words.add(lower_like(offer::Column::Title, word));
        }
        select = select.filter(words);
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_desc(offer::Column::UpdatedAt)
        .order_by_asc(offer::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let mut items = summaries(conn, &rows).await?;
    if filter.with_room == Some(true) {
        items.retain(|o| o.places_left != Some(0));
    }
    // F3: among the same page, the offers with room first.
    items.sort_by_key(|o| o.places_left == Some(0));
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

/// The offer row, in the Mission Locale of the scope.
pub(crate) async fn find_in_structure(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    id: OfferId,
) -> StorageResult<offer::Model> {
    offer::Entity::find_by_id(id.as_uuid())
        .filter(offer::Column::StructureId.eq(structure_id.as_uuid()))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// An offer whole; `editable` says whether `manage` (the caller's scope for managing offers,
/// if any) covers it.
pub async fn detail(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    manage: Option<&Scope>,
    id: OfferId,
) -> StorageResult<OfferDetail> {
    let row = find_in_structure(conn, scope.structure_id(), id).await?;
    let editable = match manage {
        Some(Scope::Structure(_)) => true,
        Some(Scope::OwnPartner { partner_id, .. }) => row.partner_id == Some(partner_id.as_uuid()),
        _ => false,
    };
    detail_of(conn, row, editable).await
}

async fn detail_of(
    conn: &impl ConnectionTrait,
    row: offer::Model,
    editable: bool,
) -> StorageResult<OfferDetail> {
    let (counts, by_session) = counts(conn, &[row.id]).await?;
    let names = partner_names(conn, row.partner_id).await?;
    let summary = summary_of(
        &row,
        row.partner_id.and_then(|p| names.get(&p).cloned()),
        counts.get(&row.id).copied().unwrap_or_default(),
    );
    let sessions = offer_session::Entity::find()
        .filter(offer_session::Column::OfferId.eq(row.id))
        .order_by_asc(offer_session::Column::StartsOn)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let c = by_session.get(&s.id).copied().unwrap_or_default();
            OfferSession {
                id: OfferSessionId(s.id),
                starts_on: s.starts_on,
                ends_on: s.ends_on,
                capacity: s.capacity,
                taken: c.taken,
                places_left: places_left(s.capacity.or(row.capacity), c.taken),
                waiting: c.waiting,
            }
        })
        .collect();
    let job = (kind_of(&row) == OfferKind::Emploi).then(|| JobDetails {
        rome_code: row.rome_code.clone().unwrap_or_default(),
        contract_type: row
            .contract_type
            .as_deref()
            .and_then(ContractType::from_code),
        hours_per_week: row.hours_per_week.and_then(|h| u8::try_from(h).ok()),
        positions: row.positions.and_then(|p| u16::try_from(p).ok()),
        starts_on: row.starts_on,
        salary: row.salary.clone(),
    });
    Ok(OfferDetail {
        summary,
        description: row.description.clone(),
        publics: list_of(Some(&row.publics)),
        fees: row.fees.as_deref().and_then(Fees::from_code),
        how_to_apply: row.how_to_apply.clone(),
        eligibility: eligibility_of(&row),
        address: address_of(
            row.address_line.as_ref(),
            row.postcode.as_ref(),
            row.commune.as_ref(),
            row.lat,
            row.lon,
        ),
        contact: serde_json::from_value::<OfferContact>(row.contact.clone()).unwrap_or_default(),
        job,
        sessions,
        editable,
    })
}

fn apply_input(
    model: &mut offer::ActiveModel,
    input: &OfferInput,
    located: &Located,
    now: DateTime<Utc>,
) {
    let eligibility = input.eligibility.clone().normalised();
    let mut themes = input.themes.clone();
    themes.sort();
    themes.dedup();
    let kind = input.kind.unwrap_or(OfferKind::Service);
    let job = input.job.as_ref().filter(|_| kind == OfferKind::Emploi);
    let address = &input.address;
    model.kind = Set(kind.code().to_owned());
    model.title = Set(input.title.trim().to_owned());
    model.description = Set(input.description.trim().to_owned());
    model.themes = Set(to_json(&themes));
    model.themes_mask = Set(theme_mask(&themes));
    model.service_type = Set(input.service_type.map(|t| t.code().to_owned()));
    model.publics = Set(to_json(&input.publics));
    model.fees = Set(input.fees.map(|f| f.code().to_owned()));
    model.remote = Set(input.remote);
    model.how_to_apply = Set(trimmed(input.how_to_apply.as_ref()));
    model.age_min = Set(eligibility.age_min.map(i16::from));
    model.age_max = Set(eligibility.age_max.map(i16::from));
    model.schemes_mask = Set(scheme_mask(&eligibility.schemes));
    model.levels_mask = Set(level_mask(&eligibility.levels));
    model.zones = Set(zones_text(&eligibility.zones));
    model.eligibility = Set(to_json(&eligibility));
    model.address_line = Set(trimmed(address.line.as_ref()));
    model.postcode = Set(trimmed(address.postcode.as_ref()));
    model.commune = Set(trimmed(address.commune.as_ref()).map(|c| c.to_uppercase()));
    model.lat = Set(located.point.map(|p| p.lat));
    model.lon = Set(located.point.map(|p| p.lon));
    model.located_address = Set(located.point.and(address_key(
        address.line.as_deref(),
        address.postcode.as_deref(),
        address.commune.as_deref(),
    )));
    model.cell = Set(cell_of(located.point, input.remote));
    model.capacity = Set(input.capacity);
    model.contact = Set(to_json(&OfferContact {
        name: trimmed(input.contact.name.as_ref()),
        email: trimmed(input.contact.email.as_ref()).map(|e| e.to_lowercase()),
        phone: trimmed(input.contact.phone.as_ref()),
    }));
    model.rome_code = Set(job.map(|j| j.rome_code.trim().to_uppercase()));
    model.contract_type = Set(job
        .and_then(|j| j.contract_type)
        .map(|c| c.code().to_owned()));
    model.hours_per_week = Set(job.and_then(|j| j.hours_per_week).map(i16::from));
    model.positions = Set(job.and_then(|j| j.positions).map(i32::from));
    model.starts_on = Set(job.and_then(|j| j.starts_on));
    model.salary = Set(job.and_then(|j| trimmed(j.salary.as_ref())));
    model.status = Set(input
        .status
        .unwrap_or(OfferStatus::Ouverte)
        .code()
        .to_owned());
    model.updated_at = Set(now);
}

/// When an unchanged address could not be located now, the point found before stays.
pub(crate) fn keep_point(
    located: &Located,
    address: &domain::dto::AddressInput,
    located_address: Option<&str>,
    current: Option<domain::offers::GeoPoint>,
) -> Located {
    let key = address_key(
        address.line.as_deref(),
        address.postcode.as_deref(),
        address.commune.as_deref(),
    );
    if located.point.is_none() && key.is_some() && key.as_deref() == located_address {
        Located {
            point: current,
            retry: false,
        }
    } else {
        located.clone()
    }
}

/// The partner an offer belongs to: a partner user's own; staff choose one of their Mission
/// Locale's (or none: the Mission Locale's own offer).
async fn owner_of(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    input: &OfferInput,
) -> StorageResult<Option<Uuid>> {
    match *scope {
        Scope::OwnPartner { partner_id, .. } => Ok(Some(partner_id.as_uuid())),
        Scope::Structure(structure_id) => match input.partner_id {
            None => Ok(None),
            Some(id) => {
                let found = partner::Entity::find_by_id(id.as_uuid())
                    .filter(partner::Column::StructureId.eq(structure_id.as_uuid()))
                    .one(conn)
                    .await?;
                match found {
                    Some(p) => Ok(Some(p.id)),
                    None => Err(StorageError::Invalid(vec![field_error(
                        "partner_id",
                        "unknown_partner",
                        "Ce partenaire n'est pas dans l'annuaire de la Mission Locale.",
                    )])),
                }
            }
        },
        Scope::OwnYouth { .. } => Err(StorageError::NotFound),
    }
}

fn invalid_or(input: &OfferInput) -> StorageResult<()> {
    let errors = input.check();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StorageError::Invalid(errors))
    }
}

/// Publishes an offer.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    input: &OfferInput,
    located: &Located,
) -> StorageResult<OfferDetail> {
    invalid_or(input)?;
    let txn = db.begin_write().await?;
    let partner_id = owner_of(&txn, scope, input).await?;
    let now = crate::now();
    let id = Uuid::new_v4();
    let mut model = offer::ActiveModel {
        id: Set(id),
        structure_id: Set(scope.structure_id().as_uuid()),
        partner_id: Set(partner_id),
        created_by: Set(actor.account_id.as_uuid()),
        created_at: Set(now),
        ..Default::default()
    };
    apply_input(&mut model, input, located, now);
    let row = model.insert(&txn).await?;
    if located.retry {
        crate::partners::queue_geocode(&txn, "offer", id).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "offer", Some(id))
            .summary(format!("Publication de l'offre « {} »", row.title)),
    )
    .await?;
    let detail = detail_of(&txn, row, true).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Updates an offer; the capacity may not fall below the places taken, and the places it adds
/// go to the waiting list.
pub async fn update(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: OfferId,
    input: &OfferInput,
    located: &Located,
) -> StorageResult<OfferDetail> {
    invalid_or(input)?;
    let txn = db.begin_write().await?;
    let current = offer::Entity::find_by_id(id.as_uuid())
        .filter(offer::Entity::within(scope))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let partner_id = match scope {
        Scope::Structure(_) => owner_of(&txn, scope, input).await?,
        _ => current.partner_id,
    };
    let (counts, _) = counts(&txn, &[current.id]).await?;
    let taken = counts.get(&current.id).map_or(0, |c| c.taken);
    check_capacity(input.capacity, taken, "capacity")
        .map_err(|e| StorageError::Invalid(vec![e]))?;
    let located = &keep_point(
        located,
        &input.address,
        current.located_address.as_deref(),
        point_of(current.lat, current.lon),
    );
    let mut model: offer::ActiveModel = current.into();
    model.partner_id = Set(partner_id);
    apply_input(&mut model, input, located, crate::now());
    let row = model.update(&txn).await?;
    if located.retry {
        crate::partners::queue_geocode(&txn, "offer", row.id).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "offer", Some(row.id))
            .summary(format!("Mise à jour de l'offre « {} »", row.title)),
    )
    .await?;
    // More room, or open again: the waiting list moves up.
    referrals::fill_from_waiting_list(&txn, ctx, row.id).await?;
    let row = offer::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let detail = detail_of(&txn, row, true).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Adds or changes a session; its capacity may not fall below the places taken in it, and the
/// places it adds go to the waiting list.
pub async fn save_session(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: OfferId,
    session: Option<OfferSessionId>,
    input: &SessionInput,
) -> StorageResult<OfferDetail> {
    let mut errors = Vec::new();
    let Some(starts_on) = input.starts_on else {
        errors.push(field_error(
            "starts_on",
            "required",
            "Indiquez le premier jour de la session.",
        ));
        return Err(StorageError::Invalid(errors));
    };
    if input.ends_on.is_some_and(|end| end < starts_on) {
        return Err(StorageError::Invalid(vec![field_error(
            "ends_on",
            "before_start",
            "La fin de la session ne peut pas précéder son début.",
        )]));
    }
    let txn = db.begin_write().await?;
    let row = offer::Entity::find_by_id(id.as_uuid())
        .filter(offer::Entity::within(scope))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    match session {
        None => {
            check_capacity(input.capacity, 0, "capacity")
                .map_err(|e| StorageError::Invalid(vec![e]))?;
            offer_session::ActiveModel {
                id: Set(Uuid::new_v4()),
                offer_id: Set(row.id),
                starts_on: Set(starts_on),
                ends_on: Set(input.ends_on),
                capacity: Set(input.capacity),
                created_at: Set(crate::now()),
            }
            .insert(&txn)
            .await?;
        }
        Some(session_id) => {
            let current = offer_session::Entity::find_by_id(session_id.as_uuid())
                .filter(offer_session::Column::OfferId.eq(row.id))
                .one(&txn)
                .await?
                .ok_or(StorageError::NotFound)?;
            let (_, by_session) = counts(&txn, &[row.id]).await?;
            let taken = by_session.get(&current.id).map_or(0, |c| c.taken);
            check_capacity(input.capacity, taken, "capacity")
                .map_err(|e| StorageError::Invalid(vec![e]))?;
            let mut model: offer_session::ActiveModel = current.into();
            model.starts_on = Set(starts_on);
            model.ends_on = Set(input.ends_on);
            model.capacity = Set(input.capacity);
            model.update(&txn).await?;
        }
    }
    // More room in a session: its waiting list moves up.
    referrals::fill_from_waiting_list(&txn, ctx, row.id).await?;
    let detail = detail_of(&txn, row, true).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Sets the point of a record once its address is geocoded, if the address did not change
/// meanwhile. `entity` is `offer`, `partner` or `youth`.
pub async fn set_point(
    conn: &impl ConnectionTrait,
    entity: &str,
    id: Uuid,
    key: &str,
    point: domain::offers::GeoPoint,
) -> StorageResult<bool> {
    let (lat, lon) = (Some(point.lat), Some(point.lon));
    let updated = match entity {
        "offer" => {
            let remote = offer::Entity::find_by_id(id)
                .one(conn)
                .await?
                .is_some_and(|o| o.remote);
            offer::Entity::update_many()
                .col_expr(offer::Column::Lat, Expr::value(lat))
                .col_expr(offer::Column::Lon, Expr::value(lon))
                .col_expr(
                    offer::Column::Cell,
                    Expr::value(cell_of(Some(point), remote)),
                )
                .col_expr(offer::Column::LocatedAddress, Expr::value(key))
                .filter(offer::Column::Id.eq(id))
                .exec(conn)
                .await?
                .rows_affected
        }
        "partner" => {
            partner::Entity::update_many()
                .col_expr(partner::Column::Lat, Expr::value(lat))
                .col_expr(partner::Column::Lon, Expr::value(lon))
                .col_expr(partner::Column::LocatedAddress, Expr::value(key))
                .filter(partner::Column::Id.eq(id))
                .exec(conn)
                .await?
                .rows_affected
        }
        "youth" => profiles::set_point(conn, id, key, point).await?,
        _ => 0,
    };
    Ok(updated > 0)
}

/// The address of a record to geocode: `(key, line, postcode, commune)`, `None` when the
/// record is gone or has no address.
pub async fn address_to_locate(
    conn: &impl ConnectionTrait,
    entity: &str,
    id: Uuid,
) -> StorageResult<Option<(String, Option<String>, Option<String>, Option<String>)>> {
    let (parts, located) = match entity {
        "offer" => match offer::Entity::find_by_id(id).one(conn).await? {
            Some(o) => (
                Some((o.address_line, o.postcode, o.commune)),
                o.located_address,
            ),
            None => (None, None),
        },
        "partner" => match partner::Entity::find_by_id(id).one(conn).await? {
            Some(p) => (
                Some((p.address_line, p.postcode, p.commune)),
                p.located_address,
            ),
            None => (None, None),
        },
        "youth" => profiles::address_of(conn, id).await?,
        _ => (None, None),
    };
    Ok(parts.and_then(|(line, postcode, commune)| {
        address_key(line.as_deref(), postcode.as_deref(), commune.as_deref())
            .filter(|key| located.as_deref() != Some(key.as_str()))
            .map(|key| (key, line, postcode, commune))
    }))
}

/// `LOWER(column) LIKE '%word%'` (the word lowercased, its wildcards dropped).
pub(crate) fn lower_like(column: impl IntoColumnRef, word: &str) -> Expr {
    use sea_orm::sea_query::{ExprTrait as _, Func};
    Expr::expr(Func::lower(Expr::col(column)))
        .like(format!("%{}%", word.to_lowercase().replace(['%', '_'], "")))
}

/// Whether a JSON array column holds this code (`CAST(column AS TEXT) LIKE '%"code"%'`).
pub(crate) fn json_has_code(column: impl IntoColumnRef, code: &str) -> Expr {
    use sea_orm::sea_query::{Alias, ExprTrait as _};
    Expr::col(column)
        .cast_as(Alias::new("TEXT"))
        .like(format!("%\"{code}\"%"))
}

/// Rows whose bit mask `column` is 0 (no condition) or shares a bit with `bits`: a condition
/// of the offer that the young person's `bits` meet.
pub(crate) fn mask_meets<C: IntoColumnRef + Copy>(column: C, bits: i32) -> Condition {
    let none = Condition::any().add(Expr::col(column).eq(0));
    if bits == 0 {
        none
    } else {
        none.add(mask_shares(column, bits))
    }
}

/// Rows whose bit mask `column` shares a bit with `bits`.
pub(crate) fn mask_shares<C: IntoColumnRef>(column: C, bits: i32) -> Expr {
    Expr::col(column).bit_and(bits).ne(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_that_a_profile_meets() {
        // Two schemes: no condition (0), CEJ (1), PACEA (2), either (3).
        assert_eq!(scheme_mask(&[Scheme::Pacea]), 0b10);
        assert_eq!(
            level_mask(&[EducationLevel::Infra3, EducationLevel::Niveau4]),
            0b101
        );
        assert_eq!(zones_text(&["59".into(), "59512".into()]), ",59,59512,");
        let themes = [Theme::Emploi, Theme::Mobilite];
        assert_eq!(of_mask(Theme::ALL, theme_mask(&themes)), themes);
    }
}
