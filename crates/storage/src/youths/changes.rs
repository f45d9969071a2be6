//! Changes to a file, field by field, with optimistic concurrency (the `version` column); the
//! history of every change (E4, E5), restoring an earlier value, and who entered each value
//! (D7) with the Mission Locale's confirmation of the young person's entries.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use domain::dto::{AuditAction, ChangeKind, FieldProvenance, FileChange, YouthDetail};
use domain::file::{FileField, Origin, YouthFileData};
use domain::values::Invalid;
use domain::{FieldError, Role, Scope, StructureId, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;
use uuid::Uuid;

use super::{
    Author, apply_projection, author_of, data_of, detail, find_in_scope, project, to_json,
};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{youth, youth_change};
use crate::{Db, StorageError, StorageResult};

/// Extra checks on the whole file after a change (e.g. that a commune exists): field errors.
pub type FileCheck<'a> = &'a (dyn Fn(&YouthFileData) -> Vec<FieldError> + Sync);

const NOT_EDITABLE: Invalid = Invalid {
    code: "not_editable",
    message: "Ce champ ne peut être modifié qu'avec votre conseiller ou conseillère.",
};

/// Who entered the current value of each field, from the history.
pub(crate) async fn provenance(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Vec<FieldProvenance>> {
    let rows = youth_change::Entity::find()
        .filter(youth_change::Column::YouthId.eq(youth_id))
        .order_by_asc(youth_change::Column::Version)
        .order_by_asc(youth_change::Column::At)
        .all(conn)
        .await?;
    let mut by_field: BTreeMap<FileField, FieldProvenance> = BTreeMap::new();
    for row in rows {
        let Some(field) = FileField::from_code(&row.field) else {
            continue;
        };
        let origin = Origin::from_code(&row.origin).unwrap_or(Origin::Systeme);
        if row.kind == ChangeKind::Confirmation.code() {
            if let Some(p) = by_field.get_mut(&field) {
                p.confirmed = true;
            }
            continue;
        }
        by_field.insert(
            field,
            FieldProvenance {
                field,
                origin,
                author_name: row.author_name,
                at: row.at,
                confirmed: origin != Origin::Jeune,
            },
        );
    }
    Ok(by_field.into_values().collect())
}

fn change_of(row: youth_change::Model) -> Option<FileChange> {
    let field = FileField::from_code(&row.field)?;
    let old_value = row.old_value.unwrap_or(Value::Null);
    let new_value = row.new_value.unwrap_or(Value::Null);
    Some(FileChange {
        id: row.id,
        field,
        label: field.label().to_owned(),
        old_display: field.display(&old_value),
        new_display: field.display(&new_value),
        old_value,
        new_value,
        kind: ChangeKind::from_code(&row.kind).unwrap_or(ChangeKind::Edit),
        origin: Origin::from_code(&row.origin).unwrap_or(Origin::Systeme),
        author_name: row.author_name,
        at: row.at,
        version: row.version,
        restored_from: row.restored_from,
    })
}

/// The history of a file, newest first.
pub async fn history(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
) -> StorageResult<Vec<FileChange>> {
    let row = find_in_scope(conn, scope, id).await?;
    history_of(conn, row.id).await
}

pub(crate) async fn history_of(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
) -> StorageResult<Vec<FileChange>> {
    Ok(youth_change::Entity::find()
        .filter(youth_change::Column::YouthId.eq(youth_id))
        .order_by_desc(youth_change::Column::Version)
        .order_by_desc(youth_change::Column::At)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(change_of)
        .collect())
}

/// What changed since `version`, as field errors for a 409.
async fn changed_since(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    version: i32,
) -> StorageResult<Vec<FieldError>> {
    let rows = youth_change::Entity::find()
        .filter(youth_change::Column::YouthId.eq(youth_id))
        .filter(youth_change::Column::Version.gt(version))
        .order_by_asc(youth_change::Column::Version)
        .all(conn)
        .await?;
    let mut latest: BTreeMap<String, FieldError> = BTreeMap::new();
    for change in rows.into_iter().filter_map(change_of) {
        latest.insert(
            change.field.code().to_owned(),
            FieldError {
                field: change.field.code().to_owned(),
                code: "changed_meanwhile".to_owned(),
                message: format!(
                    "{} a été modifié entre-temps par {} le {} : « {} ».",
                    change.label,
                    change.author_name,
                    change.at.format("%d/%m/%Y à %H:%M"),
                    change.new_display
                ),
            },
        );
    }
    Ok(latest.into_values().collect())
}

/// One change to write.
pub(crate) struct PendingChange {
    pub field: FileField,
    pub old: Value,
    pub new: Value,
    pub kind: ChangeKind,
    pub restored_from: Option<Uuid>,
}

/// Writes the new content and the history rows, if the stored version is still `version`.
/// Returns the updated row.
pub(crate) async fn commit_changes(
    conn: &impl ConnectionTrait,
    row: &youth::Model,
    data: &YouthFileData,
    changes: Vec<PendingChange>,
    author: &Author,
    today: NaiveDate,
) -> StorageResult<youth::Model> {
    let now = crate::now();
    let next = row.version + 1;
    let mut model = youth::ActiveModel {
        data: Set(to_json(data)?),
        version: Set(next),
        updated_at: Set(now),
        ..Default::default()
    };
    apply_projection(&mut model, project(data, today)?);
    let result = youth::Entity::update_many()
        .set(model)
        .filter(youth::Column::Id.eq(row.id))
        .filter(youth::Column::Version.eq(row.version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StorageError::EditConflict(
            changed_since(conn, row.id, row.version).await?,
        ));
    }
    let identity_changed = changes.iter().any(|c| c.field.is_identity());
    let rows: Vec<youth_change::ActiveModel> = changes
        .into_iter()
        .map(|c| youth_change::ActiveModel {
            id: Set(Uuid::new_v4()),
            youth_id: Set(row.id),
            version: Set(next),
            field: Set(c.field.code().to_owned()),
            old_value: Set((!c.old.is_null()).then_some(c.old)),
            new_value: Set((!c.new.is_null()).then_some(c.new)),
            kind: Set(c.kind.code().to_owned()),
            origin: Set(author.origin.code().to_owned()),
            author_id: Set(author.id),
            author_name: Set(author.name.clone()),
            at: Set(now),
            restored_from: Set(c.restored_from),
        })
        .collect();
    if !rows.is_empty() {
        youth_change::Entity::insert_many(rows).exec(conn).await?;
    }
    let updated = youth::Entity::find_by_id(row.id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if identity_changed {
        super::duplicates::write_keys(conn, &updated, data).await?;
    }
    Ok(updated)
}

/// Applies `values` to the file's content: parse each, keep only real changes. Refuses fields
/// a young person may not edit.
pub(crate) fn apply_values(
    data: &mut YouthFileData,
    values: &BTreeMap<FileField, Value>,
    editable_by_youth: Option<&[FileField]>,
    kind: ChangeKind,
    today: NaiveDate,
) -> Result<Vec<PendingChange>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for (field, value) in values {
        if editable_by_youth.is_some_and(|allowed| !allowed.contains(field)) {
            errors.push(NOT_EDITABLE.at(field.code()));
            continue;
        }
        let old = field.get(data);
        if let Err(e) = field.set(data, value, today) {
            errors.push(e.at(field.code()));
            continue;
        }
        let new = field.get(data);
        if new != old {
            changes.push(PendingChange {
                field: *field,
                old,
                new,
                kind,
                restored_from: None,
            });
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

async fn load_for_change(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: YouthId,
    version: i32,
) -> StorageResult<(youth::Model, YouthFileData)> {
    let row = find_in_scope(conn, scope, id).await?;
    if row.status != domain::dto::YouthFileStatus::Active.code() {
        return Err(StorageError::NotNow("file_not_active"));
    }
    if row.version != version {
        return Err(StorageError::EditConflict(
            changed_since(conn, row.id, version).await?,
        ));
    }
    let data = data_of(&row)?;
    Ok((row, data))
}

async fn finish(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    row: &youth::Model,
    fields: &[FileField],
    what: &str,
) -> StorageResult<()> {
    audit::record(
        conn,
        ctx,
        Entry::new(AuditAction::Update, "youth", row.id)
            .youth(YouthId(row.id))
            .structure(StructureId(row.structure_id))
            .summary(format!(
                "{what} du dossier de {} {} : {}",
                row.first_name,
                row.last_name,
                fields
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
    )
    .await
}

/// Changes fields of a file. A young person may change only the fields their Mission Locale
/// allows; `check` validates the whole file after the change (communes, consistency).
#[expect(
    clippy::too_many_arguments,
    reason = "the file, its version, the changes and the checks"
)]
pub async fn update(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    version: i32,
    values: &BTreeMap<FileField, Value>,
    check: FileCheck<'_>,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let (row, mut data) = load_for_change(&txn, scope, id, version).await?;
    let editable = if ctx.actor.is_some_and(|a| a.role == Role::Jeune) {
        Some(super::youth_editable(&txn, StructureId(row.structure_id)).await?)
    } else {
        None
    };
    let changes = apply_values(
        &mut data,
        values,
        editable.as_deref(),
        ChangeKind::Edit,
        today,
    )
    .map_err(StorageError::Invalid)?;
    let errors: Vec<FieldError> = check(&data)
        .into_iter()
        .filter(|e| values.keys().any(|f| f.code() == e.field))
        .collect();
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    if changes.is_empty() {
        let out = detail(&txn, row, today).await?;
        txn.commit().await?;
        return Ok(out);
    }
    let fields: Vec<FileField> = changes.iter().map(|c| c.field).collect();
    let author = author_of(&txn, ctx).await?;
    let updated = commit_changes(&txn, &row, &data, changes, &author, today).await?;
    crate::offers::profiles::refresh(&txn, updated.id).await?;
    finish(&txn, ctx, &updated, &fields, "Modification").await?;
    let out = detail(&txn, updated, today).await?;
    txn.commit().await?;
    Ok(out)
}

/// Puts back the value a field had before `change_id`, as a new change (E5).
pub async fn restore(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    change_id: Uuid,
    version: i32,
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let (row, mut data) = load_for_change(&txn, scope, id, version).await?;
    let change = youth_change::Entity::find_by_id(change_id)
        .filter(youth_change::Column::YouthId.eq(row.id))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let field = FileField::from_code(&change.field).ok_or(StorageError::NotFound)?;
    let editable = if ctx.actor.is_some_and(|a| a.role == Role::Jeune) {
        Some(super::youth_editable(&txn, StructureId(row.structure_id)).await?)
    } else {
        None
    };
    let values = BTreeMap::from([(field, change.old_value.unwrap_or(Value::Null))]);
    let mut changes = apply_values(
        &mut data,
        &values,
        editable.as_deref(),
        ChangeKind::Restore,
        today,
    )
    .map_err(StorageError::Invalid)?;
    if changes.is_empty() {
        let out = detail(&txn, row, today).await?;
        txn.commit().await?;
        return Ok(out);
    }
    for c in &mut changes {
        c.restored_from = Some(change_id);
    }
    let author = author_of(&txn, ctx).await?;
    let updated = commit_changes(&txn, &row, &data, changes, &author, today).await?;
    crate::offers::profiles::refresh(&txn, updated.id).await?;
    finish(&txn, ctx, &updated, &[field], "Restauration d'une valeur").await?;
    let out = detail(&txn, updated, today).await?;
    txn.commit().await?;
    Ok(out)
}

/// The Mission Locale confirms values the young person entered (D2, D7).
pub async fn confirm(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: YouthId,
    fields: &[FileField],
    today: NaiveDate,
) -> StorageResult<YouthDetail> {
    let txn = db.begin_write().await?;
    let row = find_in_scope(&txn, scope, id).await?;
    let data = data_of(&row)?;
    let pending: HashMap<FileField, bool> = provenance(&txn, row.id)
        .await?
        .into_iter()
        .map(|p| (p.field, p.origin == Origin::Jeune && !p.confirmed))
        .collect();
    let changes: Vec<PendingChange> = fields
        .iter()
        .filter(|f| pending.get(f).copied().unwrap_or(false))
        .map(|f| PendingChange {
            field: *f,
            old: f.get(&data),
            new: f.get(&data),
            kind: ChangeKind::Confirmation,
            restored_from: None,
        })
        .collect();
    if changes.is_empty() {
        let out = detail(&txn, row, today).await?;
        txn.commit().await?;
        return Ok(out);
    }
    let confirmed: Vec<FileField> = changes.iter().map(|c| c.field).collect();
    let author = author_of(&txn, ctx).await?;
    let updated = commit_changes(&txn, &row, &data, changes, &author, today).await?;
    crate::offers::profiles::refresh(&txn, updated.id).await?;
    finish(
        &txn,
        ctx,
        &updated,
        &confirmed,
        "Confirmation des saisies du jeune",
    )
    .await?;
    let out = detail(&txn, updated, today).await?;
    txn.commit().await?;
    Ok(out)
}

/// Sets the last contact of a file (reception reached the young person, a meeting…).
pub(crate) async fn touch_contact(
    conn: &impl ConnectionTrait,
    youth_id: Uuid,
    day: NaiveDate,
) -> StorageResult<()> {
    youth::Entity::update_many()
        .col_expr(youth::Column::LastContactOn, Expr::value(day))
        .filter(youth::Column::Id.eq(youth_id))
        .exec(conn)
        .await?;
    Ok(())
}
