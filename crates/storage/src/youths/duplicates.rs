//! Duplicate detection (A7) over indexed blocking keys — a lookup never scans the files — and
//! the merge of two files, field by field, that moves everything attached to the merged file
//! and keeps it aside, recoverable.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use domain::dto::{
    AuditAction, ChangeKind, DuplicateCandidate, DuplicatePair, MergeSide, YouthDetail,
    YouthFileStatus,
};
use domain::file::{FileField, YouthFileData};
use domain::matching::{CANDIDATE_SCORE, Identity, MatchAssessment, blocking_keys, compare};
use domain::{Scope, StructureId, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::changes::{PendingChange, commit_changes};
use super::{author_of, data_of, detail, find_in_scope, links, summary};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{account, duplicate_dismissal, preregistration, youth, youth_match_key};
use crate::{Db, StorageError, StorageResult};

/// The most files one lookup looks at (a key shared by more is not selective).
const MAX_LOOKUP: u64 = 200;
/// The most candidates shown.
const MAX_CANDIDATES: usize = 10;

/// What duplicate detection compares, from a file's content (none without a birth date).
pub fn identity_of(data: &YouthFileData) -> Option<Identity> {
    Some(Identity {
        birth_name: data.birth_name.clone(),
        usage_name: data.usage_name.clone(),
        first_names: data.first_names.clone(),
        birth_date: data.birth_date?,
        email: data.email.clone(),
        phone: data.mobile.clone(),
    })
}

/// The prefix of the name-search keys kept beside the blocking keys (never used to match).
pub const WORD_KEY: &str = "w:";

/// The name-search keys of a file: each word of its names, folded (`w:moreau`, `w:lea`).
pub fn word_keys(data: &YouthFileData) -> Vec<String> {
    let names = format!(
        "{} {} {}",
        data.birth_name,
        data.usage_name.as_deref().unwrap_or_default(),
        data.first_names
    );
    let mut keys: Vec<String> = domain::matching::search_text(&names)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut key = format!("{WORD_KEY}{w}");
            key.truncate(64);
            key
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Rewrites the blocking keys and name-search keys of a file (none unless it is active).
pub(crate) async fn write_keys(
    conn: &impl ConnectionTrait,
    row: &youth::Model,
    data: &YouthFileData,
) -> StorageResult<()> {
    youth_match_key::Entity::delete_many()
        .filter(youth_match_key::Column::YouthId.eq(row.id))
        .exec(conn)
        .await?;
    if row.status != YouthFileStatus::Active.code() {
        return Ok(());
    }
    let mut all = word_keys(data);
    if let Some(identity) = identity_of(data) {
        all.extend(blocking_keys(&identity));
    }
    all.sort_unstable();
    all.dedup();
    let keys: Vec<youth_match_key::ActiveModel> = all
        .into_iter()
        .map(|key| youth_match_key::ActiveModel {
            key: Set(key),
            structure_id: Set(row.structure_id),
            youth_id: Set(row.id),
        })
        .collect();
    if !keys.is_empty() {
        youth_match_key::Entity::insert_many(keys)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Pairs dismissed as different people, seen from `youth_id`.
async fn dismissed_with(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<HashSet<Uuid>> {
    Ok(duplicate_dismissal::Entity::find()
        .filter(
            Condition::any()
                .add(duplicate_dismissal::Column::FirstId.eq(youth_id))
                .add(duplicate_dismissal::Column::SecondId.eq(youth_id)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|d| {
            if d.first_id == youth_id {
                d.second_id
            } else {
                d.first_id
            }
        })
        .collect())
}

/// The active files of a structure that may be the same person as `identity`, best first:
/// one indexed lookup of the blocking keys, then a comparison of each file found.
pub async fn candidates_for(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    identity: &Identity,
    exclude: Option<Uuid>,
    today: NaiveDate,
) -> StorageResult<Vec<DuplicateCandidate>> {
    let keys = blocking_keys(identity);
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = youth_match_key::Entity::find()
        .select_only()
        .column(youth_match_key::Column::YouthId)
        .distinct()
        .filter(youth_match_key::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(youth_match_key::Column::Key.is_in(keys))
        .limit(MAX_LOOKUP)
        .into_tuple()
        .all(conn)
        .await?;
    let dismissed = match exclude {
        Some(id) => dismissed_with(conn, id).await?,
        None => HashSet::new(),
    };
    let ids: Vec<Uuid> = ids
        .into_iter()
        .filter(|id| Some(*id) != exclude && !dismissed.contains(id))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = youth::Entity::find()
        .filter(youth::Column::Id.is_in(ids))
        .filter(youth::Column::Status.eq(YouthFileStatus::Active.code()))
        .all(conn)
        .await?;
    let mut scored: Vec<(youth::Model, MatchAssessment)> = rows
        .into_iter()
        .filter_map(|row| {
            let other = identity_of(&data_of(&row).ok()?)?;
            let assessment = compare(identity, &other);
            (assessment.score >= CANDIDATE_SCORE).then_some((row, assessment))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.1.score
            .cmp(&a.1.score)
            .then(a.0.sort_key.cmp(&b.0.sort_key))
    });
    scored.truncate(MAX_CANDIDATES);
    let rows: Vec<youth::Model> = scored.iter().map(|(r, _)| r.clone()).collect();
    let links = links(conn, &rows).await?;
    Ok(scored
        .into_iter()
        .map(|(row, assessment)| DuplicateCandidate {
            youth: summary(&row, &links, today),
            assessment,
        })
        .collect())
}

/// The duplicate candidates of a file.
pub async fn candidates_of(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
    today: NaiveDate,
) -> StorageResult<Vec<DuplicateCandidate>> {
    let row = find_in_scope(conn, scope, id).await?;
    let Some(identity) = identity_of(&data_of(&row)?) else {
        return Ok(Vec::new());
    };
    candidates_for(
        conn,
        StructureId(row.structure_id),
        &identity,
        Some(row.id),
        today,
    )
    .await
}

/// Every pair of active files of the structure that may be the same person, best first: the
/// files sharing a blocking key, compared two by two (keys read in key order, grouped).
pub async fn scan(
    conn: &impl ConnectionTrait,
    structure_id: StructureId,
    today: NaiveDate,
) -> StorageResult<Vec<DuplicatePair>> {
    let keys: Vec<(String, Uuid)> = youth_match_key::Entity::find()
        .select_only()
        .column(youth_match_key::Column::Key)
        .column(youth_match_key::Column::YouthId)
        .filter(youth_match_key::Column::StructureId.eq(structure_id.as_uuid()))
        .filter(youth_match_key::Column::Key.not_like(format!("{WORD_KEY}%")))
        .order_by_asc(youth_match_key::Column::Key)
        .into_tuple()
        .all(conn)
        .await?;
    let mut pairs: HashSet<(Uuid, Uuid)> = HashSet::new();
    let mut group: Vec<Uuid> = Vec::new();
    let mut current: Option<&str> = None;
    let mut flush = |group: &mut Vec<Uuid>| {
        // A key shared by very many files is not selective: skip it.
        if group.len() <= 50 {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    pairs.insert(if a < b { (*a, *b) } else { (*b, *a) });
                }
            }
        }
        group.clear();
    };
    for (key, id) in &keys {
        if current != Some(key.as_str()) {
            flush(&mut group);
            current = Some(key.as_str());
        }
        group.push(*id);
    }
    flush(&mut group);
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let dismissed: HashSet<(Uuid, Uuid)> = duplicate_dismissal::Entity::find()
        .filter(duplicate_dismissal::Column::StructureId.eq(structure_id.as_uuid()))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.first_id, d.second_id))
        .collect();
    let ids: Vec<Uuid> = pairs
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut rows: HashMap<Uuid, (youth::Model, Identity)> = HashMap::new();
    for chunk in ids.chunks(500) {
        for row in youth::Entity::find()
            .filter(youth::Column::Id.is_in(chunk.to_vec()))
            .filter(youth::Column::Status.eq(YouthFileStatus::Active.code()))
            .all(conn)
            .await?
        {
            if let Some(identity) = data_of(&row).ok().as_ref().and_then(identity_of) {
                rows.insert(row.id, (row, identity));
            }
        }
    }
    let mut found: Vec<(Uuid, Uuid, MatchAssessment)> = pairs
        .into_iter()
        .filter(|p| !dismissed.contains(p))
        .filter_map(|(a, b)| {
            let assessment = compare(&rows.get(&a)?.1, &rows.get(&b)?.1);
            (assessment.score >= CANDIDATE_SCORE).then_some((a, b, assessment))
        })
        .collect();
    found.sort_by(|x, y| y.2.score.cmp(&x.2.score).then(x.0.cmp(&y.0)));
    found.truncate(500);
    let involved: Vec<youth::Model> = found
        .iter()
        .flat_map(|(a, b, _)| [*a, *b])
        .collect::<HashSet<_>>()
        .into_iter()
        .filter_map(|id| rows.get(&id).map(|(r, _)| r.clone()))
        .collect();
    let links = links(conn, &involved).await?;
    Ok(found
        .into_iter()
        .filter_map(|(a, b, assessment)| {
            Some(DuplicatePair {
                first: summary(&rows.get(&a)?.0, &links, today),
                second: summary(&rows.get(&b)?.0, &links, today),
                assessment,
            })
        })
        .collect())
}

/// Records that two files are different people: they stop being proposed as duplicates.
pub async fn dismiss(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    other: YouthId,
) -> StorageResult<()> {
    let txn = db.begin_write().await?;
    let a = find_in_scope(&txn, scope, id).await?;
    let b = find_in_scope(&txn, scope, other).await?;
    if a.id == b.id {
        return Err(StorageError::NotNow("same_file"));
    }
    let (first, second) = if a.id < b.id {
        (a.id, b.id)
    } else {
        (b.id, a.id)
    };
    let exists = duplicate_dismissal::Entity::find_by_id((first, second))
        .one(&txn)
        .await?
        .is_some();
    if !exists {
        duplicate_dismissal::Entity::insert(duplicate_dismissal::ActiveModel {
            first_id: Set(first),
            second_id: Set(second),
            structure_id: Set(a.structure_id),
            dismissed_by: Set(ctx.actor.map(|x| x.account_id.as_uuid())),
            dismissed_at: Set(crate::now()),
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new(AuditAction::Update, "youth", a.id)
                .youth(id)
                .structure(StructureId(a.structure_id))
                .summary(format!(
                    "{} {} et {} {} : pas la même personne",
                    a.first_name, a.last_name, b.first_name, b.last_name
                )),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Merges `merged_id` into `kept_id`: the chosen fields take the merged file's values (as
/// history entries of the kept file), the pre-registrations and the app account move to the
/// kept file, and the merged file is kept aside with the status "merged", its data intact.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per part of the merge request"
)]
pub async fn merge(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    kept_id: YouthId,
    merged_id: YouthId,
    kept_version: i32,
    merged_version: i32,
    choices: &BTreeMap<FileField, MergeSide>,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let kept = find_in_scope(&txn, scope, kept_id).await?;
    let merged = find_in_scope(&txn, scope, merged_id).await?;
    if kept.id == merged.id {
        return Err(StorageError::NotNow("same_file"));
    }
    for row in [&kept, &merged] {
        if row.status != YouthFileStatus::Active.code() {
            return Err(StorageError::NotNow("file_not_active"));
        }
    }
    if kept.version != kept_version || merged.version != merged_version {
        return Err(StorageError::EditConflict(Vec::new()));
    }
    let mut data = data_of(&kept)?;
    let other = data_of(&merged)?;
    let mut changes = Vec::new();
    for (field, side) in choices {
        if *side != MergeSide::Merged {
            continue;
        }
        let old = field.get(&data);
        let new = field.get(&other);
        if old != new {
            field
                .set(&mut data, &new, today)
                .map_err(|e| StorageError::Invalid(vec![e.at(field.code())]))?;
            changes.push(PendingChange {
                field: *field,
                old,
                new,
                kind: ChangeKind::Merge,
                restored_from: None,
            });
        }
    }
    let author = author_of(&txn, ctx).await?;
    let mut updated = commit_changes(&txn, &kept, &data, changes, &author, today).await?;
    // The earliest contact history and the most recent contact both matter.
    let last_contact = kept.last_contact_on.max(merged.last_contact_on);
    if last_contact != updated.last_contact_on
        && let Some(day) = last_contact
    {
        super::changes::touch_contact(&txn, kept.id, day).await?;
    }
    if updated.counsellor_id.is_none() && merged.counsellor_id.is_some() {
        youth::Entity::update_many()
            .col_expr(
                youth::Column::CounsellorId,
                Expr::value(merged.counsellor_id),
            )
            .filter(youth::Column::Id.eq(kept.id))
            .exec(&txn)
            .await?;
    }
    // Everything attached to the merged file moves to the kept one.
    preregistration::Entity::update_many()
        .col_expr(preregistration::Column::YouthId, Expr::value(kept.id))
        .filter(preregistration::Column::YouthId.eq(merged.id))
        .exec(&txn)
        .await?;
    crate::accompaniment::move_records(&txn, merged.id, kept.id).await?;
    crate::offers::referrals::move_records(&txn, merged.id, kept.id).await?;
    crate::offers::profiles::forget(&txn, merged.id).await?;
    let kept_has_account = account::Entity::find()
        .filter(account::Column::YouthId.eq(kept.id))
        .one(&txn)
        .await?
        .is_some();
    if kept_has_account {
        // One person, one account: the merged file's account is closed.
        account::Entity::update_many()
            .col_expr(account::Column::IsActive, Expr::value(false))
            .col_expr(account::Column::YouthId, Expr::value(Option::<Uuid>::None))
            .filter(account::Column::YouthId.eq(merged.id))
            .exec(&txn)
            .await?;
    } else {
        account::Entity::update_many()
            .col_expr(account::Column::YouthId, Expr::value(kept.id))
            .filter(account::Column::YouthId.eq(merged.id))
            .exec(&txn)
            .await?;
    }
    youth::Entity::update_many()
        .col_expr(
            youth::Column::Status,
            Expr::value(YouthFileStatus::Merged.code()),
        )
        .col_expr(youth::Column::MergedInto, Expr::value(kept.id))
        .col_expr(youth::Column::Version, Expr::value(merged.version + 1))
        .col_expr(youth::Column::UpdatedAt, Expr::value(crate::now()))
        .filter(youth::Column::Id.eq(merged.id))
        .exec(&txn)
        .await?;
    youth_match_key::Entity::delete_many()
        .filter(youth_match_key::Column::YouthId.eq(merged.id))
        .exec(&txn)
        .await?;
    let fields: Vec<&str> = choices
        .iter()
        .filter(|(_, side)| **side == MergeSide::Merged)
        .map(|(f, _)| f.label())
        .collect();
    let summary_text = format!(
        "Dossier de {} {} ({}) fusionné dans celui de {} {} ({}) ; valeurs reprises : {}",
        merged.first_name,
        merged.last_name,
        merged.id,
        kept.first_name,
        kept.last_name,
        kept.id,
        if fields.is_empty() {
            "aucune".to_owned()
        } else {
            fields.join(", ")
        }
    );
    for row in [&kept, &merged] {
        audit::record(
            &txn,
            ctx,
            Entry::new(AuditAction::Merge, "youth", row.id)
                .youth(YouthId(row.id))
                .structure(StructureId(row.structure_id))
                .summary(summary_text.clone()),
        )
        .await?;
    }
    updated = youth::Entity::find_by_id(kept.id)
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let out = detail(&txn, updated, today).await?;
    txn.commit().await?;
    Ok(out)
}
