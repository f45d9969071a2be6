//! Reading thousands of small rows quickly, as tuples of numbers and ids.
//!
//! On SQLite the database folds the rows of a query into one JSON array of arrays, parsed here:
//! through sqlx, each SQLite row crosses from the connection's worker thread on its own (a value
//! copied per column, a channel send, a task woken), a few microseconds per row that outweigh the
//! query itself when a first pass of matching scans thousands of candidates
//! (`docs/performance.md`). On PostgreSQL, where building JSON costs the server more than it
//! saves, each field comes as one array (`array_agg`), decoded in binary. Either way the values
//! are written the same (booleans as 0 or 1, reals as millionths), so one tuple type reads both.

use sea_orm::sea_query::SelectStatement;
use sea_orm::sqlx::postgres::PgRow;
use sea_orm::sqlx::{self, Decode, Postgres, Row, Type};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde::de::DeserializeOwned;

use crate::{StorageError, StorageResult};

/// A column of the rows, by how its value is written.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Field {
    /// A UUID.
    Uuid(&'static str),
    /// A boolean, as an `i32`: 0 or 1.
    Bool(&'static str),
    /// An `i32`, or null.
    Number(&'static str),
    /// A real number as an `i64` of millionths, or null: printing reals is most of what SQLite
    /// spends on folding rows, integers are cheap. Read back with [`micro`].
    Micro(&'static str),
}

/// A value written as [`Field::Micro`], back as a real number (within a millionth).
pub(crate) fn micro(value: Option<i64>) -> Option<f64> {
    value.map(|v| v as f64 / 1e6)
}

impl Field {
    fn sql(self, backend: DatabaseBackend) -> String {
        let postgres = backend == DatabaseBackend::Postgres;
        match self {
            Self::Uuid(c) if postgres => format!("q.\"{c}\""),
            Self::Uuid(c) => format!("hex(q.\"{c}\")"),
            Self::Bool(c) if postgres => format!("q.\"{c}\"::int"),
            Self::Micro(c) if postgres => format!("round(q.\"{c}\" * 1000000)::bigint"),
            Self::Micro(c) => format!("CAST(round(q.\"{c}\" * 1000000) AS INTEGER)"),
            Self::Bool(c) | Self::Number(c) => format!("q.\"{c}\""),
        }
    }
}

/// Tuples read from PostgreSQL as one row of arrays, an array per field.
pub(crate) trait FromArrays: Sized {
    /// The tuples of the arrays in `row`, zipped.
    fn from_arrays(row: &PgRow) -> Result<Vec<Self>, sqlx::Error>;
}

/// `FromArrays` for tuples of the given fields, each read from the array at its index.
macro_rules! from_arrays {
    ($($field:ident $index:tt),+) => {
        impl<$($field),+> FromArrays for ($($field,)+)
        where
            $(Vec<$field>: for<'r> Decode<'r, Postgres> + Type<Postgres>,)+
        {
            #[allow(non_snake_case, reason = "one variable per type parameter")]
            fn from_arrays(row: &PgRow) -> Result<Vec<Self>, sqlx::Error> {
                $(let mut $field = row.try_get::<Vec<$field>, _>($index)?.into_iter();)+
                let mut tuples = Vec::new();
                while let ($(Some($field),)+) = ($($field.next(),)+) {
                    tuples.push(($($field,)+));
                }
                Ok(tuples)
            }
        }
    };
}

from_arrays!(A 0, B 1);
from_arrays!(A 0, B 1, C 2);
from_arrays!(A 0, B 1, C 2, D 3, E 4);

/// Runs `query` (which selects at least the `fields`' columns, under their own names) and reads
/// its rows as tuples of the fields, in order.
pub(crate) async fn all<T: DeserializeOwned + FromArrays>(
    conn: &impl ConnectionTrait,
    query: &SelectStatement,
    fields: &[Field],
) -> StorageResult<Vec<T>> {
    let backend = conn.get_database_backend();
    let inner = backend.build(query);
    if backend == DatabaseBackend::Postgres {
        // Arrays travel in binary, with nothing to print nor parse.
        let columns: Vec<String> = fields
            .iter()
            .map(|f| format!("coalesce(array_agg({}), '{{}}')", f.sql(backend)))
            .collect();
        let sql = format!("SELECT {} FROM ({}) AS q", columns.join(", "), inner.sql);
        let Some(row) = conn.query_one_raw(Statement { sql, ..inner }).await? else {
            return Ok(Vec::new());
        };
        let row = row
            .try_as_pg_row()
            .ok_or_else(|| StorageError::Corrupt("not a PostgreSQL row".to_owned()))?;
        return T::from_arrays(row)
            .map_err(|e| StorageError::Corrupt(format!("folded rows unreadable: {e}")));
    }
    let columns: Vec<String> = fields.iter().map(|f| f.sql(backend)).collect();
    let sql = format!(
        "SELECT json_group_array(json_array({})) AS rows FROM ({}) AS q",
        columns.join(", "),
        inner.sql
    );
    let Some(row) = conn.query_one_raw(Statement { sql, ..inner }).await? else {
        return Ok(Vec::new());
    };
    let text: String = row.try_get("", "rows")?;
    serde_json::from_str(&text)
        .map_err(|e| StorageError::Corrupt(format!("folded rows unreadable: {e}")))
}

#[cfg(test)]
mod tests {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

    use super::*;
    use crate::entities::geocode_cache;
    use crate::geocache::{PlaceHit, put};

    #[tokio::test]
    async fn rows_come_back_as_tuples_with_nulls_booleans_and_reals() {
        let db = crate::Db::in_memory().await;
        let conn = db.conn();
        let roubaix = PlaceHit {
            point: domain::offers::GeoPoint {
                lat: 50.694_213,
                lon: 3.174_6,
            },
            label: "Roubaix".to_owned(),
            citycode: None,
        };
        put(conn, "a roubaix", Some(&roubaix)).await.expect("put");
        put(conn, "b nowhere", None).await.expect("put");
        let fields = [
            Field::Bool("found"),
            Field::Micro("lat"),
            Field::Micro("lon"),
        ];
        let query = geocode_cache::Entity::find()
            .select_only()
            .columns([
                geocode_cache::Column::Found,
                geocode_cache::Column::Lat,
                geocode_cache::Column::Lon,
            ])
            .order_by_asc(geocode_cache::Column::Query);
        let rows: Vec<(i32, Option<i64>, Option<i64>)> =
            all(conn, &query.clone().into_query(), &fields)
                .await
                .expect("folded");
        assert_eq!(
            rows,
            vec![(1, Some(50_694_213), Some(3_174_600)), (0, None, None)]
        );
        assert_eq!(micro(rows[0].1), Some(50.694_213));

        // No rows: an empty list, not an error.
        let none: Vec<(i32, Option<i64>, Option<i64>)> = all(
            conn,
            &query
                .filter(geocode_cache::Column::Query.eq("absent"))
                .into_query(),
            &fields,
        )
        .await
        .expect("folded");
        assert!(none.is_empty());
    }
}
