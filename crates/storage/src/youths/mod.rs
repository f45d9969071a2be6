//! Young people's files: the file's content with its projections, lists (the portfolio),
//! audited reads and creation. Changes and history are in [`changes`], duplicates and merge in
//! [`duplicates`], counsellor assignment, transfer, readers and exports in [`moves`].

pub mod changes;
pub mod duplicates;
pub mod moves;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::dto::{
    AccountStatus, AuditAction, Page, PersonRef, YouthDetail, YouthFileStatus, YouthListQuery,
    YouthSummary,
};
use domain::file::{FileField, Origin, YouthFileData, assess};
use domain::matching::search_text;
use domain::people::age_on;
use domain::{AccountId, Role, Scope, StructureId, YouthId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, structure, youth, youth_change, youth_match_key};
use crate::scope::Scoped;
use crate::{Db, StorageError, StorageResult};

/// Who makes a change, as written in the history.
#[derive(Clone, Debug)]
pub(crate) struct Author {
    pub id: Option<Uuid>,
    pub name: String,
    pub origin: Origin,
}

impl Author {
    pub(crate) fn system() -> Self {
        Self {
            id: None,
            name: "Passerelle".to_owned(),
            origin: Origin::Systeme,
        }
    }
}

/// The author behind an audit context: the account's name, and whether it is the young person.
pub(crate) async fn author_of(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
) -> StorageResult<Author> {
    let Some(actor) = ctx.actor else {
        return Ok(Author::system());
    };
    let name = account::Entity::find_by_id(actor.account_id.as_uuid())
        .one(conn)
        .await?
        .map_or_else(
            || "Compte supprimé".to_owned(),
            |a| format!("{} {}", a.first_name, a.last_name),
        );
    Ok(Author {
        id: Some(actor.account_id.as_uuid()),
        name,
        origin: if actor.role == Role::Jeune {
            Origin::Jeune
        } else {
            Origin::MissionLocale
        },
    })
}

/// The columns derived from a file's content.
pub(crate) struct Projection {
    first_name: String,
    last_name: String,
    birth_date: NaiveDate,
    email: Option<String>,
    phone: Option<String>,
    sort_key: String,
    postcode: Option<String>,
    commune: Option<String>,
    situation: Option<String>,
    education_level: Option<String>,
    missing_count: i32,
    blocking_count: i32,
}

pub(crate) fn project(data: &YouthFileData, today: NaiveDate) -> StorageResult<Projection> {
    let birth_date = data
        .birth_date
        .ok_or_else(|| StorageError::Corrupt("file without a birth date".to_owned()))?;
    let completeness = assess(data, today);
    Ok(Projection {
        first_name: data.usual_first_name().to_owned(),
        last_name: data.display_last_name().to_owned(),
        birth_date,
        email: data.email.clone(),
        phone: data.mobile.clone(),
        sort_key: format!(
            "{} {}",
            search_text(data.display_last_name()),
            search_text(&data.first_names)
        ),
        postcode: data.postcode.clone(),
        commune: data.commune.clone(),
        situation: data
            .current_situation()
            .map(|s| s.category.code().to_owned()),
        education_level: data.education_level.map(|l| l.code().to_owned()),
        missing_count: i32::try_from(completeness.items.len()).unwrap_or(i32::MAX),
        blocking_count: i32::try_from(completeness.blocking_count()).unwrap_or(i32::MAX),
    })
}

pub(crate) fn apply_projection(model: &mut youth::ActiveModel, p: Projection) {
    model.first_name = Set(p.first_name);
    model.last_name = Set(p.last_name);
    model.birth_date = Set(p.birth_date);
    model.email = Set(p.email);
    model.phone = Set(p.phone);
    model.sort_key = Set(p.sort_key);
    model.postcode = Set(p.postcode);
    model.commune = Set(p.commune);
    model.situation = Set(p.situation);
    model.education_level = Set(p.education_level);
    model.missing_count = Set(p.missing_count);
    model.blocking_count = Set(p.blocking_count);
}

/// The file's content.
pub(crate) fn data_of(row: &youth::Model) -> StorageResult<YouthFileData> {
    serde_json::from_value(row.data.clone())
        .map_err(|e| StorageError::Corrupt(format!("file {}: {e}", row.id)))
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> StorageResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| StorageError::Corrupt(e.to_string()))
}

pub(crate) fn status_of(row: &youth::Model) -> YouthFileStatus {
    YouthFileStatus::from_code(&row.status).unwrap_or(YouthFileStatus::Active)
}

/// The counsellors and youth accounts attached to a set of files.
pub(crate) struct Links {
    counsellors: HashMap<Uuid, PersonRef>,
    accounts: HashMap<Uuid, AccountStatus>,
}

pub(crate) async fn links(
    conn: &impl ConnectionTrait,
    rows: &[youth::Model],
) -> StorageResult<Links> {
    let counsellor_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.counsellor_id).collect();
    let counsellors = if counsellor_ids.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(counsellor_ids))
            .all(conn)
            .await?
            .iter()
            .map(|a| (a.id, crate::accounts::person_ref(a)))
            .collect()
    };
    let youth_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let accounts = account::Entity::find()
        .filter(account::Column::YouthId.is_in(youth_ids))
        .all(conn)
        .await?
        .iter()
        .filter_map(|a| a.youth_id.map(|y| (y, crate::accounts::status_of(a))))
        .collect();
    Ok(Links {
        counsellors,
        accounts,
    })
}

pub(crate) fn summary(row: &youth::Model, links: &Links, today: NaiveDate) -> YouthSummary {
    YouthSummary {
        id: YouthId(row.id),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        birth_date: row.birth_date,
        age: age_on(row.birth_date, today),
        counsellor: row
            .counsellor_id
            .and_then(|id| links.counsellors.get(&id).cloned()),
        account_status: links.accounts.get(&row.id).copied(),
        situation: row
            .situation
            .as_deref()
            .and_then(domain::file::SituationCategory::from_code),
        postcode: row.postcode.clone(),
        last_contact_on: row.last_contact_on,
        missing_count: u32::try_from(row.missing_count).unwrap_or(0),
        blocking_count: u32::try_from(row.blocking_count).unwrap_or(0),
        status: status_of(row),
    }
}

/// The fields young people of a structure may edit.
pub async fn youth_editable(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
) -> StorageResult<Vec<FileField>> {
    let row = structure::Entity::find_by_id(structure_id.as_uuid())
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(row
        .youth_editable
        .and_then(|json| serde_json::from_value::<Vec<FileField>>(json).ok())
        .unwrap_or_else(|| FileField::DEFAULT_YOUTH_EDITABLE.to_vec()))
}

/// Changes the fields young people of a structure may edit.
pub async fn set_youth_editable(
    db: &Db,
    ctx: &AuditContext,
    structure_id: StructureId,
    fields: &[FileField],
) -> StorageResult<Vec<FileField>> {
    let mut fields = fields.to_vec();
    fields.sort_unstable();
    fields.dedup();
    let txn = db.begin_write().await?;
    let row = structure::Entity::find_by_id(structure_id.as_uuid())
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let mut model: structure::ActiveModel = row.into();
    model.youth_editable = Set(Some(to_json(&fields)?));
    model.updated_at = Set(crate::now());
    model.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "structure", structure_id.as_uuid())
            .structure(structure_id)
            .summary(format!(
                "Champs modifiables par les jeunes : {}",
                fields
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(fields)
}

/// The full wire form of a file row.
pub(crate) async fn detail(
    conn: &impl ConnectionTrait,
    row: youth::Model,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let links = links(conn, std::slice::from_ref(&row)).await?;
    let data = data_of(&row)?;
    let provenance = changes::provenance(conn, row.id).await?;
    let youth_editable = youth_editable(conn, StructureId(row.structure_id)).await?;
    Ok(YouthDetail {
        id: YouthId(row.id),
        structure_id: StructureId(row.structure_id),
        status: status_of(&row),
        merged_into: row.merged_into.map(YouthId),
        version: row.version,
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        birth_date: row.birth_date,
        age: age_on(row.birth_date, today),
        email: row.email.clone(),
        phone: row.phone.clone(),
        completeness: assess(&data, today),
        data,
        commune_name: None,
        birth_commune_name: None,
        provenance,
        youth_editable,
        counsellor: row
            .counsellor_id
            .and_then(|id| links.counsellors.get(&id).cloned()),
        account_status: links.accounts.get(&row.id).copied(),
        last_contact_on: row.last_contact_on,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The most files a name search word may match (a longer prefix narrows it).
const MAX_SEARCH_MATCHES: u64 = 20_000;

/// The portfolio: active files within the scope, filtered, by name.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    query: &YouthListQuery,
    me: AccountId,
    today: NaiveDate,
) -> StorageResult<Page<YouthSummary>> {
    let page = query.page_query();
    let mut cond = Condition::all()
        .add(youth::Entity::within(scope))
        .add(youth::Column::Status.eq(YouthFileStatus::Active.code()));
    if query.mine == Some(true) {
        cond = cond.add(youth::Column::CounsellorId.eq(me.as_uuid()));
    }
    if let Some(counsellor) = query.counsellor_id {
        cond = cond.add(youth::Column::CounsellorId.eq(counsellor.as_uuid()));
    }
    if query.unassigned == Some(true) {
        cond = cond.add(youth::Column::CounsellorId.is_null());
    }
    // Name search: each word typed must start a word of the names. The words are indexed keys
    // (`youth_match_keys`, `w:` prefix) read by range, never by scanning the files; the files
    // matching every word are then fetched by id.
    if let Some(q) = query
        .q
        .as_deref()
        .map(search_text)
        .filter(|q| !q.is_empty())
    {
        let mut matching: Option<std::collections::HashSet<Uuid>> = None;
        for word in q.split(' ').filter(|w| !w.is_empty()).take(4) {
            let low = format!("{}{word}", duplicates::WORD_KEY);
            let high = format!("{low}\u{7f}");
            let ids: std::collections::HashSet<Uuid> = youth_match_key::Entity::find()
                .select_only()
                .column(youth_match_key::Column::YouthId)
                .filter(youth_match_key::Column::StructureId.eq(scope.structure_id().as_uuid()))
                .filter(youth_match_key::Column::Key.gte(low))
                .filter(youth_match_key::Column::Key.lt(high))
                .limit(MAX_SEARCH_MATCHES)
                .into_tuple::<Uuid>()
                .all(conn)
                .await?
                .into_iter()
                .collect();
            matching = Some(match matching {
                None => ids,
                Some(previous) => previous.intersection(&ids).copied().collect(),
            });
        }
        let ids: Vec<Uuid> = matching.unwrap_or_default().into_iter().collect();
        cond = cond.add(youth::Column::Id.is_in(ids));
    }
    // Age bounds become birth-date bounds.
    if let Some(min) = query.age_min {
        let latest = years_before(today, min);
        cond = cond.add(youth::Column::BirthDate.lte(latest));
    }
    if let Some(max) = query.age_max {
        let earliest = years_before(today, max + 1)
            .succ_opt()
            .unwrap_or(NaiveDate::MIN);
        cond = cond.add(youth::Column::BirthDate.gte(earliest));
    }
    if let Some(situation) = query.situation {
        cond = cond.add(youth::Column::Situation.eq(situation.code()));
    }
    if let Some(days) = query.no_contact_days {
        let limit = today - chrono::Duration::days(i64::from(days));
        cond = cond.add(
            Condition::any()
                .add(youth::Column::LastContactOn.is_null())
                .add(youth::Column::LastContactOn.lte(limit)),
        );
    }
    match query.incomplete {
        Some(true) => cond = cond.add(youth::Column::MissingCount.gt(0)),
        Some(false) => cond = cond.add(youth::Column::MissingCount.eq(0)),
        None => {}
    }
    let select = youth::Entity::find().filter(cond);
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_asc(youth::Column::SortKey)
        .order_by_asc(youth::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.per_page()))
        .all(conn)
        .await?;
    let links = links(conn, &rows).await?;
    let items = rows.iter().map(|r| summary(r, &links, today)).collect();
    Ok(Page {
        items,
        total,
        page: page.page(),
        per_page: page.per_page(),
    })
}

fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    let year = date.year() - i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
        .unwrap_or(NaiveDate::MIN)
}

/// The file row within the scope (any status).
pub async fn find_in_scope(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
) -> StorageResult<youth::Model> {
    youth::Entity::find_by_id(id.as_uuid())
        .filter(youth::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

/// Reads a file within the scope, and writes who read it to the audit log.
pub async fn read(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "youth", row.id)
            .youth(id)
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "Consultation du dossier de {} {}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    let detail = detail(&txn, row, today).await?;
    txn.commit().await?;
    Ok(detail)
}

/// A new file: its content and who follows it.
#[derive(Clone, Debug)]
pub struct NewFile {
    /// The content (a birth date is required).
    pub data: YouthFileData,
    /// Who entered the content: the Mission Locale, or the young person (pre-registration).
    pub origin: Origin,
    /// Referent counsellor.
    pub counsellor_id: Option<AccountId>,
}

/// Opens a file in `structure_id`, inside the caller's transaction: history, blocking keys,
/// audit. The last contact is today.
pub(crate) async fn insert(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    structure_id: StructureId,
    file: NewFile,
    today: NaiveDate,
) -> StorageResult<youth::Model> {
    let now = crate::now();
    let id = Uuid::new_v4();
    let mut author = author_of(conn, ctx).await?;
    if file.origin == Origin::Jeune && author.origin != Origin::Jeune {
        author.origin = Origin::Jeune;
        author.name = format!(
            "{} (pré-inscription, saisie par le jeune)",
            file.data.full_name()
        );
        author.id = None;
    }
    let mut model = youth::ActiveModel {
        id: Set(id),
        structure_id: Set(structure_id.as_uuid()),
        counsellor_id: Set(file.counsellor_id.map(AccountId::as_uuid)),
        created_by: Set(ctx.actor.map(|a| a.account_id.as_uuid())),
        created_at: Set(now),
        updated_at: Set(now),
        data: Set(to_json(&file.data)?),
        version: Set(1),
        status: Set(YouthFileStatus::Active.code().to_owned()),
        merged_into: Set(None),
        last_contact_on: Set(Some(today)),
        follow_up_intensity: Set(None),
        anonymised_at: Set(None),
        ..Default::default()
    };
    apply_projection(&mut model, project(&file.data, today)?);
    let row = model.insert(conn).await?;
    let empty = YouthFileData::default();
    let changes: Vec<youth_change::ActiveModel> = FileField::ALL
        .iter()
        .filter_map(|field| {
            let value = field.get(&file.data);
            (value != field.get(&empty) && !value.is_null()).then(|| youth_change::ActiveModel {
                id: Set(Uuid::new_v4()),
                youth_id: Set(id),
                version: Set(1),
                field: Set(field.code().to_owned()),
                old_value: Set(None),
                new_value: Set(Some(value)),
                kind: Set(domain::dto::ChangeKind::Creation.code().to_owned()),
                origin: Set(author.origin.code().to_owned()),
                author_id: Set(author.id),
                author_name: Set(author.name.clone()),
                at: Set(now),
                restored_from: Set(None),
            })
        })
        .collect();
    if !changes.is_empty() {
        youth_change::Entity::insert_many(changes)
            .exec(conn)
            .await?;
    }
    duplicates::write_keys(conn, &row, &file.data).await?;
    audit::record(
        conn,
        ctx,
        Entry::new(AuditAction::Create, "youth", row.id)
            .youth(YouthId(row.id))
            .structure(structure_id)
            .summary(format!(
                "Dossier ouvert pour {} {}",
                row.first_name, row.last_name
            )),
    )
    .await?;
    crate::offers::profiles::refresh(conn, row.id).await?;
    Ok(row)
}

/// Opens a file in the scope's structure.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    file: NewFile,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let Scope::Structure(structure_id) = *scope else {
        return Err(StorageError::NotFound);
    };
    let txn = db.begin_write().await?;
    let row = insert(&txn, ctx, structure_id, file, today).await?;
    let detail = detail(&txn, row, today).await?;
    txn.commit().await?;
    Ok(detail)
}

/// How many active files a structure holds (for tests and dashboards).
pub async fn count_in(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
) -> StorageResult<u64> {
    Ok(youth::Entity::find()
        .filter(youth::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(youth::Column::Status.eq(YouthFileStatus::Active.code()))
        .count(conn)
        .await?)
}
