//! Reading thousands of small rows in one: the database folds the rows of a query into one JSON
//! array of arrays, which is parsed here into tuples.
//!
//! Why: through sqlx, each SQLite row crosses from the connection's worker thread on its own
//! (a value copied per column, a channel send, a task woken), a few microseconds per row that
//! outweigh the query itself when a first pass of matching scans thousands of candidates
//! (`docs/performance.md`). Folded, the rows cost what SQLite takes to print them and serde to
//! read them. Only for narrow rows of numbers and ids; whole records go through the entities.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde::de::DeserializeOwned;

use crate::{StorageError, StorageResult};

/// A column of the folded rows, by how its value must be written into JSON.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Field {
    /// A UUID: hexadecimal on SQLite (stored as a blob), text on PostgreSQL.
    Uuid(&'static str),
    /// A boolean: `0`/`1` on both engines.
    Bool(&'static str),
    /// An integer, or null.
    Number(&'static str),
    /// A real number as a whole number of millionths, or null: printing reals is most of what
    /// SQLite spends on folding rows, integers are cheap. Read back with [`micro`].
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
            Self::Uuid(c) if postgres => format!("q.\"{c}\"::text"),
            Self::Uuid(c) => format!("hex(q.\"{c}\")"),
            Self::Bool(c) if postgres => format!("q.\"{c}\"::int"),
            Self::Micro(c) if postgres => format!("round(q.\"{c}\" * 1000000)::bigint"),
            Self::Micro(c) => format!("CAST(round(q.\"{c}\" * 1000000) AS INTEGER)"),
            Self::Bool(c) | Self::Number(c) => format!("q.\"{c}\""),
        }
    }
}

/// Runs `query` (which selects at least the `fields`' columns, under their own names) and reads
/// its rows as tuples of the fields, in order.
pub(crate) async fn all<T: DeserializeOwned>(
    conn: &impl ConnectionTrait,
    query: &SelectStatement,
    fields: &[Field],
) -> StorageResult<Vec<T>> {
    let backend = conn.get_database_backend();
    let inner = backend.build(query);
    let columns: Vec<String> = fields.iter().map(|f| f.sql(backend)).collect();
    let columns = columns.join(", ");
    let sql = match backend {
        DatabaseBackend::Postgres => format!(
            "SELECT coalesce(json_agg(json_build_array({columns})), '[]'::json)::text AS rows FROM ({}) AS q",
            inner.sql
        ),
        _ => format!(
            "SELECT json_group_array(json_array({columns})) AS rows FROM ({}) AS q",
            inner.sql
        ),
    };
    let statement = Statement { sql, ..inner };
    let Some(row) = conn.query_one_raw(statement).await? else {
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
        let db = crate::Db::connect(&crate::DbOptions {
            url: "sqlite::memory:".to_owned(),
            max_connections: 1,
            acquire_timeout: std::time::Duration::from_secs(5),
        })
        .await
        .expect("connect");
        db.migrate().await.expect("migrate");
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
        let rows: Vec<(u8, Option<i64>, Option<i64>)> =
            all(conn, &query.clone().into_query(), &fields)
                .await
                .expect("folded");
        assert_eq!(
            rows,
            vec![(1, Some(50_694_213), Some(3_174_600)), (0, None, None)]
        );
        assert_eq!(micro(rows[0].1), Some(50.694_213));

        // No rows: an empty list, not an error.
        let none: Vec<(u8, Option<i64>, Option<i64>)> = all(
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
