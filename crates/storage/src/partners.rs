//! Partner organisations: the directory (C1, C2, C11), the record a partner keeps up to date
//! (C7), the life cycle (C12), the history of exchanges (C5) and the portal users.

use domain::accompaniment::{Theme, field_error};
use domain::dto::{
    Address, AddressInput, AuditAction, Exchange, NewExchange, Page, PageQuery, PartnerContact,
    PartnerDetail, PartnerFilter, PartnerInput, PartnerKind, PartnerRecord, PartnerStatusChange,
    PartnerSummary, PartnerUser,
};
use domain::offers::{ExchangeKind, ExchangeTopic, GeoPoint, PartnerStatus, PartnershipForm};
use domain::{AccountId, Actor, ExchangeId, PartnerId, Role, Scope, StructureId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, offer, partner, partner_exchange, referral};
use crate::scope::Scoped;
use crate::{Db, StorageError, StorageResult};

fn kind_of(model: &partner::Model) -> StorageResult<PartnerKind> {
    PartnerKind::parse(&model.kind)
        .ok_or_else(|| StorageError::Corrupt(format!("partner kind {}", model.kind)))
}

fn status_of(model: &partner::Model) -> PartnerStatus {
    PartnerStatus::from_code(&model.status).unwrap_or(PartnerStatus::Actif)
}

pub(crate) fn list_of<T: serde::de::DeserializeOwned>(json: Option<&serde_json::Value>) -> Vec<T> {
    json.and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A commune's name from its INSEE code.
pub(crate) fn commune_name(code: Option<&str>) -> Option<String> {
    code.and_then(|c| referentiel::communes().by_insee(c))
        .map(|c| c.name.clone())
}

pub fn point_of(lat: Option<f64>, lon: Option<f64>) -> Option<GeoPoint> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
        _ => None,
    }
}

/// The text an address is geocoded from (`None`: nothing to locate).
pub fn address_key(
    line: Option<&str>,
    postcode: Option<&str>,
    commune: Option<&str>,
) -> Option<String> {
    let parts: Vec<&str> = [line, postcode, commune]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" | "))
}

/// Where an address was found, as the API's geocoder answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Located {
    /// The point, if found (or typed).
    pub point: Option<GeoPoint>,
    /// Whether the geocoder could not be reached (a job then retries).
    pub retry: bool,
}

pub(crate) fn address_of(
    line: Option<&String>,
    postcode: Option<&String>,
    commune: Option<&String>,
    lat: Option<f64>,
    lon: Option<f64>,
) -> Address {
    Address {
        line: line.cloned(),
        postcode: postcode.cloned(),
        commune: commune.cloned(),
        commune_name: commune_name(commune.map(String::as_str)),
        point: point_of(lat, lon),
    }
}

/// The text without surrounding blanks, `None` when nothing is left.
pub(crate) fn trimmed(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Queues a geocoding retry for a record whose address could not be located now.
pub(crate) async fn queue_geocode(
    conn: &impl ConnectionTrait,
    entity: &str,
    id: Uuid,
) -> StorageResult<()> {
    crate::jobs::enqueue(
        conn,
        crate::jobs::NewJob::now(
            crate::offers::GEOCODE,
            serde_json::json!({"entity": entity, "id": id}),
        ),
    )
    .await?;
    Ok(())
}

fn summary_of(p: &partner::Model) -> StorageResult<PartnerSummary> {
    Ok(PartnerSummary {
        id: PartnerId(p.id),
        name: p.name.clone(),
        kind: kind_of(p)?,
        status: status_of(p),
        themes: list_of(p.themes.as_ref()),
        forms: list_of(p.forms.as_ref()),
        sponsor: p.sponsor,
        commune_name: commune_name(p.commune.as_deref()),
        point: point_of(p.lat, p.lon),
    })
}

/// The organisations within the scope that match the filter, by name.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    filter: &PartnerFilter,
    page: &PageQuery,
) -> StorageResult<Page<PartnerSummary>> {
    let mut select = partner::Entity::find().filter(partner::Entity::within(scope));
    select = select
        .filter(partner::Column::Status.eq(filter.status.unwrap_or(PartnerStatus::Actif).code()));
    if let Some(kind) = filter.kind {
        select = select.filter(partner::Column::Kind.eq(kind.as_str()));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let mut words = Condition::all();
        for word in q.split_whitespace().take(5) {
            words = words.add(crate::offers::lower_like(partner::Column::Name, word));
        }
        select = select.filter(words);
    }
    if let Some(theme) = filter.theme {
        select = select.filter(crate::offers::json_has_code(
            partner::Column::Themes,
            theme.code(),
        ));
    }
    if let Some(form) = filter.form {
        select = select.filter(crate::offers::json_has_code(
            partner::Column::Forms,
            form.code(),
        ));
    }
    if let Some(sponsor) = filter.sponsor {
        select = select.filter(partner::Column::Sponsor.eq(sponsor));
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(partner::Column::Name)
        .order_by_asc(partner::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let items = rows
        .iter()
        .map(summary_of)
        .collect::<StorageResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

/// The organisation row within the scope.
pub async fn find_in_scope(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: PartnerId,
) -> StorageResult<partner::Model> {
    partner::Entity::find_by_id(id.as_uuid())
        .filter(partner::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// An organisation with its record and users, within the scope.
pub async fn detail(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: PartnerId,
) -> StorageResult<PartnerDetail> {
    let p = find_in_scope(conn, scope, id).await?;
    detail_of(conn, p).await
}

async fn detail_of(conn: &impl ConnectionTrait, p: partner::Model) -> StorageResult<PartnerDetail> {
    let users = account::Entity::find()
        .filter(account::Column::PartnerId.eq(p.id))
        .filter(account::Column::Role.eq(Role::Partenaire.as_str()))
        .order_by_asc(account::Column::LastName)
        .all(conn)
        .await?
        .iter()
        .map(|a| PartnerUser {
            id: AccountId(a.id),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            email: a.email.clone(),
            status: crate::accounts::status_of(a),
        })
        .collect();
    let open_offers = offer::Entity::find()
        .filter(offer::Column::PartnerId.eq(p.id))
        .filter(offer::Column::Status.eq(domain::offers::OfferStatus::Ouverte.code()))
        .count(conn)
        .await?;
    let active_referrals = referral::Entity::find()
        .filter(referral::Column::PartnerId.eq(p.id))
        .filter(
            referral::Column::Status.is_in(
                domain::offers::ReferralStatus::ALL
                    .iter()
                    .filter(|s| !s.is_final() && s.visible_to_partner())
                    .map(|s| s.code()),
            ),
        )
        .count(conn)
        .await?;
    let record = PartnerRecord {
        status: status_of(&p),
        status_comment: p.status_comment.clone(),
        status_changed_at: p.status_changed_at,
        website: p.website.clone(),
        description: p.description.clone(),
        address: address_of(
            p.address_line.as_ref(),
            p.postcode.as_ref(),
            p.commune.as_ref(),
            p.lat,
            p.lon,
        ),
        themes: list_of(p.themes.as_ref()),
        forms: list_of(p.forms.as_ref()),
        sponsor: p.sponsor,
        contacts: list_of(p.contacts.as_ref()),
        open_offers,
        active_referrals,
    };
    Ok(PartnerDetail {
        id: PartnerId(p.id),
        kind: kind_of(&p)?,
        name: p.name,
        siret: p.siret,
        email: p.email,
        phone: p.phone,
        users,
        record: Some(record),
    })
}

fn apply_input(
    model: &mut partner::ActiveModel,
    input: &PartnerInput,
    located: &Located,
    may_set_sponsor: bool,
) {
    let mut themes: Vec<Theme> = input.themes.clone();
    themes.sort();
    themes.dedup();
    let mut forms: Vec<PartnershipForm> = input.forms.clone();
    forms.sort();
    forms.dedup();
    let contacts: Vec<PartnerContact> = input
        .contacts
        .iter()
        .map(|c| PartnerContact {
            name: c.name.trim().to_owned(),
            role: trimmed(c.role.as_ref()),
            email: trimmed(c.email.as_ref()).map(|e| e.to_lowercase()),
            phone: trimmed(c.phone.as_ref()),
        })
        .collect();
    let address: &AddressInput = &input.address;
    model.name = Set(input.name.trim().to_owned());
    model.kind = Set(input.kind.unwrap_or(PartnerKind::Autre).as_str().to_owned());
    model.siret = Set(input
        .siret
        .as_deref()
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|s| !s.is_empty()));
    model.email = Set(trimmed(input.email.as_ref()).map(|e| e.to_lowercase()));
    model.phone = Set(trimmed(input.phone.as_ref()));
    model.website = Set(trimmed(input.website.as_ref()));
    model.description = Set(trimmed(input.description.as_ref()));
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
    model.themes = Set(Some(to_json(&themes)));
    model.forms = Set(Some(to_json(&forms)));
    model.contacts = Set(Some(to_json(&contacts)));
    if may_set_sponsor {
        model.sponsor = Set(input.sponsor);
    }
    model.updated_at = Set(crate::now());
}

/// Adds an organisation to the Mission Locale's directory.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    input: &PartnerInput,
    located: &Located,
) -> StorageResult<PartnerDetail> {
    let txn = db.begin_write().await?;
    let now = crate::now();
    let id = Uuid::new_v4();
    let mut model = partner::ActiveModel {
        id: Set(id),
        structure_id: Set(structure_id.as_uuid()),
        status: Set(PartnerStatus::Actif.code().to_owned()),
        status_comment: Set(None),
        status_changed_at: Set(None),
        sponsor: Set(false),
        created_at: Set(now),
        ..Default::default()
    };
    apply_input(&mut model, input, located, true);
    let row = model.insert(&txn).await?;
    if located.retry {
        queue_geocode(&txn, "partner", id).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "partner", Some(id))
            .summary(format!("Ajout du partenaire « {} »", row.name)),
    )
    .await?;
    let detail = detail_of(&txn, row).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Updates an organisation's record; a partner user (scope of their own organisation) cannot
/// change the sponsor flag.
pub async fn update(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: PartnerId,
    input: &PartnerInput,
    located: &Located,
) -> StorageResult<PartnerDetail> {
    let txn = db.begin_write().await?;
    let current = find_in_scope(&txn, scope, id).await?;
    let located = &crate::offers::keep_point(
        located,
        &input.address,
        current.located_address.as_deref(),
        point_of(current.lat, current.lon),
    );
    let mut model: partner::ActiveModel = current.into();
    apply_input(
        &mut model,
        input,
        located,
        matches!(scope, Scope::Structure(_)),
    );
    let row = model.update(&txn).await?;
    if located.retry {
        queue_geocode(&txn, "partner", row.id).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "partner", Some(row.id))
            .structure(StructureId(row.structure_id))
            .summary(format!("Mise à jour de la fiche « {} »", row.name)),
    )
    .await?;
    let detail = detail_of(&txn, row).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Archives, ends or reactivates a partnership with a comment (C12).
pub async fn set_status(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: PartnerId,
    change: &PartnerStatusChange,
) -> StorageResult<PartnerDetail> {
    let mut errors = Vec::new();
    let Some(status) = change.status else {
        errors.push(field_error(
            "status",
            "required",
            "Choisissez le nouveau statut.",
        ));
        return Err(StorageError::Invalid(errors));
    };
    let comment = change.comment.trim();
    if comment.is_empty() {
        return Err(StorageError::Invalid(vec![field_error(
            "comment",
            "required",
            "Expliquez en quelques mots ce changement de statut.",
        )]));
    }
    let txn = db.begin_write().await?;
    let current = find_in_scope(&txn, scope, id).await?;
    let name = current.name.clone();
    let mut model: partner::ActiveModel = current.into();
    model.status = Set(status.code().to_owned());
    model.status_comment = Set(Some(comment.chars().take(4000).collect()));
    model.status_changed_at = Set(Some(crate::now()));
    model.updated_at = Set(crate::now());
    let row = model.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "partner", Some(row.id))
            .summary(format!("Partenaire « {name} » : {}", status.label())),
    )
    .await?;
    let detail = detail_of(&txn, row).await?;
    txn.commit().await?;
    Ok(detail)
}

fn exchange_of(row: partner_exchange::Model) -> Exchange {
    Exchange {
        id: ExchangeId(row.id),
        occurred_on: row.occurred_on,
        kind: ExchangeKind::from_code(&row.kind).unwrap_or(ExchangeKind::Rencontre),
        topic: ExchangeTopic::from_code(&row.topic).unwrap_or(ExchangeTopic::Autre),
        summary: row.summary,
        author_name: row.author_name,
    }
}

/// The history of exchanges with an organisation, newest first.
pub async fn exchanges(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: PartnerId,
) -> StorageResult<Vec<Exchange>> {
    let p = find_in_scope(conn, scope, id).await?;
    Ok(partner_exchange::Entity::find()
        .filter(partner_exchange::Column::PartnerId.eq(p.id))
        .order_by_desc(partner_exchange::Column::OccurredOn)
        .order_by_desc(partner_exchange::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(exchange_of)
        .collect())
}

/// Records an exchange with an organisation (C5).
pub async fn add_exchange(
    db: &Db,
    actor: &Actor,
    scope: &Scope,
    id: PartnerId,
    input: &NewExchange,
    today: chrono::NaiveDate,
) -> StorageResult<Exchange> {
    let errors = input.check(today);
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let p = find_in_scope(&txn, scope, id).await?;
    let author = crate::accounts::display_name(&txn, actor.account_id).await?;
    let row = partner_exchange::ActiveModel {
        id: Set(Uuid::new_v4()),
        partner_id: Set(p.id),
        structure_id: Set(p.structure_id),
        occurred_on: Set(input.occurred_on.unwrap_or(today)),
        kind: Set(input.kind.map(|k| k.code()).unwrap_or_default().to_owned()),
        topic: Set(input.topic.map(|t| t.code()).unwrap_or_default().to_owned()),
        summary: Set(input.summary.trim().to_owned()),
        author_id: Set(actor.account_id.as_uuid()),
        author_name: Set(author),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(exchange_of(row))
}
