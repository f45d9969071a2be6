//! Missions Locales, their sites and covered communes.

use domain::dto::{AuditAction, CoveredCommune, SiteView, StructureDetail, StructureRef};
use domain::values::{InseeCode, PhoneNumber, PostalCode};
use domain::{Scope, SiteId, StructureId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{covered_commune, site, structure};
use crate::scope::Scoped;
use crate::{Conflict, Db, StorageError, StorageResult};

fn site_view(m: site::Model) -> SiteView {
    SiteView {
        id: SiteId(m.id),
        name: m.name,
        address: m.address,
        postal_code: m.postal_code,
        commune_name: m.commune_name,
        commune_insee: m.commune_insee,
        phone: m.phone,
    }
}

fn commune_view(m: covered_commune::Model) -> CoveredCommune {
    CoveredCommune {
        insee_code: m.insee_code,
        postal_code: m.postal_code,
        name: m.name,
        site_id: m.site_id.map(SiteId),
    }
}

async fn find_in_scope(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: StructureId,
) -> StorageResult<structure::Model> {
    structure::Entity::find_by_id(id.as_uuid())
        .filter(structure::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// A structure with its sites and communes, if within the scope.
pub async fn detail(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: StructureId,
) -> StorageResult<StructureDetail> {
    let s = find_in_scope(conn, scope, id).await?;
    let sites = site::Entity::find()
        .filter(site::Column::StructureId.eq(s.id))
        .order_by_asc(site::Column::Name)
        .all(conn)
        .await?;
    let communes = covered_commune::Entity::find()
        .filter(covered_commune::Column::StructureId.eq(s.id))
        .order_by_asc(covered_commune::Column::Name)
        .order_by_asc(covered_commune::Column::PostalCode)
        .all(conn)
        .await?;
    Ok(StructureDetail {
        id: StructureId(s.id),
        code: s.code,
        name: s.name,
        email: s.email,
        phone: s.phone,
        sites: sites.into_iter().map(site_view).collect(),
        communes: communes.into_iter().map(commune_view).collect(),
    })
}

/// Name of a structure.
pub async fn reference(
    conn: &impl ConnectionTrait,
    id: StructureId,
) -> StorageResult<StructureRef> {
    let s = structure::Entity::find_by_id(id.as_uuid())
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(StructureRef { id, name: s.name })
}

/// A new site, parsed.
#[derive(Clone, Debug)]
pub struct SiteInput {
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Postcode.
    pub postal_code: PostalCode,
    /// Commune name.
    pub commune_name: String,
    /// Commune INSEE code.
    pub commune_insee: InseeCode,
    /// Phone.
    pub phone: Option<PhoneNumber>,
}

/// Adds a site to a structure within the scope.
pub async fn add_site(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: StructureId,
    input: SiteInput,
) -> StorageResult<SiteView> {
    let txn = db.begin_write().await?;
    let s = find_in_scope(&txn, scope, id).await?;
    let model = site::ActiveModel {
        id: Set(Uuid::new_v4()),
        structure_id: Set(s.id),
        name: Set(input.name),
        address: Set(input.address),
        postal_code: Set(input.postal_code.as_str().to_owned()),
        commune_insee: Set(input.commune_insee.as_str().to_owned()),
        commune_name: Set(input.commune_name),
        phone: Set(input.phone.map(|p| p.as_str().to_owned())),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "site", model.id)
            .structure(id)
            .summary(format!("Site « {} » ajouté", model.name)),
    )
    .await?;
    txn.commit().await?;
    Ok(site_view(model))
}

/// A covered commune, parsed.
#[derive(Clone, Debug)]
pub struct CommuneInput {
    /// INSEE code.
    pub insee_code: InseeCode,
    /// Postcode.
    pub postal_code: PostalCode,
    /// Name.
    pub name: String,
    /// Receiving site.
    pub site_id: Option<SiteId>,
}

/// Adds a covered commune to a structure within the scope.
pub async fn add_commune(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: StructureId,
    input: CommuneInput,
) -> StorageResult<CoveredCommune> {
    let txn = db.begin_write().await?;
    let s = find_in_scope(&txn, scope, id).await?;
    if let Some(site_id) = input.site_id {
        let owned = site::Entity::find_by_id(site_id.as_uuid())
            .filter(site::Column::StructureId.eq(s.id))
            .one(&txn)
            .await?;
        if owned.is_none() {
            return Err(StorageError::Conflict(Conflict::UnknownSite));
        }
    }
    let model = covered_commune::ActiveModel {
        id: Set(Uuid::new_v4()),
        structure_id: Set(s.id),
        site_id: Set(input.site_id.map(SiteId::as_uuid)),
        insee_code: Set(input.insee_code.as_str().to_owned()),
        postal_code: Set(input.postal_code.as_str().to_owned()),
        name: Set(input.name),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| StorageError::unique_or(e, Conflict::CommuneAlreadyCovered))?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "covered_commune", model.id)
            .structure(id)
            .summary(format!(
                "Commune {} ({}) ajoutée au territoire",
                model.name, model.postal_code
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(commune_view(model))
}

fn public_of(
    s: structure::Model,
    communes: &[covered_commune::Model],
) -> domain::dto::PublicStructure {
    let mut postcodes: Vec<String> = communes
        .iter()
        .filter(|c| c.structure_id == s.id)
        .map(|c| c.postal_code.clone())
        .collect();
    postcodes.sort_unstable();
    postcodes.dedup();
    domain::dto::PublicStructure {
        id: StructureId(s.id),
        name: s.name,
        postcodes,
    }
}

/// Every Mission Locale with the postcodes it covers (for the public pre-registration form).
pub async fn public_list(
    conn: &impl ConnectionTrait,
) -> StorageResult<Vec<domain::dto::PublicStructure>> {
    let structures = structure::Entity::find()
        .order_by_asc(structure::Column::Name)
        .all(conn)
        .await?;
    let communes = covered_commune::Entity::find().all(conn).await?;
    Ok(structures
        .into_iter()
        .map(|s| public_of(s, &communes))
        .collect())
}

/// One Mission Locale as the public sees it, if it exists.
pub async fn public_one(
    conn: &impl ConnectionTrait,
    id: StructureId,
) -> StorageResult<Option<domain::dto::PublicStructure>> {
    let Some(s) = structure::Entity::find_by_id(id.as_uuid())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let communes = covered_commune::Entity::find()
        .filter(covered_commune::Column::StructureId.eq(id.as_uuid()))
        .all(conn)
        .await?;
    Ok(Some(public_of(s, &communes)))
}

/// The Mission Locale covering a commune, if any.
pub async fn covering(
    conn: &impl ConnectionTrait,
    insee: &str,
) -> StorageResult<Option<StructureId>> {
    Ok(covered_commune::Entity::find()
        .filter(covered_commune::Column::InseeCode.eq(insee))
        .one(conn)
        .await?
        .map(|c| StructureId(c.structure_id)))
}
